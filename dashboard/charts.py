"""Plotly figures, built from query rows. No Streamlit here.

Each builder returns the figure and its ``alt`` text, so a chart is never
drawn without a description for screen readers.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from itertools import accumulate

import plotly.graph_objects as go

from dashboard import DATA, GENDERS, STAGES, gazetteer, theme
from dashboard.filters import UNKNOWN_GOVERNORATE, governorate_name
from dashboard.i18n import day, direction, is_small, listed, month_name, percent, share, t
from dashboard.text import html_plain

# Plotly's toolbar stands upright in the right margin, where it covers
# neither the legend (above the plot, from the left) nor a bar, on a phone too.
MODEBAR = {"orientation": "v"}
MARGIN = {"l": 10, "r": 40, "t": 10, "b": 10}


def _layout(fig: go.Figure, n_bars: int) -> go.Figure:
    fig.update_layout(
        barmode="stack",
        height=120 + 36 * max(n_bars, 3),
        margin=MARGIN,
        modebar=MODEBAR,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        font={"family": theme.font()},
    )
    return fig


def directed(fig: go.Figure) -> go.Figure:
    """The figure as the run's language reads: right to left, bars grow from
    the right, their categories and the value axis stand on the right, the
    legend starts at the right, and each line of a label or hover text reads
    right to left; left to right, as built."""
    if direction() != "rtl":
        return fig
    for trace in fig.data:
        for name in ("x", "y", "text", "hovertext"):
            values = getattr(trace, name, None)
            if values is not None and len(values) and isinstance(values[0], str):
                setattr(trace, name, [_right_to_left(v) for v in values])
        template = getattr(trace, "hovertemplate", None)
        if template:
            shown, extra, rest = template.partition("<extra>")
            trace.hovertemplate = _right_to_left(shown) + extra + rest
    if any(getattr(trace, "orientation", None) == "h" for trace in fig.data):
        fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(side="right")
    margin = fig.layout.margin
    fig.update_layout(
        margin={"l": margin.r, "r": margin.l},
        legend={"x": 1, "xanchor": "right"},
    )
    fig.update_traces(colorbar={"x": 0, "xanchor": "left"}, selector={"type": "choropleth"})
    return fig


def _right_to_left(text: str) -> str:
    """Each line isolated right to left (RLI … PDI): a chart's SVG lays text
    out left to right, which would put "16 of 20" in an Arabic label's wrong
    order. Plotly starts a line at each <br>."""
    return "<br>".join(f"\u2067{line}\u2069" if line else line for line in text.split("<br>"))


def _with_words(label: str, words: str) -> str:
    """An axis label over two lines, the bar's words under its name: never
    crossed by a target marker, never cut at the chart's edge, on a phone
    too. ``label`` is plain text already (``html_plain``)."""
    return f"{label}<br><span style='font-size:11px;color:#4a5563'>{words}</span>"


def participants_by_governorate(rows: list[dict]) -> tuple[go.Figure, str]:
    """Horizontal bars, one per governorate, stacked by gender; the largest on
    top. Each segment's customdata is its governorate and gender
    (``ui.clickable_chart(..., ("governorate", "gender"))``)."""
    totals: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    pcodes: dict[str, str] = {}
    for r in rows:
        pcode = r["governorate_pcode"] or UNKNOWN_GOVERNORATE
        name = governorate_name(pcode)
        totals[name] = totals.get(name, 0) + r["n_participants"]
        counts[(name, r["gender"])] = r["n_participants"]
        pcodes[name] = pcode
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
            customdata=[[pcodes[g], gender] for g in order],  # a click: that place and gender
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(title_text=t("overview.axis_participants"))
    fig.update_yaxes(title_text=t("overview.axis_governorate"))
    detail = t("text.semicolon").join(
        f"{g} {totals[g]} ("
        + listed(
            f"{counts.get((g, x), 0)} {t(f'gender.{x}').lower()}"
            for x in GENDERS
            if counts.get((g, x))
        )
        + ")"
        for g in reversed(order)
    )
    return _layout(fig, len(order)), t("overview.by_governorate_alt", detail=detail)


# -- coverage ------------------------------------------------------------------

BOUNDARIES = DATA / "geo" / "iraq_governorates.geojson"
# Plotly's geo fetches a world base map from its CDN even with every base layer
# off (plotly.js#6767). Point it at an empty one served by the app (static/),
# so the map draws from the shipped boundaries alone, offline.
MAP_CONFIG = {"topojsonURL": "app/static/topojson/", "scrollZoom": False, "displayModeBar": False}
_NO_DATA_COLOUR = "#e6e9ed"
_OUTSIDE_COLOUR = "#f4f5f7"  # a governorate the filters leave out


@cache
def boundaries() -> dict:
    """Iraq's 18 governorates, shipped in data/: the map needs no internet.
    Only their P-codes and shapes, to 3 decimals (about 100 m, far below a
    pixel of the map): every figure carries them, so each browser gets a
    third less to receive and draw."""
    shipped = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ADM1_PCODE": f["properties"]["ADM1_PCODE"]},
                "geometry": {
                    "type": f["geometry"]["type"],
                    "coordinates": _rounded(f["geometry"]["coordinates"]),
                },
            }
            for f in shipped["features"]
        ],
    }


def _shapes(pcodes: list[str]) -> dict:
    """The boundaries of these governorates only: each of the map's traces
    carries its own, so the figure holds every shape once."""
    wanted = set(pcodes)
    return {
        "type": "FeatureCollection",
        "features": [
            f for f in boundaries()["features"] if f["properties"]["ADM1_PCODE"] in wanted
        ],
    }


def _rounded(coordinates: list) -> list:
    """Coordinates to 3 decimals, a ring's repeated points dropped."""
    if isinstance(coordinates[0], int | float):
        return [round(coordinates[0], 3), round(coordinates[1], 3)]
    out = [_rounded(c) for c in coordinates]
    if out and isinstance(out[0][0], int | float):  # a ring
        out = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
    return out


