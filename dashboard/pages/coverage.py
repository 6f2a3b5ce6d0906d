import streamlit as st

from dashboard import charts, ui
from dashboard.filters import UNKNOWN_GOVERNORATE
from dashboard.i18n import t

ui.page_guard()

st.title(t("coverage.title"))
ui.show_filters()
rows = ui.scoped("coverage")
if not any(r["n_participants"] for r in rows):
    st.info(t("overview.empty"), icon=":material/upload_file:")
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
left, right = st.columns([3, 2])
with left:
    st.subheader(t("coverage.map"), anchor=False)
    figure, alt = charts.coverage_map(rows, by or "participants")
    st.plotly_chart(
        figure,
        alt=alt,
        key="coverage_map",
        on_select=ui.narrow_on_select("governorate", "coverage_map"),
        selection_mode="points",
        config=charts.MAP_CONFIG,
    )
with right:
    st.subheader(t("coverage.bars"), anchor=False)
    figure, alt = charts.coverage_bars(rows)
    st.plotly_chart(
        figure,
        alt=alt,
        key="coverage_bars",
        on_select=ui.narrow_on_select("governorate", "coverage_bars"),
        selection_mode="points",
    )
unknown = [r for r in rows if r["governorate_pcode"] == UNKNOWN_GOVERNORATE]
if unknown and unknown[0]["n_participants"]:
    st.caption(t("coverage.unknown", n=unknown[0]["n_participants"]))
ui.link_to_participants()
