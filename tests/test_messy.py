"""Messy rosters as staff keep them, through the real pipeline.

Every person is generated; the expected counts are literals beside each test.
"""

import json
from datetime import date

import pytest

from dashboard.ingest import ingest
from tests import messy
from tests.conftest import snapshot, xlsx

ROSTER = ["Name", "Sex", "Governorate"]


def people(store):
    with store.cursor() as cur:
        return cur.execute(
            "select full_name, gender, governorate_pcode, governorate_raw, phone, phone_key"
            " from participants order by participant_id"
        ).fetchall()


def test_title_block_two_row_header_blank_total_and_repeated_header_rows(store):
    r = ingest(store, messy.titled_course(), "ninewa course.xlsx")
    assert r.status == "loaded"
    sheet, lists, summary = r.sheets
    assert (sheet.kind, sheet.header_rows) == ("participants", [4, 5])
    # rows 6-14: 9 read = 4 loaded + 3 set aside (blank 8, repeated header 10,
    # total 14) + 2 rejected
    assert (sheet.n_read, sheet.n_loaded, sheet.n_set_aside, sheet.n_rejected) == (9, 4, 3, 2)
    assert sheet.set_aside == {"blank": [8], "repeated_header": [10], "total": [14]}
    assert sheet.mapping == {
        "serial": "No.",
        "full_name": "Participant Full name",
        "gender": "Participant Sex",
        "governorate": "Governorate",  # merged down over two header rows
        "phone": "Contact Phone",
        "start_date": "Dates Start date",
        "end_date": "Dates End date",
        "remarks": "Remarks",  # kept with each row
    }
    assert sheet.unmapped == []
    notes = [str(n) for n in sheet.notes]
    assert "2 error cells (such as #N/A in row 11, column 'Contact Phone') read as empty" in notes
    assert (lists.kind, str(lists.skipped)) == (None, "hidden sheet")
    assert (summary.kind, str(summary.skipped)) == (None, "summary table (counts, no names)")
    # The course is named by the title above the header.
    assert sheet.course == "Human rights training for community police — Erbil, 11–15 Dec 2017"


def test_values_in_three_scripts_are_normalised(store):
    ingest(store, messy.titled_course(), "ninewa course.xlsx")
    assert people(store) == [
        ("Test Person One", "female", "IQG15", None, "0750 555 0001", "7505550001"),
        ("Test Person Two", "male", "IQG15", None, "+964 750 555 0002", "7505550002"),  # Mosul
        ("تيست شخص ثلاثة", "female", "IQG15", None, "٠٧٥٠٥٥٥٠٠٠٣", "7505550003"),
        ("Test Person Four", "female", "IQG16", None, None, None),  # Tikrit; phone was #N/A
    ]
    with store.cursor() as cur:
        dates = cur.execute("select distinct start_date, end_date from enrolments").fetchall()
        extra = cur.execute("select extra from enrolments where row_number = 7").fetchone()[0]
    # A real date, "11/12/2017" and "١١/١٢/٢٠١٧" are one day.
    assert dates == [(date(2017, 12, 11), date(2017, 12, 15))]
    assert json.loads(extra) == {"Remarks": "late day 1"}  # an extra column is kept


def test_rejected_rows_name_the_row_and_the_reason(store):
    r = ingest(store, messy.titled_course(), "ninewa course.xlsx")
    assert [(x.sheet, x.row_number, str(x.reason)) for x in r.rejections] == [
        ("Ninewa course", 12, "column 'Participant Full name' holds the error #N/A"),
        (
            "Ninewa course",
            13,
            "'sometime' in column 'Dates Start date' is not a date (write it as day/month/year)",
        ),
    ]
    raw = [json.loads(v) for (v,) in store.cursor().execute(
        "select raw from rejected_rows order by row_number").fetchall()]  # fmt: skip
    assert raw[0]["Participant Full name"] == "#N/A"
    assert raw[1]["Governorate"] == "Atlantis"


