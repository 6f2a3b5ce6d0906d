"""Named SQL from ``queries/``: the dashboard's questions and the ingest's writes.

Each file starts with a comment header that states its contract::

    -- Participants by governorate and gender.
    -- params: governorates varchar[], gender varchar
    -- columns: governorate_pcode varchar, n_participants bigint

Parameters are bound by name (``$governorates``); a declared parameter that the
caller leaves out is bound as NULL, which every query reads as "all". A file
may hold several statements (the ingest's steps); each is run in turn with
the parameters it names, and the last one's rows are the result. A statement
that returns nothing declares ``-- columns: none``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dashboard import QUERIES

_HEADER = re.compile(r"^--\s*(params|columns):\s*(.*)$", re.MULTILINE)
_PARAM = re.compile(r"\$([a-z_][a-z_0-9]*)")
_END = re.compile(r";\s*(?:--[^\n]*)?$", re.MULTILINE)


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

    @property
    def statements(self) -> list[tuple[str, list[str]]]:
        """Each statement with the parameters it names."""
        return _statements(self.sql)

    def run(self, cur, params: dict | None = None):
        """Every statement in turn on ``cur``; the last one's result."""
        bound = self.bind(params)
        result = None
        for sql, names in self.statements:
            result = cur.execute(sql, {n: bound[n] for n in names} or None)
        return result


@cache
def _statements(sql: str) -> list[tuple[str, list[str]]]:
    out = []
    for part in _END.split(sql):
        body = "\n".join(line for line in part.splitlines() if not line.lstrip().startswith("--"))
        if body.strip():
            out.append((part, sorted(set(_PARAM.findall(body)))))
    return out


def _pairs(text: str) -> dict[str, str]:
    if text.strip() == "none":
        return {}
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
    """``queries/<name>.sql``; ``name`` may name a subfolder (``ingest/match_people``)."""
    path = folder / f"{name}.sql"
    return parse(name, path.read_text(encoding="utf-8"))


def names(folder: Path = QUERIES) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.sql"))
