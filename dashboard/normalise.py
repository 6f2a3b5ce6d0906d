"""From a located roster to normalised rows, column by column.

Cells repeat: a 100,000-row roster has a handful of genders, governorates,
courses and dates. So each column is dictionary-encoded and every *distinct*
cell is interpreted once, in Python, by one small parser; the answers are
spread back over the rows with Arrow. A parser returns the value and, when the
cell cannot be used, the reason; a row is rejected with its first reason.

Rows that are not data are set aside and reported, never rejected: blank rows,
header rows repeated down the sheet (printed rosters repeat them per page), and
"Total" rows.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import STAGES, gazetteer, vocabulary
from dashboard.i18n import t
from dashboard.layout import Column, Layout
from dashboard.readers import Grid
from dashboard.text import clean_column, clean_display, digits, fold_column

# A "Total" row, in Arrow's (RE2) syntax: Total, Grand total, Subtotal, Sum, المجموع, الإجمالي, کۆ.
_TOTAL = "|".join(
    [
        r"(?i)^\s*(grand\s+)?(sub-?)?totals?\b",
        r"^\s*sum\b",
        r"^\s*(ال)?مجموع",
        r"^\s*(ال)?[اإ]جمالي",
        r"^\s*کۆ(ی\s+گشتی)?\s*$",
    ]
)
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%d %b %Y")
_DATE_FORMATS += ("%d %B %Y", "%d-%b-%Y", "%d-%b-%y", "%b %d, %Y", "%B %d, %Y")

Parsed = tuple[Any, str | None]  # the value, or the reason it cannot be used
_STAGE_TYPE = pa.struct([("reached", pa.bool_()), ("on", pa.date32())])
NOTE_EXAMPLES = 5  # unrecognised values quoted in a note


@dataclass
class Rejection:
    sheet: str
    row_number: int
    reason: str
    raw: dict[str, Any]


@dataclass
class Staged:
    """A sheet's rows, normalised and ready to commit."""

    layout: Layout
    rows: pa.Table  # one row per data row kept, with row_number
    stages: pa.Table | None  # follow-up trackers: (row_number, stage, stage_date)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    n_read: int = 0
    course: str | None = None  # the course name used when the sheet has no course column
    sheet: _Sheet | None = field(default=None, repr=False)

    def reject(self, row_number: int, reason: str) -> None:
        """Reject a staged row at commit time (a follow-up row matching nobody)."""
        i = int(np.searchsorted(self.sheet.row_numbers, row_number))
        self.rejections.append(Rejection(self.layout.sheet, row_number, reason, self.sheet.raw(i)))


# -- parsers: one distinct cell text in, (value, reason) out -----------------


def date_value(text: str, column: str) -> Parsed:
    """A date: a real Excel date, day-first text (Arabic-Indic digits too),
    or an Excel day number that lost its date format."""
    s = digits(clean_display(text))
    if len(s) == 19 and s[4] == "-" and s[10] == " ":  # how the reader writes a real date
        s = s[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date(), None
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.0+)?", s) and 20000 < float(s) < 80000:  # 1954..2119
        return _EXCEL_EPOCH + timedelta(days=int(float(s))), None
    return None, t("ingest.reject.not_date", value=clean_display(text), column=column)


def number_value(text: str, column: str) -> Parsed:
    s = digits(clean_display(text)).replace(",", "").replace(" ", "")
    percent = s.endswith("%")
    try:
        number = float(s.rstrip("%"))
    except ValueError:
        return None, t("ingest.reject.not_number", value=clean_display(text), column=column)
    return (number / 100 if percent else number), None


def yes_no_value(text: str, column: str) -> Parsed:
    answer = vocabulary.value("yes_no", text)
    if answer is None:
        return None, t("ingest.reject.not_yes_no", value=clean_display(text), column=column)
    return answer == "yes", None


def stage_value(text: str, column: str) -> Parsed:
    """A follow-up cell: yes, no, or the date the stage was reached.
    The value is (reached, date)."""
    answer = vocabulary.value("yes_no", text)
    if answer is not None:
        return (answer == "yes", None), None
    when, reason = date_value(text, column)
    if reason:
        return None, t("ingest.reject.not_stage", value=clean_display(text), column=column)
    return (True, when), None


def share_value(text: str, column: str) -> Parsed:
    share, reason = number_value(text, column)
    if share is not None and share > 1:
        share /= 100  # "30" in a "Women %" column
    if reason or not 0 <= share <= 1:
        return None, t("ingest.reject.not_share", value=clean_display(text), column=column)
    return share, None


def target_governorate(text: str, column: str) -> Parsed:
    pcode = gazetteer.resolve(text)
    if pcode:
        return pcode, None
    hint = gazetteer.suggest(text)
    value = clean_display(text)
    if hint:
        return None, t("ingest.reject.did_you_mean", value=value, column=column, hint=hint)
    return None, t("ingest.reject.not_governorate", value=value, column=column)


