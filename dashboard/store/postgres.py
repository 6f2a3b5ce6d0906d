"""The shared store: PostgreSQL as the system of record, DuckDB as the engine.

Every app process (and the command line) opens its own in-memory DuckDB and
ATTACHes the PostgreSQL database through DuckDB's ``postgres`` extension,
installed from its PyPI wheel (``duckdb-extension-postgres``): nothing is
downloaded at run time. The tables of record live in PostgreSQL
(``dashboard/store/postgres/*.sql``, PostgreSQL's dialect); the read tables
the dashboard's queries scan (``fact_*``), the views and the scope macros
live in the process's DuckDB, built by the embedded store's own migrations
with the tables of record dropped, beside copies of the tables of record
that the pages read (``MIRRORED``). A reading cursor's search path takes the
copies first (``memory.main``, then ``pg.public``); a writing cursor's takes
PostgreSQL first, so a write reads and changes the data of record. The same
``queries/*.sql`` serve both stores.

Why copies: at 1M enrolments the pages' queries read straight over the
attached tables took 2-5 times as long as the embedded store's (the
participant list 138 ms against 35, a programme filter 200 against 60: each
query pulled the people or the courses across from PostgreSQL), and the
copies cost only the time to refill them after a write (bench/pages.py).

Writes. One PostgreSQL session lock (``pg_advisory_lock``, on a connection of
this process's own, taken before the DuckDB transaction reads anything, so
its snapshot sees every earlier commit) serialises writers across processes,
as the write lock does within one; the write itself is one PostgreSQL
transaction through DuckDB, so it lands whole or not at all, and a killed
process leaves nothing (PostgreSQL rolls its transaction back and drops its
lock). A transaction may write one database only, so inside it the read
tables are refilled into temporary tables of the write's own cursor, which
the rest of the transaction reads ("what changed" among them).

Reads. Every reading cursor, and ``data_version()``, looks at the shared
version (twice a second at most; a write, always): when it has moved past
the one this process's copies and read tables were built from (a write, its
own or another process's), they are refilled from PostgreSQL, in one
snapshot, before anything reads them.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import threading
import time
from pathlib import Path

import duckdb
import psycopg

from dashboard import gazetteer, queries
from dashboard.store.base import Store, pending_migrations
from dashboard.store.embedded import MIGRATIONS

SCHEMA = Path(__file__).with_name("postgres")
FACTS = (
    "fact_enrolments",
    "fact_people",
    "fact_course_cells",
    "fact_people_cells",
    "fact_courses_offered",
    "fact_duplicates",
    "fact_quality",
    "facts_version",
)
# The tables of record the dashboard's queries read, copied into this
# process's DuckDB with the read tables (``enrolments`` is read through
# ``fact_enrolments``; files, accounts and the audit log are read seldom, and
# straight from PostgreSQL).
MIRRORED = (
    "uploads", "participants", "courses", "follow_ups", "targets", "rejected_rows",
    "person_rows", "pending_follow_ups", "merge_proposals",
)  # fmt: skip
LOCK_KEY = 7_274_001  # the writers' lock, one per database
SYNC_SECONDS = 0.5  # how often a query looks at the shared version, at most
READ_PATH = "set search_path = 'memory.main,memory.views,pg.public'"  # the copies first
WRITE_PATH = "set search_path = 'pg.public,memory.main,memory.views'"  # PostgreSQL first
log = logging.getLogger(__name__)


def extension_path() -> Path:
    """The ``postgres`` extension inside its PyPI wheel."""
    import duckdb_extension_postgres

    root = Path(duckdb_extension_postgres.__file__).parent / "extensions"
    return root / f"v{duckdb.__version__}" / "postgres.duckdb_extension"


def extension_directory() -> Path:
    """Where DuckDB keeps the installed extension: ``$OVERSIGHT_EXTENSIONS``,
    else the user's cache."""
    home = Path(
        os.environ.get("OVERSIGHT_EXTENSIONS")
        or Path.home() / ".cache" / "oversight" / "duckdb-extensions"
    )
    home.mkdir(parents=True, exist_ok=True)
    return home


