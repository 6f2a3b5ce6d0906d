import streamlit as st

from dashboard import access, tables, ui
from dashboard.i18n import t
from dashboard.text import fold

ui.page_guard("participants")

st.title(t("nav.participants"))
ui.show_filters()
user = ui.who.current()
named = access.named(user)
if named:
    query = st.text_input(
        t("people.search"),
        key="q",
        bind="query-params",
        help=t("people.search_help"),
        icon=":material/search:",
    )
else:  # a viewer finds nobody by name: pseudonyms only
    query = ""
    st.caption(t("access.pseudonymised"))
search = fold(query) or None
params = ui.filters().params()
rows, n = ui.paged(
    "participants",
    params | {"search": search} | access.order(user),
    key="page",
    count="people.count",
)
if not n:
    if search:  # the search found no one among the people the filters select
        st.info(t("people.empty"), icon=":material/search_off:")
    else:
        ui.nothing_to_show(n)
    st.stop()
if access.too_few(user, n):
    st.info(t("access.too_few", n=access.SMALL_CELL), icon=":material/visibility_off:")
    st.stop()
ui.table(tables.participants(access.pseudonymised(rows, user)), key="people_table")
store = ui.store()
ui.download_buttons(
    "participants",
    lambda: tables.participant_rows(store, params, search, user),
    search=search,
)
