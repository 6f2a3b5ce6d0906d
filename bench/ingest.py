"""Ingest speed and memory: our pipeline against pandas.read_excel(openpyxl).

Generates messy participant rosters of each size, as staff keep them: a title
block and a blank row above a header, mixed English/Arabic/Kurdish values
(names, genders, governorates and districts), dates as real dates and as day-
first text with Arabic-Indic digits, phone numbers, an extra column, blank rows
and a Total row. Then, for each: the median wall time of ``ingest`` into a
DuckDB file, as the dashboard's, opened before the clock starts (read in
the bounded worker, locate, map, normalise, validate, commit, and the commit's
write to the file) and of ``pandas.read_excel(engine="openpyxl")`` followed by
an insert into a DuckDB file, and the
peak RSS of the process doing it (the read worker is its own process: its peak
is not in this one's). Each run is its own process (which first handles a
100-row roster into the same database, as a running server has, so imports are
not timed, the read server is up and the database holds an upload: a roster
of the same shape, so its code paths are warm too); peaks do not mix.

Three more shapes, ours alone: the roster with follow-up columns beside it (a
combined roster: people and their follow-up in one go), the roster with every
row rejected (a start date nobody can read), and a follow-up tracker about
people no roster names yet (every row waits).

With ``--store postgresql://…`` (a database it may empty), each shape again
into the shared store, the peak being this process's (PostgreSQL's own
memory is its server's).

With ``--memory``, the embedded store and pandas' DuckDB are in memory
instead: the pipeline without the write to the file (how this bench measured
before 2026-12-04).

Usage: python bench/ingest.py [ROWS ...] [--store URL] [--memory]   (default: 10000 100000 500000)
"""

from __future__ import annotations

import multiprocessing as mp
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPEATS = 3
HEADER = [
    "No.", "Full name", "Sex", "Governorate", "Phone", "Course", "Start date",
    "Days attended", "Remarks",
]  # fmt: skip
FIRST = ["Ahmed", "Zainab", "أحمد", "زينب", "Noor", "ئاڤین", "Omar", "فاطمة", "Shilan", "هەژار"]
LAST = ["Ali", "Hassan", "علي", "حسن", "Karim", "کەریم", "Saleh", "الجبوري", "Aziz", "رەشید"]
GOVS = [
    "Ninewa", "نينوى", "Mosul", "Kirkuk", "كركوك", "کەرکووک", "Diyala", "ديالى",
    "Salah al-Din", "Tikrit", "Erbil", "هەولێر", "Sulaymaniyah", "Duhok",
]  # fmt: skip
GENDERS = ["M", "F", "Male", "Female", "ذكر", "أنثى", "نێر", "مێ", None]
DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


SHAPES = ("roster", "combined", "rejected", "tracker")
FOLLOW_UP = ["Follow-up date", "Applied learning (Y/N)", "Selected for ToT"]


def make_roster(path: Path, n: int, shape: str = "roster") -> None:
    from openpyxl import Workbook

    rng = random.Random(n)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Follow-up tracker" if shape == "tracker" else "Participants")
    ws.append(["Human rights training for community police, 2017-2018"])
    ws.append(["Generated for the benchmark; every name is made up"])
    ws.append([])
    if shape == "tracker":  # names, governorate and phone, then the follow-up: no course
        ws.append([*HEADER[:5], *FOLLOW_UP])
    else:
        ws.append(HEADER + (FOLLOW_UP if shape == "combined" else []))
    start = date(2017, 1, 1)
    for i in range(n):
        day = start + timedelta(days=i % 700)
        if i % 3 == 0:
            when = day
        elif i % 3 == 1:
            when = day.strftime("%d/%m/%Y")
        else:
            when = day.strftime("%d/%m/%Y").translate(DIGITS)
        row = [
            i + 1,
            f" {rng.choice(FIRST)}  {rng.choice(LAST)} {i}",
            rng.choice(GENDERS),
            rng.choice(GOVS),
            f"0750 {i // 10000:03d} {i % 10000:04d}",
            f"Course {i % 40}",
            "sometime" if shape == "rejected" else when,
            rng.randint(1, 5),
            "late" if i % 50 == 0 else None,
        ]
        if shape == "tracker":
            row = row[:5]
        if shape in ("combined", "tracker"):
            row += [
                day + timedelta(days=60) if i % 10 < 7 else None,
                rng.choice(["Y", "N", "Yes", "No", "نعم", "لا", None]),
                rng.choice(["✓", "✗", None, None]),
            ]
        ws.append(row)
        if i % 5000 == 4999:
            ws.append([])  # a blank row now and then
    ws.append(["Total", None, None, None, None, None, None, None, None])
    wb.save(path)


