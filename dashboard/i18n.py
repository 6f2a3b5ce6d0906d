"""One translation function, backed by gettext catalogues in ``locales/``.

``t("overview.participants")`` returns the text in the current language;
``{name}`` placeholders are filled from keyword arguments. The English source
is ``locales/messages.pot`` (each message's key is its ``msgctxt``, its
English text the ``msgid``); each language is a ``.po`` file beside it
(``locales/ar/LC_MESSAGES/messages.po``), which Babel compiles when first
asked for and Python's ``gettext`` reads, plural rules included (Arabic has
six forms, Kurdish Sorani two). A message not translated yet reads in English.

The current language is one value for the whole run: a ``ContextVar`` the
launcher sets from the URL (``?lang=ar``), so modules that never import
Streamlit (ingest, export, narrative) speak it too. Pages never hold
user-visible text of their own.
"""

from __future__ import annotations

import copy
import gettext
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "ar", "ckb")
# Each language's name in itself: what the switch offers.
NATIVE_NAMES = {"en": "English", "ar": "العربية", "ckb": "کوردی"}
RIGHT_TO_LEFT = frozenset({"ar", "ckb"})
SMALL_GROUP = 5

_language: ContextVar[str] = ContextVar("oversight_language", default=DEFAULT_LANGUAGE)

# Digits: Western (0-9) in every language by default, as Iraqi offices type
# them; OVERSIGHT_DIGITS=arabic-indic writes Arabic and Kurdish numbers in
# Arabic-Indic digits (٠-٩, CLDR's "arab" numbering of both) instead.
DIGITS_SETTING = "OVERSIGHT_DIGITS"
_ARABIC_INDIC = str.maketrans("0123456789.%", "٠١٢٣٤٥٦٧٨٩٫٪")


def language_of(code: object) -> str:
    """The language a URL's ``lang=`` names, or English for anything else."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def current() -> str:
    """The language this run speaks."""
    return _language.get()


def use(language: object) -> str:
    """Speak ``language`` for the rest of this run (of this thread or task)."""
    chosen = language_of(language)
    _language.set(chosen)
    return chosen


@contextmanager
def speaking(language: object) -> Iterator[str]:
    """Speak ``language`` inside the block, then what was spoken before."""
    token = _language.set(language_of(language))
    try:
        yield token.var.get()
    finally:
        _language.reset(token)


def _po(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / "messages.po"


@cache
def _read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=None if path.suffix == ".pot" else path.parents[1].name)


@cache
def source() -> dict[str, str | tuple[str, str]]:
    """Every message's English text by key: a string, or (singular, plural)."""
    return {m.context: m.id for m in _read(LOCALES / "messages.pot") if m.id and m.context}


# In right-to-left text, each value is isolated (FSI … PDI) so that a number,
# a percentage or a Latin name keeps its own direction: "16 من 20 — 80%".
_PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^{}]*)?\}")
_NOT_ISOLATED = frozenset({"export.file_stem"})  # a file name, not text to read


def plain(text: str) -> str:
    """Text without the bidi isolates ``t`` puts around values: for a reader
    that lays text out by itself (a terminal, a program reading JSON)."""
    return _ISOLATES.sub("", text)


_ISOLATES = re.compile("[\u2066-\u2069]")


def _isolated(text: str) -> str:
    return _PLACEHOLDER.sub(lambda p: f"\u2068{p.group()}\u2069", text)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    catalog = _read(_po(language))
    if language in RIGHT_TO_LEFT:
        catalog = copy.deepcopy(catalog)  # the catalogue as written stays as written
        for m in catalog:
            if m.context and m.context not in _NOT_ISOLATED and m.string:
                m.string = (
                    tuple(map(_isolated, m.string)) if isinstance(m.string, tuple)
                    else _isolated(m.string)
                )  # fmt: skip
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy translations are left out: they read in English
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str | tuple[str, ...]]:
    """A language's messages by key, as its catalogue holds them (English:
    the source's text; others: the translations, empty where there is none)."""
    if language == DEFAULT_LANGUAGE:
        return source()
    return {m.context: m.string for m in _read(_po(language)) if m.id and m.context}


def t(key: str, language: str | None = None, **values) -> str:
    """The message ``key`` in ``language`` (the run's, unless given), English
    where it has no translation. A message with plural forms takes the one
    ``n`` calls for, by the language's plural rule; numbers are written in
    the language's digits."""
    language = language or current()
    english = source()[key]
    translations = _translations(language)
    if isinstance(english, tuple):
        text = translations.npgettext(key, *english, abs(values["n"]))
    else:
        text = translations.pgettext(key, english)
    if not values:
        return text
    if _arabic_indic(language):
        values = {
            k: number(v, language) if _is_number(v) and f"{{{k}:" not in text else v
            for k, v in values.items()
        }
    return text.format(**values)


def listed(items) -> str:
    """Items as a list in the run's language: "a, b" / "a، b"."""
    return t("text.comma").join(items)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _arabic_indic(language: str) -> bool:
    return language in RIGHT_TO_LEFT and os.environ.get(DIGITS_SETTING) == "arabic-indic"


def number(value: float | str, language: str | None = None) -> str:
    """A number, or a figure already written ("30%"), in the language's
    digits: Western unless ``OVERSIGHT_DIGITS=arabic-indic`` asks for
    Arabic-Indic in Arabic and Kurdish."""
    text = str(value)
    return text.translate(_ARABIC_INDIC) if _arabic_indic(language or current()) else text


@dataclass(frozen=True)
class Message:
    """A message kept as its catalogue key and values, rendered when shown:
    what ingest says about a row or a sheet is stored this way, so it can be
    read later in any language. Values are plain text, numbers or Messages."""

    key: str
    values: dict = field(default_factory=dict, hash=False)

    def render(self, language: str | None = None) -> str:
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


def direction(language: str | None = None) -> str:
    return "rtl" if (language or current()) in RIGHT_TO_LEFT else "ltr"


# Babel's (CLDR's) locale for each language: Iraq's Arabic and Kurdish, whose
# month names are Iraq's (كانون الأول, کانونی یەکەم).
BABEL_LOCALES = {"en": "en", "ar": "ar_IQ", "ckb": "ckb_IQ"}


def _date(value: date, pattern: str, language: str | None) -> str:
    from babel.dates import format_date

    language = language or current()
    return number(format_date(value, pattern, locale=BABEL_LOCALES[language]), language)


def day(value: date | None, language: str | None = None) -> str:
    """A calendar date as people read it: "11 Dec 2017", "11 كانون الأول 2017"."""
    if value is None:
        return t("number.no_date", language)
    return _date(value, "d MMM y", language)


def percent(n: int, d: int, language: str | None = None) -> str:
    return number(f"{n / d:.0%}", language) if d else t("number.no_data", language)


def share(n: int, d: int, language: str | None = None) -> str:
    """A part of a whole with its count and denominator: "18 of 60 — 30%"."""
    if not d:
        return t("number.no_data", language)
    return t("number.share", language, n=n, d=d, percent=percent(n, d, language))


def is_small(n: int | None) -> bool:
    """Groups under five people: their percentages swing on one person."""
    return n is not None and 0 < n < SMALL_GROUP


def month_name(value: date, language: str | None = None) -> str:
    """A month as people read it: "Dec 2017"."""
    return _date(value, "MMM y", language)
