"""Local accounts and the audit log (issue 14's ground): roles, governorate
scope, sign-in that fails alike whatever was wrong, lockout, no password or
hash anywhere but the users table, and an audit log nothing can rewrite."""

import logging
import re

import pytest

from dashboard import QUERIES, ROOT, audit, auth
from dashboard.store import Store

PASSWORD = "correct horse battery staple"  # generated for the test


@pytest.fixture
def store(databases):
    s = Store(databases("o.duckdb"))
    yield s
    s.close()


def test_an_account_signs_in_with_its_role_and_governorates(store):
    added = auth.add_user(
        store,
        " Manager@Example.org ",
        "manager",
        PASSWORD,
        governorates=["Kirkuk", "نينوى"],
        by="admin@example.org",
    )
    assert added == auth.User("manager@example.org", "manager", ("IQG13", "IQG15"))
    user = auth.sign_in(store, "MANAGER@example.org", PASSWORD)
    assert user == added
    assert user.may("viewer") and user.may("manager") and not user.may("staff")
    everyone = auth.add_user(
        store, "viewer@example.org", "viewer", PASSWORD, by="admin@example.org"
    )
    assert everyone.governorates is None  # no scope: every governorate
    actions = [e["action"] for e in audit.entries(store)]
    assert actions == ["user_added", "sign_in", "user_added"]  # newest first


@pytest.mark.parametrize(
    "email, role, password, governorates, says",
    [
        ("not-an-email", "viewer", PASSWORD, None, "not an email"),
        ("a@example.org", "owner", PASSWORD, None, "no such role"),
        ("a@example.org", "viewer", "short", None, "at least 12"),
        ("a@example.org", "viewer", PASSWORD, ["Atlantis"], "not a governorate"),
    ],
)
def test_a_bad_account_is_refused_in_one_line(store, email, role, password, governorates, says):
    with pytest.raises(auth.AccountError, match=says):
        auth.add_user(store, email, role, password, governorates=governorates, by="admin")
    assert auth.users(store) == [] and audit.entries(store) == []  # nothing written


def test_every_failed_sign_in_looks_the_same_and_is_logged_with_its_reason(store):
    auth.add_user(store, "staff@example.org", "staff", PASSWORD, by="admin")
    auth.add_user(store, "gone@example.org", "staff", PASSWORD, by="admin")
    auth.set_disabled(store, "gone@example.org", True, by="admin")
    attempts = [
        ("nobody@example.org", PASSWORD),  # no such account
        ("staff@example.org", "wrong password here"),  # a wrong password
        ("gone@example.org", PASSWORD),  # a closed account, the right password
        ("", ""),
    ]
    assert [auth.sign_in(store, e, p) for e, p in attempts] == [None] * 4
    failed = [e for e in audit.entries(store) if e["action"] == "sign_in_failed"]
    assert [e["details"]["why"] for e in failed] == [
        "no_account",
        "disabled",
        "password",
        "no_account",
    ]


def test_repeated_failures_lock_the_account_until_a_reset(store):
    auth.add_user(store, "staff@example.org", "staff", PASSWORD, by="admin")
    for _ in range(auth.MAX_FAILURES):
        assert auth.sign_in(store, "staff@example.org", "a wrong guess again") is None
    assert auth.sign_in(store, "staff@example.org", PASSWORD) is None  # locked, though right
    assert [u["is_locked"] for u in auth.users(store)] == [True]
    assert audit.entries(store)[0]["details"] == {"why": "locked"}
    auth.reset_password(store, "staff@example.org", "a new passphrase, long enough", by="admin")
    assert auth.sign_in(store, "staff@example.org", PASSWORD) is None  # the old one is gone
    assert auth.sign_in(store, "staff@example.org", "a new passphrase, long enough").role == "staff"


def test_no_password_or_hash_leaves_the_users_table(store, caplog):
    caplog.set_level(logging.DEBUG)
    auth.add_user(store, "admin@example.org", "admin", PASSWORD, by="local")
    auth.sign_in(store, "admin@example.org", PASSWORD)
    auth.sign_in(store, "admin@example.org", PASSWORD + " typo")
    auth.reset_password(store, "admin@example.org", PASSWORD + " renewed", by="local")
    with pytest.raises(auth.AccountError) as refused:
        auth.add_user(store, "admin@example.org", "admin", PASSWORD, by="local")
    hashed = store.scalar("select password_hash from users")
    assert hashed.startswith("$argon2id$")
    said = " ".join(
        [caplog.text, str(refused.value), repr(auth.users(store)), repr(audit.entries(store))]
    )
    for secret in (PASSWORD, PASSWORD + " renewed", PASSWORD + " typo", hashed, "$argon2"):
        assert secret not in said


def test_the_audit_log_is_only_ever_appended_to():
    """Every statement in Oversight that names the audit log inserts into it
    or reads it: none updates, deletes or drops it."""
    rewriting = re.compile(
        r"\b(update|delete\s+from|truncate|drop\s+table|alter\s+table)\s+audit_log\b", re.I
    )
    sources = [
        *QUERIES.rglob("*.sql"),
        *(ROOT / "dashboard").rglob("*.py"),
        *(ROOT / "dashboard").rglob("*.sql"),
    ]
    named = [p for p in sources if "audit_log" in p.read_text(encoding="utf-8")]
    assert len(named) >= 3  # the table, the insert, the reading
    assert [p.name for p in named if rewriting.search(p.read_text(encoding="utf-8"))] == []


def test_an_action_and_its_entry_land_together(store):
    """A refused change writes no entry: the entry is in the action's transaction."""
    auth.add_user(store, "a@example.org", "viewer", PASSWORD, by="admin")
    with pytest.raises(auth.AccountError):
        auth.reset_password(store, "b@example.org", PASSWORD, by="admin")
    assert [e["action"] for e in audit.entries(store)] == ["user_added"]
