"""Exports of the table on screen, to Excel and CSV. No Streamlit here.

Both take the Arrow table exactly as the page shows it (its columns already
labelled for people) and return the file's bytes.

- **Excel**: the header styled and frozen, an auto-filter, column widths that
  fit the text, dates as real dates; a second sheet says what the export is
  (the filters in words, when it was made, the uploads its rows come from).
  Every text cell is written as text, so a name typed as ``=HYPERLINK(...)``
  can never run as a formula. Written by XlsxWriter in constant-memory mode.
- **CSV**: UTF-8 with a byte-order mark, so Excel opens Arabic and Kurdish
  correctly. CSV has no cell types, so a cell starting with ``=``, ``+``,
  ``-``, ``@`` (or a tab or carriage return) gets a leading apostrophe, which
  spreadsheet programs read as "this is text" (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter

from dashboard.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class About:
    """What an export holds, for its second sheet."""

    title: str  # what its rows are ("Participants"): the first sheet's name
    filters: str  # the filters in words
    exported_at: datetime
    uploads: list[dict]  # upload_id, file_name, uploaded_by, uploaded_at


def to_xlsx(table: pa.Table, about: About) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "dd/mm/yyyy",
        },
    )
    header = book.add_format({"bold": True, "bg_color": "#1f5f8b", "font_color": "#ffffff"})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet(_sheet_name(about.title))
    names = table.column_names
    for j, name in enumerate(names):
        sheet.write_string(0, j, name, header)
        sheet.set_column(j, j, _width(name, table.column(j)))
    writers = [_writer(sheet, table.schema.field(j).type, date_format) for j in range(len(names))]
    columns = [table.column(j).to_pylist() for j in range(len(names))]
    for i in range(table.num_rows):
        row = i + 1
        for j, write in enumerate(writers):
            value = columns[j][i]
            if value is not None:
                write(row, j, value)
    sheet.freeze_panes(1, 0)
    if names:
        sheet.autofilter(0, 0, max(table.num_rows, 1), len(names) - 1)
    _about_sheet(book, header, table.num_rows, about)
    book.close()
    return out.getvalue()


def _sheet_name(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\."""
    return " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())[:31] or "Sheet1"


def _writer(sheet, type_: pa.DataType, date_format):
    if pa.types.is_integer(type_) or pa.types.is_floating(type_) or pa.types.is_decimal(type_):
        return lambda r, c, v: sheet.write_number(r, c, float(v))
    if pa.types.is_boolean(type_):
        return sheet.write_boolean
    if pa.types.is_date(type_) or pa.types.is_timestamp(type_):
        return lambda r, c, v: sheet.write_datetime(r, c, v, date_format)
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        return lambda r, c, v: sheet.write_string(r, c, ", ".join(map(str, v)))
    return lambda r, c, v: sheet.write_string(r, c, str(v))


def _width(name: str, column: pa.ChunkedArray) -> int:
    longest = 0
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        longest = pc.max(pc.utf8_length(column)).as_py() or 0
    elif pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
        longest = 10
    elif column.num_chunks and len(column):
        longest = 12
    return min(max(len(name), longest) + 2, MAX_WIDTH)


def _about_sheet(book, header, n_rows: int, about: About) -> None:
    sheet = book.add_worksheet(t("export.sheet_about"))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 3, 22)
    lines = [
        (t("export.filters"), about.filters),
        (t("export.exported_at"), about.exported_at.strftime("%d/%m/%Y %H:%M")),
        (t("export.rows"), str(n_rows)),
    ]
    for i, (label, value) in enumerate(lines):
        sheet.write_string(i, 0, label, header)
        sheet.write_string(i, 1, value)
    row = len(lines) + 1
    for j, label in enumerate(
        (t("export.upload"), t("export.file"), t("export.uploaded_by"), t("export.uploaded_at"))
    ):
        sheet.write_string(row, j, label, header)
    for i, u in enumerate(about.uploads, start=row + 1):
        sheet.write_number(i, 0, u["upload_id"])
        sheet.write_string(i, 1, u["file_name"])
        sheet.write_string(i, 2, u["uploaded_by"])
        sheet.write_string(i, 3, u["uploaded_at"].strftime("%d/%m/%Y %H:%M"))


def to_csv(table: pa.Table) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.column_names)
    columns = [_csv_cells(table.column(j)) for j in range(table.num_columns)]
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue().encode("utf-8")


def _csv_cells(column: pa.ChunkedArray) -> list:
    type_ = column.type
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        column = pc.binary_join(pc.cast(column, pa.list_(pa.string())), ", ")
    elif pa.types.is_date(type_):
        return [d.strftime("%d/%m/%Y") if d else None for d in column.to_pylist()]
    elif not (pa.types.is_string(type_) or pa.types.is_large_string(type_)):
        return column.to_pylist()
    return [_safe_text(v) for v in column.to_pylist()]


def _safe_text(value: str | None) -> str | None:
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_stem(what: str, when: date | datetime) -> str:
    """The downloaded file's name without extension: "oversight-participants-2026-11-24"."""
    return t("export.file_stem", what=t(f"export.stem.{what}"), day=when.strftime("%Y-%m-%d"))