@cache
def label_points() -> dict[str, tuple[float, float]]:
    """Where each governorate's name goes on the map: the mean of its
    largest ring's corners (P-code -> (lon, lat))."""
    out = {}
    for feature in boundaries()["features"]:
        geometry = feature["geometry"]
        rings = (
            [geometry["coordinates"][0]]
            if geometry["type"] == "Polygon"
            else [polygon[0] for polygon in geometry["coordinates"]]
        )
        ring = max(rings, key=len)
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        out[feature["properties"]["ADM1_PCODE"]] = (lon, lat)
    return out


def coverage_map(rows: list[dict], by: str) -> tuple[go.Figure, str]:
    """Choropleth of the governorates, coloured by participants (``by`` =
    "participants") or by % of target ("target"), each with data named on
    it. Drawn from the shipped boundaries alone: every base layer of
    Plotly's geo (fetched from a CDN) is off. Governorates without data are
    grey and say "no data"; those the filters leave out stay drawn, paler,
    so a filtered map still shows all of Iraq."""
    places = [r for r in rows if r["governorate_pcode"] != UNKNOWN_GOVERNORATE]
    value = {r["governorate_pcode"]: _map_value(r, by) for r in places}
    with_data = [r for r in places if value[r["governorate_pcode"]] is not None]
    without = [r for r in places if value[r["governorate_pcode"]] is None]
    shown = {r["governorate_pcode"] for r in places}
    outside = [g for g in gazetteer.governorates() if g.pcode not in shown]
    fig = go.Figure()
    if outside:
        fig.add_choropleth(
            geojson=_shapes([g.pcode for g in outside]),
            featureidkey="properties.ADM1_PCODE",
            locations=[g.pcode for g in outside],
            z=[0] * len(outside),
            colorscale=[[0, _OUTSIDE_COLOUR], [1, _OUTSIDE_COLOUR]],
            showscale=False,
            text=[html_plain(g.name()) for g in outside],
            hovertemplate="%{text}: " + t("coverage.outside") + "<extra></extra>",
            marker_line_color="#ffffff",
            name=t("coverage.outside"),
        )
    if without:
        fig.add_choropleth(
            geojson=_shapes([r["governorate_pcode"] for r in without]),
            featureidkey="properties.ADM1_PCODE",
            locations=[r["governorate_pcode"] for r in without],
            z=[0] * len(without),
            colorscale=[[0, _NO_DATA_COLOUR], [1, _NO_DATA_COLOUR]],
            showscale=False,
            customdata=[[r["governorate_pcode"]] for r in without],
            text=[_place(r) for r in without],
            hovertemplate="%{text}: " + t("number.no_data") + "<extra></extra>",
            marker_line_color="#ffffff",
            name=t("number.no_data"),
        )
    if with_data:
        title = t(f"coverage.by_{by}")
        fig.add_choropleth(
            geojson=_shapes([r["governorate_pcode"] for r in with_data]),
            featureidkey="properties.ADM1_PCODE",
            locations=[r["governorate_pcode"] for r in with_data],
            z=[value[r["governorate_pcode"]] for r in with_data],
            zmin=0,
            zmax=100 if by == "target" else max(value[r["governorate_pcode"]] for r in with_data),
            colorscale=[[0, "#dbe8f2"], [1, theme.primary()]],
            colorbar={
                "title": {"text": title},
                "ticksuffix": "%" if by == "target" else "",
                "len": 0.6,
                "thickness": 14,
            },
            customdata=[[r["governorate_pcode"]] for r in with_data],
            text=[_place(r) + ": " + _coverage_words(r) for r in with_data],
            hovertemplate="%{text}<extra></extra>",
            marker_line_color="#ffffff",
            name=title,
        )
    if with_data:
        points = label_points()
        named = [r for r in with_data if r["governorate_pcode"] in points]
        top = 100 if by == "target" else max(value[r["governorate_pcode"]] for r in with_data)
        dark = [value[r["governorate_pcode"]] > 0.55 * max(top, 1) for r in named]
        fig.add_scattergeo(
            lon=[points[r["governorate_pcode"]][0] for r in named],
            lat=[points[r["governorate_pcode"]][1] for r in named],
            text=[html_plain(_place(r)) for r in named],
            mode="text",
            textfont={  # white on the darker fills, dark on the paler
                "size": 11,
                "color": ["#ffffff" if d else "#1d2733" for d in dark],
                "family": theme.font(),
            },
            hoverinfo="skip",
            showlegend=False,
        )
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator")
    fig.update_layout(
        height=520,
        margin=MARGIN | {"l": 0, "t": 0, "b": 0},
        modebar=MODEBAR,
        font={"family": theme.font()},
        clickmode="event+select",
        dragmode=False,
    )
    detail = t("text.semicolon").join(_place(r) + " " + _coverage_words(r) for r in with_data) or t(
        "number.no_data"
    )
    return fig, t("coverage.map_alt", detail=detail)


