import streamlit as st

from dashboard import tables, ui
from dashboard.i18n import t
from dashboard.text import fold

ui.page_guard()

st.title(t("nav.participants"))
ui.show_filters()
query = st.text_input(
    t("people.search"),
    key="q",
    bind="query-params",
    help=t("people.search_help"),
    icon=":material/search:",
)
search = fold(query) or None
params = ui.filters().params()
rows, n = ui.paged("participants", params | {"search": search}, key="page", count="people.count")
if not n:
    if search:  # the search found no one among the people the filters select
        st.info(t("people.empty"), icon=":material/search_off:")
    else:
        ui.nothing_to_show(n)
    st.stop()
ui.table(tables.participants(rows), key="people_table")
store = ui.store()
ui.download_buttons("participants", lambda: tables.participant_rows(store, params, search))
