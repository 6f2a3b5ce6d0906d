"""Oversight's launcher: page config, shared sidebar filters, navigation.

At the repository root, away from dashboard/pages/, so Streamlit's legacy
auto-discovery of a pages/ folder never applies (docs/ARCHITECTURE.md).
"""

from pathlib import Path

import streamlit as st

from dashboard import ui
from dashboard.i18n import t

ROOT = Path(__file__).parent
ICONS = {
    "overview": ":material/dashboard:",
    "coverage": ":material/map:",
    "gender": ":material/wc:",
    "follow_up": ":material/conversion_path:",
    "participants": ":material/group:",
    "upload": ":material/upload_file:",
    "uploads": ":material/fact_check:",
}
SECTIONS = {
    "nav.section_programme": ["overview", "coverage", "gender", "follow_up", "participants"],
    "nav.section_data": ["upload", "uploads"],
}

# A local icon: a Material one would be fetched from Google Fonts, out of reach offline.
st.set_page_config(
    page_title=t("app.title"), page_icon=str(ROOT / "data" / "icon.png"), layout="wide"
)
ui.mark_entry()

page = st.navigation(
    {
        t(section): [
            st.Page(
                ROOT / ui.PAGE_FILES[name],
                title=t(f"nav.{name}"),
                icon=ICONS[name],
                help=t(f"nav.{name}_help"),
                default=name == "overview",
            )
            for name in names
        ]
        for section, names in SECTIONS.items()
    }
)

with st.sidebar:
    st.caption(t("app.tagline"))
ui.sidebar_filters()

page.run()
