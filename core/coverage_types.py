"""Plain records of duty and coverage (R9): groups, assignments, check-ins and the board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.club_types import StaffChoice

GROUP_KINDS = ("class", "club", "gate")
# A group's state on the board, most urgent first.
UNCOVERED = "uncovered"  # present children and no teacher checked in (red)
WAITING = "waiting"  # a teacher is assigned but has not checked in, no child present yet (orange)
COVERED = "covered"  # a teacher checked in (green)
IDLE = "idle"  # no child present and nobody assigned
STATES = (UNCOVERED, WAITING, COVERED, IDLE)


@dataclass(frozen=True, order=True)
class Group:
    """What a teacher watches: a class, a club or the gate."""

    kind: str
    class_id: int | None = None
    club_id: int | None = None

    @classmethod
    def of_class(cls, class_id: int) -> Group:
        """A class's own group."""
        return cls("class", class_id=class_id)

    @classmethod
    def of_club(cls, club_id: int) -> Group:
        """A club's group."""
        return cls("club", club_id=club_id)

    @classmethod
    def gate(cls) -> Group:
        """The school gate (pickup point)."""
        return cls("gate")


@dataclass(frozen=True)
class GroupChoice:
    """A group offered in the assignment editor; ``weekday`` and ``period`` only for clubs."""

    group: Group
    name: str  # 三(2)班, 机器人社团; "" for the gate
    weekday: int | None = None
    period: int | None = None


@dataclass(frozen=True)
class AssignmentDraft:
    """A duty to add: weekly on some weekdays, or on one date (which then replaces the weekly)."""

    staff_id: int
    group: Group
    period: int
    weekdays: tuple[int, ...] = ()
    on_date: dt.date | None = None


@dataclass(frozen=True)
class Assignment:
    """One stored duty."""

    id: int
    staff: StaffChoice
    group: Group
    group_name: str
    period: int
    weekday: int | None
    on_date: dt.date | None


@dataclass(frozen=True)
class OnDuty:
    """A teacher in a group's slot: assigned, checked in, or both."""

    staff: StaffChoice
    assigned: bool
    checked_in_at: dt.datetime | None


@dataclass(frozen=True)
class GroupCoverage:
    """One group's line on the coverage board."""

    group: Group
    name: str
    room: str
    start: dt.time | None
    end: dt.time | None
    expected: int  # children on the day's list who belong to the group in this period
    present: int  # of those, marked present or late (R2)
    teachers: tuple[OnDuty, ...]

    @property
    def checked_in(self) -> tuple[OnDuty, ...]:
        """Teachers who checked in."""
        return tuple(t for t in self.teachers if t.checked_in_at is not None)

    @property
    def missing(self) -> tuple[OnDuty, ...]:
        """Teachers assigned who have not checked in."""
        return tuple(t for t in self.teachers if t.assigned and t.checked_in_at is None)

    @property
    def state(self) -> str:
        """The group's state: UNCOVERED, WAITING, COVERED or IDLE (有学生就必须有老师)."""
        if self.checked_in:
            return COVERED
        if self.present > 0:
            return UNCOVERED
        return WAITING if self.missing else IDLE

    @property
    def per_teacher(self) -> int | None:
        """Present children per checked-in teacher (rounded up); None with nobody checked in."""
        if not self.checked_in:
            return None
        return -(-self.present // len(self.checked_in))


@dataclass(frozen=True)
class TeacherLoad:
    """A teacher's groups in a slot and the children present in them."""

    staff: StaffChoice
    groups: tuple[str, ...]
    children: int
    checked_in: bool  # checked in for every one of their groups


@dataclass(frozen=True)
class CoverageBoard:
    """Every group of one period of one day (R9)."""

    day: dt.date
    period: int
    service: bool
    groups: tuple[GroupCoverage, ...]
    teachers: tuple[TeacherLoad, ...]

    def count(self, state: str) -> int:
        """Groups in one state."""
        return sum(1 for g in self.groups if g.state == state)

    @property
    def present(self) -> int:
        """Children present across the groups."""
        return sum(g.present for g in self.groups)


@dataclass(frozen=True)
class Slot:
    """One of a teacher's duties on a day, with its time and check-in."""

    group: Group
    name: str
    room: str
    period: int
    start: dt.time | None
    end: dt.time | None
    checked_in_at: dt.datetime | None
