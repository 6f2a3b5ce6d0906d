"""What every backend shares: a cursor per query, one write lock, one
transaction per write, and the read tables counted inside it.

Streamlit serves each browser session on its own thread of one process, and a
DuckDB connection is not thread-safe, so a store keeps one connection and
gives every query a fresh ``cursor()``. Writes take one lock and run in one
transaction; each committed write bumps ``data_version`` so caches keyed on it
see new uploads at once, and refills the read tables the dashboard's queries
scan (``queries/facts/``), so the rest of the transaction reads the numbers
as they will stand once it commits.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard import QUERIES, queries

SCOPE = QUERIES / "scope"
PRIVATE = 0o600
# Kept scopes (``Store.kept``): this many filter sets at most, holding this
# many rows in all (people and cells).
KEPT_SCOPES = 32
KEPT_ROWS = 2_000_000
NARROWING = ("governorates", "gender", "stage")  # narrow a kept scope; not part of its key
READS_CELLS = "courses_in_scope("  # a query that reads a scope's cells, not only its people


@dataclass
class _Kept:
    """One filter set's kept scope: its number, whether the stored read
    tables hold its people already (``default``), what is kept so far."""

    scope: int
    default: bool
    people: bool = False
    cells: bool = False
    rows: int = 0


def is_url(target) -> bool:
    """Whether a store target names a PostgreSQL server, not a file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


class StoreBusy(Exception):
    """The database file is held by another process (the dashboard, usually)."""


def pending_migrations(folder: Path, done: set[int]) -> list[tuple[int, Path]]:
    """The numbered schema files of ``folder`` not applied yet, in order."""
    return [
        (int(path.name[:3]), path)
        for path in sorted(folder.glob("[0-9][0-9][0-9]_*.sql"))
        if int(path.name[:3]) not in done
    ]


