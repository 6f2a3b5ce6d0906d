"""Stage 4, normalise: from mapped columns to typed rows, column by column.

Cells repeat: a 100,000-row roster has a handful of genders, governorates,
courses and dates. So each column is dictionary-encoded and every *distinct*
cell is read once, in Python, by one small parser; the answers are spread
back over the rows with Arrow. A parser returns the value and, when the cell
cannot be used, the reason; a row is rejected with its first reason.

Rows that are not people are set aside with a reason and never counted:
blank rows, header rows repeated down the sheet, totals and subtotals
("Diyala total", "المجموع"), breakdown lines ("Women", "ذكور" alone in the
name column), footers and signature blocks ("Prepared by:", "التوقيع"), and
notes (a label or a number where the name should be, and nothing else about
a person). Every reason, note and rejection is a ``Message`` (a catalogue key
and its values), rendered in the reader's language when shown.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import json
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import STAGES, gazetteer
from dashboard.i18n import Message, msg
from dashboard.ingest import vocabulary
from dashboard.ingest.fields import NAME_PARTS, Column, Mapped
from dashboard.ingest.read import Grid
from dashboard.text import by_distinct, clean_column, clean_display, digits, fold_column

MAX_CELL_CHARS = 32_767  # what a spreadsheet cell holds
NOTE_EXAMPLES = 5  # unrecognised values quoted in a note
# Invisible characters that reorder or hide text: NUL and the bidi controls.
_INVISIBLE = "[\\x00\\x{200E}\\x{200F}\\x{061C}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]"
# A total or subtotal, anywhere in the cell (RE2 syntax).
_TOTAL = "|".join(
    [
        r"(?i)\b(grand\s+|sub\s*-?\s*)?totals?\b",
        r"(?i)^\s*sum\b",
        r"(ال)?مجموع",
        r"(ال)?[اإ]جمال[يى]",
        r"^\s*کۆ(ی\s+گشتی)?\s*$",
        r"کۆی\s+گشتی",
        r"سەرجەم",
    ]
)
# A footer or signature block: prepared, signed, approved, dated.
_FOOTER = "|".join(
    [
        r"(?i)^\s*(prepared|compiled|signed|approved|checked|reviewed|verified|certified)\s+by\b",
        r"(?i)^\s*(signature|sign|stamp|date|name|position|title|trainer|facilitator)\s*[:：]",
        r"(?i)^\s*signature\b",
        r"^\s*_{3,}",
        r"^\s*(ال)?توقيع",
        r"^\s*[اإ]عداد",
        r"^\s*(تم\s+)?[اإ]لاعداد",
        r"^\s*(المصادقة|المدقق|الختم|التاريخ\s*[:：]|اسم المدرب)",
        r"^\s*(واژوو|ئیمزا|ئامادەکردن|ئامادەکراوە|بەروار\s*[:：])",
    ]
)
# (RE2's \b knows ASCII words only: after an Arabic or Kurdish word, a space,
# a colon or the end say where it stops.)
_NOTE = (
    r"(?i)^\s*(note|notes|nb|n\.b\.|remark)\b|^\s*(ملاحظة|ملاحظات|تنويه|تێبینی|تێبینییەکان)"
    r"(\s|[:：.\-]|$)|[:：]\s*$"
)
_NUMBER = r"^[\s\d.,%()+\-/]+$"
_WORDY = r"[^\s\d.,%()+\-/]"
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%d %b %Y")
_DATE_FORMATS += ("%d %B %Y", "%d-%b-%Y", "%d-%b-%y", "%b %d, %Y", "%B %d, %Y", "%Y-%m-%dT%H:%M:%S")

_ISO_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_DAY_FIRST = re.compile(r"(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})")
Parsed = tuple[Any, Message | None]  # the value, or the reason it cannot be used
_STAGE_TYPE = pa.struct([("reached", pa.bool_()), ("on", pa.date32())])


@dataclass
class Rejection:
    sheet: str
    row_number: int
    reason: Message


@dataclass
class Staged:
    """A sheet's rows, normalised and ready to commit."""

    mapped: Mapped
    rows: pa.Table  # one row per data row kept, with row_number
    stages: pa.Table | None  # (row_number, stage, stage_date): stages reached
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    set_aside: dict[str, list[int]] = field(default_factory=dict)  # reason -> rows
    n_read: int = 0  # data rows: loaded + set aside + rejected (+ pending)
    sheet: _Sheet | None = field(default=None, repr=False)

    @property
    def facts(self) -> list[str]:
        return self.mapped.facts

    def reject(self, row_number: int, reason: Message) -> None:
        """Reject a staged row at commit time (a duplicate listing, say)."""
        self.rejections.append(Rejection(self.mapped.sheet, row_number, reason))

    def rejected_table(self) -> pa.Table:
        """The rejected rows for ``rejected_rows``: sheet, row, reason (as
        shown in English, and as key and values) and the cells as written."""
        rendered: dict[str, tuple[str, str, str]] = {}
        by_object: dict[int, tuple[str, str, str]] = {}  # rows share their reason's object
        reasons = []
        for r in self.rejections:
            hit = by_object.get(id(r.reason))
            if hit is None:
                as_json = json.dumps(r.reason.to_json(), ensure_ascii=False, sort_keys=True)
                if as_json not in rendered:
                    values = json.dumps(r.reason.to_json()["values"], ensure_ascii=False)
                    rendered[as_json] = (str(r.reason), r.reason.key, values)
                hit = by_object[id(r.reason)] = rendered[as_json]
            reasons.append(hit)
        rows = [r.row_number for r in self.rejections]
        return pa.table(
            {
                "sheet": pa.repeat(pa.scalar(self.mapped.sheet), len(rows)),
                "row_number": pa.array(rows, pa.int32()),
                "reason": pa.array([r[0] for r in reasons], pa.string()),
                "reason_key": pa.array([r[1] for r in reasons], pa.string()),
                "reason_values": pa.array([r[2] for r in reasons], pa.string()),
                "raw": self.sheet.raw_cells(rows),
            }
        )