_INDIC_DIGITS = [(chr(base + d), str(d)) for base in (0x0660, 0x06F0) for d in range(10)]


def phone_keys(phones: pa.Array) -> pa.Array:
    """Digits of each phone number without country code or trunk zero, for
    matching: "+964 750 555 0001", "0750-555-0001" and "٠٧٥٠٥٥٥٠٠٠١" agree."""
    if not pc.all(pc.string_is_ascii(phones)).as_py():
        for indic, ascii_digit in _INDIC_DIGITS:
            phones = pc.replace_substring(phones, indic, ascii_digit)
    keys = pc.replace_substring_regex(phones, r"[^0-9]", "")
    keys = pc.replace_substring_regex(keys, r"^(00)?(964)?0*", "")
    return pc.if_else(pc.equal(keys, ""), pa.scalar(None, pa.string()), keys)


# -- columns ----------------------------------------------------------------


def _encode(column: pa.ChunkedArray | pa.Array) -> pa.DictionaryArray:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return pc.dictionary_encode(column)


def _per_distinct(column: pa.ChunkedArray, fn: Callable[[str], Any], type_) -> pa.Array:
    """``fn`` applied once per distinct non-null cell, spread over the rows."""
    encoded = _encode(column)
    values = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], type_)
    return values.take(encoded.indices)


def _parse(column: pa.ChunkedArray, parser, header: str, type_) -> tuple[pa.Array, pa.Array]:
    encoded = _encode(column)
    parsed = [parser(v, header) for v in encoded.dictionary.to_pylist()]
    values = pa.array([p[0] for p in parsed], type_).take(encoded.indices)
    reasons = pa.array([p[1] for p in parsed], pa.string()).take(encoded.indices)
    return values, reasons


