"""Hostile workbooks, built as an attacker would, small on disk.

- ``corners``: 5 KB, cells A1 and XFD1048576: a reader that builds the grid
  between them allocates 17 billion cells (550 GB).
- ``far_column``: 5 KB, one cell at column 1,000,000, past the last column a
  sheet has: a reader walks to it for minutes.
- ``lying_bomb``: a few MB whose zip headers say the sheet inflates to 22 KB,
  while it holds 60 million cells (gigabytes of XML).
- ``honest_bomb``: a few MB whose headers tell the truth (it inflates to less
  than the limit) and which still holds tens of millions of cells.

The bombs are deflate streams written by hand: one block of rows compressed
once and repeated (a full flush makes each copy stand alone), so building
one takes milliseconds.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Participants" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row><c t="inlineStr"><is><t>Full name</t></is></c>'
    b'<c t="inlineStr"><is><t>Sex</t></is></c></row>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def _workbook(cells: dict[str, str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Participants"
    for ref, value in cells.items():
        ws[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def corners() -> bytes:
    return _workbook({"A1": "Full name", "B1": "Sex", "XFD1048576": "x"})


def _column_letters(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def far_column() -> bytes:
    """One cell at column 1,000,000 (openpyxl refuses to write it: the XML is patched)."""
    data = _workbook({"A1": "Full name", "B1": "Sex", "A2": "Test Person", "B2": "F"})
    far = _column_letters(1_000_000).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            part = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b'r="B2"', b'r="' + far + b'2"')
            zout.writestr(info, part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _repeated_deflate(
    head: bytes, block: bytes, copies: int, tail: bytes
) -> tuple[bytes, int, int]:
    """A raw deflate stream of head + block * copies + tail: (stream, crc, size)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = squeeze.compress(tail) + squeeze.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(copies):  # over the copies, without building them
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * copies + len(tail)
    return first + one * copies + last, crc & 0xFFFFFFFF, size


def _zip(parts: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of (name, deflated bytes, crc, real size, declared size) members."""
    out, directory = io.BytesIO(), []
    for name, stream, crc, _real, declared in parts:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(stream),
                declared,
                len(encoded),
                0,
            )
        )
        out.write(encoded + stream)
        directory.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(stream),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), size, start, 0))
    return out.getvalue()


def _small(name: str, text: str) -> tuple[str, bytes, int, int, int]:
    data = text.encode()
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = squeeze.compress(data) + squeeze.flush()
    return name, stream, zlib.crc32(data), len(data), len(data)


def _bomb(rows: int, cells_per_row: int, declare: int | None) -> bytes:
    row = b"<row>" + b"<c><v>1</v></c>" * cells_per_row + b"</row>"
    rows_per_block = max(1, (1 << 20) // len(row))
    block = row * rows_per_block
    stream, crc, size = _repeated_deflate(_SHEET_HEAD, block, rows // rows_per_block, _SHEET_TAIL)
    sheet = ("xl/worksheets/sheet1.xml", stream, crc, size, declare if declare else size)
    return _zip(
        [
            _small("[Content_Types].xml", _CONTENT_TYPES),
            _small("_rels/.rels", _RELS),
            _small("xl/workbook.xml", _BOOK),
            _small("xl/_rels/workbook.xml.rels", _BOOK_RELS),
            sheet,
        ]
    )


def lying_bomb() -> bytes:
    """60 million cells (over 900 MB of XML) whose headers declare 22 KB."""
    return _bomb(rows=600_000, cells_per_row=100, declare=22 * 1024)


def honest_bomb() -> bytes:
    """Over 30 million cells in under the inflation limit, sizes declared truly."""
    return _bomb(rows=320_000, cells_per_row=100, declare=None)


HOSTILE = {
    "corners.xlsx": corners,
    "far-column.xlsx": far_column,
    "lying-bomb.xlsx": lying_bomb,
    "honest-bomb.xlsx": honest_bomb,
}