def test_kurdish_headers_any_order_and_an_id_column(store):
    r = ingest(store, messy.kurdish_roster(), "بەشداربووان.xlsx")
    (sheet,) = r.sheets
    assert sheet.mapping == {
        "gender": "ڕەگەز",
        "full_name": "ناوی تەواو",
        "governorate": "پارێزگا",
        "person_ref": "ژمارەی ناسنامە",
        "course": "خولی ڕاهێنان",
        "remarks": "تێبینی",
    }
    assert (sheet.n_loaded, sheet.n_rejected) == (2, 0)
    with store.cursor() as cur:
        rows = cur.execute(
            "select gender, governorate_pcode, person_ref from participants order by 3"
        ).fetchall()
    assert rows == [("female", "IQG11", "K-100"), ("male", "IQG06", "K-101")]


@pytest.mark.parametrize(
    ("written", "gender"),
    [
        *[(w, "male") for w in ("M", "m", "Male", "MALE", "man", "ذكر", "نێر")],
        *[(w, "female") for w in ("F", "f", "Female", "woman", "Woman", "أنثى", "انثى", "مێ")],
        *[(w, "unknown") for w in (None, "", "  ", "?", "x", "unknown")],
    ],
)
def test_gender_is_read_in_three_languages_and_never_guessed(store, written, gender):
    ingest(store, xlsx({"S": (["Name", "Sex"], [["Test Person G", written]])}), "g.xlsx")
    assert store.scalar("select gender from participants") == gender


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Sex", "gender"), ("GENDER", "gender"), ("الجنس", "gender"), ("ڕەگەز", "gender"),
        ("Province", "governorate"), ("المحافظة", "governorate"), ("پارێزگا", "governorate"),
        ("Full name", "full_name"), (" full   NAME ", "full_name"), ("الاسم الكامل", "full_name"),
        ("ناو", "full_name"), ("Full-name:", "full_name"),
    ],
)  # fmt: skip
def test_headers_map_in_three_languages_whatever_the_case_spacing_punctuation(header, field):
    from dashboard.ingest import vocabulary

    assert vocabulary.field_for(header) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Was the participant followed up?", "followed_up"),
        ("Date of follow-up visit", "followed_up"),
        ("Certificate received (Y/N)", "completed"), ("No. of days attended", "days_attended"),
        ("Mobile phone number", "phone"), ("هل تمت متابعة المشارك؟", "followed_up"),
        ("ئایا بەدواداچوون کرا؟", "followed_up"),
        # other words beside a field's name make the header about something else
        ("Reason not followed up", None), ("Follow-up comments", None), ("Arabic Name", None),
        ("Location Name", None), ("سبب عدم المتابعة", None), ("Followed up by", None),
        ("Number of follow-up visits", None),  # a count, not whether
        ("Number of participants trained", None),  # not a course
        # a question is answered yes or no: never a name such as the course's trainer
        ("Is the participant a trainer?", None),
        ("Has the participant been contacted?", "followed_up"),
        ("Was a certificate given?", "completed"),
    ],
)  # fmt: skip
def test_a_question_maps_by_the_field_name_within_it_and_nothing_else(header, field):
    from dashboard.ingest import vocabulary

    m = vocabulary.match(header)
    assert (m.field, m.how) == (field, "contains") if field else m is None


def test_an_unknown_header_gets_the_closest_field_as_a_suggestion(store):
    header = ["Full name", "Sex", "Governorat", "Phone numbr", "Shoe size"]
    data = xlsx({"S": (header, [["Test P", "F", "Erbil", "0750", 42]])})
    r = ingest(store, data, "typos.xlsx")
    # A close misspelling is read, and says how sure; one too far is only suggested.
    columns = {c["header"]: c for c in r.sheets[0].columns}
    assert (columns["Governorat"]["field"], columns["Governorat"]["how"]) == (
        "governorate",
        "fuzzy",
    )
    assert columns["Governorat"]["score"] == 95
    assert (columns["Phone numbr"]["field"], columns["Phone numbr"]["how"]) == ("phone", "fuzzy")
    assert [(c["header"], c["suggestion"]) for c in r.sheets[0].unmapped] == [("Shoe size", None)]
    data = xlsx({"S": (["Full name", "Sex", "Gouvernorat"], [["Test P", "F", "Erbil"]])})
    (sheet,) = ingest(store, data, "french.xlsx").sheets
    assert [(c["header"], c["suggestion"]) for c in sheet.unmapped] == [
        ("Gouvernorat", "governorate")
    ]


