"""What roster headers and coded cells mean, from ``data/vocabulary/``.

``fields.csv`` maps header synonyms in English, Arabic and Kurdish to the
fields Oversight knows, each with the fact it belongs to (a person, a part of
a name, an enrolment, a follow-up stage, a target; ``kept`` for columns kept
with the row, ``ignore`` for row counters and signatures); ``values.csv`` maps
coded cells (gender, yes/no, follow-up status words).

``match`` reads a header the way tools and people write it, and says how
sure it is: the header as a known synonym (``exact``); its last part when it
is a KoboToolbox group path (``group/participant_name``,
``Participant information/Full name``); without a qualifier in brackets or
after a dash (``Applied learning (Y/N)``, ``Sex - M/F``); the same words in
any order; and last a fuzzy match (rapidfuzz) above a threshold. A header it
cannot place gets the closest field as a suggestion, never silently.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from dashboard import DATA
from dashboard.text import fold

VOCABULARY = DATA / "vocabulary"
FUZZY_MAP = 92  # at or above: mapped, reported as a fuzzy match
FUZZY_SUGGEST = 72  # at or above: suggested only

# Columns KoboToolbox adds to every export: about the submission, not the person.
KOBO_COLUMNS = frozenset(
    {
        *("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"),
        *("_submitted_by", "__version__", "_tags", "_index", "_parent_index"),
        *("_parent_table_name", "_xform_id_string", "_attachments", "_geolocation"),
        *("_duration", "meta/instanceid", "meta/deprecatedid", "meta/rootuuid"),
        *("meta/instancename", "formhub/uuid", "_version_", "__version"),
    }
)
# Device metadata a Kobo form may collect; only in a sheet KoboToolbox wrote.
KOBO_DEVICE = frozenset(
    {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
     "phonenumber", "audit", "email"}
)  # fmt: skip
KOBO_MARKERS = frozenset({"_uuid", "_index", "_submission__uuid", "_submission_time"})


@dataclass(frozen=True)
class Field:
    name: str
    fact: str  # person, name_part, enrolment, follow_up, target, kept, ignore
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    field: str
    how: str  # exact, group, qualifier, words, contains, fuzzy
    score: int  # 0-100: how sure


def _read(name: str) -> list[dict]:
    with open(VOCABULARY / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def fields() -> dict[str, Field]:
    return {
        row["field"]: Field(row["field"], row["fact"], tuple(row["synonyms"].split("|")))
        for row in _read("fields.csv")
    }


def key(header: object) -> str:
    """Headers fold like names, but "%" and "#" are words ("Women %" is not
    "Women"), and words run together in code are split (``fullName``)."""
    if header is None:
        return ""
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", str(header))  # fullName, not ToT
    return fold(text.replace("%", " percent ").replace("#", " number "))


_STOP = frozenset({"of", "the", "a", "an", "in", "for", "and", "s", "participant", "participants"})


def _words(k: str) -> frozenset[str]:
    return frozenset(w for w in k.split() if w not in _STOP) or frozenset(k.split())


@cache
def _headers() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in fields().values():
        for synonym in (f.name, *f.synonyms):
            other = index.setdefault(key(synonym), f.name)
            if other != f.name:
                raise ValueError(f"vocabulary: header {synonym!r} means {other} and {f.name}")
    return index


@cache
def _by_words() -> dict[frozenset[str], str]:
    index: dict[frozenset[str], str] = {}
    for k, name in _headers().items():
        index.setdefault(_words(k), name)
    return index


_QUALIFIER = re.compile(r"\s*(\([^)]*\)|\[[^\]]*\]|\{[^}]*\})\s*|\s+[-–—:]\s+.*$")
_NUMBERED = re.compile(r"\s*(?:no\.?|#)?\s*\d{1,2}\s*$", re.IGNORECASE)


def _candidates(header: str) -> list[tuple[str, str]]:
    """(how, text) readings of a header, most literal first: as written; its
    last part when it is a form's group path; without a qualifier in
    brackets or after a dash; without the number of a repeated column
    ("Follow-up 2", "Phone 2")."""
    out = [("exact", header)]
    bare = _QUALIFIER.sub(" ", header).strip()
    if "/" in bare.strip("/") and not re.fullmatch(r"\s*[A-Za-z]\s*/\s*[A-Za-z]\s*", bare):
        out.append(("group", bare.rstrip("/").rsplit("/", 1)[-1]))
    elif bare and bare != header.strip():
        out.append(("qualifier", bare))
    for how, text in list(out):
        plain = _NUMBERED.sub("", text).strip()
        if plain and plain != text.strip() and not plain.isdigit():
            out.append(("qualifier" if how == "exact" else how, plain))
    return out


_SCORES = {"exact": 100, "group": 97, "qualifier": 95}


@cache
def match(header: str | None) -> Match | None:
    """The field a header names, and how sure the reading is; ``None``
    when it names none well enough (``suggest`` then offers the closest)."""
    if not header or not header.strip():
        return None
    for how, text in _candidates(header):
        k = key(text)
        if k and k in _headers():
            return Match(_headers()[k], how, _SCORES[how])
    for _, text in _candidates(header):
        k = key(text)
        if k and _words(k) in _by_words():
            return Match(_by_words()[_words(k)], "words", 92)
    for _, text in _candidates(header):
        found = _contained(key(text))
        if found:
            return Match(found, "contains", 90)
    best = _fuzzy(header)
    if best and best[1] >= FUZZY_MAP:
        return Match(best[0], "fuzzy", best[1])
    return None


_ENDINGS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _stem(word: str) -> str:
    """An English word without its ending ("applied", "apply" → "apply";
    "completed", "complete" → "complet"); an Arabic word without its
    article ("المتابعة" → "متابعة"). Words of other scripts stay whole."""
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    if not word.isascii():
        return word
    for ending, instead in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            word = word[: -len(ending)] + instead
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _stems(k: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _words(k))


# A form's question around a field's name: "Was the participant followed
# up?", "هل تمت متابعة المشارك؟", "ئایا بەدواداچوون کرا؟". A question is
# answered yes, no or a date, so it is read only as a field so answered (a
# follow-up stage, completion): "Is the participant a trainer?" is not the
# course's trainer. Besides the question's own words, a header may hold only
# words that say a thing was done or given ("Certificate received (Y/N)");
# any other word makes it about something else ("Reason not followed up",
# "Follow-up comments", "Number of follow-up visits", a place list's
# "Arabic name"), and it is reported, not read.
_QUESTION = frozenset(
    _stem(w) for w in key("was were is are did does do has have had هل ئایا").split()
)
_DONE = frozenset(
    _stem(w)
    for w in key(
        "been be received given done status تم تمت المشارك المشاركة کرا کراوە بەشداربوو"
    ).split()
)


@cache
def _by_stems() -> tuple[tuple[frozenset[str], str], ...]:
    return tuple((_stems(k), name) for k, name in _headers().items())


@cache
def _answered() -> frozenset[str]:
    """The fields a yes/no question can stand for."""
    return frozenset(
        name for name, f in fields().items() if f.fact == "follow_up" or name == "completed"
    )


@cache
def _contained(k: str) -> str | None:
    """The one field whose names, together, stand in a longer header among
    the words above only ("Mobile phone number": "Mobile" and "Phone
    number"); ``None`` when none does or two fields do (the header is then
    reported as not recognised, with its closest field)."""
    spelt = re.sub(r"\bno (?=of\b)", "number ", k)  # "No. of days attended"
    words = _stems(spelt)
    question = bool(words & _QUESTION)
    covered: dict[str, frozenset[str]] = {}
    for synonym, name in _by_stems():
        # A synonym within the header; the whole header only when "No." was
        # spelt out (else a misspelling that stems alike would pass unscored).
        within = synonym < words or (synonym == words and spelt != k)
        if within and (not question or name in _answered()):
            covered[name] = covered.get(name, frozenset()) | synonym
    names = [name for name, cover in covered.items() if words - cover <= _QUESTION | _DONE]
    return names[0] if len(names) == 1 else None


def _fuzzy(header: str) -> tuple[str, int] | None:
    k = key(_candidates(header)[-1][1])
    if len(k) < 4:
        return None
    found = process.extractOne(k, list(_headers()), scorer=fuzz.ratio)
    if found is None:
        return None
    return _headers()[found[0]], int(found[1])


# A day of a course as a column header: a date as a reader writes it, or 1-31.
_DAY = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2}( 00:00:00)?|\d{1,2}[./-]\d{1,2}([./-]\d{2,4})?|\d{1,2})\s*$"
)
_TOTAL_WORDS = ("Total", "All", "المجموع", "مجموع", "الكل", "کۆ", "کۆی گشتی")


def category(upper: str, lower: str) -> tuple[str, str] | None:
    """(field, role) of a column whose lower header cell is a value of the
    upper one's field: "M" under "Sex" is gender for men; "Women" or "Total"
    under "Planned participants" is a planned count of women, or in all."""
    over = field_for(upper) if upper else None
    gender = value("gender", lower)
    if over == "gender" and gender:
        return "gender", gender
    if over in ("days_attended", "attendance_day") and _DAY.match(lower or ""):
        return "attendance_day", lower  # a day of the course under "Attendance"
    if over and fields()[over].fact == "target":
        if gender:
            return over, gender
        if fold(lower) in {fold(w) for w in _TOTAL_WORDS}:
            return over, "total"
    return None


def field_for(header: object) -> str | None:
    """The field a header names, or ``None``."""
    found = match(None if header is None else str(header))
    return found.field if found else None


def suggest(header: object) -> str | None:
    """The field whose name is closest to a header Oversight does not know."""
    best = _fuzzy(str(header)) if header is not None else None
    return best[0] if best and best[1] >= FUZZY_SUGGEST else None


def label(field: str) -> str:
    """What a field is called where people see it (the catalogue's ``field.*``)."""
    from dashboard.i18n import t

    return t(f"field.{field}")


def is_kobo_sheet(headers: list[str]) -> bool:
    return any(h.strip().lower() in KOBO_MARKERS for h in headers if h)


def is_tool_column(header: str, kobo: bool) -> bool:
    """A column a tool adds about the record, not the person."""
    h = header.strip().lower()
    if h in KOBO_COLUMNS or h.startswith("_submission_"):
        return True
    return kobo and h.rsplit("/", 1)[-1] in KOBO_DEVICE


# -- values ---------------------------------------------------------------------


def value_key(text: object) -> str:
    """A coded cell's key: folded, or the symbols themselves (✓, ✗) when
    folding leaves nothing."""
    folded = fold(text)
    if folded or text is None:
        return folded
    return "".join(str(text).split())


@cache
def _values() -> dict[tuple[str, str], str]:
    index: dict[tuple[str, str], str] = {}
    for row in _read("values.csv"):
        for synonym in (row["value"], *row["synonyms"].split("|")):
            index[(row["domain"], value_key(synonym))] = row["value"]
    return index


def value(domain: str, text: object) -> str | None:
    """The canonical value of a coded cell (``gender``: female/male;
    ``yes_no`` and ``stage``: yes/no), or ``None`` when blank or unknown."""
    k = value_key(text)
    return _values().get((domain, k)) if k else None
