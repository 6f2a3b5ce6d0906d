"""Nothing torn: a commit killed at any point leaves the database as it was
before or as it is after, exactly (issue: nothing lost, nothing torn, point 1).

A child process (``tests/crash_child.py``) ingests a large generated roster
into a copy of a database holding the demo, and is killed with SIGKILL while
it reads, once it has staged, inside the commit's statements, while DuckDB
writes its log (if it writes one: a watcher kills it the moment the log
grows), and after. Each time the
reopened database must equal the state before or the state after, table by
table, every row (only the clocks' columns left out).
"""

from __future__ import annotations

import logging
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard import ROOT, demo
from dashboard.ingest import ingest
from dashboard.store import Store

ROWS = 130_000  # more than a DuckDB row group (122,880): the large-append path
CLOCKS = {"uploaded_at", "committed_at", "applied_at", "saved_at", "decided_at", "happened_at"}
# Each table's own number, which nothing points at: given in whatever order a
# parallel insert takes its rows, so two runs may number them differently.
OWN_KEYS = {"enrolment_id", "follow_up_id", "target_id", "rejected_row_id", "pending_id",
            "proposal_id", "audit_id"}  # fmt: skip
GOVS = ["Ninewa", "Kirkuk", "Diyala", "Salah al-Din", "Erbil", "Duhok"]


def roster(path: Path, n: int) -> Path:
    lines = ["Full name,Sex,Governorate,Phone,Course,Start date,Days attended"]
    for i in range(n):
        lines.append(
            f"Test Person {i},{'FM'[i % 2]},{GOVS[i % len(GOVS)]},"
            f"0770 {i // 10000:03d} {i % 10000:04d},"
            f"Course {i % 25},{1 + i % 28:02d}/0{1 + i % 9}/2019,{1 + i % 5}"
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def state(path: Path) -> dict[str, tuple]:
    """Every table as (rows, a hash of all its rows), read by opening the
    store as the dashboard does (which sweeps what an upload left torn)."""
    store = Store(path)
    out = {}
    with store.cursor() as cur:
        tables = cur.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
            " and table_type = 'BASE TABLE' and table_catalog = current_database() order by 1"
        ).fetchall()
        for (table,) in tables:
            columns = [
                c
                for (c,) in cur.execute(
                    "select column_name from information_schema.columns where table_name = $t"
                    " and table_catalog = current_database() order by ordinal_position",
                    {"t": table},
                ).fetchall()
                if c not in CLOCKS | OWN_KEYS
            ]
            quoted = ", ".join(f'"{c}"' for c in columns)
            out[table] = cur.execute(
                f'select count(*), coalesce(sum(hash({quoted}))::hugeint, 0) from "{table}"'
            ).fetchone()
    store.close()
    return out


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    base = folder / "base.duckdb"
    s = Store(base)
    demo.load(s)
    s.close()
    file = roster(folder / "big roster.csv", ROWS)
    before = state(base)
    done = folder / "done.duckdb"
    shutil.copy(base, done)
    child(done, file, None)
    after = state(done)
    assert after["participants"][0] == before["participants"][0] + ROWS
    return folder, base, file, before, after


