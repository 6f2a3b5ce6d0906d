"""The sidebar's filters, bound to the URL, and what pages read from them.

The widgets are bound to the URL (``bind="query-params"``), so a copied link
reproduces the exact view; they make one ``Filters`` that every page reads,
that a click on a chart narrows, and that the queries of ``scoped`` take.
"""

from __future__ import annotations

import streamlit as st

from dashboard import GENDERS, STAGES, access, charts, gazetteer, plan
from dashboard.filters import STATUSES, UNKNOWN_GOVERNORATE, Filters, governorate_name
from dashboard.filters import from_selection as _from_selection
from dashboard.i18n import t
from dashboard.text import markdown_plain
from dashboard.ui import who
from dashboard.ui.cached import records

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
    """Draw the filters in the sidebar and return what they say: within the
    user's governorates, which are all the governorate filter offers."""
    user = who.current()
    courses = records("filter_options")
    programmes = sorted({c["programme"] for c in courses if c["programme"]})
    # The programme's own governorates (with people or a target) first, by
    # name; then the rest of Iraq; the people whose governorate is not known last.
    own = {r["governorate_pcode"] for r in records("coverage", Filters().params())
           if r["n_participants"] is not None}  # fmt: skip
    everywhere = sorted(gazetteer.governorates(), key=lambda g: (g.pcode not in own, g.name()))
    governorates = [g.pcode for g in everywhere if g.pcode != UNKNOWN_GOVERNORATE]
    governorates.append(UNKNOWN_GOVERNORATE)
    if user.governorates is not None:
        governorates = [g for g in governorates if g in user.governorates]
    starts = [c["start_date"] for c in courses if c["start_date"]]
    with st.sidebar:
        st.subheader(t("filters.heading"), anchor=False)
        # The way back stands first and always (greyed while there is nothing
        # to clear): a button that appeared below the filters moved them, and
        # the click meant for one landed elsewhere.
        way_back = st.container()
        chosen_programmes = ()
        if len(programmes) > 1:
            chosen_programmes = _any_of("programmes", "filters.programme", programmes)
        course_names = [
            c["course_name"]
            for c in courses
            if not chosen_programmes or c["programme"] in chosen_programmes
        ]
        chosen_courses = _any_of("courses", "filters.course", course_names)
        chosen_governorates = _any_of(
            "governorates", "filters.governorate", governorates, format_func=governorate_name
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
        filters = access.within(Filters(
            programmes=tuple(chosen_programmes),
            courses=tuple(chosen_courses),
            governorates=tuple(chosen_governorates),
            gender=gender,
            date_from=date_from,
            date_to=date_to,
            statuses=tuple(statuses),
            stage=stage,
        ), user)  # fmt: skip
        way_back.button(
            t("filters.reset"),
            on_click=_reset,
            icon=":material/filter_alt_off:",
            disabled=filters == access.everything(user),
        )
    st.session_state[_FILTERS] = filters
    return filters


def _any_of(name: str, label: str, options: list, **kw) -> list:
    """A filter that keeps any of the chosen options, bound to the URL."""
    return st.multiselect(
        t(label), options, key=_KEYS[name], bind="query-params", placeholder=t("filters.all"), **kw
    )


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


# What a run without a user (a gate that failed to stop it) would count: nobody.
_NOBODY = Filters(governorates=("none",))


def filters() -> Filters:
    """The filters the sidebar set on this run, within the user's
    governorates whatever set them (a page run without the sidebar too)."""
    user = who.current()
    if user is None:
        return _NOBODY
    return access.within(st.session_state.get(_FILTERS, Filters()), user)


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
    if filters() != access.everything(who.current()):
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

    st.plotly_chart(
        charts.directed(figure), alt=alt, key=key, selection_mode="points", on_select=narrow,
        **kwargs,
    )  # fmt: skip


def rebind() -> None:
    """Write the filters into the URL again, as the next run labels them: a
    bound widget keeps its value's label in the URL, and a new language
    labels the same choice in other words."""
    state = st.session_state
    for key in _KEYS.values():
        if key in state and key in st.query_params:
            value = state[key]
            state[key] = list(value) if isinstance(value, list) else value


def _set(f: Filters) -> None:
    state = st.session_state
    state[_KEYS["programmes"]] = list(f.programmes)
    state[_KEYS["courses"]] = list(f.courses)
    state[_KEYS["governorates"]] = list(f.governorates)
    state[_KEYS["gender"]] = f.gender
    state[_KEYS["stage"]] = f.stage  # (a click never changes which uploads count)
