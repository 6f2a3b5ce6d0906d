"""Dashboard speed at scale: every page's queries, whole pages, and exports.

Fills a database with generated data (default 1,000,000 enrolments of
400,000 made-up people in 2,000 courses across the 18 governorates, with
follow-ups and targets), then prints:

- per query: the median time at 1M rows with no filters, with a governorate +
  gender filter (both read the stored fact tables), with a stage filter, a
  programme filter and a date window (these read the scope the store keeps
  for a filter set, computed by the first query that asks); the cache is
  bypassed: this is DuckDB's work;
- what keeping a new filter set's scope costs, once: the median over several
  date windows, of its people and of its cells;
- per page: the sum of its queries' medians, and a full ``AppTest`` run of the
  page from the entry point, with Streamlit's caches cleared first (cold) and
  then again (warm, as the next visitor sees it: the median of 5 runs);
- the participant export of 10k and 100k rows, to Excel and CSV.

With ``--store postgresql://…`` (a database it may empty), the same again on
the shared store, printed beside the embedded one.

Usage: python bench/pages.py [ENROLMENTS] [--store URL]   (default 1000000)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import access, export, queries, registry, tables  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.store import Store  # noqa: E402

REPEATS = 7
WARM_RUNS = 5  # a warm page is a few tens of ms: one run is mostly noise
FILTER_SETS = {
    "all": Filters(),
    "gov+gender": Filters(governorates=("IQG13", "IQG15"), gender="female"),
    "stage": Filters(stage="tot_selected"),
    "programme": Filters(programmes=("Programme 1",)),
    "dates": Filters(date_from=date(2017, 3, 1), date_to=date(2017, 9, 30)),
}
SIDEBAR = ["filter_options"]
PAGES = {
    "overview": ["overview_kpis", "coverage", "follow_up_by_group",
                 "participants_by_governorate", "participants_over_time"],
    "coverage": ["coverage"],
    "gender": ["overview_kpis", "coverage", "gender_by_course", "tot_selection"],
    "follow_up": ["coverage", "follow_up_by_group", "overdue_follow_ups"],
    "participants": ["participants_page"],
    "uploads": ["uploads", "data_quality", "unresolved_governorates", "possible_duplicates"],
}  # fmt: skip
FIRST_PAGE = {"page_size": 500, "page_offset": 0}
EXTRA = {
    "overdue_follow_ups": {"days": 90, "today": date(2026, 11, 24)} | FIRST_PAGE,
    "participants_page": FIRST_PAGE,
}
NAMES = {"participants_page": "participants"}


def fill(store: Store, n_enrolments: int) -> None:
    """Generated rows straight into the tables (the ingest has its own bench)."""
    n_people = max(n_enrolments * 2 // 5, 1)
    n_courses = 2_000
    with store.write() as cur:
        cur.execute("""
            insert into uploads (upload_id, file_name, sha256, size_bytes, uploaded_by, kinds,
                sheets, n_rows_read, n_rows_loaded, n_rows_rejected, committed_at)
            select i, 'roster_' || i || '.xlsx', 'sha' || i, 1000, 'bench',
                ['participants'], '[]', 0, 0, 0, current_timestamp  -- committed whole
            from range(1, 21) t(i)
        """)
        cur.execute("insert into files select 'sha' || i, 3, 'abc'::blob from range(1, 21) t(i)")
        cur.execute(f"""
            insert into participants (participant_id, full_name, name_key, gender,
                governorate_pcode, phone, phone_key, first_upload_id)
            select i, 'Person ' || i, 'person ' || i,
                case when i % 10 < 3 then 'female' when i % 10 < 9 then 'male' else 'unknown' end,
                case when i % 50 = 0 then null
                    else 'IQG' || lpad(((i % 18) + 1)::varchar, 2, '0') end,
                '0750' || i, '750' || i, 1 + i % 20
            from range(1, {n_people + 1}) t(i)
        """)
        cur.execute(f"""
            insert into courses
                (course_id, course_key, course_name, programme, start_date, end_date)
            select i, 'course ' || i, 'Course ' || i, 'Programme ' || (i % 5),
                date '2017-01-01' + (i % 700)::integer, date '2017-01-05' + (i % 700)::integer
            from range(1, {n_courses + 1}) t(i)
        """)
        cur.execute(f"""
            insert into enrolments (enrolment_id, participant_id, course_id, upload_id, sheet,
                row_number, start_date, end_date, days_attended)
            select i, 1 + (i * 7919) % {n_people}, course, 1 + i % 20, 'Sheet1', i,
                date '2017-01-01' + (course % 700)::integer,
                date '2017-01-05' + (course % 700)::integer, 1 + i % 5
            from (
                select i, 1 + hash(i) % {n_courses} as course from range(1, {n_enrolments + 1}) t(i)
            )
        """)
        # The pathway narrows: 70% followed up, 40% applied it, 20% selected
        # for the training of trainers, 10% completed it.
        cur.execute(f"""
            insert into follow_ups (participant_id, stage, stage_date, upload_id, sheet, row_number)
            select p, unnest(['followed_up', 'applied_learning', 'tot_selected', 'tot_completed']
                    [1:case when p % 10 < 3 then 0 when p % 10 < 6 then 1 when p % 10 < 8 then 2
                            when p % 10 < 9 then 3 else 4 end]),
                date '2018-03-01', 20, 'Tracker', p
            from range(1, {n_people + 1}) t(p)
        """)
        cur.execute("""
            insert into targets (governorate_pcode, n_participants_planned, share_women_planned,
                upload_id, sheet, row_number)
            select pcode, 25000, 0.3, 1, 'Targets', row_number() over () from governorates
        """)
    store.scalar("checkpoint")


def median_ms(store: Store, name: str, params: dict) -> float:
    query = NAMES.get(name, name)
    params = {
        k: v for k, v in (params | EXTRA.get(name, {})).items() if k in queries.load(query).params
    }
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        store.query(query, params)
        runs.append(time.perf_counter() - start)
    return 1000 * statistics.median(runs)


def apptest_seconds(db: Path | str, page: str) -> tuple[float, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["OVERSIGHT_DB"] = str(db)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600).run()
    st.cache_data.clear()
    times = []
    for _ in range(1 + WARM_RUNS):  # cold (caches cleared), then warm
        start = time.perf_counter()
        at.switch_page(registry.BY_NAME[page].file).run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"{page}: {at.exception[0].message}")
        if any(e.value == t("overview.empty") for e in at.info):  # a page of nothing is fast
            raise SystemExit(f"{page}: the page found no data; nothing was measured")
    return times[0], statistics.median(times[1:])


def measure(target: Path | str, n: int) -> dict:
    """Fill one store and time everything on it; the figures, by name."""
    out: dict = {"queries": {}, "pages": {}, "exports": {}}
    store = Store(target)
    start = time.perf_counter()
    fill(store, n)
    out["fill_s"] = time.perf_counter() - start
    out["refresh_s"] = _refresh_s(store)
    for name in dict.fromkeys(q for qs in [SIDEBAR, *PAGES.values()] for q in qs):
        out["queries"][name] = tuple(
            median_ms(store, name, f.params()) for f in FILTER_SETS.values()
        )
    out["keep_ms"] = _keep_ms(store)
    everyone = tables.participant_rows(store, Filters().params(), None, access.LOCAL)
    for rows in (10_000, 100_000):
        shown = everyone.slice(0, rows)
        out["exports"][rows] = (
            _median_s(lambda s=shown: export.to_xlsx(s, _about()), 3),
            _median_s(lambda s=shown: export.to_csv(s), 3),
        )
    store.close()
    for page, names in PAGES.items():
        medians = [out["queries"][q] for q in [*SIDEBAR, *names]]
        out["pages"][page] = (
            *(sum(m[i] for m in medians) for i in range(len(FILTER_SETS))),
            *apptest_seconds(target, page),
        )
    return out


def main(n: int, shared: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"duckdb": Path(tmp) / "bench.duckdb"}
        if shared:
            stores["postgresql"] = shared
        results = {name: measure(target, n) for name, target in stores.items()}
    for name, r in results.items():
        print(f"{name}: filled {n:,} enrolments in {r['fill_s']:.1f} s; a write refills the"
              f" read tables in {r['refresh_s']:.2f} s")  # fmt: skip
    heads = "".join(
        f" | {name + ' ' + k if i == 0 else k:>{17 if i == 0 else 10}}"
        for name in results
        for i, k in enumerate(FILTER_SETS)
    )
    print(f"\n{'query (ms, median of ' + str(REPEATS) + ')':<30}{heads}")
    for q in next(iter(results.values()))["queries"]:
        cells = "".join(
            f" | {v:>{17 if i == 0 else 10}.1f}"
            for r in results.values()
            for i, v in enumerate(r["queries"][q])
        )
        print(f"{q:<30}{cells}")
    for name, r in results.items():
        people, cells = r["keep_ms"]
        print(f"{name}: a new filter set's scope kept in {people:.0f} ms (people),"
              f" {cells:.0f} ms more (cells), once")  # fmt: skip
    heads = "".join(
        f" | {name + ' queries ' + k if i == 0 else k:>{22 if i == 0 else 10}}"
        + ("" if i < len(FILTER_SETS) - 1 else f" {'cold s':>7} {'warm s':>7}")
        for name in results
        for i, k in enumerate(FILTER_SETS)
    )
    print(f"\n{'page (ms)':<14}{heads}")
    for page in PAGES:
        cells = "".join(
            f" | {v[0]:>22.1f}"
            + "".join(f" | {x:>10.1f}" for x in v[1 : len(FILTER_SETS)])
            + f" {v[-2]:>7.2f} {v[-1]:>7.2f}"
            for v in (r["pages"][page] for r in results.values())
        )
        print(f"{page:<14}{cells}")
    print("\nexports of the participant table (s)")
    heads = "".join(f" | {name + ' Excel':>17} {'CSV':>6}" for name in results)
    print(f"{'rows':>8}{heads}")
    for rows in (10_000, 100_000):
        cells = "".join(
            f" | {x:>17.2f} {c:>6.2f}" for x, c in (r["exports"][rows] for r in results.values())
        )
        print(f"{rows:>8}{cells}")


def _refresh_s(store: Store) -> float:
    """A write that changes nothing still refills the fact tables: time that."""

    def empty_write() -> None:
        with store.write():
            pass

    return _median_s(empty_write, 3)


def _keep_ms(store: Store) -> tuple[float, float]:
    """Keeping a new filter set's scope: its people, then its cells (a
    different date window each time, so each is new)."""
    people, cells = [], []
    for month in range(1, REPEATS + 1):
        f = Filters(date_from=date(2017, month, 1), date_to=date(2017, month + 3, 1)).scope()
        start = time.perf_counter()
        store.kept(f)
        people.append(time.perf_counter() - start)
        start = time.perf_counter()
        store.kept(f, cells=True)
        cells.append(time.perf_counter() - start)
    return 1000 * statistics.median(people), 1000 * statistics.median(cells)


def _about() -> export.About:
    from datetime import datetime

    return export.About("Participants", "All participants", datetime.now(), [])


def _median_s(fn, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


if __name__ == "__main__":
    import argparse

    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("enrolments", type=int, nargs="?", default=1_000_000)
    args.add_argument(
        "--store", metavar="URL", help="a postgresql:// database (emptied first) to time as well"
    )
    a = args.parse_args()
    if a.store:
        from _stores import empty

        from dashboard.store import is_url

        if not is_url(a.store):
            raise SystemExit("--store takes a postgresql:// URL")
        empty(a.store)
    main(a.enrolments, a.store)
