from datetime import date

import pytest

from dashboard.filters import Filters, from_selection

NINEWA, KIRKUK, ERBIL = "IQG15", "IQG13", "IQG11"


def test_default_filters_bind_nulls_and_count_active_uploads():
    assert Filters().params() == {
        "programmes": None,
        "courses": None,
        "governorates": None,
        "gender": None,
        "date_from": None,
        "date_to": None,
        "statuses": ["active"],
        "stage": None,
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
        "All participants in governorate not recorded"
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
