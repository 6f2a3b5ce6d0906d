"""Uploads after the fact: history, withdraw and restore, originals, fix-it workbooks.

An upload is never deleted. Withdrawing one makes its rows stop counting
everywhere (every query reads the ``active_*`` views); restoring it makes them
count again. Restoring an upload that a corrected version replaced withdraws
that corrected version, so one roster never counts twice.
"""

from __future__ import annotations

import json
import re
from datetime import date

from dashboard import access, audit, workbooks
from dashboard.auth import User
from dashboard.i18n import Message, direction, t
from dashboard.store import Store


class UnknownUpload(LookupError):
    def __init__(self, upload_id: int):
        super().__init__(t("uploads.unknown", id=upload_id))


def history(store: Store) -> list[dict]:
    return store.records("uploads")


def _one(store: Store, sql: str, upload_id: int) -> tuple:
    """The row ``sql`` selects for ``$id``, or ``UnknownUpload``."""
    with store.cursor() as cur:
        row = cur.execute(sql, {"id": upload_id}).fetchone()
    if row is None:
        raise UnknownUpload(upload_id)
    return row


def _owned(store: Store, upload_id: int, user: User) -> None:
    """The upload exists and ``user`` may change it (``access``), or why not."""
    uploaded_by = _one(store, "select uploaded_by from uploads where upload_id = $id", upload_id)[0]
    access.require_upload_owner(user, upload_id, uploaded_by)


def withdraw(store: Store, upload_id: int, user: User) -> None:
    """Stop counting an upload's rows."""
    _owned(store, upload_id, user)
    with store.write() as cur:
        cur.execute(
            "update uploads set status = 'withdrawn' where upload_id = $id", {"id": upload_id}
        )
        audit.record(cur, user.email, "withdraw", upload_id=upload_id)


def restore(store: Store, upload_id: int, user: User) -> list[int]:
    """Count an upload's rows again; returns the uploads withdrawn in exchange
    (the corrected versions that had replaced it)."""
    _owned(store, upload_id, user)
    with store.write() as cur:
        swapped = [
            u
            for (u,) in cur.execute(
                "select upload_id from uploads"
                " where replaces_upload_id = $id and status = 'active'",
                {"id": upload_id},
            ).fetchall()
        ]  # read, then changed: PostgreSQL through DuckDB returns nothing from an update
        cur.execute(
            "update uploads set status = 'withdrawn' where replaces_upload_id = $id"
            " and status = 'active'",
            {"id": upload_id},
        )
        cur.execute("update uploads set status = 'active' where upload_id = $id", {"id": upload_id})
        audit.record(cur, user.email, "restore", upload_id=upload_id, withdrawn=sorted(swapped))
    return sorted(swapped)


def original(store: Store, upload_id: int) -> tuple[str, bytes]:
    """The file as it was uploaded: its name and its bytes."""
    name, content = _one(
        store,
        "select u.file_name, f.content from uploads u join files f using (sha256)"
        " where u.upload_id = $id",
        upload_id,
    )
    return name, bytes(content)


def fixit(store: Store, upload_id: int) -> tuple[str, bytes] | None:
    """A workbook of the upload's rejected rows, as they were written, with
    the reason beside each: correct it and upload it again. ``None`` when
    nothing was rejected."""
    name, sheets_json = _one(
        store, "select file_name, sheets from uploads where upload_id = $id", upload_id
    )
    with store.cursor() as cur:
        rows = cur.execute(
            "select sheet, row_number, reason, raw, reason_key, reason_values from rejected_rows"
            " where upload_id = $id order by sheet, row_number",
            {"id": upload_id},
        ).fetchall()
    if not rows:
        return None
    courses = {s["name"]: s.get("course") for s in json.loads(sheets_json)}
    reason, row_in = t("fixit.reason"), t("fixit.row")
    sheets: dict[str, tuple[list, list]] = {}
    for sheet, row_number, why, raw, key, values in rows:
        if key:  # rendered in the reader's language from the key kept
            why = Message(key, json.loads(values or "{}")).render()
        cells = {k: _typed(v) for k, v in json.loads(raw).items()}
        course = courses.get(sheet)
        if course:  # the course came from the title or sheet name: keep it on each row
            cells = {t("fixit.course"): course, **cells}
        _, body = sheets.setdefault(sheet, ([*cells, reason, row_in], []))
        body.append([*cells.values(), why, row_number])
    stem = name.rsplit(".", 1)[0]
    book = workbooks.roster(sheets, right_to_left=direction() == "rtl")  # in the reader's language
    return f"{stem} - fix-it.xlsx", workbooks.to_bytes(book)


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?$")  # how the reader wrote a date cell
_WHOLE = re.compile(r"^[1-9]\d{0,5}$|^0$")  # a count or a serial; not a phone (0770…)


def _typed(value):
    """A rejected row's cell as the file had it: the reader kept every cell
    as text; a date cell comes back a date, a small whole number a number,
    everything else text (a phone keeps its leading zero)."""
    if not isinstance(value, str):
        return value
    found = _DAY.match(value)
    if found:
        try:
            return date(*map(int, found.groups()))
        except ValueError:
            return value
    return int(value) if _WHOLE.match(value) else value
