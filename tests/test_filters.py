from datetime import date

import pytest

from dashboard import access, gazetteer
from dashboard.filters import Filters, from_selection

NINEWA, KIRKUK, ERBIL = "IQG15", "IQG13", "IQG11"


def test_default_filters_bind_nulls_and_count_active_uploads():
    assert Filters().params() == {"filters": Filters().scope()}  # one value, the scope macros'
    assert Filters().scope() == {
        "programmes": None,
        "courses": None,
        "governorates": None,
        "gender": None,
        "date_from": None,
        "date_to": None,
        "statuses": ["active"],
        "stage": None,
        "scope": None,
    }
    assert Filters().sentence() == "All participants"
    assert Filters().is_default


def test_the_sentence_says_what_the_numbers_are_about():
    f = Filters(governorates=(NINEWA, KIRKUK), gender="female", date_from=date(2017, 12, 1))
    assert f.sentence() == "Women in Ninewa and Kirkuk, courses from 1 Dec 2017"
    f = Filters(
        courses=("ToT 2018",), gender="male", date_from=date(2017, 1, 1), date_to=date(2018, 6, 30)
    )
    assert f.sentence() == "Men, ToT 2018, courses from 1 Jan 2017 to 30 Jun 2018"
    f = Filters(governorates=(NINEWA, KIRKUK, ERBIL), statuses=("active", "withdrawn"))
    assert (
        f.sentence()
        == "All participants in Ninewa, Kirkuk and Erbil, counting active and withdrawn uploads"
    )
    assert Filters(governorates=("unknown",)).sentence() == (
        "All participants in Governorate not known"
    )
    assert Filters(gender="female", stage="tot_selected").sentence() == (
        "Women, selected for training of trainers"
    )


def test_bad_values_are_refused():
    with pytest.raises(ValueError):
        Filters(gender="woman")
    with pytest.raises(ValueError):
        Filters(statuses=("deleted",))


def test_a_clicked_bar_narrows_to_its_governorate():
    points = [{"customdata": [KIRKUK, "female"], "y": "Kirkuk", "x": 9}]
    assert from_selection(Filters(), "governorate", points).governorates == (KIRKUK,)


def test_a_map_region_is_a_location():
    points = [{"location": NINEWA, "z": 32}, {"location": KIRKUK, "z": 9}]
    assert from_selection(Filters(), "governorate", points).governorates == (NINEWA, KIRKUK)


def test_a_selection_narrows_within_the_current_filters_never_widens():
    f = Filters(governorates=(NINEWA, KIRKUK))
    assert from_selection(f, "governorate", [{"location": KIRKUK}]).governorates == (KIRKUK,)
    # Selecting outside the current choice keeps the choice.
    assert from_selection(f, "governorate", [{"location": ERBIL}]).governorates == (NINEWA, KIRKUK)


def test_gender_selection_sets_one_gender_only():
    f = Filters(governorates=(NINEWA,))
    one = from_selection(f, "gender", [{"customdata": "female"}, {"customdata": ["female"]}])
    assert one == Filters(governorates=(NINEWA,), gender="female")
    assert from_selection(f, "gender", [{"customdata": "female"}, {"customdata": "male"}]) == f


def test_empty_selection_and_points_without_values_change_nothing():
    f = Filters(gender="male")
    assert from_selection(f, "course", []) is f
    assert from_selection(f, "course", [{"x": 3, "customdata": None}, {"location": ""}]) is f
    assert from_selection(f, "course", [{"customdata": ["Course A", 4]}]).courses == ("Course A",)


def test_a_clicked_funnel_stage_narrows_to_the_people_who_reached_it():
    f = Filters(governorates=(KIRKUK,))
    assert from_selection(f, "stage", [{"customdata": ["tot_selected"]}]) == Filters(
        governorates=(KIRKUK,), stage="tot_selected"
    )
    # "Trained" is everyone in scope: nothing to narrow to.
    assert from_selection(f, "stage", [{"customdata": ["trained"]}]) == f
    two = [{"customdata": ["followed_up"]}, {"customdata": ["tot_completed"]}]
    assert from_selection(f, "stage", two) == f
    with pytest.raises(ValueError, match="stage"):
        Filters(stage="graduated")


