"""Queries behind attendance: roll-call sheets over today's list, alerts, pupils, leave."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from core.attendance_types import (
    ABSENT,
    CLASS_PERIOD,
    AbsentAlert,
    ClassRef,
    ClassSheet,
    GuardianContact,
    LeaveInfo,
    Mark,
    PupilRef,
    SheetRow,
)
from core.errors import NotFoundError
from core.today import ClassToday, TodayOverview
from db.models import (
    AttendanceMark,
    Enrolment,
    Guardian,
    Leave,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
)

ClassKey = tuple[int, int]  # (grade, class_no)
# The columns of Mark in its field order, marked_at last (the staff name comes between).
MARK_COLUMNS = (
    AttendanceMark.id,
    AttendanceMark.student_id,
    AttendanceMark.on_date,
    AttendanceMark.period,
    AttendanceMark.status,
    AttendanceMark.club_id,
    AttendanceMark.marked_by,
    AttendanceMark.marked_at,
)


def class_refs(s: Session) -> tuple[ClassRef, ...]:
    """Every class of the school, in grade order."""
    rows = s.execute(
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no).order_by(
            SchoolClass.grade, SchoolClass.class_no
        )
    ).all()
    return tuple(ClassRef(*r) for r in rows)


def class_ref(s: Session, cls: int | ClassKey) -> ClassRef:
    """A class by id or by (grade, class number).

    Raises:
        NotFoundError: there is no such class.
    """
    query = select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no)
    if isinstance(cls, tuple):
        query = query.where(SchoolClass.grade == cls[0], SchoolClass.class_no == cls[1])
    else:
        query = query.where(SchoolClass.id == cls)
    row = s.execute(query).first()
    if row is None:
        raise NotFoundError("no such class", cls=cls)
    return ClassRef(*row)


def class_today(overview: TodayOverview, ref: ClassRef) -> ClassToday | None:
    """The class's part of the day's list, None when nobody of it is enrolled that day."""
    key = (ref.grade, ref.class_no)
    return next(
        (c for b in overview.bands for c in b.classes if (c.grade, c.class_no) == key), None
    )


def empty_sheet(overview: TodayOverview, ref: ClassRef, period: int) -> ClassSheet:
    """The class's pupils from today's list, not yet with marks or leave details."""
    schedule = overview.schedule
    band_day = schedule.for_grade(ref.grade)
    today = class_today(overview, ref)
    pupils = (*today.expected, *today.on_leave) if today else ()
    rows = tuple(
        SheetRow(p.student_id, p.student_no, p.name, p.gender, p.notes, p.leave, "", "", None)
        for p in sorted(pupils, key=lambda p: p.student_no)
    )
    activity = ""
    if band_day is not None:
        activity = band_day.period1 if period == CLASS_PERIOD else band_day.period2
    return ClassSheet(
        ref,
        band_day.band.name if band_day else "",
        schedule.date,
        period,
        bool(band_day and band_day.service),
        activity,
        rows,
    )


def fill(s: Session, sheets: Sequence[ClassSheet], day: dt.date, period: int) -> list[ClassSheet]:
    """Add marks and leave (read afresh): two queries, whatever the number of pupils."""
    ids = [r.student_id for sheet in sheets for r in sheet.rows]
    if not ids:
        return list(sheets)
    mark_query = (
        select(*MARK_COLUMNS, Staff.name)
        .outerjoin(Staff, Staff.id == AttendanceMark.marked_by)
        .where(AttendanceMark.on_date == day, AttendanceMark.period == period)
    )
    leave_query = select(Leave.student_id, Leave.kind, Leave.reason, Leave.reported_by).where(
        and_(Leave.start_date <= day, Leave.end_date >= day, Leave.cancelled.is_(False))
    )
    if len(sheets) == 1:
        # A whole day is read without an IN list: it would name most of the school.
        mark_query = mark_query.where(AttendanceMark.student_id.in_(ids))
        leave_query = leave_query.where(Leave.student_id.in_(ids))
    marks = {row[1]: Mark(*row[:7], row[8] or "", row[7]) for row in s.execute(mark_query)}
    leaves = {row[0]: row[1:] for row in s.execute(leave_query)}
    out = []
    for sheet in sheets:
        rows = []
        for r in sheet.rows:
            kind, reason, by = leaves.get(r.student_id, (None, "", ""))
            rows.append(
                SheetRow(
                    r.student_id,
                    r.student_no,
                    r.name,
                    r.gender,
                    r.notes,
                    kind,
                    reason,
                    by,
                    marks.get(r.student_id),
                )
            )
        out.append(replace(sheet, day=day, period=period, rows=tuple(rows)))
    return out


def mark_of(row: AttendanceMark, marked_by: str) -> Mark:
    """The plain record of a mark row."""
    return Mark(
        row.id,
        row.student_id,
        row.on_date,
        row.period,
        row.status,
        row.club_id,
        row.marked_by,
        marked_by,
        row.marked_at,
    )


def staff_name(s: Session, staff_id: int | None) -> str:
    """A staff member's name, "" when unknown."""
    if staff_id is None:
        return ""
    return s.scalar(select(Staff.name).where(Staff.id == staff_id)) or ""


