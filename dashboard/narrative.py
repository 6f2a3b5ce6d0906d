"""The programme in a few plain sentences, from query rows. No Streamlit here.

"Kirkuk reached 9 of 15 planned; 2 of 9 are women." One sentence per
targeted governorate (and per governorate reached without a target), the
largest shortfall first, so the first line is the one to act on.
"""

from __future__ import annotations

from dashboard import STAGES
from dashboard.filters import UNKNOWN_GOVERNORATE, governorate_name
from dashboard.i18n import listed, percent, t


def coverage_lines(rows: list[dict], women: bool = True, comparable: bool = True) -> list[str]:
    """A sentence per governorate; with ``women``, the women's share among
    its people (not under a filter to one gender, where it says nothing);
    when ``comparable``, its plan or that it has none (not where the view
    has no plan to compare with: ``plan.kind``)."""
    lines = []
    places = [
        r
        for r in rows
        if r["governorate_pcode"] != UNKNOWN_GOVERNORATE and r["n_participants"] is not None
    ]
    places.sort(
        key=lambda r: (
            -(r["n_planned"] or 0) + r["n_participants"],
            governorate_name(r["governorate_pcode"]),
        )
    )
    for r in places:
        name, n, planned = (
            governorate_name(r["governorate_pcode"]),
            r["n_participants"],
            r["n_planned"],
        )
        if planned:
            line = t("narrative.reached_planned", place=name, n=n, planned=planned)
        else:
            key = "narrative.reached" if comparable else "narrative.reached_only"
            line = t(key, place=name, n=n)
        if n and women:
            line += t("text.semicolon") + t(
                "narrative.women", n=r["n_women"], d=n, percent=percent(r["n_women"], n)
            )
            target = r["share_women_planned"]
            if target is not None:
                line += " " + t("narrative.women_target", target=f"{target:.0%}")
        lines.append(line + ".")
    return lines


def pathway(rows: list[dict]) -> dict:
    """The follow-up pathway in total, from ``follow_up_by_group`` rows (each
    person is in one governorate and gender group, so the groups add up):
    ``n_trained`` and ``n_<stage>`` for each of STAGES."""
    keys = ["n_trained", *(f"n_{stage}" for stage in STAGES)]
    return {k: sum(r[k] for r in rows) for k in keys}


def targets(rows: list[dict]) -> dict:
    """Totals of the targets in scope: planned people, the planned women's
    share weighted by planned people, governorates targeted and reached, and
    per follow-up stage the planned people (None where no target is set)."""
    targeted = [r for r in rows if r["n_planned"]]
    planned = sum(r["n_planned"] for r in targeted)
    with_share = [r for r in targeted if r["share_women_planned"] is not None]
    weight = sum(r["n_planned"] for r in with_share)
    stages = {}
    for stage in STAGES:
        set_ = [r[f"n_{stage}_planned"] for r in rows if r[f"n_{stage}_planned"] is not None]
        stages[stage] = sum(set_) if set_ else None
    return {
        "stages_planned": stages,
        "n_planned": planned,
        "share_women_planned": (
            sum(r["share_women_planned"] * r["n_planned"] for r in with_share) / weight
            if weight
            else None
        ),
        "n_targeted": len(targeted),
        "n_targeted_reached": sum(1 for r in targeted if r["n_participants"]),
    }


def change(before: list[dict], after: list[dict]) -> str | None:
    """What an upload changed, from ``coverage`` rows before and after it:
    "+24 participants; Ninewa now 32, Kirkuk now 9". None if nothing moved."""
    old = {r["governorate_pcode"]: r["n_participants"] or 0 for r in before}
    new = {r["governorate_pcode"]: r["n_participants"] or 0 for r in after}
    total = sum(new.values()) - sum(old.values())
    moved = [g for g in new if new[g] != old.get(g, 0)]
    if not total and not moved:
        return None
    places = listed(
        t("narrative.now", place=governorate_name(g), n=new[g])
        for g in sorted(moved, key=lambda g: -abs(new[g] - old.get(g, 0)))
    )
    words = t("narrative.delta", sign="+" if total >= 0 else "−", n=abs(total))
    return f"{words}; {places}" if places else words
