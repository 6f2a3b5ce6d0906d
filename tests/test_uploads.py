"""Uploads after the fact: a corrected version replaces, withdraw and restore,
the original bytes, fix-it workbooks that round-trip. Generated people only."""

import io
import json
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from dashboard import access, uploads
from dashboard.cli import main
from dashboard.ingest import ingest
from dashboard.summary import summary
from tests.conftest import snapshot, xlsx

HEADER = ["Full name", "Sex", "Governorate", "Course"]
FIRST = [
    ["Test One", "F", "Erbil", "Course Z"],
    ["Test Two", "M", "Erbil", "Course Z"],
    ["Test Three", "F", "Kirkok", "Course Z"],  # loads; governorate kept as written
    [None, "M", "Erbil", "Course Z"],  # rejected: no name
]
CORRECTED = [
    *FIRST[:2],
    ["Test Three", "F", "Kirkuk", "Course Z"],
    ["Test Four", "M", "Erbil", "Course Z"],
]


def n_participants(store) -> int:
    return summary(store)["participants"]


def test_a_corrected_version_replaces_the_earlier_upload(store):
    first = ingest(store, xlsx({"Course Z": (HEADER, FIRST)}), "Course Z.xlsx")
    assert n_participants(store) == 3
    second = ingest(store, xlsx({"Course Z": (HEADER, CORRECTED)}), "Course Z (corrected).xlsx")
    assert second.replaced == first.upload_id
    statuses = {u["upload_id"]: u["status"] for u in uploads.history(store)}
    assert statuses == {first.upload_id: "replaced", second.upload_id: "active"}
    # Test Three is counted once, now in Kirkuk; Test Four is new: 4, not 3 + 4.
    assert n_participants(store) == 4
    assert summary(store)["by_governorate"]["Kirkuk"]["female"] == 1


def test_a_same_named_file_about_other_people_does_not_replace(store):
    ingest(store, xlsx({"S": (HEADER, FIRST)}), "attendance.xlsx")
    other = [["Test Nine", "F", "Basra", "Course Y"], ["Test Ten", "M", "Basra", "Course Y"]]
    r = ingest(store, xlsx({"S": (HEADER, other)}), "attendance.xlsx")
    assert r.replaced is None
    assert n_participants(store) == 5


def test_withdraw_and_restore_stop_and_start_counting_everywhere(store):
    r = ingest(store, xlsx({"Course Z": (HEADER, FIRST)}), "z.xlsx")
    before = summary(store)
    uploads.withdraw(store, r.upload_id, access.LOCAL)
    assert summary(store)["participants"] == 0
    assert summary(store)["follow_up"]["followed_up"] == 0
    uploads.restore(store, r.upload_id, access.LOCAL)
    assert summary(store) == before


def test_restoring_a_replaced_upload_withdraws_its_replacement(store):
    first = ingest(store, xlsx({"Course Z": (HEADER, FIRST)}), "z.xlsx")
    second = ingest(
        store, xlsx({"Course Z": (HEADER, CORRECTED)}), "z.xlsx", replaces=first.upload_id
    )
    assert uploads.restore(store, first.upload_id, access.LOCAL) == [second.upload_id]
    assert n_participants(store) == 3


def test_the_original_bytes_are_kept(store):
    data = xlsx({"Course Z": (HEADER, FIRST)})
    r = ingest(store, data, "z.xlsx")
    assert uploads.original(store, r.upload_id) == ("z.xlsx", data)
    with pytest.raises(uploads.UnknownUpload):
        uploads.original(store, 99)