class Store:
    """A store; ``Store(target)`` opens the backend its target names."""

    def __new__(cls, path: str | Path = ":memory:"):
        if cls is Store:
            if is_url(path):
                from dashboard.store.postgres import PostgresStore

                cls = PostgresStore
            else:
                from dashboard.store.embedded import EmbeddedStore

                cls = EmbeddedStore
        return super().__new__(cls)

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        self._write_lock = threading.RLock()
        self._refreshed = False
        self._scopes: OrderedDict[tuple, _Kept] = OrderedDict()  # least recently used first
        self._scope_lock = threading.Lock()
        self._next_scope = 1
        self._readers = 0  # queries reading kept scopes now
        self._let_go: list[int] = []  # scopes to delete once no query reads them
        self._open()

    def _open(self) -> None:
        raise NotImplementedError

    def _define_scope(self, cur) -> None:
        """The scope macros every query reads through (``queries/scope/``):
        code, so defined afresh on every open; the schema keeps the tables."""
        for path in sorted(SCOPE.glob("*.sql")):
            queries.load(f"scope/{path.stem}").run(cur)
        queries.load("store/scopes").run(cur)

    def schema_version(self) -> int:
        return self.scalar("select max(version) from schema_migrations")

    # -- reading ----------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def query(self, name: str, params: dict | None = None) -> pa.Table:
        """Run ``queries/<name>.sql`` with its declared parameters bound; its
        filters read the scope kept for them, if they need one (``kept``)."""
        q = queries.load(name)
        f = (params or {}).get("filters")
        if not isinstance(f, dict) or f.get("scope") is not None:
            with self.cursor() as cur:
                return q.run(cur, params).to_arrow_table()
        with self._reading():
            scope = self.kept(f, cells=READS_CELLS in q.sql)
            with self.cursor() as cur:
                return q.run(cur, {**params, "filters": {**f, "scope": scope}}).to_arrow_table()

    def kept(self, f: dict, cells: bool = False) -> int | None:
        """The number of the scope kept for filters ``f`` (``Filters.scope()``),
        computed the first time a query asks for it; None where the stored
        read tables serve them as they are.

        Filters that change which enrolments count (programme, course, dates,
        uploads) cost every query the whole scope again: kept once, a page's
        queries, and the next page's, read its people (and, for ``cells``,
        its people per course, governorate, gender and stages reached)
        instead, narrowed by governorate, gender and stage as the stored
        tables are. A scope is kept for one data version; the least recently
        used go beyond ``KEPT_SCOPES`` or ``KEPT_ROWS``."""
        broad = f | dict.fromkeys((*NARROWING, "scope"))
        key = (self.data_version(), json.dumps(broad, sort_keys=True, default=str))
        with self._scope_lock:
            kept = self._scopes.get(key)
            if kept is None:
                with self.cursor() as cur:
                    default = queries.load("store/default_scope").run(cur, {"filters": broad})
                    kept = _Kept(self._next_scope, bool(default.fetchone()[0]))
                self._next_scope += 1
                for stale in [k for k in self._scopes if k[0] != key[0]]:  # another version's
                    self._let_go.append(self._scopes.pop(stale).scope)
                self._scopes[key] = kept
            self._scopes.move_to_end(key)
            people = not kept.default and not kept.people
            more_cells = cells and not kept.cells and (not kept.default or bool(f.get("stage")))
            if people or more_cells:
                with self.cursor() as cur:
                    kept.rows = queries.load("store/keep_scope").run(cur, {
                        "scope": kept.scope, "filters": broad | {"scope": kept.scope},
                        "people": people, "cells": more_cells,
                    }).fetchone()[0]  # fmt: skip
                kept.people, kept.cells = kept.people or people, kept.cells or more_cells
                self._evict(key)
            if kept.default and not (cells and f.get("stage")):
                return None
            return kept.scope

    def _evict(self, keep: tuple) -> None:
        """Let the least recently used scopes go, beyond the bounds."""
        while len(self._scopes) > 1 and (
            len(self._scopes) > KEPT_SCOPES
            or sum(k.rows for k in self._scopes.values()) > KEPT_ROWS
        ):
            oldest = next(iter(self._scopes))
            if oldest == keep:
                break
            self._let_go.append(self._scopes.pop(oldest).scope)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """While a query reads kept scopes, none is deleted: those let go are
        deleted when the last reader ends."""
        with self._scope_lock:
            self._readers += 1
        try:
            yield
        finally:
            with self._scope_lock:
                self._readers -= 1
                gone = [] if self._readers else self._let_go
                if gone:
                    self._let_go = []
            if gone:
                with self.cursor() as cur:
                    queries.load("store/let_go_scopes").run(cur, {"scopes": gone})

    def records(self, name: str, params: dict | None = None) -> list[dict]:
        return self.query(name, params).to_pylist()

    def scalar(self, sql: str, params: dict | None = None):
        with self.cursor() as cur:
            row = cur.execute(sql, params or {}).fetchone()
        return row[0] if row else None

    def data_version(self) -> int:
        return self.scalar("select version from data_version")

    # -- writing ----------------------------------------------------------
    @contextmanager
    def write(self, bump: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction under the write lock: all of it lands, or none."""
        with self._write_lock, self._write_cursor() as cur:
            cur.execute("begin transaction")
            self._begin(cur)
            cur.execute("create or replace temp table touched (upload_id integer, is_new boolean)")
            self._refreshed = False
            try:
                yield cur
                if bump and not self._refreshed:
                    self.refresh(cur)
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                raise
            finally:
                self._refreshed = False
            self._committed(cur)

    def _write_cursor(self) -> duckdb.DuckDBPyConnection:
        """The cursor a write runs on (the backend's own way of reading)."""
        return self.cursor()

    def _begin(self, cur) -> None:
        """At the start of a write's transaction (the backend's own locks)."""

    def _committed(self, cur) -> None:
        """After a write's commit, on its cursor."""

    @staticmethod
    def touch(cur: duckdb.DuckDBPyConnection, upload_id: int, new: bool = False) -> None:
        """Inside ``write``: say which uploads this write adds (``new``) or
        changes, so the refresh reconciles only their people. A write that
        says nothing has everyone reconciled."""
        cur.execute("insert into touched values ($id, $new)", {"id": upload_id, "new": new})

    def refresh(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Inside ``write``: count this write now (bump the data version,
        reconcile the people it touched, refill the read tables), so the rest
        of the transaction reads the numbers as they will stand once it
        commits."""
        cur.execute("update data_version set version = version + 1")
        self._recount(cur)
        self._refreshed = True

    def _recount(self, cur) -> None:
        """Reconcile the people a write touched, then refill the read tables."""
        queries.load("facts/reconcile").run(cur)
        self._refill(cur)

    def _refill(self, cur) -> None:
        queries.load("facts/refresh").run(cur)

    def close(self) -> None:
        self._con.close()
