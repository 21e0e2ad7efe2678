"""Weekly diagnosis per class (一周一诊断) and the monthly attendance summary per child.

Both read a whole period in a few bulk queries and work out each day in memory: a month of a
2,500-pupil school is about 55,000 pupil-days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, select

from core.clock import Clock
from core.coverage import CoverageService
from core.coverage_types import UNCOVERED
from core.dismissal import DismissalService
from core.roster import canonical_class_name
from core.schedule_service import ScheduleData, ScheduleService
from core.today import weekday_bit
from db.engine import Database
from db.models import (
    AttendanceMark,
    Enrolment,
    Guardian,
    Handoff,
    Incident,
    Leave,
    SchoolClass,
    Student,
    StudentGuardian,
)

ATTENDED = frozenset({"present", "late", "left_early"})
LEAVE = frozenset({"sick", "personal"})
REPEAT_WEEKS = 4  # a family late again within this many weeks is a repeat family
INCIDENT_WORDS = {"injury": "受伤", "illness": "生病", "conflict": "冲突", "other": "其他"}


@dataclass(frozen=True)
class ChildMonth:
    """One child's month, as fee settlement needs it."""

    student_id: int
    student_no: str
    name: str
    class_name: str
    enrolled: int  # service days the child was on the list
    attended: int  # present, late, or left early after coming
    leave: int  # sick or personal leave
    absent: int  # absent without notice
    unmarked: int  # on the list, roll call never taken


@dataclass(frozen=True)
class MonthSummary:
    """Every child of one month."""

    year: int
    month: int
    service_days: int
    children: tuple[ChildMonth, ...]


@dataclass(frozen=True)
class ClassWeek:
    """One class's week (一周一诊断)."""

    class_id: int
    class_name: str
    enrolled: int  # pupil-days on the list
    attended: int
    leave: int
    absences: tuple[str, ...]  # "12-01 张三": absent without notice
    late_pickups: int
    repeat_families: tuple[str, ...]  # "李伟（父亲） 3 次": late again within REPEAT_WEEKS
    flagged: tuple[str, ...]  # "12-01 张三": flagged 无人接领
    incidents: tuple[str, ...]  # "12-01 16:20 受伤 张三"
    coverage_gaps: tuple[str, ...]  # "12-01 第2课时": present children, no teacher checked in

    @property
    def rate(self) -> float | None:
        """Attendance rate: attended over pupil-days not on leave (None without any)."""
        expected = self.enrolled - self.leave
        return self.attended / expected if expected > 0 else None


@dataclass(frozen=True)
class WeekDiagnosis:
    """Every class of one week."""

    start: dt.date
    end: dt.date
    service_days: tuple[dt.date, ...]
    classes: tuple[ClassWeek, ...]


class _Period:
    """The list (R1) of every service day of a period, read in bulk."""

    def __init__(self, db: Database, data: ScheduleData, start: dt.date, end: dt.date) -> None:
        self.days: list[tuple[dt.date, frozenset[int], int]] = []  # day, grades served, weekday
        day = start
        while day <= end:
            sched = data.day(day)
            grades = frozenset(
                g
                for b in sched.bands
                if b.service
                for g in range(b.band.grade_from, b.band.grade_to + 1)
            )
            if grades:
                self.days.append((day, grades, sched.weekday))
            day += dt.timedelta(days=1)
        with db.read() as s:
            conn = s.connection()
            self.pupils = conn.execute(
                select(
                    Student.id,
                    Student.student_no,
                    Student.name,
                    SchoolClass.id,
                    SchoolClass.grade,
                    SchoolClass.class_no,
                    Enrolment.weekday_mask,
                )
                .join(SchoolClass, Student.class_id == SchoolClass.id)
                .join(Enrolment, Enrolment.student_id == Student.id)
                .where(Student.active.is_(True), Enrolment.status == "signed")
                .order_by(SchoolClass.grade, SchoolClass.class_no, Student.student_no)
            ).all()
            self.marks = {
                (sid, on): status
                for sid, on, status in conn.execute(
                    select(
                        AttendanceMark.student_id, AttendanceMark.on_date, AttendanceMark.status
                    ).where(
                        AttendanceMark.period == 1,
                        AttendanceMark.on_date >= start,
                        AttendanceMark.on_date <= end,
                    )
                )
            }
            self.leaves: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
            for sid, first, last in conn.execute(
                select(Leave.student_id, Leave.start_date, Leave.end_date).where(
                    and_(
                        Leave.cancelled.is_(False), Leave.start_date <= end, Leave.end_date >= start
                    )
                )
            ):
                self.leaves[sid].append((first, last))

    def on_leave(self, sid: int, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self.leaves.get(sid, ()))

    def listed(self, grade: int, mask: int) -> list[tuple[dt.date, int]]:
        """(day, index) of the period's service days a pupil of this grade and mask is on."""
        return [
            (day, i)
            for i, (day, grades, weekday) in enumerate(self.days)
            if grade in grades and mask & weekday_bit(weekday)
        ]

    def status(self, sid: int, day: dt.date) -> str:
        """One pupil-day on the list: attended, leave, absent or unmarked."""
        mark = self.marks.get((sid, day))
        if mark in ATTENDED:
            return "attended"
        if mark in LEAVE or (mark is None and self.on_leave(sid, day)):
            return "leave"
        if mark == "absent":
            return "absent"
        return "unmarked"


