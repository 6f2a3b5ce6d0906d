"""The embedded store: one DuckDB file, one office, one machine (the default).

Nothing torn survives a crash. A file database checkpoints at every commit
(``checkpoint_threshold`` 0): a large upload then skips the write-ahead log
and lands by the checkpoint's atomic header swap, which a killed process
cannot leave half-done (a half-written WAL could be replayed in part: DuckDB
PR #25931). And on every open, ``_sweep`` removes whatever rows belong to an
upload that is not recorded as committed, and says so in the log. The file is
created readable by its owner only. One process holds the file: another gets
``StoreBusy`` (a shared PostgreSQL store has no such limit).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import time
from pathlib import Path

import duckdb

from dashboard import gazetteer, queries
from dashboard.store.base import PRIVATE, Store, StoreBusy, pending_migrations

MIGRATIONS = Path(__file__).parents[1] / "migrations"
log = logging.getLogger(__name__)


class EmbeddedStore(Store):
    def _open(self) -> None:
        self._con = self._connect()
        self._migrate()
        with self.cursor() as cur:
            self._define_scope(cur)
        with self.write(bump=False) as cur:
            gazetteer.sync_table(cur)
            swept = _sweep(cur)
            stale = cur.execute(
                "select (select version from facts_version) <> (select version from data_version)"
                " or (select count(*) from fact_enrolments) <> (select count(*) from enrolments)"
            ).fetchone()[0]
            if swept or stale:
                self._recount(cur)

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

    def _migrate(self) -> None:
        con = self._con
        con.execute(
            "create table if not exists schema_migrations ("
            " version integer primary key, name varchar not null,"
            " applied_at timestamp not null default current_timestamp)"
        )
        done = {v for (v,) in con.execute("select version from schema_migrations").fetchall()}
        for version, path in pending_migrations(MIGRATIONS, done):
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

    def _committed(self, cur) -> None:
        """Fold what is left of the WAL into the file, where no other
        transaction stands in the way, and keep the WAL private."""
        if self.path == ":memory:":
            return
        with contextlib.suppress(duckdb.Error):  # another thread is at work: its commit will
            cur.execute("checkpoint")
        _private(self.path + ".wal")


def _private(path: str) -> None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        os.chmod(path, PRIVATE)


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
