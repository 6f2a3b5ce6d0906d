"""Shared fixtures: a fresh in-memory store per test, generated rosters."""

from __future__ import annotations

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
