"""Where the roster is in a sheet: its header row(s), its columns, its kind.

Rosters rarely start in A1. Above the header there may be a title block and
blank rows; the header itself may span two rows (a merged group label such as
"Participant" over "Name" and "Sex", or "Governorate" merged down over two
rows). ``find`` scores every row near the top, and every pair of adjacent
rows, by how many known fields their labels name (``data/vocabulary``), and
keeps the best; a single row wins a tie. The kind of roster follows from the
fields found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import STAGES, vocabulary
from dashboard.i18n import t
from dashboard.readers import Grid
from dashboard.text import clean_display, fold

SCAN_ROWS = 30  # the header is looked for in the first rows only
MIN_FIELDS = 2  # a header names at least two known fields
TARGET_FIELDS = {
    "planned_participants",
    "planned_women_share",
    *(f"planned_{stage}" for stage in STAGES),
}
_SUMMARY_WORDS = {
    fold(w)
    for w in (
        *("summary", "dashboard", "pivot", "chart", "totals", "total", "report"),
        *("ملخص", "الملخص", "خلاصة", "المجموع", "الاجمالي", "پوختە", "کۆ", "کۆی گشتی"),
    )
}
_DEFAULT_SHEET_NAMES = {
    fold(w) for w in ("Sheet", "Sheet1", "Feuil1", "Tabelle1", "ورقة1", "Лист1")
}


@dataclass
class Column:
    index: int  # position in the grid
    header: str  # the label as written (two-row labels joined), unique in the sheet
    written: str = ""  # the cell in the last header row, as repeated down some sheets
    field: str | None = None  # the field it maps to; None: kept as an extra column
    suggestion: str | None = None  # for an unknown header: the closest field


@dataclass
class Layout:
    sheet: str
    kind: str | None = None  # participants, follow_up, targets; None: skipped
    skipped: str | None = None  # why, in words
    header_rows: list[int] = field(default_factory=list)  # 1-based, as Excel shows them
    columns: list[Column] = field(default_factory=list)
    title: str | None = None  # first text above the header, often the course

    @property
    def first_data_row(self) -> int:
        """0-based grid row where the data starts."""
        return self.header_rows[-1] if self.header_rows else 0

    @property
    def mapping(self) -> dict[str, str]:
        """field -> header, as the upload record keeps it."""
        return {c.field: c.header for c in self.columns if c.field}

    def column(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)

    @property
    def unknown(self) -> dict[str, str | None]:
        """Headers that map to no field -> the closest field, if any."""
        return {c.header: c.suggestion for c in self.columns if not c.field}

    def course_fallback(self) -> str | None:
        """A course name when the sheet has no course column: the title above
        the header, else the sheet's name unless it is a default one."""
        if self.title:
            return self.title
        return None if fold(self.sheet).replace(" ", "") in _DEFAULT_SHEET_NAMES else self.sheet


def _labels(row: list) -> list[str]:
    return [clean_display(v) for v in row]


def _fill_right(upper: list[str], lower: list[str]) -> list[str]:
    """A merged group label, written once, covers the columns to its right
    that have a label below and none of their own."""
    out, last = [], ""
    for up, low in zip(upper, lower, strict=True):
        last = up or (last if low else "")
        out.append(last)
    return out


def _map_pair(upper: str, lower: str) -> tuple[str, str | None]:
    if not upper or upper == lower:
        return lower, vocabulary.field_for(lower)
    if not lower:
        return upper, vocabulary.field_for(upper)
    joined = f"{upper} {lower}"
    return joined, vocabulary.field_for(joined) or vocabulary.field_for(lower)


