"""Hostile files cannot knock the server over (issue: nothing lost, nothing
torn, nobody knocked over, point 2 and 3).

Each file of ``tests/hostile.py`` goes through the command line in a process
of its own, whose peak memory (with every process it started: the read
server and its forked readers) is measured, and through the Upload page's
preview in AppTest: refused in one line naming the file, the process alive,
the database unchanged.
"""

from __future__ import annotations

import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import ROOT, registry, ui
from dashboard.ingest import ingest
from dashboard.ingest import read as reading
from dashboard.store import Store
from tests import hostile, messy
from tests.conftest import run_measured, snapshot

PEAK_MB = 600
REFUSALS = {
    "corners.xlsx": "the sheet has 1,048,576 rows by 16,384 columns",
    "far-column.xlsx": "a cell lies beyond the last row or column a spreadsheet has",
    "lying-bomb.xlsx": "a sheet holds more than 20,000,000 cells",
    "honest-bomb.xlsx": "a sheet holds more than 20,000,000 cells",
}
# A file of a megabyte or more is scanned while it is read: on a busy machine
# the memory watch may stop the reader before the scan has counted its cells.
TOO_DEMANDING = "reading it needed more memory or time than Oversight gives one file"


def refused_as_expected(line: str, name: str) -> bool:
    reasons = [REFUSALS[name]] + ([TOO_DEMANDING] if "bomb" in name else [])
    return any(line.startswith(f"{name}: {reason}") for reason in reasons)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for name, make in hostile.HOSTILE.items():
        paths[name] = folder / name
        paths[name].write_bytes(make())
    return paths


def test_the_attacks_are_small(files):
    sizes = {name: path.stat().st_size for name, path in files.items()}
    assert sizes["corners.xlsx"] < 6_000
    assert sizes["far-column.xlsx"] < 6_000
    assert sizes["lying-bomb.xlsx"] < 5_000_000
    assert sizes["honest-bomb.xlsx"] < 2_500_000


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_through_the_command_line_in_bounded_memory(files, tmp_path, name):
    """Refused in one line naming the file, the database unchanged, and no
    process of the command's tree (it, the read server, the reader it
    forked) above 600 MB at any moment."""
    db = tmp_path / "o.duckdb"
    seeded = Store(db)
    ingest(seeded, messy.kurdish_roster(), "roster.xlsx")
    before = snapshot(seeded)
    seeded.close()
    code, out, err, peak_mb = run_measured(
        [sys.executable, "-m", "dashboard.cli", "ingest", "--db", str(db), str(files[name])]
    )
    assert code == 1, out + err
    assert len(err.splitlines()) == 1, err
    assert refused_as_expected(err, name), err
    assert peak_mb < PEAK_MB, (peak_mb, err)
    after = Store(db)
    assert snapshot(after) == before
    after.close()


@pytest.fixture
def app(databases, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(databases.for_app("o.duckdb")))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    st.cache_resource.clear()
    st.cache_data.clear()


def test_through_the_upload_preview_the_server_never_notices(app, files):
    at = app.run()
    before = snapshot(ui.store())  # the app's own store, in this process
    at.switch_page(registry.BY_NAME["upload"].file).run()
    for name in sorted(REFUSALS):
        at.file_uploader[0].upload(name, files[name].read_bytes()).run()
        assert not at.exception
        (error,) = at.error
        assert refused_as_expected(error.value.replace("\\", ""), name), error.value
    # and the app goes on serving, with the demo as it was
    at.switch_page(registry.BY_NAME["overview"].file).run()
    assert not at.exception
    assert at.metric[0].value == "60"
    assert snapshot(ui.store()) == before


def test_a_reader_out_of_memory_is_refused_in_one_line(store, monkeypatch):
    monkeypatch.setattr(reading, "WORKER_MEMORY_BYTES", 8 * 1024 * 1024)
    rows = [[f"Test Person {i}", "F", "Erbil", f"Course {i % 7}"] for i in range(30_000)]
    from tests.conftest import xlsx

    data = xlsx({"Roster": (["Full name", "Sex", "Governorate", "Course"], rows)})
    before = snapshot(store)
    r = ingest(store, data, "big.xlsx")
    assert str(r.error) == (
        "big.xlsx: reading it needed more memory or time than Oversight gives one file;"
        " it may be damaged or hostile, so it was not read"
    )
    assert snapshot(store) == before
    monkeypatch.undo()
    assert ingest(store, data, "big.xlsx").status == "loaded"  # the server lives on


def test_a_reader_that_takes_too_long_is_stopped(store, monkeypatch):
    monkeypatch.setattr(reading, "WORKER_WALL_SECONDS", 0.001)
    r = ingest(store, messy.titled_course(), "slow.xlsx")
    assert str(r.error).startswith("slow.xlsx: reading it took longer than")
    monkeypatch.undo()
    assert ingest(store, messy.titled_course(), "slow.xlsx").status == "loaded"
