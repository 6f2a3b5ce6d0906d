"""Selection events in the shape Streamlit sends them for a Plotly chart.

Recorded from the running app in headless Chromium (a click on a bar of
``charts.participants_by_governorate``), the event is::

    {"selection": {"points": [{"curve_number": 0, "point_number": 1,
      "point_index": 1, "x": 6, "y": "Kirkuk", "label": "Kirkuk", "value": 6,
      "customdata": ["IQG13", "female"], "text": "6"}],
      "point_indices": [1], "box": [], "lasso": []}}

``click`` builds that shape from a figure's own trace data, so a test feeds a
page's callback what the browser would, not a hand-made point.
"""

from __future__ import annotations


def point(figure, curve: int, index: int) -> dict:
    trace = figure.data[curve]
    out = {"curve_number": curve, "point_number": index, "point_index": index}
    for name in ("x", "y", "text", "customdata", "locations", "z"):
        values = getattr(trace, name, None)
        if values is not None and not isinstance(values, str) and len(values) > index:
            out["location" if name == "locations" else name] = _plain(values[index])
    if trace.type == "bar":
        horizontal = trace.orientation == "h"
        out["label"], out["value"] = (out["y"], out["x"]) if horizontal else (out["x"], out["y"])
    return out


def click(figure, curve: int, index: int) -> dict:
    return {
        "selection": {
            "points": [point(figure, curve, index)],
            "point_indices": [index],
            "box": [],
            "lasso": [],
        }
    }


def _plain(value):
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value.item() if hasattr(value, "item") else value
