"""The clean-roster ingest: counts, rejected rows with reasons, one transaction.

Every person here is generated ("Test Person …"); expected counts are literals.
"""

import json
from datetime import date

import pytest

from dashboard.ingest import commit as committing
from dashboard.ingest import identity, ingest
from tests.conftest import snapshot, xlsx

HEADER = [
    "No.", "Full name", "Sex", "Governorate", "Phone", "Course",
    "Start date", "End date", "Days attended", "Notes",
]  # fmt: skip
D1, D2 = date(2017, 12, 11), date(2017, 12, 15)
ROWS = [
    [1, "Test Person One", "F", "Ninewa", "0750 555 9001", "Course X", D1, D2, 5, None],  # row 2
    [
        2,
        "  Test   Person Two ",
        "male",
        "كركوك",
        None,
        "Course X",
        "11/12/2017",
        "15/12/2017",
        4,
        "late",
    ],
    [None] * 10,  # row 4: blank, not a data row
    [4, None, "M", "Diyala", None, "Course X", D1, D2, 5, None],  # row 5: no name
    [5, "Test Person Five", "?", "Atlantis", None, "Course X", "١١/١٢/٢٠١٧", None, 5, None],
    [6, "Test Person Six", "F", "Diyala", None, "Course X", "32/13/2017", D2, 5, None],  # row 7
    [7, "Test Person Seven", "M", "Salahuddin", None, "Course X", D1, D2, "five", None],  # row 8
]
ROSTER = xlsx({"Course 1": (HEADER, ROWS)})


def rejected(store, upload_id=None):
    with store.cursor() as cur:
        return cur.execute(
            "select sheet, row_number, reason, raw from rejected_rows"
            " where $u is null or upload_id = $u order by row_number",
            {"u": upload_id},
        ).fetchall()


def test_clean_roster_counts(store):
    r = ingest(store, ROSTER, "course1.xlsx", uploaded_by="tester")
    assert r.status == "loaded"
    (sheet,) = r.sheets
    assert (sheet.facts, sheet.header_rows) == (["participants", "enrolments"], [1])
    # The ledger: read = loaded + set aside (the blank row 4) + rejected.
    assert (sheet.n_read, sheet.n_loaded, sheet.n_set_aside, sheet.n_rejected) == (7, 3, 1, 3)
    assert sheet.set_aside == {"blank": [4]}
    assert sheet.mapping["gender"] == "Sex"
    assert sheet.mapping["remarks"] == "Notes"  # kept with each row, as a known field
    assert sheet.unmapped == []  # "No." is known too: a row counter
    assert store.scalar("select count(*) from participants") == 3
    assert store.scalar("select count(*) from enrolments") == 3
    upload = (
        store.cursor()
        .execute(
            "select file_name, uploaded_by, status, kinds, n_rows_read, n_rows_loaded,"
            " n_rows_rejected, size_bytes from uploads"
        )
        .fetchall()
    )
    assert upload == [("course1.xlsx", "tester", "active", ["participants"], 7, 3, 3, len(ROSTER))]
    assert store.scalar("select sha256 from uploads") == r.sha256
    assert store.scalar("select content from files") == ROSTER


def test_values_are_normalised(store):
    ingest(store, ROSTER, "course1.xlsx")
    with store.cursor() as cur:
        people = cur.execute(
            "select full_name, name_key, gender, governorate_pcode, governorate_raw, phone_key"
            " from participants order by full_name"
        ).fetchall()
        dates = cur.execute("select distinct start_date from enrolments").fetchall()
    assert people == [
        ("Test Person Five", "test person five", "unknown", None, "Atlantis", None),
        ("Test Person One", "test person one", "female", "IQG15", None, "7505559001"),
        ("Test Person Two", "test person two", "male", "IQG13", None, None),
    ]
    assert dates == [(D1,)]  # a real date, "11/12/2017" and "١١/١٢/٢٠١٧" alike


def test_rejected_rows_keep_sheet_row_reason_and_cells(store):
    ingest(store, ROSTER, "course1.xlsx")
    rows = rejected(store)
    assert [(s, n, reason) for s, n, reason, _ in rows] == [
        ("Course 1", 5, "no name in column 'Full name'"),
        (
            "Course 1",
            7,
            "'32/13/2017' in column 'Start date' is not a date (write it as day/month/year)",
        ),
        ("Course 1", 8, "'five' in column 'Days attended' is not a number"),
    ]
    raw = json.loads(rows[1][3])
    assert raw["Full name"] == "Test Person Six"
    assert raw["Start date"] == "32/13/2017"
    # A date column holding some text reads as text (the reader coerces the column).
    assert raw["End date"] == "2017-12-15 00:00:00"


