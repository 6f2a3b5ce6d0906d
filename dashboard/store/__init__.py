"""The store: where the data of record lives, behind one small interface.

``Store(target)`` opens the backend the target names:

- a path, or nothing (``:memory:``): the embedded DuckDB file of one office on
  one machine (``dashboard/store/embedded.py``), the default;
- a ``postgresql://`` URL: PostgreSQL as the shared system of record, read and
  written through DuckDB's ``postgres`` extension, with this process's read
  tables in its own DuckDB (``dashboard/store/postgres.py``).

Either way the interface is the same (``dashboard/store/base.py``): a cursor
per query, ``query``/``records``/``scalar``, ``write()`` for one transaction
under the write lock, ``data_version()``. Pages, queries and ingest never
learn which backend runs; where a statement must differ, the backend's
module owns the difference.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from dashboard import DATA, ROOT, queries
from dashboard.store.base import PRIVATE, Store, StoreBusy, is_url
from dashboard.store.embedded import MIGRATIONS, EmbeddedStore

__all__ = [
    "MIGRATIONS", "PRIVATE", "EmbeddedStore", "Store", "StoreBusy", "default_path",
    "hand_over", "is_url", "open_default", "run",
]  # fmt: skip

DEFAULT_DB = DATA / "oversight.duckdb"
SECRETS = ROOT / ".streamlit" / "secrets.toml"


def default_path() -> Path | str:
    """Where this deployment's data lives: ``$OVERSIGHT_DB`` if set (a path or
    a ``postgresql://`` URL), else the ``url`` of ``[connections.oversight]`` in
    ``.streamlit/secrets.toml``, else ``data/oversight.duckdb``."""
    target = os.environ.get("OVERSIGHT_DB") or _secret_url()
    if target:
        return target if is_url(target) else Path(target)
    return DEFAULT_DB


def _secret_url() -> str | None:
    try:
        with SECRETS.open("rb") as f:
            return tomllib.load(f).get("connections", {}).get("oversight", {}).get("url")
    except (OSError, tomllib.TOMLDecodeError):
        return None


def run(cur, name: str, **params):
    """``queries/<name>.sql`` on an open transaction's cursor."""
    return queries.load(name).run(cur, params)


_HANDED_OVER: dict[str, Store] = {}


def _key(target: Path | str) -> str:
    return str(target) if is_url(target) else str(Path(target).resolve())


def hand_over(db: Store) -> None:
    """Keep an open store for this process's next ``open_default()`` of its
    target: ``oversight serve`` opens (and seeds) the database before the
    server listens, and the dashboard's first page takes it over instead of
    waiting."""
    _HANDED_OVER[_key(db.path)] = db


def open_default() -> tuple[Store, bool]:
    """Open the deployment's database; say whether it was just created (an
    embedded file that did not exist: the demo seeds it)."""
    target = default_path()
    handed = _HANDED_OVER.pop(_key(target), None)
    if handed is not None:
        return handed, False
    if is_url(target):
        return Store(target), False  # a shared store is never seeded with the demo
    created = not Path(target).exists()
    return Store(target), created
