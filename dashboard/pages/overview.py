import streamlit as st

from dashboard import charts, narrative, ui
from dashboard.i18n import day, percent, t

ui.page_guard()

st.title(t("nav.overview"))
ui.show_filters()
kpis = ui.scoped("overview_kpis")[0]
if not kpis["n_participants"]:
    st.info(t("overview.empty"), icon=":material/upload_file:")
    st.stop()

st.caption(
    t(
        "overview.caption",
        first=day(kpis["first_course_on"]),
        last=day(kpis["last_course_ended_on"]),
    )
)
coverage = ui.scoped("coverage")
targets = narrative.targets(coverage)
progress = ui.scoped("follow_up_progress")[0]
n, women = kpis["n_participants"], kpis["n_women"]
c1, c2, c3 = st.columns(3)
c4, c5, _ = st.columns(3)
c1.metric(
    t("overview.participants"),
    n,
    t("overview.of_planned", planned=targets["n_planned"]) if targets["n_planned"] else None,
    delta_color="off",
    delta_arrow="off",
    help=t("overview.participants_help"),
    border=True,
)
target = targets["share_women_planned"]
c2.metric(
    t("overview.women"),
    percent(women, n),
    t("number.of", n=women, d=n)
    + (" · " + t("overview.target", target=f"{target:.0%}") if target is not None else ""),
    delta_color="off",
    delta_arrow="off",
    help=t("overview.women_help"),
    border=True,
)
c3.metric(
    t("overview.governorates"),
    kpis["n_governorates"],
    t("overview.of_targeted", n=targets["n_targeted_reached"], d=targets["n_targeted"])
    if targets["n_targeted"]
    else None,
    delta_color="off",
    delta_arrow="off",
    help=t("overview.governorates_help"),
    border=True,
)
c4.metric(t("overview.courses"), kpis["n_courses"], border=True)
trained, followed = progress["n_trained"], progress["n_followed_up"]
c5.metric(
    t("overview.followed_up"),
    percent(followed, trained),
    t("number.of", n=followed, d=trained),
    delta_color="off",
    delta_arrow="off",
    help=t("overview.followed_up_help"),
    border=True,
)

lines = narrative.coverage_lines(coverage)
if lines:
    st.subheader(t("overview.summary"), anchor=False)
    st.markdown("\n".join(f"- {line}" for line in lines))

left, right = st.columns(2)
with left:
    st.subheader(t("overview.by_governorate"), anchor=False)
    figure, alt = charts.participants_by_governorate(ui.scoped("participants_by_governorate"))
    st.plotly_chart(
        figure,
        alt=alt,
        key="by_governorate",
        selection_mode="points",
        on_select=ui.narrow_on_select("governorate", "by_governorate"),
    )
with right:
    st.subheader(t("overview.trend"), anchor=False)
    figure, alt = charts.participants_over_time(ui.scoped("participants_over_time"))
    st.plotly_chart(figure, alt=alt, key="trend")
ui.link_to_participants()
