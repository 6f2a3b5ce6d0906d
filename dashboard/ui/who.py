"""Who a run is for: local mode's administrator, someone the identity
provider signed in (``st.login``), or a local account signed in on the
sign-in page. The rules are ``dashboard.access``'s; this is where they meet
Streamlit.

A local account's session lives on the server, in the browser session's
state: it ends after ``access.SESSION_HOURS``, after ``access.IDLE_MINUTES``
without a click, when its tab closes, or at "Sign out". A provider's sign-in
lives in Streamlit's signed cookie, and Oversight ends it too once its
``iat`` claim is ``SESSION_HOURS`` old. Either way the account is read again
on every run, so a role changed or an account disabled applies at the next click.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import streamlit as st

from dashboard import access, audit, auth
from dashboard.auth import User
from dashboard.i18n import t
from dashboard.text import markdown_plain as plain
from dashboard.ui.cached import store

_USER, _WHY = "_oversight_user", "_oversight_why"
_SESSION = "_oversight_session"  # a local account's sign-in: email, since, last seen
_PROVIDER_SEEN = "_oversight_provider_seen"  # the provider's user whose sign-in is logged


def _auth_section() -> Mapping:
    try:
        return st.secrets.get("auth") or {}
    except (FileNotFoundError, KeyError):  # no secrets file at all
        return {}


def providers() -> list[str | None]:
    return access.providers(_auth_section())


def resolve() -> User | None:
    """Decide who this run is for, once, and keep it for ``current``
    (``None``: nobody; ``why`` says what the sign-in page should say)."""
    user, why = _resolve()
    st.session_state[_USER], st.session_state[_WHY] = user, why
    return user


def current() -> User | None:
    """The user ``resolve`` found on this run."""
    if _USER not in st.session_state:
        return resolve()
    return st.session_state[_USER]


def is_local() -> bool:
    return current() is access.LOCAL


def _resolve() -> tuple[User | None, str | None]:
    db = store()
    if not access.sign_in_required(auth.any_accounts(db), bool(providers())):
        ip = st.context.ip_address  # None from this computer (a mock under AppTest)
        if isinstance(ip, str) and not access.local_address(ip):  # from another computer
            return None, "remote"
        return access.LOCAL, None
    now = datetime.now()
    info = st.user
    if info.get("is_logged_in"):
        return _provider_user(db, info, now)
    session = st.session_state.get(_SESSION)
    if not session:
        return None, None
    if access.expired(session["since"], session["seen"], now):
        st.session_state.pop(_SESSION)
        return None, "expired"
    user = auth.account(db, session["email"])
    if user is None:  # disabled since
        st.session_state.pop(_SESSION)
        return None, None
    session["seen"] = now
    return user, None


def _provider_email(info) -> str:
    """Who the provider says signed in: their email, or (Microsoft Entra ID,
    when the directory keeps no email for them) their sign-in name."""
    return str(info.get("email") or info.get("preferred_username") or "")


def _provider_user(db, info, now: datetime) -> tuple[User | None, str | None]:
    email = _provider_email(info)
    issued = info.get("iat")
    if isinstance(issued, int | float) and access.expired(datetime.fromtimestamp(issued), now, now):
        return None, "expired_provider"
    if st.session_state.get(_PROVIDER_SEEN) != email:
        user = auth.provider_sign_in(db, email, info.get("iss") or "provider")
        st.session_state[_PROVIDER_SEEN] = email
    else:
        user = auth.account(db, email)
    return (user, None) if user else (None, "no_account")


def sign_in_page() -> None:
    """The one page a visitor sees before signing in, at any address."""
    st.title(t("signin.title"))
    why = st.session_state.get(_WHY)
    if why == "remote":
        st.error(t("signin.remote"), icon=":material/lock:")
        return
    if why == "no_account":
        st.error(
            t("signin.no_account", email=plain(_provider_email(st.user))),
            icon=":material/person_off:",
        )
        st.button(t("signin.sign_out"), on_click=st.logout, icon=":material/logout:")
        return
    if why in ("expired", "expired_provider"):
        st.info(t("signin.expired", hours=access.SESSION_HOURS, minutes=access.IDLE_MINUTES))
    if why == "expired_provider":
        st.button(t("signin.again"), on_click=st.logout, icon=":material/login:")
        return
    for name in providers():
        label = t("signin.with", provider=name) if name else t("signin.with_provider")
        if st.button(label, icon=":material/badge:", key=f"provider_{name}"):
            st.login(*([name] if name else []))
    with st.columns([2, 3])[0], st.form("sign_in", enter_to_submit=True):
        st.caption(t("signin.local"))
        email = st.text_input(t("signin.email"), autocomplete="username")
        password = st.text_input(
            t("signin.password"), type="password", autocomplete="current-password"
        )
        if st.form_submit_button(t("signin.submit"), type="primary", icon=":material/login:"):
            user = auth.sign_in(store(), email, password)
            if user is None:
                st.error(t("signin.failed"), icon=":material/block:")
            else:
                now = datetime.now()
                st.session_state[_SESSION] = {"email": user.email, "since": now, "seen": now}
                st.session_state.pop(_WHY, None)
                st.rerun()


def sign_out() -> None:
    """End this session: a local account's at once, a provider's through it."""
    user = current()
    if user is not None and user is not access.LOCAL:
        audit.log(store(), user.email, "sign_out")
    if st.session_state.pop(_SESSION, None) is None and st.user.get("is_logged_in"):
        st.session_state.pop(_PROVIDER_SEEN, None)
        st.logout()


def who_box() -> None:
    """In the sidebar: who is signed in, as what, over which governorates,
    and the way out; in local mode, the banner that says so."""
    user = current()
    if user is None:
        return
    with st.sidebar:
        if user is access.LOCAL:
            st.caption(t("access.local_banner"), help=t("access.local_help"))
            return
        places = access.scope_names(user)
        st.caption(
            t("access.signed_in", email=plain(user.email), role=access.role_name(user.role))
            + (" · " + t("access.scope", places=places) if places else "")
        )
        st.button(t("signin.sign_out"), on_click=sign_out, icon=":material/logout:", key="sign_out")


def refusal(page) -> None:
    """What a page this user may not open says instead, at its own address."""
    user = current()
    st.error(
        t(
            "access.page_refused",
            page=t(f"nav.{page.name}"),
            needed=access.role_name(page.role),
            role=access.role_name(user.role) if user else t("access.nobody"),
        ),
        icon=":material/lock:",
    )
