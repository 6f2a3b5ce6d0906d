"""Oversight: Excel rosters of training programmes in, oversight out."""

from pathlib import Path

#: The repository root: ``queries/`` and ``data/`` live here.
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
QUERIES = ROOT / "queries"

#: The data model's coded values, in display order.
GENDERS = ("female", "male", "unknown")
STAGES = ("followed_up", "applied_learning", "tot_selected", "tot_completed")

__version__ = "0.1.0"
