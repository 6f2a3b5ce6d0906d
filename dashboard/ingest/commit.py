"""Stage 6, commit: one file's facts into the store, in one transaction.

Everything a file contributes lands together or not at all: the upload
record (marked committed last), the original bytes, new people and what each
row says about them, enrolments, follow-ups, follow-ups waiting for their
roster, targets, and every rejected row with its reason, written in bulk.
The duplicate check, the replacement of an earlier version and the "what
changed" a person reads afterwards are all computed inside the same
transaction, so two people committing at once see only their own change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from dashboard import audit
from dashboard.i18n import msg
from dashboard.ingest import identity
from dashboard.ingest.normalise import Staged
from dashboard.ingest.read import Refused
from dashboard.ingest.report import IngestResult, SheetReport
from dashboard.store import Store, run
from dashboard.text import fold

REPLACE_OVERLAP = 0.5  # a same-named file replaces an upload sharing half its people


class Duplicate(Exception):
    """The same bytes were uploaded before (upload ``upload_id``)."""

    def __init__(self, upload_id: int):
        self.upload_id = upload_id
        super().__init__(upload_id)


class Preview(Exception):
    """Raised inside the transaction to roll a dry run back."""


def commit(
    store: Store,
    result: IngestResult,
    staged: list[Staged],
    data: bytes,
    uploaded_by: str,
    *,
    replaces: int | None = None,
    dry_run: bool = False,
    chosen: dict[str, dict] | None = None,
    step: Callable[[float], None] = lambda done: None,
    actor: str | None = None,
    replaceable_by: str | None = None,
) -> None:
    """Commit ``staged`` as one upload, filling in ``result``; ``Duplicate``
    if the file is there already, ``Preview`` after a dry run's rollback."""
    with store.write() as cur:
        earlier = cur.execute(
            "select min(upload_id) from uploads where sha256 = $sha", {"sha": result.sha256}
        ).fetchone()[0]
        if earlier is not None:
            raise Duplicate(earlier)
        result.before = run(cur, "coverage").to_arrow_table().to_pylist()
        upload_id = _insert_upload(cur, result, len(data), uploaded_by)
        store.touch(cur, upload_id, new=True)
        kept = cur.execute("select 1 from files where sha256 = $sha", {"sha": result.sha256})
        if kept.fetchone() is None:  # a plain insert: a blob under "where" is read slowly
            cur.execute(
                "insert into files values ($sha, $size, $content)",
                {"sha": result.sha256, "size": len(data), "content": data},
            )
        reports = {r.name: r for r in result.sheets}
        for i, s in enumerate(staged, start=1):
            _commit_sheet(cur, upload_id, s, reports[s.mapped.sheet])
            step(0.6 + 0.3 * i / len(staged))
            result.rejections += s.rejections
        if any("participants" in s.facts for s in staged):
            result.n_linked = identity.link_pending(cur)
        _insert_rejected(cur, upload_id, staged)
        for s in staged:  # the rows are in the store now: let their memory go
            s.rows = s.rows.slice(0, 0)
            s.sheet = None
        result.replaced = _replaced(cur, upload_id, result, replaces, replaceable_by)
        if result.replaced is not None:
            store.touch(cur, result.replaced)
            cur.execute(
                "update uploads set status = 'replaced' where upload_id = $id",
                {"id": result.replaced},
            )
            cur.execute(
                "update uploads set replaces_upload_id = $old where upload_id = $new",
                {"old": result.replaced, "new": upload_id},
            )
            identity.correct_replaced(cur, upload_id, result.replaced)
        _remember(cur, upload_id, result.sheets, chosen or {})
        _finish_upload(cur, upload_id, result)
        audit.record(
            cur, actor or uploaded_by, "upload" if result.replaced is None else "replacement",
            upload_id=upload_id, file=result.file_name, sha256=result.sha256,
            n_loaded=result.n_loaded, n_rejected=result.n_rejected, replaces=result.replaced,
        )  # fmt: skip
        store.refresh(cur)
        result.after = run(cur, "coverage").to_arrow_table().to_pylist()
        if result.replaced is not None:
            result.diff = (
                run(cur, "upload_diff", old=result.replaced, new=upload_id)
                .to_arrow_table()
                .to_pylist()
            )
        result.status, result.upload_id = "loaded", upload_id
        if dry_run:
            raise Preview


def _commit_sheet(cur, upload_id: int, s: Staged, report: SheetReport) -> None:
    # A sheet's own rows are few for DuckDB (100,000 fill one row group): its
    # statements run faster on one thread than split over two (a 100k
    # combined roster's sheet 0.67 → 0.48 s, interleaved medians). The refresh of the whole
    # store's read tables, after, has every thread again.
    threads = cur.execute("select current_setting('threads')").fetchone()[0]
    cur.execute("set threads = 1")
    try:
        _commit_rows(cur, upload_id, s, report)
    finally:
        cur.execute(f"set threads = {int(threads)}")


