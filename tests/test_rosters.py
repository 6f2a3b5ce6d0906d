"""Real-world roster layouts, every count right (issue: every roster in).

One generated workbook per point at least (``tests/rosters.py``), in each of
the three languages where the point is about words. The expected numbers are
written from how each workbook was built (its docstring says so), never read
back from what the code returns.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard import audit, tables
from dashboard.cli import main
from dashboard.ingest import identity, ingest
from dashboard.summary import summary
from tests import rosters
from tests.conftest import xlsx

LANGUAGES = ["en", "ar", "ckb"]


def counts(store) -> dict[str, tuple[int, int, int]]:
    """Participants by governorate: (women, men, gender unknown)."""
    return {
        gov: (c["female"], c["male"], c["unknown"])
        for gov, c in summary(store)["by_governorate"].items()
        if sum(c.values())
    }


def follow_up(store) -> dict[str, int]:
    return summary(store)["follow_up"]


def loaded(store, data: bytes, name: str, **kw):
    r = ingest(store, data, name, **kw)
    assert r.status == "loaded", r.error
    for s in r.sheets:  # the ledger holds on every sheet
        assert s.n_read == s.n_loaded + s.n_pending + s.n_set_aside + s.n_rejected, s.name
    return r


# -- 1. headers as tools export them -------------------------------------------------------


def test_kobo_xml_names_codes_and_its_own_columns(store):
    r = loaded(store, rosters.kobo_xml_names(), "kobo.xlsx")
    assert counts(store) == {"Kirkuk": (2, 1, 0), "Ninewa": (1, 1, 0)}
    (sheet,) = r.sheets
    assert sheet.mapping == {
        "full_name": "group_participant/full_name",
        "gender": "group_participant/sex",
        "governorate": "group_participant/governorate",
        "phone": "group_participant/phone_number",
        "course": "group_course/course_name",
        "start_date": "group_course/course_start",
    }
    tools = [c["header"] for c in sheet.columns if c["how"] == "tool"]
    assert tools == ["start", "end", "today", "deviceid", *rosters.KOBO_META]
    assert sheet.unmapped == []
    assert store.scalar("select count(*) from courses") == 1


def test_kobo_labels_in_arabic(store):
    loaded(store, rosters.kobo_labels_arabic(), "kobo-ar.xlsx")
    assert counts(store) == {"Diyala": (1, 2, 0), "Salah Al-Din": (1, 0, 0)}
    assert store.scalar("select course_name from courses") == "حقوق الإنسان"


def test_kobo_repeat_group_joins_its_parent(store):
    r = loaded(store, rosters.kobo_repeat_group(), "kobo-repeat.xlsx")
    # the governorate, course and dates stand only on the parent sheet
    assert counts(store) == {"Kirkuk": (2, 1, 0), "Ninewa": (0, 2, 0)}
    form, group = r.sheets
    assert form.facts == ["context"] and group.facts == ["participants", "enrolments"]
    assert group.n_loaded == 5
    sources = {c["field"]: c["how"] for c in group.columns if c["field"]}
    assert sources["governorate"] == sources["course"] == sources["start_date"] == "parent"
    courses = (
        store.cursor()
        .execute(
            "select c.course_name, count(*), min(e.start_date) from enrolments e"
            " join courses c using (course_id) group by all order by 1"
        )
        .fetchall()
    )
    assert courses == [
        ("Human rights A", 3, date(2018, 3, 4)),
        ("Human rights B", 2, date(2018, 4, 1)),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_kobo_questions_map_by_the_words_within_them(store, language):
    r = loaded(store, rosters.kobo_questions(language), "kobo-questions.xlsx")
    assert counts(store) == {"Kirkuk": (2, 1, 0), "Erbil": (0, 1, 0)}
    assert follow_up(store) == {
        "followed_up": 3, "applied_learning": 2, "tot_selected": 1, "tot_completed": 0,
    }  # fmt: skip
    (sheet,) = r.sheets
    how = {c["field"]: c["how"] for c in sheet.columns if c["field"]}
    stages = ("followed_up", "applied_learning", "tot_selected")
    assert {f: how[f] for f in stages} == dict.fromkeys(stages, "contains")
    # the reason beside the question is about something else: said, not read as follow-up
    assert [c["header"] for c in sheet.unmapped] == [sheet.columns[7]["header"]]


def test_activityinfo_code_and_name_pairs(store):
    r = loaded(store, rosters.activityinfo(), "ai.xlsx")
    # the fourth row's code (Erbil) and name (Duhok) disagree: the code counts, and it is said
    assert counts(store) == {"Erbil": (1, 1, 0), "Duhok": (1, 1, 0)}
    (sheet,) = r.sheets
    roles = {c["header"]: (c["field"], c["role"]) for c in sheet.columns}
    assert roles["Governorate Code"] == ("governorate", None)
    assert roles["Governorate Name"] == ("governorate", "alternate")
    assert any("'Governorate Code' and 'Governorate Name' name different governorates in rows 5"
               in str(n) for n in sheet.notes)  # fmt: skip
    assert [c["header"] for c in sheet.unmapped] == ["Partner"]


def test_qualifiers_and_an_unknown_column_said_everywhere(store, databases, tmp_path, capsys):
    data = rosters.qualified_headers()
    r = loaded(store, data, "qualified.xlsx")
    assert counts(store) == {"Kirkuk": (1, 1, 0), "Ninewa": (0, 1, 0)}
    assert follow_up(store)["applied_learning"] == 2
    (sheet,) = r.sheets
    assert [c["header"] for c in sheet.unmapped] == ["Blood type"]
    # the command line says it, and so does --json
    path = tmp_path / "qualified.xlsx"
    path.write_bytes(data)
    db = str(databases("o.duckdb"))
    assert main(["ingest", "--db", db, str(path)]) == 0
    assert "column 'Blood type' maps to no field: kept as written" in capsys.readouterr().out
    path.write_bytes(rosters.kurdish_variants())
    assert main(["ingest", "--db", db, "--json", str(path)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    sheet_json = report["sheets_read"]["بەشداربووان"]
    assert sheet_json["unmapped"] == []
    assert {m["column"]: m["field"] for m in sheet_json["mapping"]}["ناوی سیانی"] == "full_name"


def test_kurdish_variants(store):
    loaded(store, rosters.kurdish_variants(), "ku.xlsx")
    assert counts(store) == {"Erbil": (2, 0, 0), "Duhok": (0, 1, 0)}


# -- 3. follow-up values as people write them -----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_values_in_three_languages(store, language):
    names = rosters.people(f"FU {language}", 6)
    loaded(store, rosters.simple_roster(names, "Kirkuk"), "roster.xlsx")
    r = loaded(store, rosters.tracker(language, names, "Kirkuk"), "tracker.xlsx")
    assert r.sheets[0].facts == ["follow_up"]
    assert follow_up(store) == {
        "followed_up": 3, "applied_learning": 2, "tot_selected": 1, "tot_completed": 0,
    }  # fmt: skip
    assert "'x' in column" in " ".join(str(n) for n in r.sheets[0].notes)


@pytest.mark.parametrize(
    ("yes", "no"),
    [("Y", "N"), ("TRUE", "FALSE"), ("1", "0"), ("✓", "✗"), ("نعم", "لا"), ("بەڵێ", "نەخێر")],
)
def test_yes_and_no_however_written(store, yes, no):
    names = rosters.people("YN", 3)
    loaded(store, rosters.simple_roster(names, "Erbil"), "roster.xlsx")
    rows = [[names[0], "Erbil", yes], [names[1], "Erbil", no], [names[2], "Erbil", None]]
    loaded(
        store, xlsx({"Follow-up": (["Name", "Governorate", "Applied learning"], rows)}), "t.xlsx"
    )
    assert follow_up(store)["applied_learning"] == 1


def test_an_unknown_status_word_is_counted_not_guessed(store):
    names = rosters.people("Status", 4)
    loaded(store, rosters.simple_roster(names, "Erbil"), "roster.xlsx")
    rows = [[names[0], "Erbil", "Completed"], [names[1], "Erbil", "Maybe later"],
            [names[2], "Erbil", "Maybe later"], [names[3], "Erbil", "Scheduled"]]  # fmt: skip
    r = loaded(
        store, xlsx({"Follow-up": (["Name", "Governorate", "Follow-up status"], rows)}), "t.xlsx"
    )
    assert follow_up(store)["followed_up"] == 1
    assert (
        "follow-up values not recognised in column 'Follow-up status', recorded as not done:"
        " 'Maybe later' (2)" in str(r.sheets[0].notes[0])
    )


def test_a_combined_roster_gives_people_and_their_follow_up(store):
    r = loaded(store, rosters.combined_roster(), "combined.xlsx")
    assert r.sheets[0].facts == ["participants", "enrolments", "follow_up"]
    assert counts(store) == {"Kirkuk": (2, 1, 0), "Ninewa": (1, 2, 0)}
    assert follow_up(store) == {
        "followed_up": 4, "applied_learning": 3, "tot_selected": 2, "tot_completed": 0,
    }  # fmt: skip


# -- 4. context above or beside the table; merged cells ---------------------------------


def test_one_sheet_per_governorate(store):
    r = loaded(store, rosters.governorate_per_sheet(), "by-sheet.xlsx")
    assert counts(store) == {"Kirkuk": (1, 1, 0), "Ninewa": (2, 0, 0), "Diyala": (0, 1, 0)}
    assert {s.name: str(s.context["governorate"]["source"]) for s in r.sheets} == dict.fromkeys(
        ["Kirkuk", "نينوى", "دیالە"], "the sheet's name"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_title_block_gives_governorate_course_and_dates(store, language):
    r = loaded(store, rosters.title_block(language), f"title-{language}.xlsx")
    assert counts(store) == {"Kirkuk": (2, 1, 0)}
    (sheet,) = r.sheets
    assert sheet.context["governorate"]["source"].key == "ingest.source.title"
    course = {"en": "Community policing course", "ar": "دورة الشرطة المجتمعية",
              "ckb": "خولی پۆلیسی کۆمەڵگا"}[language]  # fmt: skip
    assert store.scalar("select course_name from courses") == course
    if language == "en":
        assert store.scalar("select min(start_date) from enrolments") == date(2017, 12, 11)
        assert store.scalar("select max(end_date) from enrolments") == date(2017, 12, 15)


def test_merged_cells_fill_down_the_rows_they_cover(store):
    r = loaded(store, rosters.merged_governorates(), "merged.xlsx")
    assert counts(store) == {"Kirkuk": (2, 1, 0), "Ninewa": (0, 2, 0)}
    assert "'Governorate' filled down from merged cells in rows 3, 4, 6" in [
        str(n) for n in r.sheets[0].notes
    ]


# -- 5. rows that are not people ------------------------------------------------------------


def test_subtotals_breakdowns_notes_and_signatures_are_set_aside(store):
    r = loaded(store, rosters.not_people(), "course.xlsx")
    assert counts(store) == {"Diyala": (2, 1, 0), "Kirkuk": (1, 1, 0)}
    (sheet,) = r.sheets
    assert sheet.set_aside == {
        "total": [5, 10, 13],
        "breakdown": [6, 7, 11, 12],
        "note": [14, 15],
        "blank": [16],
        "footer": [17, 18, 19, 20, 21],
    }
    assert (sheet.n_read, sheet.n_loaded, sheet.n_rejected) == (20, 5, 0)


def test_the_same_in_kurdish(store):
    r = loaded(store, rosters.not_people_kurdish(), "course.xlsx")
    assert counts(store) == {"Al-Sulaymaniyah": (1, 2, 0)}
    assert r.sheets[0].set_aside == {
        "total": [5], "breakdown": [6, 7], "note": [8], "footer": [9, 10],
    }  # fmt: skip


# -- 6. two-row headers whose lower row holds categories -----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sex_as_two_tick_columns(store, language):
    r = loaded(store, rosters.tick_gender(language), "ticks.xlsx")
    assert counts(store) == {"Ninewa": (1, 2, 1)}
    assert r.sheets[0].header_rows == [1, 2]
    assert "both sex columns ticked, recorded as unknown: rows 6" in [
        str(n) for n in r.sheets[0].notes
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_targets_matrix(store, language):
    r = loaded(store, rosters.targets_matrix(language), "targets.xlsx")
    assert r.sheets[0].facts == ["targets"]
    planned = {p["governorate_pcode"]: (p["n_planned"], round(p["share_women_planned"], 4))
               for p in store.records("coverage") if p["n_planned"]}  # fmt: skip
    assert planned == {"IQG15": (20, 0.3), "IQG13": (15, 0.3333)}


# -- 7. names in parts -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_in_parts_are_joined_in_order(store, language):
    loaded(store, rosters.names_in_parts(language), "parts.xlsx")
    assert counts(store) == {"Al-Basrah": (1, 2, 0)}
    names = store.cursor().execute("select full_name from participants order by 1").fetchall()
    assert [n for (n,) in names] == [
        "Omar Ali Hassan Parts", "Omar Karim Hassan Parts", "Zahra Ali Hassan Parts",
    ]  # fmt: skip


def test_given_and_family_names(store):
    loaded(store, rosters.given_and_family(), "given.xlsx")
    assert counts(store) == {"Al-Anbar": (2, 0, 0)}
    assert store.scalar("select min(full_name) from participants") == "Huda Given Test"


# -- 8. identity that never merges two people wrongly ---------------------------------------------


def test_namesakes_with_different_phones_on_one_roster_are_two_people(store):
    header = ["Full name", "Sex", "Governorate", "Phone"]
    rows = [["Ali Hassan Namesake", "M", "Kirkuk", "0770 500 0001"],
            ["Ali Hassan Namesake", "M", "Kirkuk", "0770 500 0002"]]  # fmt: skip
    r = loaded(store, xlsx({"S": (header, rows)}), "cousins.xlsx")
    assert (r.n_loaded, r.n_rejected) == (2, 0)
    assert counts(store) == {"Kirkuk": (0, 2, 0)}


def test_a_different_gender_or_id_means_two_people(store):
    loaded(
        store,
        xlsx({"S": (["Full name", "Sex", "Governorate"], [["Noor Test Same", "F", "Erbil"]])}),
        "a.xlsx",
    )
    loaded(
        store,
        xlsx({"S": (["Full name", "Sex", "Governorate"], [["Noor Test Same", "M", "Erbil"]])}),
        "b.xlsx",
    )
    assert counts(store) == {"Erbil": (1, 1, 0)}
    header = ["Full name", "ID", "Governorate"]
    loaded(store, xlsx({"S": (header, [["Saad Test Id", "K-1", "Duhok"]])}), "c.xlsx")
    loaded(store, xlsx({"S": (header, [["Saad Test Id", "K-2", "Duhok"]])}), "d.xlsx")
    assert counts(store)["Duhok"] == (0, 0, 2)


def test_a_likely_merge_is_proposed_not_made_and_can_be_confirmed(store):
    header = ["Full name", "Sex", "Governorate", "Phone", "Course"]
    loaded(
        store,
        xlsx({"S": (header, [["Huda Test Maybe", "F", "Kirkuk", "0770 600 0001", "A"]])}),
        "a.xlsx",
    )
    r = loaded(
        store,
        xlsx({"S": ([*header[:3], "Course"], [["Huda Test Maybe", "F", "Kirkuk", "B"]])}),
        "b.xlsx",
    )
    assert r.n_proposed == 1
    assert counts(store) == {"Kirkuk": (2, 0, 0)}  # until someone says they are one
    (proposal,) = store.records("merge_proposals")
    assert (proposal["full_name"], proposal["other_name"]) == ("Huda Test Maybe", "Huda Test Maybe")
    identity.merge(store, proposal["proposal_id"], "tester")
    assert counts(store) == {"Kirkuk": (1, 0, 0)}
    assert store.records("merge_proposals") == []
    assert store.scalar("select n_courses from fact_people") == 2
    decided = audit.entries(store, actor="tester")
    assert [(e["action"], e["details"]) for e in decided] == [
        ("merge", {"proposal_id": proposal["proposal_id"]})
    ]


def test_a_merged_person_never_takes_a_rejected_row_s_values(store):
    header = ["Full name", "Sex", "Governorate", "Phone", "Course"]
    rows = [
        ["Rana Test Dup", "F", "Erbil", None, "A"],
        ["Rana Test Dup", "F", "Erbil", "0770 700 0001", "A"],
    ]  # the same listing again: rejected
    r = loaded(store, xlsx({"S": (header, rows)}), "dup.xlsx")
    assert (r.n_loaded, r.n_rejected) == (1, 1)
    assert store.scalar("select phone from participants") is None


# -- 9. a corrected re-upload corrects -------------------------------------------------------------


def test_a_corrected_roster_moves_the_counts_and_says_so(store):
    header = ["Full name", "Sex", "Governorate", "Course"]
    first = [
        ["Officer Test Moved", "M", "Erbil", "HR"],
        ["Officer Test Stays", "F", "Kirkuk", "HR"],
        ["Officer Test Sex", "F", "Kirkuk", "HR"],
    ]
    loaded(store, xlsx({"S": (header, first)}), "kirkuk course.xlsx")
    assert counts(store) == {"Erbil": (0, 1, 0), "Kirkuk": (2, 0, 0)}
    fixed = [
        ["Officer Test Moved", "M", "Kirkuk", "HR"],
        ["Officer Test Stays", "F", "Kirkuk", "HR"],
        ["Officer Test Sex", "M", "Kirkuk", "HR"],
    ]
    r = loaded(store, xlsx({"S": (header, fixed)}), "kirkuk course - corrected.xlsx")
    assert r.replaced is not None
    assert counts(store) == {"Kirkuk": (1, 2, 0)}
    changes = {(d["full_name"], d["detail"], d["before"], d["after"]) for d in r.diff}
    assert changes == {
        ("Officer Test Moved", "governorate", "IQG11", "IQG13"),  # Erbil → Kirkuk
        ("Officer Test Sex", "gender", "female", "male"),
    }
    assert store.scalar("select count(*) from participants") == 3
    shown = tables.upload_diff(r.diff).to_pylist()
    assert {(d["Name"], d["Before"], d["After"]) for d in shown} == {
        ("Officer Test Moved", "Erbil", "Kirkuk"),
        ("Officer Test Sex", "Woman", "Man"),
    }


def test_a_corrected_spelling_is_named_as_everywhere_in_the_diff(store):
    """A governorate written wrong and then right: the diff says what was
    written and that it is not a governorate we know, as every table does."""
    header = ["Full name", "Sex", "Governorate", "Course"]
    loaded(store, xlsx({"S": (header, [["Officer Test Spelt", "M", "Kirkouk", "HR"]])}), "a.xlsx")
    fixed = [["Officer Test Spelt", "M", "Kirkuk", "HR"]]
    r = loaded(store, xlsx({"S": (header, fixed)}), "a - corrected.xlsx")
    [change] = tables.upload_diff(r.diff).to_pylist()
    assert (change["Before"], change["After"]) == (
        "Kirkouk — not a governorate we know",
        "Kirkuk",
    )


# -- 10. trackers before rosters ---------------------------------------------------------------


def test_a_tracker_before_its_roster_waits_then_links(store):
    names = rosters.people("Early", 4)
    r = loaded(store, rosters.tracker("en", names, "Ninewa"), "tracker.xlsx")
    assert (r.n_loaded, r.n_pending) == (0, 4)
    assert store.scalar("select count(*) from participants") == 0  # a tracker adds no one
    assert counts(store) == {}
    assert len(store.records("pending_follow_ups")) == 4
    roster = loaded(store, rosters.simple_roster(names, "Ninewa"), "roster.xlsx")
    assert roster.n_linked > 0
    assert follow_up(store) == {
        "followed_up": 3, "applied_learning": 2, "tot_selected": 1, "tot_completed": 0,
    }  # fmt: skip
    assert store.records("pending_follow_ups") == []


# -- 11. targets in any shape; a women's target as share, count or both ---------------------


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (["Governorate", "Planned participants", "Women %"], ["Erbil", 20, "30%"], (20, 0.3)),
        (["Governorate", "Planned participants", "Planned women"], ["Erbil", 20, 5], (20, 0.25)),
        (["Governorate", "Target", "Women target"], ["Erbil", 20, 8], (20, 0.4)),  # a count, said
        (["Governorate", "Target", "Women target"], ["Erbil", 20, 35], (20, 0.35)),  # above 20: a %
        (["المحافظة", "العدد المستهدف", "نسبة النساء المستهدفة"], ["أربيل", 20, 0.25], (20, 0.25)),
        (["پارێزگا", "ئامانج", "ڕێژەی ئافرەتان"], ["هەولێر", 20, "25%"], (20, 0.25)),
        (["Governorate", "Planned women", "Planned men"], ["Erbil", 6, 14], (20, 0.3)),
    ],
)
def test_targets_however_they_come(store, header, row, expected):
    r = loaded(store, xlsx({"Targets": (header, [row])}), "targets.xlsx")
    assert r.sheets[0].facts == ["targets"]
    (p,) = [p for p in store.records("coverage") if p["n_planned"]]
    assert (p["n_planned"], round(p["share_women_planned"], 4)) == expected


# -- 12. mappings remembered; the command line's --mapping -----------------------------------------


def test_a_corrected_mapping_is_remembered_for_the_same_headers(store):
    header = ["Full name", "Sex", "Home area"]
    first = xlsx({"S": (header, [["Map Test One", "F", "Erbil"]])})
    r = loaded(store, first, "a.xlsx", mappings={"S": {"Home area": "governorate"}})
    assert r.sheets[0].mapping_from == "user"
    assert counts(store) == {"Erbil": (1, 0, 0)}
    second = xlsx({"Other sheet": (list(reversed(header)), [["Duhok", "M", "Map Test Two"]])})
    r = loaded(store, second, "b.xlsx")
    assert r.sheets[0].mapping_from == "remembered"
    assert counts(store) == {"Erbil": (1, 0, 0), "Duhok": (0, 1, 0)}


def test_the_command_line_takes_a_mapping_file(databases, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx({"S": (["Full name", "Sex", "Home area"], [["Cli Test", "F", "Erbil"]])}))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Home area": "governorate"}))
    db = str(databases("o.duckdb"))
    assert main(["ingest", "--db", db, "--json", "--mapping", str(mapping), str(path)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    fields = {m["column"]: (m["field"], m["how"]) for m in report["sheets_read"]["S"]["mapping"]}
    assert fields["Home area"] == ("governorate", "user")
    mapping.write_text(json.dumps({"Home area": "shoe_size"}))
    assert main(["ingest", "--db", db, "--mapping", str(mapping), str(path)]) == 2
    assert "unknown field(s) shoe_size" in capsys.readouterr().err


def test_the_json_report_says_what_each_sheet_gave(store):
    r = loaded(store, rosters.not_people(), "course.xlsx")
    (report,) = [r.summary()]
    sheet = report["sheets_read"]["Course"]
    assert sheet["contributes"] == ["participants", "enrolments"]
    assert sheet["rows"] == {"read": 20, "loaded": 5, "pending": 0, "set_aside": 15, "rejected": 0}
    assert sheet["set_aside"]["footer"] == [17, 18, 19, 20, 21]
    assert {m["column"]: m["sure"] for m in sheet["mapping"]}["Full name"] == 100
