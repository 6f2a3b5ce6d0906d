"""Rosters shaped the way programme data really arrives, generated.

Each builder writes one workbook the way a tool or a person writes it:
KoboToolbox's XLS export (XML names or labels, group paths, its own
``_uuid``/``_index`` columns, select_one codes, a repeat group on a sheet of
its own joined by ``_parent_index``), an ActivityInfo-style export (code and
name pairs), and sheets kept by hand in English, Arabic and Kurdish (title
blocks, one sheet per governorate, merged cells, subtotals and signature
blocks, names in parts, tick columns under a two-row header). Every person
is made up. Tests write down, beside each use, the numbers the workbook was
built to give.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl import Workbook

D1, D2 = date(2018, 3, 4), date(2018, 3, 8)


def book(
    sheets: dict[str, Sequence[Sequence[object]]], merges: dict[str, Iterable[str]] | None = None
) -> bytes:
    """A workbook from {sheet: rows written from A1}, blank rows as [], with
    merged ranges per sheet ("A5:A9")."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(i, j, value)
        for ref in (merges or {}).get(title, ()):
            ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def people(prefix: str, n: int, start: int = 1) -> list[str]:
    return [f"{prefix} {i}" for i in range(start, start + n)]


# -- tools' exports -------------------------------------------------------------------


KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index"]  # fmt: skip


def kobo_xml_names() -> bytes:
    """KoboToolbox, "XML values and headers": group paths, select_one codes
    (female/male, P-codes), device metadata first and its own columns last.
    5 people: Kirkuk 2 women 1 man, Ninewa 1 woman 1 man."""
    header = ["start", "end", "today", "deviceid", "group_participant/full_name",
              "group_participant/sex", "group_participant/governorate",
              "group_participant/phone_number", "group_course/course_name",
              "group_course/course_start", *KOBO_META]  # fmt: skip
    rows = [
        ["Kobo Test One", "female", "IQG13", "0770 100 0001"],
        ["Kobo Test Two", "female", "IQG13", "0770 100 0002"],
        ["Kobo Test Three", "male", "IQG13", "0770 100 0003"],
        ["Kobo Test Four", "female", "IQG15", "0770 100 0004"],
        ["Kobo Test Five", "male", "IQG15", "0770 100 0005"],
    ]
    body = [
        ["2018-03-04T08:00:00", "2018-03-04T08:05:00", "2018-03-04", "collect:abc", *r,
         "hr_course_2018", "2018-03-04", 1000 + i, f"uuid-{i}", "2018-03-04T08:06:00", "", "", "",
         "enumerator", "vABC", "", i + 1]
        for i, r in enumerate(rows)
    ]  # fmt: skip
    return book({"Human rights course 2018": [header, *body]})


def kobo_labels_arabic() -> bytes:
    """KoboToolbox, "Labels" in Arabic: group label / question label, choice
    labels as values. 4 people: Diyala 1 woman 2 men, Salah al-Din 1 woman."""
    header = ["معلومات المشارك/الاسم الثلاثي", "معلومات المشارك/الجنس",
              "معلومات المشارك/المحافظة", "معلومات الدورة/اسم الدورة", *KOBO_META]  # fmt: skip
    rows = [
        ["اختبار واحد", "أنثى", "ديالى"],
        ["اختبار اثنان", "ذكر", "ديالى"],
        ["اختبار ثلاثة", "ذكر", "ديالى"],
        ["اختبار أربعة", "أنثى", "صلاح الدين"],
    ]
    body = [[*r, "حقوق الإنسان", 2000 + i, f"u-{i}", "2018-03-04T08:00:00", "", "", "", "", "v1",
             "", i + 1] for i, r in enumerate(rows)]  # fmt: skip
    return book({"استمارة الحضور": [header, *body]})