def test_same_file_again_changes_nothing(store):
    first = ingest(store, ROSTER, "course1.xlsx")
    before = snapshot(store)
    again = ingest(store, ROSTER, "renamed.xlsx")
    assert (again.status, again.upload_id) == ("duplicate", first.upload_id)
    assert snapshot(store) == before


def test_people_are_matched_across_files(store):
    ingest(store, ROSTER, "course1.xlsx")
    course2 = xlsx(
        {
            "Course 2": (
                ["Full name", "Gender", "Governorate", "Course", "Start date"],
                [
                    ["test person ONE", "F", "Nineveh", "Course Y", "16/12/2017"],
                    ["Test Person Eight", "F", "Kirkuk", "Course Y", "16/12/2017"],
                ],
            )
        }
    )
    r = ingest(store, course2, "course2.xlsx")
    # "test person ONE" in Nineveh is likely Test Person One of Ninewa, but the
    # first roster gave her a phone and this one gives none: proposed, not made.
    assert r.n_proposed == 1
    assert store.scalar("select count(*) from participants") == 5
    assert store.scalar("select count(*) from enrolments") == 5
    assert store.scalar("select count(*) from courses") == 2
    (proposal,) = store.cursor().execute("select proposal_id from merge_proposals").fetchall()
    identity.merge(store, proposal[0], decided_by="tester")
    assert store.records("overview_kpis")[0]["n_participants"] == 4


def test_the_same_name_and_phone_is_one_person_across_files(store):
    ingest(store, ROSTER, "course1.xlsx")
    again = xlsx(
        {"Course 2": (["Full name", "Phone", "Governorate", "Course"],
                      [["test person ONE", "+964 750 555 9001", "Nineveh", "Course Y"]])}
    )  # fmt: skip
    r = ingest(store, again, "course2.xlsx")
    assert r.n_proposed == 0
    assert store.scalar("select count(*) from participants") == 3


FOLLOW_UP = xlsx(
    {
        "Tracker": (
            ["Full name", "Governorate", "Follow-up date", "Applied learning", "Selected for ToT"],
            [
                ["TEST PERSON ONE", "نينوى", date(2018, 2, 4), "Yes", "yes"],  # row 2
                ["Test Person Two", "Kirkuk", "05/02/2018", "No", "No"],  # row 3
                ["Nobody Known", "Kirkuk", "05/02/2018", "Yes", "No"],  # row 4: matches nobody
                ["Test Person Five", None, "05/02/2018", "maybe", "No"],  # row 5
            ],
        )
    }
)


def test_follow_up_rows_attach_to_participants(store):
    ingest(store, ROSTER, "course1.xlsx")
    r = ingest(store, FOLLOW_UP, "tracker.xlsx")
    (sheet,) = r.sheets
    assert sheet.facts == ["follow_up"]
    # Nobody Known waits for a roster: neither rejected nor a new participant.
    assert (sheet.n_read, sheet.n_loaded, sheet.n_pending, sheet.n_rejected) == (4, 3, 1, 0)
    assert store.scalar("select count(*) from participants") == 3
    with store.cursor() as cur:
        stages = cur.execute(
            "select p.full_name, f.stage, f.stage_date from follow_ups f"
            " join participants p using (participant_id) order by all"
        ).fetchall()
    assert stages == [
        ("Test Person Five", "followed_up", date(2018, 2, 5)),
        ("Test Person One", "applied_learning", None),
        ("Test Person One", "followed_up", date(2018, 2, 4)),
        ("Test Person One", "tot_selected", None),
        ("Test Person Two", "followed_up", date(2018, 2, 5)),
    ]
    assert rejected(store, r.upload_id) == []
    assert [str(n) for n in sheet.notes] == [
        "follow-up values not recognised in column 'Applied learning', recorded as not done:"
        " 'maybe' (1); add them to data/vocabulary/values.csv or correct them"
    ]
    waiting = (
        store.cursor()
        .execute("select row_number, full_name, stage from pending_follow_ups order by all")
        .fetchall()
    )
    assert waiting == [
        (4, "Nobody Known", "applied_learning"),
        (4, "Nobody Known", "followed_up"),
    ]