def child(
    db: Path | str,
    file: Path,
    kill_at: str | None,
    delay: float = 0.0,
    wal: bool = False,
    pause: float = 0.0,
) -> str:
    """Run the child; kill it ``delay`` seconds after the marker ``kill_at``
    (or, with ``wal``, once its write-ahead log grows); ``pause``, seconds
    it waits between its statements and its commit. What it last said."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", str(db), str(file), str(pause)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    said: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [said.put(line.strip()) for line in proc.stdout], daemon=True
    ).start()
    last = ""
    try:
        while kill_at and not last.startswith(kill_at):
            last = said.get(timeout=120)
        if kill_at and wal:
            log, start = Path(f"{db}.wal"), time.monotonic()
            size = log.stat().st_size if log.exists() else 0
            while proc.poll() is None and time.monotonic() - start < 60:
                if log.exists() and log.stat().st_size > size + 64 * 1024:
                    break
                time.sleep(0.0005)
        elif kill_at:
            time.sleep(delay)
        if kill_at:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    while not said.empty():
        last = said.get()
    return last


@pytest.mark.parametrize(
    ("kill_at", "delay", "wal"),
    [
        ("opened", 0.3, False),  # reading
        ("staged", 0.0, False),  # read and normalised, nothing written
        ("begin", 0.4, False),  # inside the commit's statements
        ("begin", 0.0, True),  # while DuckDB writes its log, if it writes one
        ("committed", 0.0, False),  # after
    ],
    ids=["reading", "staged", "statements", "log", "after"],
)
def test_a_killed_ingest_leaves_before_or_after_exactly(setup, tmp_path, kill_at, delay, wal):
    _, base, file, before, after = setup
    db = tmp_path / "o.duckdb"
    shutil.copy(base, db)
    child(db, file, kill_at, delay, wal)
    now = state(db)
    assert now in (before, after), {
        t: (now[t], before[t], after[t]) for t in now if now[t] != before[t]
    }
    if kill_at == "committed":
        assert now == after


def test_a_large_commit_lands_by_checkpoint_not_by_the_log(setup, tmp_path):
    """The setting that keeps a killed commit from being half-replayed:
    checkpoint_threshold 0 makes a large commit skip the WAL and land by the
    checkpoint's atomic header swap; nothing is left in the log after it."""
    _, base, file, _, _ = setup
    db = tmp_path / "o.duckdb"
    shutil.copy(base, db)
    store = Store(db)
    log, largest, done = Path(f"{db}.wal"), [0], threading.Event()

    def watch() -> None:
        while not done.is_set():
            if log.exists():
                largest[0] = max(largest[0], log.stat().st_size)
            time.sleep(0.0005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        r = ingest(store, file.read_bytes(), file.name)
    finally:
        done.set()
        watcher.join()
    assert r.status == "loaded"
    assert largest[0] < 64 * 1024  # never a log of the upload, not even for a moment
    store.close()


def test_rows_of_an_upload_that_never_committed_are_swept_on_open(tmp_path, caplog):
    db = tmp_path / "o.duckdb"
    store = Store(db)
    demo.load(store)
    clean = state_counts(store)
    with store.write() as cur:  # what a torn replay leaves: rows, and no committed upload
        cur.execute(
            "insert into uploads (upload_id, file_name, sha256, size_bytes, uploaded_by, kinds,"
            " sheets, n_rows_read, n_rows_loaded, n_rows_rejected) values ((select max(upload_id)"
            " + 1 from uploads), 'torn.xlsx', 'x', 1, 'k', [], '[]', 0, 0, 0)"
        )
        cur.execute(
            "insert into participants (participant_id, full_name, name_key, gender,"
            " first_upload_id) select (select max(participant_id) + 1 from participants),"
            " 'Torn Person', 'torn person', 'male', max(upload_id) from uploads"
        )
        cur.execute(
            "insert into enrolments (participant_id, course_id, upload_id, sheet, row_number)"
            " select max(participant_id), 1, (select max(upload_id) from uploads), 'S', 2"
            " from participants"
        )
    assert store.records("overview_kpis")[0]["n_participants"] == 61  # counted, torn
    store.close()
    with caplog.at_level(logging.WARNING, logger="dashboard.store"):
        store = Store(db)
    assert "removed 3 rows of uploads that never committed" in caplog.text
    assert state_counts(store) == clean
    assert store.records("overview_kpis")[0]["n_participants"] == 60
    store.close()


def state_counts(store: Store) -> dict[str, int]:
    tables = ("uploads", "participants", "enrolments", "follow_ups", "fact_enrolments")
    return {t: store.scalar(f"select count(*) from {t}") for t in tables}
