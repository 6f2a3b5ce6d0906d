"""Stage 1, read: a file's bytes into grids of text, within bounds, in a worker.

Every sheet comes back as a ``Grid``: one string column per spreadsheet
column, one row per sheet row from row 1 (so row numbers are Excel's), the
positions of error cells (#N/A, #DIV/0!) that were read as empty, and the
sheet's merged ranges. Text is what the reader shows for a cell: real dates as
``2017-12-11 00:00:00``, numbers without a trailing ``.0``. Interpreting cells
is for the later stages.

Uploaded files are untrusted. ``read`` parses them in a separate worker
process (forked from a small server that has the readers imported), with
limits on its address space, CPU time and wall time: a file that makes a
reader allocate without end, or spin, kills only its worker and is refused in
one line naming it; the dashboard never notices. Before any reader sees a
workbook, ``scan`` walks its zip: every part is inflated as a stream and its
bytes counted as they come (a zip's own size header can lie), and every
worksheet's cells are counted and their positions bounded, so a bomb is
refused in constant memory before a grid is built.

Workbooks are read by calamine (through fastexcel); Excel 2.1–97 files
calamine cannot open are read by xlrd. CSV files are decoded from UTF-8 (with
or without BOM), UTF-16 or, failing those, Windows-1256 (Arabic) or
Windows-1252 text, and split on ``,`` ``;`` tab or ``|``, whichever the lines
agree on.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import fastexcel
import pyarrow as pa

from dashboard.i18n import Message, msg

MAX_FILE_BYTES = 50 * 1024 * 1024  # as server.maxUploadSize in .streamlit/config.toml
MAX_INFLATED_BYTES = 768 * 1024 * 1024  # a 500k-row roster inflates to about 230 MB
MAX_CELLS = 20_000_000  # per sheet: cells written, and rows x columns of the grid
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # the largest sheet Excel has
# The worker's limits: address space beyond what it starts with, CPU and wall time.
WORKER_MEMORY_BYTES = int(os.environ.get("OVERSIGHT_READ_MEMORY_MB", "2048")) * 1024 * 1024
WORKER_CPU_SECONDS = int(os.environ.get("OVERSIGHT_READ_CPU_SECONDS", "60"))
WORKER_WALL_SECONDS = int(os.environ.get("OVERSIGHT_READ_WALL_SECONDS", "90"))

# While a workbook is scanned, its reader may use this much memory at most:
# far more than any honest file of its size needs, far less than a bomb.
WATCH_MIN_BYTES, WATCH_PER_BYTE = 512 * 1024 * 1024, 40
# A file this large is scanned while it is read (on the other core); a
# smaller one, first: its scan takes milliseconds, and its refusal is exact.
SCAN_ALONGSIDE_FROM = 1024 * 1024


def watch_bytes(size: int) -> int:
    return max(WATCH_MIN_BYTES, WATCH_PER_BYTE * size)


LIMITS = ("MAX_FILE_BYTES", "MAX_INFLATED_BYTES", "MAX_CELLS", "WORKER_MEMORY_BYTES",
          "WORKER_CPU_SECONDS")  # fmt: skip

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

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


class Refused(Exception):
    """A file that cannot be taken at all; ``str()`` is the one line shown:
    the file (and sheet) it is about, then why."""

    def __init__(self, file_name: str, message: Message, sheet: str | None = None):
        self.file_name, self.message, self.sheet = file_name, message, sheet
        super().__init__(file_name, message, sheet)

    def where(self) -> Message:
        if self.sheet:
            return msg("ingest.where_sheet", file=self.file_name, sheet=self.sheet)
        return msg("text.as_written", text=self.file_name)

    def line(self) -> Message:
        return msg("ingest.refused", where=self.where(), why=self.message)

    def __str__(self) -> str:
        return str(self.line())


@dataclass
class Grid:
    """One sheet as text. ``table`` has one string column per sheet column;
    its row ``i`` is sheet row ``i + 1``."""

    name: str
    table: pa.Table
    visible: bool = True
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "#N/A"
    note: Message | None = None  # how a text file was read: encoding and separator
    merges: list[Merge] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return self.table.num_rows

    def row(self, i: int) -> list[str | None]:
        return [col[i].as_py() for col in self.table.columns]


# -- the worker --------------------------------------------------------------


def read(data: bytes, file_name: str) -> list[Grid]:
    """Every sheet of a file, or ``Refused`` with the reason in one line.
    The file is parsed by a forked child of the read server (``worker``),
    within ``WORKER_*`` limits."""
    from dashboard.ingest import worker

    _check_size(data, file_name)
    try:
        limits = {name: globals()[name] for name in LIMITS}
        header, tables = worker.ask(
            data, file_name, limits, WORKER_WALL_SECONDS, 4 * MAX_INFLATED_BYTES
        )
    except TimeoutError:
        raise Refused(file_name, msg("ingest.too_slow", seconds=WORKER_WALL_SECONDS)) from None
    except EOFError:  # the child died: out of memory or CPU time, or a reader crashed
        raise Refused(file_name, msg("ingest.too_demanding")) from None
    if "refused" in header:
        raise Refused(file_name, Message.from_json(header["refused"]), header.get("sheet"))
    if "failed" in header:
        raise Refused(file_name, msg("ingest.damaged", detail=header["failed"]))
    return [grid_from(h, t) for h, t in zip(header["sheets"], tables, strict=True)]


def grid_header(grid: Grid) -> dict:
    """What the worker says of a grid besides its table (plain JSON)."""
    return {
        "name": grid.name,
        "visible": grid.visible,
        "errors": [[r, c, v] for (r, c), v in grid.errors.items()],
        "merges": [list(m) for m in grid.merges],
        "note": grid.note.to_json() if grid.note else None,
    }


def grid_from(header: dict, table: pa.Table) -> Grid:
    return Grid(
        name=str(header["name"]),
        table=table,
        visible=bool(header["visible"]),
        errors={(int(r), int(c)): str(v) for r, c, v in header["errors"]},
        note=Message.from_json(header["note"]) if header["note"] else None,
        merges=[tuple(int(x) for x in m) for m in header["merges"]],
    )


# -- what the worker does -------------------------------------------------------


def read_here(data: bytes, file_name: str) -> list[Grid]:
    """``read`` without the worker: what the worker runs."""
    _check_size(data, file_name)
    suffix = Path(file_name).suffix.lower()
    if is_zip(data):
        merges = scan(data, file_name)
        return attach_merges(data, read_workbook(data, file_name), merges)
    if data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data:
            raise Refused(file_name, msg("ingest.encrypted"))
        return attach_merges(data, read_workbook(data, file_name), None)
    if _looks_like_biff(data):  # Excel 2.1-4.0: a bare BIFF stream, no container
        return _read_xls_fallback(data, file_name, None)
    if suffix in TEXT_SUFFIXES or (suffix not in WORKBOOK_SUFFIXES and _is_text(data)):
        return [_read_text(data, file_name)]
    if _is_text(data):
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
            raise Refused(file_name, msg("ingest.web_page"))
        raise Refused(file_name, msg("ingest.text_not_workbook"))
    raise Refused(file_name, msg("ingest.not_spreadsheet"))


def is_zip(data: bytes) -> bool:
    """A zip container (.xlsx, .ods): the kind of file ``scan`` walks."""
    return data.startswith((_ZIP, _EMPTY_ZIP))


def _check_size(data: bytes, file_name: str) -> None:
    if not data:
        raise Refused(file_name, msg("ingest.empty_file"))
    if len(data) > MAX_FILE_BYTES:
        raise Refused(
            file_name, msg("ingest.too_large", size=_mb(len(data)), limit=_mb(MAX_FILE_BYTES))
        )


def _mb(n: int) -> str:
    return f"{n // 1024} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.0f} MB"


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


def _detail(exc: BaseException) -> str:
    return one_line(exc).split(" Context:")[0].removeprefix("calamine error: ")


def _damaged(exc: BaseException) -> Message:
    """The damage, in the reader's first words when they say something."""
    detail = _detail(exc)
    if not detail or "cannot detect file format" in detail.lower():
        return msg("ingest.damaged_plain")
    return msg("ingest.damaged", detail=detail)


