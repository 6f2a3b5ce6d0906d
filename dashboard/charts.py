"""Plotly figures, built from query rows. No Streamlit here.

Each builder returns the figure and its ``alt`` text, so a chart is never
drawn without a description for screen readers.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import GENDERS, theme
from dashboard.i18n import t


def _layout(fig: go.Figure, n_bars: int) -> go.Figure:
    fig.update_layout(
        barmode="stack",
        height=120 + 36 * max(n_bars, 3),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        font={"family": theme.font()},
    )
    return fig


def participants_by_governorate(rows: list[dict]) -> tuple[go.Figure, str]:
    """Horizontal bars, one per governorate, stacked by gender; the largest on top."""
    totals: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        totals[r["governorate"]] = totals.get(r["governorate"], 0) + r["n_participants"]
        counts[(r["governorate"], r["gender"])] = r["n_participants"]
    order = sorted(totals, key=lambda g: (totals[g], g))  # plotly draws bottom-up
    colours = theme.gender_colours()
    fig = go.Figure()
    for gender in GENDERS:
        values = [counts.get((g, gender), 0) for g in order]
        if not any(values):
            continue
        fig.add_bar(
            name=t(f"gender.{gender}"),
            y=order,
            x=values,
            orientation="h",
            marker_color=colours[gender],
            text=[v or "" for v in values],
            textposition="inside",
            customdata=[gender] * len(order),
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(title_text=t("overview.axis_participants"))
    fig.update_yaxes(title_text=t("overview.axis_governorate"))
    detail = "; ".join(
        f"{g} {totals[g]} ("
        + ", ".join(
            f"{counts.get((g, x), 0)} {t(f'gender.{x}').lower()}"
            for x in GENDERS
            if counts.get((g, x))
        )
        + ")"
        for g in reversed(order)
    )
    return _layout(fig, len(order)), t("overview.by_governorate_alt", detail=detail)
