"""The run's language: from the URL (``?lang=ar``), switched in the sidebar,
and the page's direction with it.

``speak()`` runs first in the launcher, before any text is made, and sets the
language every module reads (``dashboard.i18n``); ``switch()`` draws the
sidebar's choice, which writes the same query parameter, so a shared link
opens in the same language and the choice survives navigation and filter
changes.
Arabic and Kurdish turn the whole page right to left (``rtl.css``): Streamlit
has no right-to-left layout of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from dashboard import i18n
from dashboard.i18n import t
from dashboard.ui import sidebar

PARAM = "lang"  # the URL's query parameter: ?lang=ar
_CHOSEN = "_oversight_language"
_SWITCH = "_oversight_language_switch"
RTL_CSS = Path(__file__).with_name("rtl.css")


def speak() -> str:
    """Set this run's language: a link's ``?lang=`` first, else what this
    session chose before (a page switch drops the query), else English; and
    keep it in the URL, so the address in the bar opens the same language."""
    state = st.session_state
    asked = st.query_params.get(PARAM)
    if asked in i18n.LANGUAGES:
        state[_CHOSEN] = asked
    language = i18n.use(state.get(_CHOSEN))
    # Written on every run: a page switch, and a bound filter's change,
    # rewrite the address without the parameters no widget is bound to.
    if language != i18n.DEFAULT_LANGUAGE:
        st.query_params[PARAM] = language
    elif PARAM in st.query_params:
        del st.query_params[PARAM]
    return language


def _switched() -> None:
    language = i18n.language_of(st.session_state[_SWITCH])
    st.session_state[_CHOSEN] = language
    st.query_params[PARAM] = language
    sidebar.rebind()


def switch() -> None:
    """The sidebar's choice of language, each named in itself. Not a widget
    bound to the URL: those write their options' labels there, and a
    language's label is its own name, not its code."""
    st.session_state[_SWITCH] = i18n.current()
    with st.sidebar:
        st.segmented_control(
            t("app.language"),
            i18n.LANGUAGES,
            required=True,
            format_func=i18n.NATIVE_NAMES.__getitem__,
            key=_SWITCH,
            on_change=_switched,
        )


def direct() -> None:
    """Give the document the run's language and direction; lay it out right
    to left for Arabic and Kurdish."""
    language = i18n.current()
    # The document's own lang and dir: what screen readers, the browser's
    # fonts and its text layout go by (both values come from our own list).
    # Charts measure their labels when drawn: once a font has come (Arabic
    # script's comes from static/ on first use), they are laid out again.
    attributes = json.dumps({"lang": language, "dir": i18n.direction(language)})
    st.html(
        f"<script>Object.assign(document.documentElement, {attributes});"
        "if (!window.oversightFonts) { window.oversightFonts = true;"
        " document.fonts.addEventListener('loadingdone',"
        " () => window.dispatchEvent(new Event('resize'))); }</script>",
        width="content",
        unsafe_allow_javascript=True,
    )
    if language in i18n.RIGHT_TO_LEFT:
        st.html(RTL_CSS)
