"""Duty and coverage (R9, 有学生就必须有老师): who watches which group, check-in, the board."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import Clock
from core.club_types import PRESENT_STATUSES, period_times
from core.club_whereabouts import club_slots, mark_in_period, marks_of
from core.coverage_duty import DutyService, GroupNames, effective_duties, group_of, slot_window
from core.coverage_types import (
    STATES,
    CoverageBoard,
    Group,
    GroupCoverage,
    OnDuty,
    Slot,
    TeacherLoad,
)
from core.errors import ValidationError
from core.schedule_service import ScheduleService
from core.staff_types import StaffMember
from core.today import TodayService
from db import audit
from db.engine import Database
from db.models import DutyAssignment, DutyCheckin


class CoverageService:
    """Check-in and the coverage board; ``duty`` edits the roster."""

    def __init__(
        self, db: Database, clock: Clock, schedule: ScheduleService, today: TodayService
    ) -> None:
        self._db = db
        self._clock = clock
        self._schedule = schedule
        self._today = today
        self.duty = DutyService(db, clock, schedule)

    def now(self) -> dt.datetime:
        """The clock's time (the page follows it)."""
        return self._clock.now()

    def current_period(self, at: dt.datetime | None = None) -> int:
        """The period the board shows by default: 2 once the first band has reached period 2."""
        at = at or self._clock.now()
        starts = [t.period2 for b in self._schedule.day(at.date()).bands if (t := period_times(b))]
        return 2 if starts and at.time() >= min(starts) else 1

    # --- check-in ---

    def my_slots(self, member: StaffMember, day: dt.date | None = None) -> list[Slot]:
        """The signed-in teacher's duties on a day, with times and check-ins."""
        day = day or self._clock.now().date()
        schedule = self._schedule.day(day)
        if not schedule.any_service:
            return []
        grace = self._schedule.load().grace_min
        with self._db.read() as s:
            names = GroupNames(s)
            duties = [
                r for r in effective_duties(s, day, schedule.weekday) if r.staff_id == member.id
            ]
            checkins = {
                (g, p): at for (_, g, p), at in _checked_in(s, day, duties, member.id).items()
            }
        out = []
        for row in duties:
            g = group_of(row)
            extra = grace if g.kind == "gate" and row.period == 2 else 0
            start, end = slot_window(schedule, names.grades(g), row.period, extra)
            checked = checkins.get((g, row.period))
            out.append(Slot(g, names.name(g), names.room(g), row.period, start, end, checked))
        return sorted(out, key=lambda x: (x.period, x.start or dt.time(), x.group))

    def check_in(self, member: StaffMember) -> list[Slot]:
        """我已到岗: check in for the teacher's next duties today, all groups of that period.

        Raises:
            ValidationError: ``not_assigned`` (no duty today), ``already_checked_in`` or
                ``slot_over`` (every remaining duty has ended).
        """
        now = self._clock.now()
        slots = self.my_slots(member, now.date())
        if not slots:
            raise ValidationError("not_assigned", "no duty today")
        open_ = [x for x in slots if x.checked_in_at is None]
        if not open_:
            raise ValidationError("already_checked_in", "already checked in for every duty")
        ahead = [x for x in open_ if x.end is None or now.time() < x.end]
        if not ahead:
            raise ValidationError("slot_over", "the duty has ended")
        period = min(ahead, key=lambda x: (x.start or dt.time(), x.period)).period
        chosen = [x for x in ahead if x.period == period]
        with self._db.write() as s:
            # Checked again inside the write: another station may have checked in meanwhile
            # (the unique constraint cannot see the gate, whose class and club are NULL).
            done = {
                (group_of(r), r.period)
                for r in s.scalars(
                    select(DutyCheckin).where(
                        DutyCheckin.staff_id == member.id, DutyCheckin.on_date == now.date()
                    )
                )
            }
            chosen = [x for x in chosen if (x.group, x.period) not in done]
            for slot in chosen:
                g = slot.group
                row = DutyCheckin(
                    staff_id=member.id,
                    on_date=now.date(),
                    period=slot.period,
                    group_kind=g.kind,
                    class_id=g.class_id,
                    club_id=g.club_id,
                    checked_in_at=now,
                )
                s.add(row)
                s.flush()
                audit.append(
                    s,
                    now,
                    member.actor,
                    "duty.checkin",
                    "duty_checkin",
                    row.id,
                    {
                        "date": now.date(),
                        "period": slot.period,
                        "group_kind": g.kind,
                        "class_id": g.class_id,
                        "club_id": g.club_id,
                        "group": slot.name,
                    },
                )
        return [Slot(x.group, x.name, x.room, x.period, x.start, x.end, now) for x in chosen]

    # --- the board ---

    def board(self, day: dt.date | None = None, period: int | None = None) -> CoverageBoard:
        """Every group of a period: children present, teachers assigned and checked in."""
        day = day or self._clock.now().date()
        period = period or self.current_period()
        schedule = self._schedule.day(day)
        if not schedule.any_service:
            return CoverageBoard(day, period, False, (), ())
        grace = self._schedule.load().grace_min
        overview = self._today.overview(day)
        with self._db.read() as s:
            names = GroupNames(s)
            marks = marks_of(s, day)
            slots = club_slots(s, schedule.weekday)
            duties = effective_duties(s, day, schedule.weekday, period)
            checkins = {
                (staff, g): at
                for (staff, g, p), at in _checked_in(s, day, duties).items()
                if p == period
            }
        expected: Counter[Group] = Counter()
        present: Counter[Group] = Counter()
        shown: set[Group] = set()  # the gate holds no children: shown once someone has it
        for band in overview.bands:
            if not band.day.service:
                continue
            for cls in band.classes:
                own = Group.of_class(names.class_ids[(cls.grade, cls.class_no)])
                shown.add(own)
                for p in cls.expected:
                    club = slots.get((p.student_id, period))
                    g = Group.of_club(club.id) if club is not None else own
                    expected[g] += 1
                    if mark_in_period(marks, p.student_id, period) in PRESENT_STATUSES:
                        present[g] += 1
        shown |= {
            Group.of_club(c.id)
            for c in names.clubs.values()
            if c.active and c.weekday == schedule.weekday and c.period == period
        }
        teachers: dict[Group, dict[int, OnDuty]] = defaultdict(dict)
        for row in duties:
            g = group_of(row)
            shown.add(g)
            teachers[g][row.staff_id] = OnDuty(names.staff[row.staff_id], True, None)
        for (staff_id, g), at in checkins.items():
            shown.add(g)
            assigned = staff_id in teachers[g]
            teachers[g][staff_id] = OnDuty(names.staff[staff_id], assigned, at)
        groups = []
        for g in sorted(shown, key=names.order):
            extra = grace if g.kind == "gate" and period == 2 else 0
            start, end = slot_window(schedule, names.grades(g), period, extra)
            on_duty = tuple(sorted(teachers[g].values(), key=lambda t: t.staff.staff_no))
            groups.append(
                GroupCoverage(
                    g, names.name(g), names.room(g), start, end, expected[g], present[g], on_duty
                )
            )
        # Flags first: a red line must not hide below the fold of a long board.
        groups.sort(key=lambda x: STATES.index(x.state))
        return CoverageBoard(day, period, True, tuple(groups), _loads(groups))


