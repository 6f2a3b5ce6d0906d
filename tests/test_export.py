"""Exports hold exactly the table on screen, safely, in both formats."""

import csv
import io
from datetime import date, datetime

import pyarrow as pa
from openpyxl import load_workbook

from dashboard import access, export, tables
from dashboard.filters import Filters

ABOUT = export.About("Participants", "All participants", datetime(2026, 11, 24, 9, 30), [])


def test_excel_holds_the_rows_on_screen_with_header_frozen_and_filtered(demo_store):
    shown = tables.participant_rows(demo_store, Filters().params(), None, access.LOCAL)
    uploads = tables.source_uploads(demo_store, Filters().params())
    about = export.About("Participants", "All participants", datetime(2026, 11, 24, 9, 30), uploads)
    book = load_workbook(io.BytesIO(export.to_xlsx(shown, about)))
    assert book.sheetnames == ["Participants", "About this export"]
    sheet = book["Participants"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == shown.column_names
    assert len(rows) - 1 == shown.num_rows == 60
    assert [r[0] for r in rows[1:]] == shown.column("Name").to_pylist()
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{shown.num_rows + 1}"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width > 10
    first = shown.column("First course")[0].as_py()
    assert rows[1][shown.column_names.index("First course")].date() == first
    notes = list(book["About this export"].iter_rows(values_only=True))
    assert notes[:2] == [("About", "Details"), ("Filters", "All participants")]
    assert notes[3] == ("Rows", "60")
    assert len(uploads) == 3  # the demo's two course rosters and its follow-up tracker
    u = uploads[0]
    assert notes[4] == (
        f"Upload {u['upload_id']}",
        f"{u['file_name']}, uploaded by {u['uploaded_by']}"
        f" on {u['uploaded_at'].strftime('%d/%m/%Y %H:%M')}",
    )
    assert len(notes) == 4 + len(uploads)


def test_filters_and_search_narrow_the_export_like_the_table(demo_store):
    params = Filters(governorates=("IQG13",), gender="female").params()
    assert tables.participant_rows(demo_store, params, None, access.LOCAL).num_rows == 6
    everyone = tables.participant_rows(demo_store, Filters().params(), None, access.LOCAL)
    ahmed = tables.participant_rows(demo_store, Filters().params(), "ahmed", access.LOCAL)
    assert 0 < ahmed.num_rows < everyone.num_rows
    assert all("ahmed" in n.lower() for n in ahmed.column("Name").to_pylist())


DANGEROUS = ['=HYPERLINK("http://x")', "+964 750 555 0001", "-2+3", "@SUM(A1)", "\tTab", "Safe"]


def _table() -> pa.Table:
    return pa.table(
        {
            "Name": DANGEROUS,
            "Started": [date(2017, 12, 11)] * len(DANGEROUS),
            "Courses": list(range(len(DANGEROUS))),
        }
    )


def test_no_cell_becomes_a_formula_in_excel():
    sheet = load_workbook(io.BytesIO(export.to_xlsx(_table(), ABOUT)))["Participants"]
    cells = [sheet.cell(row=i + 2, column=1) for i in range(len(DANGEROUS))]
    assert [c.value for c in cells] == DANGEROUS
    assert {c.data_type for c in cells} == {"s"}  # text, never "f" (formula)
    assert sheet.cell(row=2, column=3).value == 0


def test_csv_has_a_bom_and_defuses_formula_starts():
    data = export.to_csv(_table())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Started", "Courses"]
    # A phone number runs nothing: no stray apostrophe, an invisible
    # left-to-right mark keeps it text, as written.
    assert [r[0] for r in rows[1:]] == [
        "'=HYPERLINK(\"http://x\")", "\u200e+964 750 555 0001", "'-2+3", "'@SUM(A1)", "'\tTab",
        "Safe",
    ]  # fmt: skip
    assert rows[1][1] == "11/12/2017"
    assert len(rows) - 1 == 6


def test_csv_keeps_arabic_readable(demo_store):
    shown = tables.participant_rows(demo_store, Filters().params(), None, access.LOCAL)
    text = export.to_csv(shown).decode("utf-8-sig")
    arabic = [n for n in shown.column("Name").to_pylist() if n[0] >= "\u0600"]
    assert arabic and all(n in text for n in arabic)
    assert len(list(csv.reader(io.StringIO(text)))) - 1 == shown.num_rows


def test_the_overdue_list_exports_whole_under_its_own_name(demo_store):
    params = Filters().params() | {"days": 30, "today": date(2026, 11, 24)}
    shown = tables.overdue_rows(demo_store, params, access.LOCAL)
    (first,) = demo_store.records("overdue_follow_ups", params | {"page_size": 1})
    assert shown.num_rows == first["n_total"] == 4
    about = export.About("Overdue: follow-ups [2017/18]", "All participants", datetime.now(), [])
    book = load_workbook(io.BytesIO(export.to_xlsx(shown, about)))
    assert book.sheetnames == ["Overdue follow-ups 2017 18", "About this export"]
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == shown.column(0).to_pylist()
    assert (
        export.file_stem("overdue", date(2026, 11, 24)) == "oversight-overdue-follow-ups-2026-11-24"
    )


def test_an_export_is_named_after_the_view_it_was_taken_from():
    view = "Women in Kirkuk and Ninewa, courses from 11 Dec 2017"
    assert export.file_stem("participants", date(2026, 11, 24), view) == (
        "oversight-participants-women-in-kirkuk-and-ninewa-courses-from-11-dec-2017-2026-11-24"
    )
    # whatever its script, and never a path
    assert export.file_stem("participants", date(2026, 11, 24), "All participants, دورة ١/٢") == (
        "oversight-participants-all-participants-دورة-١-٢-2026-11-24"
    )


def test_an_export_in_arabic_reads_right_to_left_with_arabic_headers(demo_store):
    from dashboard.i18n import speaking

    with speaking("ar"):
        shown = tables.participant_rows(demo_store, Filters().params(), None, access.LOCAL)
        about = export.About("المشاركون", "جميع المشاركين", datetime(2026, 11, 24, 9, 30), [])
        book = load_workbook(io.BytesIO(export.to_xlsx(shown, about)))
    assert book.sheetnames == ["المشاركون", "عن هذا التصدير"]
    sheet = book["المشاركون"]
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("الاسم", "الجنس", "المحافظة")
    assert len(rows) - 1 == shown.num_rows == 60
    assert [r[0] for r in rows[1:]] == shown.column("الاسم").to_pylist()
    assert {r[2] for r in rows[1:]} == {"نينوى", "كركوك", "ديالى", "صلاح الدين"}
    assert book["عن هذا التصدير"].sheet_view.rightToLeft
    english = load_workbook(io.BytesIO(export.to_xlsx(_table(), ABOUT)))
    assert not english["Participants"].sheet_view.rightToLeft
