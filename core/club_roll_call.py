"""The club roll call's write: validated marks of period 2, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.errors import NotFoundError, ValidationError
from core.staff_types import StaffMember
from db import audit
from db.models import AttendanceMark, Club, ClubMember, DutyAssignment


@dataclass(frozen=True)
class MarkRequest:
    """Marks a club teacher asked for: some members, one status, one day."""

    club_id: int
    student_ids: Sequence[int]
    status: str
    member: StaffMember
    day: dt.date
    weekday: int  # the day's timetable weekday
    bulk: bool  # 全部出勤: noted in the audit entries


def may_roll_call(
    s: Session,
    member: StaffMember,
    club_id: int,
    teacher_id: int | None,
    day: dt.date,
    weekday: int,
) -> bool:
    """The safety officer, the club's teacher, or a teacher on duty for the club that day."""
    if member.is_admin or teacher_id == member.id:
        return True
    duty = s.scalar(
        select(DutyAssignment.id).where(
            DutyAssignment.staff_id == member.id,
            DutyAssignment.group_kind == "club",
            DutyAssignment.club_id == club_id,
            or_(DutyAssignment.on_date == day, DutyAssignment.weekday == weekday),
        )
    )
    return duty is not None


def write_marks(
    s: Session, request: MarkRequest, listed: dict[int, str | None], now: dt.datetime
) -> int:
    """Store the marks in the caller's write transaction; returns how many changed.

    ``listed`` holds the pupils on the day's list (R1). Each changed mark is one audit entry,
    like the class roll call's: ``attendance.mark``, or ``attendance.correct`` when it replaces
    another status.
    """
    club = s.get(Club, request.club_id)
    if club is None:
        raise NotFoundError("club not found")
    if not club.active or not listed or request.weekday != club.weekday:
        raise ValidationError("club_not_today", "the club does not meet that day")
    member = request.member
    if not may_roll_call(s, member, club.id, club.teacher_id, request.day, request.weekday):
        raise ValidationError("not_allowed", "only the club's teacher takes its roll call")
    members = set(s.scalars(select(ClubMember.student_id).where(ClubMember.club_id == club.id)))
    wanted = list(request.student_ids)
    if any(sid not in members for sid in wanted):
        raise ValidationError("not_member", "the pupil is not in this club")
    if any(sid not in listed for sid in wanted):
        raise ValidationError("not_on_list", "the pupil has no after-school service then")
    existing = {
        m.student_id: m
        for m in s.scalars(
            select(AttendanceMark).where(
                AttendanceMark.on_date == request.day,
                AttendanceMark.period == club.period,
                AttendanceMark.student_id.in_(wanted),
            )
        )
    }
    changed = 0
    for sid in wanted:
        row = existing.get(sid)
        if row is not None and row.status == request.status and row.club_id == club.id:
            continue
        previous = row.status if row is not None else None
        if row is None:
            row = AttendanceMark(student_id=sid, on_date=request.day, period=club.period)
            s.add(row)
        row.status = request.status
        row.club_id = club.id
        row.marked_by = member.id
        row.marked_at = now
        s.flush()
        payload: dict[str, object] = {
            "student_id": sid,
            "date": request.day,
            "period": club.period,
            "status": request.status,
            "previous": previous,
            "club_id": club.id,
        }
        if request.bulk:
            payload["all_present"] = True
        action = "attendance.mark" if previous is None else "attendance.correct"
        audit.append(s, now, member.actor, action, "attendance_mark", row.id, payload)
        changed += 1
    return changed
