"""The duty roster (R9): weekly and dated duties of teachers for classes, clubs and the gate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.clock import Clock
from core.club_queries import staff_choices
from core.club_types import StaffChoice, period_times, require_admin
from core.coverage_types import GROUP_KINDS, Assignment, AssignmentDraft, Group, GroupChoice
from core.errors import NotFoundError, ValidationError
from core.roster import canonical_class_name
from core.schedule import DaySchedule
from core.schedule_service import ScheduleService
from core.staff_types import StaffMember
from db import audit
from db.engine import Database
from db.models import Club, ClubMember, DutyAssignment, DutyCheckin, SchoolClass, Staff, Student

ALL_GRADES = frozenset(range(1, 7))
T = TypeVar("T")


def group_of(row: DutyAssignment | DutyCheckin) -> Group:
    """The group a stored duty or check-in names."""
    return Group(row.group_kind, row.class_id, row.club_id)


def effective_duties(
    s: Session, day: dt.date, weekday: int, period: int | None = None
) -> list[DutyAssignment]:
    """The duties in force on a day.

    For each group and period: its dated duties when it has any on that day (a dated duty
    replaces the weekly pattern for that group and slot), else its weekly ones for the day's
    timetable weekday (a make-up Saturday follows the weekday it stands for).
    """
    query = select(DutyAssignment).where(
        or_(DutyAssignment.on_date == day, DutyAssignment.weekday == weekday)
    )
    if period is not None:
        query = query.where(DutyAssignment.period == period)
    rows = s.scalars(query.order_by(DutyAssignment.id)).all()
    dated = {(group_of(r), r.period) for r in rows if r.on_date is not None}
    return [r for r in rows if r.on_date is not None or (group_of(r), r.period) not in dated]


def slot_window(
    schedule: DaySchedule, grades: Iterable[int], period: int, extra_min: int = 0
) -> tuple[dt.time | None, dt.time | None]:
    """When a group's period runs: from the earliest of its grades' bands to the latest."""
    bounds = []
    for band in schedule.bands:
        times = period_times(band)
        if times is not None and any(band.band.covers(g) for g in grades):
            bounds.append(times.bounds(period))
    if not bounds:
        return None, None
    end = max(b[1] for b in bounds)
    if extra_min:
        end = (dt.datetime.combine(schedule.date, end) + dt.timedelta(minutes=extra_min)).time()
    return min(b[0] for b in bounds), end


class GroupNames:
    """Names, grades and rooms of every group, loaded once per user action."""

    def __init__(self, s: Session) -> None:
        rows = s.execute(select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no)).all()
        self.classes = {cid: (canonical_class_name(g, n), g) for cid, g, n in rows}
        self.class_ids = {(g, n): cid for cid, g, n in rows}
        self._class_order = {cid: (g, n) for cid, g, n in rows}
        self.clubs = {c.id: c for c in s.scalars(select(Club))}
        self.club_grades: dict[int, set[int]] = defaultdict(set)
        for club_id, grade in s.execute(
            select(ClubMember.club_id, SchoolClass.grade)
            .join(Student, Student.id == ClubMember.student_id)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .distinct()
        ):
            self.club_grades[club_id].add(grade)
        self.staff = {
            sid: StaffChoice(sid, no, name, role)
            for sid, no, name, role in s.execute(
                select(Staff.id, Staff.staff_no, Staff.name, Staff.role)
            )
        }

    def name(self, group: Group) -> str:
        """三(2)班, 机器人社团; "" for the gate (the UI names it)."""
        if group.class_id is not None:
            return self.classes[group.class_id][0]
        if group.club_id is not None:
            return self.clubs[group.club_id].name
        return ""

    def order(self, group: Group) -> tuple[int, int, int, str]:
        """Classes by grade and number, then clubs by name, then the gate."""
        grade, class_no = self._class_order.get(group.class_id or 0, (0, 0))
        return GROUP_KINDS.index(group.kind), grade, class_no, self.name(group)

    def room(self, group: Group) -> str:
        """A club's room; "" otherwise."""
        return self.clubs[group.club_id].room if group.club_id is not None else ""

    def grades(self, group: Group) -> set[int]:
        """The grades whose bands set the group's times (a club: its members' grades)."""
        if group.class_id is not None:
            return {self.classes[group.class_id][1]}
        if group.club_id is not None:
            return self.club_grades.get(group.club_id) or set(ALL_GRADES)
        return set(ALL_GRADES)


