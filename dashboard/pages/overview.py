import streamlit as st

from dashboard import charts, narrative, plan, ui
from dashboard.i18n import day, t

ui.page_guard("overview")

st.title(t("nav.overview"))
ui.show_filters()
kpis = ui.scoped("overview_kpis")[0]
if ui.nothing_to_show(kpis["n_participants"]):
    st.stop()

st.caption(
    t(
        "overview.caption",
        first=day(kpis["first_course_on"]),
        last=day(kpis["last_course_ended_on"]),
    )
)
coverage = ui.coverage()
targets = narrative.targets(coverage)
progress = narrative.pathway(ui.scoped("follow_up_by_group"))
n, women = kpis["n_participants"], kpis["n_women"]
c1, c2, c3 = st.columns(3)
c4, c5, _ = st.columns(3)
planned = targets["n_planned"]
ui.card(
    c1, t("overview.participants"), n,
    t("overview.of_planned", planned=planned) if planned else None, t("overview.participants_help"),
)  # fmt: skip
ui.share_card(
    c2, t("overview.women"), women, n, targets["share_women_planned"], t("overview.women_help")
)
reached = t("overview.of_targeted", n=targets["n_targeted_reached"], d=targets["n_targeted"])
ui.card(
    c3, t("overview.governorates"), kpis["n_governorates"],
    reached if targets["n_targeted"] else None, t("overview.governorates_help"),
)  # fmt: skip
ui.card(c4, t("overview.courses"), kpis["n_courses"])
ui.share_card(
    c5, t("overview.followed_up"), progress["n_followed_up"], progress["n_trained"],
    help=t("overview.followed_up_help"),
)  # fmt: skip
ui.show_plan()

lines = narrative.coverage_lines(
    coverage, women=ui.filters().gender is None, comparable=plan.kind(ui.filters()) != "none"
)
if lines:
    st.subheader(t("overview.summary"), anchor=False)
    st.markdown("\n".join(f"- {line}" for line in lines))

left, right = st.columns(2)
with left:
    st.subheader(t("overview.by_governorate"), anchor=False)
    figure, alt = charts.participants_by_governorate(ui.scoped("participants_by_governorate"))
    ui.clickable_chart(figure, alt, "by_governorate", ("governorate", "gender"))
with right:
    st.subheader(t("overview.trend"), anchor=False)
    figure, alt = charts.participants_over_time(ui.scoped("participants_over_time"))
    st.plotly_chart(charts.directed(figure), alt=alt, key="trend")
ui.link_to_participants()
