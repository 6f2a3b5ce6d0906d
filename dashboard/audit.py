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


def entries(store: Store, **narrowed) -> list[dict]:
    """Every entry, newest first, with its details as a dict; ``narrowed``
    to an ``actor``, an ``action``, entries ``since`` and ``until``."""
    rows = store.records("auth/audit_log", narrowed)
    for r in rows:
        r["details"] = json.loads(r["details"]) if isinstance(r["details"], str) else r["details"]
    return rows


def choices(store: Store) -> dict[str, list[str]]:
    """Every actor and every action the log holds, for its filters."""
    out: dict[str, list[str]] = {"actor": [], "action": []}
    for r in store.records("auth/audit_choices"):
        out[r["kind"]].append(r["value"])
    return out


def log(store: Store, actor: str, action: str, **details) -> None:
    """An entry for an action that writes nothing else, in its own transaction."""
    with store.write(bump=False) as cur:
        record(cur, actor, action, **details)


def exported(store: Store, actor: str, what: str, fmt: str, rows, **details) -> None:
    """One export: what, in which format, how many rows, which columns, and
    under which filters (``details``)."""
    log(
        store, actor, "export", what=what, format=fmt, n_rows=rows.num_rows,
        columns=rows.column_names, **details,
    )  # fmt: skip
