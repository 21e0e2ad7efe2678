"""A deterministic demo school: 6 grades x 4 classes of about 35 pupils, staff and a few cases."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.account_rules import fixed_salt_hash
from core.demo_clubs import add_demo_clubs
from core.demo_history import add_demo_history
from core.demo_photos import fill_demo_photos
from core.demo_release import add_demo_consents
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from db import audit
from db.models import Enrolment, Leave, School, SchoolClass, Staff, Student

DEMO_SCHOOL = "湖塘桥第二实验小学（演示）"
SEED = 20261201
# Every demo account signs in with this PIN; the sign-in screen names one account per role.
DEMO_PIN = "1234"
DEMO_ACCOUNTS = {"class_teacher": "T001", "safety_officer": "A001", "duty_teacher": "D001"}
# A fixed salt keeps the demo database the same on every build (it is no secret anyway).
DEMO_SALT = b"afterschool-demo"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖"
    "田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "令狐")
GIVEN = (
    "子涵梓萱浩然一诺欣怡宇轩雨桐思远俊熙若汐子墨语嫣嘉懿佳琪梓睿诗涵沐宸可馨晨曦"
    "博文雅琪天佑锦程紫萱明轩梦瑶铭泽书瑶奕辰安然皓轩乐怡云帆"
)
MALE_GIVEN = (
    "伟",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "杰",
    "涛",
    "明",
    "超",
    "刚",
    "建华",
    "志刚",
    "海",
)
FEMALE_GIVEN = ("芳", "娜", "敏", "静", "丽", "艳", "娟", "秀英", "霞", "桂英", "红", "海燕")
ADULT_GIVEN = MALE_GIVEN + FEMALE_GIVEN
GRANDPARENTS = (("爷爷", "男"), ("奶奶", "女"), ("外公", "男"), ("外婆", "女"))
NOTES = ("", "", "", "", "", "", "花生过敏", "哮喘，随身带喷雾", "周三由外婆接", "体育课需注意心脏")
WEEKDAY_PATTERNS = ((1, 2, 3, 4, 5),) * 6 + ((1, 3, 5), (2, 4), (1, 2, 3, 4), (1, 2, 4, 5))


def _given(rng: random.Random) -> str:
    n = rng.choice((1, 2, 2, 2))
    start = rng.randrange(0, len(GIVEN) - 1, 2) if n == 2 else rng.randrange(len(GIVEN))
    return GIVEN[start : start + n]


def _surname(rng: random.Random) -> str:
    return rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.04 else rng.choice(SURNAMES)


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        phone = rng.choice(("138", "139", "136", "150", "151", "187", "189", "177")) + "".join(
            rng.choice("0123456789") for _ in range(8)
        )
        if phone not in used:
            used.add(phone)
            return phone


def _family(rng: random.Random, surname: str, used: set[str]) -> list[GuardianRecord]:
    father = GuardianRecord(surname + rng.choice(MALE_GIVEN), "父亲", _phone(rng, used))
    mother = GuardianRecord(_surname(rng) + rng.choice(FEMALE_GIVEN), "母亲", _phone(rng, used))
    relation, sex = rng.choice(GRANDPARENTS)
    given = MALE_GIVEN if sex == "男" else FEMALE_GIVEN
    grand = GuardianRecord(_surname(rng) + rng.choice(given), relation, _phone(rng, used))
    count = rng.choice((1, 2, 2, 2, 3, 3))
    family = [mother, father, grand] if rng.random() < 0.6 else [father, mother, grand]
    return family[:count]


def demo_records() -> list[StudentRecord]:
    """The demo pupils, the same on every run."""
    rng = random.Random(SEED)
    used: set[str] = set()
    records: list[StudentRecord] = []
    families: list[tuple[str, list[GuardianRecord], int]] = []
    for grade in range(1, 7):
        entry_year = 2026 - grade + 1
        for class_no in range(1, 5):
            size = rng.randint(33, 37)
            for seq in range(1, size + 1):
                # About one pupil in twelve has an older sibling in a higher grade.
                older = [f for f in families if f[2] < grade] if rng.random() < 1 / 12 else []
                if older:
                    surname, guardians, _ = rng.choice(older)
                else:
                    surname = _surname(rng)
                    guardians = _family(rng, surname, used)
                    families.append((surname, guardians, grade))
                enrolled = rng.random() < 0.5
                departure = "guardian"
                if grade >= 4 and rng.random() < 0.12:
                    departure = "self"
                elif rng.random() < 0.06:
                    departure = "institution"
                records.append(
                    StudentRecord(
                        student_no=f"{entry_year}{class_no:02d}{seq:02d}{grade:02d}",
                        name=surname + _given(rng),
                        gender=rng.choice(("男", "女")),
                        grade=grade,
                        class_no=class_no,
                        after_school=enrolled,
                        weekdays=rng.choice(WEEKDAY_PATTERNS),
                        departure=departure,
                        notes=rng.choice(NOTES),
                        guardians=tuple(guardians),
                    )
                )
    # One-off cases a newcomer should meet on the first afternoon.
    records[5] = replace(
        records[5], name="买买提·艾力", after_school=True, weekdays=(1, 2, 3, 4, 5)
    )
    records[40] = replace(
        records[40],
        after_school=True,
        weekdays=(1, 2, 3, 4, 5),
        departure="guardian",
        notes="父母离异，仅母亲可接",
    )
    return records


def build_demo(session: Session, today: dt.date, now: dt.datetime) -> int:
    """Fill an empty school with the demo pupils, staff and today's leave. Returns pupil count."""
    records = demo_records()
    store_students(session, records, ALL_FIELDS)
    rng = random.Random(SEED + 1)
    school = session.get(School, 1)
    if school is not None:
        school.is_demo = True
        school.name = DEMO_SCHOOL
    # Some families are still in the application process: not on today's list yet.
    enrolments = session.scalars(select(Enrolment).join(Student).order_by(Student.student_no)).all()
    for enr in enrolments:
        if enr.status == "signed" and rng.random() < 0.04:
            enr.status = rng.choice(("applied", "approved"))
    # Leave phoned in for today and a longer sick leave across the week.
    signed = [e.student_id for e in enrolments if e.status == "signed"]
    for sid in rng.sample(signed, 6):
        session.add(
            Leave(
                student_id=sid,
                kind="sick",
                start_date=today,
                end_date=today + dt.timedelta(days=2),
                reason="发烧",
                reported_by="母亲（电话）",
            )
        )
    for sid in rng.sample(signed, 4):
        session.add(
            Leave(
                student_id=sid,
                kind="personal",
                start_date=today,
                end_date=today,
                reason="家中有事",
                reported_by="父亲（电话）",
            )
        )
    classes = session.scalars(
        select(SchoolClass).order_by(SchoolClass.grade, SchoolClass.class_no)
    ).all()
    pin_hash = fixed_salt_hash(DEMO_PIN, DEMO_SALT)  # one hash: Argon2 is slow on purpose
    for i, cls in enumerate(classes, start=1):
        session.add(
            Staff(
                staff_no=f"T{i:03d}",
                name=_surname(rng) + rng.choice(ADULT_GIVEN),
                role="class_teacher",
                class_id=cls.id,
                secret_hash=pin_hash,
            )
        )
    for i in range(1, 4):
        session.add(
            Staff(
                staff_no=f"D{i:03d}",
                name=_surname(rng) + rng.choice(ADULT_GIVEN),
                role="duty_teacher",
                secret_hash=pin_hash,
            )
        )
    session.add(Staff(staff_no="A001", name="周建华", role="safety_officer", secret_hash=pin_hash))
    session.flush()
    audit.append(
        session, now, "demo", "demo.create", "school", 1, {"pupils": len(records), "date": today}
    )
    add_demo_clubs(session, now)
    # Faces at the gate: the verdict screen shows the photos a duty teacher compares.
    fill_demo_photos(session, now)
    # Consents dated the start of term, and the two refusals the dismissal board must show.
    add_demo_consents(session, today)
    # The ten school days before: every report and log of the demo has something in it.
    add_demo_history(session, today, now)
    return len(records)
