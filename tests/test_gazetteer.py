"""The gazetteer: every spelling in the corpus resolves; nothing else does silently."""

import csv
import json

import pytest

from dashboard import DATA, gazetteer
from tests.conftest import CORPUS


def _corpus_rows():
    path = CORPUS / "geo" / "governorates.csv"
    source = path if path.exists() else DATA / "gazetteer" / "governorates.csv"
    with open(source, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _spellings():
    for row in _corpus_rows():
        for column in ("name_en", "name_ar", "name_ku", "pcode", "iso_3166_2", "pcode_ocha_2014"):
            yield row[column], row["pcode"]
        for variant in row["variants"].split("|"):
            yield variant, row["pcode"]


def test_shipped_copy_is_the_corpus_file(corpus):
    shipped = (DATA / "gazetteer" / "governorates.csv").read_bytes()
    assert shipped == (corpus / "geo" / "governorates.csv").read_bytes()


@pytest.mark.parametrize(("spelling", "pcode"), list(_spellings()))
def test_every_corpus_spelling_resolves_to_its_pcode(spelling, pcode):
    assert gazetteer.resolve(spelling) == pcode


def test_there_are_18_governorates_and_175_variants():
    rows = _corpus_rows()
    assert len(rows) == 18
    assert sum(len(r["variants"].split("|")) for r in rows) == 175
    assert len(gazetteer.governorates()) == 18


@pytest.mark.parametrize(
    ("written", "pcode"),
    [
        ("ninewa", "IQG15"),
        ("  NINEWA  ", "IQG15"),
        ("Ninewa Governorate", "IQG15"),
        ("نينوي", "IQG15"),  # alef maqsura typed as yeh
        ("محافظه نينوى", "IQG15"),  # teh marbuta typed as heh
        ("Al Anbar", "IQG01"),
        ("al-anbar", "IQG01"),
        ("الأنبار", "IQG01"),
        ("انبار", "IQG01"),
        ("Salah al-Din", "IQG16"),
        ("salah  al din", "IQG16"),
        ("صلاح  الدين", "IQG16"),
        ("Muhafazat Kirkuk", "IQG13"),
        ("كركوك", "IQG13"),
        ("Halabja", "IQG06"),  # inside the Al-Sulaymaniyah polygon in COD-AB 2019
        # P-codes: the 2014 scheme (with hyphen) numbers differently
        ("IQG08", "IQG08"),
        ("IQ-G08", "IQG09"),
        ("iq-g16", "IQG18"),
        ("IQ-NI", "IQG15"),
    ],
)
def test_resolves_written_variants(written, pcode):
    assert gazetteer.resolve(written) == pcode


@pytest.mark.parametrize(
    "written",
    [None, "", "   ", "al", "Atlantis", "Damascus", "Kirkok", "Governorate", "IQG19", "IQG15Q99"],
)
def test_unknown_names_do_not_resolve(written):
    assert gazetteer.resolve(written) is None


@pytest.mark.parametrize(
    ("district", "pcode"),
    [
        ("Mosul", "IQG15"),  # Al-Mosul district, Ninewa
        ("الموصل", "IQG15"),
        ("Tikrit", "IQG16"),  # Salah al-Din
        ("تكريت", "IQG16"),
        ("Akre", "IQG15"),  # Aqra, as the 3W file in the corpus writes it
        ("Zakho", "IQG09"),  # Duhok
        ("Tooz Khurmato", "IQG16"),
        ("Khanaqin", "IQG10"),  # Diyala
        ("IQG15Q01", "IQG15"),  # a district P-code
    ],
)
def test_a_district_in_the_governorate_column_resolves_to_its_governorate(district, pcode):
    assert gazetteer.resolve(district) == pcode


def test_every_shipped_district_resolves_to_its_own_governorate():
    import csv

    with open(gazetteer.GAZETTEER / "districts.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 101
    for row in rows:
        for name in (row["name_en"], row["name_ar"], row["pcode"]):
            own = gazetteer.resolve(name)
            # a district named as its governorate (Kirkuk, Erbil) resolves the same way
            assert own == row["governorate_pcode"], (name, own)


def test_suggests_the_closest_name_for_a_typo():
    assert gazetteer.suggest("Kirkok") == "Kirkuk"
    assert gazetteer.suggest("Diyalla") == "Diyala"
    assert gazetteer.suggest("Paris") is None


def test_every_boundary_has_a_gazetteer_entry(corpus):
    geo = json.loads((corpus / "geo" / "iraq_governorates.geojson").read_text(encoding="utf-8"))
    pcodes = {f["properties"]["ADM1_PCODE"] for f in geo["features"]}
    assert pcodes == {g.pcode for g in gazetteer.governorates()}
