"""The few helpers that need Streamlit: the shared store, cached queries and
the sidebar filters.

One DuckDB connection per server process (``st.cache_resource``); query
results cached by name, parameters and the data version that every upload
bumps, so a new upload shows at once. The sidebar's widgets are bound to the
URL (``bind="query-params"``), so a copied link reproduces the exact view;
they make one ``Filters`` that every page reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from dashboard import GENDERS, STAGES, demo, export, gazetteer, plan, registry, tables
from dashboard.filters import STATUSES, UNKNOWN_GOVERNORATE, Filters, governorate_name
from dashboard.filters import from_selection as _from_selection
from dashboard.i18n import percent, t
from dashboard.store import Store, StoreBusy, open_default
from dashboard.text import markdown_plain

ENTRY_FLAG = "_oversight_entry"


BUSY_RETRIES, BUSY_WAIT = 10, 1.0  # seconds between tries while another program holds the file


@st.cache_resource(show_spinner=False)
def _open() -> Store:
    db, created = open_default()
    if created:
        demo.load(db)
    return db


def store() -> Store:
    """The deployment's database; a new one is seeded with the demo programme.
    While another program holds the file (the command line, say), say so and
    try again for a while, rather than show a traceback."""
    note = None
    for _ in range(BUSY_RETRIES):
        try:
            return _open()
        except StoreBusy:
            if note is None:
                note = st.empty()
                note.info(t("app.busy"), icon=":material/hourglass_top:")
            time.sleep(BUSY_WAIT)
    (note or st.empty()).error(t("app.busy_gave_up"), icon=":material/lock:")
    st.stop()


@st.cache_data(show_spinner=False, max_entries=512)
def _records(name: str, params: dict | None, data_version: int) -> list[dict]:
    return store().records(name, params)


def records(name: str, params: dict | None = None) -> list[dict]:
    """``queries/<name>.sql`` as a list of rows, cached until the data changes."""
    return _records(name, params, store().data_version())


def scoped(name: str, **extra) -> list[dict]:
    """``records`` under the sidebar's filters (and any further parameters)."""
    return records(name, filters().params() | extra)


def coverage() -> list[dict]:
    """Participants against targets per governorate under the sidebar's
    filters, each compared with the plan of the subset in view (``plan``)."""
    return plan.in_scope(scoped("coverage"), filters())


def show_plan() -> None:
    """Under a page's targets: which plan they are, when not the whole one."""
    if plan.kind(filters()) != "whole":
        st.caption(plan.basis(filters()))


_FLASH = "_oversight_flash"


def flash(message: str) -> None:
    """Say what an action did, on the run after it (an action reruns the
    page, which drops a toast shown before the rerun)."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def mark_entry() -> None:
    st.session_state[ENTRY_FLAG] = True


def page_guard() -> None:
    """Pages run only through the launcher (its sidebar, its gate)."""
    if not st.session_state.get(ENTRY_FLAG):
        st.stop()


# -- the shared filters ------------------------------------------------------

# Widget keys are the URL's query parameter names.
_KEYS = {
    "programmes": "programme",
    "courses": "course",
    "governorates": "gov",
    "gender": "gender",
    "date_from": "from",
    "date_to": "to",
    "statuses": "uploads",
    "stage": "stage",
}
_FILTERS = "_oversight_filters"


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar and return what they say."""
    courses = records("filter_options")
    programmes = sorted({c["programme"] for c in courses if c["programme"]})
    # The programme's own governorates (with people or a target) first, by
    # name; then the rest of Iraq; the people whose governorate is not known last.
    own = {r["governorate_pcode"] for r in records("coverage", Filters().params())
           if r["n_participants"] is not None}  # fmt: skip
    everywhere = sorted(gazetteer.governorates(), key=lambda g: (g.pcode not in own, g.name_en))
    governorates = [g.pcode for g in everywhere if g.pcode != UNKNOWN_GOVERNORATE]
    governorates.append(UNKNOWN_GOVERNORATE)
    starts = [c["start_date"] for c in courses if c["start_date"]]
    with st.sidebar:
        st.subheader(t("filters.heading"), anchor=False)
        chosen_programmes = ()
        if len(programmes) > 1:
            chosen_programmes = st.multiselect(
                t("filters.programme"),
                programmes,
                key=_KEYS["programmes"],
                bind="query-params",
                placeholder=t("filters.all"),
            )
        course_names = [
            c["course_name"]
            for c in courses
            if not chosen_programmes or c["programme"] in chosen_programmes
        ]
        chosen_courses = st.multiselect(
            t("filters.course"),
            course_names,
            key=_KEYS["courses"],
            bind="query-params",
            placeholder=t("filters.all"),
        )
        chosen_governorates = st.multiselect(
            t("filters.governorate"),
            governorates,
            format_func=governorate_name,
            key=_KEYS["governorates"],
            bind="query-params",
            placeholder=t("filters.all"),
        )
        gender = st.segmented_control(
            t("filters.gender"),
            GENDERS,
            format_func=lambda g: t(f"gender.{g}"),
            key=_KEYS["gender"],
            bind="query-params",
        )
        stage = st.selectbox(
            t("filters.stage"),
            STAGES,
            index=None,
            format_func=lambda s: t(f"stage.{s}"),
            key=_KEYS["stage"],
            bind="query-params",
            placeholder=t("filters.all"),
            help=t("filters.stage_help"),
        )
        # Two dates, each empty by default: a widget whose default is not
        # empty could not be cleared without Streamlit warning that its value
        # was set twice, and a range half chosen meant nothing.
        date_from, date_to = (
            st.date_input(
                t(f"filters.{key}"),
                value=None,
                min_value=min(starts, default=None),
                max_value=max(starts, default=None),
                format="DD/MM/YYYY",
                key=_KEYS[key],
                bind="query-params",
                help=t("filters.dates_help") if key == "date_from" else None,
            )
            for key in ("date_from", "date_to")
        )
        # The uploads that count: active unless chosen otherwise. Set here,
        # not as the widget's default, for the same reason; a choice cleared
        # becomes every status, as an empty choice means everywhere else, and
        # says so in the widget and the URL.
        if _KEYS["statuses"] not in st.session_state and _KEYS["statuses"] not in st.query_params:
            st.session_state[_KEYS["statuses"]] = ["active"]
        statuses = st.multiselect(
            t("filters.uploads_label"),
            STATUSES,
            format_func=lambda s: t(f"filters.status.{s}"),
            key=_KEYS["statuses"],
            bind="query-params",
            help=t("filters.uploads_help"),
            on_change=_every_status_if_cleared,
        )
        filters = Filters(
            programmes=tuple(chosen_programmes),
            courses=tuple(chosen_courses),
            governorates=tuple(chosen_governorates),
            gender=gender,
            date_from=date_from,
            date_to=date_to,
            statuses=tuple(statuses),
            stage=stage,
        )
        if not filters.is_default:
            st.button(t("filters.reset"), on_click=_reset, icon=":material/filter_alt_off:")
    st.session_state[_FILTERS] = filters
    return filters


