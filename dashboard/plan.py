"""The plan a filtered view is compared with. No Streamlit here.

Targets are set per governorate for a programme: planned participants, the
planned share of women, and planned numbers for each follow-up stage. A
filtered view is a subset of the people; comparing it with the whole plan
makes every filtered view read as a miss ("11 of 35 planned" for the women of
two governorates). So each filter decides what the subset's plan is:

- governorate, programme, uploads: the targets of those governorates, of that
  programme, of the uploads that count (``coverage.sql`` selects them);
- gender: the planned women (or men), from each governorate's planned share of
  women; none where a governorate sets no share. A one-gender view has no
  women's share to compare;
- follow-up stage: that stage's own target, where one is set;
- course or dates: none. Targets are not set per course or period, so no
  ratio is shown, and the view says why.

``in_scope`` rewrites ``coverage`` rows so that every page, the narrative
sentences and the exports compare with the same plan; ``basis`` says, in
words, which plan that is.
"""

from __future__ import annotations

from dashboard import STAGES
from dashboard.filters import Filters
from dashboard.i18n import t

PLANNED = ("n_planned", "share_women_planned", *(f"n_{s}_planned" for s in STAGES))


def kind(filters: Filters) -> str:
    """Which plan the view compares with: ``whole``, ``women``, ``men``,
    ``stage``, or ``none`` (a course, a period, or two filters whose plan
    the targets do not give)."""
    if filters.courses or filters.date_from or filters.date_to:
        return "none"
    if filters.gender == "unknown" or (filters.gender and filters.stage):
        return "none"
    if filters.gender:
        return "women" if filters.gender == "female" else "men"
    return "stage" if filters.stage else "whole"


def in_scope(rows: list[dict], filters: Filters) -> list[dict]:
    """``coverage`` rows with their planned numbers replaced by the plan of
    the subset the filters select (``None`` where there is none)."""
    how = kind(filters)
    return [_row(r, how, filters.stage) for r in rows]


def _row(row: dict, how: str, stage: str | None) -> dict:
    out = dict(row)
    if how == "whole":
        return out
    for key in PLANNED:
        out[key] = None
    if how in ("women", "men"):
        planned, share = row["n_planned"], row["share_women_planned"]
        if planned is not None and share is not None:
            out["n_planned"] = round(planned * (share if how == "women" else 1 - share))
    elif how == "stage":
        out["n_planned"] = row[f"n_{stage}_planned"]
        out[f"n_{stage}_planned"] = row[f"n_{stage}_planned"]
    return out


def basis(filters: Filters) -> str:
    """The plan compared with, in one sentence, for a page's caption and an
    export's About sheet."""
    how = kind(filters)
    if how == "none":
        if filters.courses:
            return t("plan.none_course")
        return t("plan.none_period" if filters.date_from or filters.date_to else "plan.none_subset")
    if how == "stage":
        return t("plan.stage", stage=t(f"stage.{filters.stage}").lower())
    return t(f"plan.{how}")
