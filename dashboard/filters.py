"""The filters every page shares, as one object.

``Filters`` holds what the sidebar chose. It turns into the bound parameters
that every query in ``queries/`` declares (``params()``), into one plain
sentence shown above every chart and table (``sentence()``), and it is what a
click on a chart narrows (``narrow`` and ``from_selection``). No Streamlit here:
the sidebar widgets live in ``dashboard/ui.py`` and bind to the URL there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from dashboard import GENDERS, STAGES, gazetteer
from dashboard.i18n import day, listed, t

STATUSES = ("active", "withdrawn", "replaced")
UNKNOWN_GOVERNORATE = "unknown"  # selects people whose governorate is not known


@dataclass(frozen=True)
class Filters:
    programmes: tuple[str, ...] = ()
    courses: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()  # P-codes, or UNKNOWN_GOVERNORATE
    gender: str | None = None  # one of GENDERS
    date_from: date | None = None  # courses starting on or after
    date_to: date | None = None  # courses starting on or before
    statuses: tuple[str, ...] = ("active",)  # uploads whose rows count
    stage: str | None = None  # people with this follow-up stage recorded (one of STAGES)

    def __post_init__(self):
        """Normalise once, so that what is counted (``params``), what is said
        (``sentence``) and what an export's About sheet says all derive from
        one value: choices without repeats, an empty choice of uploads meaning
        every status (as every other empty choice means all), statuses in
        their one order, dates the right way round."""
        if self.gender is not None and self.gender not in GENDERS:
            raise ValueError(f"unknown gender {self.gender!r}")
        if self.stage is not None and self.stage not in STAGES:
            raise ValueError(f"unknown follow-up stage {self.stage!r}")
        if unknown := set(self.statuses) - set(STATUSES):
            raise ValueError(f"unknown upload status {sorted(unknown)}")
        for name in ("programmes", "courses", "governorates"):
            object.__setattr__(self, name, tuple(dict.fromkeys(getattr(self, name))))
        statuses = tuple(s for s in STATUSES if s in self.statuses) or STATUSES
        object.__setattr__(self, "statuses", statuses)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            object.__setattr__(self, "date_from", self.date_to)
            object.__setattr__(self, "date_to", self.date_from)

    def scope(self) -> dict[str, Any]:
        """The filters as the queries' scope macros take them (one struct,
        ``queries/scope/scope.sql``); an empty choice is NULL, meaning all
        (uploads always name their statuses: see ``__post_init__``)."""
        return {
            "programmes": list(self.programmes) or None,
            "courses": list(self.courses) or None,
            "governorates": list(self.governorates) or None,
            "gender": self.gender,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "statuses": list(self.statuses),
            "stage": self.stage,
            "scope": None,  # the store's kept scope for them (Store.kept)
        }

    def chosen(self) -> dict[str, Any]:
        """What was chosen, as an audit entry records it (``scope`` without
        the store's own field)."""
        return {k: v for k, v in self.scope().items() if k != "scope"}

    def params(self) -> dict[str, Any]:
        """The bound query parameters: every scoped query takes ``$filters``."""
        return {"filters": self.scope()}

    @property
    def is_default(self) -> bool:
        return self == Filters()

    def narrow(self, **changes) -> Filters:
        return replace(self, **changes)

    def sentence(self) -> str:
        """What the numbers below are about, in plain words: "Women in Ninewa
        and Kirkuk, courses from Dec 2017"."""
        who = t(f"filters.who.{self.gender or 'all'}")
        parts = [who]
        if self.governorates:
            parts[0] = t(
                "filters.in", who=who, places=_and(map(governorate_name, self.governorates))
            )
        if self.courses:
            parts.append(t("filters.courses", names=_and(self.courses)))
        elif self.programmes:
            parts.append(t("filters.programmes", names=_and(self.programmes)))
        if self.date_from or self.date_to:
            parts.append(_dates(self.date_from, self.date_to))
        if self.stage:
            parts.append(t("filters.reached", stage=t(f"stage.{self.stage}").lower()))
        if self.statuses != ("active",):
            statuses = _and(t(f"filters.status.{s}") for s in self.statuses)
            parts.append(t("filters.uploads", statuses=statuses))
        return listed(parts)


def governorate_name(pcode: str) -> str:
    """A governorate's one name everywhere; ``UNKNOWN_GOVERNORATE`` for the
    people whose governorate is not known (not recorded, or not one we know)."""
    if pcode == UNKNOWN_GOVERNORATE:
        return t("governorate.unknown")
    return gazetteer.by_pcode(pcode).name()


def governorate_label(pcode: str | None, written: str | None) -> str:
    """One person's governorate: its name; a spelling no governorate or
    district matched, as written and said to be so ("Kirkouk — not a
    governorate we know"); else that it is not known."""
    if pcode:
        return governorate_name(pcode)
    if written:
        return t("governorate.unresolved", written=written)
    return t("governorate.unknown")


def _and(items) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return t("filters.and", first=listed(items[:-1]), last=items[-1])


def _dates(start: date | None, end: date | None) -> str:
    if start and end:
        return t("filters.dates_between", start=day(start), end=day(end))
    if start:
        return t("filters.dates_from", start=day(start))
    return t("filters.dates_to", end=day(end))


# -- clicks on charts --------------------------------------------------------

# What a point on each kind of chart stands for: the filter field its
# ``customdata`` names. Charts put the value to filter on in customdata[0]
# (a P-code, a gender, a course name) so that selections need no label parsing.
CHART_FIELDS = {
    "governorate": "governorates",
    "gender": "gender",
    "course": "courses",
    "stage": "stage",
}


def from_selection(filters: Filters, field: str | tuple[str, ...], points: list[dict]) -> Filters:
    """The filters narrowed to the points selected on a chart.

    ``field`` is what the chart's points stand for (a key of CHART_FIELDS),
    or several when each point stands for a combination (a bar segment of
    one gender in one governorate: ``("governorate", "gender")``), its
    ``customdata`` holding one value per field, in that order. ``points`` is
    Plotly's selection (``event.selection.points``), each with the values in
    ``customdata`` (or, on a map, ``location``). No points leaves the
    filters as they were.
    """
    for i, name in enumerate((field,) if isinstance(field, str) else field):
        values: list[str] = []
        for point in points:
            value = _point_value(point, i)
            if value is not None and value not in values:
                values.append(value)
        if values:
            filters = _narrowed(filters, CHART_FIELDS[name], values)
    return filters


def _narrowed(filters: Filters, target: str, values: list[str]) -> Filters:
    if target in ("gender", "stage"):
        # One value can be filtered on; several is no narrowing at all. The
        # funnel's first stage, "trained", is everyone: no narrowing either.
        if len(values) != 1 or values[0] not in (GENDERS if target == "gender" else STAGES):
            return filters
        return filters.narrow(**{target: values[0]})
    current = getattr(filters, target)
    if current:  # narrow within what is already chosen, never widen
        values = [v for v in values if v in current] or list(current)
    return filters.narrow(**{target: tuple(values)})


def _point_value(point: dict, i: int = 0) -> str | None:
    custom = point.get("customdata")
    if isinstance(custom, list | tuple):
        custom = custom[i] if len(custom) > i else None
    elif i:
        custom = None
    value = custom if custom is not None else (point.get("location") if i == 0 else None)
    return None if value is None or value == "" else str(value)
