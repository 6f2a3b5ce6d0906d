import streamlit as st

from dashboard import charts, narrative, tables, ui
from dashboard.filters import UNKNOWN_GOVERNORATE, governorate_name
from dashboard.i18n import share, t

ui.page_guard("gender")

st.title(t("gender_page.title"))
ui.show_filters()
kpis = ui.scoped("overview_kpis")[0]
if ui.nothing_to_show(kpis["n_participants"]):
    st.stop()

coverage = ui.coverage()
target = narrative.targets(coverage)["share_women_planned"]
n, women = kpis["n_participants"], kpis["n_women"]
c1, c2, c3 = st.columns(3)
ui.share_card(c1, t("gender_page.overall"), women, n, target)
ui.card(c2, t("gender.male"), kpis["n_men"])
ui.card(c3, t("gender.unknown"), kpis["n_gender_unknown"])
ui.show_plan()
st.caption(t("gender_page.small_note") + " " + t("gender_page.click"))

left, right = st.columns(2)
with left:
    st.subheader(t("gender_page.by_governorate"), anchor=False)
    groups = [
        {
            "key": r["governorate_pcode"],
            "label": governorate_name(r["governorate_pcode"]),
            "n": r["n_participants"] or 0,
            "n_women": r["n_women"],
            "target": r["share_women_planned"],
        }
        for r in coverage
        if r["governorate_pcode"] != UNKNOWN_GOVERNORATE or r["n_participants"]
    ]
    figure, alt = charts.women_share_bars(groups, "overview.axis_governorate")
    ui.clickable_chart(figure, alt, "women_by_governorate", "governorate")
with right:
    st.subheader(t("gender_page.by_course"), anchor=False)
    courses = ui.scoped("gender_by_course")
    groups = [
        {
            "key": r["course_name"],
            "label": r["course_name"],
            "n": r["n_participants"],
            "n_women": r["n_women"],
        }
        for r in courses
    ]
    figure, alt = charts.women_share_bars(groups, "filters.course")
    ui.clickable_chart(figure, alt, "women_by_course", "course")
    if len(courses) > charts.MAX_BARS:  # the chart sums the smaller ones: here is each
        with st.expander(t("gender_page.all_courses", n=len(courses))):
            ui.table(tables.women_by_course(courses, ui.who.current()), key="all_courses")

st.subheader(t("gender_page.tot"), anchor=False, help=t("gender_page.tot_help"))
stages = {r["stage"]: r for r in ui.scoped("tot_selection")}
cohort, selected = stages.get("trained"), stages.get("tot_selected")
columns = st.columns(3)
for column, stage in zip(columns, ("trained", "tot_selected", "tot_completed"), strict=True):
    row = stages.get(stage)
    label = t("overview.participants") if stage == "trained" else t(f"stage.{stage}")
    if row and row["n_participants"]:
        ui.share_card(column, label, row["n_women"], row["n_participants"])
    else:
        ui.card(column, label, t("number.no_data"))
if selected and selected["n_participants"]:
    expected = cohort["n_women"] / cohort["n_participants"] * selected["n_participants"]
    st.markdown(
        t(
            "gender_page.tot_expected",
            cohort=share(cohort["n_women"], cohort["n_participants"]),
            expected=expected,
            n=selected["n_participants"],
            actual=selected["n_women"],
        )
    )
else:
    st.caption(t("gender_page.tot_none"))
ui.link_to_participants()
