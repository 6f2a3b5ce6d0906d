"""Every message the code asks for is in the English catalogue, and every
message is translated into Arabic and Kurdish with the same placeholders."""

import re
from datetime import date

import pytest

from dashboard import ROOT
from dashboard.i18n import catalogue, day, direction, percent, share, t

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


def test_a_message_with_plural_forms_always_has_the_count():
    plural = {k: v for k, v in catalogue("en").items() if isinstance(v, tuple)}
    assert len(plural) >= 15
    assert all("{n}" in forms[1] for forms in plural.values())


def test_arabic_plural_forms_follow_cldr():
    """The catalogue's gettext rule picks the form CLDR names, for any count."""
    from babel import Locale

    from dashboard.i18n import _translations

    order = ["zero", "one", "two", "few", "many", "other"]
    rule, cldr = _translations("ar").plural, Locale.parse("ar").plural_form
    assert [order[rule(n)] for n in range(1000)] == [cldr(n) for n in range(1000)]


PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::[^{}]*)?\}")
TRANSLATED = ["ar", "ckb"]


def _forms(text) -> list[str]:
    return list(text) if isinstance(text, tuple) else [text]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    from dashboard.i18n import _po, _read

    source = catalogue("en")
    catalog = _read(_po(language))
    entries = {m.context: m for m in catalog if m.id and m.context}
    assert sorted(set(source) - set(entries)) == []  # every key is in the language's file
    assert sorted(set(entries) - set(source)) == []  # and none the source no longer has
    # A translation of English text that has since changed is out of date.
    assert [k for k, m in entries.items() if m.id != source[k]] == []
    assert [k for k, m in entries.items() if m.fuzzy] == []
    untranslated = [k for k, m in entries.items() if not all(_forms(m.string))]
    assert untranslated == []
    plural = [k for k, m in entries.items() if isinstance(m.string, tuple)]
    assert {len(entries[k].string) for k in plural} == {catalog.num_plurals}


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_the_same_in_every_language(language):
    source = catalogue("en")
    differ = {}
    for key, text in catalogue(language).items():
        wanted = {p for form in _forms(source[key]) for p in PLACEHOLDER.findall(form)}
        for form in _forms(text):
            if set(PLACEHOLDER.findall(form)) != wanted:
                differ[key] = (sorted(wanted), form)
    assert differ == {}


def test_each_language_speaks_its_own_plurals_and_keeps_numbers_left_to_right():
    from dashboard.i18n import speaking

    with speaking("ar"):
        assert t("people.count", n=2) == "\u20682\u2069 مشاركان"
        assert t("people.count", n=5) == "\u20685\u2069 مشاركين"
        assert t("people.count", n=11) == "\u206811\u2069 مشاركًا"
        assert share(16, 20) == "\u206816\u2069 من \u206820\u2069 — \u206880%\u2069"
        assert direction() == "rtl"
    with speaking("ckb"):
        assert t("nav.follow_up") == "بەدواداچوون"
        assert t("people.count", n=1, language="en") == "1 participant"
    assert t("nav.follow_up") == "Follow-up"  # the block's language ended with it
    assert direction() == "ltr"


def test_an_unknown_language_reads_as_english():
    from dashboard.i18n import language_of, speaking

    assert language_of("fr") == "en"
    assert language_of(None) == "en"
    with speaking("<script>"):
        assert t("nav.coverage") == "Coverage"


def test_digits_are_western_unless_the_setting_asks_for_arabic_indic(monkeypatch):
    from dashboard.i18n import number, speaking

    with speaking("ar"):
        assert t("people.count", n=60) == "\u206860\u2069 مشاركًا"
        assert percent(18, 60) == "30%"
        monkeypatch.setenv("OVERSIGHT_DIGITS", "arabic-indic")
        assert t("people.count", n=60) == "\u2068٦٠\u2069 مشاركًا"
        assert percent(18, 60) == "٣٠٪"
        assert number(1201) == "١٢٠١"
        assert (
            t("gender_page.tot_expected", cohort="30%", expected=3.6, n=12, actual=3).count("3.6")
            == 1
        )  # a value with its own format keeps it
    with speaking("ckb"):
        assert number(45) == "٤٥"
    assert t("people.count", n=60) == "60 participants"  # English keeps its digits
    assert number(60) == "60"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_uses_the_glossary_s_words(language):
    """Each term of data/glossary/terms.csv is used by the catalogue as the
    glossary gives it: a reviewer who corrects a word there finds it here."""
    import csv

    with (ROOT / "data" / "glossary" / "terms.csv").open(encoding="utf-8") as f:
        terms = list(csv.DictReader(f))
    assert len(terms) >= 30
    text = " ".join(s for v in catalogue(language).values() for s in _forms(v))
    missing = [
        word
        for row in terms
        for word in row[language].split(" / ")
        if word.strip() and word.strip() not in text
    ]
    assert missing == []
