"""Named SQL questions from ``queries/*.sql``.

Each file starts with a comment header that states its contract::

    -- Participants by governorate and gender.
    -- params: governorates varchar[], gender varchar
    -- columns: governorate_pcode varchar, n_participants bigint

Parameters are bound by name (``$governorates``); a declared parameter that the
caller leaves out is bound as NULL, which every query reads as "all".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dashboard import QUERIES

_HEADER = re.compile(r"^--\s*(params|columns):\s*(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: dict[str, str]  # name -> declared type
    columns: dict[str, str]  # name -> declared type

    def bind(self, given: dict | None) -> dict:
        given = dict(given or {})
        unknown = set(given) - set(self.params)
        if unknown:
            raise ValueError(f"query {self.name!r} takes no parameter(s) {sorted(unknown)}")
        return {p: given.get(p) for p in self.params}


def _pairs(text: str) -> dict[str, str]:
    out = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, type_ = item.partition(" ")
        out[name.lstrip("$")] = type_.strip()
    return out


def parse(name: str, sql: str) -> Query:
    header = {key: _pairs(value) for key, value in _HEADER.findall(sql)}
    if "columns" not in header:
        raise ValueError(f"queries/{name}.sql declares no '-- columns:' line")
    return Query(name, sql, header.get("params", {}), header["columns"])


@cache
def load(name: str, folder: Path = QUERIES) -> Query:
    path = folder / f"{name}.sql"
    return parse(name, path.read_text(encoding="utf-8"))


def names(folder: Path = QUERIES) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.sql"))
