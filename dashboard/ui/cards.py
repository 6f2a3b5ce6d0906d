"""Numbers as cards, and what a page says after an action."""

from __future__ import annotations

import streamlit as st

from dashboard import access
from dashboard.i18n import number, percent, t
from dashboard.ui import who


def card(where, label: str, value, note: str | None = None, help: str | None = None) -> None:
    """A bordered number with a neutral note under it (never a red/green
    delta); a count as the user may see it (``access.count``)."""
    if isinstance(value, int):
        value = access.count(who.current(), value)
        value = number(value) if isinstance(value, int) else value
    where.metric(label, value, note, delta_color="off", delta_arrow="off", help=help, border=True)


def share_card(
    where, label: str, n: int, d: int, target: float | None = None, help: str | None = None
) -> None:
    """A share as a card: "30%", with "18 of 60 · target 30%" under it. Where
    the user may not see a count this small, neither its share, which would
    give it away."""
    user = who.current()
    shown_n, shown_d = access.count(user, n), access.count(user, d)
    note = t("number.of", n=shown_n, d=shown_d)
    if target is not None:
        note += " · " + t("overview.target", target=f"{target:.0%}")
    small = (shown_n, shown_d) != (n, d)
    card(where, label, shown_n if small else percent(n, d), note, help)


_FLASH = "_oversight_flash"


def flash(message: str) -> None:
    """Say what an action did, on the run after it (an action reruns the
    page, which drops a toast shown before the rerun)."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")
