"""Every query in queries/ runs, returns its declared columns, and keeps its contract."""

from datetime import date

import pytest

from dashboard import queries

SAMPLES = {
    "varchar[]": ["IQG13", "IQG15"],
    "varchar": "female",
    "date": date(2017, 12, 1),
    "integer": 1,
    "bigint": 1,
    "double": 0.5,
    "boolean": True,
}
FILTERS = {"governorates": ["IQG13", "IQG15"], "gender": "female"}


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


@pytest.mark.parametrize("params", [{}, FILTERS, {"date_from": date(2017, 12, 16)}])
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
    (k,) = demo_store.records("overview_kpis", {"date_from": date(2017, 12, 16)})
    assert (k["n_participants"], k["n_courses"]) == (29, 1)


def test_follow_up_pathway_on_the_demo(demo_store):
    (p,) = demo_store.records("follow_up_progress")
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
