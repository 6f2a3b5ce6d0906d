"""The few helpers that need Streamlit: the shared store and cached queries.

One DuckDB connection per server process (``st.cache_resource``); query
results cached by name, parameters and the data version that every upload
bumps, so a new upload shows at once.
"""

from __future__ import annotations

import streamlit as st

from dashboard import demo
from dashboard.store import Store, open_default

ENTRY_FLAG = "_oversight_entry"


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The deployment's database; a new one is seeded with the demo programme."""
    db, created = open_default()
    if created:
        demo.load(db)
    return db


@st.cache_data(show_spinner=False, max_entries=512)
def _records(name: str, params: dict | None, data_version: int) -> list[dict]:
    return store().records(name, params)


def records(name: str, params: dict | None = None) -> list[dict]:
    """``queries/<name>.sql`` as a list of rows, cached until the data changes."""
    return _records(name, params, store().data_version())


def mark_entry() -> None:
    st.session_state[ENTRY_FLAG] = True


def page_guard() -> None:
    """Pages run only through the launcher (its sidebar, its gate)."""
    if not st.session_state.get(ENTRY_FLAG):
        st.stop()
