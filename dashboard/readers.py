"""Reading a roster file into grids of text, whatever it is, within bounds.

Every sheet comes back as a ``Grid``: one string column per spreadsheet
column, one row per sheet row from row 1 (so row numbers are Excel's), and
the positions of error cells (#N/A, #DIV/0!) that were read as empty. Text is
what the reader shows for a cell: real dates as ``2017-12-11 00:00:00``,
numbers without a trailing ``.0``. Interpreting cells is ``normalise``'s job.

Workbooks are read by calamine (through fastexcel); Excel 2.1–97 files
calamine cannot open are read by xlrd. CSV files are decoded from UTF-8 (with
or without BOM), UTF-16 or, failing those, Windows-1256 (Arabic) or
Windows-1252 text, and split on ``,`` ``;`` tab or ``|``, whichever the
lines agree on.

Before any of that, the file is sized up: over ``MAX_FILE_BYTES``, or a zip
whose parts would inflate past ``MAX_INFLATED_BYTES`` (a zip bomb), or
encrypted, or not a spreadsheet at all, is refused with one line and without
being decompressed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import pyarrow as pa

from dashboard.i18n import t

MAX_FILE_BYTES = 50 * 1024 * 1024  # as server.maxUploadSize in .streamlit/config.toml
MAX_INFLATED_BYTES = 768 * 1024 * 1024  # a 500k-row roster inflates to about 150 MB
MAX_CELLS = 20_000_000  # per sheet, as rows x columns read

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ERROR_NAMES = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}


class Refused(Exception):
    """A file that cannot be taken at all; ``str()`` is the one line shown."""

    def __init__(self, file_name: str, message: str, sheet: str | None = None):
        self.file_name, self.message, self.sheet = file_name, message, sheet
        where = t("ingest.where_sheet", file=file_name, sheet=sheet) if sheet else file_name
        super().__init__(f"{where}: {message}")


@dataclass
class Grid:
    """One sheet as text. ``table`` has one string column per sheet column;
    its row ``i`` is sheet row ``i + 1``."""

    name: str
    table: pa.Table
    visible: bool = True
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "#N/A"
    note: str | None = None  # how a text file was read: encoding and separator

    @property
    def n_rows(self) -> int:
        return self.table.num_rows

    def row(self, i: int) -> list[str | None]:
        return [col[i].as_py() for col in self.table.columns]


def read(data: bytes, file_name: str) -> list[Grid]:
    """Every sheet of a file, or ``Refused`` with the reason in one line."""
    if not data:
        raise Refused(file_name, t("ingest.empty_file"))
    if len(data) > MAX_FILE_BYTES:
        raise Refused(
            file_name, t("ingest.too_large", size=_mb(len(data)), limit=_mb(MAX_FILE_BYTES))
        )
    suffix = Path(file_name).suffix.lower()
    if data.startswith((_ZIP, _EMPTY_ZIP)):
        _check_zip(data, file_name)
        return _read_workbook(data, file_name)
    if data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data:
            raise Refused(file_name, t("ingest.encrypted"))
        return _read_workbook(data, file_name)
    if _looks_like_biff(data):  # Excel 2.1-4.0: a bare BIFF stream, no container
        return _read_xls_fallback(data, file_name, None)
    if suffix in TEXT_SUFFIXES or (suffix not in WORKBOOK_SUFFIXES and _is_text(data)):
        return [_read_text(data, file_name)]
    if _is_text(data):
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
            raise Refused(file_name, t("ingest.web_page"))
        raise Refused(file_name, t("ingest.text_not_workbook"))
    raise Refused(file_name, t("ingest.not_spreadsheet"))


def _mb(n: int) -> str:
    return f"{n // 1024} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.0f} MB"


def _check_zip(data: bytes, file_name: str) -> None:
    """Refuse an archive that is not a workbook or would inflate too far,
    from its directory alone: nothing is decompressed here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise Refused(file_name, _damaged(exc)) from exc
    if b"encryption-data" in manifest:
        raise Refused(file_name, t("ingest.encrypted"))
    if "content.xml" in names and "mimetype" in names:
        _check_ods_repeats(data, file_name)
    if not names & {"[Content_Types].xml", "content.xml", "mimetype"}:
        raise Refused(file_name, t("ingest.zip_not_workbook"))
    inflated = sum(i.file_size for i in infos)
    if inflated > MAX_INFLATED_BYTES:
        raise Refused(
            file_name,
            t("ingest.inflates", size=_mb(inflated), limit=_mb(MAX_INFLATED_BYTES)),
        )


_REPEATED = re.compile(rb'number-(?:rows|columns)-repeated="(\d{8,})"')


def _check_ods_repeats(data: bytes, file_name: str) -> None:
    """An OpenDocument sheet can declare a row repeated a billion times in a
    few bytes; no real roster repeats anything ten million times."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content = z.read("content.xml")
    found = _REPEATED.search(content)
    if found:
        raise Refused(file_name, t("ingest.repeats", n=f"{int(found[1]):,}"))


def _looks_like_biff(data: bytes) -> bool:
    # BOF record of BIFF2 (0x0009), BIFF3 (0x0209) or BIFF4 (0x0409)
    return data[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04") and data[3:4] == b"\x00"


def _is_text(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return True
    return b"\x00" not in head


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _damaged(exc: BaseException) -> str:
    """The damage, in the reader's first words when they say something."""
    detail = one_line(exc).split(" Context:")[0].removeprefix("calamine error: ")
    if not detail or "cannot detect file format" in detail.lower():
        return t("ingest.damaged_plain")
    return t("ingest.damaged", detail=detail)