# -- parsers: one distinct cell text in, (value, reason) out -----------------


def date_value(text: str, column: str) -> Parsed:
    """A date: a real Excel date, day-first text (Arabic-Indic digits too),
    or an Excel day number that lost its date format."""
    s = digits(clean_display(text))
    if len(s) == 19 and s[4] == "-" and s[10] == " ":  # how the reader writes a real date
        s = s[:10]
    # The two ways nearly every date is written, without strptime's failed tries:
    # the reader's (ISO) and day first with / - or . (the first formats below).
    found = _ISO_DATE.fullmatch(s) or _DAY_FIRST.fullmatch(s)
    if found:
        y, m, d = (int(found[k]) for k in ("y", "m", "d"))
        with contextlib.suppress(ValueError):  # 31/02/2018: no such day, as strptime says
            return date(y, m, d), None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date(), None
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}(\.0+)?", s) and 20000 < float(s) < 80000:  # 1954..2119
        return _EXCEL_EPOCH + timedelta(days=int(float(s))), None
    return None, msg("ingest.reject.not_date", value=clean_display(text), column=column)


def number_value(text: str, column: str) -> Parsed:
    s = digits(clean_display(text)).replace(",", "").replace(" ", "")
    percent = s.endswith("%")
    try:
        number = float(s.rstrip("%"))
    except ValueError:
        return None, msg("ingest.reject.not_number", value=clean_display(text), column=column)
    return (number / 100 if percent else number), None


def yes_no_value(text: str, column: str) -> Parsed:
    answer = vocabulary.value("yes_no", text)
    if answer is None:
        return None, msg("ingest.reject.not_yes_no", value=clean_display(text), column=column)
    return answer == "yes", None


def stage_value(text: str, column: str, x_means: str = "yes") -> Parsed:
    """A follow-up cell: the date the stage was reached (done, on that day),
    yes or no in any of the three languages, a tick or a cross, or a status
    word ("Completed", "Lost to follow-up"). The value is (reached, date);
    ``None`` with a reason for a word Oversight does not know."""
    if value_is_x(text):
        return (x_means == "yes", None), None
    answer = vocabulary.value("yes_no", text) or vocabulary.value("stage", text)
    if answer is not None:
        return (answer == "yes", None), None
    when, reason = date_value(text, column)
    if reason:
        return None, msg("ingest.note.stage_unknown", value=clean_display(text), column=column)
    return (True, when), None


def value_is_x(text: str) -> bool:
    return clean_display(text).lower() == "x"


def share_value(text: str, column: str) -> Parsed:
    share, reason = number_value(text, column)
    if share is not None and share > 1:
        share /= 100  # "30" in a "Women %" column
    if reason or not 0 <= share <= 1:
        return None, msg("ingest.reject.not_share", value=clean_display(text), column=column)
    return share, None


def target_governorate(text: str, column: str) -> Parsed:
    pcode = gazetteer.resolve(text)
    if pcode:
        return pcode, None
    hint = gazetteer.suggest(text)
    value = clean_display(text)
    if hint:
        return None, msg("ingest.reject.did_you_mean", value=value, column=column, hint=hint)
    return None, msg("ingest.reject.not_governorate", value=value, column=column)


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


def _per_distinct(column, fn: Callable[[str], Any], type_) -> pa.Array:
    """``fn`` applied once per distinct non-null cell, spread over the rows."""
    encoded = _encode(column)
    values = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], type_)
    return values.take(encoded.indices)


def _parse(column, parser, header: str, type_) -> tuple[pa.Array, list]:
    """Values and reasons (as indices into a list of Messages, per row)."""
    encoded = _encode(column)
    parsed = [parser(v, header) for v in encoded.dictionary.to_pylist()]
    values = pa.array([p[0] for p in parsed], type_).take(encoded.indices)
    reasons = [p[1] for p in parsed]
    has_reason = pa.array([r is not None for r in reasons], pa.bool_()).take(encoded.indices)
    return values, (reasons, encoded.indices, has_reason)


def _blank(column) -> pa.ChunkedArray:
    """Empty cells, and cells of spaces only."""
    spaces = pc.or_(pc.utf8_is_space(column), pc.equal(column, ""))
    return pc.fill_null(spaces, True)


def _matches(column, pattern: str) -> pa.Array:
    found = by_distinct(column, lambda values: pc.match_substring_regex(values, pattern))
    return pc.fill_null(found, False)


def _rows_text(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:10])) + (", …" if len(rows) > 10 else "")