def _blank(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.fill_null(pc.equal(pc.utf8_trim_whitespace(column), ""), True)


def _rows_note(key: str, mask, row_numbers: pa.Array) -> str:
    rows = pc.filter(row_numbers, mask).to_pylist()
    shown = ", ".join(map(str, rows[:10])) + (", …" if len(rows) > 10 else "")
    return t(key, rows=shown)


def _matches(column: pa.ChunkedArray, pattern: str) -> pa.ChunkedArray:
    return pc.fill_null(pc.match_substring_regex(column, pattern), False)


class _Sheet:
    """The data rows of a located roster, as they are set aside and parsed."""

    def __init__(self, grid: Grid, layout: Layout):
        self.grid, self.layout = grid, layout
        start = layout.first_data_row
        self.data = grid.table.slice(start)
        self.numbers = pa.array(range(start + 1, grid.n_rows + 1), pa.int32())
        self.notes: list[str] = []

    @functools.cached_property
    def row_numbers(self) -> np.ndarray:
        """The sheet row numbers of ``data``, once set aside (sorted)."""
        return self.numbers.to_numpy()

    def col(self, field_name: str) -> pa.ChunkedArray | None:
        c = self.layout.column(field_name)
        return self.data.column(c.index) if c else None

    def keep(self, mask) -> None:
        self.data = self.data.filter(mask)
        self.numbers = self.numbers.filter(mask)

    def set_aside(self) -> None:
        """Blank rows, repeated headers and total rows leave before parsing."""
        blank = None
        for c in self.layout.columns:
            b = _blank(self.data.column(c.index))
            blank = b if blank is None else pc.and_(blank, b)
        if blank is not None and pc.any(blank).as_py():
            # Blank rows after the last one used (a long used range) go unmentioned.
            last = pc.max(pc.filter(self.numbers, pc.invert(blank))).as_py() or 0
            inner = pc.sum(pc.and_(blank, pc.less(self.numbers, last))).as_py()
            if inner:
                self.notes.append(t("ingest.note.blank_rows", n=inner))
            self.keep(pc.invert(blank))
        key = self.layout.column("full_name") or self.layout.column("governorate")
        if key is None or not self.data.num_rows:
            return
        cells = pc.fill_null(pc.utf8_trim_whitespace(self.data.column(key.index)), "")
        repeated = pc.or_(pc.equal(cells, key.written), pc.equal(cells, key.header))
        if pc.any(repeated).as_py():
            self.notes.append(_rows_note("ingest.note.repeated_headers", repeated, self.numbers))
            self.keep(pc.invert(repeated))
            cells = pc.fill_null(pc.utf8_trim_whitespace(self.data.column(key.index)), "")
        first = self.data.column(self.layout.columns[0].index)
        total = pc.or_(
            _matches(cells, _TOTAL),
            pc.and_(pc.equal(cells, ""), _matches(first, _TOTAL)),
        )
        if pc.any(total).as_py():
            self.notes.append(_rows_note("ingest.note.total_rows", total, self.numbers))
            self.keep(pc.invert(total))

    def raw(self, i: int) -> dict[str, Any]:
        """Row ``i`` of ``data`` as written, header -> cell, error cells included."""
        row = self.numbers[i].as_py() - 1
        return {
            c.header: self.grid.errors.get((row, c.index), self.data.column(c.index)[i].as_py())
            for c in self.layout.columns
        }

    def error_at(self, i: int, column: Column) -> str | None:
        return self.grid.errors.get((self.numbers[i].as_py() - 1, column.index))


# -- a sheet ----------------------------------------------------------------


_PERSON_TEXT = ("phone", "unit", "rank")
_ENROLMENT = (
    ("programme", "text"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("days_attended", "number"),
    ("pre_score", "number"),
    ("post_score", "number"),
)
_PARSERS = {
    "date": (date_value, pa.date32()),
    "number": (number_value, pa.float64()),
    "yes_no": (yes_no_value, pa.bool_()),
    "share": (share_value, pa.float64()),
    "target_governorate": (target_governorate, pa.string()),
    "stage": (lambda v, h: _as_struct(stage_value(v, h)), _STAGE_TYPE),
}


class _Parsed:
    """Parsed columns of one sheet, and every row's first reason to reject it."""

    def __init__(self, s: _Sheet):
        self.s = s
        self.reasons: list[pa.Array] = []

    def __call__(self, field_name: str, how: str, required: str | None = None) -> pa.Array:
        column = self.s.layout.column(field_name)
        type_ = pa.string() if how == "text" else _PARSERS[how][1]
        if column is None:
            return pa.nulls(self.s.data.num_rows, type_)
        cells = self.s.data.column(column.index)
        if how == "text":  # any text will do: cleaned as one column, never rejected
            values, why = clean_column(cells), _nulls(self.s)
        else:
            values, why = _parse(cells, _PARSERS[how][0], column.header, type_)
        if required:
            blank = pc.and_(pc.is_null(values), pc.is_null(why))
            why = pc.if_else(blank, t(required, column=column.header), why)
        self.reasons.append(why)
        return values

    def reason(self) -> pa.Array:
        n = self.s.data.num_rows
        return pc.coalesce(*self.reasons) if self.reasons else pa.nulls(n, pa.string())


def stage(grid: Grid, layout: Layout) -> Staged:
    """Normalise the rows of one located roster sheet."""
    s = _Sheet(grid, layout)
    s.set_aside()
    parse = _Parsed(s)
    cols: dict[str, pa.Array] = {"row_number": s.numbers}
    stage_cols: dict[str, pa.Array] = {}
    if layout.kind in ("participants", "follow_up"):
        cols["full_name"] = parse("full_name", "text", required="ingest.reject.no_name")
        cols["name_key"] = fold_column(cols["full_name"])
        cols["gender"] = _gender(s)
        cols["governorate_pcode"], cols["governorate_raw"] = _governorate(s)
        for f in _PERSON_TEXT:
            cols[f] = parse(f, "text")
        cols["phone_key"] = phone_keys(cols["phone"])
        cols["person_ref"] = parse("person_ref", "text") if _is_id(s) else _nulls(s)
        cols["extra"] = _extra(s)
    if layout.kind == "participants":
        course = parse("course", "text")
        fallback = layout.course_fallback() or t("ingest.unnamed_course")
        cols["course_name"] = pc.fill_null(course, fallback)
        cols["course_key"] = fold_column(cols["course_name"])
        course_used = None if layout.column("course") else fallback
        for f, how in _ENROLMENT:
            cols[f] = parse(f, how)
        cols["is_completed"] = parse("completed", "yes_no")
    if layout.kind == "follow_up":
        stage_cols = {f: parse(f, "stage") for f in STAGES if layout.column(f)}
    if layout.kind == "targets":
        cols["governorate_pcode"] = parse(
            "governorate", "target_governorate", required="ingest.reject.no_governorate"
        )
        cols["programme"] = parse("programme", "text")
        planned = parse("planned_participants", "number")
        cols["n_participants_planned"] = pc.cast(pc.round(planned), pa.int32())
        cols["share_women_planned"] = parse("planned_women_share", "share")
        for stage in STAGES:
            planned = parse(f"planned_{stage}", "number")
            cols[f"n_{stage}_planned"] = pc.cast(pc.round(planned), pa.int32())

    rows = pa.table(cols)
    reason = parse.reason()
    rejected = pc.is_valid(reason)
    staged = Staged(layout, rows, None, notes=s.notes, n_read=rows.num_rows, sheet=s)
    if layout.kind == "participants":
        staged.course = course_used
    key = layout.column("full_name") or layout.column("governorate")
    for i in pc.indices_nonzero(rejected).to_pylist():
        why, error = reason[i].as_py(), key and s.error_at(i, key)
        if error:  # the name (or governorate) cell was an error, read as empty
            why = t("ingest.reject.error_cell", column=key.header, value=error)
        staged.rejections.append(Rejection(layout.sheet, s.numbers[i].as_py(), why, s.raw(i)))
    keep = pc.invert(rejected)
    staged.rows = rows.filter(keep)
    if layout.kind == "follow_up":
        kept = {f: v.filter(keep) for f, v in stage_cols.items()}
        staged.stages = _stages(staged.rows["row_number"], kept)
    staged.notes += _error_note(s)
    return staged


def _nulls(s: _Sheet) -> pa.Array:
    return pa.nulls(s.data.num_rows, pa.string())


def _as_struct(parsed: Parsed) -> Parsed:
    value, reason = parsed
    return (None if value is None else {"reached": value[0], "on": value[1]}), reason


_STAGE_SCHEMA = pa.schema(
    [("row_number", pa.int32()), ("stage", pa.string()), ("stage_date", pa.date32())]
)


def _stages(row_numbers, columns: dict[str, pa.Array]) -> pa.Table:
    """One row per stage reached: (row_number, stage, stage_date)."""
    parts = [_STAGE_SCHEMA.empty_table()]
    for name, values in columns.items():
        reached = pc.fill_null(pc.struct_field(values, "reached"), False)
        n = pc.sum(reached).as_py() or 0
        parts.append(
            pa.table(
                [
                    row_numbers.filter(reached),
                    pa.repeat(pa.scalar(name), n),
                    pc.struct_field(values, "on").filter(reached),
                ],
                schema=_STAGE_SCHEMA,
            )
        )
    return pa.concat_tables(parts)


def _gender(s: _Sheet) -> pa.Array:
    column = s.col("gender")
    if column is None:
        return pa.repeat(pa.scalar("unknown"), s.data.num_rows)
    values = _per_distinct(column, lambda v: vocabulary.value("gender", v), pa.string())
    unrecognised = pc.and_(pc.is_null(values), pc.invert(_blank(column)))
    _note_values(s, "ingest.note.gender_unknown", column, unrecognised)
    return pc.fill_null(values, "unknown")


def _governorate(s: _Sheet) -> tuple[pa.Array, pa.Array]:
    column = s.col("governorate")
    if column is None:
        return _nulls(s), _nulls(s)
    pcodes = _per_distinct(column, gazetteer.resolve, pa.string())
    unresolved = pc.and_(pc.is_null(pcodes), pc.invert(_blank(column)))
    _note_values(s, "ingest.note.governorate_unknown", column, unresolved)
    raw = clean_column(column)
    return pcodes, pc.if_else(unresolved, raw, pa.scalar(None, pa.string()))


def _note_values(s: _Sheet, key: str, column, mask) -> None:
    if not pc.any(pc.fill_null(mask, False)).as_py():
        return
    counts = Counter(pc.filter(column, mask).to_pylist())
    shown = ", ".join(f"'{clean_display(v)}' ({k})" for v, k in counts.most_common(NOTE_EXAMPLES))
    s.notes.append(t(key, values=shown + (", …" if len(counts) > NOTE_EXAMPLES else "")))


def _is_id(s: _Sheet) -> bool:
    """Whether the ID column identifies people. A column that merely counts
    rows 1, 2, 3… says nothing about who someone is, and would merge
    different people across rosters."""
    column = s.col("person_ref")
    if column is None:
        return False
    cells = pc.fill_null(pc.utf8_trim_whitespace(column), "")
    n = len(cells)
    if n and pc.all(pc.match_substring_regex(cells, r"^\d{1,6}$")).as_py():
        numbers = pc.cast(cells, pa.int64())
        if pc.all(
            pc.equal(numbers, pa.array(range(numbers[0].as_py(), numbers[0].as_py() + n)))
        ).as_py():
            s.notes.append(t("ingest.note.serial", column=s.layout.column("person_ref").header))
            return False
    return True


def _extra(s: _Sheet) -> pa.Array:
    """Columns that map to no field, kept with each row as header -> cell."""
    extra = [c for c in s.layout.columns if not c.field]
    if not extra:
        return _nulls(s)
    return pa.StructArray.from_arrays(
        [s.data.column(c.index).combine_chunks() for c in extra], names=[c.header for c in extra]
    )


def _error_note(s: _Sheet) -> list[str]:
    used = {c.index: c.header for c in s.layout.columns}
    start = s.layout.first_data_row
    errors = [(r, j, v) for (r, j), v in s.grid.errors.items() if r >= start and j in used]
    if not errors:
        return []
    r, j, v = min(errors)
    example = t("ingest.note.error_example", value=v, row=r + 1, column=used[j])
    return [t("ingest.note.error_cells", n=len(errors), example=example)]
