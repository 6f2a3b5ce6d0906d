"""The demo programme: fictional, generated, deterministic rosters.

It reproduces the programme Oversight is modelled on: 60 community-police
officers, men and women, from Ninewa, Diyala, Salah al-Din and Kirkuk, trained
in two courses between 11 and 20 December 2017; a follow-up tracker in which 12
are selected for a training of trainers in January 2018; targets per
governorate. Every person is made up from lists of common given names: no real
person's data. The workbooks in ``data/demo/`` are written by ``write_files``
and loaded through the ingest pipeline like any upload.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from dashboard import DATA, workbooks
from dashboard.ingest import IngestResult, ingest_path
from dashboard.store import Store

DEMO = DATA / "demo"
SEED = 2017
PROGRAMME = "Human rights and gender-sensitive community policing"

# (English name as staff write it, Arabic name, officers, of whom women)
GOVERNORATES = [
    ("Ninewa", "نينوى", 16, 5),
    ("Diyala", "ديالى", 14, 4),
    ("Salah al-Din", "صلاح الدين", 15, 3),
    ("Kirkuk", "كركوك", 15, 6),
]
COURSES = [
    ("HR-CP 2017 course A", date(2017, 12, 11), date(2017, 12, 15)),
    ("HR-CP 2017 course B", date(2017, 12, 16), date(2017, 12, 20)),
]
TOT = ("Training of trainers, January 2018", date(2018, 1, 14), date(2018, 1, 18))
# Planned participants, women's share among them, and trainers to select.
TARGETS = {
    "Ninewa": (20, 0.30, 3),
    "Diyala": (15, 0.30, 3),
    "Salah al-Din": (15, 0.25, 3),
    "Kirkuk": (15, 0.35, 3),
}

# Given names, each with its Arabic spelling; people are random combinations.
MEN = [
    ("Ahmed", "أحمد"),
    ("Ali", "علي"),
    ("Omar", "عمر"),
    ("Hassan", "حسن"),
    ("Karim", "كريم"),
    ("Mustafa", "مصطفى"),
    ("Yousif", "يوسف"),
    ("Khalid", "خالد"),
    ("Saad", "سعد"),
    ("Haidar", "حيدر"),
    ("Salim", "سليم"),
    ("Rasheed", "رشيد"),
    ("Faris", "فارس"),
    ("Nawzad", "نوزاد"),
    ("Dilshad", "دلشاد"),
    ("Ibrahim", "إبراهيم"),
    ("Jasim", "جاسم"),
]
WOMEN = [
    ("Noor", "نور"),
    ("Zainab", "زينب"),
    ("Sara", "سارة"),
    ("Huda", "هدى"),
    ("Layla", "ليلى"),
    ("Rana", "رنا"),
    ("Shirin", "شيرين"),
    ("Dalia", "داليا"),
    ("Amal", "أمل"),
    ("Nadia", "نادية"),
    ("Avin", "ئاڤین"),
    ("Hana", "هناء"),
]
FATHERS = [
    *MEN,
    ("Abbas", "عباس"),
    ("Mahmoud", "محمود"),
    ("Qasim", "قاسم"),
    ("Sabah", "صباح"),
    ("Kamal", "كمال"),
    ("Tariq", "طارق"),
    ("Hussein", "حسين"),
    ("Jamal", "جمال"),
]
RANKS = ["Patrolman", "Sergeant", "First sergeant", "Lieutenant", "First lieutenant", "Captain"]
STATIONS = ["Central station", "North station", "South station", "Community police unit"]


@dataclass
class Officer:
    name_en: str
    name_ar: str
    gender: str  # female, male
    governorate: str  # English, as staff write it
    governorate_ar: str
    course: int  # index into COURSES
    rank: str
    station: str
    phone: str
    pre: int
    post: int
    days: int


def officers() -> list[Officer]:
    rng = random.Random(SEED)
    people, seen = [], set()
    for gov, gov_ar, n, n_women in GOVERNORATES:
        for i in range(n):
            is_woman = i < n_women
            while True:
                first = rng.choice(WOMEN if is_woman else MEN)
                father, grandfather = rng.sample(FATHERS, 2)
                name = (first, father, grandfather)
                if name not in seen:
                    seen.add(name)
                    break
            pre = rng.randint(35, 70)
            people.append(
                Officer(
                    name_en=" ".join(part[0] for part in name),
                    name_ar=" ".join(part[1] for part in name),
                    gender="female" if is_woman else "male",
                    governorate=gov,
                    governorate_ar=gov_ar,
                    course=i % 2,
                    rank=rng.choice(RANKS),
                    station=rng.choice(STATIONS),
                    # 0750 555 0xxx: a block no real subscriber holds in this demo.
                    phone=f"0750 555 {len(people):04d}",
                    pre=pre,
                    post=min(100, pre + rng.randint(5, 30)),
                    days=rng.choices([5, 4, 3], weights=[8, 2, 1])[0],
                )
            )
    rng.shuffle(people)
    return people


PARTICIPANT_HEADER = [
    "No.", "Full name", "Sex", "Governorate", "Police station", "Rank", "Phone",
    "Programme", "Course", "Start date", "End date", "Days attended", "Pre-test",
    "Post-test", "Certificate",
]  # fmt: skip
FOLLOW_UP_HEADER = [
    "Full name", "Governorate", "Follow-up date", "Applied learning", "Selected for ToT",
    "Completed ToT",
]  # fmt: skip
TARGET_HEADER = [
    "Programme", "Governorate", "Planned participants", "Planned women share", "ToT target",
]  # fmt: skip


def build() -> dict[str, Workbook]:
    """The demo rosters, built in memory: file name -> workbook."""
    people = officers()
    books = {}
    for c, (course, start, end) in enumerate(COURSES):
        arabic = c == 1  # course B's roster was kept in Arabic script
        rows = [
            [
                n,
                p.name_ar if arabic else p.name_en,
                ("أنثى" if p.gender == "female" else "ذكر") if arabic else p.gender[0].upper(),
                p.governorate_ar if arabic else p.governorate,
                p.station,
                p.rank,
                p.phone,
                PROGRAMME,
                course,
                start,
                end,
                p.days,
                p.pre,
                p.post,
                "Yes" if p.days >= 4 else "No",
            ]
            for n, p in enumerate((p for p in people if p.course == c), start=1)
        ]
        name = f"participants_{course.split()[-1]}_2017-12.xlsx"
        books[name] = workbooks.roster({"Participants": (PARTICIPANT_HEADER, rows)})

    rng = random.Random(SEED + 1)
    selected = _tot_selection(people, rng)
    rows = []
    for p in people:
        followed = rng.random() < 0.9 or p in selected
        applied = followed and (p in selected or rng.random() < 0.72)
        visit = date(2018, 2, 4) + timedelta(days=rng.randint(0, 40))
        rows.append(
            [
                p.name_ar if p.course == 1 else p.name_en,
                p.governorate,
                visit if followed else None,
                "Yes" if applied else ("No" if followed else None),
                "Yes" if p in selected else "No",
                TOT[2] if p in selected and p is not selected[-1] else None,
            ]
        )
    books["follow_up_tracker_2018.xlsx"] = workbooks.roster({"Follow-up": (FOLLOW_UP_HEADER, rows)})
    targets = [[PROGRAMME, gov, *planned] for gov, planned in TARGETS.items()]
    books["targets_2017.xlsx"] = workbooks.roster({"Targets": (TARGET_HEADER, targets)})
    return books


def _tot_selection(people: list[Officer], rng: random.Random) -> list[Officer]:
    """12 officers for the training of trainers: three per governorate, and
    at least one woman from each where there is one."""
    chosen = []
    for gov, *_ in GOVERNORATES:
        pool = [p for p in people if p.governorate == gov]
        women = [p for p in pool if p.gender == "female"]
        pick = rng.sample(women, 1)
        pick += rng.sample([p for p in pool if p not in pick], 2)
        chosen += pick
    return chosen


# Load order: targets first, then who was trained, then what happened after.
FILES = [
    "targets_2017.xlsx",
    "participants_A_2017-12.xlsx",
    "participants_B_2017-12.xlsx",
    "follow_up_tracker_2018.xlsx",
]


def write_files(folder: Path = DEMO) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [workbooks.save(wb, folder / name) for name, wb in build().items()]


def load(store: Store, folder: Path = DEMO) -> list[IngestResult]:
    """Load the demo rosters through the ingest pipeline (a second load
    recognises the files and changes nothing)."""
    return [ingest_path(store, folder / name, uploaded_by="demo") for name in FILES]
