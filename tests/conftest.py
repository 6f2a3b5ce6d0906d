"""Shared fixtures: a fresh in-memory store per test, generated rosters."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from dashboard import ROOT, demo, workbooks
from dashboard.store import Store

CORPUS = ROOT.parent / "shared" / "corpus"

TABLES = (
    "uploads", "files", "participants", "courses", "enrolments", "follow_ups",
    "targets", "rejected_rows", "data_version",
)  # fmt: skip


@pytest.fixture
def store() -> Store:
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
