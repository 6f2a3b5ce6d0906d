"""Generated messy rosters, as staff keep them: title blocks, merged two-row
headers, blank and total rows, hidden list sheets, error cells, three
languages. Every person is made up ("Test Person …")."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard import workbooks

D1, D2 = date(2017, 12, 11), date(2017, 12, 15)


def sheet_rows(ws, rows, start_row: int = 1) -> None:
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                cell = ws.cell(start_row + i, j + 1, value)
                if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "A")):
                    cell.data_type = "e"  # an error cell such as #N/A or #DIV/0!


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def titled_course() -> bytes:
    """A title block, a blank row, a merged two-row header (a group label
    over Name/Sex, "Governorate" merged down), blank rows inside, the header
    repeated for a printed page, a Total row; a hidden list sheet and a
    summary sheet beside it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Ninewa course"
    ws["A1"] = "Human rights training for community police — Erbil, 11–15 Dec 2017"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Organised by the Human Rights Office"
    sheet_rows(
        ws,
        [
            ["No.", "Participant", None, "Governorate", "Contact", "Dates", None, "Remarks"],
            [None, "Full name", "Sex", None, "Phone", "Start date", "End date", None],
        ],
        start_row=4,
    )
    ws.merge_cells("B4:C4")
    ws.merge_cells("D4:D5")
    ws.merge_cells("F4:G4")
    ws.merge_cells("H4:H5")
    sheet_rows(
        ws,
        [
            [1, "  Test  Person One ", "F", "Ninewa", "0750 555 0001", D1, D2, None],  # 6
            [2, "Test Person Two", "Male", "Mosul", "+964 750 555 0002",
             "11/12/2017", "15/12/2017", "late day 1"],  # 7
            [None] * 8,  # 8: blank
            [3, "تيست شخص ثلاثة", "أنثى", "نينوى", "٠٧٥٠٥٥٥٠٠٠٣",
             "١١/١٢/٢٠١٧", "١٥/١٢/٢٠١٧", None],  # 9
            # 10: the header again, as printed at the top of a new page
            [None, "Full name", "Sex", "Governorate", "Phone", "Start date", "End date", "Remarks"],
            [4, "Test Person Four", "W", "Tikrit", "#N/A", D1, D2, None],  # 11
            [5, "#N/A", "M", "Kirkuk", None, D1, D2, None],  # 12: an error cell for a name
            [6, "Test Person Six", "x", "Atlantis", None, "sometime", D2, None],  # 13
            [None, "Total", None, None, None, None, None, None],  # 14
        ],
        start_row=6,
    )  # fmt: skip
    lists = wb.create_sheet("Lists")
    sheet_rows(lists, [["Governorate", "Sex"], ["Ninewa", "M"], ["Kirkuk", "F"]])
    lists.sheet_state = "hidden"
    summary = wb.create_sheet("Summary")
    sheet_rows(summary, [["Governorate", "Men", "Women", "Total"], ["Ninewa", 1, 2, 3]])
    return to_bytes(wb)


def kurdish_roster() -> bytes:
    """Headers in Kurdish, columns in another order, an ID column, an extra column."""
    header = ["ڕەگەز", "ناوی تەواو", "پارێزگا", "ژمارەی ناسنامە", "خولی ڕاهێنان", "تێبینی"]
    rows = [
        ["مێ", "تێست کەسی یەک", "هەولێر", "K-100", "خولی یەکەم", "باش"],
        ["نێر", "تێست کەسی دوو", "سلێمانی", "K-101", "خولی یەکەم", None],
    ]
    return workbooks.to_bytes(workbooks.roster({"بەشداربووان": (header, rows)}))


def ods(sheets: dict[str, list[list]]) -> bytes:
    """A minimal OpenDocument spreadsheet, written by hand (no ODS writer ships)."""
    body = []
    for name, rows in sheets.items():
        body.append(f'<table:table table:name="{escape(name)}">')
        for row in rows:
            body.append("<table:table-row>")
            for v in row:
                if v is None:
                    body.append("<table:table-cell/>")
                elif isinstance(v, int | float):
                    body.append(
                        f'<table:table-cell office:value-type="float" office:value="{v}">'
                        f"<text:p>{v}</text:p></table:table-cell>"
                    )
                else:
                    body.append(
                        f'<table:table-cell office:value-type="string">'
                        f"<text:p>{escape(str(v))}</text:p></table:table-cell>"
                    )
            body.append("</table:table-row>")
        body.append("</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(body)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