def _candidate(rows: list[list], r: int, two: bool) -> tuple[list[str], list[str | None]]:
    lower = _labels(rows[r + 1] if two else rows[r])
    if not two:
        return lower, [vocabulary.field_for(h) if h else None for h in lower]
    upper = _fill_right(_labels(rows[r]), lower)
    pairs = [_map_pair(u, lo) for u, lo in zip(upper, lower, strict=True)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _score(fields: list[str | None]) -> int:
    return len({f for f in fields if f and vocabulary.fields()[f].kind != "ignore"})


def find(grid: Grid) -> Layout:
    layout = Layout(sheet=grid.name)
    if not grid.visible:
        layout.skipped = t("ingest.skip.hidden")
        return layout
    n = min(grid.n_rows, SCAN_ROWS + 1)
    rows = [grid.row(i) for i in range(n)]
    if not any(v is not None and str(v).strip() for row in rows for v in row):
        layout.skipped = t("ingest.skip.empty")
        return layout
    best: tuple[int, int, int] | None = None  # (score, -row, one row rather than two)
    single = [_score(_candidate(rows, r, False)[1]) for r in range(n)]
    for r in range(min(n, SCAN_ROWS)):
        for two in (False, True) if r + 1 < n else (False,):
            score = _score(_candidate(rows, r, two)[1]) if two else single[r]
            if two and score <= max(single[r], single[r + 1]):
                continue  # the upper row adds nothing: a title above a header, say
            rank = (score, -r, int(not two))
            if score >= MIN_FIELDS and (best is None or rank > best):
                best = rank
    if best is None:
        layout.skipped = _why_not(grid.name, rows)
        return layout
    r, two = -best[1], best[2] == 0
    labels, fields = _candidate(rows, r, two)
    layout.header_rows = [r + 1, r + 2] if two else [r + 1]
    layout.title = next(
        (clean_display(v) for row in rows[:r] for v in row if v and clean_display(v)), None
    )
    layout.columns = _columns(grid, labels, fields, layout.first_data_row)
    last = _labels(rows[layout.header_rows[-1] - 1])
    for c in layout.columns:
        c.written = last[c.index]
    layout.kind = kind_of({c.field for c in layout.columns if c.field})
    if layout.kind is None:
        layout.skipped = _why_not(grid.name, rows)
    return layout


def _columns(grid: Grid, labels: list[str], fields: list[str | None], start: int) -> list[Column]:
    columns, seen_labels, seen_fields = [], set(), set()
    for j, (label, name) in enumerate(zip(labels, fields, strict=True)):
        if not label and grid.table.column(j).slice(start).null_count == grid.n_rows - start:
            continue  # no header and nothing below it
        header = label or t("ingest.unnamed", n=j + 1)
        k = 2
        while header in seen_labels:
            header, k = f"{label} ({k})", k + 1
        seen_labels.add(header)
        if name in seen_fields:
            name = None  # a second column for the same field is kept as an extra
        column = Column(index=j, header=header, field=name)
        if name:
            seen_fields.add(name)
        elif label:
            column.suggestion = vocabulary.suggest(label)
        columns.append(column)
    return columns


# Beside a name, a roster says something else about the person or the course:
# a "Name" column alone (a list of countries, of products) is not a roster.
_ABOUT_PEOPLE = {"gender", "governorate", "person_ref", "phone", "unit", "rank", "course"}


def kind_of(fields: set[str]) -> str | None:
    if "full_name" in fields and fields & set(STAGES):
        return "follow_up"
    if "full_name" in fields and fields & _ABOUT_PEOPLE:
        return "participants"
    if "governorate" in fields and fields & TARGET_FIELDS:
        return "targets"
    return None


def remap(layout: Layout, chosen: dict[str, str | None]) -> None:
    """Apply a person's choice of field for some headers (None: keep the
    column as an extra one). A field chosen for one column leaves any other
    column it was found in; the kind of roster follows the new fields."""
    if not layout.columns or not chosen:
        return
    taken = {f for f in chosen.values() if f}
    for c in layout.columns:
        if c.header in chosen:
            c.field = chosen[c.header]
        elif c.field in taken:
            c.field = None
    layout.kind = kind_of({c.field for c in layout.columns if c.field})
    layout.skipped = None if layout.kind else t("ingest.skip.no_roster")


def _why_not(sheet: str, rows: list[list]) -> str:
    words = {fold(v) for row in rows for v in row if isinstance(v, str)}
    if fold(sheet) in _SUMMARY_WORDS or words & _SUMMARY_WORDS:
        return t("ingest.skip.summary")
    return t("ingest.skip.no_roster")
