from datetime import datetime, time, timedelta

import streamlit as st

from dashboard import audit, tables, ui
from dashboard.i18n import day, t

ui.page_guard("audit")

st.title(t("nav.audit"))
st.caption(t("audit_page.intro"))
store = ui.store()
known = audit.choices(store)
actors, actions = known["actor"], known["action"]
who_col, what_col, from_col, to_col = st.columns(4)
actor = who_col.selectbox(
    t("audit_page.actor"), actors, index=None, placeholder=t("filters.all"), key="audit_actor"
)
action = what_col.selectbox(
    t("audit_page.action"), actions, index=None, placeholder=t("filters.all"), key="audit_action"
)
since = from_col.date_input(t("audit_page.since"), value=None, format="DD/MM/YYYY", key="a_from")
until = to_col.date_input(t("audit_page.until"), value=None, format="DD/MM/YYYY", key="a_to")
narrowed = {
    "actor": actor,
    "action": action,
    "since": datetime.combine(since, time()) if since else None,
    "until": datetime.combine(until, time()) + timedelta(days=1) if until else None,
}
rows = audit.entries(store, **narrowed)
view = t(
    "audit_page.view",
    actor=actor or t("audit_page.anyone"),
    action=action or t("audit_page.any_action"),
    since=day(since) if since else "…",
    until=day(until) if until else "…",
)
st.caption(t("audit_page.count", n=len(rows)))
ui.table(tables.audit_entries(rows), key="audit_table")
ui.download_buttons(
    "audit", lambda: tables.audit_entries(audit.entries(store, **narrowed)), view=view
)
