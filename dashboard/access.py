"""Who may see and do what, decided once for every page and action. No
Streamlit here: the launcher, the pages, the command line and the tests
all ask these.

Two ways to run. With no account in the database and no identity provider
configured, Oversight runs in *local mode*: it serves this computer only
(``oversight serve`` binds 127.0.0.1, and a page opened from any other
address is refused) and acts as its one administrator, ``LOCAL``. Otherwise
every run needs a signed-in user with an open account (``dashboard.auth``).

Roles rise viewer < manager < staff < admin, each with the rights of the
one before (``auth.User.may``):

- a *viewer* sees charts and aggregate tables, and participant rows
  pseudonymised: no name, phone, unit or rank, listed by pseudonym (not in
  the names' order), and no search by name; a count
  under ``SMALL_CELL`` shows as "<5" and a list of fewer people is not shown,
  so filtering down to one person cannot tell who they are;
- a *manager* also sees and exports named lists;
- *staff* also upload, and withdraw, restore or replace their own uploads
  (ingest's ``replaceable_by``);
- an *admin* may do everything: any upload, targets, accounts, the audit log.

A user scoped to some governorates sees only those: ``within`` narrows the
filters that every query takes, whatever the sidebar or the URL asked.
"""

from __future__ import annotations

import getpass
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa

from dashboard import gazetteer, registry
from dashboard.auth import User
from dashboard.filters import Filters
from dashboard.i18n import listed, t

# Local mode's one user: whoever runs Oversight on this computer.
LOCAL = User(f"{getpass.getuser()} (local)", "admin", None)
SMALL_CELL = 5  # viewers see smaller counts as "<5"
# A signed-in session ends after this long, or this long without a click.
SESSION_HOURS, IDLE_MINUTES = 12, 60
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

# The columns that name a person, or nearly (a unit and a rank single out one
# officer in a small course): a viewer never receives them.
NAMING = ("full_name", "phone", "unit", "rank")


class Refused(PermissionError):
    """An action this user may not take, said in one line from the catalogue."""


def _secrets_files() -> list[Path]:
    """Where Streamlit reads secrets by default: the user's, then the folder's."""
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def provider_configured(secrets: Mapping | None = None) -> bool:
    """Whether an identity provider is set up (an ``[auth]`` section in the
    secrets, as ``st.login`` reads it). Without ``secrets``, read the files."""
    if secrets is None:
        secrets = {}
        for path in _secrets_files():
            try:
                with open(path, "rb") as f:
                    secrets |= tomllib.load(f)
            except (OSError, tomllib.TOMLDecodeError):
                continue
    return bool(providers(secrets.get("auth") or {}))


def providers(section: Mapping) -> list[str | None]:
    """The identity providers an ``[auth]`` section sets up: ``None`` for
    one given in the section itself, else each ``[auth.<name>]``."""
    named = [k for k, v in section.items() if isinstance(v, Mapping) and "client_id" in v]
    return ([None] if "client_id" in section else []) + named


def sign_in_required(has_accounts: bool, has_provider: bool) -> bool:
    """Local mode is only for a deployment that has set up no sign-in."""
    return has_accounts or has_provider


def local_address(address: str | None) -> bool:
    """Whether a server bound to ``address`` serves this computer only."""
    return address is None or address in LOOPBACK or address.startswith("127.")


def may_open(user: User | None, page: registry.Page) -> bool:
    return user is not None and user.may(page.role)


def scope_names(user: User) -> str:
    """The governorates a scoped user sees, by name ("" for every governorate)."""
    return listed(gazetteer.by_pcode(g).name() for g in user.governorates or ())


def role_name(role: str) -> str:
    return t(f"access.role.{role}")


def require(user: User | None, role: str, action: str) -> None:
    """Refuse ``action`` (a catalogue key under ``access.action``) unless
    ``user`` has ``role``'s rights."""
    if user is None or not user.may(role):
        raise Refused(
            t(
                "access.refused",
                action=t(f"access.action.{action}"),
                needed=role_name(role),
                role=role_name(user.role) if user else t("access.nobody"),
            )
        )


def may_change_upload(user: User, uploaded_by: str | None) -> bool:
    """Staff withdraw and restore their own uploads; an admin any."""
    return user.may("admin") or (user.may("staff") and uploaded_by == user.email)


def require_upload_owner(user: User, upload_id: int, uploaded_by: str | None) -> None:
    require(user, "staff", "withdraw")
    if not may_change_upload(user, uploaded_by):
        raise Refused(t("access.not_yours", id=upload_id))


def require_facts(user: User, facts: list[str] | tuple[str, ...]) -> None:
    """Targets are the programme's plan: only an admin loads them."""
    require(user, "staff", "upload")
    if "targets" in facts:
        require(user, "admin", "targets")


def named(user: User) -> bool:
    """Whether this user may see who participants are."""
    return user.may("manager")


def within(filters: Filters, user: User) -> Filters:
    """``filters`` narrowed to the user's governorates: what they chose
    among them, or all of them when they chose none or only others."""
    if user.governorates is None:
        return filters
    chosen = tuple(g for g in filters.governorates if g in user.governorates)
    return replace(filters, governorates=chosen or user.governorates)


def everything(user: User) -> Filters:
    """The widest view this user may have: no filter, within their scope."""
    return within(Filters(), user)


def expired(started: datetime, last_seen: datetime, now: datetime) -> bool:
    return (now - started > timedelta(hours=SESSION_HOURS)
            or now - last_seen > timedelta(minutes=IDLE_MINUTES))  # fmt: skip


def count(user: User, n: int | None):
    """A count as this user may see it: a viewer's under ``SMALL_CELL`` as "<5"."""
    if n is None or named(user) or not 0 < n < SMALL_CELL:
        return n
    return t("access.small", n=SMALL_CELL)


def pseudonymised(rows: pa.Table, user: User) -> pa.Table:
    """Query rows as this user may receive them: for a viewer, the columns
    that name a person are gone and each person is a pseudonym made from
    their internal number (the same person, the same pseudonym)."""
    if named(user):
        return rows
    keep = [c for c in rows.column_names if c not in NAMING]
    out = rows.select(keep)
    if "participant_id" in out.column_names and "pseudonym" not in out.column_names:
        ids = out.column("participant_id").to_pylist()
        pseudonyms = pa.array([t("access.pseudonym", id=i) for i in ids], pa.string())
        out = out.append_column("pseudonym", pseudonyms)
    return out


def order(user: User) -> dict:
    """How a list of people is ordered for this user (the queries' ``by_number``)."""
    return {"by_number": not named(user)}


def too_few(user: User, n: int) -> bool:
    """A list of people a viewer may not see because it is too short to hide anyone."""
    return not named(user) and 0 < n < SMALL_CELL