def libpq(url: str) -> str:
    """The URL as psycopg and DuckDB both take it (``postgres://`` too)."""
    return "postgresql://" + url.split("://", 1)[1]


class PostgresStore(Store):
    def _open(self) -> None:
        self.url = libpq(self.path)
        self._lock_con = psycopg.connect(self.url, autocommit=True)
        self._lock_guard = threading.Lock()  # one thread at a time on the lock connection
        self._facts_lock = threading.RLock()
        self._synced_at = 0.0
        self._migrate()
        self._con = self._connect()
        self._build_local()
        self._sync(force=True)

    # -- opening ----------------------------------------------------------
    def _connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(
            ":memory:",
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
        )
        home = extension_directory()
        con.execute(f"set extension_directory = '{quoted(str(home))}'")
        try:
            con.execute("load postgres")
        except duckdb.Error:  # first use on this machine: install it from the wheel,
            with (home / ".lock").open("w") as lock:  # one process at a time
                fcntl.flock(lock, fcntl.LOCK_EX)
                con.execute(f"force install '{quoted(str(extension_path()))}'")
            con.execute("load postgres")
        con.execute(f"attach '{quoted(self.url)}' as pg (type postgres)")
        return con

    def _migrate(self) -> None:
        """Apply PostgreSQL's own schema files once, under the writers' lock."""
        with self._writers_lock(), psycopg.connect(self.url) as pg:
            pg.execute(
                "create table if not exists schema_migrations ("
                " version integer primary key, name varchar not null,"
                " applied_at timestamp not null default localtimestamp)"
            )
            done = {v for (v,) in pg.execute("select version from schema_migrations")}
            for version, path in pending_migrations(SCHEMA, done):
                pg.execute(path.read_text(encoding="utf-8"))
                pg.execute(
                    "insert into schema_migrations (version, name) values (%s, %s)",
                    (version, path.stem),
                )
            pg.commit()

    def _build_local(self) -> None:
        """This process's DuckDB: the embedded migrations build the views and
        read tables; the tables PostgreSQL holds are then dropped here, so
        their names resolve to it."""
        con = self._con
        con.execute("begin transaction")
        for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")):
            con.execute(path.read_text(encoding="utf-8"))
        shared = {
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'pg'"
            ).fetchall()
        }
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'memory'"
        ).fetchall():
            if name in shared:
                con.execute(f'drop table memory.main."{name}"')
        for name in MIRRORED:  # empty, in PostgreSQL's shape, until the first sync
            con.execute(f"create table memory.main.{name} as from pg.public.{name} limit 0")
        # A view binds its tables in its own schema first: in one that holds
        # no table, it reads what its reader's search path names (the copies
        # when reading, PostgreSQL inside a write), as the macros do.
        con.execute("create schema memory.views")
        con.execute(READ_PATH)  # a view is bound as it is made
        for name, sql in con.execute(
            "select view_name, sql from duckdb_views()"
            " where database_name = 'memory' and schema_name = 'main' and not internal"
        ).fetchall():
            con.execute(f'drop view memory.main."{name}"')
            con.execute(re.sub(r"^CREATE VIEW \S+", f'CREATE VIEW memory.views."{name}"', sql))
        for (name,) in con.execute(
            "select sequence_name from duckdb_sequences() where database_name = 'memory'"
        ).fetchall():
            con.execute(f'drop sequence memory.main."{name}"')
        con.execute("update facts_version set version = -1")  # built from nothing yet
        gazetteer.sync_table(con)
        con.execute("commit")
        with self._read_cursor() as cur:
            self._define_scope(cur)

    # -- reading ----------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A reading cursor: tables resolve to this process's copies first,
        refilled if another process changed the data (looked at twice a
        second at most), whatever reads through it."""
        self._sync()
        return self._read_cursor()

    def _read_cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._con.cursor()
        cur.execute(READ_PATH)
        return cur

    def _write_cursor(self) -> duckdb.DuckDBPyConnection:
        """A writing cursor: tables of record resolve to PostgreSQL (as this
        transaction changes them), the read tables to this process's."""
        cur = self._con.cursor()
        cur.execute(WRITE_PATH)
        return cur

    def data_version(self) -> int:
        """The version this process's copies and read tables hold: the shared
        one, as of half a second ago at most (what caches are keyed on)."""
        self._sync()
        with self._read_cursor() as cur:
            return cur.execute("select version from memory.main.facts_version").fetchone()[0]

    def _sync(self, force: bool = False, refilled=None) -> None:
        """Refill this process's copies and read tables if the shared version
        moved; looked at twice a second at most, unless ``force``. The read
        tables a write cursor has just ``refilled`` (``_refill``) are taken
        as they are when no other process has written since (at 100k
        enrolments, 0.3 s of every upload's not refilling them again)."""
        now = time.monotonic()
        if not force and now - self._synced_at < SYNC_SECONDS:
            return
        with self._facts_lock, self._read_cursor() as reader:
            self._synced_at = now
            shared, built = _versions(reader)
            if shared == built:
                return
            started = time.perf_counter()
            cur = refilled if refilled is not None and _refilled(refilled) == shared else reader
            cur.execute("begin transaction")  # one PostgreSQL snapshot for all of it
            try:
                for name in MIRRORED:
                    cur.execute(f"delete from memory.main.{name}")
                    cur.execute(f"insert into memory.main.{name} from pg.public.{name}")
                if cur is reader:
                    queries.load("facts/refresh").run(cur)
                else:  # as the write refilled them from the data it committed
                    for name in FACTS:
                        cur.execute(f"delete from memory.main.{name}")
                        cur.execute(f"insert into memory.main.{name} from temp.main.{name}")
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                raise
            log.info("copies and read tables refilled in %.2f s", time.perf_counter() - started)

    # -- writing ----------------------------------------------------------
    @contextlib.contextmanager
    def _writers_lock(self):
        with self._lock_guard:
            self._lock_con.execute("select pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            yield
        finally:
            with self._lock_guard:
                self._lock_con.execute("select pg_advisory_unlock(%s)", (LOCK_KEY,))

    @contextlib.contextmanager
    def write(self, bump: bool = True):
        with self._write_lock:
            self._sync(force=True)  # read tables as of now: a write reads them
            with self._writers_lock(), super().write(bump) as cur:
                yield cur

    def _begin(self, cur) -> None:
        # Another process may have committed between the sync and the lock:
        # the read tables this transaction reads are then its own, refilled.
        shared, built = _versions(cur)
        if shared != built:
            self._refill(cur)

    def _refill(self, cur) -> None:
        """The read tables refilled into temporary tables of this cursor's
        own, which the rest of its transaction reads and writes instead of
        this process's (a transaction writes to PostgreSQL only)."""
        for name in FACTS:
            cur.execute(
                f"create or replace temp table {name} as select * from memory.main.{name} limit 0"
            )
        cur.execute("insert into temp.facts_version select * from memory.main.facts_version")
        queries.load("facts/refresh").run(cur)

    def _committed(self, cur) -> None:
        """This process's copies and read tables, as the write left the data."""
        self._sync(force=True, refilled=cur)  # nothing to do if the write changed no data

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._lock_con.close()
        super().close()


def _versions(cur) -> tuple[int, int]:
    """The shared data version, and the one this process's read tables hold."""
    return (
        cur.execute("select version from pg.public.data_version").fetchone()[0],
        cur.execute("select version from memory.main.facts_version").fetchone()[0],
    )


def _refilled(cur) -> int | None:
    """The data version a write cursor's own read tables were refilled for
    (``PostgresStore._refill``); None if it refilled none."""
    made = cur.execute(
        "select count(*) from duckdb_tables()"
        " where database_name = 'temp' and table_name = 'facts_version'"
    ).fetchone()[0]
    if not made:
        return None
    return cur.execute("select version from temp.main.facts_version").fetchone()[0]


def quoted(text: str) -> str:
    """Text inside a SQL string literal (ATTACH and SET take no parameters)."""
    return text.replace("'", "''")