def ours(path: str, store) -> int:
    """Rows accounted for: loaded, waiting for their roster, or rejected."""
    from dashboard.ingest import ingest

    r = ingest(store, Path(path).read_bytes(), Path(path).name)
    assert r.status == "loaded", r.error
    return r.n_loaded + r.n_pending + r.n_rejected


def pandas_openpyxl(path: str, con) -> int:
    import pandas as pd

    # pandas is told where the header is (it cannot find it) and does no
    # normalising at all: a lower bar than ours.
    frame = pd.read_excel(path, engine="openpyxl", skiprows=3)
    for column in frame.select_dtypes(include="object").columns:
        frame[column] = frame[column].astype("string")  # mixed dates and text
    con.register("frame", frame)
    con.execute("create or replace table roster as select * from frame")
    return con.execute("select count(*) from roster").fetchone()[0]


def _database(fn_name: str, target: str | None, folder: str):
    """Where a method writes: for ours the store (``target`` None: a new
    DuckDB file in ``folder``, as the dashboard's; ":memory:", one in memory;
    a postgresql:// URL, that database emptied), for pandas a DuckDB
    connection to a file or memory alike."""
    if fn_name == "ours" and target and target != ":memory:":
        from _stores import empty

        empty(target)
    else:
        target = target or tempfile.mkdtemp(dir=folder) + "/o.duckdb"
    if fn_name == "ours":
        from dashboard.store import Store

        return Store(target)
    import duckdb

    return duckdb.connect(target)


def _child(fn_name: str, path: str, warm_up: str, out, target: str | None = None) -> None:
    # Each process first handles a 100-row roster, as a running server has
    # done before, into the database the timed roster then goes to (a
    # server's holds earlier uploads): we time the work, not imports of what
    # each method uses, nor the opening of the database it writes to.
    database = _database(fn_name, target, str(Path(path).parent))
    globals()[fn_name](warm_up, database)
    start = time.perf_counter()
    rows = globals()[fn_name](path, database)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.send((seconds, peak_mb, rows))


def measure(
    fn_name: str, path: Path, shape: str = "roster", target: str | None = None
) -> tuple[float, float, int]:
    ctx = mp.get_context("spawn")
    warm_up = path.with_name(f"warm_up_{shape}.xlsx")  # the same shape, 100 rows
    if not warm_up.exists():
        make_roster(warm_up, 100, shape)
    runs = []
    for _ in range(REPEATS):
        here, there = ctx.Pipe()
        p = ctx.Process(target=_child, args=(fn_name, str(path), str(warm_up), there, target))
        p.start()
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"{fn_name} failed on {path.name}")
        runs.append(here.recv())
    return (
        statistics.median(r[0] for r in runs),
        max(r[1] for r in runs),
        runs[0][2],
    )


def main(sizes: list[int], shared: str | None = None, embedded: str | None = None) -> None:
    """``embedded``: None, a DuckDB file (the dashboard's); ":memory:", in memory."""
    print(f"{'rows':>8} {'method':<22} {'median s':>9} {'peak MB':>8} {'rows':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            paths = {shape: Path(tmp) / f"{shape}_{n}.xlsx" for shape in SHAPES}
            for shape, path in paths.items():
                make_roster(path, n, shape)
            ours_s, ours_mb, ours_rows = measure("ours", paths["roster"], target=embedded)
            pd_s, pd_mb, pd_rows = measure("pandas_openpyxl", paths["roster"], target=embedded)
            print(f"{n:>8} {'oversight ingest':<22} {ours_s:>9.2f} {ours_mb:>8.0f} {ours_rows:>8}")
            print(f"{n:>8} {'pandas+openpyxl':<22} {pd_s:>9.2f} {pd_mb:>8.0f} {pd_rows:>8}")
            print(f"{n:>8} {'ratio':<22} {pd_s / ours_s:>8.1f}x")
            for shape in SHAPES[1:]:
                s, mb, rows = measure("ours", paths[shape], shape, embedded)
                label = {"combined": "combined roster", "rejected": "every row rejected",
                         "tracker": "tracker, all waiting"}[shape]  # fmt: skip
                print(f"{n:>8} {label:<22} {s:>9.2f} {mb:>8.0f} {rows:>8}")
            if shared:  # the same files into the shared store
                for shape in SHAPES:
                    s, mb, rows = measure("ours", paths[shape], shape, shared)
                    label = f"{shape}, postgresql"
                    print(f"{n:>8} {label:<22} {s:>9.2f} {mb:>8.0f} {rows:>8}")


if __name__ == "__main__":
    args = sys.argv[1:]
    shared = None
    if "--store" in args:  # a postgresql:// database it may empty: the shared store too
        i = args.index("--store")
        shared = args[i + 1]
        del args[i : i + 2]
    embedded = None
    if "--memory" in args:  # the embedded store in memory: no file, so no durable write
        args.remove("--memory")
        embedded = ":memory:"
    main([int(a) for a in args] or [10_000, 100_000, 500_000], shared, embedded)
