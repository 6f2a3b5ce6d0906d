import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import day, percent, t

ui.page_guard()

st.title(t("nav.overview"))
kpis = ui.records("overview_kpis")[0]
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
n, women = kpis["n_participants"], kpis["n_women"]
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("overview.participants"), n, help=t("overview.participants_help"), border=True)
c2.metric(
    t("overview.women"),
    percent(women, n),
    t("number.of", n=women, d=n),
    delta_color="off",
    delta_arrow="off",
    help=t("overview.women_help"),
    border=True,
)
c3.metric(t("overview.governorates"), kpis["n_governorates"], border=True)
c4.metric(t("overview.courses"), kpis["n_courses"], border=True)

st.subheader(t("overview.by_governorate"))
figure, alt = charts.participants_by_governorate(ui.records("participants_by_governorate"))
st.plotly_chart(figure, alt=alt, key="by_governorate")