class _Sheet:
    """The data rows of a mapped sheet, as they are set aside and parsed."""

    def __init__(self, grid: Grid, mapped: Mapped):
        self.grid, self.mapped = grid, mapped
        start = mapped.located.first_data_row
        self.data = grid.table.slice(start)
        self.numbers = pa.array(range(start + 1, grid.n_rows + 1), pa.int32())
        self.notes: list[Message] = []
        self.set_aside: dict[str, list[int]] = {}

    def cells(self, column: Column) -> pa.ChunkedArray:
        return self.data.column(column.index)

    def keep(self, mask) -> None:
        self.data = self.data.filter(mask)
        self.numbers = self.numbers.filter(mask)

    def raw_cells(self, row_numbers: list[int]) -> pa.StructArray:
        """Rows as written, header -> cell, error cells (#N/A) as they showed."""
        columns = [c for c in self.mapped.columns if c.how != "parent"]
        at = pa.array(np.searchsorted(self.numbers.to_numpy(), row_numbers), pa.int64())
        arrays = []
        for c in columns:
            cells = self.data.column(c.index).take(at).combine_chunks()
            errors = {r: v for (r, j), v in self.grid.errors.items() if j == c.index}
            if errors:
                cells = pa.array(
                    [
                        errors.get(n - 1, v)
                        for n, v in zip(row_numbers, cells.to_pylist(), strict=True)
                    ],
                    pa.string(),
                )
            arrays.append(cells)
        if not columns:
            return pa.array([{}] * len(row_numbers), pa.struct([]))
        return pa.StructArray.from_arrays(arrays, names=[c.header for c in columns])

    # -- rows that are not people ---------------------------------------------------

    def clean_invisible(self) -> None:
        """NUL and bidi controls (a name with U+202E shows "Aliexe.png") go,
        and the rows they were in are said."""
        touched = None
        for j in range(self.data.num_columns):
            column = self.data.column(j)
            if column.null_count == len(column) or pc.all(pc.string_is_ascii(column)).as_py():
                continue  # an ASCII cell holds no bidi control (and XML, no NUL)
            found = _matches(column, _INVISIBLE)
            if pc.any(found).as_py():
                cleaned = by_distinct(
                    column, lambda values: pc.replace_substring_regex(values, _INVISIBLE, "")
                )
                self.data = self.data.set_column(j, self.data.column_names[j], cleaned)
                touched = found if touched is None else pc.or_(touched, found)
        if touched is not None:
            rows = pc.filter(self.numbers, touched).to_pylist()
            self.notes.append(msg("ingest.note.invisible", rows=_rows_text(rows)))

    def set_aside_rows(self) -> None:
        """Rows that are not people, by reason; each row goes to the first
        reason that claims it, and the rest are kept in one pass."""
        m = self.mapped
        used = [c for c in m.columns if c.how != "parent"]
        n = self.data.num_rows
        if not used or not n:
            return
        blank = _all_blank([self.cells(c) for c in used])
        claimed = blank
        reasons: list[tuple[str, pa.Array]] = []
        if pc.any(blank).as_py():
            # Blank rows after the last one used (a long used range) go unmentioned.
            last = pc.max(pc.filter(self.numbers, pc.invert(blank))).as_py() or 0
            reasons.append(("blank", pc.and_(blank, pc.less(self.numbers, last))))
        key = m.column("full_name") or m.column("name_first") or m.column("governorate")
        if key is not None and not pc.all(claimed).as_py():
            name = pc.fill_null(pc.utf8_trim_whitespace(self.cells(key)), "")
            first = pc.fill_null(self.data.column(used[0].index), "")
            header = pc.or_(pc.equal(name, key.written or key.header), pc.equal(name, key.header))
            total = pc.or_(
                _matches(name, _TOTAL), pc.and_(pc.equal(name, ""), _matches(first, _TOTAL))
            )
            for reason, mask in (("repeated_header", header), ("total", total)):
                mask = pc.and_(mask, pc.invert(claimed))
                reasons.append((reason, mask))
                claimed = pc.or_(claimed, mask)
            if key.field != "governorate":
                claimed = self._not_people(name, first, claimed, reasons)
        for reason, mask in reasons:
            if pc.any(mask).as_py():
                self.set_aside[reason] = pc.filter(self.numbers, mask).to_pylist()
        if pc.any(claimed).as_py():
            self.keep(pc.invert(claimed))

    def _not_people(self, name, first, claimed, reasons: list) -> pa.Array:
        """Footers and signature blocks, breakdown lines and notes."""
        alone = pc.invert(self._about_person())
        footer = pc.and_(
            pc.or_(_matches(name, _FOOTER), pc.and_(pc.equal(name, ""), _matches(first, _FOOTER))),
            pc.invert(claimed),
        )
        if pc.any(footer).as_py():  # everything after a signature block's first line, too
            start = pc.min(pc.filter(self.numbers, footer)).as_py()
            after = pc.and_(pc.greater(self.numbers, start), alone)
            footer = pc.or_(footer, pc.and_(after, pc.invert(claimed)))
        reasons.append(("footer", footer))
        claimed = pc.or_(claimed, footer)
        # Only rows with nothing else about a person can be breakdown lines:
        # the names of real people are never looked up as genders or places.
        candidates = pc.and_(
            pc.and_(alone, pc.invert(claimed)), pc.less_equal(pc.utf8_length(name), 40)
        )
        if pc.any(candidates).as_py():
            if isinstance(candidates, pa.ChunkedArray):
                candidates = candidates.combine_chunks()
            found = _per_distinct(pc.filter(name, candidates), _is_breakdown, pa.bool_())
            breakdown = pc.replace_with_mask(
                pa.repeat(pa.scalar(False), len(name)), candidates, found
            )
            reasons.append(("breakdown", breakdown))
            claimed = pc.or_(claimed, breakdown)
        # A label or a number alone: looked for only where nothing else is said.
        note = pc.and_(pc.not_equal(name, ""), pc.and_(alone, pc.invert(claimed)))
        if pc.any(note).as_py():
            if isinstance(note, pa.ChunkedArray):
                note = note.combine_chunks()
            written = pc.filter(name, note)
            label = pc.or_(_matches(written, _NOTE), _matches(written, _NUMBER))
            note = pc.replace_with_mask(note, note, label)
        reasons.append(("note", note))
        return pc.or_(claimed, note)

    def _about_person(self) -> pa.Array:
        """Rows with something about a person besides the name cell. A bare
        number in the sex or governorate column is a count on a subtotal line."""
        out = pa.repeat(pa.scalar(False), self.data.num_rows)
        for name in ("gender", "governorate", "phone", "person_ref", "unit", "rank"):
            for c in self.mapped.all(name):
                if c.how == "parent":
                    continue
                cells = self.cells(c)
                if name in ("phone", "person_ref"):
                    said = pc.invert(_blank(cells))
                else:  # something besides spaces, digits and a number's signs
                    said = _matches(cells, _WORDY)
                out = pc.or_(out, said)
        return out