def kobo_repeat_group() -> bytes:
    """KoboToolbox with a repeat group: one submission per course (its
    governorate, course and dates), the participants on a sheet of their
    own, joined by ``_parent_index``. Kirkuk course: 2 women 1 man; Ninewa
    course: 2 men."""
    form = "HR course attendance"
    main = [
        ["course/course_name", "course/governorate", "course/start_date", "course/end_date",
         *KOBO_META],
        ["Human rights A", "kirkuk", "2018-03-04", "2018-03-08", 501, "ua", "", "", "", "", "", "",
         "", 1],
        ["Human rights B", "ninewa", "2018-04-01", "2018-04-05", 502, "ub", "", "", "", "", "", "",
         "", 2],
    ]  # fmt: skip
    repeat = [
        ["participants/participant_name", "participants/sex", "participants/phone", "_index",
         "_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid"],
        ["Repeat Test One", "female", "0771 000 0001", 1, form, 1, 501, "ua"],
        ["Repeat Test Two", "female", "0771 000 0002", 2, form, 1, 501, "ua"],
        ["Repeat Test Three", "male", "0771 000 0003", 3, form, 1, 501, "ua"],
        ["Repeat Test Four", "male", "0771 000 0004", 4, form, 2, 502, "ub"],
        ["Repeat Test Five", "male", "0771 000 0005", 5, form, 2, 502, "ub"],
    ]  # fmt: skip
    return book({form: main, "participants": repeat})


def kobo_questions(language: str) -> bytes:
    """KoboToolbox, "Labels" export of a form whose follow-up items are
    questions ("Was the participant followed up?"), answered with the
    choice labels of ``language``; a free-text "reason" question stays a
    column of its own. One course. 4 people: Kirkuk 2 women 1 man, Erbil 1 man;
    followed up 3, applied the learning 2, selected for the ToT 1."""
    header, yes, no, women, men, kirkuk, erbil = {
        "en": (["Full name", "Sex", "Governorate", "Course", "Was the participant followed up?",
                "Did the participant apply the learning?", "Was the participant selected for ToT?",
                "Reason not followed up"], "Yes", "No", "Female", "Male", "Kirkuk", "Erbil"),
        "ar": (["الاسم الثلاثي", "الجنس", "المحافظة", "اسم الدورة", "هل تمت متابعة المشارك؟",
                "هل طبق المشارك ما تعلمه؟", "هل اختير المشارك لتدريب المدربين؟",
                "سبب عدم المتابعة"], "نعم", "لا", "أنثى", "ذكر", "كركوك", "أربيل"),
        "ckb": (["ناوی سیانی", "ڕەگەز", "پارێزگا", "خولی ڕاهێنان", "ئایا بەدواداچوون کرا؟",
                 "ئایا جێبەجێکردنی فێربوون کرا؟", "ئایا بەشداربوو هەڵبژێردراو بۆ ToT؟",
                 "هۆکاری نەکردنی بەدواداچوون"], "بەڵێ", "نەخێر", "مێ", "نێر", "کەرکووک",
                "هەولێر"),
    }[language]  # fmt: skip
    rows = [
        [f"Question Test {language} 1", women, kirkuk, "HR", yes, yes, yes, None],
        [f"Question Test {language} 2", women, kirkuk, "HR", yes, yes, no, None],
        [f"Question Test {language} 3", men, kirkuk, "HR", yes, no, no, None],
        [f"Question Test {language} 4", men, erbil, "HR", no, None, None, "no phone"],
    ]
    body = [[*r, 3000 + i, f"q-{i}", "2018-03-04T08:00:00", "", "", "", "", "v1", "", i + 1]
            for i, r in enumerate(rows)]  # fmt: skip
    return book({"Form": [[*header, *KOBO_META], *body]})


def activityinfo() -> bytes:
    """An ActivityInfo-style export: a partner, reference fields as code and
    name pairs, a sex column with its qualifier. 4 people: Erbil 1 woman,
    Duhok 1 woman 1 man; one row whose code and name disagree (Erbil by code)."""
    header = ["Partner", "Governorate Code", "Governorate Name", "Participant Name",
              "Sex - M/F", "Activity", "Date"]  # fmt: skip
    rows = [
        ["NGO A", "IQG11", "Erbil", "AI Test One", "F", "ToT on human rights", "04/03/2018"],
        ["NGO A", "IQG09", "Duhok", "AI Test Two", "F", "ToT on human rights", "04/03/2018"],
        ["NGO A", "IQG09", "Duhok", "AI Test Three", "M", "ToT on human rights", "04/03/2018"],
        ["NGO B", "IQG11", "Duhok", "AI Test Four", "M", "ToT on human rights", "04/03/2018"],
    ]
    return book({"Export": [header, *rows]})


# -- sheets kept by hand ------------------------------------------------------------------


