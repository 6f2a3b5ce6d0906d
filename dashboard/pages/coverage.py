import streamlit as st

from dashboard import charts, ui
from dashboard.filters import UNKNOWN_GOVERNORATE
from dashboard.i18n import t

ui.page_guard("coverage")

st.title(t("coverage.title"))
ui.show_filters()
rows = ui.coverage()
if ui.nothing_to_show(sum(r["n_participants"] or 0 for r in rows), keep_drawing=True):
    st.stop()

by = st.segmented_control(
    t("coverage.colour_by"),
    ["participants", "target"],
    default="participants",
    format_func=lambda b: t(f"coverage.by_{b}"),
    key="coverage_by",
    bind="query-params",
)
st.caption(t("coverage.click"))
ui.show_plan()
left, right = st.columns(2)
with left:
    st.subheader(t("coverage.map"), anchor=False)
    figure, alt = charts.coverage_map(rows, by or "participants")
    ui.clickable_chart(figure, alt, "coverage_map", "governorate", config=charts.MAP_CONFIG)
with right:
    st.subheader(t("coverage.bars"), anchor=False)
    if any(r["n_participants"] is not None for r in rows):
        figure, alt = charts.coverage_bars(rows)
        ui.clickable_chart(figure, alt, "coverage_bars", "governorate")
    else:
        st.caption(t("number.no_data"))
unknown = [r for r in rows if r["governorate_pcode"] == UNKNOWN_GOVERNORATE]
if unknown and unknown[0]["n_participants"]:
    st.caption(t("coverage.unknown", n=unknown[0]["n_participants"]))
ui.link_to_participants()
