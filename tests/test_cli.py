"""The `oversight` command line, run in-process."""

import json

from dashboard.cli import main
from tests.conftest import xlsx


def test_demo_then_summary(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    assert main(["demo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["summary", "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["participants"] == 60
    assert sorted(out["by_governorate"]) == ["Diyala", "Kirkuk", "Ninewa", "Salah Al-Din"]
    assert sum(sum(g.values()) for g in out["by_governorate"].values()) == 60


def test_demo_if_new_seeds_a_first_start_only(tmp_path, capsys):
    db = tmp_path / "first.duckdb"
    assert main(["demo", "--if-new", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["summary", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["participants"] == 60
    assert main(["demo", "--if-new", "--db", str(db)]) == 0  # the next start: nothing added
    assert "exists already" in capsys.readouterr().out
    assert main(["uploads", "--db", str(db)]) == 0
    assert capsys.readouterr().out.count("demo") == 4  # the demo's four files, once


def test_ingest_exit_codes_and_one_line_per_refused_file(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    good = tmp_path / "roster.xlsx"
    good.write_bytes(xlsx({"S": (["Full name", "Sex"], [["Test Person A", "F"], [None, "M"]])}))
    bad = tmp_path / "minutes.pdf"
    bad.write_bytes(b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n1 0 obj\x00")

    assert main(["ingest", "--db", db, "--json", str(good)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["status"] == "loaded"
    assert report["kinds"] == ["participants"]
    assert (report["rows_loaded"], report["rows_rejected"]) == (1, 1)

    assert main(["ingest", "--db", db, str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "already loaded" in captured.out
    assert captured.err.splitlines() == [
        "minutes.pdf: this is not a spreadsheet (Oversight reads .xlsx, .xlsm, .xls, .ods and .csv)"
    ]


def test_a_database_held_by_another_process_is_one_line(tmp_path, capsys):
    import subprocess
    import sys

    db = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True);"
            " time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["summary", "--db", str(db)]) == 2
        err = capsys.readouterr().err
        assert err == (
            f"oversight: {db} is in use by another program (the dashboard, usually): stop it,"
            " or use a shared PostgreSQL store (see the README)\n"
        )
    finally:
        holder.kill()
        holder.wait()


def test_user_commands_manage_accounts_and_each_change_is_audited(tmp_path, capsys, monkeypatch):
    import io

    db = str(tmp_path / "x.duckdb")
    password = "a generated passphrase\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(password))
    assert main(["user", "add", "Staff@Example.org", "--role", "staff", "--governorate",
                 "Kirkuk", "--password-stdin", "--db", db]) == 0  # fmt: skip
    assert "staff@example.org may sign in with a password, as staff" in capsys.readouterr().out
    assert main(["user", "add", "idp@example.org", "--role", "viewer", "--no-password",
                 "--db", db]) == 0  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "reset", "staff@example.org", "--password-stdin", "--db", db]) == 2
    assert capsys.readouterr().err.strip().endswith("a password needs at least 12 characters")
    assert main(["user", "role", "idp@example.org", "--role", "manager", "--db", db]) == 0
    assert main(["user", "disable", "idp@example.org", "--db", db]) == 0
    assert main(["user", "add", "idp@example.org", "--role", "viewer", "--no-password",
                 "--db", db]) == 2  # fmt: skip
    assert "has an account already" in capsys.readouterr().err
    assert main(["user", "list", "--json", "--db", db]) == 0
    listed = {u["email"]: u for u in json.loads(capsys.readouterr().out)}
    assert listed["staff@example.org"]["governorates"] == ["IQG13"]
    assert (
        listed["idp@example.org"]["role"] == "manager" and listed["idp@example.org"]["is_disabled"]
    )
    assert "password_hash" not in listed["staff@example.org"]
    assert main(["audit", "--json", "--db", db]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["action"] for e in entries] == [
        "user_disabled", "role_changed", "user_added", "user_added"
    ]  # fmt: skip
    assert all(e["actor"].endswith("(local)") for e in entries)
    assert password.strip() not in json.dumps(entries)


def test_serve_refuses_another_address_in_local_mode(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OVERSIGHT_DB", raising=False)  # serve sets it: put back after
    db = str(tmp_path / "x.duckdb")
    assert main(["demo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["serve", "--db", db, "--address", "0.0.0.0"]) == 2
    assert "local mode serves this computer only, not 0.0.0.0" in capsys.readouterr().err


def test_ingest_speaks_the_language_asked_for(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    roster = tmp_path / "roster.xlsx"
    rows = [["Test Person A", "F", "Kirkuk"], [None, "M", "Erbil"]]
    roster.write_bytes(xlsx({"S": (["Full name", "Sex", "Governorate"], rows)}))
    assert main(["ingest", "--db", db, "--lang", "ar", str(roster)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("roster.xlsx: الملف المرفوع 1 (المشاركون، التسجيلات):")
    assert "حُمّل 1 صفًا، ورُفض 1" in out
    assert "\u2068" not in out  # a terminal lays the text out itself
    assert main(["ingest", "--db", db, "--lang", "ckb", "--json", str(roster)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["status"] == "duplicate"
    bad = tmp_path / "minutes.pdf"
    bad.write_bytes(b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n1 0 obj\x00")
    assert main(["ingest", "--db", db, "--lang", "ckb", str(bad)]) == 1
    assert capsys.readouterr().err.strip() == (
        "minutes.pdf: ئەمە خشتە نییە (Oversight فایلی \u200e.xlsx و \u200e.xlsm و \u200e.xls"
        " و \u200e.ods و \u200e.csv دەخوێنێتەوە)"
    )
    assert main(["ingest", "--db", db, str(bad)]) == 1  # English again: the default
    assert "this is not a spreadsheet" in capsys.readouterr().err
