"""The audit log: one entry per action, written in the transaction of the
action itself, so an action and its entry land together or not at all.

Append-only: this module writes inserts and reads; nothing in Oversight
updates or deletes an entry (a test holds every statement that names the
table to that).
"""

from __future__ import annotations

import json

from dashboard.store import Store, run


def record(cur, actor: str, action: str, **details) -> None:
    """Inside a write: ``actor`` did ``action``; ``details`` as JSON (dates
    and other values as their text)."""
    run(
        cur,
        "auth/record",
        actor=actor,
        action=action,
        details=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
    )


def entries(store: Store) -> list[dict]:
    """Every entry, newest first, with its details as a dict."""
    rows = store.records("auth/audit_log")
    for r in rows:
        r["details"] = json.loads(r["details"]) if isinstance(r["details"], str) else r["details"]
    return rows
