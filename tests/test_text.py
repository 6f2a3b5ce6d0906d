import random
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from dashboard.text import (
    _SPACE_CHARS,
    by_distinct,
    clean_column,
    clean_display,
    fold,
    fold_column,
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("  Ahmed   ALI ", "ahmed ali"),
        ("Salāh ad-Dīn", "salah ad din"),
        ("At-Ta'mim", "at tamim"),
        ("Muḥammad ʿAlī", "muhammad ali"),
        # Arabic letter variants: alef forms, alef maqsura, teh marbuta, tatweel, harakat
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("مصطفى", "مصطفي"),
        ("فاطمة", "فاطمه"),
        ("مـحـمـد", "محمد"),
        ("مُحَمَّد", "محمد"),
        # Kurdish letters fold onto their Arabic look-alikes
        ("کەرکووک", "كهركووك"),
        ("ئاڤین", "ياڤين"),
        # Arabic-Indic and Extended Arabic-Indic digits
        ("١١/١٢/٢٠١٧", "11 12 2017"),
        ("۰۷۵۰", "0750"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(written, key):
    assert fold(written) == key


def test_variants_of_one_name_fold_alike():
    assert fold("أحمد  علي") == fold("احمد علي ") == fold("اَحمد عَلي")


def test_display_keeps_what_was_written_but_spacing():
    assert clean_display("  زينب   حسن ") == "زينب حسن"


def test_space_class_is_every_character_python_splits_on():
    every = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(_SPACE_CHARS) == every
    assert len(_SPACE_CHARS) == 29


# Pieces that make folding hard: letter variants, marks (combining and
# precomposed), tatweel, apostrophes, digits, punctuation and odd spaces.
_PIECES = [
    "Ahmed", "ALI", "al-", "Ta'mim", "Salāh", "Muḥammad", "ʿAlī", "ß", "Σ", "İ", "ﬁ",
    "أحمد", "إبراهيم", "مصطفى", "فاطمة", "مـحـمـد", "مُحَمَّد", "کەرکووک", "ئاڤین", "ۀ",
    "١١/١٢", "۰۷۵۰", "42", "-", "_", "(2)", "é", "e\u0301", "\u0301",
    " ", "  ", "\u00a0", "\u2003", "\t", "\u200b", "\u3000",
]  # fmt: skip


def test_column_versions_agree_with_one_value_versions():
    rng = random.Random(7)
    written = [
        "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 6))) for _ in range(5000)
    ] + [None, "", "   "]
    cleaned = clean_column(pa.array(written, pa.string()))
    assert cleaned.to_pylist() == [clean_display(w) or None for w in written]
    assert fold_column(cleaned).to_pylist() == [
        fold(c) if c is not None else None for c in cleaned.to_pylist()
    ]
    chunked = pa.chunked_array([written[:100], written[100:]], pa.string())
    assert fold_column(chunked).to_pylist() == [fold(w) if w is not None else None for w in written]


def test_columns_of_few_values_fold_and_clean_as_columns_of_many():
    """A course or a governorate repeats down 100,000 rows: it is cleaned and
    folded once per distinct cell (by_distinct), a column of names cell by
    cell; both ways give what the one-value versions give."""
    rng = random.Random(11)
    few = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4))) for _ in range(40)]
    written = [rng.choice(few) for _ in range(9000)] + [None, "", "   "]
    rng.shuffle(written)
    column = pa.array(written, pa.string())
    assert pc.count_distinct(column.slice(0, 4096)).as_py() * 4 <= 4096  # the encoded way
    cleaned = clean_column(column)
    assert cleaned.to_pylist() == [clean_display(w) or None for w in written]
    assert fold_column(column).to_pylist() == [fold(w) if w is not None else None for w in written]
    assert by_distinct(column, pc.utf8_length).to_pylist() == [
        len(w) if w is not None else None for w in written
    ]


def test_a_column_mostly_clean_has_only_its_unclean_cells_cleaned():
    written = [f"Name {i}" for i in range(6000)] + [f" Name\u00a0 {i} " for i in range(100)]
    written += ["", "  ", None]
    assert clean_column(pa.array(written, pa.string())).to_pylist() == [
        clean_display(w) or None for w in written
    ]
