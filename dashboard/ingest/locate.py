"""Stage 2, locate: where the table is in a sheet, and what stands around it.

Rosters rarely start in A1. Above the header there may be a title block
("Human rights course — Erbil", "Governorate: Kirkuk") and blank rows; the
header may span two rows (a group label such as "Participant" merged over
"Name" and "Sex", or "Sex" over "M | F"). Merged cells are filled first, from
the sheet's own merge ranges, so a governorate merged down a block of rows
stands in every row it covers. ``find`` then scores every row near the top,
and every pair of adjacent rows, by how many known fields their labels name,
and keeps the best (a single row wins a tie). What it returns is still only
text: ``fields`` says what each column means.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from dashboard.i18n import Message, msg
from dashboard.ingest import vocabulary
from dashboard.ingest.read import Grid
from dashboard.text import clean_display, fold

SCAN_ROWS = 30  # the header is looked for in the first rows only
MIN_FIELDS = 2  # a header names at least two known fields
MAX_MERGE_CELLS = 1_000_000  # merged cells filled per sheet, at most
_SUMMARY_WORDS = {
    fold(w)
    for w in (
        *("summary", "dashboard", "pivot", "chart", "totals", "total", "report"),
        *("ملخص", "الملخص", "خلاصة", "المجموع", "الاجمالي", "پوختە", "کۆ", "کۆی گشتی"),
    )
}


@dataclass
class HeaderCell:
    index: int  # position in the grid
    label: str  # the header as read (two-row labels joined), unique in the sheet
    upper: str = ""  # of a two-row header, the upper cell (a group label, say)
    lower: str = ""  # the cell in the last header row, as repeated down some sheets


@dataclass
class Located:
    sheet: str
    header_rows: list[int] = field(default_factory=list)  # 1-based, as Excel shows them
    cells: list[HeaderCell] = field(default_factory=list)
    above: list[tuple[int, list[str]]] = field(default_factory=list)  # (row, texts) over it
    merged_rows: dict[int, list[int]] = field(default_factory=dict)  # column -> rows filled
    skipped: Message | None = None

    @property
    def first_data_row(self) -> int:
        """0-based grid row where the data starts."""
        return self.header_rows[-1] if self.header_rows else 0


def fill_merges(grid: Grid) -> dict[int, list[int]]:
    """Give every cell of a merged range the value of its first cell, as a
    person reading the sheet sees it. Returns, per column, the data rows
    (0-based) that were filled."""
    if not grid.merges or not grid.table.num_columns:
        return {}
    table, n, budget = grid.table, grid.n_rows, MAX_MERGE_CELLS
    columns: dict[int, list] = {}
    filled: dict[int, list[int]] = {}
    for r0, c0, r1, c1 in sorted(grid.merges):
        r1, c1 = min(r1, n - 1), min(c1, table.num_columns - 1)
        size = (r1 - r0 + 1) * (c1 - c0 + 1)
        if r0 >= n or c0 >= table.num_columns or size <= 1 or size > budget:
            continue
        budget -= size
        source = columns[c0] if c0 in columns else table.column(c0).to_pylist()
        columns.setdefault(c0, source)
        value = source[r0]
        if value is None:
            continue
        for c in range(c0, c1 + 1):
            cells = columns.setdefault(c, table.column(c).to_pylist())
            cells[r0 : r1 + 1] = [value] * (r1 - r0 + 1)
            if r1 > r0:
                filled.setdefault(c, []).extend(range(r0 + 1, r1 + 1))
    for c, cells in columns.items():
        table = table.set_column(c, table.column_names[c], pa.array(cells, pa.string()))
    grid.table = table
    return filled


def _labels(row: list) -> list[str]:
    return [clean_display(v) for v in row]


def _fill_right(upper: list[str], lower: list[str]) -> list[str]:
    """A group label written once covers the columns to its right that
    have a label below and none of their own."""
    out, last = [], ""
    for up, low in zip(upper, lower, strict=True):
        last = up or (last if low else "")
        out.append(last)
    return out


def pair_label(upper: str, lower: str) -> str:
    """The label of a column under a two-row header."""
    if not upper or upper == lower:
        return lower
    if not lower:
        return upper
    return f"{upper} {lower}"


def _pair_field(upper: str, lower: str) -> str | None:
    if not upper or upper == lower:
        return vocabulary.field_for(lower)
    if not lower:
        return vocabulary.field_for(upper)
    return (
        vocabulary.field_for(f"{upper} {lower}")
        or vocabulary.field_for(lower)
        or (vocabulary.category(upper, lower) or (None,))[0]
    )


def _candidate(rows: list[list], r: int, two: bool) -> tuple[list[str], list[str | None]]:
    lower = _labels(rows[r + 1] if two else rows[r])
    if not two:
        return lower, [vocabulary.field_for(h) if h else None for h in lower]
    upper = _fill_right(_labels(rows[r]), lower)
    pairs = list(zip(upper, lower, strict=True))
    return [pair_label(u, lo) for u, lo in pairs], [_pair_field(u, lo) for u, lo in pairs]


def _score(fields: list[str | None]) -> int:
    known = vocabulary.fields()
    return len({f for f in fields if f and known[f].fact not in ("ignore", "kept")})


def find(grid: Grid) -> Located:
    located = Located(sheet=grid.name)
    if not grid.visible:
        located.skipped = msg("ingest.skip.hidden")
        return located
    located.merged_rows = fill_merges(grid)
    n = min(grid.n_rows, SCAN_ROWS + 1)
    rows = [grid.row(i) for i in range(n)]
    if not any(v is not None and str(v).strip() for row in rows for v in row):
        located.skipped = msg("ingest.skip.empty")
        return located
    best: tuple[int, int, int] | None = None  # (score, -row, one row rather than two)
    single = [_score(_candidate(rows, r, False)[1]) for r in range(n)]
    for r in range(min(n, SCAN_ROWS)):
        for two in (False, True) if r + 1 < n else (False,):
            score = single[r]
            if two:  # a category row (M | F under "Sex") is worth a field more
                score = _score(_candidate(rows, r, True)[1]) + int(_adds(rows, r))
                best_single = max(single[r], single[r + 1])
                if score < best_single or (score == best_single and not _groups(rows[r])):
                    continue  # the upper row adds nothing: a title above a header, say
            rank = (score, -r, int(not two))
            if score >= MIN_FIELDS and (best is None or rank > best):
                best = rank
    if best is None:
        located.skipped = why_not(grid.name, rows)
        return located
    r, two = -best[1], best[2] == 0
    labels, _ = _candidate(rows, r, two)
    located.header_rows = [r + 1, r + 2] if two else [r + 1]
    located.above = [
        (i + 1, texts)
        for i, row in enumerate(rows[:r])
        if (texts := [t for t in _labels(row) if t])
    ]
    upper = _fill_right(_labels(rows[r]), _labels(rows[r + 1])) if two else [""] * len(labels)
    lower = _labels(rows[located.header_rows[-1] - 1])
    located.cells = _cells(grid, labels, upper, lower, located.first_data_row)
    return located


def _groups(row: list) -> bool:
    """Whether a row reads as group labels over a header ("Participant",
    "Dates"), not as a title block (one line, or "Label: value" cells)."""
    labels = [label for label in _labels(row) if label]
    return len(labels) >= 2 and not any(":" in label for label in labels)


def _adds(rows: list[list], r: int) -> bool:
    """Whether an upper row turns the lower one's cells into categories (a
    "Sex" over "M | F"), which a single row cannot say."""
    upper = _fill_right(_labels(rows[r]), _labels(rows[r + 1]))
    lower = _labels(rows[r + 1])
    return any(vocabulary.category(u, lo) for u, lo in zip(upper, lower, strict=True) if u)


def _cells(grid: Grid, labels, upper, lower, start: int) -> list[HeaderCell]:
    cells, seen = [], set()
    for j, label in enumerate(labels):
        if not label and grid.table.column(j).slice(start).null_count == grid.n_rows - start:
            continue  # no header and nothing below it
        header = label or str(msg("ingest.unnamed", n=j + 1))
        k = 2
        while header in seen:
            header, k = f"{label} ({k})", k + 1
        seen.add(header)
        cells.append(HeaderCell(index=j, label=header, upper=upper[j], lower=lower[j]))
    return cells


def why_not(sheet: str, rows: list[list]) -> Message:
    words = {fold(v) for row in rows for v in row if isinstance(v, str)}
    if fold(sheet) in _SUMMARY_WORDS or words & _SUMMARY_WORDS:
        return msg("ingest.skip.summary")
    return msg("ingest.skip.no_roster")
