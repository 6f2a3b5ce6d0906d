"""Dashboard speed at scale: every page's queries, whole pages, and exports.

Fills a database with generated data (default 1,000,000 enrolments of
400,000 made-up people in 2,000 courses across the 18 governorates, with
follow-ups and targets), then prints:

- per query: the median time at 1M rows with no filters, with a governorate +
  gender filter (both read the stored fact tables), and with a programme
  filter (computed from fact_enrolments); the cache is bypassed: this is
  DuckDB's work;
- per page: the sum of its queries' medians, and a full ``AppTest`` run of the
  page from the entry point, with Streamlit's caches cleared first (cold) and
  then again (warm, as the next visitor sees it: the median of 5 runs);
- the participant export of 10k and 100k rows, to Excel and CSV.

Usage: python bench/pages.py [ENROLMENTS]   (default 1000000)
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
FILTERED = Filters(governorates=("IQG13", "IQG15"), gender="female")
PROGRAMME = Filters(programmes=("Programme 1",))
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


def apptest_seconds(db: Path, page: str) -> tuple[float, float]:
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


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        store = Store(db)
        start = time.perf_counter()
        fill(store, n)
        print(f"filled {n:,} enrolments in {time.perf_counter() - start:.1f} s")
        print(f"refreshing the fact tables (every write does): {_refresh_s(store):.2f} s")
        print(
            f"\n{'query':<30} {'all ms':>8} {'gov+gender ms':>14} {'programme ms':>13}"
            f"   (median of {REPEATS})"
        )
        medians = {}
        for name in dict.fromkeys(q for qs in [SIDEBAR, *PAGES.values()] for q in qs):
            medians[name] = tuple(
                median_ms(store, name, f.params()) for f in (Filters(), FILTERED, PROGRAMME)
            )
            all_, gov, programme = medians[name]
            print(f"{name:<30} {all_:>8.1f} {gov:>14.1f} {programme:>13.1f}")

        print("\nexports of the participant table")
        print(f"{'rows':>8} {'Excel s':>8} {'CSV s':>8}")
        everyone = tables.participant_rows(store, Filters().params(), None, access.LOCAL)
        for rows in (10_000, 100_000):
            shown = everyone.slice(0, rows)
            xlsx = _median_s(lambda s=shown: export.to_xlsx(s, _about()), 3)
            csv = _median_s(lambda s=shown: export.to_csv(s), 3)
            print(f"{rows:>8} {xlsx:>8.2f} {csv:>8.2f}")
        store.close()

        print(
            f"\n{'page':<14} {'queries ms':>10} {'programme ms':>13}"
            f" {'AppTest cold s':>15} {'warm s':>8}"
        )
        for page, names in PAGES.items():
            total = sum(medians[q][0] for q in [*SIDEBAR, *names])
            programme = sum(medians[q][2] for q in [*SIDEBAR, *names])
            cold, warm = apptest_seconds(db, page)
            print(f"{page:<14} {total:>10.1f} {programme:>13.1f} {cold:>15.2f} {warm:>8.2f}")


def _refresh_s(store: Store) -> float:
    """A write that changes nothing still refills the fact tables: time that."""

    def empty_write() -> None:
        with store.write():
            pass

    return _median_s(empty_write, 3)


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
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
