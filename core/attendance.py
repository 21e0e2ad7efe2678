"""Attendance (R2): roll-call sheets over today's list, marks with audit, leave, absent alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from core import attendance_leave, attendance_reads
from core.attendance_reads import ClassKey
from core.attendance_types import (
    CLASS_PERIOD,
    PRESENT,
    STATUSES,
    AbsentAlert,
    ClassRef,
    ClassSheet,
    DaySheet,
    LeaveInfo,
    Mark,
    PupilRef,
)
from core.clock import Clock
from core.errors import DatabaseUnavailableError, ValidationError
from core.staff_types import StaffMember
from core.today import TodayService
from db import audit
from db.engine import Database
from db.models import AttendanceMark

__all__ = ["AttendanceService", "ClassKey"]

T = TypeVar("T")


def _stored(what: str, action: Callable[[], T]) -> T:
    """Run a write transaction; once more when another station inserted the same mark first."""
    for attempt in (1, 2):
        try:
            return action()
        except IntegrityError as exc:
            if attempt == 2:
                raise DatabaseUnavailableError(f"cannot store {what}: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
            raise DatabaseUnavailableError(f"cannot store {what}: {reason}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


class AttendanceService:
    """Roll call for classes (period 1) and clubs (period 2), leave, and absent alerts."""

    def __init__(self, db: Database, clock: Clock, today: TodayService) -> None:
        self._db = db
        self._clock = clock
        self._today = today

    def current_day(self) -> dt.date:
        """Today by the clock."""
        return self._clock.now().date()

    # --- reading ---

    def classes(self) -> tuple[ClassRef, ...]:
        """Every class of the school, in grade order."""
        with self._db.read() as s:
            return attendance_reads.class_refs(s)

    def class_sheet(
        self, cls: int | ClassKey, day: dt.date, period: int = CLASS_PERIOD
    ) -> ClassSheet:
        """One class's roll call: its part of the day's list (R1) with each pupil's mark.

        Raises:
            NotFoundError: there is no such class.
        """
        overview = self._today.overview(day)
        with self._db.read() as s:
            ref = attendance_reads.class_ref(s, cls)
            sheet = attendance_reads.empty_sheet(overview, ref, period)
            return attendance_reads.fill(s, [sheet], day, period)[0]

    def reread(self, sheet: ClassSheet) -> ClassSheet:
        """A sheet's pupils with their marks and leave read afresh: two queries, no list.

        Switching between classes of a day already read costs this, not the whole school's
        list; who is enrolled is as of that read (the page reads the whole day on refresh).
        """
        with self._db.read() as s:
            return attendance_reads.fill(s, [sheet], sheet.day, sheet.period)[0]

    def day_sheet(self, day: dt.date, period: int = CLASS_PERIOD) -> DaySheet:
        """Every class's roll call for a day: the counts per class, band and school."""
        overview = self._today.overview(day)
        with self._db.read() as s:
            sheets = [
                attendance_reads.empty_sheet(overview, ref, period)
                for ref in attendance_reads.class_refs(s)
            ]
            sheets = attendance_reads.fill(s, sheets, day, period)
        bands = tuple(b.day.band.name for b in overview.bands)
        return DaySheet(day, period, bands, tuple(sheets))

    def absent_alerts(self, day: dt.date, class_id: int | None = None) -> tuple[AbsentAlert, ...]:
        """Pupils marked absent without notice on a day, with guardian phones in full.

        Every period counts: a child at the class roll call but missing from a club is just as
        urgent. The full phones are for the teacher who calls (R12); nothing else returns them.
        """
        with self._db.read() as s:
            return attendance_reads.absent_alerts(s, day, class_id)

    def class_pupils(self, class_id: int) -> tuple[PupilRef, ...]:
        """Active pupils of a class enrolled in the service, whatever their days (for leave)."""
        with self._db.read() as s:
            return attendance_reads.class_pupils(s, class_id)

    def leaves_of(self, student_id: int, since: dt.date) -> tuple[LeaveInfo, ...]:
        """A pupil's leaves ending on or after ``since``, cancelled ones included, newest first."""
        with self._db.read() as s:
            return attendance_reads.leaves_of(s, student_id, since)

    # --- marking ---

    def mark(
        self,
        student_id: int,
        day: dt.date,
        period: int,
        status: str,
        member: StaffMember,
        club_id: int | None = None,
    ) -> Mark:
        """Record a pupil's status; marking again corrects it, with a new audit entry.

        Raises:
            ValidationError: ``attendance_status``, ``attendance_period``, ``attendance_future``
                or ``not_on_list`` (the pupil is not on that day's list, R1).
        """
        self._check(day, period, status)
        if not self._today.on_list(student_id, day):
            raise ValidationError(
                "not_on_list", "the pupil is not on that day's list", student_id=student_id
            )

        def write() -> Mark:
            with self._db.write() as s:
                row = s.scalar(
                    select(AttendanceMark).where(
                        AttendanceMark.student_id == student_id,
                        AttendanceMark.on_date == day,
                        AttendanceMark.period == period,
                    )
                )
                if row is not None and (row.status, row.club_id) == (status, club_id):
                    return attendance_reads.mark_of(
                        row, attendance_reads.staff_name(s, row.marked_by)
                    )
                return self._put(s, row, student_id, day, period, status, member, club_id)

        return _stored("the mark", write)

    def mark_all_present(
        self, cls: int | ClassKey, day: dt.date, member: StaffMember
    ) -> tuple[Mark, ...]:
        """Mark every unmarked pupil of a class present at the roll call, in one transaction.

        Pupils on leave and pupils already marked keep their status; the teacher then marks the
        exceptions. Returns the new marks.

        Raises:
            NotFoundError: there is no such class.
            ValidationError: ``attendance_future``.
        """
        self._check(day, CLASS_PERIOD, PRESENT)
        overview = self._today.overview(day)

        def write() -> tuple[Mark, ...]:
            with self._db.write() as s:
                today = attendance_reads.class_today(overview, attendance_reads.class_ref(s, cls))
                wanted = [p.student_id for p in today.expected] if today else []
                done = set(
                    s.scalars(
                        select(AttendanceMark.student_id).where(
                            AttendanceMark.student_id.in_(wanted),
                            AttendanceMark.on_date == day,
                            AttendanceMark.period == CLASS_PERIOD,
                        )
                    )
                )
                return tuple(
                    self._put(s, None, sid, day, CLASS_PERIOD, PRESENT, member, None, bulk=True)
                    for sid in wanted
                    if sid not in done
                )

        return _stored("the marks", write)

    def _check(self, day: dt.date, period: int, status: str) -> None:
        if status not in STATUSES:
            raise ValidationError("attendance_status", "unknown status", status=status)
        if period not in (1, 2):
            raise ValidationError("attendance_period", "period must be 1 or 2", period=period)
        if day > self.current_day():
            raise ValidationError("attendance_future", "cannot mark a future day", day=day)

    def _put(
        self,
        s: Session,
        row: AttendanceMark | None,
        student_id: int,
        day: dt.date,
        period: int,
        status: str,
        member: StaffMember,
        club_id: int | None,
        bulk: bool = False,
    ) -> Mark:
        """Insert or update one mark and append its audit entry (mark, or correct)."""
        now = self._clock.now()
        previous = row.status if row is not None else None
        if row is None:
            row = AttendanceMark(student_id=student_id, on_date=day, period=period)
            s.add(row)
        row.status = status
        row.club_id = club_id
        row.marked_by = member.id
        row.marked_at = now
        s.flush()
        payload: dict[str, object] = {
            "student_id": student_id,
            "date": day,
            "period": period,
            "status": status,
            "previous": previous,
        }
        if club_id is not None:
            payload["club_id"] = club_id
        if bulk:
            payload["all_present"] = True
        action = "attendance.mark" if previous is None else "attendance.correct"
        audit.append(s, now, member.actor, action, "attendance_mark", row.id, payload)
        return attendance_reads.mark_of(row, member.name)

    # --- leave ---

    def add_leave(
        self,
        student_id: int,
        start: dt.date,
        end: dt.date,
        kind: str,
        reason: str,
        reported_by: str,
        member: StaffMember,
    ) -> LeaveInfo:
        """Record leave phoned in or entered ahead; the pupil shows on leave on those days.

        Raises:
            NotFoundError: there is no such pupil.
            ValidationError: ``leave_kind``, ``leave_range``, ``leave_too_long``,
                ``leave_reported_by``, ``leave_reported_by_too_long``, ``leave_reason_too_long``
                or ``leave_overlap`` (with the other leave's ``start`` and ``end``).
        """
        reason, reported_by = reason.strip(), reported_by.strip()
        attendance_leave.check_leave(start, end, kind, reason, reported_by)

        def write() -> LeaveInfo:
            with self._db.write() as s:
                return attendance_leave.insert_leave(
                    s, self._clock.now(), member, student_id, start, end, kind, reason, reported_by
                )

        return _stored("the leave", write)

    def cancel_leave(self, leave_id: int, member: StaffMember) -> None:
        """Cancel a leave (the child comes after all); the record stays, marked cancelled.

        Raises:
            NotFoundError: there is no such leave.
            ValidationError: ``leave_cancelled`` when it was cancelled already.
        """

        def write() -> None:
            with self._db.write() as s:
                attendance_leave.cancel_leave(s, self._clock.now(), member, leave_id)

        _stored("the leave", write)
