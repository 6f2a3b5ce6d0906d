"""Shared fixtures: a fresh store per test (in memory, or a new PostgreSQL
database with ``--store=postgresql``), generated rosters."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import ROOT, demo, workbooks
from dashboard.store import Store

ENTRY = str(ROOT / "streamlit_app.py")

CORPUS = ROOT.parent / "shared" / "corpus"

TABLES = (
    "uploads", "files", "participants", "courses", "enrolments", "follow_ups",
    "targets", "rejected_rows", "data_version",
)  # fmt: skip


def pytest_addoption(parser):
    parser.addoption(
        "--store",
        choices=("duckdb", "postgresql"),
        default="duckdb",
        help="the backend the `store` fixture opens: the embedded DuckDB (default) or a"
        " PostgreSQL database in a throwaway cluster",
    )


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster, for this test process's tests."""
    from tests.pgcluster import Cluster

    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A new, empty PostgreSQL database."""
    return pg_cluster.database()


class Databases:
    """Databases a test names, of the backend ``--store`` chose: a file under
    the test's folder, or a new PostgreSQL database; the same name, the same
    one."""

    def __init__(self, request, folder: Path):
        self._request, self._folder, self._urls = request, folder, {}
        self.postgresql = request.config.getoption("--store") == "postgresql"

    def __call__(self, name: str = "oversight.duckdb") -> Path | str:
        if not self.postgresql:
            return self._folder / name
        if name not in self._urls:
            self._urls[name] = self._request.getfixturevalue("pg_cluster").database()
        return self._urls[name]

    def for_app(self, name: str = "oversight.duckdb") -> Path | str:
        """The database an app test starts on: a new file the dashboard
        seeds with the demo; a new shared store, which it never seeds, is
        seeded here, so both start alike."""
        seed = self.postgresql and name not in self._urls
        target = self(name)
        if seed:
            with contextlib.closing(Store(target)) as seeded:
                demo.load(seeded)
        return target


@pytest.fixture
def databases(request, tmp_path) -> Databases:
    return Databases(request, tmp_path)


@pytest.fixture
def app(databases, monkeypatch):
    """An app on its own database; a new one is seeded with the demo."""

    def start(db_name: str = "oversight.duckdb", **query) -> AppTest:
        monkeypatch.setenv("OVERSIGHT_DB", str(databases.for_app(db_name)))
        st.cache_resource.clear()
        st.cache_data.clear()
        at = AppTest.from_file(ENTRY, default_timeout=60)
        at.query_params.update(query)
        return at.run()

    yield start
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def store(request) -> Store:
    """A fresh store of the backend ``--store`` names."""
    if request.config.getoption("--store") == "postgresql":
        s = Store(request.getfixturevalue("pg_url"))
    else:
        s = Store()
    yield s
    s.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    demo.load(store)
    return store


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return CORPUS


def free_port() -> int:
    """A local port no one listens on (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def xlsx(sheets: dict) -> bytes:
    """A roster workbook from {sheet: (header, rows)}."""
    return workbooks.to_bytes(workbooks.roster(sheets))


def snapshot(store: Store) -> dict[str, int]:
    """Row counts of every table, and the data version: what 'unchanged' means."""
    counts = {t: store.scalar(f"select count(*) from {t}") for t in TABLES}
    return counts | {"version": store.data_version()}


def _tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError):  # a process may end while it is looked at
            for task in Path(f"/proc/{p}/task").glob("*/children"):
                with contextlib.suppress(OSError):
                    todo += [int(c) for c in task.read_text().split()]
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_measured(cmd: list[str], timeout: float = 120) -> tuple[int, str, str, float]:
    """Run a command: its exit code, output, errors, and the peak resident
    memory (MB) of any one process of its tree (the command, the read server,
    a forked reader), polled from /proc every few milliseconds. (A process's
    own rusage would count the test process it was spawned from.)"""
    import subprocess
    import threading
    import time

    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    done: dict = {}
    reader = threading.Thread(target=lambda: done.update(io=proc.communicate(timeout=timeout)))
    reader.start()
    peak = 0.0
    while reader.is_alive():
        peak = max([peak, *(_rss_mb(p) for p in _tree(proc.pid))])
        time.sleep(0.003)
    out, err = done["io"]
    return proc.returncode, out, err, peak