def _all_blank(columns: list) -> pa.Array:
    blank = None
    for cells in columns:
        b = _blank(cells)
        blank = b if blank is None else pc.and_(blank, b)
    return blank


def _is_breakdown(text: str) -> bool:
    """A name cell that is a gender or a governorate alone: a breakdown line."""
    if not text:
        return False
    return bool(vocabulary.value("gender", text) or gazetteer.resolve(text))


# -- parsing ------------------------------------------------------------------


_PARSERS: dict[str, tuple[Callable, pa.DataType]] = {
    "date": (date_value, pa.date32()),
    "number": (number_value, pa.float64()),
    "yes_no": (yes_no_value, pa.bool_()),
    "share": (share_value, pa.float64()),
    "target_governorate": (target_governorate, pa.string()),
}


class _Parsed:
    """Parsed columns of one sheet, and every row's first reason to reject it."""

    def __init__(self, s: _Sheet):
        self.s = s
        self.reasons: list[tuple[list, pa.Array, pa.Array]] = []

    def text(self, name: str) -> pa.Array:
        """A text field: its column, blanks filled from alternate columns and
        the sheet's context, cleaned; never a reason to reject a row."""
        s, m = self.s, self.s.mapped
        values = None
        for c in m.all(name):
            cleaned = clean_column(s.cells(c))
            values = cleaned if values is None else pc.coalesce(values, cleaned)
        if name in m.context:
            context = pa.scalar(clean_display(m.context[name].value), pa.string())
            values = (
                pa.repeat(context, s.data.num_rows)
                if values is None
                else pc.coalesce(values, context)
            )
        return values if values is not None else pa.nulls(s.data.num_rows, pa.string())

    def typed(self, name: str, how: str, required: str | None = None) -> pa.Array:
        s, m = self.s, self.s.mapped
        parser, type_ = _PARSERS[how]
        columns = m.all(name)
        values = None
        for c in columns:
            v, why = _parse(s.cells(c), parser, c.header, type_)
            values = v if values is None else pc.coalesce(values, v)
            self.reasons.append(why)
        if name in m.context:
            v, why = parser(m.context[name].value, m.context[name].source.render())
            if v is not None:
                context = pa.scalar(v, type_)
                values = (
                    pa.repeat(context, s.data.num_rows)
                    if values is None
                    else pc.coalesce(values, context)
                )
        if values is None:
            values = pa.nulls(s.data.num_rows, type_)
        if required:
            header = columns[0].header if columns else name
            blank = pc.is_null(values)
            self.reasons.append(
                (
                    [msg(required, column=header)],
                    pa.repeat(pa.scalar(0, pa.int32()), len(blank)),
                    blank,
                )
            )
        return values

    def reject_where(self, mask, reason: Message) -> None:
        mask = pc.fill_null(mask, False)
        self.reasons.append(([reason], pa.repeat(pa.scalar(0, pa.int32()), len(mask)), mask))

    def first_reasons(self) -> dict[int, Message]:
        """Row index -> its first reason, for rows that have one."""
        out: dict[int, Message] = {}
        for reasons, indices, has in self.reasons:
            at = None  # each row's index into reasons, as a list once needed
            for i in pc.indices_nonzero(has).to_pylist():
                if i not in out:
                    at = indices.to_pylist() if at is None else at
                    out[i] = reasons[at[i]]
        return out