# -- the zip scan -------------------------------------------------------------

_CHUNK = 1 << 20  # inflate a megabyte at a time
# Cells as the XML opens them (an upper bound: <col and <cfRule count too).
_CELL_STARTS = {"xlsx": (b"<c",), "ods": (b"<table:table-cell",)}  # covered cells too
# A cell past column J, and whether it holds a value (a self-closed one only styles).
_WIDE = re.compile(rb'<c r="((?:[A-Z]{2,}|[K-Z])[0-9]*)"[^>/]*(/?)>')
_ROW = re.compile(rb'<row r="([0-9]+)"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"')
_REPEATED = re.compile(rb'number-(?:rows|columns)-repeated="(\d{8,})"')
_SMALL_PART = 16 * 1024 * 1024  # workbook.xml and its relations are read whole, up to this


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


@dataclass
class _Part:
    """What the scan learnt of one worksheet part."""

    kind: str = "xlsx"  # or ods
    cells: int = 0
    last_row: int = 0
    last_column: int = 10
    merges: list[Merge] = field(default_factory=list)


def scan(
    data: bytes, file_name: str, watch: Callable[[], None] | None = None
) -> dict[str, list[Merge]] | None:
    """Walk a workbook's zip without trusting it; refuse it if it is not a
    workbook, is encrypted, or would inflate or spread too far. Returns the
    merged ranges of each .xlsx worksheet, by sheet name (``None`` for an
    OpenDocument file, whose merges the reader gives). ``watch`` is called
    at every megabyte inflated (the worker checks its own memory there)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise Refused(file_name, _damaged(exc)) from exc
    names = {i.filename for i in infos}
    if not names & {"[Content_Types].xml", "content.xml", "mimetype"}:
        raise Refused(file_name, msg("ingest.zip_not_workbook"))
    budget = [MAX_INFLATED_BYTES]
    small: dict[str, bytes] = {}
    parts: dict[str, _Part] = {}
    for info in infos:
        if info.is_dir():
            continue
        is_sheet = info.filename.startswith("xl/worksheets/") or info.filename == "content.xml"
        keep = info.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                 "META-INF/manifest.xml")  # fmt: skip
        part = _Part(kind="ods" if info.filename == "content.xml" else "xlsx") if is_sheet else None
        kept = _inflate(data, info, file_name, budget, part, keep, watch)
        if keep:
            small[info.filename] = kept
        if part is not None:
            parts[info.filename] = part
    if b"encryption-data" in small.get("META-INF/manifest.xml", b""):
        raise Refused(file_name, msg("ingest.encrypted"))
    return None if "content.xml" in names else _merges_by_sheet(small, parts)


def _bound(part: _Part, file_name: str) -> None:
    """Refuse a sheet, as soon as it shows, with more cells than a grid may
    hold: written one by one, or spread far apart."""
    if part.cells > MAX_CELLS:
        raise Refused(file_name, msg("ingest.too_many_written", limit=f"{MAX_CELLS:,}"))
    if part.last_row * part.last_column > MAX_CELLS:
        rows, cols = f"{part.last_row:,}", f"{part.last_column:,}"
        raise Refused(file_name, msg("ingest.too_many_cells", rows=rows, cols=cols))


def _inflate(data, info, file_name, budget, part: _Part | None, keep: bool, watch=None) -> bytes:
    """Inflate one member as a stream, counting its bytes as they come."""
    start = _data_offset(data, info, file_name)
    view = memoryview(data)
    if info.compress_type == zipfile.ZIP_STORED:
        stored = view[start : start + info.compress_size]
        outs = (stored[i : i + _CHUNK] for i in range(0, len(stored), _CHUNK))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        outs = _deflated(view, start, file_name)
    else:
        raise Refused(file_name, msg("ingest.damaged", detail=f"compression {info.compress_type}"))
    kept, size, tail = [], 0, b""
    for out in outs:
        if watch is not None:
            watch()
        budget[0] -= len(out)
        if budget[0] < 0:
            raise Refused(file_name, msg("ingest.inflates", limit=_mb(MAX_INFLATED_BYTES)))
        if keep:
            size += len(out)
            if size > _SMALL_PART:
                raise Refused(file_name, msg("ingest.damaged_plain"))
            kept.append(bytes(out))
        if part is not None:
            tail = _scan_chunk(part, tail + bytes(out), file_name)
    if part is not None:
        _scan_chunk(part, tail, file_name)
    return b"".join(kept)


def _deflated(view: memoryview, start: int, file_name: str):
    """A deflate stream's output, a megabyte at a time, until the stream ends
    (whatever the headers say its sizes are)."""
    inflater = zlib.decompressobj(-15)
    pos = start
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            elif pos < len(view):
                out = inflater.decompress(view[pos : pos + _CHUNK], _CHUNK)
                pos += _CHUNK
            else:
                return  # a truncated member: the reader says how it is damaged
            yield out
    except zlib.error as exc:
        raise Refused(file_name, _damaged(exc)) from exc


def _data_offset(data: bytes, info: zipfile.ZipInfo, file_name: str) -> int:
    """Where a member's bytes start: after its local header, whose own
    lengths are read here (the central directory's may differ)."""
    at = info.header_offset
    header = data[at : at + 30]
    if len(header) < 30 or header[:4] != _ZIP:
        raise Refused(file_name, msg("ingest.damaged_plain"))
    return (
        at + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    )


def _scan_chunk(part: _Part, text: bytes, file_name: str) -> bytes:
    """Count cells and bound their positions in one inflated chunk; returns
    the unfinished tail to prepend to the next. Only cells with a value
    spread a grid (a reader skips cells that only carry a style)."""
    cut = text.rfind(b"<")
    if cut < 0 or len(text) - cut > 256:
        cut = len(text)
    body, tail = text[:cut], text[cut:]
    part.cells += sum(body.count(s) for s in _CELL_STARTS[part.kind])
    if part.kind == "ods":
        repeated = _REPEATED.search(body)
        if repeated:
            raise Refused(file_name, msg("ingest.repeats", n=f"{int(repeated[1]):,}"))
    at = body.rfind(b'<row r="')
    found = _ROW.match(body, at) if at >= 0 else None
    if found and int(found[1]) > MAX_ROWS:
        raise Refused(file_name, msg("ingest.beyond_sheet"))
    # Columns A-J are left out of the search (a roster's own): they bound nothing.
    for ref, closed in set(_WIDE.findall(body)):
        letters = ref.rstrip(b"0123456789")
        if len(letters) > 3 or _column_number(letters) > MAX_COLUMNS:
            raise Refused(file_name, msg("ingest.beyond_sheet"))
        if not closed:  # a cell with a value: it spreads the grid
            part.last_column = max(part.last_column, _column_number(letters))
            if ref[len(letters) :]:
                part.last_row = max(part.last_row, int(ref[len(letters) :]))
    _bound(part, file_name)
    for c0, r0, c1, r1 in _MERGE.findall(body) if b"<mergeCell " in body else ():
        if len(part.merges) < 100_000:
            part.merges.append(
                (int(r0) - 1, _column_number(c0) - 1, int(r1) - 1, _column_number(c1) - 1)
            )
    return tail


_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _merges_by_sheet(small: dict[str, bytes], parts: dict[str, _Part]) -> dict[str, list[Merge]]:
    """Sheet name -> merged ranges, through workbook.xml and its relations."""
    try:
        book = ElementTree.fromstring(small.get("xl/workbook.xml") or b"<x/>")
        rels = ElementTree.fromstring(small.get("xl/_rels/workbook.xml.rels") or b"<x/>")
    except ElementTree.ParseError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.get("Id")}
    out = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(_RELS), "").lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        if path in parts and parts[path].merges:
            out[sheet.get("name")] = parts[path].merges
    return out