def test_a_fix_it_workbook_round_trips(store):
    first = ingest(store, xlsx({"Course Z": (HEADER, FIRST)}), "z.xlsx")
    name, data = uploads.fixit(store, first.upload_id)
    assert name == "z - fix-it.xlsx"
    fix = ingest(store, data, name, dry_run=True)
    (sheet,) = fix.sheets
    assert (sheet.n_read, sheet.n_rejected) == (1, 1)  # the row as it was: still no name
    assert [c["how"] for c in sheet.columns][-2:] == ["exact", "exact"]  # its own two columns
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Course Z"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Full name", "Sex", "Governorate", "Course", "Why this row was not loaded",
         "Row in the original file"],
        [None, "M", "Erbil", "Course Z", "no name in column 'Full name'", 5],
    ]  # fmt: skip
    # Someone fills in the name, and uploads it again: it loads, beside the first upload.
    wb["Course Z"]["A2"] = "Test Five"
    fixed = io.BytesIO()
    wb.save(fixed)
    r = ingest(store, fixed.getvalue(), name)
    assert (r.status, r.n_loaded, r.n_rejected, r.replaced) == ("loaded", 1, 0, None)
    assert n_participants(store) == 4


def test_a_fix_it_workbook_keeps_a_course_named_only_by_the_title(store):
    data = xlsx({"Course W": (["Name", "Sex"], [["Test W", "F"], [None, "F"]])})
    r = ingest(store, data, "w.xlsx")
    _, fix = uploads.fixit(store, r.upload_id)
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(fix))["Course W"]
    assert [c.value for c in ws[1]][:2] == ["Course", "Name"]
    assert ws["A2"].value == "Course W"


def test_no_fix_it_workbook_without_rejected_rows(store):
    r = ingest(store, xlsx({"Course Z": (HEADER, FIRST[:2])}), "z.xlsx")
    assert uploads.fixit(store, r.upload_id) is None


def test_cli_json_replace_withdraw_restore_fixit(tmp_path, databases, capsys):
    db = str(databases("x.duckdb"))
    a, b = tmp_path / "z.xlsx", tmp_path / "z_v2.xlsx"
    a.write_bytes(xlsx({"Course Z": (HEADER, FIRST)}))
    b.write_bytes(xlsx({"Course Z": (HEADER, CORRECTED)}))
    assert main(["ingest", "--db", db, "--json", str(a)]) == 0
    (ra,) = json.loads(capsys.readouterr().out)
    assert (ra["status"], ra["rows_loaded"], ra["rows_rejected"]) == ("loaded", 3, 1)
    assert ra["sheets_read"]["Course Z"]["header_rows"] == [1]
    assert main(["ingest", "--db", db, "--json", str(b)]) == 0
    (rb,) = json.loads(capsys.readouterr().out)
    assert (rb["status"], rb["replaced"]) == ("loaded", ra["upload_id"])
    assert main(["withdraw", "--db", db, str(rb["upload_id"])]) == 0
    assert main(["restore", "--db", db, str(ra["upload_id"])]) == 0
    assert main(["summary", "--db", db, "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{") :])["participants"] == 3
    fix = tmp_path / "fix.xlsx"
    assert main(["fixit", "--db", db, str(ra["upload_id"]), "-o", str(fix)]) == 0
    assert fix.stat().st_size > 0
    assert main(["withdraw", "--db", db, "42"]) == 2
    assert capsys.readouterr().err.strip().endswith("oversight: there is no upload 42")


def test_withdraw_changes_nothing_but_status(store):
    r = ingest(store, xlsx({"Course Z": (HEADER, FIRST)}), "z.xlsx")
    before = snapshot(store)
    uploads.withdraw(store, r.upload_id, access.LOCAL)
    after = snapshot(store)
    assert {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }
    assert after["version"] == before["version"] + 1


def test_a_fix_it_workbook_writes_dates_and_numbers_as_they_were(store):
    header = ["No.", "Full name", "Sex", "Governorate", "Course", "Start date", "End date",
              "Days attended", "Phone"]  # fmt: skip
    rows = [[1, "Fix Test One", "F", "Erbil", "C1", date(2018, 2, 28), date(2018, 1, 18), 3,
             "0770 111 2222"]]  # fmt: skip
    r = ingest(store, xlsx({"R": (header, rows)}), "typed.xlsx")
    assert r.n_rejected == 1
    _, data = uploads.fixit(store, r.upload_id)
    _, row = load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
    assert row[:9] == (1, "Fix Test One", "F", "Erbil", "C1", datetime(2018, 2, 28),
                       datetime(2018, 1, 18), 3, "0770 111 2222")  # fmt: skip
    assert row[-1] == 2  # the row in the original file, a number
