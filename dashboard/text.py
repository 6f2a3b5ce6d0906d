"""Folding text for matching: names, governorates, headers, coded values.

What a person wrote is always kept for display; these keys are only compared.
Folding removes what varies between two spellings of the same word in rosters
typed in English, Arabic or Kurdish: case, spacing and punctuation, Latin and
Arabic diacritics, tatweel, Arabic letter variants (أ إ آ ٱ → ا, ى ی → ي,
ة ە → ه, ک → ك, ؤ → و, ئ → ي), and Arabic-Indic digits (٠-٩, ۰-۹ → 0-9).
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian/Kurdish yeh
        "ې": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ە": "ه",  # Kurdish ae
        "ھ": "ه",  # heh doachashmee
        "ک": "ك",  # keheh
        "ڪ": "ك",
        "ـ": None,  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian/Kurdish) digits
        **dict.fromkeys("'’‘ʼʻʿʾ`´", None),  # apostrophes: Ta'mim = Tamim
        "٫": ".",  # Arabic decimal separator
        "٬": ",",  # Arabic thousands separator
    }
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _strip_marks(text: str) -> str:
    """Drop combining marks: Latin accents and Arabic harakat alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: object) -> str:
    """A matching key: lower case, no marks, letter variants folded, words
    separated by single spaces, punctuation gone. ``None`` folds to ``""``."""
    if text is None:
        return ""
    s = _strip_marks(str(text)).casefold().translate(_LETTERS)
    # NFKD split hamza-carrying letters into base + mark; recompose what is left.
    s = unicodedata.normalize("NFC", s)
    return _NON_WORD.sub(" ", s).strip()


def clean_display(text: object) -> str:
    """What a person wrote, with surrounding and doubled spaces removed."""
    if text is None:
        return ""
    return " ".join(str(text).split())


def digits(text: str) -> str:
    """Arabic-Indic and Extended Arabic-Indic digits as ASCII digits."""
    return text.translate(_LETTERS)
