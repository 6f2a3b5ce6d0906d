"""Oversight's launcher: page config, shared sidebar, navigation.

At the repository root, away from dashboard/pages/, so Streamlit's legacy
auto-discovery of a pages/ folder never applies (docs/ARCHITECTURE.md).
"""

from pathlib import Path

import streamlit as st

from dashboard import ui
from dashboard.i18n import t

PAGES = Path(__file__).parent / "dashboard" / "pages"

st.set_page_config(page_title=t("app.title"), page_icon=":material/school:", layout="wide")
ui.mark_entry()

page = st.navigation(
    [
        st.Page(
            PAGES / "overview.py",
            title=t("nav.overview"),
            icon=":material/dashboard:",
            help=t("nav.overview_help"),
            default=True,
        ),
    ]
)

with st.sidebar:
    st.caption(t("app.tagline"))

page.run()
