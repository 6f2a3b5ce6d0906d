"""The helpers that need Streamlit, a room per job: the shared store and
cached queries (``cached``), the sidebar's filters bound to the URL
(``sidebar``), tables with their pages and exports (``tabular``), cards and
what a page says after an action (``cards``), the launcher's gate (``page``),
the run's language and direction (``language``).
Pages use them as ``ui.<name>``."""

from dashboard.ui import language, who
from dashboard.ui.cached import records, store
from dashboard.ui.cards import card, flash, share_card, show_flash
from dashboard.ui.page import mark_entry, page_guard
from dashboard.ui.sidebar import (
    clickable_chart,
    coverage,
    filters,
    nothing_to_show,
    scoped,
    show_filters,
    show_plan,
    sidebar_filters,
)
from dashboard.ui.tabular import PAGE_SIZE, download_buttons, link_to_participants, paged, table

__all__ = [
    "PAGE_SIZE", "card", "clickable_chart", "coverage", "download_buttons", "filters", "flash",
    "language", "link_to_participants", "mark_entry", "nothing_to_show", "page_guard", "paged",
    "records", "scoped", "share_card", "show_filters", "show_flash", "show_plan", "sidebar_filters",
    "store", "table", "who",
]  # fmt: skip
