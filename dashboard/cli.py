"""``oversight``: ingest rosters, manage uploads, print the summary, load the demo."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from dashboard import access, audit, auth, demo, i18n, tables, uploads
from dashboard.i18n import listed, t
from dashboard.ingest import IngestResult, ingest_path, load_mapping, vocabulary
from dashboard.store import Store, StoreBusy, default_path, hand_over, is_url, open_default
from dashboard.summary import summary


def _store(args: argparse.Namespace) -> Store:
    return Store(args.db or default_path())


def _describe(r: IngestResult) -> list[str]:
    """What happened to a file, a line for it and a line per sheet read, in
    the run's language."""
    if r.status == "duplicate":
        return [t("cli.duplicate", file=r.file_name, id=r.upload_id)]
    line = t(
        "cli.loaded", file=r.file_name, id=r.upload_id, facts=tables.facts_words(r.facts),
        loaded=r.n_loaded, rejected=r.n_rejected,
    )  # fmt: skip
    if r.n_pending:
        line += t("cli.waiting", n=r.n_pending)
    if r.replaced is not None:
        line += t("cli.replaces", id=r.replaced)
    skipped = [s.name for s in r.sheets if not s.facts]
    lines = [line + (t("cli.skipped", sheets=listed(skipped)) if skipped else "")]
    for s in r.sheets:
        if not s.facts:
            continue
        aside = listed(
            t("cli.aside_reason", n=len(rows), reason=t(f"cli.aside.{reason}"))
            for reason, rows in s.set_aside.items()
        )
        lines.append(
            t(
                "cli.sheet",
                sheet=repr(s.name),
                facts=tables.facts_words(s.facts),
                read=s.n_read,
                loaded=s.n_loaded,
                pending=s.n_pending,
                aside=s.n_set_aside,
                detail=t("cli.aside_detail", reasons=aside) if aside else "",
                rejected=s.n_rejected,
            )
        )
        for c in s.unmapped:
            hint = (
                t("cli.closest", field=vocabulary.label(c["suggestion"])) if c["suggestion"] else ""
            )
            lines.append(t("cli.unmapped", column=repr(c["header"]), hint=hint))
        for name, v in s.context.items():
            lines.append(
                t(
                    "cli.context",
                    field=vocabulary.label(name),
                    value=repr(v["value"]),
                    source=v["source"],
                )
            )
        lines += [t("cli.note", note=n) for n in s.notes]
    return lines


def cmd_ingest(args: argparse.Namespace) -> int:
    who = args.uploaded_by or getpass.getuser()
    if args.replaces is not None and len(args.files) != 1:
        print("oversight: --replaces takes exactly one FILE", file=sys.stderr)
        return 2
    mappings = None
    if args.mapping:
        try:
            mappings = load_mapping(args.mapping.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"oversight: {args.mapping}: {exc}", file=sys.stderr)
            return 2
    store = _store(args)
    results = [
        ingest_path(
            store,
            f,
            uploaded_by=who,
            replaces=args.replaces,
            mappings=mappings,
            actor=access.LOCAL.email,
        )
        for f in args.files
    ]
    for r in results:
        if r.status == "refused":
            print(i18n.plain(str(r.error)), file=sys.stderr)
        elif not args.json:
            print(i18n.plain("\n".join(_describe(r))))
    if args.json:
        summaries = json.dumps([r.summary() for r in results], ensure_ascii=False, indent=2)
        print(i18n.plain(summaries))
    return 1 if any(r.status == "refused" for r in results) else 0


def cmd_uploads(args: argparse.Namespace) -> int:
    rows = uploads.history(_store(args))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    for u in rows:
        print(
            f"{u['upload_id']:>4}  {u['status']:<9}  {u['uploaded_at']:%Y-%m-%d %H:%M}"
            f"  {u['file_name']}  ({', '.join(u['kinds'])}): {u['n_rows_loaded']} loaded,"
            f" {u['n_rows_rejected']} rejected, by {u['uploaded_by']}"
        )
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    uploads.withdraw(_store(args), args.upload_id, access.LOCAL)
    print(f"upload {args.upload_id} withdrawn: its rows no longer count")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    swapped = uploads.restore(_store(args), args.upload_id, access.LOCAL)
    print(f"upload {args.upload_id} restored: its rows count again")
    for u in swapped:
        print(f"upload {u}, which had replaced it, is withdrawn")
    return 0


def cmd_fixit(args: argparse.Namespace) -> int:
    made = uploads.fixit(_store(args), args.upload_id)
    if made is None:
        print(f"upload {args.upload_id} has no rejected rows; nothing to fix")
        return 0
    name, data = made
    path = args.output or Path(name)
    path.write_bytes(data)
    print(f"wrote {path}")
    return 0


