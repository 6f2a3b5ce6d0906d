"""Every file of ../shared/corpus through the real pipeline: read, or refused
with one clear line naming it, and the database unchanged after a refusal.

``EXPECTED`` is the list: for each file, what was read or why it was refused.
The workbooks come from other projects' test suites (encrypted, corrupt,
bombs, odd layouts); the "real rosters" are humanitarian tables, none of which
is a training roster with names, so most are refused for having no roster
columns — which is the honest answer.
"""

from collections import namedtuple

import pytest

from dashboard.ingest import ingest
from tests.conftest import run_measured, snapshot

READ = namedtuple("READ", "kinds loaded rejected")
NO_ROSTER = (
    "no sheet has roster columns; Oversight looks for columns such as Full name, Gender,"
    " Governorate (or a follow-up tracker, or targets by governorate)"
)
NO_DATA = "there is no data in any sheet"
PASSWORD = (
    "the workbook is password-protected; open it in Excel, remove the password"
    " (File › Info › Protect Workbook) and upload it again"
)
DAMAGED = (
    "the file is damaged or not a complete workbook; open it in Excel, save it again and re-upload"
)
BOMB = (
    "a sheet declares a row or column repeated 999,999,999 times, more than any spreadsheet"
    " holds; the file may be damaged or hostile, so it was not opened"
)
TEXT_NAMED_XLS = (
    "this is a text file with a workbook's name; save it as .csv, or open it in Excel and save"
    " it as .xlsx"
)
ZIP = "this is a zip archive, not an Excel or OpenDocument workbook"

EXPECTED = {
    "workbooks/acsv_test_02_semicolon_utf16.csv": READ(["participants"], loaded=1, rejected=0),
    "workbooks/calamine_OOM_alloc3.xls": DAMAGED,
    "workbooks/calamine_any_sheets.xlsx": NO_ROSTER,
    "workbooks/calamine_capitalized_wbook_stream.xls": NO_DATA,
    "workbooks/calamine_covered.ods": NO_ROSTER,
    "workbooks/calamine_date_1904.xls": NO_ROSTER,
    "workbooks/calamine_date_1904.xlsb": NO_ROSTER,
    "workbooks/calamine_date_1904.xlsx": NO_ROSTER,
    "workbooks/calamine_empty_sheet.xlsx": NO_DATA,
    "workbooks/calamine_errors.xlsx": NO_ROSTER,
    "workbooks/calamine_has_x000D_.xlsx": NO_ROSTER,
    "workbooks/calamine_header-row.xlsx": NO_ROSTER,
    "workbooks/calamine_issue252.xlsx": DAMAGED,
    "workbooks/calamine_issue_174.xlsx": NO_ROSTER,
    "workbooks/calamine_issue_594_dos.ods": BOMB,
    "workbooks/calamine_merge_cells.xlsx": NO_ROSTER,
    "workbooks/calamine_merged_cells.ods": NO_ROSTER,
    "workbooks/calamine_merged_range.xls": NO_ROSTER,
    "workbooks/calamine_number_rows_repeated.ods": NO_ROSTER,
    "workbooks/calamine_pass_protected.ods": PASSWORD,
    "workbooks/calamine_pass_protected.xlsb": PASSWORD,
    "workbooks/calamine_pass_protected.xlsx": PASSWORD,
    "workbooks/calamine_richtext-namespaced.xlsx": NO_ROSTER,
    "workbooks/calamine_strict_iso_paths.xlsx": NO_ROSTER,
    "workbooks/calamine_table-multiple.xlsx": NO_ROSTER,
    "workbooks/calamine_too_small.xls": TEXT_NAMED_XLS,
    "workbooks/calamine_vba.xlsm": NO_DATA,
    "workbooks/fastexcel_div0.xlsx": NO_ROSTER,
    "workbooks/fastexcel_fixture-changing-header-location.xlsx": NO_ROSTER,
    "workbooks/fastexcel_fixture-invalid-cell-value-num.xlsx": NO_ROSTER,
    "workbooks/fastexcel_fixture-sheets-different-visibilities.xlsx": NO_ROSTER,
    "workbooks/fastexcel_fixture-single-sheet-duplicated-columns.xlsx": NO_ROSTER,
    "workbooks/fastexcel_fixture-type-errors.xlsx": NO_ROSTER,
    "workbooks/fastexcel_null-bytes-in-columns-names.xls": NO_ROSTER,
    "workbooks/fastexcel_sheet-with-na.xlsx": NO_ROSTER,
    "workbooks/libhxl_input-broken.xlsx": NO_ROSTER,
    "workbooks/libhxl_input-multiple-headers.csv": NO_ROSTER,
    "workbooks/libhxl_input-valid-latin1.csv": NO_ROSTER,
    "workbooks/openpyxl_bigfoot.xlsx": NO_DATA,
    "workbooks/openpyxl_empty.xltx": NO_DATA,
    "workbooks/openpyxl_empty_no_dimensions.xlsx": NO_ROSTER,
    "workbooks/openpyxl_formulae.xlsx": NO_ROSTER,
    "workbooks/openpyxl_null_archive.xlsx": ZIP,
    "workbooks/openpyxl_null_file.xlsx": "the file is empty",
    "workbooks/pycalamine_password.xls": PASSWORD,
    "workbooks/sheetjs_1904.ods": NO_ROSTER,
    "workbooks/sheetjs_BlankSheetTypes.xlsm": DAMAGED,
    "workbooks/sheetjs_CRLFX5_2.XLS": NO_ROSTER,
    "workbooks/sheetjs_ErrorTypes.xlsx": NO_ROSTER,
    "workbooks/sheetjs_defined_names_unicode.xlsx": NO_ROSTER,
    "workbooks/sheetjs_merge_cells.xlsx": NO_ROSTER,
    "workbooks/sheetjs_password_2002_128_strong.xls": PASSWORD,
    "workbooks/sheetjs_password_2002_40_xor.xls": PASSWORD,
    "workbooks/sheetjs_phpexcel_bad_cfb_dir.xls": NO_ROSTER,
    "workbooks/sheetjs_rich_text_stress.xlsx": NO_ROSTER,
    "workbooks/sheetjs_text_and_numbers.xlsx": NO_ROSTER,
    "workbooks/sheetjs_wtf_path.xlsb": DAMAGED,
    "workbooks/tabulator_bom.csv": READ(["participants"], loaded=2, rejected=0),
    "workbooks/tabulator_merged-cells.xls": NO_ROSTER,
    "workbooks/tabulator_multiline-headers.xlsx": NO_ROSTER,
    "workbooks/tabulator_skip-rows-before-headers.csv": READ(
        ["participants"], loaded=2, rejected=0
    ),
    "workbooks/xlrd_biff4_no_format_no_window2.xls": NO_ROSTER,
    "workbooks/xlrd_ragged.xls": NO_ROSTER,
    "rosters-real/gm_IraqEstimatedPopulation2014.csv": NO_ROSTER,
    "rosters-real/gm_irq_census_admin1.csv": NO_ROSTER,
    "rosters-real/jld_data_v2.csv": NO_ROSTER,
    "rosters-real/libhxl_input-merged.xlsx": NO_ROSTER,
    "rosters-real/libhxl_input-quality.xlsx": NO_ROSTER,
    "rosters-real/reach_DTM.xlsx": NO_ROSTER,
    "rosters-real/reach_individual.csv": NO_ROSTER,
    "rosters-real/sheetjs_Attendance.xlsx": NO_ROSTER,
    "rosters-real/unhcr-iraq_20151118_03_IOM_DTM_Publish_Master_List.csv": NO_ROSTER,
}


