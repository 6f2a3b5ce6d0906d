from datetime import datetime

import streamlit as st

from dashboard import export, tables, ui
from dashboard.i18n import t
from dashboard.text import fold

ui.page_guard()

PAGE_SIZE = 500

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
page = st.session_state.get("page", 1)
rows = ui.store().query(
    "participants",
    params | {"search": search, "page_size": PAGE_SIZE, "page_offset": (page - 1) * PAGE_SIZE},
)
if not rows.num_rows and page > 1:  # the filters left fewer pages: back to the first
    st.session_state["page"] = 1
    st.rerun()
n = rows.column("n_total")[0].as_py() if rows.num_rows else 0
if not n:
    st.info(t("people.empty"), icon=":material/upload_file:")
    st.stop()
pages = (n - 1) // PAGE_SIZE + 1
if pages > 1:
    st.number_input(t("people.page"), min_value=1, max_value=pages, key="page")
shown = tables.participants(rows)
st.caption(
    t(
        "people.showing",
        first=(page - 1) * PAGE_SIZE + 1,
        last=(page - 1) * PAGE_SIZE + len(shown),
        n=n,
    )
    if pages > 1
    else t("people.count", n=n)
)
st.dataframe(
    shown,
    hide_index=True,
    column_config={
        t("people.n_courses"): st.column_config.NumberColumn(format="%d"),
        t("people.first_course"): st.column_config.DateColumn(format="DD/MM/YYYY"),
        t("people.last_course"): st.column_config.DateColumn(format="DD/MM/YYYY"),
        t("people.phone"): st.column_config.TextColumn(),
    },
    key="people_table",
)

store, sentence = ui.store(), ui.filters().sentence()
stem = export.file_stem(datetime.now())


def _xlsx() -> bytes:
    about = export.About(sentence, datetime.now(), tables.source_uploads(store, params))
    return export.to_xlsx(tables.participant_rows(store, params, search), about)


def _csv() -> bytes:
    return export.to_csv(tables.participant_rows(store, params, search))


buttons = st.container(horizontal=True)
buttons.download_button(
    t("people.excel"),
    _xlsx,
    file_name=f"{stem}.xlsx",
    icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    help=t("people.export_help"),
    on_click="ignore",
)
buttons.download_button(
    t("people.csv"),
    _csv,
    file_name=f"{stem}.csv",
    mime="text/csv",
    icon=":material/download:",
    help=t("people.export_help"),
    on_click="ignore",
)
