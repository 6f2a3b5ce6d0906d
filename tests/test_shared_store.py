"""Many offices, one programme: app processes sharing one PostgreSQL store.

Each test gets a new database in a throwaway cluster (``tests/pgcluster.py``)
and runs real processes against it: the command line's ``oversight ingest``
and the kill test's child (``tests/crash_child.py``), beside a store opened
here, as a second app process would hold one.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest

from dashboard import ROOT, access, auth, cli, demo, queries, uploads
from dashboard.filters import Filters
from dashboard.ingest import ingest
from dashboard.store import Store, postgres
from tests.test_crash import CLOCKS, OWN_KEYS, child, roster

TABLES = (
    "uploads", "files", "participants", "courses", "enrolments", "follow_ups", "targets",
    "rejected_rows", "person_rows", "pending_follow_ups", "merge_proposals", "audit_log",
    "data_version",
)  # fmt: skip


def ingest_process(url: str, *files: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "ingest", "--db", url, *map(str, files)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finished(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


def state(url: str) -> dict[str, tuple]:
    """Every table of record: its rows and a hash of them (clocks and each
    table's own numbers left out), read straight from PostgreSQL."""
    out = {}
    with psycopg.connect(url) as pg:
        for table in TABLES:
            columns = [
                c
                for (c,) in pg.execute(
                    "select column_name from information_schema.columns"
                    " where table_name = %s order by ordinal_position",
                    (table,),
                )
                if c not in CLOCKS | OWN_KEYS
            ]
            row = ", ".join(f'"{c}"' for c in columns)
            out[table] = pg.execute(
                f'select count(*), coalesce(sum(hashtext(({row})::text)::bigint), 0) from "{table}"'
            ).fetchone()
    return out


def participants(store: Store) -> int:
    store.data_version()  # what a page does first: its caches are keyed on it
    return store.records("overview_kpis", Filters().params())[0]["n_participants"]


def test_an_upload_through_one_process_shows_in_another(pg_url, tmp_path):
    here = Store(pg_url)
    demo.load(here)
    assert participants(here) == 60
    finished(ingest_process(pg_url, roster(tmp_path / "kirkuk roster.csv", 40)))
    started = time.monotonic()
    while here.scalar("select count(*) from uploads") != 5 and time.monotonic() - started < 5:
        time.sleep(0.1)
    assert here.scalar("select count(*) from uploads") == 5  # any read sees it, not only a page's
    started = time.monotonic()
    while participants(here) != 100 and time.monotonic() - started < 5:
        time.sleep(0.1)
    assert participants(here) == 100  # no restart: the read tables followed the version
    # Every governorate's numbers as the embedded store gives them for the same files.
    embedded = Store()
    demo.load(embedded)
    path = tmp_path / "kirkuk roster.csv"
    assert ingest(embedded, path.read_bytes(), path.name).status == "loaded"
    coverage = here.records("coverage", Filters().params())
    assert coverage == embedded.records("coverage", Filters().params())
    assert sum(r["n_participants"] or 0 for r in coverage) == 100
    here.close()


def test_two_ingests_from_two_processes_at_once_both_land_whole(pg_url, tmp_path):
    Store(pg_url).close()  # the schema, made once
    a = roster(tmp_path / "a.csv", 3000)
    b = tmp_path / "b.csv"
    b.write_text(  # other people: other names, other phones
        a.read_text().replace("Test Person", "Other Person").replace(",0770 ", ",0780 "),
        encoding="utf-8",
    )
    first, second = ingest_process(pg_url, a), ingest_process(pg_url, b)
    finished(first), finished(second)
    with psycopg.connect(pg_url) as pg:
        uploads = pg.execute("select upload_id, n_rows_loaded from uploads order by 1").fetchall()
        people = pg.execute("select count(*), count(distinct participant_id) from participants")
        assert uploads == [(1, 3000), (2, 3000)]
        assert people.fetchone() == (6000, 6000)
        assert pg.execute("select count(*) from enrolments").fetchone()[0] == 6000
        assert pg.execute("select count(*) from audit_log where action = 'upload'").fetchone() == (
            2,
        )
    here = Store(pg_url)
    assert participants(here) == 6000
    here.close()


def test_the_same_file_from_two_processes_at_once_is_one_upload(pg_url, tmp_path):
    Store(pg_url).close()
    file = roster(tmp_path / "roster.csv", 2000)
    first, second = ingest_process(pg_url, file), ingest_process(pg_url, file)
    said = finished(first) + finished(second)
    assert "already loaded as upload 1" in said, said
    with psycopg.connect(pg_url) as pg:
        assert pg.execute("select count(*) from uploads").fetchone()[0] == 1
        assert pg.execute("select count(*) from participants").fetchone()[0] == 2000


@pytest.mark.parametrize("kill_at", ["begin", "body"])
def test_a_process_killed_mid_commit_leaves_no_partial_upload(pg_url, tmp_path, kill_at):
    here = Store(pg_url)
    demo.load(here)
    before = state(pg_url)
    file = roster(tmp_path / "big roster.csv", 20_000)
    # inside the statements, or once they all ran and the commit is not sent yet
    last = child(pg_url, file, kill_at, delay=0.3 if kill_at == "begin" else 0.0, pause=30)
    assert not last.startswith("done"), last  # killed before it finished
    assert state(pg_url) == before  # nothing committed is lost, nothing partial is left
    assert participants(here) == 60
    finished(ingest_process(pg_url, file))  # the lock went with the killed process
    assert participants(here) == 20_060
    here.close()


# Every query a page reads its numbers from, with what it takes beyond the filters.
PAGE_QUERIES = {
    "overview_kpis": {}, "coverage": {}, "follow_up_by_group": {},
    "participants_by_governorate": {}, "participants_over_time": {}, "gender_by_course": {},
    "tot_selection": {}, "data_quality": {}, "unresolved_governorates": {},
    "possible_duplicates": {}, "pending_follow_ups": {}, "merge_proposals": {},
    "participants": {"page_size": 100_000, "page_offset": 0, "by_number": True},
    "overdue_follow_ups": {"days": 90, "today": date(2026, 12, 1), "page_size": 100_000,
                           "page_offset": 0, "by_number": True},
}  # fmt: skip
CLOCK_COLUMNS = {"uploaded_at", "committed_at"}


def page_numbers(store: Store) -> dict[str, list]:
    store.data_version()
    out = {}
    for name, extra in PAGE_QUERIES.items():
        wanted = queries.load(name).params
        params = {k: v for k, v in (Filters().params() | extra).items() if k in wanted}
        out[name] = store.records(name, params)
    out["uploads"] = [
        {k: v for k, v in r.items() if k not in CLOCK_COLUMNS} for r in store.records("uploads")
    ]
    return out


def office(path: Path, tmp_path: Path, rows: int) -> dict:
    """An office's database: the demo, a roster of ``rows`` people, an
    upload withdrawn, an account; its pages' numbers."""
    s = Store(path)
    demo.load(s)
    if rows:
        big = roster(tmp_path / "big roster.csv", rows)
        assert ingest(s, big.read_bytes(), big.name).n_loaded == rows
    uploads.withdraw(s, 2, access.LOCAL)
    auth.add_user(s, "manager@example.org", "manager", "generated password 1", by="test")
    numbers = page_numbers(s)
    s.close()
    return numbers


@pytest.mark.parametrize("rows", [0, 100_000], ids=["demo", "100k"])
def test_migrate_store_moves_every_row_and_every_page_number(pg_url, tmp_path, capsys, rows):
    path = tmp_path / "office.duckdb"
    before = office(path, tmp_path, rows)
    assert cli.main(["migrate-store", "--from", str(path), "--to", pg_url]) == 0
    said = capsys.readouterr().out
    assert "DIFFERENT" not in said and f"every row of {path} is in the shared store" in said
    (enrolments,) = [line.split() for line in said.splitlines() if line.startswith("enrolments")]
    assert enrolments == ["enrolments", f"{60 + rows:,}", f"{60 + rows:,}"]
    shared = Store(pg_url)
    assert page_numbers(shared) == before
    embedded = Store(path)
    assert page_numbers(embedded) == before  # the source is as it was
    embedded.close()
    # the shared store goes on from there: a new upload, new numbers, no clash
    more = roster(tmp_path / "more.csv", 10)
    more.write_text(
        more.read_text().replace("Test Person", "New Person").replace(",0770 ", ",0790 ")
    )
    assert ingest(shared, more.read_bytes(), more.name).status == "loaded"
    assert participants(shared) == before["overview_kpis"][0]["n_participants"] + 10
    shared.close()
    # and a second move into it is refused: it holds data
    assert cli.main(["migrate-store", "--from", str(path), "--to", pg_url]) == 2
    assert "holds data already" in capsys.readouterr().err


def test_the_shared_schema_has_every_column_the_embedded_one_has(pg_url):
    """PostgreSQL's schema is written in its own dialect (store/postgres/):
    each table of record keeps the embedded store's columns, in its order,
    so that a migration of one without the other fails here."""
    embedded = Store()
    Store(pg_url).close()

    def columns(cur, database: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for table, column in cur.execute(
            "select table_name, column_name from duckdb_columns()"
            " where database_name = $d and schema_name in ('main', 'public')"
            " order by table_name, column_index",
            {"d": database},
        ).fetchall():
            out.setdefault(table, []).append(column)
        return out

    with embedded.cursor() as cur:
        here = columns(cur, "memory")
    with psycopg.connect(pg_url) as pg:
        shared: dict[str, list[str]] = {}
        for table, column in pg.execute(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = 'public' order by table_name, ordinal_position"
        ):
            shared.setdefault(table, []).append(column)
    # each process's own: the read tables, their view, the gazetteer
    local_only = {"governorates", "enrolment_facts", *postgres.FACTS}
    assert set(shared) == set(here) - local_only
    for table, names in shared.items():
        assert names == here[table], table
    embedded.close()
