"""The gate every page passes: pages run only through the launcher."""

from __future__ import annotations

import streamlit as st

ENTRY_FLAG = "_oversight_entry"


def mark_entry() -> None:
    st.session_state[ENTRY_FLAG] = True


def page_guard() -> None:
    """Pages run only through the launcher (its sidebar, its gate)."""
    if not st.session_state.get(ENTRY_FLAG):
        st.stop()
