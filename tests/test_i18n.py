"""Every message the code asks for is in the English catalogue."""

import re
from datetime import date

import pytest

from dashboard import ROOT
from dashboard.i18n import catalogue, day, direction, percent, t

SOURCES = [*ROOT.glob("dashboard/**/*.py"), ROOT / "streamlit_app.py"]
LITERAL = re.compile(r"""\b(?:t|msg)\(\s*["']([a-z_.0-9]+)["']""")
PREFIX = re.compile(r"""\b(?:t|msg)\(\s*f["']([a-z_.]+)\{""")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_key_used_exists(path):
    text = path.read_text(encoding="utf-8")
    keys = catalogue("en")
    missing = [k for k in LITERAL.findall(text) if k not in keys]
    missing += [p for p in PREFIX.findall(text) if not any(k.startswith(p) for k in keys)]
    assert missing == []


def test_numbers_show_count_and_denominator():
    assert percent(18, 60) == "30%"
    assert percent(0, 0) == "no data"
    assert t("number.of", n=2, d=9) == "2 of 9"


def test_dates_and_direction():
    assert day(date(2017, 12, 11)) == "11 Dec 2017"
    assert day(None) == "no date"
    assert direction("en") == "ltr"
    assert direction("ar") == "rtl"


def test_every_field_and_value_word_has_a_label():
    from dashboard.ingest import vocabulary

    keys = catalogue("en")
    assert [f for f in vocabulary.fields() if f"field.{f}" not in keys] == []
    reasons = ("blank", "repeated_header", "total", "breakdown", "footer", "note", "context")
    assert [r for r in reasons if f"ingest.aside.{r}" not in keys] == []


def test_counts_take_the_plural_their_number_calls_for():
    assert t("people.count", n=1) == "1 participant"
    assert t("people.count", n=0) == "0 participants"
    assert t("people.count", n=60) == "60 participants"
    assert t("uploads_page.unresolved_list", n=1) == "1 unresolved spelling"
    assert t("upload.commit", n=2) == "Commit 2 files"


def test_a_message_with_plural_forms_always_has_the_other_form():
    plural = {k: v for k, v in catalogue("en").items() if isinstance(v, dict)}
    assert len(plural) >= 15
    assert all("other" in forms and "{n}" in forms["other"] for forms in plural.values())


def test_arabic_plural_forms_follow_cldr():
    from dashboard.i18n import _plural_rule

    assert [_plural_rule("ar")(n) for n in (0, 1, 2, 3, 11, 100)] == [
        "zero", "one", "two", "few", "many", "other",
    ]  # fmt: skip