def stage(grid: Grid, mapped: Mapped) -> Staged:
    """Normalise the rows of one mapped sheet."""
    s = _Sheet(grid, mapped)
    s.clean_invisible()
    s.set_aside_rows()
    parse = _Parsed(s)
    n = s.data.num_rows
    facts = mapped.facts
    _reject_long_cells(s, parse)
    # Each job computes some columns; they run side by side (Arrow's kernels
    # let go of the GIL), and their reasons and notes keep this order.
    jobs: list[Callable[[_Sheet, _Parsed], dict[str, pa.Array]]] = []
    if "participants" in facts or "follow_up" in facts:
        jobs += [_name_columns, _person_columns]
    if "participants" in facts:
        jobs.append(_enrolment_columns)
    if "follow_up" in facts:
        jobs.append(_stage_columns)
    if "targets" in facts:
        jobs.append(_targets)
    parts = _side_by_side(s, parse, jobs)
    cols: dict[str, pa.Array] = {"row_number": s.numbers}
    stage_cols: dict[str, pa.Array] = {}
    for job, part in zip(jobs, parts, strict=True):
        (stage_cols if job is _stage_columns else cols).update(part)

    rows = pa.table(cols)
    staged = Staged(mapped, rows, None, notes=s.notes, set_aside=s.set_aside, sheet=s)
    staged.n_read = n + sum(len(v) for v in s.set_aside.values())
    key = mapped.column("full_name") or mapped.column("name_first") or mapped.column("governorate")
    reasons = parse.first_reasons()
    numbers = s.numbers.to_pylist() if reasons else []
    errors = s.grid.errors if key else {}
    for i in sorted(reasons):
        why = reasons[i]
        error = errors.get((numbers[i] - 1, key.index)) if errors else None
        if error:  # the name (or governorate) cell was an error, read as empty
            why = msg("ingest.reject.error_cell", column=key.header, value=error)
        staged.rejections.append(Rejection(mapped.sheet, numbers[i], why))
    keep = pa.array(np.isin(np.arange(n), list(reasons), invert=True)) if reasons else None
    if keep is not None:
        staged.rows = rows.filter(keep)
    if "follow_up" in facts:
        kept = {f: v.filter(keep) if keep is not None else v for f, v in stage_cols.items()}
        staged.stages = _stages(staged.rows["row_number"], kept)
    staged.notes += _error_note(s) + _context_notes(mapped, s)
    return staged


def _name_columns(s: _Sheet, parse: _Parsed) -> dict[str, pa.Array]:
    full_name = _full_name(s, parse)
    return {"full_name": full_name, "name_key": fold_column(full_name), "gender": _gender(s)}


def _person_columns(s: _Sheet, parse: _Parsed) -> dict[str, pa.Array]:
    cols: dict[str, pa.Array] = {}
    cols["governorate_pcode"], cols["governorate_raw"] = _governorate(s)
    for f in ("phone", "unit", "rank"):
        cols[f] = parse.text(f)
    cols["phone_key"] = phone_keys(cols["phone"])
    cols["person_ref"] = parse.text("person_ref") if _is_id(s) else _nulls(s.data.num_rows)
    cols["extra"] = _extra(s)
    return cols


def _enrolment_columns(s: _Sheet, parse: _Parsed) -> dict[str, pa.Array]:
    cols: dict[str, pa.Array] = {}
    course = parse.text("course")
    cols["course_name"] = pc.fill_null(course, str(msg("ingest.unnamed_course")))
    cols["course_key"] = fold_column(cols["course_name"])
    cols["programme"] = parse.text("programme")
    cols["start_date"] = parse.typed("start_date", "date")
    cols["end_date"] = parse.typed("end_date", "date")
    parse.reject_where(
        pc.greater(cols["start_date"], cols["end_date"]), msg("ingest.reject.start_after_end")
    )
    cols["days_attended"] = _days_attended(s, parse)
    cols["pre_score"] = parse.typed("pre_score", "number")
    cols["post_score"] = parse.typed("post_score", "number")
    cols["is_completed"] = parse.typed("completed", "yes_no")
    return cols


def _stage_columns(s: _Sheet, parse: _Parsed) -> dict[str, pa.Array]:
    """The follow-up stages a sheet has columns for (kept apart from the rows)."""
    return {f: _stage_column(s, f) for f in STAGES if s.mapped.has(f)}


_WORKERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="normalise")


def _side_by_side(s: _Sheet, parse: _Parsed, jobs: list) -> list[dict[str, pa.Array]]:
    """Run ``jobs`` on two threads, each with notes and reasons of its own
    (and the caller's context: its language), then add those to the sheet's
    and ``parse``'s in the jobs' order, as if they had run one after another.
    A job reads the sheet's cells and never changes them."""
    own = []
    for _ in jobs:
        sheet = copy.copy(s)
        sheet.notes = []
        own.append((sheet, _Parsed(sheet)))
    futures = [
        _WORKERS.submit(contextvars.copy_context().run, job, sheet, p)
        for job, (sheet, p) in zip(jobs, own, strict=True)
    ]
    parts = [f.result() for f in futures]
    for sheet, p in own:
        s.notes += sheet.notes
        parse.reasons += p.reasons
    return parts


def _nulls(n: int) -> pa.Array:
    return pa.nulls(n, pa.string())