def _commit_rows(cur, upload_id: int, s: Staged, report: SheetReport) -> None:
    where = {"upload_id": upload_id, "sheet": s.mapped.sheet}
    # Into DuckDB once: the statements below read the rows six times.
    cur.register("staged_rows", s.rows)
    cur.execute("create or replace temp table staged as select * from staged_rows")
    cur.unregister("staged_rows")
    try:
        if "targets" in s.facts:
            run(cur, "ingest/insert_targets", **where)
        elif "participants" in s.facts:
            for row, first in identity.group(cur):
                s.reject(row, msg("ingest.reject.duplicate_row", row=first))
            identity.people(cur, creating=True)
            identity.add_new(cur, upload_id)
            report.n_proposed = identity.propose(cur, upload_id)
            run(cur, "ingest/loaded_rows")
            run(cur, "ingest/insert_person_rows", **where)
            run(cur, "ingest/insert_courses")
            run(cur, "ingest/insert_enrolments", **where)
            if s.stages is not None:
                cur.register("stages", s.stages)
                run(cur, "ingest/insert_follow_ups", **where, with_extra=False)
                cur.unregister("stages")
        elif "follow_up" in s.facts:
            identity.group_tracker(cur)
            identity.people(cur, creating=False)
            run(cur, "ingest/loaded_rows")
            cur.register("stages", s.stages)
            run(cur, "ingest/insert_follow_ups", **where, with_extra=True)
            report.n_pending = len(run(cur, "ingest/insert_pending", **where).fetchall())
            cur.unregister("stages")
    finally:  # the working tables go at once: memory is the store's, not theirs
        for table in (
            "staged",
            "staged_people",
            "matched",
            "new_people",
            "duplicate_rows",
        ):
            cur.execute(f"drop table if exists {table}")
        cur.execute("drop view if exists loaded")
    report.n_rejected = len(s.rejections)
    report.n_loaded = report.n_read - report.n_set_aside - report.n_rejected - report.n_pending


def _insert_rejected(cur, upload_id: int, staged: list[Staged]) -> None:
    for s in staged:
        if s.rejections:
            cur.register("rejected", s.rejected_table())
            try:
                run(cur, "ingest/insert_rejected", upload_id=upload_id)
            finally:
                cur.unregister("rejected")


def name_key(file_name: str) -> str:
    """A file's name without the marks of a new version: "Course A (2).xlsx",
    "course_a_v3.xlsx" and "Course A - corrected.xlsx" are one roster."""
    stem = Path(file_name).stem.lower()
    marks = r"[\s_\-.]*(\(\d+\)|\(?(v\d+|rev\d*|final|corrected|fixed|updated|copy|new)\)?)$"
    while (shorter := re.sub(marks, "", stem)) != stem:
        stem = shorter
    return fold(stem)


def _replaced(
    cur, upload_id: int, result: IngestResult, replaces: int | None, replaceable_by: str | None
) -> int | None:
    """The active upload this one corrects: named explicitly, or the same
    roster by name sharing at least half its people (or governorates). With
    ``replaceable_by``, only that uploader's uploads (staff replace their
    own, as they withdraw their own): naming another's is refused."""
    uploads = cur.execute(
        "select upload_id, file_name, uploaded_by from uploads where status = 'active'"
        " and upload_id <> $id order by upload_id desc",
        {"id": upload_id},
    ).fetchall()
    if replaces is not None:
        if replaceable_by is not None and (replaces, replaceable_by) not in {
            (u, by) for u, _, by in uploads
        }:
            raise Refused(result.file_name, msg("ingest.not_yours", id=replaces))
        return replaces
    key = name_key(result.file_name)
    candidates = [
        u for u, name, by in uploads if name_key(name) == key and replaceable_by in (None, by)
    ]
    for earlier in candidates:
        overlap = run(cur, "ingest/upload_overlap", new=upload_id, old=earlier).fetchone()[0]
        if overlap is not None and overlap >= REPLACE_OVERLAP:
            return earlier
    return None


def _insert_upload(cur, result: IngestResult, size: int, who: str) -> int:
    # The next number after the last upload, not a sequence's: a preview
    # (rolled back) or a refusal then uses none, and uploads are numbered
    # without gaps. Writes are serialised (Store.write), so two cannot take one.
    upload_id = cur.execute("select coalesce(max(upload_id), 0) + 1 from uploads").fetchone()[0]
    cur.execute(
        "insert into uploads (upload_id, file_name, sha256, size_bytes, uploaded_by, kinds,"
        " sheets, n_rows_read, n_rows_loaded, n_rows_rejected)"
        " values ($id, $f, $sha, $size, $who, [], '[]', 0, 0, 0)",
        {"id": upload_id, "f": result.file_name, "sha": result.sha256, "size": size, "who": who},
    )
    return upload_id


def _finish_upload(cur, upload_id: int, result: IngestResult) -> None:
    cur.execute(
        "update uploads set kinds = $kinds, sheets = $sheets, n_rows_read = $read,"
        " n_rows_loaded = $loaded, n_rows_rejected = $rejected, n_rows_set_aside = $aside,"
        " n_rows_pending = $pending, committed_at = current_timestamp where upload_id = $id",
        {
            "id": upload_id,
            "kinds": [s.kind for s in result.sheets if s.kind],
            "sheets": json.dumps([s.to_json() for s in result.sheets], ensure_ascii=False),
            "read": sum(s.n_read for s in result.sheets),
            "loaded": result.n_loaded,
            "rejected": result.n_rejected,
            "aside": sum(s.n_set_aside for s in result.sheets),
            "pending": result.n_pending,
        },
    )


def _remember(cur, upload_id: int, sheets: list[SheetReport], chosen: dict[str, dict]) -> None:
    """A person's corrections to a sheet's mapping, for the next sheet with
    the same headers."""
    for s in sheets:
        if s.shape and chosen.get(s.name) and s.mapping_from == "user":
            # Deleted, then inserted: PostgreSQL through DuckDB has no "insert or replace".
            cur.execute("delete from saved_mappings where shape_key = $shape", {"shape": s.shape})
            cur.execute(
                "insert into saved_mappings (shape_key, mapping, upload_id)"
                " values ($shape, $mapping, $id)",
                {"shape": s.shape, "mapping": json.dumps(chosen[s.name]), "id": upload_id},
            )
