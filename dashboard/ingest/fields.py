"""Stage 3, fields: what each column means, and what each sheet can tell.

The unit is the field, not the sheet. Every column maps to a field (or is
reported as mapping to nothing, with the closest field as a suggestion); the
facts a sheet contributes follow from the fields it has: people and their
enrolment in a course, attendance, follow-up stages, targets. A combined
roster gives people *and* their follow-up; a tracker (names and follow-up
stages, no course or attendance) gives follow-up only and never creates
people.

Beside the columns, a sheet may say things once for every row: the
governorate in its name ("Kirkuk") or in its title block ("Governorate:
Kirkuk", "محافظة كركوك"), the course in its title, the dates in a line such
as "11–15 Dec 2017". They become the sheet's *context*, each with where it
came from, and apply where the column is missing. A KoboToolbox repeat group
joins its parent sheet through ``_parent_index`` for what only the parent
holds (course, governorate, dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from dashboard import STAGES, gazetteer
from dashboard.i18n import Message, msg
from dashboard.ingest import vocabulary
from dashboard.ingest.locate import HeaderCell, Located
from dashboard.ingest.read import Grid
from dashboard.text import clean_display, digits, fold

NAME_PARTS = ("name_first", "name_father", "name_grandfather", "name_family")
PERSON = ("gender", "governorate", "person_ref", "phone", "unit", "rank")
ATTENDANCE = ("start_date", "end_date", "days_attended", "attendance_day", "completed",
              "pre_score", "post_score")  # fmt: skip
CONTEXT_FIELDS = ("governorate", "course", "programme", "start_date", "end_date", "unit")
MULTIPLE = {*NAME_PARTS, "attendance_day"}  # fields several columns share by design
# Words that say what a sheet is, when its columns leave it open.
_TRACKER_WORDS = ("follow up", "followup", "tracker", "tracking", "monitoring", "post training",
                  "متابعة", "المتابعة", "تتبع", "بەدواداچوون")  # fmt: skip
_ROSTER_WORDS = ("roster", "participant", "attendance", "attendees", "register", "trainees",
                 "قائمة", "المشاركين", "المشاركات", "الحضور", "كشف", "المتدربين",
                 "بەشداربووان", "ئامادەبوون", "لیست")  # fmt: skip
# Sheet names that say nothing about the course they hold.
_GENERIC_SHEETS = {
    fold(w)
    for w in (
        *("sheet", "sheet1", "sheet2", "sheet3", "feuil1", "tabelle1", "data", "list", "form"),
        *("participants", "participant list", "roster", "attendance", "register", "names"),
        *("follow up", "follow-up", "tracker", "targets", "export", "report", "main"),
        *("course", "courses", "training", "trainings", "workshop", "session", "attendees"),
        *("ورقة1", "المشاركين", "البيانات", "الحضور", "بەشداربووان", "Лист1"),
    )
}
_BARE_NAMES = {vocabulary.key(w) for w in ("Name", "Names", "الاسم", "اسم", "ناو")}


@dataclass
class Column:
    index: int  # position in the grid
    header: str  # as read, unique in the sheet
    field: str | None = None  # None: maps to nothing, kept with each row
    how: str = "unknown"  # exact, group, qualifier, words, fuzzy, category, parent, user,
    # remembered, tool (a column a tool adds), unknown
    score: int = 0  # 0-100: how sure
    role: str | None = None  # female/male/total under a category header; a day; "alternate"
    suggestion: str | None = None  # for a column that maps to nothing: the closest field
    written: str = ""  # the cell in the last header row, as repeated down some sheets
    source: Message | None = None  # for a column joined from another sheet


@dataclass
class Context:
    """A value a sheet gives once for all its rows."""

    field: str
    value: str
    source: Message


@dataclass
class Mapped:
    sheet: str
    located: Located
    columns: list[Column] = field(default_factory=list)
    context: dict[str, Context] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)  # participants, enrolments, follow_up, targets
    why: Message | None = None  # why the sheet contributes what it does
    skipped: Message | None = None
    kobo: bool = False

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name and c.role != "alternate"), None)

    def all(self, name: str) -> list[Column]:
        return [c for c in self.columns if c.field == name]

    def has(self, name: str) -> bool:
        return self.column(name) is not None

    @property
    def mapping(self) -> dict[str, str | None]:
        """header -> field, every column."""
        return {c.header: c.field for c in self.columns}

    @property
    def unmapped(self) -> list[Column]:
        return [c for c in self.columns if c.field is None and c.how != "tool"]


def kind_of(facts: list[str]) -> str | None:
    """One word for what a sheet gives, as the upload record has it."""
    if "participants" in facts:
        return "participants"
    if "follow_up" in facts:
        return "follow_up"
    return "targets" if "targets" in facts else None


Overrides = dict[str, str | None]  # header -> field (None: kept as an extra column)
_KOBO_ROLES = {
    "_index": "kobo_index",
    "_parent_index": "kobo_parent_index",
    "_parent_table_name": "kobo_parent_table",
}


def map_sheet(
    grid: Grid, located: Located, chosen: Overrides | None = None, how_chosen: str = "user"
) -> Mapped:
    """The fields of a located sheet; ``chosen`` overrides some headers
    (a person's choice in the preview, or a mapping remembered for sheets
    with the same headers)."""
    mapped = Mapped(sheet=located.sheet, located=located, skipped=located.skipped)
    if located.skipped:
        return mapped
    labels = [c.label for c in located.cells]
    mapped.kobo = vocabulary.is_kobo_sheet(labels)
    for cell in located.cells:
        mapped.columns.append(_column(cell, mapped.kobo, chosen or {}, how_chosen))
    _settle(mapped)
    mapped.context = _context(grid, located, mapped)
    decide(mapped)
    return mapped


def _column(cell: HeaderCell, kobo: bool, chosen: Overrides, how_chosen: str) -> Column:
    column = Column(index=cell.index, header=cell.label, written=cell.lower)
    if cell.label in chosen:
        column.field, column.how, column.score = chosen[cell.label], how_chosen, 100
        return column
    if any(vocabulary.is_tool_column(h, kobo) for h in {cell.label, cell.lower} if h):
        column.how = "tool"
        column.role = _KOBO_ROLES.get(cell.label.strip().lower())
        return column
    found = vocabulary.match(cell.label)
    if found is None and cell.upper and cell.lower:
        found = vocabulary.match(cell.lower)
        category = vocabulary.category(cell.upper, cell.lower)
        if category:
            column.field, column.role = category
            column.how, column.score = "category", 100
            return column
    if found is None and _is_day(cell.label):
        # A date as a header is a day of the course, one mark per person
        # under it: a register kept by hand (not read when locating the
        # header, where a row of dates could be a row of data).
        column.field, column.how, column.score = "attendance_day", "day", 90
        column.role = cell.label
        return column
    if found:
        column.field, column.how, column.score = found.field, found.how, found.score
    else:
        column.suggestion = vocabulary.suggest(cell.label)
    return column


def _is_day(label: str) -> bool:
    """A header that reads as a date, as any date cell reads ("11/12/2017",
    "11 Dec 2017", a real date cell); a bare number (an Excel day number, a
    year, a count) heads no day."""
    return _as_date(label) is not None and not _NUMBER.fullmatch(digits(label))


_NUMBER = re.compile(r"\s*[0-9]+(\.[0-9]*)?\s*")


def _as_date(text: str) -> date | None:
    from dashboard.ingest.normalise import date_value  # the one date parser

    value, why = date_value(text, "") if text else (None, "")
    return value if not why else None


def _settle(mapped: Mapped) -> None:
    """Resolve columns that claim the same field, and names in parts."""
    parts = [c for c in mapped.columns if c.field in NAME_PARTS[1:]]
    if parts:  # "الاسم" beside "اسم الأب" is the first name, not the whole one
        for c in mapped.columns:
            if c.field == "full_name" and vocabulary.key(c.header) in _BARE_NAMES:
                c.field, c.how = "name_first", "words"
        if mapped.has("full_name"):
            for c in mapped.columns:
                if c.field in NAME_PARTS:
                    c.role = "alternate"
    seen: set[str] = set()
    for c in mapped.columns:
        if not c.field or c.field in MULTIPLE or c.how == "category" or c.role:
            continue
        if c.field in seen:
            c.role = "alternate"  # fills the first column's blanks, said in the preview
        seen.add(c.field)


# -- context -----------------------------------------------------------------

_LABELLED = re.compile(r"^\s*([^:：]{2,40}?)\s*[:：]\s*(.+?)\s*$")
_RANGE = re.compile(
    r"(\d{1,2})\s*[-–—]\s*(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})"  # 11–15 Dec 2017
    r"|(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\s*(?:[-–—]|to|till|until|الى|إلى|حتى|بۆ|تا)\s*"
    r"(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})"  # 11/12/2017 - 15/12/2017
)


def _context(grid: Grid, located: Located, mapped: Mapped) -> dict[str, Context]:
    found: dict[str, Context] = {}

    def offer(name: str, value: str, source: Message) -> None:
        if name in CONTEXT_FIELDS and name not in found and _fits(name, value):
            found[name] = Context(name, value, source)

    for row, texts in located.above:
        where = msg("ingest.source.title", row=row)
        for i, text in enumerate(texts):
            labelled = _LABELLED.match(text)
            if labelled and (name := _label_field(labelled[1])):
                _offer_value(offer, name, labelled[2], where)
            elif (name := _label_field(text)) and i + 1 < len(texts):
                _offer_value(offer, name, texts[i + 1], where)
            elif len(text.split()) <= 4 and gazetteer.resolve(text):
                offer("governorate", text, where)
            for start, end in _ranges(text):
                offer("start_date", start, where)
                offer("end_date", end, where)
    days = sorted(
        (d, c.header) for c in mapped.columns if c.how == "day" and (d := _as_date(c.header))
    )
    if days:  # a register's first and last day are the course's, unless said above
        where = msg("ingest.source.days")
        offer("start_date", days[0][1], where)
        offer("end_date", days[-1][1], where)
    title = _course_title(located)
    if title:
        offer("course", title[1], msg("ingest.source.title", row=title[0]))
    name = clean_display(grid.name)
    named = msg("ingest.source.file_name" if grid.note else "ingest.source.sheet_name")
    if gazetteer.resolve(name):
        offer("governorate", name, named)
    elif fold(name).replace(" ", "") not in {g.replace(" ", "") for g in _GENERIC_SHEETS} and (
        not any(w in fold(name) for w in _TRACKER_WORDS)
    ):
        offer("course", name, named)
    return {k: v for k, v in found.items() if not mapped.has(k) or k == "governorate"}


def _fits(name: str, value: str) -> bool:
    """Whether a value given once can stand for the field: a governorate
    that resolves, a date that reads, a name that is not another label."""
    value = clean_display(value)
    if not value:
        return False
    if name == "governorate":
        return gazetteer.resolve(value) is not None
    if name in ("start_date", "end_date"):
        return _as_date(value) is not None
    return len(value) >= 2 and vocabulary.field_for(value) is None


def _offer_value(offer, name: str, value: str, where: Message) -> None:
    if name in ("start_date", "end_date") and (ranges := _ranges(value)):
        offer("start_date", ranges[0][0], where)
        offer("end_date", ranges[0][1], where)
    else:
        offer(name, value, where)


def _label_field(text: str) -> str | None:
    found = vocabulary.match(text.rstrip(":： "))
    return found.field if found and found.how != "fuzzy" else None


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _ranges(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _RANGE.finditer(digits(text)):
        if m[1]:
            month = _MONTHS.get(m[3][:3].lower())
            if month:
                out.append(
                    (f"{int(m[1]):02d}/{month:02d}/{m[4]}", f"{int(m[2]):02d}/{month:02d}/{m[4]}")
                )
        else:
            out.append((m[5], m[6]))
    return out


def _course_title(located: Located) -> tuple[int, str] | None:
    """The first line above the header that is not a labelled value, a
    governorate or a date: the course, in most rosters."""
    for row, texts in located.above:
        text = texts[0]
        if (
            _LABELLED.match(text)
            or _label_field(text)
            or len(_RANGE.sub("", digits(text)).strip()) < 3
        ):
            continue
        if len(text.split()) <= 4 and gazetteer.resolve(text):
            continue
        return row, text
    return None


# -- what a sheet contributes -----------------------------------------------------


def decide(mapped: Mapped) -> None:
    """The facts a sheet's fields support, and why."""
    if mapped.skipped:
        return
    names = mapped.has("full_name") or any(mapped.has(p) for p in NAME_PARTS)
    stages = any(mapped.has(s) for s in STAGES)
    person = any(mapped.has(f) or f in mapped.context for f in PERSON)
    attendance = any(mapped.has(f) for f in ATTENDANCE)
    course = mapped.has("course") or "course" in mapped.context
    words = " ".join(
        [fold(mapped.sheet), *(fold(t) for _, ts in mapped.located.above[:3] for t in ts)]
    )
    tracker_words = any(w in words for w in _TRACKER_WORDS)
    roster_words = any(w in words for w in _ROSTER_WORDS)
    mapped.facts, mapped.why = [], None
    if names and stages and not attendance:
        if tracker_words and not roster_words:
            mapped.facts, mapped.why = ["follow_up"], msg("ingest.why.tracker_named")
        elif not course and not roster_words:
            mapped.facts, mapped.why = ["follow_up"], msg("ingest.why.tracker")
    # Dates alone say nothing about people (a list of places and dates is not a roster).
    marks = any(mapped.has(f) for f in ATTENDANCE if f not in ("start_date", "end_date"))
    if names and not mapped.facts and (person or marks or course or stages):
        mapped.facts = ["participants", "enrolments"] + (["follow_up"] if stages else [])
        mapped.why = msg("ingest.why.roster_with_follow_up" if stages else "ingest.why.roster")
    place = mapped.has("governorate") or "governorate" in mapped.context
    planned = any(vocabulary.fields()[c.field].fact == "target" for c in mapped.columns if c.field)
    if not mapped.facts and place and planned:
        mapped.facts, mapped.why = ["targets"], msg("ingest.why.targets")
    if not mapped.facts:
        mapped.skipped = msg("ingest.skip.no_roster")


