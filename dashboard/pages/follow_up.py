from datetime import date

import streamlit as st

from dashboard import charts, narrative, tables, ui
from dashboard.i18n import t

ui.page_guard()

st.title(t("follow_up.title"))
ui.show_filters()
by_group = ui.scoped("follow_up_by_group")
progress = narrative.pathway(by_group)
if ui.nothing_to_show(progress["n_trained"]):
    st.stop()

targets = narrative.targets(ui.coverage())
planned = {"trained": targets["n_planned"] or None} | targets["stages_planned"]
st.subheader(t("follow_up.funnel"), anchor=False)
figure, alt = charts.pathway_funnel(progress, planned)
ui.clickable_chart(figure, alt, key="pathway", field="stage")
ui.show_plan()

st.subheader(t("follow_up.by_group"), anchor=False)
ui.table(tables.pathway_by_group(by_group))

st.subheader(t("follow_up.overdue"), anchor=False)
days = st.number_input(
    t("follow_up.overdue_days"),
    min_value=0,
    max_value=3650,
    value=90,
    step=30,
    key="due_days",
    bind="query-params",
    help=t("follow_up.overdue_help"),
)
params = ui.filters().params() | {"days": int(days), "today": date.today()}
late, n = ui.paged("overdue_follow_ups", params, "overdue_page", count="follow_up.overdue_count")
if n:
    ui.table(tables.overdue(late))
    store = ui.store()
    ui.download_buttons("overdue", lambda: tables.overdue_rows(store, params))
else:
    st.success(t("follow_up.overdue_none"), icon=":material/check_circle:")
ui.link_to_participants()
