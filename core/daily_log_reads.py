"""Reads behind the daily supervision log that no other service makes: one query per table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.roster import canonical_class_name
from db.models import Guardian, GuardianCall, Handoff, SchoolClass, Staff, Student, StudentGuardian

CallRow = tuple[
    dt.datetime, str, int | None, str, str, str
]  # at, callee, guardian, result, note, staff


@dataclass(frozen=True)
class HandoffRow:
    """One handoff of the day, undone ones included (records are never deleted)."""

    student_id: int
    at: dt.datetime
    name: str
    class_name: str
    receiver: str
    relation: str
    method: str
    verified_by: str
    station: str
    early: bool
    late: bool
    reason: str
    undone_at: dt.datetime | None
    undo_reason: str


def staff_names(s: Session) -> dict[int, str]:
    """Every staff member's name by id."""
    return {sid: name for sid, name in s.execute(select(Staff.id, Staff.name))}


def handoffs(s: Session, day: dt.date) -> list[HandoffRow]:
    """The day's handoffs in time order, undone ones included."""
    staff = staff_names(s)
    out = []
    for r in s.execute(
        select(
            Handoff.student_id,
            Handoff.released_at,
            Student.name,
            SchoolClass.grade,
            SchoolClass.class_no,
            Handoff.receiver_name,
            Handoff.receiver_relation,
            Handoff.method,
            Handoff.verified_by,
            Handoff.station,
            Handoff.early,
            Handoff.late,
            Handoff.override_reason,
            Handoff.undone_at,
            Handoff.undo_reason,
        )
        .join(Student, Student.id == Handoff.student_id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .where(Handoff.on_date == day)
        .order_by(Handoff.released_at, Handoff.id)
    ):
        out.append(
            HandoffRow(
                r[0],
                r[1],
                r[2],
                canonical_class_name(r[3], r[4]),
                r[5],
                r[6],
                r[7],
                staff.get(r[8] or 0, ""),
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                r[14],
            )
        )
    return out


def calls(s: Session, day: dt.date) -> dict[int, list[CallRow]]:
    """The day's calls per pupil, in time order."""
    staff = staff_names(s)
    out: dict[int, list[CallRow]] = defaultdict(list)
    for sid, at, callee, gid, result, note, staff_id in s.execute(
        select(
            GuardianCall.student_id,
            GuardianCall.at,
            GuardianCall.callee,
            GuardianCall.guardian_id,
            GuardianCall.result,
            GuardianCall.note,
            GuardianCall.staff_id,
        )
        .where(GuardianCall.on_date == day)
        .order_by(GuardianCall.at, GuardianCall.id)
    ):
        out[sid].append((at, callee, gid, result, note, staff.get(staff_id or 0, "")))
    return out


def guardians(s: Session, ids: Iterable[int]) -> dict[int, list[tuple[str, str, str | None]]]:
    """(name, relation, phone) of some pupils' guardians, in list order; phones in full."""
    out: dict[int, list[tuple[str, str, str | None]]] = defaultdict(list)
    ids = list(ids)
    if not ids:
        return out
    for sid, name, relation, phone in s.execute(
        select(StudentGuardian.student_id, Guardian.name, StudentGuardian.relation, Guardian.phone)
        .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
        .where(StudentGuardian.student_id.in_(ids))
        .order_by(StudentGuardian.student_id, StudentGuardian.position, StudentGuardian.id)
    ):
        out[sid].append((name, relation, phone))
    return out


def pupils(s: Session) -> dict[int, tuple[str, str]]:
    """(name, class name) of every pupil."""
    return {
        sid: (name, canonical_class_name(g, n))
        for sid, name, g, n in s.execute(
            select(Student.id, Student.name, SchoolClass.grade, SchoolClass.class_no).join(
                SchoolClass, SchoolClass.id == Student.class_id
            )
        )
    }
