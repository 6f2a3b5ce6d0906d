"""The DuckDB store: one connection per process, a cursor per query.

Streamlit serves each browser session on its own thread of one process, and a
DuckDB connection is not thread-safe, so the store keeps one connection and
gives every query a fresh ``cursor()``. Writes take one lock and run in one
transaction; each committed write bumps ``data_version`` so caches keyed on it
see new uploads at once, and refills the read tables the dashboard's queries
scan (``queries/facts/refresh.sql``), in the same transaction.

Nothing torn survives a crash. A file database checkpoints at every commit
(``checkpoint_threshold`` 0): a large upload then skips the write-ahead log
and lands by the checkpoint's atomic header swap, which a killed process
cannot leave half-done (a half-written WAL could be replayed in part: DuckDB
PR #25931). And on every open, ``_sweep`` removes whatever rows belong to an
upload that is not recorded as committed, and says so in the log. The file is
created readable by its owner only.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard import DATA, QUERIES, gazetteer, queries

MIGRATIONS = Path(__file__).with_name("migrations")
SCOPE = QUERIES / "scope"
DEFAULT_DB = DATA / "oversight.duckdb"
PRIVATE = 0o600
log = logging.getLogger(__name__)


def default_path() -> Path:
    """``$OVERSIGHT_DB`` if set, else ``data/oversight.duckdb``."""
    return Path(os.environ.get("OVERSIGHT_DB") or DEFAULT_DB)


class StoreBusy(Exception):
    """The database file is held by another process (the dashboard, usually)."""


class Store:
    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        self._con = self._connect()
        self._write_lock = threading.RLock()
        self._refreshed = False
        self._migrate()
        self._define_scope()
        with self.write(bump=False) as cur:
            gazetteer.sync_table(cur)
            swept = _sweep(cur)
            stale = cur.execute(
                "select (select version from facts_version) <> (select version from data_version)"
                " or (select count(*) from fact_enrolments) <> (select count(*) from enrolments)"
            ).fetchone()[0]
            if swept or stale:
                _refresh_facts(cur)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.path == ":memory:":
            return duckdb.connect(self.path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        mask = os.umask(0o077)  # created owner-only: rosters name people
        try:
            con = duckdb.connect(self.path)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            raise StoreBusy(
                f"{self.path} is in use by another program (the dashboard, usually): stop it,"
                " or use a shared PostgreSQL store (see the README)"
            ) from None
        finally:
            os.umask(mask)
        _private(self.path)
        # Checkpoint at every commit: a large one then skips the WAL (see above).
        con.execute("set checkpoint_threshold = '0b'")
        return con

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

    def _define_scope(self) -> None:
        """The scope macros every query reads through (``queries/scope/``):
        code, so defined afresh on every open; the migrations keep the tables."""
        with self.cursor() as cur:
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
        with self._write_lock, self.cursor() as cur:
            cur.execute("begin transaction")
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
        self._settle()

    @staticmethod
    def touch(cur: duckdb.DuckDBPyConnection, upload_id: int, new: bool = False) -> None:
        """Inside ``write``: say which uploads this write adds (``new``) or
        changes, so the refresh reconciles only their people. A write that
        says nothing has everyone reconciled."""
        cur.execute("insert into touched values ($id, $new)", {"id": upload_id, "new": new})

    def refresh(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Inside ``write``: count this write now (bump the data version and
        refill the read tables), so the rest of the transaction reads the
        numbers as they will stand once it commits."""
        cur.execute("update data_version set version = version + 1")
        _refresh_facts(cur)
        self._refreshed = True

    def _settle(self) -> None:
        """After a commit: fold what is left of the WAL into the file, where
        no other transaction stands in the way, and keep the WAL private."""
        if self.path == ":memory:":
            return
        try:
            with self.cursor() as cur:
                cur.execute("checkpoint")
        except duckdb.Error:  # another thread is reading or writing: its commit will
            pass
        _private(self.path + ".wal")

    def close(self) -> None:
        self._con.close()


def run(cur: duckdb.DuckDBPyConnection, name: str, **params):
    """``queries/<name>.sql`` on an open transaction's cursor."""
    return queries.load(name).run(cur, params)


def _private(path: str) -> None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        os.chmod(path, PRIVATE)


def _refresh_facts(cur: duckdb.DuckDBPyConnection) -> None:
    queries.load("facts/refresh").run(cur)


def _sweep(cur: duckdb.DuckDBPyConnection) -> int:
    """Remove rows of uploads that did not commit; how many went."""
    found = queries.load("store/torn").run(cur).fetchone()[0]
    if not found:
        return 0
    started = time.perf_counter()
    swept = queries.load("store/sweep").run(cur).fetchone()[0]
    log.warning(
        "database %s: removed %d rows of uploads that never committed (a crash or a kill"
        " during a commit) in %.1f s",
        cur.execute("select current_database()").fetchone()[0],
        swept,
        time.perf_counter() - started,
    )
    return swept


_HANDED_OVER: dict[str, Store] = {}


def hand_over(db: Store) -> None:
    """Keep an open store for this process's next ``open_default()`` of its
    file: ``oversight serve`` opens (and seeds) the database before the server
    listens, and the dashboard's first page takes it over instead of waiting."""
    _HANDED_OVER[str(Path(db.path).resolve())] = db


def open_default() -> tuple[Store, bool]:
    """Open the deployment's database; say whether it was just created."""
    path = default_path()
    handed = _HANDED_OVER.pop(str(path.resolve()), None)
    if handed is not None:
        return handed, False
    created = not path.exists()
    return Store(path), created
