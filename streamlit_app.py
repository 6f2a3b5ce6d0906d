"""Oversight's launcher: page config, shared sidebar filters, navigation.

At the repository root, away from dashboard/pages/, so Streamlit's legacy
auto-discovery of a pages/ folder never applies (docs/ARCHITECTURE.md).
"""

from pathlib import Path

import streamlit as st

from dashboard import access, registry, ui
from dashboard.i18n import t

ROOT = Path(__file__).parent

# The run's language first (from the URL or the switch): every text below is in it.
ui.language.speak()
# A local icon: a Material one would be fetched from Google Fonts, out of reach offline.
st.set_page_config(
    page_title=t("app.title"), page_icon=str(ROOT / "data" / "icon.png"), layout="wide"
)
ui.language.direct()
ui.mark_entry()
user = ui.who.resolve()
if user is None:  # every address asks to sign in first, and then opens its page
    ui.language.switch()
    sign_in = [
        st.Page(ui.who.sign_in_page, title=t("signin.title"), url_path=p.url or "sign_in",
                default=p is registry.PAGES[0], visibility="hidden")
        for p in registry.PAGES
    ]  # fmt: skip
    st.navigation(sign_in, position="hidden").run()
    st.stop()


def _page(p: registry.Page) -> st.Page:
    """A page this user may open; else, at the same address, its refusal."""
    if access.may_open(user, p):
        return st.Page(
            ROOT / p.file,
            title=t(f"nav.{p.name}"),
            icon=p.icon,
            help=t(f"nav.{p.name}_help"),
            default=p is registry.PAGES[0],
        )
    return st.Page(
        lambda p=p: ui.who.refusal(p), title=t(f"nav.{p.name}"), url_path=p.url, visibility="hidden"
    )


page = st.navigation(
    {t(section): [_page(p) for p in pages] for section, pages in registry.sections().items()}
)

with st.sidebar:
    st.caption(t("app.tagline"))
ui.who.who_box()
if registry.BY_URL[page.url_path].filtered:  # not on the Users and Audit log pages
    ui.sidebar_filters()
# Last, under the filters: they stand where they stood, above a phone's fold.
ui.language.switch()

page.run()