def guardians_in_full(
    s: Session, student_ids: Iterable[int]
) -> dict[int, tuple[GuardianContact, ...]]:
    """Guardians with unmasked phones, for the absent alert only (R12: those who must call)."""
    ids = list(student_ids)
    out: dict[int, list[GuardianContact]] = defaultdict(list)
    if not ids:
        return {}
    for sid, name, relation, phone in s.execute(
        select(StudentGuardian.student_id, Guardian.name, StudentGuardian.relation, Guardian.phone)
        .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
        .where(StudentGuardian.student_id.in_(ids))
        .order_by(StudentGuardian.student_id, StudentGuardian.position)
    ):
        out[sid].append(GuardianContact(name, relation, phone or ""))
    return {sid: tuple(g) for sid, g in out.items()}


def absent_alerts(s: Session, day: dt.date, class_id: int | None) -> tuple[AbsentAlert, ...]:
    """Pupils marked absent on a day (any period), with guardian phones in full."""
    query = (
        select(
            Student.id,
            Student.student_no,
            Student.name,
            SchoolClass.id,
            SchoolClass.grade,
            SchoolClass.class_no,
            AttendanceMark.period,
            Staff.name,
            AttendanceMark.marked_at,
        )
        .join(Student, Student.id == AttendanceMark.student_id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .outerjoin(Staff, Staff.id == AttendanceMark.marked_by)
        .where(AttendanceMark.on_date == day, AttendanceMark.status == ABSENT)
        .order_by(SchoolClass.grade, SchoolClass.class_no, Student.student_no)
    )
    if class_id is not None:
        query = query.where(Student.class_id == class_id)
    rows = s.execute(query).all()
    phones = guardians_in_full(s, sorted({r[0] for r in rows}))
    return tuple(
        AbsentAlert(
            sid,
            no,
            name,
            cid,
            ClassRef(cid, grade, class_no).name,
            period,
            by or "",
            at,
            phones.get(sid, ()),
        )
        for sid, no, name, cid, grade, class_no, period, by, at in rows
    )


def class_pupils(s: Session, class_id: int) -> tuple[PupilRef, ...]:
    """Active pupils of a class enrolled in the service, whatever their days."""
    rows = s.execute(
        select(Student.id, Student.student_no, Student.name)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(
            Student.class_id == class_id,
            Student.active.is_(True),
            Enrolment.status == "signed",
        )
        .order_by(Student.student_no)
    ).all()
    return tuple(PupilRef(*r) for r in rows)


def leaves_of(s: Session, student_id: int, since: dt.date) -> tuple[LeaveInfo, ...]:
    """A pupil's leaves ending on or after ``since``, cancelled ones included, newest first."""
    rows = s.execute(
        select(
            Leave.id,
            Leave.student_id,
            Student.name,
            Leave.kind,
            Leave.start_date,
            Leave.end_date,
            Leave.reason,
            Leave.reported_by,
            Staff.name,
            Leave.cancelled,
        )
        .join(Student, Student.id == Leave.student_id)
        .outerjoin(Staff, Staff.id == Leave.created_by)
        .where(Leave.student_id == student_id, Leave.end_date >= since)
        .order_by(Leave.start_date.desc(), Leave.id.desc())
    ).all()
    return tuple(
        LeaveInfo(lid, sid, name, kind, start, end, reason, by, creator or "", cancelled)
        for lid, sid, name, kind, start, end, reason, by, creator, cancelled in rows
    )
