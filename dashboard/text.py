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
# Combining marks common in rosters, dropped without a full decomposition:
# Latin accents as typed decomposed, Arabic harakat, superscript alef, Quranic marks.
_MARKS = dict.fromkeys(
    [*range(0x0300, 0x0370), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)], None
)
_FAST = str.maketrans({**_LETTERS, **_MARKS})
_ASCII = str.maketrans(dict.fromkeys("'`", None))
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
    s = str(text)
    if s.isascii():  # most English names: nothing to decompose or map
        return _NON_WORD.sub(" ", s.lower().translate(_ASCII)).strip()
    s = s.casefold().translate(_FAST)
    if not unicodedata.is_normalized("NFKD", s):
        # Precomposed letters (é, ۀ): split into base + mark, drop the mark,
        # map the base, and recompose what is left.
        s = unicodedata.normalize("NFC", _strip_marks(s).translate(_LETTERS))
    return _NON_WORD.sub(" ", s).strip()


def clean_display(text: object) -> str:
    """What a person wrote, with surrounding and doubled spaces removed."""
    if text is None:
        return ""
    return " ".join(str(text).split())


def digits(text: str) -> str:
    """Arabic-Indic and Extended Arabic-Indic digits as ASCII digits."""
    return text.translate(_LETTERS)
