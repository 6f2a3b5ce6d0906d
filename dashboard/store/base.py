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

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard import QUERIES, queries

SCOPE = QUERIES / "scope"
PRIVATE = 0o600


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
        self._open()

    def _open(self) -> None:
        raise NotImplementedError

    def _define_scope(self, cur) -> None:
        """The scope macros every query reads through (``queries/scope/``):
        code, so defined afresh on every open; the schema keeps the tables."""
        for path in sorted(SCOPE.glob("*.sql")):
            queries.load(f"scope/{path.stem}").run(cur)

    def schema_version(self) -> int:
        return self.scalar("select max(version) from schema_migrations")

    # -- reading ----------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def query(self, name: str, params: dict | None = None) -> pa.Table:
        """Run ``queries/<name>.sql`` with its declared parameters bound."""
        with self.cursor() as cur:
            return queries.load(name).run(cur, params).to_arrow_table()

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