def qualified_headers() -> bytes:
    """Qualifiers in brackets and after a dash, an unknown column, in English.
    3 people: Kirkuk 1 woman 1 man, Ninewa 1 man; 2 applied the learning."""
    header = ["No.", "Name (three-part)", "Sex - M/F", "Governorate (of origin)",
              "Applied learning (Y/N)", "Blood type"]  # fmt: skip
    rows = [
        [1, "Qual Test One Ali", "F", "Kirkuk", "Y", "A+"],
        [2, "Qual Test Two Ali", "M", "Kirkuk", "N", "O-"],
        [3, "Qual Test Three Ali", "M", "Ninewa", "Y", "B+"],
    ]
    return book({"HR course": [header, *rows]})


def kurdish_variants() -> bytes:
    """Kurdish (Sorani) headers, three-part name: 3 people, Erbil 2 women, Duhok 1 man."""
    header = ["ز", "ناوی سیانی", "ڕەگەز", "پارێزگا", "ژمارەی مۆبایل", "خولی ڕاهێنان"]
    rows = [
        [1, "تاقیکردنەوە یەک", "مێ", "هەولێر", "0750 222 0001", "مافی مرۆڤ"],
        [2, "تاقیکردنەوە دوو", "مێ", "هەولێر", "0750 222 0002", "مافی مرۆڤ"],
        [3, "تاقیکردنەوە سێ", "نێر", "دهۆک", "0750 222 0003", "مافی مرۆڤ"],
    ]
    return book({"بەشداربووان": [header, *rows]})


def governorate_per_sheet() -> bytes:
    """One sheet per governorate, named in English, Arabic and Kurdish, no
    governorate column: Kirkuk 1 woman 1 man, Ninewa 2 women, Diyala 1 man."""
    header = ["Full name", "Sex", "Course"]
    return book(
        {
            "Kirkuk": [header, ["Sheet Test One", "F", "HR"], ["Sheet Test Two", "M", "HR"]],
            "نينوى": [header, ["Sheet Test Three", "F", "HR"], ["Sheet Test Four", "F", "HR"]],
            "دیالە": [header, ["Sheet Test Five", "M", "HR"]],
        }
    )


def title_block(language: str) -> bytes:
    """The governorate, course and dates given once, above the header, in
    ``language`` (en, ar, ckb). 3 people in that governorate: 2 women, 1 man."""
    above = {
        "en": [["Community policing course"], ["Governorate: Kirkuk"],
               ["Dates: 11–15 Dec 2017"], []],
        "ar": [["دورة الشرطة المجتمعية"], ["محافظة كركوك"], []],
        "ckb": [["خولی پۆلیسی کۆمەڵگا"], ["پارێزگا:", "کەرکووک"], []],
    }[language]  # fmt: skip
    header = {"en": ["Name", "Sex", "Phone"], "ar": ["الاسم", "الجنس", "الهاتف"],
              "ckb": ["ناو", "ڕەگەز", "مۆبایل"]}[language]  # fmt: skip
    women, man = {"en": ("F", "M"), "ar": ("أنثى", "ذكر"), "ckb": ("مێ", "نێر")}[language]
    rows = [
        [f"Title {language} One", women, "0751 300 0001"],
        [f"Title {language} Two", women, "0751 300 0002"],
        [f"Title {language} Three", man, "0751 300 0003"],
    ]
    return book({"Sheet1": [*above, header, *rows]})


def merged_governorates() -> bytes:
    """A governorate merged down the block of rows it covers: Kirkuk over
    rows 2-4 (2 women, 1 man), Ninewa over rows 5-6 (2 men)."""
    rows = [
        ["Governorate", "Full name", "Sex"],
        ["Kirkuk", "Merge Test One", "F"],
        [None, "Merge Test Two", "F"],
        [None, "Merge Test Three", "M"],
        ["Ninewa", "Merge Test Four", "M"],
        [None, "Merge Test Five", "M"],
    ]
    return book({"Roster": rows}, {"Roster": ["A2:A4", "A5:A6"]})


