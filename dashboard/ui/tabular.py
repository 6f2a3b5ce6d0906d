"""Tables as people read them: paged, and exported whole to Excel and CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from dashboard import audit, export, i18n, plan, registry, tables
from dashboard.i18n import t
from dashboard.ui import who
from dashboard.ui.cached import store
from dashboard.ui.sidebar import filters

PAGE_SIZE = 500


def table(shown: pa.Table, **kwargs) -> None:
    """A table as people read it: dates day first, times to the minute, whole
    numbers without separators, text left as written (a phone stays text).
    Its first column (whose row it is: a name, an upload) stays in view while
    a table wider than the page scrolls."""
    shown = _blank_nulls(shown)
    config = {}
    for i, field in enumerate(shown.schema):
        pinned = i == 0
        if pa.types.is_date(field.type):
            column = st.column_config.DateColumn(format="DD/MM/YYYY", pinned=pinned)
        elif pa.types.is_timestamp(field.type):
            column = st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm", pinned=pinned)
        elif pa.types.is_integer(field.type):
            column = st.column_config.NumberColumn(format="%d", pinned=pinned)
        else:
            column = st.column_config.Column(pinned=pinned) if pinned else None
        if column is not None:
            config[field.name] = column
    st.dataframe(shown, hide_index=True, column_config=config, **kwargs)


def _blank_nulls(shown: pa.Table) -> pa.Table:
    """Nothing shows as nothing, not as "None": text nulls become empty, and
    a column of whole numbers with gaps becomes text (a table cannot show an
    empty number)."""
    columns = []
    for column in shown.columns:
        if pa.types.is_null(column.type):  # a column of nothing but gaps
            column = pa.array([""] * len(column), pa.string())
        elif column.null_count and pa.types.is_string(column.type):
            column = pc.fill_null(column, "")
        elif column.null_count and pa.types.is_integer(column.type):
            column = pc.fill_null(pc.cast(column, pa.string()), "")
        columns.append(column)
    return pa.table(columns, names=shown.column_names)


def paged(name: str, params: dict, key: str, count: str) -> tuple[pa.Table, int]:
    """One page of ``queries/<name>.sql``, which takes ``page_size`` and
    ``page_offset`` and counts every row in ``n_total``: a page number to pick
    when there is more than one, and a caption saying which rows these are
    (``count``, a catalogue key taking ``n``, when they fit on one page).
    Returns the page's rows and the total."""
    page = st.session_state.get(key, 1)
    offset = (page - 1) * PAGE_SIZE
    rows = store().query(name, params | {"page_size": PAGE_SIZE, "page_offset": offset})
    if not rows.num_rows and page > 1:  # the filters left fewer pages: back to the first
        st.session_state[key] = 1
        st.rerun()
    n = rows.column("n_total")[0].as_py() if rows.num_rows else 0
    pages = (n - 1) // PAGE_SIZE + 1
    if pages > 1:
        st.number_input(t("table.page"), min_value=1, max_value=pages, key=key)
        st.caption(t("table.showing", first=offset + 1, last=offset + rows.num_rows, n=n))
    elif n:
        st.caption(t(count, n=n))
    return rows, n


def download_buttons(
    what: str, rows: Callable[[], pa.Table], view: str | None = None, **details
) -> None:
    """Excel and CSV of exactly the table on screen, all its pages, under the
    sidebar's filters (or, for a table they do not narrow, the ``view`` in
    words). ``rows`` builds it, only when a button is clicked, and each
    export writes one audit entry: who, what, the filters (and ``details``,
    such as a search), how many rows, which columns. ``what`` names it
    (``export.title.<what>``)."""
    chosen, user, db = filters(), who.current(), store()
    params, sentence = chosen.params(), view or chosen.sentence()
    # Made when clicked, perhaps outside this run: in this run's language.
    language = i18n.current()
    default = chosen.is_default if view is None else False
    stem = export.file_stem(what, datetime.now(), None if default else sentence)
    scope = chosen.chosen() if view is None else None

    def audited(fmt: str) -> pa.Table:
        table = rows()
        audit.exported(db, user.email, what, fmt, table, filters=scope or sentence, **details)
        return table

    def xlsx() -> bytes:
        with i18n.speaking(language):
            uploads = tables.source_uploads(db, params) if view is None else []
            basis = plan.basis(chosen) if view is None else None
            title = t(f"export.title.{what}")
            about = export.About(title, sentence, datetime.now(), uploads, basis)
            return export.to_xlsx(audited("xlsx"), about)

    def csv() -> bytes:
        with i18n.speaking(language):
            return export.to_csv(audited("csv"))

    buttons = st.container(horizontal=True)
    for label, data, extension, mime in (
        ("export.excel", xlsx, "xlsx", export.XLSX_MIME),
        ("export.csv", csv, "csv", "text/csv"),
    ):
        buttons.download_button(
            t(label),
            data,
            file_name=f"{stem}.{extension}",
            mime=mime,
            icon=":material/download:",
            help=t("export.help"),
            on_click="ignore",
            key=f"{what}_{extension}",
        )


def link_to_participants() -> None:
    """Every page links to the people behind its numbers, under its filters."""
    people = registry.BY_NAME["participants"]
    st.page_link(people.file, label=t("nav.people_behind"), icon=people.icon)
