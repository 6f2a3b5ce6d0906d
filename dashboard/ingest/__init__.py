"""The ingest pipeline: a roster file in, facts in DuckDB or in ``rejected_rows``.

One stage a module, in the order data flows, each taking the previous one's
output and never reaching back:

    read        bytes -> grids of text, in a bounded worker process
    locate      where the table is: header rows, title block, merged cells
    fields      what each column means, what the sheet says once for all
                rows, and which facts the sheet can give
    normalise   typed rows, column by column; rows that are not people set
                aside; rows that cannot be used rejected with a reason
    identity    who each row is about, never merging two people wrongly
    commit      everything in one transaction

No Streamlit here: the upload page, the command line and the tests all call
``ingest``; with ``dry_run=True`` it does everything but keep it, which is how
the upload page previews a file.

Every data row read ends in exactly one place: loaded, waiting for its roster
(a follow-up about someone not loaded yet), set aside as not a person (blank,
repeated header, total, breakdown, footer, note), or rejected with a reason a
person can act on. A file that cannot be read at all is refused with one line
that names it, and the database is left as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

from dashboard.i18n import msg
from dashboard.ingest import commit as committing
from dashboard.ingest import fields, locate, normalise, read
from dashboard.ingest.normalise import Rejection, Staged
from dashboard.ingest.read import Refused
from dashboard.ingest.report import IngestResult, SheetReport
from dashboard.store import Store
from dashboard.text import fold

__all__ = [
    "IngestResult",
    "Refused",
    "Rejection",
    "SheetReport",
    "ingest",
    "ingest_path",
    "load_mapping",
    "prepare",
]

log = logging.getLogger(__name__)
PREVIEW_ROWS = 20  # normalised rows per sheet kept for the upload page's preview
Mappings = dict[str, dict[str, str | None]]  # sheet -> header -> field (None: extra column)
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def shape(located: locate.Located) -> str | None:
    """A sheet's shape: its set of headers, whatever their order."""
    if not located.cells:
        return None
    labels = sorted({fold(c.label) for c in located.cells})
    return hashlib.sha1("\x1f".join(labels).encode()).hexdigest()[:16]


def prepare(
    data: bytes,
    file_name: str,
    mappings: Mappings | None = None,
    remembered: dict[str, dict] | None = None,
) -> tuple[list[SheetReport], list[Staged], object]:
    """Read, locate, map and normalise every sheet; ``Refused`` if nothing
    can be used. ``mappings`` overrides the field found for some headers, per
    sheet; ``remembered`` holds mappings people chose before, by shape."""
    grids = read.read(data, file_name)
    if not any(g.n_rows for g in grids):
        raise Refused(file_name, msg("ingest.no_data"))
    sheets: list[tuple[read.Grid, fields.Mapped, SheetReport]] = []
    for grid in grids:
        located = locate.find(grid)
        chosen, how = (mappings or {}).get(grid.name) or (mappings or {}).get("*"), "user"
        key = shape(located)
        if not chosen and key and key in (remembered or {}):
            chosen, how = remembered[key], "remembered"
        mapped = fields.map_sheet(grid, located, chosen, how)
        report = SheetReport.of(mapped)
        report.shape, report.mapping_from = key, how if chosen else None
        sheets.append((grid, mapped, report))
    fields.join_parents({g.name: g for g, _, _ in sheets}, [m for _, m, _ in sheets])
    reports, staged = [], []
    for grid, mapped, report in sheets:
        if mapped.facts:  # joining a parent may have changed what a sheet gives
            fresh = SheetReport.of(mapped)
            report.facts, report.why, report.columns = fresh.facts, fresh.why, fresh.columns
            report.context, report.skipped = fresh.context, fresh.skipped
        reports.append(report)
        if mapped.facts == ["context"]:  # a parent sheet: its rows serve the child's
            rows = list(range(mapped.located.first_data_row + 1, grid.n_rows + 1))
            report.n_read, report.set_aside = len(rows), {"context": rows}
            continue
        if not mapped.facts:
            continue
        s = normalise.stage(grid, mapped)
        if not s.rows.num_rows and not s.rejections:
            report.facts, report.skipped = [], msg("ingest.skip.no_rows")
            continue
        report.notes, report.n_read, report.set_aside = s.notes, s.n_read, s.set_aside
        staged.append(s)
    if not staged:
        no_rows = any(r.skipped and r.skipped.key == "ingest.skip.no_rows" for r in reports)
        raise Refused(file_name, msg("ingest.no_rows" if no_rows else "ingest.no_roster"))
    return reports, staged, grids[0].note


