import pytest

from dashboard.text import clean_display, fold


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