def _checked_in(
    s: Session, day: dt.date, duties: Iterable[DutyAssignment], staff_id: int | None = None
) -> dict[tuple[int, Group, int], dt.datetime]:
    """Check-ins of a day by (staff, group, period), given the day's duties in force.

    A teacher who checked in for a group at period 1 and keeps that group at period 2 counts
    as checked in for period 2 too, from the same time: they never left the room, so the board
    does not turn red at the change of period and nobody clicks twice.
    """
    query = select(DutyCheckin).where(DutyCheckin.on_date == day)
    if staff_id is not None:
        query = query.where(DutyCheckin.staff_id == staff_id)
    found = {(r.staff_id, group_of(r), r.period): r.checked_in_at for r in s.scalars(query)}
    for row in duties:
        key = (row.staff_id, group_of(row), row.period)
        earlier = (row.staff_id, group_of(row), 1)
        if row.period == 2 and key not in found and earlier in found:
            found[key] = found[earlier]
    return found


def _loads(groups: Sequence[GroupCoverage]) -> tuple[TeacherLoad, ...]:
    """Children per teacher: each teacher with the groups they watch and the children in them."""
    by_staff: dict[int, list[tuple[GroupCoverage, OnDuty]]] = defaultdict(list)
    for g in groups:
        for t in g.teachers:
            by_staff[t.staff.id].append((g, t))
    loads = [
        TeacherLoad(
            staff=items[0][1].staff,
            groups=tuple(g.name for g, _ in items),
            children=sum(g.present for g, _ in items),
            checked_in=all(t.checked_in_at is not None for _, t in items),
        )
        for items in by_staff.values()
    ]
    return tuple(sorted(loads, key=lambda x: (-x.children, x.staff.staff_no)))
