"""The programme in numbers, as one plain dict (``oversight summary --json``)."""

from __future__ import annotations

from dashboard import GENDERS, STAGES
from dashboard.filters import UNKNOWN_GOVERNORATE, governorate_name
from dashboard.narrative import pathway
from dashboard.store import Store


def summary(store: Store, params: dict | None = None) -> dict:
    kpis = store.records("overview_kpis", params)[0]
    by_governorate: dict[str, dict[str, int]] = {}
    for row in store.records("participants_by_governorate", params):
        name = governorate_name(row["governorate_pcode"] or UNKNOWN_GOVERNORATE)
        counts = by_governorate.setdefault(name, dict.fromkeys(GENDERS, 0))
        counts[row["gender"]] = row["n_participants"]
    progress = pathway(store.records("follow_up_by_group", params))
    return {
        "participants": kpis["n_participants"],
        "by_governorate": by_governorate,
        "women": kpis["n_women"],
        "courses": kpis["n_courses"],
        "follow_up": {stage: progress[f"n_{stage}"] for stage in STAGES},
    }
