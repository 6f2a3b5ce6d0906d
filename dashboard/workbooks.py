"""Writing roster workbooks: the demo programme and the tests share this."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

Table = tuple[Sequence[object], Sequence[Sequence[object]]]  # header, rows

# Fixed document times, so that writing the same rosters gives the same bytes.
STAMP = datetime(2018, 3, 1, 9, 0, 0)
BOLD = Font(bold=True)


def roster(sheets: dict[str, Table], right_to_left: bool = False) -> Workbook:
    """A workbook with one sheet per entry: a bold, frozen header row, then
    the rows (each sheet laid out right to left, if asked). Every text cell
    is written as text: a name typed as ``=HYPERLINK(...)`` comes back as
    those characters, never as a formula."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, (header, rows) in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
        for line in ws.iter_rows():
            for cell in line:
                if cell.data_type == "f":  # text that starts with "=": text, never a formula
                    cell.data_type = "s"
        for cell in ws[1]:
            cell.font = BOLD
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(40, width + 2)
        ws.freeze_panes = "A2"
        ws.sheet_view.rightToLeft = right_to_left
    wb.properties.creator = "Oversight"
    wb.properties.created = wb.properties.modified = STAMP
    return wb


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def save(wb: Workbook, path: Path) -> Path:
    path.write_bytes(to_bytes(wb))
    return path
