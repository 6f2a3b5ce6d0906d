"""Moving up: an office's embedded database copied into the shared store.

``move(source, target)`` copies every table of record of a DuckDB file (its
uploads and their original files, people, enrolments, follow-ups, targets,
rejected and waiting rows, merge decisions, saved mappings, accounts and the
audit log) into an empty PostgreSQL database, in one PostgreSQL transaction:
all of it lands, or none. The embedded file is opened first as the
dashboard would (its migrations applied, anything torn swept), then read
through DuckDB's own ATTACH, read-only. Each table's rows are then counted on
both sides; a difference undoes nothing (it is committed) but is said, and
the command fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg

from dashboard.store.base import is_url
from dashboard.store.embedded import EmbeddedStore
from dashboard.store.postgres import PostgresStore, quoted

# In an order that keeps every reference pointing at a row already there.
TABLES = (
    "files", "uploads", "courses", "participants", "person_rows", "enrolments", "follow_ups",
    "targets", "rejected_rows", "pending_follow_ups", "merge_proposals", "saved_mappings",
    "users", "audit_log",
)  # fmt: skip
SEQUENCES = {
    "participants": ("participant_id", "participant_id_seq"),
    "enrolments": ("enrolment_id", "enrolment_id_seq"),
    "follow_ups": ("follow_up_id", "follow_up_id_seq"),
    "targets": ("target_id", "target_id_seq"),
    "rejected_rows": ("rejected_row_id", "rejected_row_id_seq"),
    "pending_follow_ups": ("pending_id", "pending_id_seq"),
    "merge_proposals": ("proposal_id", "proposal_id_seq"),
    "audit_log": ("audit_id", "audit_id_seq"),
}


class MoveRefused(Exception):
    """The move cannot start (the target holds data, the source is no file)."""


@dataclass
class Counted:
    table: str
    source: int
    target: int

    @property
    def same(self) -> bool:
        return self.source == self.target


def move(source: Path | str, target: str) -> list[Counted]:
    """Copy ``source`` (a DuckDB file) into ``target`` (an empty PostgreSQL
    database); each table's rows on both sides."""
    if is_url(source) or not Path(source).is_file():
        raise MoveRefused(f"{source} is not a DuckDB file")
    if not is_url(target):
        raise MoveRefused(f"{target} is not a postgresql:// URL")
    EmbeddedStore(source).close()  # migrated and swept, as the dashboard opens it
    shared = PostgresStore(target)
    try:
        if shared.scalar("select count(*) from uploads") or shared.scalar(
            "select count(*) from users"
        ):
            raise MoveRefused("the shared store holds data already: move into an empty one")
        with shared.cursor() as cur:
            cur.execute(f"attach '{quoted(str(source))}' as source (read_only)")
        try:
            _copy(shared)
            counted = _count(shared)
        finally:
            with shared.cursor() as cur:
                cur.execute("detach source")
        shared.data_version()  # the read tables, built from what arrived
    finally:
        shared.close()
    return counted


def _columns(cur, table: str) -> list[str]:
    return [
        c
        for (c,) in cur.execute(
            "select column_name from duckdb_columns()"
            " where database_name = 'pg' and table_name = $t order by column_index",
            {"t": table},
        ).fetchall()
    ]


def _copy(shared: PostgresStore) -> None:
    with shared.write(bump=False) as cur:
        for table in TABLES:
            columns = ", ".join(f'"{c}"' for c in _columns(cur, table))
            cur.execute(
                f"insert into pg.public.{table} ({columns})"
                f" select {columns} from source.main.{table}"
            )
        version = cur.execute("select version from source.main.data_version").fetchone()[0]
        cur.execute("update pg.public.data_version set version = $v + 1", {"v": version})
    with psycopg.connect(shared.url) as pg:  # each sequence past the rows it numbered
        for table, (column, sequence) in SEQUENCES.items():
            pg.execute(
                f"select setval('{sequence}', coalesce((select max({column}) from {table}), 0) + 1,"
                " false)"
            )


def _count(shared: PostgresStore) -> list[Counted]:
    with shared.cursor() as cur:
        return [
            Counted(
                table,
                cur.execute(f"select count(*) from source.main.{table}").fetchone()[0],
                cur.execute(f"select count(*) from pg.public.{table}").fetchone()[0],
            )
            for table in TABLES
        ]