def not_people() -> bytes:
    """Subtotals, breakdown lines, a note, a number, a footer and signature
    block among 5 people (Diyala 2 women 1 man, Kirkuk 1 woman 1 man), in
    English and Arabic as offices mix them."""
    rows = [
        ["No.", "Full name", "Sex", "Governorate"],  # 1
        [1, "Aside Test One", "F", "Diyala"],  # 2
        [2, "Aside Test Two", "F", "Diyala"],  # 3
        [3, "Aside Test Three", "M", "Diyala"],  # 4
        [None, "Diyala total", 3, None],  # 5 subtotal
        [None, "Women", 2, None],  # 6 breakdown
        [None, "Men", 1, None],  # 7 breakdown
        [4, "Aside Test Four", "F", "Kirkuk"],  # 8
        [5, "Aside Test Five", "M", "Kirkuk"],  # 9
        [None, "Total – women", 3, None],  # 10 subtotal
        [None, "إناث", 3, None],  # 11 breakdown
        [None, "ذكور", 2, None],  # 12 breakdown
        [None, "المجموع", 5, None],  # 13 total
        [None, "12", None, None],  # 14 a number where a name should be
        [None, "Note: two officers arrived on the second day", None, None],  # 15
        [],  # 16 blank, before the footer
        [None, "Prepared by: ____________", None, None],  # 17 footer
        [None, "Signature: ____________", None, None],  # 18
        [None, "Date: ____________", None, None],  # 19
        [None, "التوقيع", None, None],  # 20
        [None, "Mohammed the trainer", None, None],  # 21 a name in the signature block
    ]
    return book({"Course": rows})


def tick_gender(language: str) -> bytes:
    """Sex as two tick columns under one header (M | F, or ذكر | أنثى):
    4 people in Ninewa: 1 woman, 2 men, 1 ticked twice (unknown)."""
    sex, male, female = {"en": ("Sex", "M", "F"), "ar": ("الجنس", "ذكر", "أنثى"),
                         "ckb": ("ڕەگەز", "نێر", "مێ")}[language]  # fmt: skip
    rows = [
        ["Full name", sex, None, "Governorate"],
        [None, male, female, None],
        [f"Tick {language} One", None, "✓", "Ninewa"],
        [f"Tick {language} Two", "✓", None, "Ninewa"],
        [f"Tick {language} Three", "x", None, "Ninewa"],
        [f"Tick {language} Four", "✓", "✓", "Ninewa"],
    ]
    return book({"Roster": rows}, {"Roster": ["B1:C1", "A1:A2", "D1:D2"]})


def names_in_parts(language: str) -> bytes:
    """Names split over columns (first, father's, grandfather's, family), in
    that order whatever the language: 3 people in Basra, 1 woman 2 men."""
    header = {
        "ar": ["الاسم", "اسم الأب", "اسم الجد", "اللقب", "الجنس", "المحافظة"],
        "en": ["First name", "Father's name", "Grandfather's name", "Family name", "Sex",
               "Governorate"],
        "ckb": ["ناوی یەکەم", "ناوی باوک", "ناوی باپیر", "ناوی خێزان", "ڕەگەز", "پارێزگا"],
    }[language]  # fmt: skip
    rows = [
        ["Zahra", "Ali", "Hassan", "Parts", "F", "Basra"],
        ["Omar", "Ali", "Hassan", "Parts", "M", "Basra"],
        ["Omar", "Karim", "Hassan", "Parts", "M", "Basra"],
    ]
    return book({"Roster": [header, *rows]})


def given_and_family() -> bytes:
    """Given and family name only: 2 people in Anbar, both women."""
    rows = [
        ["Given name", "Family name", "Gender", "Province"],
        ["Huda", "Given Test", "Female", "Anbar"],
        ["Rana", "Given Test", "Female", "Anbar"],
    ]
    return book({"Roster": rows})


def combined_roster() -> bytes:
    """A roster that also tracks follow-up: 6 people (Kirkuk 2 women 1 man,
    Ninewa 1 woman 2 men), followed up 4 (dates), applied the learning 3
    (Y/N), selected for the ToT 2 (✓)."""
    header = ["Full name", "Sex", "Governorate", "Course", "Start date", "End date",
              "Follow-up date", "Applied learning (Y/N)", "Selected for ToT"]  # fmt: skip
    rows = [
        ["Both Test One", "F", "Kirkuk", "HR 2018", D1, D2, date(2018, 6, 1), "Y", "✓"],
        ["Both Test Two", "F", "Kirkuk", "HR 2018", D1, D2, date(2018, 6, 2), "Y", None],
        ["Both Test Three", "M", "Kirkuk", "HR 2018", D1, D2, None, None, None],
        ["Both Test Four", "F", "Ninewa", "HR 2018", D1, D2, "03/06/2018", "N", "✓"],
        ["Both Test Five", "M", "Ninewa", "HR 2018", D1, D2, "04/06/2018", "Y", "✗"],
        ["Both Test Six", "M", "Ninewa", "HR 2018", D1, D2, None, "N", None],
    ]
    return book({"Participants": [header, *rows]})