class DutyService:
    """The duty roster: weekly and dated assignments of teachers to groups and periods."""

    def __init__(self, db: Database, clock: Clock, schedule: ScheduleService) -> None:
        self._db = db
        self._clock = clock
        self._schedule = schedule

    def staff(self) -> list[StaffChoice]:
        """Active staff who may take a duty."""
        with self._db.read() as s:
            return staff_choices(s)

    def groups(self) -> list[GroupChoice]:
        """Every class, every active club and the gate."""
        with self._db.read() as s:
            names = GroupNames(s)
        out = [
            GroupChoice(Group.of_class(cid), name)
            for cid, (name, _) in sorted(
                names.classes.items(), key=lambda kv: names.order(Group.of_class(kv[0]))
            )
        ]
        out += [
            GroupChoice(Group.of_club(c.id), c.name, c.weekday, c.period)
            for c in sorted(names.clubs.values(), key=lambda c: (c.weekday, c.period, c.name))
            if c.active
        ]
        return [*out, GroupChoice(Group.gate(), "")]

    def assignments(
        self, weekday: int | None = None, on_date: dt.date | None = None
    ) -> list[Assignment]:
        """The weekly duties of a weekday, or the dated duties of a date."""
        with self._db.read() as s:
            names = GroupNames(s)
            query = select(DutyAssignment)
            if on_date is not None:
                query = query.where(DutyAssignment.on_date == on_date)
            elif weekday is not None:
                query = query.where(DutyAssignment.weekday == weekday)
            rows = s.scalars(query).all()
        out = [
            Assignment(
                r.id,
                names.staff[r.staff_id],
                group_of(r),
                names.name(group_of(r)),
                r.period,
                r.weekday,
                r.on_date,
            )
            for r in rows
        ]
        return sorted(out, key=lambda a: (a.period, a.group, a.staff.staff_no))

    def assign(self, draft: AssignmentDraft, member: StaffMember) -> list[int]:
        """Store a duty (one row per weekday); returns the new ids.

        Raises:
            ValidationError: ``not_allowed``, ``assignment_period``, ``assignment_when``,
                ``assignment_weekday``, ``assignment_past``, ``staff_unknown``,
                ``group_unknown``, ``club_slot`` or ``assignment_exists``.
        """
        require_admin(member)
        if draft.period not in (1, 2):
            raise ValidationError("assignment_period", "no such period")
        if bool(draft.weekdays) == (draft.on_date is not None):
            raise ValidationError("assignment_when", "give weekdays or one date")
        if any(not 1 <= d <= 5 for d in draft.weekdays):
            raise ValidationError("assignment_weekday", "duties are Monday to Friday")
        now = self._clock.now()
        if draft.on_date is not None and draft.on_date < now.date():
            raise ValidationError("assignment_past", "that date has passed", day=draft.on_date)
        when: list[tuple[int | None, dt.date | None]] = (
            [(None, draft.on_date)] if draft.on_date else [(d, None) for d in draft.weekdays]
        )
        date_weekday = self._schedule.day(draft.on_date).weekday if draft.on_date else None
        with self._db.write() as s:
            staff = s.get(Staff, draft.staff_id)
            if staff is None or not staff.active:
                raise ValidationError("staff_unknown", "no such active teacher")
            self._check_group(s, draft, date_weekday)
            g = draft.group
            new: list[DutyAssignment] = []
            for weekday, on_date in dict.fromkeys(when):
                same = s.scalar(
                    select(DutyAssignment.id).where(
                        DutyAssignment.staff_id == draft.staff_id,
                        DutyAssignment.group_kind == g.kind,
                        _is(DutyAssignment.class_id, g.class_id),
                        _is(DutyAssignment.club_id, g.club_id),
                        DutyAssignment.period == draft.period,
                        _is(DutyAssignment.weekday, weekday),
                        _is(DutyAssignment.on_date, on_date),
                    )
                )
                if same is None:
                    new.append(
                        DutyAssignment(
                            staff_id=draft.staff_id,
                            group_kind=g.kind,
                            class_id=g.class_id,
                            club_id=g.club_id,
                            period=draft.period,
                            weekday=weekday,
                            on_date=on_date,
                        )
                    )
            if not new:
                raise ValidationError("assignment_exists", "the teacher already has this duty")
            for row in new:
                s.add(row)
                s.flush()
                audit.append(
                    s, now, member.actor, "duty.assign", "duty_assignment", row.id, _payload(row)
                )
            return [row.id for row in new]

    def unassign(self, assignment_id: int, member: StaffMember) -> None:
        """Remove a duty."""
        require_admin(member)
        with self._db.write() as s:
            row = s.get(DutyAssignment, assignment_id)
            if row is None:
                raise NotFoundError("duty not found")
            payload = _payload(row)
            s.delete(row)
            audit.append(
                s,
                self._clock.now(),
                member.actor,
                "duty.unassign",
                "duty_assignment",
                assignment_id,
                payload,
            )

    def _check_group(self, s: Session, draft: AssignmentDraft, date_weekday: int | None) -> None:
        g = draft.group
        if g.kind not in GROUP_KINDS or (
            (g.class_id is not None) != (g.kind == "class")
            or (g.club_id is not None) != (g.kind == "club")
        ):
            raise ValidationError("group_unknown", "no such group")
        if g.class_id is not None and s.get(SchoolClass, g.class_id) is None:
            raise ValidationError("group_unknown", "no such class")
        if g.club_id is not None:
            club = s.get(Club, g.club_id)
            if club is None or not club.active:
                raise ValidationError("group_unknown", "no such active club")
            days = set(draft.weekdays) | ({date_weekday} if date_weekday else set())
            if draft.period != club.period or days != {club.weekday}:
                raise ValidationError(
                    "club_slot",
                    "the club does not meet then",
                    weekday=club.weekday,
                    period=club.period,
                )


def _is(column: InstrumentedAttribute[T], value: T) -> ColumnElement[bool]:
    """``column IS NULL`` for None, else ``column = value``."""
    return column.is_(None) if value is None else column == value


def _payload(row: DutyAssignment) -> dict[str, object]:
    return {
        "staff_id": row.staff_id,
        "group_kind": row.group_kind,
        "class_id": row.class_id,
        "club_id": row.club_id,
        "period": row.period,
        "weekday": row.weekday,
        "on_date": row.on_date,
    }