def test_the_list_covers_the_whole_corpus(corpus):
    files = {
        f"{p.parent.name}/{p.name}"
        for d in ("workbooks", "rosters-real")
        for p in (corpus / d).iterdir()
    }
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(store, corpus, name):
    path = corpus / name
    before = snapshot(store)
    r = ingest(store, path.read_bytes(), path.name)
    expected = EXPECTED[name]
    if isinstance(expected, READ):
        assert r.status == "loaded", r.error
        assert READ(r.kinds, r.n_loaded, r.n_rejected) == expected
    else:
        assert r.status == "refused"
        assert str(r.error) == f"{path.name}: {expected}"
        assert "\n" not in str(r.error)
        assert snapshot(store) == before


BOUNDED = """
import sys, time
from pathlib import Path
from dashboard.ingest import ingest
from dashboard.store import Store
path = Path(sys.argv[1])
start = time.perf_counter()
r = ingest(Store(), path.read_bytes(), path.name)
print(r.status, round(time.perf_counter() - start, 2))
"""


@pytest.mark.parametrize(
    "name", ["workbooks/calamine_issue_594_dos.ods", "workbooks/calamine_issue_174.xlsx"]
)
def test_bombs_are_refused_quickly_with_bounded_memory(corpus, name):
    """A tiny ODS declaring ~17 billion cells, an xlsx declaring A1:XFD1048576:
    each in its own process, which must end (no hang) and stay small."""
    import sys

    code, out, err, peak_mb = run_measured([sys.executable, "-c", BOUNDED, str(corpus / name)])
    assert code == 0, err
    assert out.split()[0] == "refused"
    assert peak_mb < 400  # the interpreter, DuckDB and pyarrow alone take ~150 MB


def test_a_zip_that_would_inflate_past_the_limit_is_refused_unopened(store, monkeypatch):
    import io
    import zipfile

    from dashboard.ingest import read as readers

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 2_000_000)  # 12 MB, compresses to KBs
    data = buffer.getvalue()
    assert len(data) < 100_000
    monkeypatch.setattr(readers, "MAX_INFLATED_BYTES", 10 * 1024 * 1024)
    r = ingest(store, data, "bomb.xlsx")
    assert str(r.error) == (
        "bomb.xlsx: the workbook expands to more than 10 MB when opened;"
        " it may be damaged or hostile, so it was not read"
    )


def test_a_file_over_the_upload_limit_is_refused(store, monkeypatch):
    from dashboard.ingest import read as readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1024)
    r = ingest(store, b"Name,Sex\n" + b"Test,F\n" * 400, "big.csv")
    assert str(r.error) == (
        "big.csv: the file is too large (2 KB; the limit is 1 KB); split it into smaller workbooks"
    )