def tracker(language: str, names: list[str], governorate: str) -> bytes:
    """A follow-up tracker in ``language``: the date of the call (blank: not
    done), applied the learning as yes/no words, a ToT mark, a status word."""
    header = {
        "en": ["Full name", "Governorate", "Follow-up date", "Applied learning (Y/N)",
               "Selected for ToT", "Follow-up status"],
        "ar": ["الاسم الثلاثي", "المحافظة", "تاريخ المتابعة", "طبق ما تعلمه",
               "اختير لتدريب المدربين", "حالة المتابعة"],
        "ckb": ["ناوی سیانی", "پارێزگا", "بەرواری بەدواداچوون", "جێبەجێکردن",
                "هەڵبژێردراو بۆ ToT", "دۆخی بەدواداچوون"],
    }[language]  # fmt: skip
    yes, no = {"en": ("Yes", "No"), "ar": ("نعم", "لا"), "ckb": ("بەڵێ", "نەخێر")}[language]
    done, no_answer, lost, not_started = {
        "en": ("Completed", "Contacted – no answer", "Lost to follow-up", "Not started"),
        "ar": ("مكتمل", "لا يوجد رد", "فقد التواصل", "لم يبدأ"),
        "ckb": ("تەواو", "وەڵام نییە", "لەدەستچوو", "دەستی پێنەکردووە"),
    }[language]
    # Followed up: rows 1, 2, 4 (a date, and a status that agrees); applied
    # the learning: rows 1, 2; selected for the ToT: row 1 (✓; ✗ and, beside
    # ✓ in the same column, x are not).
    values = [
        [date(2018, 6, 1), yes, "✓", done],
        ["02/06/2018", yes, "✗", done],
        [None, no, "✗", no_answer],
        ["٠٤/٠٦/٢٠١٨", no, None, done],
        [None, None, None, lost],
        [None, no, "x", not_started],
    ]
    rows = [[name, governorate, *v] for name, v in zip(names, values, strict=False)]
    return book({"Follow-up": [header, *rows]})


def simple_roster(names: list[str], governorate: str, sex: str = "F", **extra) -> bytes:
    header = ["Full name", "Sex", "Governorate", "Course", *extra]
    rows = [
        [n, sex, governorate, "HR 2018", *[v[i] for v in extra.values()]]
        for i, n in enumerate(names)
    ]
    return book({"Roster": [header, *rows]})


def not_people_kurdish() -> bytes:
    """The same in Kurdish and Arabic, as a Sulaymaniyah office writes it:
    3 people (Sulaymaniyah 1 woman 2 men) among a subtotal, breakdown lines,
    a note and a signature block."""
    rows = [
        ["ژ", "ناوی سیانی", "ڕەگەز", "پارێزگا"],  # 1
        [1, "تاقیکردنەوە ئەلف", "مێ", "سلێمانی"],  # 2
        [2, "تاقیکردنەوە بێ", "نێر", "سلێمانی"],  # 3
        [3, "تاقیکردنەوە پێ", "نێر", "سلێمانی"],  # 4
        [None, "کۆی گشتی", 3, None],  # 5 total
        [None, "ئافرەتان", 1, None],  # 6 breakdown
        [None, "پیاوان", 2, None],  # 7 breakdown
        [None, "تێبینی: یەکێک لە بەشداربووان لە ڕۆژی دووەم هات", None, None],  # 8 note
        [None, "ئامادەکردنی: ____________", None, None],  # 9 footer
        [None, "واژوو", None, None],  # 10 footer
    ]
    return book({"خولی یەکەم": rows})


def targets_matrix(language: str) -> bytes:
    """Planned participants as a matrix, women | men | total under one
    header: Ninewa 6 + 14 = 20 (30% women), Kirkuk 5 + 10 = 15 (one third)."""
    header, women, men, total, gov = {
        "en": ("Planned participants", "Women", "Men", "Total", "Governorate"),
        "ar": ("العدد المستهدف", "إناث", "ذكور", "المجموع", "المحافظة"),
        "ckb": ("ئامانج", "ئافرەتان", "پیاوان", "کۆی گشتی", "پارێزگا"),
    }[language]
    rows = [
        [gov, header, None, None],
        [None, women, men, total],
        ["Ninewa", 6, 14, 20],
        ["كركوك", 5, 10, 15],
    ]
    return book({"Targets": rows}, {"Targets": ["B1:D1", "A1:A2"]})
