"""Today's after-school list (R1): who is expected, per grade band and class, with counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, and_, select

from core.clock import Clock
from core.roster import canonical_class_name
from core.schedule import BandDay, DaySchedule
from core.schedule_service import ScheduleService
from db.engine import Database
from db.models import Enrolment, Guardian, Leave, SchoolClass, Student, StudentGuardian


class PupilToday(NamedTuple):
    """A pupil enrolled for the day (a tuple: the whole school's list is built in milliseconds)."""

    student_id: int
    student_no: str
    name: str
    gender: str | None
    departure: str
    notes: str
    leave: str | None  # "sick" / "personal" when a leave covers the day


@dataclass(frozen=True)
class ClassToday:
    """One class's part of the day's list."""

    grade: int
    class_no: int
    name: str
    expected: tuple[PupilToday, ...]
    on_leave: tuple[PupilToday, ...]

    @property
    def enrolled(self) -> int:
        """Pupils whose service day it is, on leave or not."""
        return len(self.expected) + len(self.on_leave)


@dataclass(frozen=True)
class BandToday:
    """One grade band's day: schedule and classes."""

    day: BandDay
    classes: tuple[ClassToday, ...]

    @property
    def expected(self) -> int:
        """Pupils expected to stay."""
        return sum(len(c.expected) for c in self.classes)

    @property
    def on_leave(self) -> int:
        """Pupils on leave today."""
        return sum(len(c.on_leave) for c in self.classes)

    @property
    def enrolled(self) -> int:
        """Pupils whose service day it is."""
        return self.expected + self.on_leave


@dataclass(frozen=True)
class TodayOverview:
    """The whole school's list for one date."""

    schedule: DaySchedule
    bands: tuple[BandToday, ...]

    @property
    def expected(self) -> int:
        """Pupils expected across the school."""
        return sum(b.expected for b in self.bands)

    @property
    def on_leave(self) -> int:
        """Pupils on leave across the school."""
        return sum(b.on_leave for b in self.bands)


def mask_phone(phone: str | None) -> str:
    """138****5678 for mobiles, 0519-****1234 for landlines (R12)."""
    if not phone:
        return ""
    if len(phone) == 11 and phone.isdigit():
        return f"{phone[:3]}****{phone[7:]}"
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * max(0, len(number) - 4)}{number[-4:]}"
    return phone[:3] + "*" * max(0, len(phone) - 7) + phone[-4:]


def weekday_bit(weekday: int) -> int:
    """The enrolment mask bit of an ISO weekday (Monday = 1)."""
    return 1 << weekday


def mask_from_weekdays(weekdays: tuple[int, ...] | list[int]) -> int:
    """Enrolment mask of a list of ISO weekdays."""
    mask = 0
    for d in weekdays:
        mask |= weekday_bit(d)
    return mask


def weekdays_from_mask(mask: int) -> list[int]:
    """ISO weekdays of an enrolment mask."""
    return [d for d in range(1, 8) if mask & weekday_bit(d)]


class TodayService:
    """Builds the day's list for the today page, the attendance page and reports."""

    def __init__(self, db: Database, clock: Clock, schedule: ScheduleService) -> None:
        self._db = db
        self._clock = clock
        self._schedule = schedule

    def overview(self, day: dt.date | None = None) -> TodayOverview:
        """The list of ``day`` (today by the clock when omitted)."""
        day = day or self._clock.now().date()
        schedule = self._schedule.day(day)
        served = [b for b in schedule.bands if b.service]
        if not served:
            return TodayOverview(schedule, tuple(BandToday(b, ()) for b in schedule.bands))
        with self._db.read() as s:
            rows = s.execute(_enrolled_on(schedule.weekday)).all()
            leaves = {
                sid: kind
                for sid, kind in s.execute(
                    select(Leave.student_id, Leave.kind).where(
                        and_(
                            Leave.start_date <= day,
                            Leave.end_date >= day,
                            Leave.cancelled.is_(False),
                        )
                    )
                )
            }
        by_class: dict[tuple[int, int], list[PupilToday]] = defaultdict(list)
        for r in rows:
            by_class[(r.grade, r.class_no)].append(
                PupilToday(
                    r.id, r.student_no, r.name, r.gender, r.departure, r.notes, leaves.get(r.id)
                )
            )
        bands = []
        for band_day in schedule.bands:
            classes = []
            if band_day.service:
                for key in sorted(k for k in by_class if band_day.band.covers(k[0])):
                    pupils = sorted(by_class[key], key=lambda p: p.student_no)
                    classes.append(
                        ClassToday(
                            key[0],
                            key[1],
                            canonical_class_name(*key),
                            tuple(p for p in pupils if p.leave is None),
                            tuple(p for p in pupils if p.leave is not None),
                        )
                    )
            bands.append(BandToday(band_day, tuple(classes)))
        return TodayOverview(schedule, tuple(bands))

    def on_list(self, student_id: int, day: dt.date) -> bool:
        """Whether one pupil is on the day's list (R1; on leave counts), without the whole list."""
        schedule = self._schedule.day(day)
        with self._db.read() as s:
            row = s.execute(_enrolled_on(schedule.weekday).where(Student.id == student_id)).first()
        band = schedule.for_grade(row.grade) if row is not None else None
        return band is not None and band.service

    def guardians_of(self, student_ids: list[int]) -> dict[int, str]:
        """Guardians of some pupils as one line each, phones masked (R12).

        Kept out of ``overview`` so the whole school's list stays fast; a page asks for the
        pupils it shows.
        """
        out: dict[int, list[str]] = defaultdict(list)
        with self._db.read() as s:
            for sid, name, relation, phone in s.execute(
                select(
                    StudentGuardian.student_id,
                    Guardian.name,
                    StudentGuardian.relation,
                    Guardian.phone,
                )
                .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
                .where(StudentGuardian.student_id.in_(student_ids))
                .order_by(StudentGuardian.student_id, StudentGuardian.position)
            ):
                label = f"{name}({relation})" if relation else name
                out[sid].append(f"{label} {mask_phone(phone)}".strip())
        return {sid: "；".join(parts) for sid, parts in out.items()}


def _enrolled_on(weekday: int) -> Select[int, str, str, str | None, str, int, int, str]:
    """R1 without the schedule: active pupils with a signed enrolment for this weekday.

    A make-up day passes the weekday it follows, and so uses that weekday's enrolment.
    """
    return (
        select(
            Student.id,
            Student.student_no,
            Student.name,
            Student.gender,
            Student.notes,
            SchoolClass.grade,
            SchoolClass.class_no,
            Enrolment.departure,
        )
        .join(SchoolClass, Student.class_id == SchoolClass.id)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(
            Student.active.is_(True),
            Enrolment.status == "signed",
            Enrolment.weekday_mask.op("&")(weekday_bit(weekday)) != 0,
        )
    )