def test_csv_with_bom(store):
    data = "\ufeffFull name,Gender,Governorate\nTest Person Nine,أنثى,Erbil\n,,\n".encode()
    r = ingest(store, data, "list.csv")
    assert (r.status, r.n_loaded, r.n_rejected) == ("loaded", 1, 0)
    assert store.scalar("select gender || ' ' || governorate_pcode from participants") == (
        "female IQG11"
    )


def test_a_failure_midway_leaves_the_database_unchanged(store, monkeypatch):
    ingest(store, FOLLOW_UP, "early-tracker.xlsx")  # something already there
    before = snapshot(store)
    real = committing.run

    def fail_at_enrolments(cur, name, **params):
        if name == "ingest/insert_enrolments":
            raise RuntimeError("disk full")
        return real(cur, name, **params)

    monkeypatch.setattr(committing, "run", fail_at_enrolments)
    r = ingest(store, ROSTER, "course1.xlsx")
    assert r.status == "refused"
    assert str(r.error) == "course1.xlsx: could not be loaded (disk full); nothing was saved"
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.xlsx", b"", "empty.xlsx: the file is empty"),
        ("notes.txt", b"hello", "notes.txt: no sheet has roster columns"),
        ("scan.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00", "scan.xlsx: this is not a spreadsheet"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "broken.xlsx: the file is damaged"),
        (
            "budget.xlsx",
            xlsx({"Budget": (["Item", "Cost"], [["Tea", 3]])}),
            "budget.xlsx: no sheet has roster columns",
        ),
        (
            "template.xlsx",
            xlsx({"List": (["Full name", "Sex", "Governorate"], [])}),
            "template.xlsx: the roster columns were found but there are no rows below them",
        ),
    ],
)
def test_refusals_are_one_line_and_change_nothing(store, name, data, error):
    before = snapshot(store)
    r = ingest(store, data, name)
    assert r.status == "refused"
    assert str(r.error).startswith(error)
    assert "\n" not in str(r.error)
    assert snapshot(store) == before


def test_a_course_that_starts_after_it_ends_is_a_problem_of_its_rows(store):
    from tests.rosters import book

    header = ["Full name", "Sex", "Governorate", "Course", "Start date", "End date"]
    rows = [["Dates Test One", "F", "Erbil", "C1", "28/02/2018", "18/01/2018"],
            ["Dates Test Two", "F", "Erbil", "C1", date(2018, 2, 28), date(2018, 1, 18)],
            ["Dates Test Three", "M", "Erbil", "C1", "11/01/2018", "12/01/2018"]]  # fmt: skip
    r = ingest(store, xlsx({"Roster": (header, rows)}), "dates.xlsx")
    assert (r.n_loaded, r.n_rejected) == (1, 2)
    assert [(x.row_number, str(x.reason)) for x in r.rejections] == [
        (2, "the course starts after it ends; check the start and end dates"),
        (3, "the course starts after it ends; check the start and end dates"),
    ]
    # the same dates given once in the title block: every row of the sheet
    title = [["Course: HR 2018"], ["Dates: 28/02/2018 - 18/01/2018"], [],
             ["Full name", "Sex", "Governorate"], ["Dates Test A", "F", "Erbil"]]  # fmt: skip
    r = ingest(store, book({"Participants": title}), "title.xlsx")
    assert (r.n_loaded, r.n_rejected) == (0, 1)
    quality = store.records("data_quality")[0]
    assert (quality["n_rejected"], quality["n_dates_outside"]) == (3, 3)  # all three: dates


def test_uploads_are_numbered_without_gaps_whatever_was_previewed_or_refused(store):
    roster = xlsx({"S": (["Full name", "Sex"], [["Number Test A", "F"]])})
    assert ingest(store, roster, "a.xlsx", dry_run=True).status == "previewed"
    assert ingest(store, b"%PDF-1.4 not a roster", "minutes.pdf").status == "refused"
    assert ingest(store, roster, "a.xlsx").upload_id == 1
    other = xlsx({"S": (["Full name", "Sex"], [["Number Test B", "M"]])})
    assert ingest(store, other, "b.xlsx", dry_run=True).status == "previewed"
    assert ingest(store, other, "b.xlsx").upload_id == 2
