"""What roster headers and coded cells mean, from ``data/vocabulary/``.

``fields.csv`` maps header synonyms in English, Arabic and Kurdish to the
fields Oversight knows; ``values.csv`` maps coded values (gender, yes/no).
Both are matched on folded text (``dashboard.text.fold``).
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache

from dashboard import DATA
from dashboard.text import fold

VOCABULARY = DATA / "vocabulary"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # person, enrolment, follow_up, target; ignore: row counters
    synonyms: tuple[str, ...]


def _read(name: str) -> list[dict]:
    with open(VOCABULARY / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def fields() -> dict[str, Field]:
    return {
        row["field"]: Field(row["field"], row["kind"], tuple(row["synonyms"].split("|")))
        for row in _read("fields.csv")
    }


@cache
def _headers() -> dict[str, str]:
    index: dict[str, str] = {}
    for field in fields().values():
        for synonym in (field.name, *field.synonyms):
            other = index.setdefault(_key(synonym), field.name)
            if other != field.name:
                raise ValueError(f"vocabulary: header {synonym!r} means {other} and {field.name}")
    return index


def _key(header: object) -> str:
    """Headers fold like names, but "%" is a word: "Women %" is not "Women"."""
    return fold(str(header).replace("%", " percent ")) if header is not None else ""


def field_for(header: object) -> str | None:
    """The field a header names, or ``None``."""
    return _headers().get(_key(header))


def label(field: str) -> str:
    """How a field is called in English: its first synonym."""
    return fields()[field].synonyms[0]


def suggest(header: object) -> str | None:
    """The field whose name is closest to a header Oversight does not know."""
    match = difflib.get_close_matches(_key(header), _headers(), n=1, cutoff=0.75)
    return _headers()[match[0]] if match else None


@cache
def _values() -> dict[tuple[str, str], str]:
    index: dict[tuple[str, str], str] = {}
    for row in _read("values.csv"):
        for synonym in (row["value"], *row["synonyms"].split("|")):
            index[(row["domain"], fold(synonym))] = row["value"]
    return index


def value(domain: str, text: object) -> str | None:
    """The canonical value of a coded cell (``gender``: female/male;
    ``yes_no``: yes/no), or ``None`` when blank or not recognised."""
    return _values().get((domain, fold(text)))
