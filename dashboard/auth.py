"""Local accounts: who may sign in, with which role and over which governorates.

For offices without an identity provider. Passwords are kept only as argon2id
hashes (argon2-cffi) and never written anywhere else: not to a log, not to
the audit log, not in an error. A sign-in that fails says the same thing
whatever went wrong (no such account, a wrong password, a closed or a locked
account), and takes as long, so the answer tells nobody which emails exist.
Past ``MAX_FAILURES`` wrong passwords in a row an account waits
``LOCK_MINUTES`` before it may try again; a password reset lifts that.

Every change and every sign-in, failed or not, writes one audit entry in the
same transaction (``dashboard.audit``). No Streamlit here: the command line,
the sign-in page and the tests all call these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard import audit, gazetteer
from dashboard.store import Store, run

ROLES = ("viewer", "manager", "staff", "admin")  # each may do what the one before may
MAX_FAILURES, LOCK_MINUTES = 5, 15
MIN_PASSWORD = 12  # characters
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HASHER = PasswordHasher()  # argon2id with the library's current parameters
# Verified against when the account does not exist, so that a sign-in for an
# unknown email takes as long as one with a wrong password.
_DUMMY = _HASHER.hash("no account has this password")


class AccountError(ValueError):
    """A request to change accounts that cannot be done, said in one line."""


@dataclass(frozen=True)
class User:
    email: str
    role: str
    governorates: tuple[str, ...] | None  # P-codes; None: every governorate

    def may(self, role: str) -> bool:
        """Whether this user has ``role``'s rights (a manager has a viewer's)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _email(email: str) -> str:
    folded = (email or "").strip().lower()
    if not _EMAIL.match(folded):
        raise AccountError(f"not an email address: {email!r}")
    return folded


def _governorates(names: list[str] | None) -> list[str] | None:
    if not names:
        return None
    out = []
    for name in names:
        pcode = gazetteer.resolve(name)
        if pcode is None:
            raise AccountError(f"not a governorate we know: {name!r}")
        out.append(pcode)
    return sorted(set(out))


def _checked_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


def add_user(
    store: Store,
    email: str,
    role: str,
    password: str | None,
    *,
    governorates: list[str] | None = None,
    by: str,
) -> User:
    """A new account; ``password`` None for one that signs in through the
    identity provider only."""
    email = _email(email)
    if role not in ROLES:
        raise AccountError(f"no such role: {role!r} (one of {', '.join(ROLES)})")
    scope = _governorates(governorates)
    hashed = _checked_password(password) if password is not None else None
    with store.write(bump=False) as cur:
        if run(cur, "auth/user", email=email).fetchone() is not None:
            raise AccountError(f"{email} has an account already")
        run(
            cur,
            "auth/add_user",
            email=email,
            role=role,
            governorates=scope,
            password_hash=hashed,
            created_by=by,
        )
        audit.record(cur, by, "user_added", email=email, role=role, governorates=scope)
    return User(email, role, tuple(scope) if scope else None)


def set_role(
    store: Store, email: str, role: str, *, governorates: list[str] | None = None, by: str
) -> User:
    """Change what an account may do and see."""
    email = _email(email)
    if role not in ROLES:
        raise AccountError(f"no such role: {role!r} (one of {', '.join(ROLES)})")
    scope = _governorates(governorates)
    with store.write(bump=False) as cur:
        _existing(cur, email)
        run(cur, "auth/set_role", email=email, role=role, governorates=scope)
        audit.record(cur, by, "role_changed", email=email, role=role, governorates=scope)
    return User(email, role, tuple(scope) if scope else None)


def reset_password(store: Store, email: str, password: str, *, by: str) -> None:
    email, hashed = _email(email), _checked_password(password)
    with store.write(bump=False) as cur:
        _existing(cur, email)
        run(cur, "auth/set_password", email=email, password_hash=hashed)
        audit.record(cur, by, "password_reset", email=email)


def set_disabled(store: Store, email: str, disabled: bool, *, by: str) -> None:
    email = _email(email)
    with store.write(bump=False) as cur:
        _existing(cur, email)
        run(cur, "auth/set_disabled", email=email, is_disabled=disabled)
        audit.record(cur, by, "user_disabled" if disabled else "user_enabled", email=email)


def _existing(cur, email: str) -> tuple:
    row = run(cur, "auth/user", email=email).fetchone()
    if row is None:
        raise AccountError(f"{email} has no account")
    return row


def users(store: Store) -> list[dict]:
    """Every account, without its password hash."""
    return store.records("auth/users")


def any_accounts(store: Store) -> bool:
    """Whether any account exists: with none, and no identity provider
    configured, Oversight runs in local mode (``dashboard.access``)."""
    return bool(store.records("auth/n_accounts")[0]["n"])


def account(store: Store, email: str | None) -> User | None:
    """The open account ``email`` names, as the user it signs in; ``None``
    for no account or a disabled one. Read on every run of a page, so a
    role changed or an account disabled takes effect at the next click."""
    found = store.records("auth/user", {"email": (email or "").strip().lower()})
    if not found or found[0]["is_disabled"]:
        return None
    row = found[0]
    return User(row["email"], row["role"], tuple(row["governorates"] or ()) or None)


def provider_sign_in(store: Store, email: str | None, provider: str) -> User | None:
    """Someone the identity provider vouched for: the user their account
    makes them, or ``None`` (no account here, or a disabled one); either
    way one audit entry, as for a password sign-in."""
    user = account(store, email)
    folded = (email or "").strip().lower() or "(blank)"
    with store.write(bump=False) as cur:
        if user is None:
            audit.record(cur, folded, "sign_in_failed", why="no_account", provider=provider)
        else:
            audit.record(cur, folded, "sign_in", provider=provider)
    return user


def sign_in(store: Store, email: str, password: str) -> User | None:
    """The user, when the email and password are an open account's; else
    ``None``, whichever of them was wrong. The hash is checked outside the
    write lock (it takes a tenth of a second, on purpose)."""
    folded = (email or "").strip().lower()
    found = store.records("auth/user", {"email": folded})
    account = found[0] if found else None
    hashed = account["password_hash"] if account and account["password_hash"] else _DUMMY
    try:
        right = _HASHER.verify(hashed, password or "")
    except (VerificationError, InvalidHashError):
        right = False
    with store.write(bump=False) as cur:
        if account is None or not account["password_hash"]:
            audit.record(cur, folded or "(blank)", "sign_in_failed", why="no_account")
            return None
        if account["is_disabled"] or account["is_locked"]:
            why = "disabled" if account["is_disabled"] else "locked"
            audit.record(cur, folded, "sign_in_failed", why=why)
            return None
        if not right:
            run(
                cur,
                "auth/failed_sign_in",
                email=folded,
                max_failures=MAX_FAILURES,
                lock_minutes=LOCK_MINUTES,
            )
            audit.record(cur, folded, "sign_in_failed", why="password")
            return None
        run(cur, "auth/signed_in", email=folded)
        audit.record(cur, folded, "sign_in", provider="password")
    scope = account["governorates"]
    return User(folded, account["role"], tuple(scope) if scope else None)
