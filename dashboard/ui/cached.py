"""The shared store and cached queries.

One DuckDB connection per server process (``st.cache_resource``); query
results cached by name, parameters and the data version that every write
bumps, so a new upload shows at once.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard import demo
from dashboard.i18n import t
from dashboard.store import Store, StoreBusy, open_default

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
