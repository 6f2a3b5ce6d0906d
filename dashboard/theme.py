"""Chart colours, read from ``.streamlit/config.toml`` so they are fixed once."""

from __future__ import annotations

import tomllib
from functools import cache

from dashboard import GENDERS, ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


@cache
def _theme() -> dict:
    with open(CONFIG, "rb") as f:
        return tomllib.load(f)["theme"]


def gender_colours() -> dict[str, str]:
    palette = _theme()["chartCategoricalColors"]
    return dict(zip(GENDERS, palette, strict=False))


def font() -> str:
    return _theme()["font"]