def test_several_roster_sheets_and_a_follow_up_tracker_in_one_workbook(store):
    data = xlsx(
        {
            "Course A": (ROSTER, [["Test A1", "F", "Erbil"], ["Test A2", "M", "Erbil"]]),
            "Course B": (ROSTER, [["Test B1", "F", "Duhok"]]),
            "Follow-up": (["Name", "Governorate", "Followed up"], [["Test A1", "Erbil", "yes"]]),
            "Notes": (["Item", "Detail"], [["venue", "hotel"]]),
        }
    )  # fmt: skip
    r = ingest(store, data, "programme.xlsx")
    assert [(s.name, s.kind, s.n_loaded) for s in r.sheets] == [
        ("Course A", "participants", 2),
        ("Course B", "participants", 1),
        ("Follow-up", "follow_up", 1),
        ("Notes", None, 0),
    ]
    assert r.summary()["sheets_skipped"] == {
        "Notes": "no roster columns found (such as Full name, Gender, Governorate)"
    }
    assert store.scalar("select count(*) from courses") == 2
    assert store.scalar("select count(*) from follow_ups") == 1


def test_a_row_counter_in_an_id_column_does_not_merge_people(store):
    a = xlsx(
        {"A": (["ID", "Name", "Governorate"], [[1, "Test One", "Erbil"], [2, "Test Two", "Erbil"]])}
    )
    b = xlsx(
        {
            "B": (
                ["ID", "Name", "Governorate"],
                [[1, "Test Three", "Duhok"], [2, "Test Four", "Duhok"]],
            )
        }
    )
    ra, rb = ingest(store, a, "a.xlsx"), ingest(store, b, "b.xlsx")
    assert "column 'ID' counts rows (1, 2, 3…); not used to match people" in [
        str(n) for n in rb.sheets[0].notes
    ]
    assert store.scalar("select count(*) from participants") == 4
    assert ra.n_loaded == rb.n_loaded == 2


def test_a_shared_phone_does_not_merge_people(store):
    rows = [["Test One", "Erbil", "0750 555 1000"], ["Test Two", "Erbil", "0750 555 1000"]]
    ingest(store, xlsx({"A": (["Name", "Governorate", "Phone"], rows)}), "station.xlsx")
    assert store.scalar("select count(*) from participants") == 2


def test_the_same_person_twice_in_one_course_is_rejected_once(store):
    rows = [["Test One", "F", "Erbil"], ["test  one", "F", "Erbil"]]
    r = ingest(store, xlsx({"Course": (["Name", "Sex", "Governorate"], rows)}), "dup.xlsx")
    assert (r.n_loaded, r.n_rejected) == (1, 1)
    assert (
        str(r.rejections[0].reason) == "the same person is already listed for this course on row 2"
    )


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        (".csv", "Name,Sex,Governorate\r\nTest Csv,أنثى,Basra\r\n".encode()),
        (".csv", "\ufeffName;Sex;Governorate\nTest Csv;أنثى;Basra\n".encode()),
        (".csv", "Name\tSex\tGovernorate\nTest Csv\tأنثى\tBasra\n".encode("utf-16")),
        (".csv", "الاسم,الجنس,المحافظة\nتيست,أنثى,البصرة\n".encode("cp1256")),
        (".ods", messy.ods({"Roster": [ROSTER, ["Test Ods", "F", "Basra"]]})),
        (".xlsm", xlsx({"Roster": (ROSTER, [["Test Xlsm", "F", "Basra"]])})),
    ],
)  # fmt: skip
def test_formats_and_encodings(store, suffix, data):
    r = ingest(store, data, f"roster{suffix}")
    assert (r.status, r.n_loaded) == ("loaded", 1), r.error
    assert store.scalar("select gender || ' ' || governorate_pcode from participants") == (
        "female IQG02"
    )


