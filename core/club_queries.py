"""Read queries the club and duty services share: staff, pupils, clubs, membership clashes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.club_types import ClubInfo, ClubPupil, StaffChoice
from core.roster import canonical_class_name
from db.models import Club, ClubMember, SchoolClass, Staff, Student


def staff_choices(session: Session) -> list[StaffChoice]:
    """Active staff, by number."""
    return [
        StaffChoice(*row)
        for row in session.execute(
            select(Staff.id, Staff.staff_no, Staff.name, Staff.role)
            .where(Staff.active.is_(True))
            .order_by(Staff.staff_no)
        )
    ]


def pupil_query() -> Select[int, str, str, int, int]:
    """Pupils as (id, number, name, grade, class number)."""
    return select(
        Student.id, Student.student_no, Student.name, SchoolClass.grade, SchoolClass.class_no
    ).join(SchoolClass, SchoolClass.id == Student.class_id)


def pupils_of(rows: Iterable[Sequence[Any]]) -> list[ClubPupil]:
    """Rows of ``pupil_query`` as records."""
    return [
        ClubPupil(sid, no, name, grade, canonical_class_name(grade, class_no))
        for sid, no, name, grade, class_no in rows
    ]


def club_infos(s: Session, active: bool | None, club_id: int | None = None) -> list[ClubInfo]:
    """Clubs with teacher names and member counts; ``active`` None for all."""
    counts = dict(
        s.execute(
            select(ClubMember.club_id, func.count(ClubMember.id)).group_by(ClubMember.club_id)
        ).all()
    )
    query = (
        select(Club, Staff.name)
        .outerjoin(Staff, Staff.id == Club.teacher_id)
        .order_by(Club.weekday, Club.period, Club.name, Club.id)
    )
    if active is not None:
        query = query.where(Club.active.is_(active))
    if club_id is not None:
        query = query.where(Club.id == club_id)
    return [
        ClubInfo(
            id=c.id,
            name=c.name,
            category=c.category,
            room=c.room,
            teacher_id=c.teacher_id,
            teacher_name=teacher or "",
            weekday=c.weekday,
            period=c.period,
            active=c.active,
            members=counts.get(c.id, 0),
        )
        for c, teacher in s.execute(query)
    ]


def members_clashing(s: Session, club_id: int, weekday: int, period: int) -> str:
    """The name of a member who has another active club in the slot, else ''."""
    other = ClubMember.__table__.alias("other")
    name = s.scalar(
        select(Student.name)
        .join(ClubMember, ClubMember.student_id == Student.id)
        .join(other, other.c.student_id == Student.id)
        .join(Club, Club.id == other.c.club_id)
        .where(
            ClubMember.club_id == club_id,
            Club.id != club_id,
            Club.active.is_(True),
            Club.weekday == weekday,
            Club.period == period,
        )
        .limit(1)
    )
    return name or ""
