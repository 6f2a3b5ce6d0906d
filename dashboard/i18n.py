"""One translation function, backed by message catalogues in ``locales/``.

``t("overview.participants")`` returns the text in the current language;
``{name}`` placeholders are filled from keyword arguments. Arabic and Kurdish
come as more catalogues; pages never hold user-visible text of their own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar", "ckb"})
SMALL_GROUP = 5


# CLDR's plural categories: a message that depends on a number is a table of
# them ({ one = "{n} participant", other = "{n} participants" }); Arabic uses
# all six, English and Kurdish "one" and "other".
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


def _flatten(table: dict, prefix: str = "") -> dict[str, str | dict[str, str]]:
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and "other" in value and set(value) <= PLURAL_FORMS:
            out[name] = value
        elif isinstance(value, dict):
            out |= _flatten(value, f"{name}.")
        else:
            out[name] = value
    return out


@cache
def catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str | dict[str, str]]:
    with open(LOCALES / f"{language}.toml", "rb") as f:
        return _flatten(tomllib.load(f))


def languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.toml"))


@cache
def _plural_rule(language: str):
    from babel import Locale

    return Locale.parse(language).plural_form


def t(key: str, language: str = DEFAULT_LANGUAGE, **values) -> str:
    """The message ``key`` in ``language`` (English where it has none yet).
    A message with plural forms takes the one ``n`` calls for, by the
    language's CLDR rules (Babel)."""
    text = catalogue(language).get(key) or catalogue(DEFAULT_LANGUAGE)[key]
    if isinstance(text, dict):
        form = _plural_rule(language)(abs(values["n"]))
        text = text.get(form) or text["other"]
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Message:
    """A message kept as its catalogue key and values, rendered when shown:
    what ingest says about a row or a sheet is stored this way, so it can be
    read later in any language. Values are plain text, numbers or Messages."""

    key: str
    values: dict = field(default_factory=dict, hash=False)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        values = {
            k: v.render(language) if isinstance(v, Message) else v for k, v in self.values.items()
        }
        return t(self.key, language, **values)

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict:
        values = {k: v.to_json() if isinstance(v, Message) else v for k, v in self.values.items()}
        return {"key": self.key, "values": values}

    @classmethod
    def from_json(cls, data: dict | str) -> Message:
        if isinstance(data, str):  # stored before messages were kept as keys
            return cls("text.as_written", {"text": data})
        values = {
            k: cls.from_json(v) if isinstance(v, dict) and "key" in v else v
            for k, v in data.get("values", {}).items()
        }
        return cls(data["key"], values)


def msg(key: str, **values) -> Message:
    """``t``'s twin that waits: the message ``key`` with its values, unrendered."""
    return Message(key, values)


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def day(value: date | None, language: str = DEFAULT_LANGUAGE) -> str:
    """A calendar date as people read it: "11 Dec 2017"."""
    if value is None:
        return t("number.no_date", language)
    month = t(f"month.{value.month}", language)
    return t("number.day", language, d=value.day, month=month, y=value.year)


def percent(n: int, d: int, language: str = DEFAULT_LANGUAGE) -> str:
    return f"{n / d:.0%}" if d else t("number.no_data", language)


def share(n: int, d: int, language: str = DEFAULT_LANGUAGE) -> str:
    """A part of a whole with its count and denominator: "18 of 60 — 30%"."""
    if not d:
        return t("number.no_data", language)
    return t("number.share", language, n=n, d=d, percent=percent(n, d, language))


def is_small(n: int | None) -> bool:
    """Groups under five people: their percentages swing on one person."""
    return n is not None and 0 < n < SMALL_GROUP


def month_name(value: date, language: str = DEFAULT_LANGUAGE) -> str:
    """A month as people read it: "Dec 2017"."""
    return f"{t(f'month.{value.month}', language)} {value.year}"
