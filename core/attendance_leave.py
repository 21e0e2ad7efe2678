"""Sick and personal leave over a date range (R1, R2): checks and writes in a caller's session."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.attendance_types import LEAVE_KINDS, LeaveInfo
from core.errors import NotFoundError, ValidationError
from core.staff_types import StaffMember
from db import audit
from db.models import Leave, Student

MAX_LEAVE_DAYS = 180  # a longer range is almost always a mistyped year
REASON_MAX = 200
REPORTED_BY_MAX = 50


def check_leave(start: dt.date, end: dt.date, kind: str, reason: str, reported_by: str) -> None:
    """Refuse a leave that cannot be right, before touching the database.

    Raises:
        ValidationError: ``leave_kind``, ``leave_range``, ``leave_too_long``,
            ``leave_reported_by``, ``leave_reported_by_too_long`` or ``leave_reason_too_long``.
    """
    if kind not in LEAVE_KINDS:
        raise ValidationError("leave_kind", "leave is sick or personal", kind=kind)
    if end < start:
        raise ValidationError("leave_range", "leave ends before it starts", start=start, end=end)
    if (end - start).days + 1 > MAX_LEAVE_DAYS:
        raise ValidationError(
            "leave_too_long", "leave longer than allowed", days=MAX_LEAVE_DAYS, start=start, end=end
        )
    if not reported_by:
        raise ValidationError("leave_reported_by", "say who reported the leave")
    if len(reported_by) > REPORTED_BY_MAX:
        raise ValidationError("leave_reported_by_too_long", "too long", limit=REPORTED_BY_MAX)
    if len(reason) > REASON_MAX:
        raise ValidationError("leave_reason_too_long", "too long", limit=REASON_MAX)


def insert_leave(
    s: Session,
    now: dt.datetime,
    member: StaffMember,
    student_id: int,
    start: dt.date,
    end: dt.date,
    kind: str,
    reason: str,
    reported_by: str,
) -> LeaveInfo:
    """Store a checked leave with its audit entry.

    Raises:
        NotFoundError: there is no such pupil.
        ValidationError: ``leave_overlap`` (with the other leave's ``start`` and ``end``).
    """
    name = s.scalar(select(Student.name).where(Student.id == student_id))
    if name is None:
        raise NotFoundError("no such pupil", student_id=student_id)
    other = s.execute(
        select(Leave.start_date, Leave.end_date).where(
            Leave.student_id == student_id,
            Leave.cancelled.is_(False),
            Leave.start_date <= end,
            Leave.end_date >= start,
        )
    ).first()
    if other is not None:
        raise ValidationError(
            "leave_overlap", "another leave covers some of these days", start=other[0], end=other[1]
        )
    leave = Leave(
        student_id=student_id,
        kind=kind,
        start_date=start,
        end_date=end,
        reason=reason,
        reported_by=reported_by,
        cancelled=False,
        created_by=member.id,
    )
    s.add(leave)
    s.flush()
    payload = {
        "student_id": student_id,
        "kind": kind,
        "start": start,
        "end": end,
        "reason": reason,
        "reported_by": reported_by,
    }
    audit.append(s, now, member.actor, "leave.add", "leave", leave.id, payload)
    return LeaveInfo(
        leave.id, student_id, name, kind, start, end, reason, reported_by, member.name, False
    )


def cancel_leave(s: Session, now: dt.datetime, member: StaffMember, leave_id: int) -> None:
    """Mark a leave cancelled (the record stays) with its audit entry.

    Raises:
        NotFoundError: there is no such leave.
        ValidationError: ``leave_cancelled`` when it was cancelled already.
    """
    leave = s.get(Leave, leave_id)
    if leave is None:
        raise NotFoundError("no such leave", leave_id=leave_id)
    if leave.cancelled:
        raise ValidationError("leave_cancelled", "the leave was cancelled already")
    leave.cancelled = True
    payload = {"student_id": leave.student_id, "start": leave.start_date, "end": leave.end_date}
    audit.append(s, now, member.actor, "leave.cancel", "leave", leave.id, payload)