HEADER = ["Full name", "Sex", "Governorate", "Course"]
# Who each status holds: a roster of one active person, a withdrawn one of
# two, and one of four replaced by a correction naming the four and a fifth.
BY_STATUS = {
    "active": {"a0", "r0", "r1", "r2", "r3", "r4"},
    "withdrawn": {"w0", "w1"},
    "replaced": {"r0", "r1", "r2", "r3"},
}


def _uploads_of_every_status(store) -> None:
    from dashboard import uploads
    from dashboard.ingest import ingest
    from tests.conftest import xlsx

    def roster(people: list[str]) -> bytes:
        rows = [[f"Status Test {p}", "F", "Erbil", f"Course {p[0]}"] for p in people]
        return xlsx({"Roster": (HEADER, rows)})

    ingest(store, roster(["a0"]), "active.xlsx")
    withdrawn = ingest(store, roster(["w0", "w1"]), "withdrawn.xlsx").upload_id
    uploads.withdraw(store, withdrawn, access.LOCAL)
    old = ingest(store, roster(["r0", "r1", "r2", "r3"]), "r.xlsx").upload_id
    ingest(store, roster(["r0", "r1", "r2", "r3", "r4"]), "r (2).xlsx", replaces=old)
    statuses = [s for (s,) in store.cursor().execute("select status from uploads order by 1")
                .fetchall()]  # fmt: skip
    assert statuses == ["active", "active", "replaced", "withdrawn"]


@pytest.mark.parametrize(
    "chosen",
    [(), ("active",), ("withdrawn",), ("replaced",), ("active", "withdrawn"),
     ("withdrawn", "active"), ("active", "replaced"), ("withdrawn", "replaced"),
     ("replaced", "active", "withdrawn"), ("active", "active")],
)  # fmt: skip
def test_what_is_counted_and_what_is_said_agree_for_every_choice_of_uploads(store, chosen):
    from dashboard.i18n import t

    _uploads_of_every_status(store)
    f = Filters(statuses=chosen)
    said = [s for s in BY_STATUS if t(f"filters.status.{s}") in f.sentence()] or ["active"]
    assert f.scope()["statuses"] == said  # one normalised value behind both
    counted = store.records("overview_kpis", f.params())[0]["n_participants"]
    assert counted == len(set().union(*(BY_STATUS[s] for s in said))), (chosen, f.sentence())
    if not chosen:  # cleared: every upload counts, and the sentence says so
        assert f.sentence().endswith("counting active, withdrawn and replaced uploads")


# -- a click on each chart, in the shape the browser sends it (tests/events.py) ------------


def test_a_click_on_a_gender_s_segment_of_an_overview_bar_narrows_to_both(demo_store):
    from dashboard import charts
    from tests import events

    rows = demo_store.records("participants_by_governorate", Filters().params())
    figure, _ = charts.participants_by_governorate(rows)
    women = next(i for i, t in enumerate(figure.data) if t.name == "Women")
    curve, index = women, list(figure.data[women].y).index("Kirkuk")
    event = events.click(figure, curve, index)
    chosen = from_selection(Filters(), ("governorate", "gender"), event["selection"]["points"])
    assert chosen == Filters(governorates=(KIRKUK,), gender="female")
    assert demo_store.records("overview_kpis", chosen.params())[0]["n_participants"] == 6


