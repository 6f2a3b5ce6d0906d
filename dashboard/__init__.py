"""Oversight: Excel rosters of training programmes in, oversight out."""

import os
from pathlib import Path

# Arrow's allocator (mimalloc) keeps the pages an upload freed, for reuse; an
# ingest's working memory comes in one spike, so they go back to the system
# at once (a 100,000-row roster peaks some 40 MB lower; bench/ingest.py). Read
# when Arrow first allocates: this package is imported before it wherever
# Oversight starts itself (the CLI, ``oversight serve``, the tests, the bench).
for _option in ("MIMALLOC_PURGE_DELAY", "MIMALLOC_RESET_DELAY", "MIMALLOC_ARENA_EAGER_COMMIT"):
    os.environ.setdefault(_option, "0")

#: The repository root: ``queries/`` and ``data/`` live here.
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
QUERIES = ROOT / "queries"

#: The data model's coded values, in display order.
GENDERS = ("female", "male", "unknown")
STAGES = ("followed_up", "applied_learning", "tot_selected", "tot_completed")

__version__ = "0.1.0"
