"""The ingest pipeline: a roster file in, rows in DuckDB or in ``rejected_rows``.

read (``readers``) → locate the header and the kind (``layout``) → normalise
column by column (``normalise``) → commit, each file in one transaction. No
Streamlit here: the upload page, the command line and the tests all call
``ingest``; with ``dry_run=True`` it does everything but keep it, which is how
the upload page previews a file.

Every data row read ends in exactly one place: loaded (an enrolment, a
follow-up row matched to a participant, a target) or rejected with a reason a
person can act on. Rows that are not data (blank, repeated headers, totals)
are listed in the sheet's notes. A file that cannot be read at all is refused
with one line that names it, and the database is left as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from dashboard import layout as layouts
from dashboard import normalise, readers, vocabulary
from dashboard.i18n import t
from dashboard.normalise import Rejection, Staged
from dashboard.queries import QUERIES
from dashboard.readers import Refused
from dashboard.store import Store
from dashboard.text import fold

__all__ = ["IngestResult", "Refused", "Rejection", "SheetReport", "ingest", "ingest_path"]

log = logging.getLogger(__name__)
INGEST_SQL = QUERIES / "ingest"
REPLACE_OVERLAP = 0.5  # a same-named file replaces an upload sharing half its people
PREVIEW_ROWS = 20  # normalised rows per sheet kept for the upload page's preview


@dataclass
class SheetReport:
    """What happened to one sheet; kept with the upload as JSON."""

    name: str
    kind: str | None  # participants, follow_up, targets; None when skipped
    skipped: str | None = None  # why it was not read
    header_rows: list[int] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header
    unknown_headers: dict[str, str | None] = field(default_factory=dict)  # -> suggested field
    n_read: int = 0
    n_loaded: int = 0
    n_rejected: int = 0
    notes: list[str] = field(default_factory=list)
    course: str | None = None  # the course, when named by the title or sheet, not a column
    headers: list[str] = field(default_factory=list)  # every column's header, in order


@dataclass
class IngestResult:
    file_name: str
    sha256: str
    status: str  # loaded, duplicate, refused (previewed: the same, with dry_run)
    upload_id: int | None = None
    replaced: int | None = None  # the upload this one replaced
    sheets: list[SheetReport] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    error: str | None = None
    note: str | None = None  # how a text file was decoded
    previews: dict[str, list[dict]] = field(default_factory=dict, repr=False)  # sheet -> rows

    @property
    def n_loaded(self) -> int:
        return sum(s.n_loaded for s in self.sheets)

    @property
    def n_rejected(self) -> int:
        return sum(s.n_rejected for s in self.sheets)

    @property
    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.sheets if s.kind})

    def summary(self) -> dict:
        """What the command line prints with ``--json``."""
        return {
            "file": self.file_name,
            "status": self.status,
            "upload_id": self.upload_id,
            "replaced": self.replaced,
            "kinds": self.kinds,
            "sheets_read": {
                s.name: {
                    "kind": s.kind,
                    "header_rows": s.header_rows,
                    "loaded": s.n_loaded,
                    "rejected": s.n_rejected,
                    "notes": s.notes,
                }
                for s in self.sheets
                if s.kind
            },
            "sheets_skipped": {s.name: s.skipped for s in self.sheets if not s.kind},
            "rows_loaded": self.n_loaded,
            "rows_rejected": self.n_rejected,
            "error": self.error,
        }


# -- reading and staging (no database) ---------------------------------------


def _report(lay: layouts.Layout) -> SheetReport:
    return SheetReport(
        name=lay.sheet,
        kind=lay.kind,
        skipped=lay.skipped,
        header_rows=lay.header_rows,
        mapping=lay.mapping,
        unknown_headers={h: vocabulary.label(f) if f else None for h, f in lay.unknown.items()},
        headers=[c.header for c in lay.columns],
    )


Mappings = dict[str, dict[str, str | None]]  # sheet -> header -> field (None: extra column)


def prepare(
    data: bytes, file_name: str, mappings: Mappings | None = None
) -> tuple[list[SheetReport], list[Staged], str | None]:
    """Read, locate and normalise every sheet; ``Refused`` if nothing can be used.
    ``mappings`` overrides the field found for some headers, per sheet."""
    grids = readers.read(data, file_name)
    if not any(g.n_rows for g in grids):
        raise Refused(file_name, t("ingest.no_data"))
    reports, staged = [], []
    for grid in grids:
        lay = layouts.find(grid)
        layouts.remap(lay, (mappings or {}).get(grid.name, {}))
        report = _report(lay)
        reports.append(report)
        if lay.kind:
            s = normalise.stage(grid, lay)
            if not s.n_read:
                report.kind, report.skipped = None, t("ingest.skip.no_rows")
                continue
            report.notes, report.n_read, report.course = s.notes, s.n_read, s.course
            staged.append(s)
    if not staged:
        no_rows = any(r.skipped == t("ingest.skip.no_rows") for r in reports)
        raise Refused(file_name, t("ingest.no_rows" if no_rows else "ingest.no_roster"))
    return reports, staged, grids[0].note


# -- committing --------------------------------------------------------------


@cache
def _statement(name: str) -> str:
    return (INGEST_SQL / f"{name}.sql").read_text(encoding="utf-8")


def _sql(cur, name: str, **params):
    return cur.execute(_statement(name), params or None)


def _commit_sheet(cur, upload_id: int, s: Staged) -> None:
    where = {"upload_id": upload_id, "sheet": s.layout.sheet}
    cur.register("staged", s.rows)
    try:
        if s.layout.kind == "targets":
            _sql(cur, "insert_targets", **where)
            return
        _sql(cur, "match_people")
        if s.layout.kind == "participants":
            _sql(cur, "insert_new_people", upload_id=upload_id)
            _sql(cur, "match_people")  # again, to find the people just added
            for row, first in _sql(cur, "duplicate_enrolments").fetchall():
                s.reject(row, t("ingest.reject.duplicate_row", row=first))
            _sql(cur, "insert_courses")
            _sql(cur, "insert_enrolments", **where)
        else:
            for (row,) in _sql(cur, "unmatched_rows").fetchall():
                s.reject(row, t("ingest.reject.no_match"))
            cur.register("stages", s.stages)
            _sql(cur, "insert_follow_ups", **where)
            cur.unregister("stages")
        cur.execute("drop table matched")
    finally:
        cur.unregister("staged")


def _name_key(file_name: str) -> str:
    """A file's name without the marks of a new version: "Course A (2).xlsx",
    "course_a_v3.xlsx" and "Course A - corrected.xlsx" are one roster."""
    stem = Path(file_name).stem.lower()
    marks = r"[\s_\-.]*(\(\d+\)|\(?(v\d+|rev\d*|final|corrected|fixed|updated|copy|new)\)?)$"
    while (shorter := re.sub(marks, "", stem)) != stem:
        stem = shorter
    return fold(stem)


def _replaced(cur, upload_id: int, file_name: str, replaces: int | None) -> int | None:
    """The active upload this one corrects: named explicitly, or the same
    roster by name sharing at least half its people (or governorates)."""
    if replaces is not None:
        return replaces
    key = _name_key(file_name)
    candidates = [
        u
        for u, name in cur.execute(
            "select upload_id, file_name from uploads where status = 'active'"
            " and upload_id <> $id order by upload_id desc",
            {"id": upload_id},
        ).fetchall()
        if _name_key(name) == key
    ]
    for earlier in candidates:
        overlap = _sql(cur, "upload_overlap", new=upload_id, old=earlier).fetchone()[0]
        if overlap is not None and overlap >= REPLACE_OVERLAP:
            return earlier
    return None


def _insert_upload(cur, result: IngestResult, size: int, who: str) -> int:
    return cur.execute(
        "insert into uploads (file_name, sha256, size_bytes, uploaded_by, kinds, sheets,"
        " n_rows_read, n_rows_loaded, n_rows_rejected)"
        " values ($f, $sha, $size, $who, [], '[]', 0, 0, 0) returning upload_id",
        {"f": result.file_name, "sha": result.sha256, "size": size, "who": who},
    ).fetchone()[0]


def _finish_upload(cur, upload_id: int, result: IngestResult) -> None:
    if result.rejections:
        cur.executemany(
            "insert into rejected_rows (upload_id, sheet, row_number, reason, raw)"
            " values (?, ?, ?, ?, ?)",
            [
                (upload_id, r.sheet, r.row_number, r.reason, json.dumps(r.raw, ensure_ascii=False))
                for r in result.rejections
            ],
        )
    cur.execute(
        "update uploads set kinds = $kinds, sheets = $sheets, n_rows_read = $read,"
        " n_rows_loaded = $loaded, n_rows_rejected = $rejected where upload_id = $id",
        {
            "id": upload_id,
            "kinds": [s.kind for s in result.sheets if s.kind],
            "sheets": json.dumps([asdict(s) for s in result.sheets], ensure_ascii=False),
            "read": sum(s.n_read for s in result.sheets),
            "loaded": result.n_loaded,
            "rejected": result.n_rejected,
        },
    )


class _Preview(Exception):
    """Raised inside the transaction to roll a dry run back."""


def ingest(
    store: Store,
    data: bytes,
    file_name: str,
    uploaded_by: str = "unknown",
    *,
    replaces: int | None = None,
    dry_run: bool = False,
    mappings: Mappings | None = None,
    progress: Callable[[float], None] | None = None,
) -> IngestResult:
    """Read one file and commit it whole, or refuse it whole.

    A file already uploaded (same bytes) changes nothing. A corrected version
    of an active upload replaces it (``replaces``, or found by name and
    content); the earlier upload is marked replaced, not deleted.
    ``mappings`` overrides the field found for some headers (see ``prepare``);
    ``progress`` is told the share of the work done, from 0 to 1.
    """
    step = progress or (lambda done: None)
    file_name = Path(file_name).name
    sha = hashlib.sha256(data).hexdigest()
    result = IngestResult(file_name=file_name, sha256=sha, status="refused")
    earlier = store.scalar("select min(upload_id) from uploads where sha256 = $sha", {"sha": sha})
    if earlier is not None:
        result.status, result.upload_id = "duplicate", earlier
        return result
    try:
        result.sheets, staged, result.note = prepare(data, file_name, mappings)
        result.previews = {
            s.layout.sheet: s.rows.slice(0, PREVIEW_ROWS).to_pylist() for s in staged
        }
        step(0.6)
        with store.write() as cur:
            upload_id = _insert_upload(cur, result, len(data), uploaded_by)
            cur.execute(
                "insert into files select $sha, $size, $content"
                " where not exists (select 1 from files where sha256 = $sha)",
                {"sha": sha, "size": len(data), "content": data},
            )
            reports = {r.name: r for r in result.sheets}
            for i, s in enumerate(staged, start=1):
                _commit_sheet(cur, upload_id, s)
                step(0.6 + 0.35 * i / len(staged))
                report = reports[s.layout.sheet]
                report.n_rejected = len(s.rejections)
                report.n_loaded = report.n_read - report.n_rejected
                result.rejections += s.rejections
            _finish_upload(cur, upload_id, result)
            result.replaced = _replaced(cur, upload_id, file_name, replaces)
            if result.replaced is not None:
                old = {"id": result.replaced}
                cur.execute("update uploads set status = 'replaced' where upload_id = $id", old)
                cur.execute(
                    "update uploads set replaces_upload_id = $old where upload_id = $new",
                    {"old": result.replaced, "new": upload_id},
                )
            result.status, result.upload_id = "loaded", upload_id
            if dry_run:
                raise _Preview
    except _Preview:
        result.status, result.upload_id = "previewed", None
    except Refused as exc:
        result.error, result.status, result.upload_id = str(exc), "refused", None
    except Exception as exc:  # a fault of ours: say so in one line, keep the trace in the log
        log.exception("ingest of %s failed", file_name)
        detail = readers.one_line(exc)
        result.error = str(Refused(file_name, t("ingest.failed", detail=detail)))
        result.status, result.upload_id = "refused", None
    return result


def ingest_path(store: Store, path: str | Path, uploaded_by: str = "unknown", **kw) -> IngestResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return IngestResult(
            path.name, "", "refused", error=f"{path.name}: cannot be opened ({exc.strerror})"
        )
    return ingest(store, data, path.name, uploaded_by, **kw)
