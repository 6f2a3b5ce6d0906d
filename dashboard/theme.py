"""Chart colours, read from ``.streamlit/config.toml`` so they are fixed once."""

from __future__ import annotations

import tomllib
from functools import cache

from dashboard import GENDERS, ROOT, STAGES

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


def primary() -> str:
    return _theme()["primaryColor"]


def stage_colours() -> dict[str, str]:
    """Trained, then each follow-up stage, in the order of the pathway."""
    palette = _theme()["chartCategoricalColors"][len(GENDERS) :]
    return dict(zip(("trained", *STAGES), palette, strict=False))
