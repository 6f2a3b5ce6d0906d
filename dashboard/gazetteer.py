"""Iraq's 18 governorates: P-codes, names in three languages, spelling variants.

Shipped in ``data/gazetteer/``: ``governorates.csv`` (compiled from OCHA COD-AB
and other public sources, see ``data/ATTRIBUTION.md``) and ``aliases.csv``
(spellings the project added). ``resolve`` turns any of them, written any way
(case, spacing, "al-" prefixes, "Governorate of", Arabic letter variants), into
a COD-AB 2019 P-code such as ``IQG15``, or ``None`` when it cannot tell.
A district written where the governorate should be (Mosul, Tikrit, Akre) resolves
to its governorate through ``districts.csv`` (open-admin-data, 101 districts).
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache

from dashboard import DATA
from dashboard.i18n import current
from dashboard.text import fold

GAZETTEER = DATA / "gazetteer"

# Words that say "governorate" or are articles: they never tell two places apart.
_NOISE = frozenset(
    fold(w)
    for w in [
        *("governorate", "province", "muhafazat", "muhafazah", "muhafaza", "gov"),
        *("al", "el", "as", "an", "at", "ad", "ar", "az", "ash", "ath"),
        *("محافظة", "محافظه", "پارێزگای", "پارێزگا"),
    ]
)


@dataclass(frozen=True)
class Governorate:
    pcode: str
    name_en: str
    name_ar: str
    name_ku: str
    codes: tuple[str, ...]  # P-code 2019, ISO 3166-2, OCHA 2014 P-code ("IQ-Gnn")
    spellings: tuple[str, ...]  # every way we know its name is written

    def name(self, language: str | None = None) -> str:
        """Its name in ``language`` (the run's, unless given)."""
        language = language or current()
        return {"ar": self.name_ar, "ckb": self.name_ku}.get(language) or self.name_en


def key(name: object) -> str:
    """The matching key of a place name: folded, noise words and the Arabic
    article dropped, no separators ("Al-Anbar", "ANBAR", "الأنبار" → one key
    per script)."""
    words = []
    for word in fold(name).split():
        if word in _NOISE:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return "".join(words)


@cache
def governorates() -> tuple[Governorate, ...]:
    with open(GAZETTEER / "governorates.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(GAZETTEER / "aliases.csv", encoding="utf-8", newline="") as f:
        aliases: dict[str, list[str]] = {}
        for row in csv.DictReader(f):
            aliases.setdefault(row["pcode"], []).append(row["alias"])
    out = []
    for row in rows:
        spellings = [
            row["name_en"],
            row["name_ar"],
            row["name_ku"],
            *row["variants"].split("|"),
            *aliases.get(row["pcode"], []),
        ]
        out.append(
            Governorate(
                pcode=row["pcode"],
                name_en=row["name_en"],
                name_ar=row["name_ar"],
                name_ku=row["name_ku"],
                codes=(row["pcode"], row["iso_3166_2"], row["pcode_ocha_2014"]),
                spellings=tuple(s for s in spellings if s),
            )
        )
    return tuple(out)


@cache
def _codes() -> dict[str, str]:
    # Codes match exactly (hyphen included): IQ-G08 (OCHA 2014) is Duhok, IQG08 is Baghdad.
    return {code: gov.pcode for gov in governorates() for code in gov.codes if code}


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for gov in governorates():
        for spelling in gov.spellings:
            k = key(spelling)
            other = index.setdefault(k, gov.pcode)
            if other != gov.pcode:
                raise ValueError(f"gazetteer: {spelling!r} names both {other} and {gov.pcode}")
    return index


@cache
def _districts() -> dict[str, str]:
    """District name key -> its governorate's P-code; governorate names win."""
    index: dict[str, str] = {}
    with open(GAZETTEER / "districts.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            index[row["pcode"]] = row["governorate_pcode"]
            for name in (row["name_en"], row["name_ar"]):
                index.setdefault(key(name), row["governorate_pcode"])
    return index


def resolve(name: object) -> str | None:
    """The P-code of a governorate written any known way, or of the
    governorate of a district written instead, else ``None``."""
    if name is None:
        return None
    code = str(name).strip().upper()
    if code in _codes():
        return _codes()[code]
    if code in _districts():  # a district P-code such as IQG15Q01
        return _districts()[code]
    k = key(name)
    if not k:
        return None
    return _index().get(k) or _districts().get(k)


def by_pcode(pcode: str) -> Governorate:
    return next(g for g in governorates() if g.pcode == pcode)


def suggest(name: object) -> str | None:
    """The English name of the governorate closest to an unknown spelling."""
    k = key(name)
    if not k:
        return None
    match = difflib.get_close_matches(k, _index(), n=1, cutoff=0.75)
    return by_pcode(_index()[match[0]]).name_en if match else None


def sync_table(cur) -> None:
    """Refresh the ``governorates`` table from the shipped files."""
    cur.execute("delete from governorates")
    cur.executemany(
        "insert into governorates values (?, ?, ?, ?)",
        [(g.pcode, g.name_en, g.name_ar, g.name_ku) for g in governorates()],
    )