def test_a_windows_arabic_csv_keeps_its_arabic(store):
    data = "الاسم,الجنس,المحافظة\nتيست شخص,أنثى,البصرة\n".encode("cp1256")
    r = ingest(store, data, "list.csv")
    assert str(r.note) == "read as Windows-1256 (Arabic) text, comma-separated"
    assert store.scalar("select full_name from participants") == "تيست شخص"


def test_targets_by_governorate(store):
    data = xlsx(
        {
            "Targets": (
                ["Governorate", "Planned participants", "Women %"],
                [["Ninewa", 20, 0.3], ["Kirkok", 10, 0.3], ["ديالى", 15, "30%"], ["Mosul", 5, 140]],
            )
        }
    )
    r = ingest(store, data, "targets.xlsx")
    assert (r.sheets[0].kind, r.n_loaded, r.n_rejected) == ("targets", 2, 2)
    assert [str(x.reason) for x in r.rejections] == [
        "'Kirkok' in column 'Governorate' is not a governorate of Iraq (did you mean Kirkuk?)",
        "'140' in column 'Women %' is not a share between 0 and 100%",
    ]


def test_targets_for_the_follow_up_pathway(store):
    header = [
        "المحافظة",
        "العدد المستهدف",
        "Follow-up target",
        "ToT target",
        "المستهدف لإكمال تدريب المدربين",
    ]
    rows = [["نينوى", 20, 18, 3, 2], ["Kirkuk", 15, None, "4", None]]
    r = ingest(store, xlsx({"Targets": (header, rows)}), "targets.xlsx")
    assert (r.sheets[0].kind, r.n_loaded, r.n_rejected) == ("targets", 2, 0)
    planned = {
        row["governorate_pcode"]: row for row in store.records("coverage") if row["n_planned"]
    }
    ninewa, kirkuk = planned["IQG15"], planned["IQG13"]
    assert (ninewa["n_followed_up_planned"], ninewa["n_tot_selected_planned"]) == (18, 3)
    assert ninewa["n_tot_completed_planned"] == 2
    assert (kirkuk["n_followed_up_planned"], kirkuk["n_tot_selected_planned"]) == (None, 4)
    assert ninewa["n_applied_learning_planned"] is None


def test_a_dry_run_previews_everything_and_keeps_nothing(store):
    before = snapshot(store)
    r = ingest(store, messy.titled_course(), "ninewa course.xlsx", dry_run=True)
    assert (r.status, r.upload_id, r.n_loaded, r.n_rejected) == ("previewed", None, 4, 2)
    assert snapshot(store) == before


def test_dates_read_by_the_fast_path_as_by_the_formats():
    """ISO and day-first dates skip strptime's failed tries (most cells are
    one or the other); every other form, and every impossible day, goes
    through the formats as before, so each reads exactly as strptime reads it."""
    import random
    from datetime import datetime

    from dashboard.ingest.normalise import _DATE_FORMATS, date_value

    def by_the_formats(s: str):
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(s, fmt).date()
            except ValueError:
                continue
        return None

    rng = random.Random(3)
    written = ["2017-1-1", "31/02/2018", "29/02/2020", "29/02/2019", "1/2/18", "1/2-2018"]
    written += ["0/1/2018", "2017-13-01", "2017-02-30", "2018/02/01", "12 Dec 2017", "0000-01-01"]
    for _ in range(2000):
        sep, year = rng.choice("/.-"), rng.randint(1900, 2100)
        day, month = rng.randint(0, 35), rng.randint(0, 14)
        written += [f"{day}{sep}{month}{sep}{year}", f"{year}-{month:02d}-{day:02d}"]
    assert [date_value(s, "Date")[0] for s in written] == [by_the_formats(s) for s in written]
    assert date_value("2017-12-11 00:00:00", "Date")[0] == date(2017, 12, 11)  # a real date