def _reject_long_cells(s: _Sheet, parse: _Parsed) -> None:
    for c in s.mapped.columns:
        cells = s.cells(c)
        if (
            cells.null_count == len(cells)
            or (pc.max(pc.binary_length(cells)).as_py() or 0) <= MAX_CELL_CHARS
        ):
            continue  # no cell has that many bytes, so none that many characters
        lengths = pc.utf8_length(cells)
        if (pc.max(lengths).as_py() or 0) > MAX_CELL_CHARS:
            too_long = pc.greater(lengths, MAX_CELL_CHARS)
            parse.reject_where(
                too_long,
                msg("ingest.reject.too_long", column=c.header, limit=f"{MAX_CELL_CHARS:,}"),
            )
            # the cell is kept for the fix-it workbook cut to what a cell holds
            cut = pc.if_else(too_long, pc.utf8_slice_codeunits(cells, 0, MAX_CELL_CHARS), cells)
            s.data = s.data.set_column(c.index, s.data.column_names[c.index], cut)


def _full_name(s: _Sheet, parse: _Parsed) -> pa.Array:
    """The full name: its column, or the parts of a name in their columns
    (first, father's, grandfather's, family name) joined in that order."""
    m = s.mapped
    if m.column("full_name") is not None:
        values = parse.text("full_name")
        header = m.column("full_name").header
    else:
        parts = [clean_column(s.cells(c)) for p in NAME_PARTS for c in m.all(p)]
        joined = pc.binary_join_element_wise(*[pc.fill_null(p, "") for p in parts], " ")
        values = clean_column(pc.utf8_trim(pc.replace_substring_regex(joined, " {2,}", " "), " "))
        header = " + ".join(c.header for p in NAME_PARTS for c in m.all(p))
    blank = pc.is_null(values)
    parse.reasons.append(
        (
            [msg("ingest.reject.no_name", column=header)],
            pa.repeat(pa.scalar(0, pa.int32()), len(blank)),
            blank,
        )
    )
    return values


def _gender(s: _Sheet) -> pa.Array:
    m, n = s.mapped, s.data.num_rows
    values = None
    for c in m.all("gender"):
        cells = s.cells(c)
        if c.how == "category":  # a tick column under "Sex": its value where ticked
            ticked = _per_distinct(cells, _ticked, pa.bool_())
            v = pc.if_else(
                pc.fill_null(ticked, False), pa.scalar(c.role), pa.scalar(None, pa.string())
            )
            if values is not None:  # ticked twice: not known
                both = pc.fill_null(pc.and_(pc.is_valid(values), pc.is_valid(v)), False)
                both = pc.and_(both, pc.fill_null(pc.not_equal(values, v), False))
                if pc.any(both).as_py():
                    rows = pc.filter(s.numbers, both).to_pylist()
                    s.notes.append(msg("ingest.note.gender_twice", rows=_rows_text(rows)))
                    v = pc.if_else(both, pa.scalar("unknown"), v)
                    values = pc.if_else(both, pa.scalar("unknown"), values)
        else:
            v = _per_distinct(cells, lambda t: vocabulary.value("gender", t), pa.string())
            unrecognised = pc.and_(pc.is_null(v), pc.invert(_blank(cells)))
            _note_values(s, "ingest.note.gender_unknown", cells, unrecognised)
        values = v if values is None else pc.coalesce(values, v)
    if values is None:
        return pa.repeat(pa.scalar("unknown"), n)
    return pc.fill_null(values, "unknown")


def _ticked(text: str) -> bool:
    if value_is_x(text):
        return True
    answer = vocabulary.value("yes_no", text)
    return answer == "yes" if answer else bool(clean_display(text))


def _governorate(s: _Sheet) -> tuple[pa.Array, pa.Array]:
    m, n = s.mapped, s.data.num_rows
    pcodes, raw = None, None
    for c in m.all("governorate"):
        cells = s.cells(c)
        p = _per_distinct(cells, gazetteer.resolve, pa.string())
        unresolved = pc.and_(pc.is_null(p), pc.invert(_blank(cells)))
        r = pc.if_else(unresolved, clean_column(cells), pa.scalar(None, pa.string()))
        if pcodes is not None:  # a code and a name for the same place: they should agree
            differ = pc.fill_null(pc.and_(pc.is_valid(p), pc.not_equal(p, pcodes)), False)
            if pc.any(differ).as_py():
                rows = pc.filter(s.numbers, differ).to_pylist()
                s.notes.append(
                    msg(
                        "ingest.note.governorate_disagree",
                        first=m.all("governorate")[0].header,
                        other=c.header,
                        rows=_rows_text(rows),
                    )
                )
        else:
            _note_values(s, "ingest.note.governorate_unknown", cells, unresolved)
        pcodes = p if pcodes is None else pc.coalesce(pcodes, p)
        raw = (
            r
            if raw is None
            else pc.if_else(pc.is_valid(pcodes), pa.scalar(None, pa.string()), pc.coalesce(raw, r))
        )
    if "governorate" in m.context:
        context = gazetteer.resolve(m.context["governorate"].value)
        if context:
            if pcodes is None:
                return pa.repeat(pa.scalar(context), n), _nulls(n)
            blank = pc.and_(pc.is_null(pcodes), pc.is_null(raw))
            pcodes = pc.if_else(blank, pa.scalar(context), pcodes)
    if pcodes is None:
        return _nulls(n), _nulls(n)
    return pcodes, raw


def _days_attended(s: _Sheet, parse: _Parsed) -> pa.Array:
    days = parse.typed("days_attended", "number")
    ticks = s.mapped.all("attendance_day")
    if not ticks or s.mapped.has("days_attended"):
        return days
    x_means = _x_means([s.cells(c) for c in ticks])
    count = pa.repeat(pa.scalar(0.0), s.data.num_rows)
    for c in ticks:
        present = _per_distinct(s.cells(c), lambda t: _present(t, x_means), pa.bool_())
        count = pc.add(count, pc.cast(pc.fill_null(present, False), pa.float64()))
    return count


