"""The gate every page passes: a permitted user, and the launcher."""

from __future__ import annotations

import streamlit as st

from dashboard import access, registry
from dashboard.i18n import t
from dashboard.ui import who

ENTRY_FLAG = "_oversight_entry"


def mark_entry() -> None:
    st.session_state[ENTRY_FLAG] = True


def page_guard(name: str) -> None:
    """Page ``name`` renders only for a user whose role may open it, even
    when its file is run on its own; and only through the launcher (its
    sidebar and its filters)."""
    page = registry.BY_NAME[name]
    # Through the launcher, which decided who this run is for a moment ago;
    # on its own, decide here.
    user = who.current() if st.session_state.get(ENTRY_FLAG) else who.resolve()
    if user is None:
        st.warning(t("access.sign_in_first"), icon=":material/lock:")
        st.stop()
    if not access.may_open(user, page):
        who.refusal(page)
        st.stop()
    if not st.session_state.get(ENTRY_FLAG):
        st.stop()