def join_parents(grids: dict[str, Grid], sheets: list[Mapped]) -> None:
    """A KoboToolbox repeat group's sheet gets, through ``_parent_index``,
    the fields only its parent sheet holds (course, governorate, dates)."""
    by_name = {m.sheet: m for m in sheets}
    for child in sheets:
        link = next((c for c in child.columns if c.role == "kobo_parent_index"), None)
        if link is None:
            continue
        parent = _parent_of(child, grids, by_name)
        key = parent and next((c for c in parent.columns if c.role == "kobo_index"), None)
        if not parent or not key or parent is child:
            continue
        grid, pgrid = grids[child.sheet], grids[parent.sheet]
        start, pstart = child.located.first_data_row, parent.located.first_data_row
        index = {
            v.strip(): i
            for i, v in enumerate(pgrid.table.column(key.index).slice(pstart).to_pylist())
            if v
        }
        links = grid.table.column(link.index).to_pylist()
        rows = [index.get((v or "").strip()) if i >= start else None for i, v in enumerate(links)]
        taken = pa.array([None if r is None else r + pstart for r in rows], pa.int64())
        for pc in parent.columns:
            if not pc.field or pc.role or child.has(pc.field) or pc.field in MULTIPLE:
                continue
            if vocabulary.fields()[pc.field].fact not in ("enrolment", "person"):
                continue
            values = pgrid.table.column(pc.index).take(taken)
            grid.table = grid.table.append_column(f"parent_{pc.index}", values)
            child.columns.append(
                Column(
                    index=grid.table.num_columns - 1,
                    header=f"{parent.sheet} › {pc.header}",
                    field=pc.field,
                    how="parent",
                    score=pc.score,
                    source=msg("ingest.source.parent", sheet=parent.sheet),
                )
            )
        for name, context in parent.context.items():
            if not child.has(name):
                source = msg("ingest.source.parent", sheet=parent.sheet)
                child.context.setdefault(name, Context(name, context.value, source))
        parent.facts = [f for f in parent.facts if f not in ("participants", "enrolments")]
        parent.why = msg("ingest.why.parent", sheet=child.sheet)
        parent.facts, parent.skipped = parent.facts or ["context"], None
        child.skipped = None
        decide(child)


def _parent_of(child: Mapped, grids: dict[str, Grid], by_name: dict[str, Mapped]) -> Mapped | None:
    table = next((c for c in child.columns if c.role == "kobo_parent_table"), None)
    if table is not None:
        names = grids[child.sheet].table.column(table.index).drop_null().unique().to_pylist()
        for name in names:
            # Kobo names the parent by its form or group name; a sheet name is cut at 31.
            for sheet, m in by_name.items():
                if sheet != child.sheet and (sheet == name or name.startswith(sheet)):
                    return m
    return next(
        (m for m in by_name.values() if any(c.role == "kobo_index" for c in m.columns)
         and not any(c.role == "kobo_parent_index" for c in m.columns)),
        None,
    )  # fmt: skip