class ReportService:
    """Builds the weekly diagnosis and the monthly summary."""

    def __init__(
        self,
        db: Database,
        schedule: ScheduleService,
        dismissal: DismissalService,
        coverage: CoverageService,
        clock: Clock | None = None,
    ) -> None:
        self._clock = clock
        self._db = db
        self._schedule = schedule
        self._dismissal = dismissal
        self._coverage = coverage

    def monthly_summary(self, year: int, month: int) -> MonthSummary:
        """Days enrolled, attended, on leave and absent per child of one month (so far)."""
        start = dt.date(year, month, 1)
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        if self._clock is not None:
            end = max(start, min(end, self._clock.now().date()))
        period = _Period(self._db, self._schedule.load(), start, end)
        children = []
        for sid, no, name, _cid, grade, class_no, mask in period.pupils:
            days = period.listed(grade, mask)
            if not days:
                continue
            tally = dict.fromkeys(("attended", "leave", "absent", "unmarked"), 0)
            for day, _i in days:
                tally[period.status(sid, day)] += 1
            children.append(
                ChildMonth(
                    sid,
                    no,
                    name,
                    canonical_class_name(grade, class_no),
                    len(days),
                    tally["attended"],
                    tally["leave"],
                    tally["absent"],
                    tally["unmarked"],
                )
            )
        return MonthSummary(year, month, len(period.days), tuple(children))

    def weekly_diagnosis(self, any_day: dt.date) -> WeekDiagnosis:
        """Monday to Sunday of the week holding ``any_day``, per class."""
        start = any_day - dt.timedelta(days=any_day.isoweekday() - 1)
        end = start + dt.timedelta(days=6)
        # Days still to come are not counted as expected-but-missing: the week so far.
        counted = min(end, self._clock.now().date()) if self._clock is not None else end
        period = _Period(self._db, self._schedule.load(), start, counted)
        tallies: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        absences: dict[int, list[str]] = defaultdict(list)
        names: dict[int, str] = {}
        class_of: dict[int, int] = {}
        for sid, _no, name, cid, grade, class_no, mask in period.pupils:
            names.setdefault(cid, canonical_class_name(grade, class_no))
            class_of[sid] = cid
            for day, _i in period.listed(grade, mask):
                status = period.status(sid, day)
                tallies[cid]["enrolled"] += 1
                tallies[cid][status] += 1
                if status == "absent":
                    absences[cid].append(f"{day:%m-%d} {name}")
        flagged: dict[int, list[str]] = defaultdict(list)
        gaps: dict[int, list[str]] = defaultdict(list)
        for day, _grades, _weekday in period.days:
            for child in self._dismissal.board(day).children:
                if child.was_flagged:
                    flagged[child.class_id].append(f"{day:%m-%d} {child.name}")
            for p in (1, 2):
                for g in self._coverage.board(day, p).groups:
                    if g.state == UNCOVERED and g.group.kind == "class" and g.group.class_id:
                        gaps[g.group.class_id].append(f"{day:%m-%d} 第{p}课时")
        late, repeat = self._late(start, end, class_of)
        incidents = self._incidents(start, end, class_of)
        classes = tuple(
            ClassWeek(
                cid,
                names[cid],
                t["enrolled"],
                t["attended"],
                t["leave"],
                tuple(absences[cid]),
                late.get(cid, 0),
                tuple(repeat.get(cid, ())),
                tuple(flagged[cid]),
                tuple(incidents.get(cid, ())),
                tuple(gaps[cid]),
            )
            for cid, t in tallies.items()
        )
        return WeekDiagnosis(start, end, tuple(d for d, _g, _w in period.days), classes)

    def _late(
        self, start: dt.date, end: dt.date, class_of: dict[int, int]
    ) -> tuple[dict[int, int], dict[int, list[str]]]:
        """Late pickups per class this week, and the families late again within a few weeks."""
        since = start - dt.timedelta(weeks=REPEAT_WEEKS - 1)
        families = {
            f.guardian_id: f for f in self._dismissal.late_families(since, end) if f.count >= 2
        }
        late: dict[int, int] = defaultdict(int)
        repeat: dict[int, list[str]] = defaultdict(list)
        with self._db.read() as s:
            for (sid,) in s.execute(
                select(Handoff.student_id).where(
                    Handoff.late.is_(True),
                    Handoff.undone_at.is_(None),
                    Handoff.method != "self",
                    Handoff.on_date >= start,
                    Handoff.on_date <= end,
                )
            ):
                if sid in class_of:
                    late[class_of[sid]] += 1
            if families:
                for sid, gid in s.execute(
                    select(StudentGuardian.student_id, Guardian.id)
                    .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
                    .where(Guardian.id.in_(list(families)))
                ):
                    cid = class_of.get(sid)
                    label = f"{families[gid].guardian} {families[gid].count} 次"
                    if cid is not None and label not in repeat[cid]:
                        repeat[cid].append(label)
        return late, repeat

    def _incidents(
        self, start: dt.date, end: dt.date, class_of: dict[int, int]
    ) -> dict[int, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        with self._db.read() as s:
            for sid, at, kind, name in s.execute(
                select(Incident.student_id, Incident.happened_at, Incident.kind, Student.name)
                .join(Student, Student.id == Incident.student_id)
                .where(Incident.on_date >= start, Incident.on_date <= end)
                .order_by(Incident.happened_at)
            ):
                cid = class_of.get(sid) if sid is not None else None
                if cid is not None:
                    out[cid].append(f"{at:%m-%d %H:%M} {INCIDENT_WORDS.get(kind, kind)} {name}")
        return out