def test_a_click_on_coverage_or_the_funnel_narrows_to_what_was_clicked(demo_store):
    from dashboard import charts, narrative
    from tests import events

    rows = demo_store.records("coverage", Filters().params())
    for figure in (charts.coverage_bars(rows)[0], charts.coverage_map(rows, "participants")[0]):
        held = [[c[0] for c in t.customdata or ()] for t in figure.data]
        curve = next(i for i, pcodes in enumerate(held) if NINEWA in pcodes)
        pcodes = held[curve]
        event = events.click(figure, curve, pcodes.index(NINEWA))
        chosen = from_selection(Filters(), "governorate", event["selection"]["points"])
        assert chosen == Filters(governorates=(NINEWA,))
    progress = narrative.pathway(demo_store.records("follow_up_by_group", Filters().params()))
    figure, _ = charts.pathway_funnel(progress, {})
    stages = [c[0] for c in figure.data[0].customdata]
    event = events.click(figure, 0, stages.index("tot_selected"))
    assert from_selection(Filters(), "stage", event["selection"]["points"]).stage == "tot_selected"


def test_the_timeline_names_its_days_as_every_date_is_named(demo_store):
    from dashboard import charts

    rows = demo_store.records("participants_over_time", Filters().params())
    figure, _ = charts.participants_over_time(rows)
    assert list(figure.data[0].x) == ["11 Dec 2017", "16 Dec 2017"]  # day first, never ISO
    assert "2017-12" not in str(figure.to_dict())


def test_the_map_draws_every_governorate_once_filtered_or_not(demo_store):
    """All 18 shapes, each in the trace that colours it and in no other: a
    filtered map keeps all of Iraq, and the figure carries the boundaries once."""
    from dashboard import charts

    for chosen in (Filters(), Filters(governorates=(NINEWA,)), Filters(gender="female")):
        rows = demo_store.records("coverage", chosen.params())
        figure, _ = charts.coverage_map(rows, "participants")
        maps = [t for t in figure.data if t.type == "choropleth"]
        drawn = [f["properties"]["ADM1_PCODE"] for t in maps for f in t.geojson["features"]]
        assert sorted(drawn) == sorted(g.pcode for g in gazetteer.governorates())
        for trace in maps:
            assert {f["properties"]["ADM1_PCODE"] for f in trace.geojson["features"]} == set(
                trace.locations
            )


def test_a_chart_of_many_courses_shows_the_largest_and_sums_the_rest(store):
    """30 courses: the 19 largest and one bar for the other 11, with their
    people summed; a click on that bar narrows nothing; the Gender page lists
    every course in a table beside it."""
    from dashboard import charts
    from dashboard.ingest import ingest
    from tests import events
    from tests.conftest import xlsx

    rows = []
    for c in range(30):  # course c has c + 1 people, c // 3 of them women
        rows += [[f"Generated Person {c}-{i}", "F" if i < c // 3 else "M", "Kirkuk",
                  f"Course {c:02d}"] for i in range(c + 1)]  # fmt: skip
    roster = xlsx({"Roster": (["Full name", "Sex", "Governorate", "Course"], rows)})
    assert ingest(store, roster, "many.xlsx").status == "loaded"
    courses = store.records("gender_by_course", Filters().params())
    assert len(courses) == 30
    groups = [{"key": r["course_name"], "label": r["course_name"], "n": r["n_participants"],
               "n_women": r["n_women"]} for r in courses]  # fmt: skip
    figure, alt = charts.women_share_bars(groups, "filters.course")
    bars = figure.data[0]
    assert len(bars.y) == charts.MAX_BARS
    top, bottom = bars.customdata[-1], bars.customdata[0]  # plotly draws bottom-up
    assert top[0] == "Course 29" and bottom[1] == "11 other courses"
    rest = range(11)  # courses 0-10: 1 to 11 people
    n, women = sum(c + 1 for c in rest), sum(c // 3 for c in rest)
    assert f"11 other courses {women} of {n} — {women / n:.0%}" in alt
    event = events.click(figure, 0, 0)  # the others' bar
    assert from_selection(Filters(), "course", event["selection"]["points"]) == Filters()
    event = events.click(figure, 0, len(bars.y) - 1)
    assert from_selection(Filters(), "course", event["selection"]["points"]) == Filters(
        courses=("Course 29",)
    )
