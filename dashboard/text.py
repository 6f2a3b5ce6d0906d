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

import pyarrow as pa
import pyarrow.compute as pc

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


# Every character for which str.isspace() holds (tests check the list), as one
# character class that Python's re and Arrow's RE2 both read the same way.
_SPACE_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACES = f"[{_SPACE_CHARS}]+"
_SPACES_RE = re.compile(_SPACES)


def clean_display(text: object) -> str:
    """What a person wrote, with surrounding and doubled spaces removed."""
    if text is None:
        return ""
    return _SPACES_RE.sub(" ", str(text)).strip(" ")


# A cell that clean_display would change (finding one is ten times faster than
# replacing in every cell). The spaces beyond ASCII are looked for only in
# cells beyond ASCII: a class of them slows the search over every cell.
_ASCII_SPACES = "".join(ch for ch in _SPACE_CHARS if ch.isascii() and ch != " ")
_UNCLEAN_ASCII = f"^ | $|  |[{_ASCII_SPACES}]"
_WIDE_SPACES = f"[{''.join(ch for ch in _SPACE_CHARS if not ch.isascii())}]"


def _unclean(values: pa.Array) -> pa.Array:
    unclean = pc.fill_null(pc.match_substring_regex(values, _UNCLEAN_ASCII), False)
    wide = pc.invert(pc.fill_null(pc.string_is_ascii(values), True))
    if pc.any(wide).as_py():
        found = pc.match_substring_regex(pc.filter(values, wide), _WIDE_SPACES)
        unclean = pc.or_(unclean, pc.replace_with_mask(pa.repeat(False, len(values)), wide, found))
    return unclean


_SAMPLE = 4096  # cells looked at to tell a column of few values from one of many


def by_distinct(values: pa.Array | pa.ChunkedArray, fn) -> pa.Array:
    """``fn`` (a column in, a column as long out) over a column of text,
    computed once per distinct cell when the cells repeat (a course, a
    governorate, a gender: a few values down 100,000 rows), over every cell
    when they do not (names): encoding them would cost more than it saves."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    sample = values.slice(0, _SAMPLE)
    if len(values) <= _SAMPLE or pc.count_distinct(sample).as_py() * 4 > len(sample):
        return fn(values)
    encoded = pc.dictionary_encode(values)
    return fn(encoded.dictionary).take(encoded.indices)


def clean_column(values: pa.Array) -> pa.Array:
    """``clean_display`` over a column, with blank cells as nulls."""
    return by_distinct(values, _clean)


def _clean(values: pa.Array) -> pa.Array:
    unclean = _unclean(values)
    n_unclean = pc.sum(unclean).as_py() or 0
    if n_unclean * 4 > len(values):  # most cells: replacing in all is cheaper than picking
        values = pc.utf8_trim(pc.replace_substring_regex(values, _SPACES, " "), " ")
    elif n_unclean:
        spaced = pc.filter(values, unclean)
        cleaned = pc.utf8_trim(pc.replace_substring_regex(spaced, _SPACES, " "), " ")
        values = pc.replace_with_mask(values, unclean, cleaned)
    empty = pc.equal(pc.binary_length(values), 0)
    if not pc.any(empty).as_py():
        return values
    return pc.if_else(empty, pa.scalar(None, pa.string()), values)


_PLAIN_WORD = r"^[0-9A-Za-z]+$"


def fold_column(values: pa.Array) -> pa.Array:
    """``fold`` over a column of text (nulls stay null), computed once
    per distinct word: in a roster of 100,000 names the words repeat even
    where the names do not. Folding a name word by word is folding it whole,
    because spaces only ever separate words in a key."""
    return by_distinct(values, _fold_words)


def _fold_words(values: pa.Array) -> pa.Array:
    words = pc.split_pattern(values, " ")
    encoded = pc.dictionary_encode(pc.list_flatten(words))
    distinct = encoded.dictionary
    plain = pc.match_substring_regex(distinct, _PLAIN_WORD)
    other = pc.filter(distinct, pc.invert(plain))
    folded_other = pa.array([fold(w) for w in other.to_pylist()], pa.string())
    # Letters and digits alone fold to their lower case; the rest in Python.
    folded = pc.replace_with_mask(pc.utf8_lower(distinct), pc.invert(plain), folded_other)
    joined = pc.binary_join(
        pa.ListArray.from_arrays(words.offsets, folded.take(encoded.indices), mask=words.is_null()),
        " ",
    )
    if not pc.any(pc.equal(folded, "")).as_py():
        return joined
    # A word that folds to nothing (a lone "-") leaves a double space behind.
    return pc.utf8_trim(pc.replace_substring_regex(joined, " {2,}", " "), " ")


def digits(text: str) -> str:
    """Arabic-Indic and Extended Arabic-Indic digits as ASCII digits."""
    return text.translate(_LETTERS)


# Everything Markdown (and Streamlit's own :directives:, $math$ and emoji
# shortcodes) gives a meaning to: escaped, the text reads as written.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$^=&\"'@%])")


def markdown_plain(text: object) -> str:
    """Text from a file or a URL, safe to show through Markdown (``st.markdown``,
    ``st.caption``, labels): every character that Markdown reads as markup is
    escaped, so ``[x](https://…)`` stays those characters and loads nothing."""
    s = "" if text is None else str(text)
    s = " ".join(s.split("\n")) if "\n" in s else s
    return _MARKDOWN.sub(r"\\\1", s)


def html_plain(text: object) -> str:
    """Text from a file, safe in a Plotly label or hover (which read a little
    HTML: ``<a href>``, ``<b>``): ``<``, ``>`` and ``&`` as entities."""
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