# -- workbooks --------------------------------------------------------------


def read_workbook(data: bytes, file_name: str) -> list[Grid]:
    """Every sheet of a workbook by calamine (xlrd for what it cannot open),
    without merges (``attach_merges``)."""
    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
    except Exception as exc:  # calamine's own words, on one line
        return _workbook_failed(data, file_name, exc)
    grids = []
    for name in names:
        try:
            grid = _load_sheet(reader, name, file_name)
        except Refused:
            raise
        except Exception as exc:
            raise Refused(file_name, _damaged(exc), sheet=name) from exc
        grids.append(grid)
    return grids


def attach_merges(data: bytes, grids: list[Grid], merges: dict | None) -> list[Grid]:
    """Merged ranges: of .xlsx sheets from the zip scan, of .xls and .ods
    sheets from python-calamine (the scan does not read them there)."""
    if merges is not None:
        for grid in grids:
            grid.merges = merges.get(grid.name) or []
        return grids
    try:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_object(data)
        for grid in grids:
            ranges = book.get_sheet_by_name(grid.name).merged_cell_ranges() or []
            grid.merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
    except Exception:  # merges are a help, never a reason to refuse a file
        pass
    return grids


def _workbook_failed(data: bytes, file_name: str, exc: Exception) -> list[Grid]:
    detail = one_line(exc)
    if "password" in detail.lower():
        raise Refused(file_name, msg("ingest.encrypted")) from exc
    if data.startswith(_OLE):  # old .xls that calamine does not know: try xlrd
        return _read_xls_fallback(data, file_name, exc)
    raise Refused(file_name, _damaged(exc)) from exc


