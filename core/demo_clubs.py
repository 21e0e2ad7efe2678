"""The demo school's clubs (走班) with members, and its weekly duty roster (R9)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.today import weekday_bit
from db import audit
from db.models import (
    Club,
    ClubMember,
    DutyAssignment,
    Enrolment,
    SchoolClass,
    Staff,
    Student,
)

SEED = 20261202
MEMBERS_PER_CLUB = 16
# name, category, room, teacher, weekday, grades. Every weekday has a club; each teacher runs
# one, and the other class of the teacher's pair (1 with 2, 3 with 4) never does, so it can
# take the teacher's class at period 2 on the club's day.
CLUBS = (
    ("书法社团", "aesthetics", "艺术楼201", "T009", 1, (3, 4)),
    ("名著电影社", "book_film", "阶梯教室", "T023", 1, (5, 6)),
    ("机器人社团", "maker", "科学楼302", "T001", 2, (4, 5, 6)),
    ("篮球队", "ball_games", "体育馆", "T021", 2, (5, 6)),
    ("花样跳绳", "fitness", "操场", "T011", 3, (3, 4)),
    ("小小主持人", "leadership", "报告厅", "T019", 3, (5, 6)),
    ("科学实验站", "experiment", "科学楼301", "T013", 4, (3, 4)),
    ("家长讲师团", "guest_lecture", "多功能厅", "T017", 4, (5, 6)),
    ("趣味烘焙", "homemaking", "劳技室", "T015", 5, (3, 4)),
)
WEEKDAYS = (1, 2, 3, 4, 5)


def _pair(class_no: int) -> int:
    return class_no + 1 if class_no % 2 else class_no - 1


def add_demo_clubs(session: Session, now: dt.datetime) -> int:
    """Add the demo clubs, members and weekly duties; returns how many clubs were added.

    Runs after the demo's pupils and staff exist; does nothing when clubs exist already. Duties:
    every class teacher has their class at period 1 and period 2, except at period 2 on the day
    they run a club, when the teacher of the paired class takes both; club teachers have their
    club; the duty teachers have the gate at period 2.
    """
    if session.scalar(select(Club.id).limit(1)) is not None:
        return 0
    rng = random.Random(SEED)
    staff = {s.staff_no: s for s in session.scalars(select(Staff))}
    grades = dict(session.execute(select(SchoolClass.id, SchoolClass.grade)).all())
    enrolled = session.execute(
        select(Student.id, Student.class_id, Enrolment.weekday_mask)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(Student.active.is_(True), Enrolment.status == "signed")
        .order_by(Student.student_no)
    ).all()
    taken: set[tuple[int, int]] = set()  # (pupil, weekday) already in a club
    clubs: list[Club] = []
    members = 0
    for name, category, room, teacher_no, weekday, club_grades in CLUBS:
        teacher = staff.get(teacher_no)
        club = Club(
            name=name,
            category=category,
            room=room,
            teacher_id=teacher.id if teacher else None,
            weekday=weekday,
            period=2,
            active=True,
        )
        session.add(club)
        session.flush()
        clubs.append(club)
        pool = [
            sid
            for sid, class_id, mask in enrolled
            if grades[class_id] in club_grades
            and mask & weekday_bit(weekday)
            and (sid, weekday) not in taken
        ]
        for sid in sorted(rng.sample(pool, min(MEMBERS_PER_CLUB, len(pool)))):
            session.add(ClubMember(club_id=club.id, student_id=sid))
            taken.add((sid, weekday))
            members += 1
    duties = _duties(session, staff, clubs)
    session.add_all(duties)
    session.flush()
    audit.append(
        session,
        now,
        "demo",
        "demo.clubs",
        "club",
        "",
        {"clubs": len(clubs), "members": members, "duties": len(duties)},
    )
    return len(clubs)


def _duties(session: Session, staff: dict[str, Staff], clubs: list[Club]) -> list[DutyAssignment]:
    classes = {
        (g, n): cid
        for cid, g, n in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no)
        )
    }
    teacher_of = {s.class_id: s for s in staff.values() if s.class_id is not None}
    club_days = {(c.teacher_id, c.weekday) for c in clubs}
    duties = []
    for (grade, class_no), class_id in sorted(classes.items()):
        teacher = teacher_of.get(class_id)
        if teacher is None:
            continue
        pair = teacher_of.get(classes.get((grade, _pair(class_no)), -1))
        for weekday in WEEKDAYS:
            duties.append(_duty(teacher.id, "class", class_id, 1, weekday))
            away = (teacher.id, weekday) in club_days
            keeper = pair if away and pair is not None else teacher
            duties.append(_duty(keeper.id, "class", class_id, 2, weekday))
    for club in clubs:
        if club.teacher_id is not None:
            duties.append(_duty(club.teacher_id, "club", club.id, 2, club.weekday))
    for s in sorted(staff.values(), key=lambda s: s.staff_no):
        if s.role == "duty_teacher":
            duties += [_duty(s.id, "gate", None, 2, weekday) for weekday in WEEKDAYS]
    return duties


def _duty(
    staff_id: int, kind: str, group_id: int | None, period: int, weekday: int
) -> DutyAssignment:
    return DutyAssignment(
        staff_id=staff_id,
        group_kind=kind,
        class_id=group_id if kind == "class" else None,
        club_id=group_id if kind == "club" else None,
        period=period,
        weekday=weekday,
    )