# A register kept by hand: one column per day of the course, headed by its
# date, a mark per person. Days attended are counted from the marks, and the
# course runs from the first day to the last (said in the preview).
_REGISTERS = {
    "en": (
        ["Full name", "Sex", "Governorate", "Course"],
        ["11/12/2017", "12/12/2017", "13/12/2017"],
        ("✓", "x", ""),  # ticked; crossed where others tick; blank
    ),
    "en-words": (
        ["Name", "Gender", "Province", "Training"],
        ["11 Dec 2017", "12-Dec-17", "13 December 2017"],
        ("P", "A", ""),
    ),
    "ar": (
        ["الاسم الثلاثي", "الجنس", "المحافظة", "الدورة"],
        ["١١/١٢/٢٠١٧", "١٢/١٢/٢٠١٧", "١٣/١٢/٢٠١٧"],
        ("حاضر", "غائب", ""),
    ),
    "ckb": (
        ["ناوی سیانی", "ڕەگەز", "پارێزگا", "خول"],
        [date(2017, 12, 11), date(2017, 12, 12), date(2017, 12, 13)],  # real date cells
        ("ئامادە", "نەهات", ""),
    ),
}


@pytest.mark.parametrize("language", list(_REGISTERS))
def test_a_register_with_a_column_per_day_counts_the_days_attended(store, language):
    header, days, (present, absent, blank) = _REGISTERS[language]
    women, men = (
        ("F", "M")
        if language.startswith("en")
        else (("أنثى", "ذكر") if language == "ar" else ("مێ", "نێر"))
    )
    rows = [
        ["Register Test One", women, "Kirkuk", "HR", present, present, absent],  # 2 days
        ["Register Test Two", men, "Erbil", "HR", present, blank, present],  # 2 days
        ["Register Test Three", men, "Erbil", "HR", present, present, present],  # 3 days
        ["Register Test Four", women, "Kirkuk", "HR", absent, absent, blank],  # none
    ]
    r = ingest(store, xlsx({"Register": (header + days, rows)}), f"register_{language}.xlsx")
    assert (r.status, r.n_loaded, r.n_rejected) == ("loaded", 4, 0)
    sheet = r.sheets[0].to_json()
    assert [c["how"] for c in sheet["columns"][4:]] == ["day"] * 3  # said, not guessed
    assert {k: v["source"]["key"] for k, v in sheet["context"].items()} == {
        "start_date": "ingest.source.days",
        "end_date": "ingest.source.days",
    }
    got = (
        store.cursor()
        .execute(
            "select p.full_name, p.gender, e.days_attended, e.start_date, e.end_date"
            " from enrolments e join participants p using (participant_id) order by p.full_name"
        )
        .fetchall()
    )
    first, last = date(2017, 12, 11), date(2017, 12, 13)
    assert got == [
        ("Register Test Four", "female", 0.0, first, last),
        ("Register Test One", "female", 2.0, first, last),
        ("Register Test Three", "male", 3.0, first, last),
        ("Register Test Two", "male", 2.0, first, last),
    ]


def test_a_bare_number_or_a_day_without_its_year_heads_no_day(store):
    """ "1" or "12/11" over a column may be anything (a count, a code): only a
    whole date makes a column a day of the course."""
    header = ["Full name", "Sex", "Governorate", "Course", "12/11", "2017"]
    rows = [["Register Test Five", "F", "Kirkuk", "HR", "3", "x"]]
    r = ingest(store, xlsx({"S": (header, rows)}), "not_days.xlsx")
    hows = {c["header"]: (c["field"], c["how"]) for c in r.sheets[0].to_json()["columns"]}
    assert hows["2017"][1] != "day" and hows["12/11"][1] != "day"
    assert store.scalar("select days_attended from enrolments") is None