def _map_value(row: dict, by: str) -> float | None:
    if row["n_participants"] is None:
        return None
    if by == "target":
        planned = row["n_planned"]
        return round(100 * row["n_participants"] / planned, 1) if planned else None
    return row["n_participants"]


def _place(row: dict) -> str:
    return governorate_name(row["governorate_pcode"])


def _coverage_words(row: dict) -> str:
    n, planned = row["n_participants"], row["n_planned"]
    if n is None:
        return t("number.no_data")
    if planned:
        return t("coverage.reached_of_planned", n=n, planned=planned, percent=percent(n, planned))
    return t("coverage.reached", n=n)


def coverage_bars(rows: list[dict]) -> tuple[go.Figure, str]:
    """Actual against target per governorate: a bar of participants, a
    marker at the target. Only governorates with people or a target."""
    shown = [r for r in rows if r["n_participants"] is not None]
    shown.sort(key=lambda r: (r["n_planned"] or 0, r["n_participants"]))
    names = [_with_words(_place(r), _coverage_words(r)) for r in shown]
    pcodes = [[r["governorate_pcode"]] for r in shown]
    fig = go.Figure()
    fig.add_bar(
        name=t("coverage.actual"),
        y=names,
        x=[r["n_participants"] for r in shown],
        orientation="h",
        marker_color=theme.primary(),
        customdata=pcodes,
        hovertext=[f"{_place(r)}: {_coverage_words(r)}" for r in shown],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    targeted = [r for r in shown if r["n_planned"]]
    if targeted:
        fig.add_scatter(
            name=t("coverage.target"),
            y=[_with_words(_place(r), _coverage_words(r)) for r in targeted],
            x=[r["n_planned"] for r in targeted],
            mode="markers",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#1d2733"}},
            customdata=[[r["governorate_pcode"]] for r in targeted],
            hovertext=[_place(r) for r in targeted],
            hovertemplate="%{hovertext}: " + t("coverage.target") + " %{x}<extra></extra>",
        )
    fig.update_xaxes(title_text=t("overview.axis_participants"))
    fig.update_yaxes(title_text=t("overview.axis_governorate"))
    detail = t("text.semicolon").join(f"{_place(r)} {_coverage_words(r)}" for r in reversed(shown))
    return _layout(fig, len(shown)), t("coverage.bars_alt", detail=detail or t("number.no_data"))


def participants_over_time(rows: list[dict]) -> tuple[go.Figure, str]:
    """New participants per period (bars) and the running total (line). The
    period is a day when the courses span up to three months, else a month."""
    periods: dict[date, int] = {}
    by_day = bool(rows) and (rows[-1]["day"] - rows[0]["day"]).days <= 92
    for r in rows:
        key = r["day"] if by_day else r["day"].replace(day=1)
        periods[key] = periods.get(key, 0) + r["n_new"]
    # Days are categories, named as every date is here ("11 Dec 2017": a
    # category axis would show the date as ISO); months a date axis.
    keys = [day(k) for k in periods] if by_day else list(periods)
    totals = list(accumulate(periods.values()))
    hover = "%{x}: %{y}<extra></extra>" if by_day else "%{x|%b %Y}: %{y}<extra></extra>"
    fig = go.Figure()
    fig.add_bar(
        name=t("overview.new"),
        x=keys,
        y=list(periods.values()),
        marker_color=theme.primary(),
        hovertemplate=hover,
    )
    fig.add_scatter(
        name=t("overview.total"),
        x=keys,
        y=totals,
        mode="lines+markers",
        line={"color": "#1d2733"},
        hovertemplate=hover,
    )
    if by_day:
        fig.update_xaxes(title_text=t("overview.axis_day"), type="category")
    else:
        fig.update_xaxes(title_text=t("overview.axis_month"), type="date", tickformat="%b %Y")
    fig.update_yaxes(title_text=t("overview.axis_participants"), rangemode="tozero")
    fig.update_layout(
        height=360,
        margin=MARGIN,
        modebar=MODEBAR,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        font={"family": theme.font()},
    )
    name = day if by_day else month_name
    detail = t("text.semicolon").join(
        f"{name(k)}: +{n} ({total})" for (k, n), total in zip(periods.items(), totals, strict=True)
    )
    return fig, t("overview.trend_alt", detail=detail or t("number.no_data"))


# -- gender balance --------------------------------------------------------------


MAX_BARS = 20  # a chart of more shows the largest and one bar for the rest


def largest(groups: list[dict], others_key: str, limit: int = MAX_BARS) -> list[dict]:
    """Groups with people, by label; past ``limit``, the ``limit`` - 1 largest
    (most people first) and one group summing the rest, labelled by
    ``others_key`` (a catalogue key taking ``n``, how many it sums) and with
    no key, so a click on it narrows nothing. 2,000 courses would draw 2,000
    bars that nobody can read and the browser takes seconds to lay out."""
    shown = sorted((g for g in groups if g["n"]), key=lambda g: g["label"])
    if len(shown) <= limit:
        return shown
    shown.sort(key=lambda g: (-g["n"], g["label"]))
    rest = shown[limit - 1 :]
    other = {
        "key": None,
        "label": t(others_key, n=len(rest)),
        "n": sum(g["n"] for g in rest),
        "n_women": sum(g["n_women"] for g in rest),
    }
    return [*shown[: limit - 1], other]


def women_share_bars(
    groups: list[dict], axis_key: str, others_key: str = "gender_page.other_courses"
) -> tuple[go.Figure, str]:
    """Women's share per group (governorate or course), with the count and
    denominator on each bar, small groups marked, and the target where set;
    past ``MAX_BARS`` groups, the largest and the rest summed (``largest``).
    ``groups``: key (what a click filters on), label, n, n_women, target."""
    shown = largest(groups, others_key)[::-1]  # plotly draws bottom-up: the first on top
    words = [_share_words(g["n_women"], g["n"]) for g in shown]
    labels = [_with_words(_axis_label(g["label"]), w) for g, w in zip(shown, words, strict=True)]
    fig = go.Figure()
    fig.add_bar(
        name=t("gender.female"),
        y=labels,
        x=[100 * g["n_women"] / g["n"] for g in shown],
        orientation="h",
        marker_color=theme.gender_colours()["female"],
        marker_pattern_shape=["/" if is_small(g["n"]) else "" for g in shown],
        hovertext=words,
        customdata=[[g["key"] or "", html_plain(g["label"])] for g in shown],
        hovertemplate="%{customdata[1]}: %{hovertext}<extra></extra>",
    )
    targeted = [g for g in shown if g.get("target") is not None]
    if targeted:
        fig.add_scatter(
            name=t("gender.target"),
            y=[labels[shown.index(g)] for g in targeted],
            x=[100 * g["target"] for g in targeted],
            mode="markers",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#1d2733"}},
            customdata=[[g["key"]] for g in targeted],
            hovertext=[html_plain(g["label"]) for g in targeted],
            hovertemplate="%{hovertext}: " + t("gender.target") + " %{x:.0f}%<extra></extra>",
        )
    fig.update_xaxes(title_text=t("gender.axis_share"), range=[0, 100], ticksuffix="%")
    fig.update_yaxes(title_text=t(axis_key))
    detail = t("text.semicolon").join(
        f"{g['label']} {w}" for g, w in zip(reversed(shown), reversed(words), strict=True)
    )
    return _layout(fig, len(shown)), t("gender.bars_alt", detail=detail or t("number.no_data"))


def _short(label: str, limit: int = 28) -> str:
    """An axis label that leaves the bars room; the hover shows it whole."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _axis_label(label: str) -> str:
    """A label from a file (a course's name) as a Plotly axis shows it:
    shortened, and as plain text (Plotly reads <a href> in labels)."""
    return html_plain(_short(label))


def _share_words(n: int, d: int) -> str:
    words = share(n, d)
    return words + " ⚠" if is_small(d) else words


# -- follow-up ---------------------------------------------------------------------

PATHWAY = ("trained", *STAGES)


def pathway_funnel(progress: dict, planned: dict[str, int | None]) -> tuple[go.Figure, str]:
    """The pathway from training to training of trainers, as a funnel; each
    stage with its count and share of those trained. ``planned``: the target
    per stage ("trained" and each of STAGES), None where none is set."""
    trained = progress["n_trained"]
    counts = [progress[f"n_{stage}"] for stage in PATHWAY]
    labels = [_stage_label(s) for s in PATHWAY]
    words = [share(n, trained) for n in counts]
    for i, stage in enumerate(PATHWAY):
        if planned.get(stage):
            of_plan = t("follow_up.of_planned", n=counts[i], planned=planned[stage])
            words[i] = of_plan if stage == "trained" else f"{words[i]} · {of_plan}"
    colours = theme.stage_colours()
    fig = go.Figure(
        go.Funnel(
            y=[_with_words(label, w) for label, w in zip(labels, words, strict=True)],
            x=counts,
            text=words,
            textinfo="none",  # the words stand under each stage's name, never cut
            marker={"color": [colours[s] for s in PATHWAY]},
            customdata=[[s] for s in PATHWAY],
            hovertext=labels,
            hovertemplate="%{hovertext}: %{text}<extra></extra>",
            connector={"line": {"color": "#9aa5b1", "width": 1}},
        )
    )
    fig.update_layout(
        height=360,
        margin=MARGIN,
        modebar=MODEBAR,
        font={"family": theme.font()},
    )
    detail = t("text.semicolon").join(
        f"{label} {w}" for label, w in zip(labels, words, strict=True)
    )
    return fig, t("follow_up.funnel_alt", detail=detail)


def _stage_label(stage: str) -> str:
    return t("follow_up.trained") if stage == "trained" else t(f"stage.{stage}")