def _password(args: argparse.Namespace) -> str:
    """A new password: one line from standard input with --password-stdin
    (for scripts), else typed twice at a prompt that does not echo it."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"new password for {args.email}: ")
    if first != getpass.getpass("the same again: "):
        raise auth.AccountError("the two passwords differ")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    """Accounts, from the computer that holds the database (its owner is
    this deployment's administrator: ``access.LOCAL`` in the audit log)."""
    store, by = _store(args), access.LOCAL.email
    if args.action == "list":
        rows = auth.users(store)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        for u in [] if args.json else rows:
            state = "disabled" if u["is_disabled"] else "locked" if u["is_locked"] else "open"
            where = listed(u["governorates"] or [t("users.everywhere")])
            print(f"{u['email']}  {u['role']}  {state}  ({where})")
        return 0
    if args.action == "add":
        password = None if args.no_password else _password(args)
        user = auth.add_user(
            store, args.email, args.role, password, governorates=args.governorate, by=by
        )
        how = "through the identity provider" if password is None else "with a password"
        print(f"{user.email} may sign in {how}, as {user.role}")
    elif args.action == "role":
        user = auth.set_role(store, args.email, args.role, governorates=args.governorate, by=by)
        print(f"{user.email} is now {user.role}")
    elif args.action == "reset":
        auth.reset_password(store, args.email, _password(args), by=by)
        print(f"{args.email}: password reset, and any lock lifted")
    else:
        auth.set_disabled(store, args.email, args.action == "disable", by=by)
        print(f"{args.email}: {'disabled' if args.action == 'disable' else 'enabled'}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    rows = audit.entries(store=_store(args), actor=args.actor, action=args.action)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    for r in rows:
        details = json.dumps(r["details"], ensure_ascii=False, sort_keys=True)
        print(f"{r['happened_at']:%Y-%m-%d %H:%M:%S}  {r['actor']}  {r['action']}  {details}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    s = summary(_store(args))
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
        return 0
    print(f"{s['participants']} participants, {s['women']} women, {s['courses']} courses")
    for gov, counts in s["by_governorate"].items():
        print(f"  {gov}: {sum(counts.values())} ({counts['female']} women)")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if args.write_files:
        for path in demo.write_files():
            print(f"wrote {path}")
        return 0
    path = args.db or default_path()
    if args.if_new and not is_url(path) and Path(path).exists():
        print(f"{path} exists already: the demo is not loaded")
        return 0
    store = Store(path)
    if args.if_new and store.scalar("select count(*) from uploads"):
        print("the shared store holds uploads already: the demo is not loaded")
        return 0
    for r in demo.load(store):
        if r.status == "refused":
            print(r.error, file=sys.stderr)
            return 1
        print("\n".join(_describe(r)))
    return 0


# What the pages import, loaded before the server listens so that the first
# visitor does not wait for it. Not dashboard.ui: its caches need the runtime.
WARM_MODULES = (
    "pandas",
    "plotly.graph_objects",
    "plotly.io",
    "pyarrow.compute",
    "pyarrow.csv",
    "dashboard.charts",
    "dashboard.export",
    "dashboard.ingest",
    "dashboard.narrative",
    "dashboard.plan",
    "dashboard.tables",
    "dashboard.uploads",
)


def cmd_migrate_store(args: argparse.Namespace) -> int:
    from dashboard.store import move

    try:
        counted = move.move(args.source, args.target)
    except move.MoveRefused as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2
    width = max(len(c.table) for c in counted)
    print(f"{'table':<{width}} {'from':>10} {'to':>10}")
    for c in counted:
        print(
            f"{c.table:<{width}} {c.source:>10,} {c.target:>10,}{'' if c.same else '  DIFFERENT'}"
        )
    if not all(c.same for c in counted):
        print("oversight: the copy's counts differ from the source's", file=sys.stderr)
        return 1
    print(f"every row of {args.source} is in the shared store")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The dashboard: seed a first start with the demo, load what the pages
    import, then serve. The server says it is ready only when a page can be
    answered at once."""
    import importlib

    from streamlit.web import cli as streamlit_cli

    if args.db:
        os.environ["OVERSIGHT_DB"] = str(args.db)
    db, created = open_default()
    if created:
        print(f"{db.path} is new: loading the demo programme first")
        for r in demo.load(db):
            if r.status == "refused":
                print(r.error, file=sys.stderr)
                return 1
    signed = access.sign_in_required(auth.any_accounts(db), access.provider_configured())
    if not signed and not access.local_address(args.address):
        print(
            f"oversight: local mode serves this computer only, not {args.address}: add an account"
            " (oversight user add) or configure sign-in first (see the README)",
            file=sys.stderr,
        )
        return 2
    hand_over(db)
    for name in WARM_MODULES:
        importlib.import_module(name)
    app = Path(__file__).resolve().parent.parent / "streamlit_app.py"
    options = ["--server.address", args.address or "127.0.0.1"]
    options += ["--server.port", str(args.port)] if args.port else []
    return streamlit_cli.main(
        ["run", str(app), *options], prog_name="streamlit", standalone_mode=False
    )


def _target(text: str) -> Path | str:
    """A database a command names: a file's path, or a server's URL as it is."""
    return text if is_url(text) else Path(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="oversight", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        type=_target,
        help="a DuckDB file or a postgresql:// URL (default: $OVERSIGHT_DB, else"
        " [connections.oversight] in .streamlit/secrets.toml, else data/oversight.duckdb)",
    )

    i = sub.add_parser("ingest", parents=[db], help="load roster files, each in one transaction")
    i.add_argument("--json", action="store_true", help="print what happened to each file as JSON")
    i.add_argument("--uploaded-by", help="who is uploading (default: the login name)")
    i.add_argument(
        "--replaces", type=int, metavar="ID", help="the upload this corrected file replaces"
    )
    i.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE.json",
        help="fields for some headers: {header: field} or {sheet: {header: field}}",
    )
    i.add_argument("files", nargs="+", type=Path, metavar="FILE")
    i.set_defaults(func=cmd_ingest)

    u = sub.add_parser("uploads", parents=[db], help="list uploads, newest first")
    u.add_argument("--json", action="store_true")
    u.set_defaults(func=cmd_uploads)
    for name, func, text in (
        ("withdraw", cmd_withdraw, "stop counting an upload's rows (nothing is deleted)"),
        ("restore", cmd_restore, "count a withdrawn or replaced upload's rows again"),
        ("fixit", cmd_fixit, "write a workbook of an upload's rejected rows, with reasons"),
    ):
        c = sub.add_parser(name, parents=[db], help=text)
        c.add_argument("upload_id", type=int, metavar="ID")
        if name == "fixit":
            c.add_argument("-o", "--output", type=Path, help="where to write it")
        c.set_defaults(func=func)

    s = sub.add_parser("summary", parents=[db], help="participants by governorate and gender")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_summary)

    d = sub.add_parser(
        "demo", parents=[db], help="load the demo programme through the ingest pipeline"
    )
    d.add_argument("--write-files", action="store_true", help="regenerate data/demo/*.xlsx instead")
    d.add_argument(
        "--if-new",
        action="store_true",
        help="only into a database that does not exist yet (how `make run` seeds a first start)",
    )
    d.set_defaults(func=cmd_demo)

    v = sub.add_parser(
        "serve", parents=[db], help="run the dashboard (a new database gets the demo first)"
    )
    v.add_argument("--port", type=int, help="default: Streamlit's, 8501")
    v.add_argument(
        "--address",
        help="where to listen (default 127.0.0.1: this computer only); 0.0.0.0 for an office"
        " network, once sign-in is set up",
    )
    v.set_defaults(func=cmd_serve)

    a = sub.add_parser("user", help="accounts: add, list, role, reset, disable, enable")
    asub = a.add_subparsers(dest="action", required=True)
    for name, text in (
        ("add", "a new account"),
        ("list", "every account"),
        ("role", "change an account's role and governorates"),
        ("reset", "set a new password (and lift a lock)"),
        ("disable", "stop an account signing in"),
        ("enable", "let a disabled account sign in again"),
    ):
        c = asub.add_parser(name, parents=[db], help=text)
        if name == "list":
            c.add_argument("--json", action="store_true")
            continue
        c.add_argument("email", metavar="EMAIL")
        if name in ("add", "role"):
            c.add_argument("--role", required=True, choices=auth.ROLES)
            c.add_argument(
                "--governorate",
                action="append",
                metavar="NAME",
                help="only this governorate's people (repeat for several; default: all)",
            )
        if name == "add":
            c.add_argument(
                "--no-password",
                action="store_true",
                help="signs in through the identity provider only",
            )
        if name in ("add", "reset"):
            c.add_argument(
                "--password-stdin", action="store_true", help="read the password from stdin"
            )
    a.set_defaults(func=cmd_user)

    m = sub.add_parser(
        "migrate-store",
        help="copy an embedded DuckDB file into an empty PostgreSQL store, and check the counts",
    )
    m.add_argument("--from", dest="source", type=Path, required=True, help="the DuckDB file")
    m.add_argument("--to", dest="target", required=True, help="the postgresql:// URL")
    m.set_defaults(func=cmd_migrate_store)

    g = sub.add_parser("audit", parents=[db], help="the audit log, newest first")
    g.add_argument("--json", action="store_true")
    g.add_argument("--actor", help="only this actor's entries")
    g.add_argument("--action", help="only this action (sign_in, upload, export, ...)")
    g.set_defaults(func=cmd_audit)
    for command in sub.choices.values():
        command.add_argument(
            "--lang",
            choices=i18n.LANGUAGES,
            default=os.environ.get("OVERSIGHT_LANG", i18n.DEFAULT_LANGUAGE),
            help="the language of messages and reasons: en, ar (Arabic) or ckb (Kurdish"
            " Sorani); default $OVERSIGHT_LANG, else en",
        )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    with i18n.speaking(args.lang):
        try:
            return args.func(args)
        except (StoreBusy, uploads.UnknownUpload, auth.AccountError, access.Refused) as exc:
            print(f"oversight: {i18n.plain(str(exc))}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
