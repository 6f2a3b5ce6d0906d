"""The plan a filtered view is compared with (dashboard/plan.py)."""

from datetime import date

import pytest

from dashboard import plan
from dashboard.filters import Filters

ROW = {  # one governorate's coverage row: 20 planned, 30% women, 3 trainers to select
    "governorate_pcode": "IQG15", "n_participants": 16, "n_women": 5, "n_men": 11,
    "n_gender_unknown": 0, "n_planned": 20, "share_women_planned": 0.30,
    "n_followed_up_planned": None, "n_applied_learning_planned": None,
    "n_tot_selected_planned": 3, "n_tot_completed_planned": None,
}  # fmt: skip


@pytest.mark.parametrize(
    ("filters", "planned", "share", "tot"),
    [
        (Filters(), 20, 0.30, 3),
        (Filters(governorates=("IQG15",), programmes=("HR",)), 20, 0.30, 3),
        (Filters(gender="female"), 6, None, None),
        (Filters(gender="male"), 14, None, None),
        (Filters(gender="unknown"), None, None, None),
        (Filters(stage="tot_selected"), 3, None, 3),
        (Filters(stage="followed_up"), None, None, None),  # no target for that stage
        (Filters(gender="female", stage="tot_selected"), None, None, None),
        (Filters(courses=("Course A",)), None, None, None),
        (Filters(date_from=date(2017, 12, 1)), None, None, None),
    ],
)
def test_each_filter_compares_with_the_plan_of_its_subset(filters, planned, share, tot):
    (row,) = plan.in_scope([ROW], filters)
    assert (row["n_planned"], row["share_women_planned"], row["n_tot_selected_planned"]) == (
        planned, share, tot,
    )  # fmt: skip
    assert row["n_participants"] == 16  # the people are the query's, untouched
    assert ROW["n_planned"] == 20  # and the query's rows are left as they were


def test_a_share_not_set_gives_no_plan_for_one_gender():
    (row,) = plan.in_scope([ROW | {"share_women_planned": None}], Filters(gender="female"))
    assert row["n_planned"] is None


def test_the_basis_says_which_plan_in_words():
    assert plan.basis(Filters(gender="female")).startswith("Compared with the planned women")
    assert "not per course" in plan.basis(Filters(courses=("A",), gender="male"))
    assert "not per period" in plan.basis(Filters(date_to=date(2018, 1, 1)))
    assert "selected for training of trainers" in plan.basis(Filters(stage="tot_selected"))
