"""The pages through AppTest, from the entry point, on a real database file."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import registry
from dashboard.ingest import ingest
from dashboard.store import Store
from tests import messy
from tests.conftest import xlsx

PAGES = [p.file for p in registry.PAGES]
# The pages about the programme's data (not its accounts or its audit log).
DATA_PAGES = [p.file for p in registry.PAGES if p.section != "nav.section_admin"]
FILE = {p.name: p.file for p in registry.PAGES}


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_first_start_seeds_the_demo_and_shows_it(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Overview"
    m = metrics(at)
    assert m["Participants trained"] == ("60", "of 65 planned")
    assert m["Women's share"] == ("30%", "18 of 60 · target 30%")
    assert m["Governorates reached"] == ("4", "4 of 4 targeted")
    assert m["Courses"][0] == "2"
    assert m["Followed up"] == ("93%", "56 of 60")
    assert at.caption[0].value == "Showing: All participants"
    assert at.caption[1].value == "Courses from 11 Dec 2017 to 20 Dec 2017."
    by_governorate, trend = at.get("plotly_chart")
    assert "Ninewa 16 (5 women, 11 men)" in by_governorate.proto.alt
    assert "11 Dec 2017: +31 (31); 16 Dec 2017: +29 (60)" in trend.proto.alt
    summary = at.markdown[0].value
    assert (
        "- Ninewa reached 16 of 20 planned; 5 of 16 are women (31%) against a target of 30%."
        in summary
    )


@pytest.mark.parametrize("page", DATA_PAGES)
def test_every_page_renders_on_an_empty_database(app, databases, page):
    Store(databases("empty.duckdb")).close()  # exists already: not seeded
    at = app("empty.duckdb")
    at.switch_page(page).run()
    assert not at.exception
    assert any("upload a roster" in i.value.lower() for i in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo(app, page):
    at = app()
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error


def test_filters_change_the_numbers_and_say_so(app):
    at = app()
    at.multiselect(key="gov").set_value(["IQG13"]).run()
    m = metrics(at)
    assert m["Participants trained"] == ("15", "of 15 planned")
    assert m["Women's share"] == ("40%", "6 of 15 · target 35%")
    assert at.caption[0].value == "Showing: All participants in Kirkuk"
    at.segmented_control(key="gender").set_value("female").run()
    assert metrics(at)["Participants trained"][0] == "6"
    assert at.caption[0].value == "Showing: Women in Kirkuk"
    # The filters are shared: the participant list shows the same six.
    at.switch_page(FILE["participants"]).run()
    assert at.caption[0].value == "Showing: Women in Kirkuk"
    assert at.caption[1].value == "6 participants"
    assert len(at.dataframe[0].value) == 6
    (reset,) = [b for b in at.button if b.label == "Clear filters"]
    reset.click().run()
    assert at.caption[0].value == "Showing: All participants"
    assert at.caption[1].value == "60 participants"


def test_clearing_the_filters_sets_no_widget_twice(app, caplog, monkeypatch):
    from streamlit.elements.lib import policies

    monkeypatch.setattr(policies, "_shown_default_value_warning", False)  # said once a process
    at = app(gov=["Kirkuk"], uploads=["active", "withdrawn"], **{"to": "2017-12-12"})
    assert at.caption[0].value == (
        "Showing: All participants in Kirkuk, courses until 12 Dec 2017,"
        " counting active and withdrawn uploads"
    )
    (reset,) = [b for b in at.button if b.label == "Clear filters"]
    reset.click().run()
    assert at.caption[0].value == "Showing: All participants"
    assert metrics(at)["Participants trained"][0] == "60"
    assert at.multiselect(key="uploads").value == ["active"]
    # cleared, the uploads that count are all of them, in the widget as in the numbers
    at.multiselect(key="uploads").set_value([]).run()
    assert at.multiselect(key="uploads").value == ["active", "withdrawn", "replaced"]
    assert at.caption[0].value.endswith("counting active, withdrawn and replaced uploads")
    assert "created with a default value" not in caplog.text


def test_a_copied_link_reproduces_the_view(app):
    at = app(gov=["Kirkuk", "Ninewa"], gender="Women", uploads=["active", "withdrawn"])
    assert at.caption[0].value == (
        "Showing: Women in Kirkuk and Ninewa, counting active and withdrawn uploads"
    )
    assert metrics(at)["Participants trained"][0] == "11"


def test_the_funnel_shows_targets_where_set(app):
    at = app()
    at.switch_page(FILE["follow_up"]).run()
    alt = at.get("plotly_chart")[0].proto.alt
    assert "Trained 60 of 65 planned" in alt
    assert "Followed up 56 of 60 — 93%;" in alt  # no target set for this stage
    assert "Selected for training of trainers 12 of 60 — 20% · 12 of 12 planned" in alt


def test_a_follow_up_stage_narrows_to_the_people_who_reached_it(app):
    at = app(stage="Selected for training of trainers")
    assert at.caption[0].value == "Showing: All participants, selected for training of trainers"
    assert metrics(at)["Participants trained"][0] == "12"
    at.switch_page(FILE["participants"]).run()
    assert at.caption[1].value == "12 participants"
    assert set(at.dataframe[0].value["Furthest follow-up stage"]) <= {
        "Selected for training of trainers",
        "Completed training of trainers",
    }
    (reset,) = [b for b in at.button if b.label == "Clear filters"]
    reset.click().run()
    assert at.caption[1].value == "60 participants"


def test_courses_and_dates_filter_every_page(app):
    at = app(course=["HR-CP 2017 course B"])
    assert metrics(at)["Participants trained"][0] == "29"
    at = app(**{"from": "2017-12-11", "to": "2017-12-12"})
    assert metrics(at)["Participants trained"][0] == "31"
    assert at.caption[0].value == (
        "Showing: All participants, courses from 11 Dec 2017 to 12 Dec 2017"
    )


# The demo's targets (dashboard/demo.py): planned participants and women's
# share per governorate, three trainers to select in each.
PLANNED = {"Ninewa": (20, 0.30), "Diyala": (15, 0.30), "Salah al-Din": (15, 0.25),
           "Kirkuk": (15, 0.35)}  # fmt: skip


def test_a_filtered_view_is_compared_with_the_plan_of_that_subset(app):
    women = round(15 * 0.35) + round(20 * 0.30)  # Kirkuk and Ninewa: 5 + 6
    at = app(gov=["Kirkuk", "Ninewa"], gender="Women")
    assert metrics(at)["Participants trained"] == ("11", f"of {women} planned")
    assert metrics(at)["Women's share"][1] == "11 of 11"  # no women's share to compare
    assert "planned women" in " ".join(c.value for c in at.caption)
    at.switch_page(FILE["coverage"]).run()
    bars = at.get("plotly_chart")[1].proto.alt
    assert f"Kirkuk 6 of {round(15 * 0.35)} planned" in bars
    # men: the rest of each plan
    at = app(gov=["Kirkuk"], gender="Men")
    assert metrics(at)["Participants trained"] == ("9", f"of {round(15 * 0.65)} planned")
    # a stage: that stage's own target (three trainers in each of four governorates)
    at = app(stage="Selected for training of trainers")
    assert metrics(at)["Participants trained"] == ("12", f"of {3 * len(PLANNED)} planned")
    # courses and dates: no plan to compare with, and the page says why
    for query in ({"course": ["HR-CP 2017 course B"]}, {"from": "2017-12-11", "to": "2017-12-12"}):
        at = app(**query)
        assert not metrics(at)["Participants trained"][1], query
        assert not metrics(at)["Governorates reached"][1], query
        assert any(c.value.startswith("No target to compare with") for c in at.caption), query
        assert "planned" not in at.markdown[0].value  # nor in the sentences
        assert "no target set" not in at.markdown[0].value  # (a target is set: not for this)
        at.switch_page(FILE["coverage"]).run()
        assert "planned" not in at.get("plotly_chart")[1].proto.alt


@pytest.mark.parametrize("page", ["overview", "coverage", "gender", "follow_up", "participants"])
def test_a_selection_that_matches_nobody_says_so_and_leads_back(app, page):
    at = app(gov=["Al-Basrah"])  # IQG02: no one trained there in the demo
    at.switch_page(FILE[page]).run()
    assert not at.exception
    # (the sentence is escaped, as all text from a URL: it shows as "Al-Basrah")
    assert [w.value for w in at.warning] == [
        "No participants match: All participants in Al\\-Basrah."
    ]
    assert not any("upload a roster" in i.value.lower() for i in at.info)
    if page == "coverage":  # the map stays: all of Iraq, nobody in Al-Basrah
        assert len(at.get("plotly_chart")) == 1
    (back,) = [b for b in at.button if b.label == "Clear filters" and b.key == "reset_empty"]
    back.click().run()
    assert not at.warning
    assert at.caption[0].value == "Showing: All participants"


def test_name_search_matches_arabic_letter_variants(app, demo_store):
    # Course B's roster is written in Arabic script; أحمد and احمد are one name.
    arabic = [
        r["full_name"]
        for r in demo_store.records("participants")
        if r["full_name"].startswith("أحمد")
    ]
    assert arabic, "the demo has Arabic names beginning with أحمد"
    at = app()
    at.switch_page(FILE["participants"]).run()
    at.text_input(key="q").set_value("احمد").run()
    names = list(at.dataframe[0].value["Name"])
    assert set(arabic) <= set(names)


def test_a_messy_roster_uploaded_through_the_page_shows_up(app):
    at = app()
    at.switch_page(FILE["upload"]).run()
    at.file_uploader[0].upload("Ninewa course - roster.xlsx", messy.titled_course()).run()
    assert not at.exception
    assert "**4** rows will be loaded, **2** rejected" in at.markdown[0].value
    (commit,) = [b for b in at.button if b.label.startswith("Commit")]
    commit.click().run()
    assert not at.exception
    assert "4 rows loaded, 2 rejected" in at.success[0].value
    # Their phones are the demo's first three officers' (0750 555 0001…), but
    # the names differ: four new people, not three merged into others.
    assert at.info[-1].value == "+4 participants; Ninewa now 19, Salah Al-Din now 16"
    at.switch_page(FILE["overview"]).run()
    assert metrics(at)["Participants trained"][0] == "64"
    at.switch_page(FILE["uploads"]).run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[0]["File"] == "Ninewa course - roster.xlsx"


def test_long_tables_come_in_pages_and_export_whole(app, databases, tmp_path):
    # 1,201 made-up people in one 2017 course, none followed up: all overdue.
    header = ["Full name", "Sex", "Governorate", "Course", "Start date", "End date"]
    rows = [
        [
            f"Test Person {i:04}",
            "MF"[i % 2],
            "Erbil",
            "Course P",
            date(2017, 3, 1),
            date(2017, 3, 5),
        ]
        for i in range(1, 1202)
    ]
    store = Store(databases("big.duckdb"))
    assert ingest(store, xlsx({"Course P": (header, rows)}), "p.xlsx").n_loaded == 1201
    store.close()
    at = app("big.duckdb")
    for page, key in (("participants", "page"), ("follow_up", "overdue_page")):
        at.switch_page(FILE[page]).run()
        assert "Showing 1–500 of 1201" in [c.value for c in at.caption]
        assert len(at.dataframe[-1].value) == 500
        at.number_input(key=key).set_value(3).run()
        assert "Showing 1001–1201 of 1201" in [c.value for c in at.caption]
        table = at.dataframe[-1].value
        assert len(table) == 201
        assert table.iloc[-1]["Name"] == "Test Person 1201"
        labels = [b.label for b in at.get("download_button")]
        assert labels == ["Download Excel", "Download CSV"]


def test_the_data_quality_page_confirms_merges_and_lists_waiting_follow_ups(app, databases):
    store = Store(databases("q.duckdb"))
    header = ["Full name", "Sex", "Governorate", "Phone", "Course"]
    ingest(store, xlsx({"S": (header, [["Test Maybe", "F", "Kirkuk", "0770 1", "A"]])}), "a.xlsx")
    ingest(store, xlsx({"S": (header[:3], [["Test Maybe", "F", "Kirkuk"]])}), "b.xlsx")
    tracker = xlsx(
        {"Follow-up": (["Name", "Governorate", "Followed up"], [["Test Later", "Erbil", "yes"]])}
    )
    ingest(store, tracker, "t.xlsx")
    store.close()
    at = app("q.duckdb")
    at.switch_page(FILE["uploads"]).run()
    assert not at.exception
    assert metrics(at)["Follow-ups waiting for their roster"] == (
        "1",
        "1 possible duplicate to confirm",
    )
    labels = [e.label for e in at.expander]
    assert "1 pair who may be one person: confirm or keep apart" in labels
    assert "1 follow-up row waiting for its roster" in labels
    at.switch_page(FILE["overview"]).run()
    assert metrics(at)["Participants trained"][0] == "2"
    at.switch_page(FILE["uploads"]).run()
    next(b for b in at.button if b.label == "Same person: merge").click().run()
    assert not at.exception
    assert "1 pair who may be one person: confirm or keep apart" not in [
        e.label for e in at.expander
    ]
    at.switch_page(FILE["overview"]).run()
    assert metrics(at)["Participants trained"][0] == "1"


def test_withdraw_and_restore_say_so_and_the_picker_follows(app):
    at = app()
    at.switch_page(FILE["uploads"]).run()
    picker = at.selectbox(key="upload_chosen")
    assert picker.value == 4  # the demo's follow-up tracker, newest first
    assert "This upload is active." in [c.value for c in at.caption]
    (withdraw,) = [b for b in at.button if b.label == "Withdraw"]
    withdraw.click().run()
    assert [s.value for s in at.success] == ["Upload 4 withdrawn."]
    assert "This upload is withdrawn." in [c.value for c in at.caption]
    assert at.selectbox(key="upload_chosen").value == 4
    (restore,) = [b for b in at.button if b.label == "Restore"]
    restore.click().run()
    assert [s.value for s in at.success] == ["Upload 4 restored."]
    assert "This upload is active." in [c.value for c in at.caption]
    at.run()  # said once: the next run is quiet
    assert not at.success


@pytest.mark.parametrize(
    ("page", "first"),
    [("uploads", "Upload"), ("participants", "Name"), ("follow_up", "Name")],
)
def test_a_wide_table_keeps_its_key_column_in_view(app, page, first):
    import json

    at = app()
    at.switch_page(FILE[page]).run()
    columns = json.loads(at.dataframe[-1].proto.columns)
    assert columns[first]["pinned"] is True
    assert not any(c.get("pinned") for name, c in columns.items() if name != first)


def test_nothing_shows_as_nothing_not_as_none(app):
    at = app()
    at.switch_page(FILE["uploads"]).run()
    history = at.dataframe[-1].value
    assert history["Replaces"].tolist() == [""] * 4  # no upload replaces another in the demo
    assert "None" not in history.astype(str).to_numpy().ravel().tolist()


def test_the_programme_s_own_governorates_come_first_in_the_filter(app):
    at = app()
    options = at.multiselect(key="gov").options
    assert options[:4] == ["Diyala", "Kirkuk", "Ninewa", "Salah Al-Din"]  # the demo's four
    assert options[-1] == "Governorate not known"
    assert len(options) == 19


def test_the_way_back_is_always_there_and_greyed_while_nothing_is_chosen(app):
    at = app()
    (back,) = [b for b in at.button if b.label == "Clear filters"]
    assert back.disabled
    at.multiselect(key="gov").set_value(["IQG13"]).run()
    (back,) = [b for b in at.button if b.label == "Clear filters"]
    assert not back.disabled


def test_the_gender_page_lists_every_course_beside_a_chart_of_the_largest(app, databases):
    rows = [[f"Generated Person {c}-{i}", "F" if i % 2 else "M", "Ninewa", f"Course {c:02d}"]
            for c in range(25) for i in range(c + 1)]  # fmt: skip
    store = Store(databases("many.duckdb"))
    ingest(store, xlsx({"Roster": (["Full name", "Sex", "Governorate", "Course"], rows)}), "m.xlsx")
    store.close()
    at = app("many.duckdb")
    at.switch_page(FILE["gender"]).run()
    assert not at.exception and not at.error
    by_course = at.get("plotly_chart")[1]
    assert "Course 24 12 of 25 — 48%" in by_course.proto.alt
    assert "6 other courses" in by_course.proto.alt  # courses 0-5, under the 19 largest
    (listed,) = [e for e in at.expander if e.label == "All 25 courses, by name"]
    table = listed.dataframe[0].value
    assert len(table) == 25 and table["Course"].iloc[0] == "Course 00"
    assert table["Women"].iloc[-1] == "12 of 25 — 48%"
