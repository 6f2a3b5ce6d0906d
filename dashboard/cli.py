"""``oversight``: ingest rosters, print the summary, load the demo programme."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from dashboard import demo
from dashboard.ingest import IngestResult, ingest_path
from dashboard.store import Store, StoreBusy, default_path
from dashboard.summary import summary


def _store(args: argparse.Namespace) -> Store:
    return Store(args.db or default_path())


def _describe(r: IngestResult) -> str:
    if r.status == "duplicate":
        return f"{r.file_name}: already loaded as upload {r.upload_id}; nothing changed"
    kinds = ", ".join(sorted({s.kind for s in r.sheets if s.kind}))
    skipped = [s.name for s in r.sheets if not s.kind]
    line = (
        f"{r.file_name}: upload {r.upload_id} ({kinds}): "
        f"{r.n_loaded} rows loaded, {r.n_rejected} rejected"
    )
    return line + (f"; skipped sheets: {', '.join(skipped)}" if skipped else "")


def cmd_ingest(args: argparse.Namespace) -> int:
    store = _store(args)
    who = args.uploaded_by or getpass.getuser()
    results = [ingest_path(store, f, uploaded_by=who) for f in args.files]
    for r in results:
        if r.status == "refused":
            print(r.error, file=sys.stderr)
        elif not args.json:
            print(_describe(r))
    if args.json:
        print(json.dumps([r.summary() for r in results], ensure_ascii=False, indent=2))
    return 1 if any(r.status == "refused" for r in results) else 0


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
    for r in demo.load(_store(args)):
        if r.status == "refused":
            print(r.error, file=sys.stderr)
            return 1
        print(_describe(r))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="oversight", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db", type=Path, help="DuckDB file (default: $OVERSIGHT_DB or data/oversight.duckdb)"
    )

    i = sub.add_parser("ingest", parents=[db], help="load roster files, each in one transaction")
    i.add_argument("--json", action="store_true", help="print what happened to each file as JSON")
    i.add_argument("--uploaded-by", help="who is uploading (default: the login name)")
    i.add_argument("files", nargs="+", type=Path, metavar="FILE")
    i.set_defaults(func=cmd_ingest)

    s = sub.add_parser("summary", parents=[db], help="participants by governorate and gender")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_summary)

    d = sub.add_parser(
        "demo", parents=[db], help="load the demo programme through the ingest pipeline"
    )
    d.add_argument("--write-files", action="store_true", help="regenerate data/demo/*.xlsx instead")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except StoreBusy as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
