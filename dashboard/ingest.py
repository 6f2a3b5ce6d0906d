"""The ingest pipeline: a roster file in, rows in DuckDB or in ``rejected_rows``.

read → find roster kind → map columns → normalise → validate → commit, each
file in one transaction. No Streamlit here: the upload page, the command line
and the tests all call ``ingest``.

Every data row read ends in exactly one place: loaded (an enrolment, a
follow-up row matched to a participant, a target) or rejected with a reason a
person can act on. A file that cannot be read at all is refused with one line
that names it, and the database is left as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import fastexcel
import pyarrow as pa

from dashboard import STAGES, gazetteer, vocabulary
from dashboard.queries import QUERIES
from dashboard.store import Store
from dashboard.text import clean_display, digits, fold

log = logging.getLogger(__name__)

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv"}
INGEST_SQL = QUERIES / "ingest"


class Refused(Exception):
    """A file that cannot be taken at all; ``str()`` is the one line shown."""

    def __init__(self, file_name: str, message: str, sheet: str | None = None):
        self.file_name, self.message, self.sheet = file_name, message, sheet
        where = f"{file_name}, sheet {sheet!r}" if sheet else file_name
        super().__init__(f"{where}: {message}")


@dataclass
class Sheet:
    """One sheet as read: the header row and the data below it, by column."""

    name: str
    header_row: int  # 1-based, as Excel shows it
    headers: list[str]
    columns: list[list[Any]]

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def row_number(self, i: int) -> int:
        return self.header_row + 1 + i

    def raw(self, i: int) -> dict[str, Any]:
        return {h: _jsonable(col[i]) for h, col in zip(self.headers, self.columns, strict=True)}


@dataclass
class SheetReport:
    name: str
    kind: str | None  # participants, follow_up, targets; None when skipped
    header_row: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header
    unknown_headers: list[str] = field(default_factory=list)
    n_read: int = 0
    n_loaded: int = 0
    n_rejected: int = 0
    skipped: str | None = None  # why it was not read


@dataclass
class Rejection:
    sheet: str
    row_number: int
    reason: str
    raw: dict[str, Any]


@dataclass
class IngestResult:
    file_name: str
    sha256: str
    status: str  # loaded, duplicate, refused
    upload_id: int | None = None
    sheets: list[SheetReport] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    error: str | None = None

    @property
    def n_loaded(self) -> int:
        return sum(s.n_loaded for s in self.sheets)

    @property
    def n_rejected(self) -> int:
        return sum(s.n_rejected for s in self.sheets)

    def summary(self) -> dict:
        """What the command line prints with ``--json``."""
        return {
            "file": self.file_name,
            "status": self.status,
            "upload_id": self.upload_id,
            "kinds": sorted({s.kind for s in self.sheets if s.kind}),
            "sheets_read": [s.name for s in self.sheets if s.kind],
            "sheets_skipped": {s.name: s.skipped for s in self.sheets if not s.kind},
            "rows_loaded": self.n_loaded,
            "rows_rejected": self.n_rejected,
            "error": self.error,
        }


# -- reading ---------------------------------------------------------------


def read_sheets(data: bytes, file_name: str) -> list[Sheet]:
    suffix = Path(file_name).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(data, file_name)
    if suffix in TEXT_SUFFIXES:
        return [_read_csv(data, file_name)]
    raise Refused(file_name, "not a spreadsheet (expected .xlsx, .xlsm, .xls, .ods or .csv)")


def _read_excel(data: bytes, file_name: str) -> list[Sheet]:
    try:
        reader = fastexcel.read_excel(data)
        sheets = []
        for name in reader.sheet_names:
            batch = reader.load_sheet(name, header_row=0).to_arrow()
            sheets.append(
                Sheet(
                    name=name,
                    header_row=1,
                    headers=[_header(h) for h in batch.schema.names],
                    columns=[col.to_pylist() for col in batch.columns],
                )
            )
        return sheets
    except Refused:
        raise
    except Exception as exc:  # the reader's own words, on one line
        raise Refused(file_name, f"cannot be read as a workbook ({_one_line(exc)})") from exc


def _read_csv(data: bytes, file_name: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(file_name, "is not UTF-8 text; save it as 'CSV UTF-8'") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise Refused(file_name, "is empty")
    headers = [_header(h) for h in rows[0]]
    body = [r + [None] * (len(headers) - len(r)) for r in rows[1:]]
    columns = [[r[j] if r[j] != "" else None for r in body] for j in range(len(headers))]
    return Sheet(name=Path(file_name).stem, header_row=1, headers=headers, columns=columns)


def _header(name: str) -> str:
    return "" if name.startswith("__UNNAMED__") else clean_display(name)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# -- kind and mapping ------------------------------------------------------


def plan(sheet: Sheet) -> SheetReport:
    """Map headers to fields and tell what kind of roster the sheet holds."""
    report = SheetReport(name=sheet.name, kind=None, header_row=sheet.header_row)
    for header in sheet.headers:
        name = vocabulary.field_for(header)
        if name and name not in report.mapping:
            report.mapping[name] = header
        elif header and not name:
            report.unknown_headers.append(header)
    mapped = set(report.mapping)
    if "full_name" in mapped and mapped & set(STAGES):
        report.kind = "follow_up"
    elif "full_name" in mapped:
        report.kind = "participants"
    elif "governorate" in mapped and mapped & {"planned_participants", "planned_women_share"}:
        report.kind = "targets"
    else:
        report.skipped = "no roster columns found (such as Full name, Gender, Governorate)"
    return report


# -- values ----------------------------------------------------------------

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%d %b %Y")


class BadValue(ValueError):
    pass


def as_text(value: Any, header: str = "") -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_display(value)
    return text or None


def as_date(value: Any, header: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = digits(str(value)).strip()
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d\d-\d\d \d", text) else text
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadValue(f"{value!r} in column {header!r} is not a date (write it as day/month/year)")


def as_number(value: Any, header: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = digits(str(value)).strip().replace(",", "").rstrip("%")
    try:
        number = float(text)
    except ValueError:
        raise BadValue(f"{value!r} in column {header!r} is not a number") from None
    return number / 100 if str(value).strip().endswith("%") else number


def as_yes_no(value: Any, header: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    answer = vocabulary.value("yes_no", value)
    if answer is None:
        raise BadValue(f"{value!r} in column {header!r} is not yes or no")
    return answer == "yes"


def phone_key(phone: str | None) -> str | None:
    """Digits of a phone number without country code or trunk zero."""
    if not phone:
        return None
    d = re.sub(r"\D", "", digits(phone))
    d = d.removeprefix("00").removeprefix("964").lstrip("0")
    return d or None


# -- normalising, one kind at a time ---------------------------------------


class _Cells:
    """The mapped columns of a sheet: ``get(field, i, parse)`` is the parsed
    cell, or ``None`` when the sheet has no column for that field."""

    def __init__(self, sheet: Sheet, report: SheetReport):
        index = {h: j for j, h in enumerate(sheet.headers)}
        self.mapping = report.mapping
        self.columns = {f: sheet.columns[index[h]] for f, h in report.mapping.items()}

    def __contains__(self, field: str) -> bool:
        return field in self.columns

    def raw(self, field: str, i: int) -> Any:
        return self.columns[field][i] if field in self.columns else None

    def get(self, field: str, i: int, parse=as_text) -> Any:
        if field not in self.columns:
            return None
        return parse(self.columns[field][i], self.mapping[field])


def _is_blank(sheet: Sheet, i: int) -> bool:
    return all(
        col[i] is None or (isinstance(col[i], str) and not col[i].strip()) for col in sheet.columns
    )


def _person(cells: _Cells, i: int) -> dict[str, Any]:
    name = cells.get("full_name", i)
    if not name:
        raise BadValue(f"no name in column {cells.mapping['full_name']!r}")
    gov_text = cells.get("governorate", i)
    pcode = gazetteer.resolve(gov_text)
    phone = cells.get("phone", i)
    return {
        "full_name": name,
        "name_key": fold(name),
        "gender": vocabulary.value("gender", cells.get("gender", i)) or "unknown",
        "governorate_pcode": pcode,
        "governorate_raw": gov_text if gov_text and not pcode else None,
        "person_ref": cells.get("person_ref", i),
        "phone": phone,
        "phone_key": phone_key(phone),
        "unit": cells.get("unit", i),
        "rank": cells.get("rank", i),
    }


def _participant_row(cells: _Cells, sheet: Sheet, i: int) -> dict[str, Any]:
    row = _person(cells, i)
    course = cells.get("course", i) or sheet.name
    row |= {
        "course_name": course,
        "course_key": fold(course),
        "programme": cells.get("programme", i),
        "is_completed": cells.get("completed", i, as_yes_no),
    }
    for f in ("start_date", "end_date"):
        row[f] = cells.get(f, i, as_date)
    for f in ("days_attended", "pre_score", "post_score"):
        row[f] = cells.get(f, i, as_number)
    return row


def _stage(value: Any, header: str) -> tuple[bool, date | None]:
    """A follow-up cell: a date (reached then), yes (reached), no or blank."""
    if value is None or value == "":
        return False, None
    if isinstance(value, datetime | date):
        return True, as_date(value, header)
    try:
        return bool(as_yes_no(value, header)), None
    except BadValue:
        try:
            return True, as_date(value, header)
        except BadValue:
            raise BadValue(f"{value!r} in column {header!r} is not yes, no or a date") from None


def _target_row(cells: _Cells, i: int) -> dict[str, Any]:
    column = cells.mapping["governorate"]
    gov = cells.get("governorate", i)
    pcode = gazetteer.resolve(gov)
    if not gov:
        raise BadValue(f"no governorate in column {column!r}")
    if not pcode:
        hint = gazetteer.suggest(gov)
        did_you_mean = f" (did you mean {hint}?)" if hint else ""
        raise BadValue(f"{gov!r} in column {column!r} is not a governorate of Iraq{did_you_mean}")
    planned = cells.get("planned_participants", i, as_number)
    share = cells.get("planned_women_share", i, as_number)
    if share is not None and share > 1:
        share /= 100  # "30" in a "Women %" column
    if share is not None and not 0 <= share <= 1:
        raise BadValue(
            f"{cells.raw('planned_women_share', i)!r} in column"
            f" {cells.mapping['planned_women_share']!r} is not a share between 0 and 100%"
        )
    return {
        "programme": cells.get("programme", i),
        "governorate_pcode": pcode,
        "n_participants_planned": None if planned is None else round(planned),
        "share_women_planned": share,
    }


@dataclass
class Prepared:
    """A sheet normalised in memory, ready to commit."""

    sheet: Sheet
    report: SheetReport
    rows: list[dict[str, Any]]
    stages: list[dict[str, Any]]
    rejections: list[Rejection]


def prepare(sheet: Sheet, report: SheetReport) -> Prepared:
    cells = _Cells(sheet, report)
    rows, stages, rejections = [], [], []
    for i in range(sheet.n_rows):
        if _is_blank(sheet, i):
            continue
        report.n_read += 1
        number = sheet.row_number(i)
        try:
            if report.kind == "participants":
                row = _participant_row(cells, sheet, i)
            elif report.kind == "follow_up":
                row = _person(cells, i)
                reached = [(s, *cells.get(s, i, _stage)) for s in STAGES if s in cells]
                stages += [
                    {"row_number": number, "stage": s, "stage_date": d}
                    for s, ok, d in reached
                    if ok
                ]
            else:
                row = _target_row(cells, i)
        except BadValue as exc:
            rejections.append(Rejection(sheet.name, number, str(exc), sheet.raw(i)))
            continue
        rows.append({"row_number": number, **row})
    return Prepared(sheet, report, rows, stages, rejections)


# -- committing ------------------------------------------------------------

_SCHEMAS = {
    "person": {
        "row_number": pa.int32(),
        "full_name": pa.string(),
        "name_key": pa.string(),
        "gender": pa.string(),
        "governorate_pcode": pa.string(),
        "governorate_raw": pa.string(),
        "person_ref": pa.string(),
        "phone": pa.string(),
        "phone_key": pa.string(),
        "unit": pa.string(),
        "rank": pa.string(),
    },
    "enrolment": {
        "course_name": pa.string(),
        "course_key": pa.string(),
        "programme": pa.string(),
        "start_date": pa.date32(),
        "end_date": pa.date32(),
        "days_attended": pa.float64(),
        "pre_score": pa.float64(),
        "post_score": pa.float64(),
        "is_completed": pa.bool_(),
    },
    "target": {
        "row_number": pa.int32(),
        "programme": pa.string(),
        "governorate_pcode": pa.string(),
        "n_participants_planned": pa.int32(),
        "share_women_planned": pa.float64(),
    },
    "stage": {"row_number": pa.int32(), "stage": pa.string(), "stage_date": pa.date32()},
}


def _table(rows: list[dict], *parts: str) -> pa.Table:
    schema = pa.schema([(k, t) for p in parts for k, t in _SCHEMAS[p].items()])
    return pa.Table.from_pylist(rows, schema=schema)


@cache
def _statement(name: str) -> str:
    return (INGEST_SQL / f"{name}.sql").read_text(encoding="utf-8")


def _sql(cur, name: str, **params) -> None:
    cur.execute(_statement(name), params or None)


def _commit_sheet(cur, upload_id: int, p: Prepared) -> None:
    sheet_params = {"upload_id": upload_id, "sheet": p.sheet.name}
    kind = p.report.kind
    if kind == "targets":
        cur.register("staged", _table(p.rows, "target"))
        _sql(cur, "insert_targets", **sheet_params)
        cur.unregister("staged")
        return
    parts = ("person", "enrolment") if kind == "participants" else ("person",)
    cur.register("staged", _table(p.rows, *parts))
    _sql(cur, "match_people")
    if kind == "participants":
        _sql(cur, "insert_new_people", upload_id=upload_id)
        _sql(cur, "match_people")
        _sql(cur, "insert_courses")
        _sql(cur, "insert_enrolments", **sheet_params)
    else:
        unmatched = {
            n
            for (n,) in cur.execute(
                "select row_number from matched where participant_id is null"
            ).fetchall()
        }
        index = {p.sheet.row_number(i): i for i in range(p.sheet.n_rows)}
        for n in sorted(unmatched):
            p.rejections.append(
                Rejection(
                    p.sheet.name,
                    n,
                    "matches no participant already loaded (by name and governorate, ID"
                    " or phone); upload the participant list first",
                    p.sheet.raw(index[n]),
                )
            )
        p.rows = [r for r in p.rows if r["row_number"] not in unmatched]
        cur.register("stages", _table(p.stages, "stage"))
        _sql(cur, "insert_follow_ups", **sheet_params)
        cur.unregister("stages")
    cur.unregister("staged")
    cur.execute("drop table matched")


def ingest(store: Store, data: bytes, file_name: str, uploaded_by: str = "unknown") -> IngestResult:
    """Read one file and commit it whole, or refuse it whole."""
    file_name = Path(file_name).name
    sha = hashlib.sha256(data).hexdigest()
    result = IngestResult(file_name=file_name, sha256=sha, status="refused")
    earlier = store.scalar("select min(upload_id) from uploads where sha256 = $sha", {"sha": sha})
    if earlier is not None:
        result.status, result.upload_id = "duplicate", earlier
        return result
    try:
        if not data:
            raise Refused(file_name, "is empty (0 bytes)")
        sheets = read_sheets(data, file_name)
        reports = [plan(s) for s in sheets]
        result.sheets = reports
        if not any(r.kind for r in reports):
            raise Refused(
                file_name,
                "no roster columns found in any sheet (such as Full name, Gender, Governorate)",
            )
        prepared = [prepare(s, r) for s, r in zip(sheets, reports, strict=True) if r.kind]
        with store.write() as cur:
            upload_id = cur.execute(
                "insert into uploads (file_name, sha256, size_bytes, uploaded_by, kinds, sheets,"
                " n_rows_read, n_rows_loaded, n_rows_rejected)"
                " values ($f, $sha, $size, $who, [], '[]', 0, 0, 0) returning upload_id",
                {"f": file_name, "sha": sha, "size": len(data), "who": uploaded_by},
            ).fetchone()[0]
            cur.execute(
                "insert into files select $sha, $size, $content"
                " where not exists (select 1 from files where sha256 = $sha)",
                {"sha": sha, "size": len(data), "content": data},
            )
            for p in prepared:
                _commit_sheet(cur, upload_id, p)
                p.report.n_loaded = len(p.rows)
                p.report.n_rejected = len(p.rejections)
                result.rejections += p.rejections
            if result.rejections:
                cur.executemany(
                    "insert into rejected_rows (upload_id, sheet, row_number, reason, raw)"
                    " values (?, ?, ?, ?, ?)",
                    [
                        (
                            upload_id,
                            r.sheet,
                            r.row_number,
                            r.reason,
                            json.dumps(r.raw, ensure_ascii=False, default=str),
                        )
                        for r in result.rejections
                    ],
                )
            cur.execute(
                "update uploads set kinds = $kinds, sheets = $sheets, n_rows_read = $read,"
                " n_rows_loaded = $loaded, n_rows_rejected = $rejected where upload_id = $id",
                {
                    "id": upload_id,
                    "kinds": [r.kind for r in reports if r.kind],
                    "sheets": json.dumps([asdict(r) for r in reports], ensure_ascii=False),
                    "read": sum(r.n_read for r in reports),
                    "loaded": result.n_loaded,
                    "rejected": result.n_rejected,
                },
            )
    except Refused as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # a fault of ours: say so in one line, keep the trace in the log
        log.exception("ingest of %s failed", file_name)
        result.error = str(Refused(file_name, f"could not be loaded ({_one_line(exc)})"))
        return result
    result.status, result.upload_id = "loaded", upload_id
    return result


def ingest_path(store: Store, path: str | Path, uploaded_by: str = "unknown") -> IngestResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return IngestResult(
            path.name, "", "refused", error=f"{path.name}: cannot be opened ({exc.strerror})"
        )
    return ingest(store, data, path.name, uploaded_by)
