"""The DuckDB store: one connection per process, a cursor per query.

Streamlit serves each browser session on its own thread of one process, and a
DuckDB connection is not thread-safe, so the store keeps one connection and
gives every query a fresh ``cursor()``. Writes take one lock and run in one
transaction; each committed write bumps ``data_version`` so caches keyed on it
see new uploads at once, and refills the read tables the dashboard's queries
scan (``queries/facts/refresh.sql``), in the same transaction.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard import DATA, QUERIES, gazetteer, queries

MIGRATIONS = Path(__file__).with_name("migrations")
REFRESH_FACTS = QUERIES / "facts" / "refresh.sql"
DEFAULT_DB = DATA / "oversight.duckdb"


def default_path() -> Path:
    """``$OVERSIGHT_DB`` if set, else ``data/oversight.duckdb``."""
    return Path(os.environ.get("OVERSIGHT_DB") or DEFAULT_DB)


class StoreBusy(Exception):
    """The database file is held by another process (the dashboard, usually)."""


class Store:
    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            raise StoreBusy(
                f"{self.path} is in use by another program (is the dashboard running?);"
                " stop it, or use --db with another file"
            ) from None
        self._write_lock = threading.RLock()
        self._migrate()
        with self.write(bump=False) as cur:
            gazetteer.sync_table(cur)
            if cur.execute(
                "select (select version from facts_version) <> (select version from data_version)"
            ).fetchone()[0]:
                _refresh_facts(cur)

    # -- schema -----------------------------------------------------------
    def _migrate(self) -> None:
        con = self._con
        con.execute(
            "create table if not exists schema_migrations ("
            " version integer primary key, name varchar not null,"
            " applied_at timestamp not null default current_timestamp)"
        )
        done = {v for (v,) in con.execute("select version from schema_migrations").fetchall()}
        for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")):
            version = int(path.name[:3])
            if version in done:
                continue
            con.execute("begin transaction")
            try:
                con.execute(path.read_text(encoding="utf-8"))
                con.execute(
                    "insert into schema_migrations (version, name) values ($v, $n)",
                    {"v": version, "n": path.stem},
                )
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise

    def schema_version(self) -> int:
        return self.scalar("select max(version) from schema_migrations")

    # -- reading ----------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def query(self, name: str, params: dict | None = None) -> pa.Table:
        """Run ``queries/<name>.sql`` with its declared parameters bound."""
        q = queries.load(name)
        with self.cursor() as cur:
            return cur.execute(q.sql, q.bind(params)).to_arrow_table()

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
        with self._write_lock, self.cursor() as cur:
            cur.execute("begin transaction")
            try:
                yield cur
                if bump:
                    cur.execute("update data_version set version = version + 1")
                    _refresh_facts(cur)
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                raise

    def close(self) -> None:
        self._con.close()


def _refresh_facts(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(REFRESH_FACTS.read_text(encoding="utf-8"))


def open_default() -> tuple[Store, bool]:
    """Open the deployment's database; say whether it was just created."""
    path = default_path()
    created = not path.exists()
    return Store(path), created
