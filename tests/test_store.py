"""The store: migrations recorded once, a cursor per query, writes all-or-nothing."""

import threading

import pytest

from dashboard import demo
from dashboard.store import MIGRATIONS, Store


def test_migrations_are_recorded_and_not_reapplied(tmp_path):
    path = tmp_path / "o.duckdb"
    s = Store(path)
    n = len(list(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")))
    assert s.schema_version() == n
    s.close()
    s = Store(path)  # reopening applies nothing twice
    assert s.scalar("select count(*) from schema_migrations") == n
    assert s.scalar("select count(*) from governorates") == 18
    s.close()


def test_a_failed_write_rolls_back(store):
    version = store.data_version()
    with pytest.raises(RuntimeError), store.write() as cur:
        cur.execute("insert into courses (course_id, course_key, course_name) values (1, 'k', 'K')")
        raise RuntimeError("midway")
    assert store.scalar("select count(*) from courses") == 0
    assert store.data_version() == version


def test_queries_from_many_threads_while_writing(tmp_path):
    s = Store(tmp_path / "o.duckdb")
    demo.load(s)
    errors, totals = [], []

    def read():
        try:
            for _ in range(20):
                totals.append(s.records("overview_kpis")[0]["n_participants"])
        except Exception as exc:  # pragma: no cover - the assertion reports it
            errors.append(exc)

    def write():
        for i in range(20):
            with s.write() as cur:
                cur.execute(
                    "insert into courses (course_id, course_key, course_name)"
                    " values (100 + $i, $k, 'c')",
                    {"i": i, "k": str(i)},
                )

    threads = [threading.Thread(target=read) for _ in range(6)] + [threading.Thread(target=write)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert set(totals) == {60}
    assert s.data_version() == 4 + 20
    s.close()


def test_a_handed_over_store_is_taken_once(tmp_path, monkeypatch):
    """`oversight serve` opens the database before the server listens; the
    dashboard's first open takes that store, a later one opens its own."""
    from dashboard.store import hand_over, open_default

    monkeypatch.setenv("OVERSIGHT_DB", str(tmp_path / "o.duckdb"))
    first, created = open_default()
    assert created
    hand_over(first)
    taken, created = open_default()
    assert taken is first and not created
    first.close()
    again, created = open_default()
    assert again is not first and not created
    again.close()


def test_an_older_database_upgrades_with_every_row_kept(tmp_path, monkeypatch):
    """Migration 008 builds the big tables again without their key indexes:
    a database made before it keeps every row, and its numbers. (Its audit
    log, 009, and the read tables of 011 are there already: today's ingest
    writes to them.)"""
    import shutil

    import dashboard.store.embedded as store_module
    from dashboard.filters import Filters

    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS.glob("0[01][1-79]_*.sql")):
        shutil.copy(path, older / path.name)
    monkeypatch.setattr(store_module, "MIGRATIONS", older)
    path = tmp_path / "o.duckdb"
    s = Store(path)
    demo.load(s)
    tables = ("participants", "enrolments", "follow_ups", "rejected_rows", "pending_follow_ups")
    before = {t: s.scalar(f"select count(*) from {t}") for t in tables}
    kpis = s.records("overview_kpis", Filters().params())
    versions = {
        v for (v,) in s.cursor().execute("select version from schema_migrations").fetchall()
    }
    assert 8 not in versions and before["participants"] == 60
    s.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    s = Store(path)
    assert s.schema_version() == len(list(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")))
    assert {t: s.scalar(f"select count(*) from {t}") for t in tables} == before
    assert s.records("overview_kpis", Filters().params()) == kpis
    keys = "select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY'"
    assert s.scalar(keys + " and table_name in ('participants', 'enrolments')") == 0
    demo.load(s)  # and it takes uploads as before: the demo again is a duplicate
    assert s.scalar("select count(*) from participants") == 60
    s.close()


def test_names_kept_by_fsst_upgrade_with_every_row_and_value_kept(tmp_path, monkeypatch):
    """Migration 014 builds the tables of names again, their names, phones,
    IDs and raw rows compressed by FSST: a database made before it keeps every
    row as it was (people, their rows, waiting follow-ups, rejected rows and
    the read table of people), and the upgraded columns are FSST's."""
    import dashboard.store.embedded as store_module
    from dashboard.ingest import ingest
    from tests.conftest import xlsx

    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")):
        if int(path.name[:3]) < 14:
            (older / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(store_module, "MIGRATIONS", older)
    path = tmp_path / "o.duckdb"
    s = Store(path)
    demo.load(s)
    roster = [[f"Test Person {i}", "FM"[i % 2], "Kirkuk", f"0770 123 {i:04d}", "Course K",
               "01/03/2019" if i % 5 else "sometime"] for i in range(40)]  # fmt: skip
    header = ["Full name", "Sex", "Governorate", "Phone", "Course", "Start date"]
    assert ingest(s, xlsx({"Roster": (header, roster)}), "k.xlsx").n_rejected == 8
    tracker = [["Test Nobody Yet", "Erbil", "2019-05-01"]]
    assert ingest(s, xlsx({"Follow-up": (["Full name", "Governorate", "Follow-up date"],
                                         tracker)}), "t.xlsx").n_pending == 1  # fmt: skip
    tables = ("participants", "person_rows", "pending_follow_ups", "rejected_rows", "fact_people")

    def rows(store):
        return {t: sorted(map(str, store.cursor().execute(f"from {t}").fetchall())) for t in tables}

    before = rows(s)
    assert all(before.values()) and len(before["rejected_rows"]) == 8
    s.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    s = Store(path)
    assert s.schema_version() == len(list(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")))
    assert rows(s) == before
    s.cursor().execute("checkpoint")
    chosen = (
        s.cursor()
        .execute(
            "select distinct column_name, compression from pragma_storage_info('participants')"
            " where segment_type = 'VARCHAR' and column_name in ('full_name', 'phone', 'gender')"
            " order by all"
        )
        .fetchall()
    )
    assert chosen == [("full_name", "FSST"), ("gender", "Dictionary"), ("phone", "FSST")]
    s.close()


def test_the_deployment_s_store_comes_from_the_environment_or_the_secrets(tmp_path, monkeypatch):
    import dashboard.store as store_module

    url = "postgresql://oversight@db.example.org:5432/oversight"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[connections.oversight]\nurl = "{url}"\n', encoding="utf-8")
    monkeypatch.setattr(store_module, "SECRETS", secrets)
    monkeypatch.delenv("OVERSIGHT_DB", raising=False)
    assert store_module.default_path() == url  # a URL kept as written, not made a path
    monkeypatch.setenv("OVERSIGHT_DB", str(tmp_path / "office.duckdb"))
    assert store_module.default_path() == tmp_path / "office.duckdb"  # the environment first
    monkeypatch.delenv("OVERSIGHT_DB")
    secrets.write_text("[auth]\nredirect_uri = 'x'\n", encoding="utf-8")
    assert store_module.default_path() == store_module.DEFAULT_DB
