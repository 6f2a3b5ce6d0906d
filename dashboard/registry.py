"""The pages, once: read by the launcher (``streamlit_app.py``), the links
between pages (``ui``), the tests and the benchmark. No Streamlit here.

Each page is a script in ``dashboard/pages/``, titled ``nav.<name>`` in the
catalogue (its tooltip ``nav.<name>_help``), in one of the sidebar's sections,
and opens for a user with ``role``'s rights (``auth.ROLES``; the launcher and
every page check it: ``dashboard.access``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    section: str  # catalogue key of its sidebar section
    icon: str  # a Material icon, shipped with Streamlit (no font fetched)
    role: str = "viewer"  # the least role that may open it
    filtered: bool = True  # whether the sidebar's filters apply to it

    @property
    def file(self) -> str:
        """The script, relative to the repository root."""
        return f"dashboard/pages/{self.name}.py"

    @property
    def url(self) -> str:
        """Its path after the server's address: the first page is the root."""
        return "" if self is PAGES[0] else self.name


PAGES: tuple[Page, ...] = (
    Page("overview", "nav.section_programme", ":material/dashboard:"),
    Page("coverage", "nav.section_programme", ":material/map:"),
    Page("gender", "nav.section_programme", ":material/wc:"),
    Page("follow_up", "nav.section_programme", ":material/conversion_path:"),
    Page("participants", "nav.section_programme", ":material/group:"),
    Page("upload", "nav.section_data", ":material/upload_file:", role="staff"),
    Page("uploads", "nav.section_data", ":material/fact_check:", role="staff"),
    Page("users", "nav.section_admin", ":material/manage_accounts:", "admin", filtered=False),
    Page("audit", "nav.section_admin", ":material/history:", "admin", filtered=False),
)
BY_NAME = {p.name: p for p in PAGES}
BY_URL = {p.url: p for p in PAGES}


def sections() -> dict[str, list[Page]]:
    """The sidebar's sections, in order, each with its pages."""
    out: dict[str, list[Page]] = {}
    for page in PAGES:
        out.setdefault(page.section, []).append(page)
    return out