def safe_name(file_name: str) -> str:
    """A file's name as shown: no path, no control or bidi characters (a
    name with U+202E shows "Aliexe.png")."""
    name = _UNSAFE_NAME.sub("", Path(file_name.replace("\\", "/")).name).strip()
    return name or "upload"


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
    actor: str | None = None,
    replaceable_by: str | None = None,
) -> IngestResult:
    """Read one file and commit it whole, or refuse it whole.

    A file already uploaded (same bytes) changes nothing. A corrected version
    of an active upload replaces it (``replaces``, or found by name and
    content); the earlier upload is marked replaced, not deleted.
    ``mappings`` overrides the field found for some headers (see ``prepare``);
    ``progress`` is told the share of the work done, from 0 to 1. A
    commit writes one audit entry in its own transaction, by ``actor`` (the
    signed-in user; ``uploaded_by`` when not given). ``replaceable_by``
    keeps replacement to that uploader's own uploads (staff's, not an admin's).
    """
    step = progress or (lambda done: None)
    file_name = safe_name(file_name)
    sha = hashlib.sha256(data).hexdigest()
    result = IngestResult(file_name=file_name, sha256=sha, status="refused")
    earlier = store.scalar("select min(upload_id) from uploads where sha256 = $sha", {"sha": sha})
    if earlier is not None:  # checked again inside the commit, against a race
        result.status, result.upload_id = "duplicate", earlier
        return result
    try:
        remembered = dict(
            (k, json.loads(v))
            for k, v in store.cursor()
            .execute("select shape_key, mapping from saved_mappings")
            .fetchall()
        )
        result.sheets, staged, result.note = prepare(data, file_name, mappings, remembered)
        result.previews = {
            s.mapped.sheet: s.rows.slice(0, PREVIEW_ROWS).to_pylist() for s in staged
        }
        step(0.6)
        committing.commit(
            store, result, staged, data, uploaded_by,
            replaces=replaces, dry_run=dry_run, chosen=mappings, step=step, actor=actor,
            replaceable_by=replaceable_by,
        )  # fmt: skip
    except committing.Preview:
        result.status, result.upload_id = "previewed", None
    except committing.Duplicate as exc:
        result.status, result.upload_id = "duplicate", exc.upload_id
    except Refused as exc:
        result.error, result.status, result.upload_id = exc.line(), "refused", None
    except Exception as exc:  # a fault of ours: say so in one line, keep the trace in the log
        log.exception("ingest of %s failed", file_name)
        result.error = Refused(file_name, msg("ingest.failed", detail=read.one_line(exc))).line()
        result.status, result.upload_id = "refused", None
    return result


def ingest_path(store: Store, path: str | Path, uploaded_by: str = "unknown", **kw) -> IngestResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return IngestResult(
            path.name,
            "",
            "refused",
            error=Refused(path.name, msg("ingest.cannot_open", reason=exc.strerror or "")).line(),
        )
    return ingest(store, data, path.name, uploaded_by, **kw)


def load_mapping(text: str) -> Mappings:
    """A mapping file (``--mapping FILE.json``): ``{header: field}`` for every
    sheet, or ``{sheet: {header: field}}``; a field of null keeps the column
    as an extra one."""
    from dashboard.ingest import vocabulary

    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("a mapping file holds a JSON object")
    sheets = {"*": data} if all(isinstance(v, str | None) for v in data.values()) else data
    for sheet, chosen in sheets.items():
        if not isinstance(chosen, dict):
            raise ValueError(f"sheet {sheet!r}: expected {{header: field}}")
        unknown = sorted(
            f for f in chosen.values() if f is not None and f not in vocabulary.fields()
        )
        if unknown:
            raise ValueError(
                f"unknown field(s) {', '.join(unknown)}; known: {', '.join(vocabulary.fields())}"
            )
    return {sheet: dict(m) for sheet, m in sheets.items()}