def _present(text: str, x_means: str) -> bool:
    if value_is_x(text):
        return x_means == "yes"
    answer = vocabulary.value("yes_no", text) or vocabulary.value("stage", text)
    if answer:
        return answer == "yes"
    return vocabulary.value("attendance", text) != "no" and bool(clean_display(text))


def _x_means(columns: list) -> str:
    """An "x" is a mark where marks are all a column holds, and a cross
    where others tick with ✓: a column is read as its writer meant it."""
    distinct = set()
    for c in columns:
        distinct |= {
            clean_display(v).lower()
            for v in pc.unique(
                c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c
            ).to_pylist()
            if v
        }
    ticks = {"✓", "✔", "☑", "✅"}
    return "no" if distinct & ticks and "x" in distinct else "yes"


def _stage_column(s: _Sheet, name: str) -> pa.Array:
    """A follow-up stage per row: (reached, date), from every column for it."""
    columns = s.mapped.all(name)
    x_means = _x_means([s.cells(c) for c in columns])
    out = None
    unknown: Counter = Counter()
    for c in columns:
        encoded = _encode(s.cells(c))
        parsed = [stage_value(v, c.header, x_means) for v in encoded.dictionary.to_pylist()]
        counts = pc.value_counts(encoded.indices).to_pylist()
        for entry in counts:
            i = entry["values"]
            if i is not None and parsed[i][0] is None:
                unknown[clean_display(encoded.dictionary[i].as_py())] += entry["counts"]
        values = pa.array([_as_struct(p[0]) for p in parsed], _STAGE_TYPE).take(encoded.indices)
        if out is not None:
            _note_disagreement(s, columns[0], c, out, values)
        out = values if out is None else _either(out, values)
        if x_means == "no" and "x" in {
            clean_display(v).lower() for v in encoded.dictionary.to_pylist() if v
        }:
            s.notes.append(msg("ingest.note.x_is_no", column=c.header))
    if unknown:
        shown = ", ".join(f"'{v}' ({k})" for v, k in unknown.most_common(NOTE_EXAMPLES))
        s.notes.append(
            msg(
                "ingest.note.stage_unknown_values",
                column=columns[0].header,
                values=shown + (", …" if len(unknown) > NOTE_EXAMPLES else ""),
            )
        )
    return out


def _note_disagreement(s: _Sheet, first: Column, other: Column, a: pa.Array, b: pa.Array) -> None:
    """Two columns for one stage that say yes and no on the same row: read as
    reached (one of them says it was), and said."""
    ra, rb = pc.struct_field(a, "reached"), pc.struct_field(b, "reached")
    differ = pc.fill_null(pc.not_equal(ra, rb), False)
    if pc.any(differ).as_py():
        rows = pc.filter(s.numbers, differ).to_pylist()
        s.notes.append(
            msg("ingest.note.stage_disagree", first=first.header, other=other.header,
                rows=_rows_text(rows))
        )  # fmt: skip


def _as_struct(value) -> dict | None:
    return None if value is None else {"reached": value[0], "on": value[1]}


def _either(a: pa.Array, b: pa.Array) -> pa.Array:
    """Two readings of one stage: reached if either says so, on the date either gives."""
    ra = pc.fill_null(pc.struct_field(a, "reached"), False)
    rb = pc.fill_null(pc.struct_field(b, "reached"), False)
    on = pc.coalesce(pc.struct_field(a, "on"), pc.struct_field(b, "on"))
    return pa.StructArray.from_arrays([pc.or_(ra, rb), on], fields=list(_STAGE_TYPE))


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


def _targets(s: _Sheet, parse: _Parsed) -> dict[str, pa.Array]:
    """Planned participants and women per governorate: a total, women and
    men as counts (in columns of their own or under one "Planned" header),
    a women's share, or both."""
    m, cols = s.mapped, {}
    cols["governorate_pcode"] = _target_governorates(s, parse)
    cols["programme"] = parse.text("programme")
    women = _planned(s, parse, "female", "planned_women")
    men = _planned(s, parse, "male", "planned_men")
    total = _planned(s, parse, "total", "planned_participants")
    total = pc.coalesce(total, pc.add(women, pc.fill_null(men, 0.0)))
    share_column = m.column("planned_women_share")
    if share_column is not None and _counts_in(s, share_column, total):
        counts, _ = _parse(s.cells(share_column), number_value, share_column.header, pa.float64())
        women = pc.coalesce(women, counts)
        s.notes.append(msg("ingest.note.women_counts", column=share_column.header))
        share_column = None
    from_counts = pc.if_else(
        pc.greater(total, 0.0), pc.divide(women, total), pa.scalar(None, pa.float64())
    )
    if share_column is not None:
        share = parse.typed("planned_women_share", "share")
        differ = pc.fill_null(pc.greater(pc.abs(pc.subtract(share, from_counts)), 0.005), False)
        if pc.any(differ).as_py():
            rows = pc.filter(s.numbers, differ).to_pylist()
            s.notes.append(msg("ingest.note.share_disagrees", rows=_rows_text(rows)))
        share = pc.coalesce(share, from_counts)
    else:
        share = from_counts
    cols["n_participants_planned"] = pc.cast(pc.round(total), pa.int32())
    cols["share_women_planned"] = share
    for stage_name in STAGES:
        planned = parse.typed(f"planned_{stage_name}", "number")
        cols[f"n_{stage_name}_planned"] = pc.cast(pc.round(planned), pa.int32())
    return cols


