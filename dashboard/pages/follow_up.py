from datetime import date

import streamlit as st

from dashboard import access, charts, narrative, tables, ui
from dashboard.i18n import t

ui.page_guard("follow_up")

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
user = ui.who.current()
ui.table(tables.pathway_by_group(by_group, user))

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
late, n = ui.paged(
    "overdue_follow_ups", params | access.order(user), "overdue_page", "follow_up.overdue_count"
)
if access.too_few(user, n):
    st.info(t("access.too_few", n=access.SMALL_CELL), icon=":material/visibility_off:")
elif n:
    ui.table(tables.overdue(access.pseudonymised(late, user)))
    store = ui.store()
    ui.download_buttons("overdue", lambda: tables.overdue_rows(store, params, user), days=int(days))
else:
    st.success(t("follow_up.overdue_none"), icon=":material/check_circle:")
ui.link_to_participants()