def _too_many(file_name: str, sheet: str, rows: int, cols: int) -> Refused:
    return Refused(
        file_name, msg("ingest.too_many_cells", rows=f"{rows:,}", cols=f"{cols:,}"), sheet
    )


def _load_sheet(reader, name: str, file_name: str) -> Grid:
    sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    if sheet.total_height * max(sheet.width, 1) > MAX_CELLS:
        raise _too_many(file_name, name, sheet.total_height, sheet.width)
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
            raise Refused(file_name, msg("ingest.encrypted")) from exc
        raise Refused(file_name, _damaged(first or exc)) from exc
    except Exception as exc:
        raise Refused(file_name, _damaged(first or exc)) from exc
    return [_xlrd_grid(book, book.sheet_by_index(i), file_name) for i in range(book.nsheets)]


def _xlrd_grid(book, sheet, file_name: str) -> Grid:
    import xlrd

    if sheet.nrows * max(sheet.ncols, 1) > MAX_CELLS:
        raise _too_many(file_name, sheet.name, sheet.nrows, sheet.ncols)
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
csv.field_size_limit(MAX_FILE_BYTES)  # a long cell is the row's problem, not the file's


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
        raise Refused(file_name, msg("ingest.empty_file"))
    sep = sniff_separator(text)
    rows = []
    width = 0
    for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
        rows.append(r)
        width = max(width, len(r))
        if len(rows) * max(width, 1) > MAX_CELLS:
            raise _too_many(file_name, Path(file_name).stem, len(rows), width)
    columns = [[r[j] if j < len(r) and r[j] != "" else None for r in rows] for j in range(width)]
    table = pa.table({f"c{j}": pa.array(col, pa.string()) for j, col in enumerate(columns)})
    names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
    note = msg("ingest.text_note", encoding=encoding, separator=msg(f"ingest.sep_{names[sep]}"))
    return Grid(name=Path(file_name).stem, table=table, note=note)
