"""Oversight's launcher: page config, shared sidebar filters, navigation.

At the repository root, away from dashboard/pages/, so Streamlit's legacy
auto-discovery of a pages/ folder never applies (docs/ARCHITECTURE.md).
"""

from pathlib import Path

import streamlit as st

from dashboard import registry, ui
from dashboard.i18n import t

ROOT = Path(__file__).parent

# A local icon: a Material one would be fetched from Google Fonts, out of reach offline.
st.set_page_config(
    page_title=t("app.title"), page_icon=str(ROOT / "data" / "icon.png"), layout="wide"
)
ui.mark_entry()

page = st.navigation(
    {
        t(section): [
            st.Page(
                ROOT / p.file,
                title=t(f"nav.{p.name}"),
                icon=p.icon,
                help=t(f"nav.{p.name}_help"),
                default=p is registry.PAGES[0],
            )
            for p in pages
        ]
        for section, pages in registry.sections().items()
    }
)

with st.sidebar:
    st.caption(t("app.tagline"))
ui.sidebar_filters()

page.run()