# -- workbooks --------------------------------------------------------------


def _read_workbook(data: bytes, file_name: str) -> list[Grid]:
    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
    except Exception as exc:  # calamine's own words, on one line
        return _workbook_failed(data, file_name, exc)
    grids = []
    for name in names:
        try:
            grids.append(_load_sheet(reader, name))
        except Refused:
            raise
        except Exception as exc:
            raise Refused(file_name, _damaged(exc), sheet=name) from exc
    return grids


def _workbook_failed(data: bytes, file_name: str, exc: Exception) -> list[Grid]:
    detail = one_line(exc)
    if "password" in detail.lower():
        raise Refused(file_name, t("ingest.encrypted")) from exc
    if data.startswith(_OLE):  # old .xls that calamine does not know: try xlrd
        return _read_xls_fallback(data, file_name, exc)
    raise Refused(file_name, _damaged(exc)) from exc


def _load_sheet(reader, name: str) -> Grid:
    sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    if sheet.total_height * max(sheet.width, 1) > MAX_CELLS:
        raise Refused(
            "", t("ingest.too_many_cells", rows=sheet.total_height, cols=sheet.width), name
        )
    batch, cell_errors = sheet.to_arrow_with_errors()
    errors = {}
    for e in cell_errors.errors if cell_errors else []:
        found = re.search(r"Error\((\w+)\)", e.detail)
        errors[tuple(e.position)] = _ERROR_NAMES.get(found[1], f"#{found[1]}") if found else "#?"
    table = pa.Table.from_batches([batch]) if batch.num_columns else pa.table({})
    return Grid(name=name, table=table, visible=sheet.visible == "visible", errors=errors)


def _read_xls_fallback(data: bytes, file_name: str, first: Exception | None) -> list[Grid]:
    import xlrd  # only old .xls files come here

    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise Refused(file_name, t("ingest.encrypted")) from exc
        raise Refused(file_name, _damaged(first or exc)) from exc
    except Exception as exc:
        raise Refused(file_name, _damaged(first or exc)) from exc
    return [_xlrd_grid(book, book.sheet_by_index(i)) for i in range(book.nsheets)]


def _xlrd_grid(book, sheet) -> Grid:
    import xlrd

    if sheet.nrows * max(sheet.ncols, 1) > MAX_CELLS:
        raise Refused("", t("ingest.too_many_cells", rows=sheet.nrows, cols=sheet.ncols))
    columns: list[list[str | None]] = [[] for _ in range(sheet.ncols)]
    errors = {}
    for i in range(sheet.nrows):
        for j in range(sheet.ncols):
            cell = sheet.cell(i, j)
            value: str | None
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = str(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                value = _number_text(cell.value)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = "true" if cell.value else "false"
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value, errors[(i, j)] = None, xlrd.error_text_from_code.get(cell.value, "#?")
            else:
                value = str(cell.value).replace("\x00", "") or None
            columns[j].append(value)
    table = pa.table({f"c{j}": pa.array(col, pa.string()) for j, col in enumerate(columns)})
    return Grid(name=sheet.name, table=table, visible=sheet.visibility == 0, errors=errors)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


# -- text files -------------------------------------------------------------

_SEPARATORS = (",", ";", "\t", "|")
_ARABIC = re.compile(r"[\u0600-\u06FF]")


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read in."""
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (with BOM)"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), name
    if data[1:2] == b"\x00" and data[3:4] == b"\x00":  # UTF-16 without a BOM
        return data.decode("utf-16-le", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # A Windows code page: Arabic if most letters beyond ASCII then read as Arabic.
    arabic = data.decode("cp1256", errors="replace")
    high = [ch for ch in arabic if ord(ch) > 127 and ch.isalpha()]
    if high and sum(bool(_ARABIC.match(ch)) for ch in high) / len(high) > 0.8:
        return arabic, "Windows-1256 (Arabic)"
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def sniff_separator(text: str) -> str:
    """The separator the first lines agree on: most lines with the same
    number (more than one) of fields."""
    sample = text[:65536].splitlines()[:50]
    best, best_score = ",", (0, 0)
    for sep in _SEPARATORS:
        widths = Counter(len(r) for r in csv.reader(sample, delimiter=sep) if len(r) > 1)
        if widths:
            width, lines = widths.most_common(1)[0]
            if (lines, width) > best_score:
                best, best_score = sep, (lines, width)
    return best


def _read_text(data: bytes, file_name: str) -> Grid:
    text, encoding = decode(data)
    text = text.replace("\x00", "")
    if not text.strip():
        raise Refused(file_name, t("ingest.empty_file"))
    sep = sniff_separator(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    width = max((len(r) for r in rows), default=0)
    if len(rows) * max(width, 1) > MAX_CELLS:
        raise Refused(file_name, t("ingest.too_many_cells", rows=len(rows), cols=width))
    columns = [[r[j] if j < len(r) and r[j] != "" else None for r in rows] for j in range(width)]
    table = pa.table({f"c{j}": pa.array(col, pa.string()) for j, col in enumerate(columns)})
    names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
    note = t("ingest.text_note", encoding=encoding, separator=t(f"ingest.sep_{names[sep]}"))
    return Grid(name=Path(file_name).stem, table=table, note=note)