def _target_governorates(s: _Sheet, parse: _Parsed) -> pa.Array:
    m = s.mapped
    if m.column("governorate") is None and "governorate" in m.context:
        value, _ = target_governorate(m.context["governorate"].value, "")
        return pa.repeat(pa.scalar(value, pa.string()), s.data.num_rows)
    return parse.typed("governorate", "target_governorate", required="ingest.reject.no_governorate")


def _planned(s: _Sheet, parse: _Parsed, role: str, name: str) -> pa.Array:
    """A planned count: its own column (``name``), or the category column
    for ``role`` under one planned-participants header (Women | Men | Total)."""
    values = None
    for c in s.mapped.columns:
        if c.how == "category" and c.field == "planned_participants":
            if c.role != role:
                continue
        elif c.field != name:
            continue
        v, why = _parse(s.cells(c), number_value, c.header, pa.float64())
        parse.reasons.append(why)
        values = v if values is None else pc.coalesce(values, v)
    return values if values is not None else pa.nulls(s.data.num_rows, pa.float64())


_SHARE_WORDS = ("percent", "share", "ratio", "rate", "نسبة", "ڕێژە", "ريژه")


def _counts_in(s: _Sheet, column: Column, total: pa.Array) -> bool:
    """Whether a women's target column that does not say "%" or "share"
    holds numbers of women: whole numbers above 1, none above its row's
    planned total."""
    if any(w in vocabulary.key(column.header) for w in _SHARE_WORDS):
        return False
    cells = s.cells(column)
    if pc.any(_matches(cells, "%")).as_py():
        return False
    numbers, _ = _parse(cells, number_value, column.header, pa.float64())
    known = pc.and_(pc.is_valid(numbers), pc.is_valid(total))
    if not pc.any(known).as_py():
        return False
    n, t = pc.filter(numbers, known), pc.filter(total, known)
    whole = pc.all(pc.equal(pc.floor(n), n)).as_py()
    return bool(
        whole and pc.all(pc.greater(n, 1.0)).as_py() and pc.all(pc.less_equal(n, t)).as_py()
    )


def _note_values(s: _Sheet, key: str, column, mask) -> None:
    if not pc.any(pc.fill_null(mask, False)).as_py():
        return
    counts = Counter(pc.filter(column, pc.fill_null(mask, False)).to_pylist())
    shown = ", ".join(f"'{clean_display(v)}' ({k})" for v, k in counts.most_common(NOTE_EXAMPLES))
    s.notes.append(msg(key, values=shown + (", …" if len(counts) > NOTE_EXAMPLES else "")))


def _is_id(s: _Sheet) -> bool:
    """Whether the ID column identifies people. A column that merely counts
    rows 1, 2, 3… says nothing about who someone is, and would merge
    different people across rosters."""
    column = s.mapped.column("person_ref")
    if column is None:
        return False
    cells = pc.fill_null(pc.utf8_trim_whitespace(s.cells(column)), "")
    n = len(cells)
    if n and pc.all(pc.match_substring_regex(cells, r"^\d{1,6}$")).as_py():
        numbers = pc.cast(cells, pa.int64())
        if pc.all(
            pc.equal(numbers, pa.array(range(numbers[0].as_py(), numbers[0].as_py() + n)))
        ).as_py():
            s.notes.append(msg("ingest.note.serial", column=column.header))
            return False
    return True


def _extra(s: _Sheet) -> pa.Array:
    """Columns that map to no field (or to one that is only kept), kept with
    each row as header -> cell."""
    kept = [
        c
        for c in s.mapped.columns
        if c.how != "tool" and (c.field is None or vocabulary.fields()[c.field].fact == "kept")
    ]
    if not kept:
        return _nulls(s.data.num_rows)
    return pa.StructArray.from_arrays(
        [s.cells(c).combine_chunks() for c in kept], names=[c.header for c in kept]
    )


def _error_note(s: _Sheet) -> list[Message]:
    used = {c.index: c.header for c in s.mapped.columns}
    start = s.mapped.located.first_data_row
    errors = [(r, j, v) for (r, j), v in s.grid.errors.items() if r >= start and j in used]
    if not errors:
        return []
    r, j, v = min(errors)
    example = msg("ingest.note.error_example", value=v, row=r + 1, column=used[j])
    return [msg("ingest.note.error_cells", n=len(errors), example=example)]


def _context_notes(mapped: Mapped, s: _Sheet) -> list[Message]:
    out = []
    for context in mapped.context.values():
        out.append(
            msg(
                "ingest.note.context",
                field=msg(f"field.{context.field}"),
                value=context.value,
                source=context.source,
            )
        )
    for index, rows in mapped.located.merged_rows.items():
        column = next((c for c in mapped.columns if c.index == index and c.field), None)
        start = mapped.located.first_data_row
        data_rows = [r + 1 for r in rows if r >= start]
        if column and data_rows:
            out.append(msg("ingest.note.merged", column=column.header, rows=_rows_text(data_rows)))
    return out
