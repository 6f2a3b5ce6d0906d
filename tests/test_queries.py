"""Every query in queries/ runs, returns its declared columns, and keeps its contract."""

from datetime import date

import pytest

from dashboard import access, narrative, queries, uploads
from dashboard.filters import Filters
from dashboard.ingest import ingest
from tests.conftest import xlsx

SAMPLES = {
    "varchar[]": ["IQG13", "IQG15"],
    "varchar": "female",
    "date": date(2017, 12, 1),
    "integer": 1,
    "bigint": 1,
    "double": 0.5,
    "boolean": True,
    "struct": Filters(
        governorates=("IQG13", "IQG15"), gender="female", date_from=date(2017, 12, 1)
    ).scope(),
}
FILTERS = Filters(governorates=("IQG13", "IQG15"), gender="female").params()
SINCE_16_DEC = Filters(date_from=date(2017, 12, 16)).params()


@pytest.mark.parametrize("name", queries.names())
@pytest.mark.parametrize("bound", ["all NULL", "sample values"])
def test_every_query_runs_with_its_declared_columns(demo_store, name, bound):
    q = queries.load(name)
    params = {} if bound == "all NULL" else {p: SAMPLES[t] for p, t in q.params.items()}
    table = demo_store.query(name, params)
    assert table.column_names == list(q.columns)


def test_unknown_parameter_is_refused(demo_store):
    with pytest.raises(ValueError, match="takes no parameter"):
        demo_store.query("overview_kpis", {"governorate": ["IQG13"]})