def _every_status_if_cleared() -> None:
    if not st.session_state[_KEYS["statuses"]]:
        st.session_state[_KEYS["statuses"]] = list(STATUSES)


def _reset() -> None:
    # Set to the defaults rather than forgotten: a forgotten bound widget
    # would take its value from the URL again.
    _set(Filters())
    state = st.session_state
    state[_KEYS["date_from"]] = state[_KEYS["date_to"]] = None
    state[_KEYS["statuses"]] = list(Filters().statuses)


def filters() -> Filters:
    """The filters the sidebar set on this run."""
    return st.session_state.get(_FILTERS, Filters())


def nothing_to_show(n: int, keep_drawing: bool = False) -> bool:
    """When the view holds no one (``n`` is 0), say why, and whether the
    page should stop: an empty database asks for a roster; a selection that
    matches nobody says so in the filters' own words, with one click back
    (a page that ``keep_drawing``, such as the map, goes on drawing)."""
    if n:
        return False
    if not records("filter_options"):  # no course at all: nothing uploaded yet
        st.info(t("overview.empty"), icon=":material/upload_file:")
        return True
    st.warning(
        t("filters.no_match", sentence=markdown_plain(filters().sentence())),
        icon=":material/filter_alt:",
    )
    if not filters().is_default:
        st.button(
            t("filters.reset"), on_click=_reset, icon=":material/filter_alt_off:", key="reset_empty"
        )
    return not keep_drawing


def show_filters() -> None:
    """The filters in one sentence, above a page's charts and tables."""
    st.caption(t("filters.showing", sentence=markdown_plain(filters().sentence())))


def clickable_chart(figure, alt: str, key: str, field: str | tuple[str, ...], **kwargs) -> None:
    """A chart whose clicked points narrow the sidebar's filters to them;
    ``field`` says what its points stand for (see ``filters.from_selection``)."""

    def narrow() -> None:
        event = st.session_state.get(key) or {}
        points = (event.get("selection") or {}).get("points") or []
        _set(_from_selection(filters(), field, points))

    st.plotly_chart(figure, alt=alt, key=key, selection_mode="points", on_select=narrow, **kwargs)


def _set(f: Filters) -> None:
    state = st.session_state
    state[_KEYS["programmes"]] = list(f.programmes)
    state[_KEYS["courses"]] = list(f.courses)
    state[_KEYS["governorates"]] = list(f.governorates)
    state[_KEYS["gender"]] = f.gender
    state[_KEYS["stage"]] = f.stage  # (a click never changes which uploads count)


# -- tables --------------------------------------------------------------------

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


def download_buttons(what: str, rows: Callable[[], pa.Table]) -> None:
    """Excel and CSV of exactly the table on screen, all its pages, under the
    filters. ``rows`` builds it, only when a button is clicked; ``what`` names
    it (``export.title.<what>``)."""
    chosen = filters()
    db, params, sentence = store(), chosen.params(), chosen.sentence()
    stem = export.file_stem(what, datetime.now(), None if chosen.is_default else sentence)

    def xlsx() -> bytes:
        uploads = tables.source_uploads(db, params)
        about = export.About(
            t(f"export.title.{what}"), sentence, datetime.now(), uploads, plan.basis(chosen)
        )
        return export.to_xlsx(rows(), about)

    def csv() -> bytes:
        return export.to_csv(rows())

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


# -- cards ---------------------------------------------------------------------


def card(where, label: str, value, note: str | None = None, help: str | None = None) -> None:
    """A bordered number with a neutral note under it (never a red/green delta)."""
    where.metric(label, value, note, delta_color="off", delta_arrow="off", help=help, border=True)


def share_card(
    where, label: str, n: int, d: int, target: float | None = None, help: str | None = None
) -> None:
    """A share as a card: "30%", with "18 of 60 · target 30%" under it."""
    note = t("number.of", n=n, d=d)
    if target is not None:
        note += " · " + t("overview.target", target=f"{target:.0%}")
    card(where, label, percent(n, d), note, help)