@pytest.mark.parametrize("params", [{}, FILTERS, SINCE_16_DEC])
def test_overview_counts_add_up(demo_store, params):
    (k,) = demo_store.records("overview_kpis", params)
    assert k["n_women"] + k["n_men"] + k["n_gender_unknown"] == k["n_participants"]
    rows = demo_store.records("participants_by_governorate", params)
    assert sum(r["n_participants"] for r in rows) == k["n_participants"]
    keys = [(r["governorate_pcode"], r["gender"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_overview_on_the_demo(demo_store):
    (k,) = demo_store.records("overview_kpis")
    assert (k["n_participants"], k["n_women"], k["n_governorates"], k["n_courses"]) == (
        60,
        18,
        4,
        2,
    )
    assert (k["first_course_on"], k["last_course_ended_on"]) == (
        date(2017, 12, 11),
        date(2017, 12, 20),
    )


def test_filters_narrow_the_numbers(demo_store):
    (k,) = demo_store.records("overview_kpis", FILTERS)
    assert (k["n_participants"], k["n_women"], k["n_governorates"]) == (11, 11, 2)
    (k,) = demo_store.records("overview_kpis", SINCE_16_DEC)
    assert (k["n_participants"], k["n_courses"]) == (29, 1)


def test_follow_up_pathway_on_the_demo(demo_store):
    p = narrative.pathway(demo_store.records("follow_up_by_group"))
    assert p == {
        "n_trained": 60,
        "n_followed_up": 56,
        "n_applied_learning": 45,
        "n_tot_selected": 12,
        "n_tot_completed": 11,
    }
    assert p["n_trained"] >= p["n_followed_up"] >= p["n_applied_learning"] >= p["n_tot_selected"]


def test_withdrawn_uploads_stop_counting(demo_store):
    with demo_store.write() as cur:
        cur.execute(
            "update uploads set status = 'withdrawn' where file_name like 'participants_B%'"
        )
    (k,) = demo_store.records("overview_kpis")
    assert k["n_participants"] == 31


# Under the default scope (active uploads, no programme, course or date filter)
# the queries read the stored fact tables; otherwise they compute the same rows
# from fact_enrolments (their list: SCOPED must not be empty, see below).
# Statuses ['active', 'active'] mean the same as
# ['active'] but take the computed branch, so the two must agree exactly.
SCOPED = [n for n in queries.names() if "filters" in queries.load(n).params]
NARROWINGS = [
    {},
    {"governorates": ["IQG13", "IQG15"], "gender": "female"},
    {"governorates": ["unknown"]},
    {"gender": "unknown"},
    {"stage": "applied_learning", "gender": "female"},
]


@pytest.fixture
def varied_store(demo_store):
    """The demo, plus people with no governorate or gender, a second course
    for one of its people, and a withdrawn upload that must not count."""
    header = ["Full name", "Sex", "Governorate", "Course", "Start date"]
    (again,) = demo_store.records("participants", {"page_size": 1})  # a second course
    rows = [
        [again["full_name"], "F", again["governorate_pcode"], "Course Z", date(2018, 1, 7)],
        ["Test Nowhere", "F", None, "Course Z", date(2018, 1, 7)],
        ["Test Unsure", None, "Kirkuk", "Course Z", date(2018, 1, 7)],
    ]
    ingest(demo_store, xlsx({"Course Z": (header, rows)}), "course z.xlsx")
    withdrawn = ingest(
        demo_store,
        xlsx({"Course Y": (header, [["Test Gone", "F", "Erbil", "Course Y", date(2018, 2, 1)]])}),
        "course y.xlsx",
    )
    uploads.withdraw(demo_store, withdrawn.upload_id, access.LOCAL)
    return demo_store


def test_the_scoped_queries_are_found():
    assert len(SCOPED) >= 10


@pytest.mark.parametrize("name", SCOPED)
def test_stored_kept_and_computed_scopes_agree(varied_store, name):
    """Three ways to one answer: the stored read tables (or, where a stage
    filter meets courses, the cells kept for the default scope), the scope
    the store keeps for other filters (Store.query), and the same computed
    on a bare cursor, where nothing is kept."""
    q, rows = queries.load(name), 0
    for narrowing in NARROWINGS:
        scope = Filters().scope() | narrowing  # raw, as Filters would never send "active" twice
        stored = varied_store.query(name, {"filters": scope | {"statuses": ["active"]}})
        other = {"filters": scope | {"statuses": ["active", "active"]}}
        kept = varied_store.query(name, other)
        with varied_store.cursor() as cur:
            computed = q.run(cur, other).to_arrow_table()
        assert stored.equals(computed), narrowing
        assert kept.equals(computed), narrowing
        rows += stored.num_rows
    assert rows, "comparing only empty results would prove nothing"
    assert varied_store.scalar("select count(*) from scopes.people"), "nothing was kept"
    assert varied_store.scalar("select count(*) from scopes.people_cells"), "no cells were kept"


def test_kept_scopes_follow_the_data_and_stay_bounded(varied_store, monkeypatch):
    from dashboard.store import base

    counted = Filters(statuses=("active", "replaced")).params()  # not the withdrawn
    before = varied_store.records("coverage", counted)
    kept = varied_store.scalar("select count(distinct scope) from scopes.people")
    assert kept == 1
    gone = varied_store.scalar("select upload_id from uploads where file_name = 'course z.xlsx'")
    uploads.withdraw(varied_store, gone, access.LOCAL)
    after = varied_store.records("coverage", counted)
    assert sum(r["n_participants"] or 0 for r in after) < sum(
        r["n_participants"] or 0 for r in before
    ), "a write must not leave an earlier version's scope in use"
    # The earlier version's scope is let go; one is kept for the new one.
    assert varied_store.scalar("select count(distinct scope) from scopes.people") == 1
    monkeypatch.setattr(base, "KEPT_SCOPES", 2)
    for day in (1, 2, 3, 4):
        varied_store.query("coverage", Filters(date_from=date(2017, 12, day)).params())
    assert varied_store.scalar("select count(distinct scope) from scopes.people") == 2
    assert varied_store.scalar("select count(distinct scope) from scopes.people_cells") == 2
    assert len(varied_store._scopes) == 2


def test_the_fact_tables_follow_every_write(demo_store):
    def facts() -> tuple:
        return (
            demo_store.scalar("select version from facts_version"),
            demo_store.scalar("select count(*) from fact_people"),
            demo_store.scalar("select count(*) from fact_enrolments"),
        )

    version = demo_store.data_version()
    assert facts() == (version, 60, 60)
    b = demo_store.scalar("select upload_id from uploads where file_name like 'participants_B%'")
    uploads.withdraw(demo_store, b, access.LOCAL)
    # The withdrawn rows stay in fact_enrolments (a filter can ask for them).
    assert facts() == (version + 1, 31, 60)


def test_the_sidebar_offers_every_course_with_enrolments(varied_store):
    """Of any upload (a filter can ask for a withdrawn one's), with their
    programme and dates; and the list follows every write."""
    offered = [c["course_name"] for c in varied_store.records("filter_options")]
    with_rows = varied_store.scalar("select count(distinct course_id) from enrolments")
    assert len(offered) == len(set(offered)) == with_rows
    assert {"Course Z", "Course Y"} <= set(offered)  # Course Y: a withdrawn upload's
    header = ["Full name", "Sex", "Governorate", "Course", "Start date"]
    roster = xlsx({"P": (header, [["Test Later", "M", "Erbil", "Course X", date(2018, 3, 1)]])})
    ingest(varied_store, roster, "course x.xlsx")
    after = varied_store.records("filter_options")
    assert [c["course_name"] for c in after][len(offered) :] == ["Course X"]  # the latest start
    assert after[-1]["start_date"] == date(2018, 3, 1)


def test_the_uploads_page_checks_follow_every_write(demo_store):
    # A namesake of a demo participant in another governorate, with another
    # phone: a second person (nothing proves they are one), so a possible
    # duplicate, and one participant more; withdrawn, both go again.
    name, pcode = (
        demo_store.cursor()
        .execute(
            "select full_name, governorate_pcode from participants"
            " where governorate_pcode = 'IQG13' order by participant_id limit 1"
        )
        .fetchone()
    )
    assert (demo_store.records("data_quality")[0]["n_participants"], pcode) == (60, "IQG13")
    assert name not in {d["full_name"] for d in demo_store.records("possible_duplicates")}
    roster = xlsx({"P": (["Full name", "Sex", "Governorate", "Phone", "Course"],
                         [[name, "F", "Erbil", "0770 999 0001", "Course N"]])})  # fmt: skip
    result = ingest(demo_store, roster, "namesake.xlsx")
    assert result.status == "loaded" and result.n_loaded == 1
    found = [d for d in demo_store.records("possible_duplicates") if d["full_name"] == name]
    assert [(d["pcodes"], d["n_records"]) for d in found] == [(["IQG11", "IQG13"], 2)]
    assert demo_store.records("data_quality")[0]["n_participants"] == 61
    uploads.withdraw(demo_store, result.upload_id, access.LOCAL)
    assert name not in {d["full_name"] for d in demo_store.records("possible_duplicates")}
    assert demo_store.records("data_quality")[0]["n_participants"] == 60


def test_an_unknown_governorate_has_one_name_and_a_spelling_says_what_it_is(store):
    from dashboard import charts, tables
    from dashboard.filters import Filters

    header = ["Full name", "Sex", "Governorate", "Phone", "Course"]
    rows = [["Place Test One", "F", "Kirkuk", "0770 100 0001", "Course P"],
            ["Place Test Two", "M", "Kirkouk", "0770 100 0002", "Course P"],
            ["Place Test Three", "M", None, "0770 100 0003", "Course P"]]  # fmt: skip
    ingest(store, xlsx({"P": (header, rows)}), "places.xlsx")
    shown = tables.participant_rows(store, Filters().params(), None, access.LOCAL).to_pylist()
    assert {r["Name"]: r["Governorate"] for r in shown} == {
        "Place Test One": "Kirkuk",
        "Place Test Two": "Kirkouk — not a governorate we know",
        "Place Test Three": "Governorate not known",
    }
    figure, alt = charts.participants_by_governorate(
        store.records("participants_by_governorate", Filters().params())
    )
    assert set(figure.data[0].y) | set(figure.data[-1].y) == {"Kirkuk", "Governorate not known"}
    assert "Unknown" not in alt
    # The first person's next roster spells it otherwise: the spelling is listed, though
    # they are known (by phone) under the right one.
    again = [["Place Test One", "F", "Karkuk city", "0770 100 0001", "Course Q"]]
    ingest(store, xlsx({"Q": (header, again)}), "again.xlsx")
    shown = tables.participant_rows(store, Filters().params(), None, access.LOCAL).to_pylist()
    assert {r["Name"]: r["Governorate"] for r in shown}["Place Test One"] == "Kirkuk"
    assert store.records("unresolved_governorates") == [
        {"written": "Karkuk city", "n_participants": 1},
        {"written": "Kirkouk", "n_participants": 1},
    ]
