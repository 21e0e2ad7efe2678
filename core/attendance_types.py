"""Plain records of attendance (R2): marks, a class's roll-call sheet, the day's counts, alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from core.roster import canonical_class_name

PRESENT = "present"
LATE = "late"
SICK = "sick"
PERSONAL = "personal"
ABSENT = "absent"
LEFT_EARLY = "left_early"
# Every status of R2, in the order pages list them.
STATUSES = (PRESENT, LATE, SICK, PERSONAL, ABSENT, LEFT_EARLY)
# What a roll call sets; 早退 comes from an early handoff.
ROLL_CALL_STATUSES = (PRESENT, LATE, SICK, PERSONAL, ABSENT)
LEAVE_KINDS = (SICK, PERSONAL)
CLASS_PERIOD = 1  # period 1 is the class's roll call; period 2 belongs to the clubs
CLUB_PERIOD = 2


@dataclass(frozen=True)
class ClassRef:
    """A class of the school."""

    id: int
    grade: int
    class_no: int

    @property
    def name(self) -> str:
        """三(2)班."""
        return canonical_class_name(self.grade, self.class_no)


@dataclass(frozen=True)
class Mark:
    """The latest status of a pupil in one period of one day; its history is in the audit."""

    id: int
    student_id: int
    on_date: dt.date
    period: int
    status: str
    club_id: int | None
    marked_by_id: int | None
    marked_by: str  # the staff member's name, "" when unknown
    marked_at: dt.datetime


@dataclass(frozen=True)
class SheetRow:
    """One pupil on a roll-call sheet: today's list (R1) plus the period's mark."""

    student_id: int
    student_no: str
    name: str
    gender: str | None
    notes: str
    leave: str | None  # "sick" / "personal" when a leave covers the day
    leave_reason: str
    leave_reported_by: str
    mark: Mark | None

    @property
    def status(self) -> str | None:
        """The marked status, None while unmarked."""
        return self.mark.status if self.mark else None

    @property
    def shown(self) -> str | None:
        """What the sheet shows: the mark, else the leave kind, else None (not yet marked).

        A mark wins over a leave: a child on leave who turns up after all is marked present.
        """
        return self.status or self.leave

    @property
    def absent_without_notice(self) -> bool:
        """缺勤: the guardian must be reached (R2)."""
        return self.status == ABSENT

    def with_mark(self, mark: Mark) -> SheetRow:
        """The same row with a new mark."""
        return replace(self, mark=mark)


@dataclass(frozen=True)
class Counts:
    """How many pupils of a group are in each state; ``total`` is everyone on the list."""

    total: int = 0
    present: int = 0
    late: int = 0
    leave: int = 0
    absent: int = 0
    left_early: int = 0
    unmarked: int = 0

    @property
    def attended(self) -> int:
        """Pupils who came (present or later left early), not counting the late ones."""
        return self.present + self.left_early

    @classmethod
    def of(cls, rows: Iterable[SheetRow]) -> Counts:
        """Count a group's rows."""
        tally = dict.fromkeys(("present", "late", "leave", "absent", "left_early", "unmarked"), 0)
        total = 0
        for row in rows:
            total += 1
            shown = row.shown
            key = "unmarked" if shown is None else "leave" if shown in LEAVE_KINDS else shown
            tally[key] += 1
        return cls(total=total, **tally)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.total + other.total,
            self.present + other.present,
            self.late + other.late,
            self.leave + other.leave,
            self.absent + other.absent,
            self.left_early + other.left_early,
            self.unmarked + other.unmarked,
        )


@dataclass(frozen=True)
class ClassSheet:
    """A class's roll call for one period of one day."""

    cls: ClassRef
    band: str  # the grade band's name, "" when no band covers the grade
    day: dt.date
    period: int
    service: bool  # False on a day without after-school service for the band
    activity: str  # the band's timetable activity in the period
    rows: tuple[SheetRow, ...]

    @cached_property
    def counts(self) -> Counts:
        """The class's counts (kept: a day's totals add up every class on each key press)."""
        return Counts.of(self.rows)

    def row_of(self, student_id: int) -> int | None:
        """The index of a pupil's row, None when not on this sheet."""
        return next((i for i, r in enumerate(self.rows) if r.student_id == student_id), None)

    def with_marks(self, marks: Iterable[Mark]) -> ClassSheet:
        """The same sheet with some rows' marks replaced (marks of other pupils are ignored)."""
        by_student = {m.student_id: m for m in marks if m.period == self.period}
        if not by_student:
            return self
        rows = tuple(
            r.with_mark(by_student[r.student_id]) if r.student_id in by_student else r
            for r in self.rows
        )
        return replace(self, rows=rows)


@dataclass(frozen=True)
class DaySheet:
    """Every class's roll call for one period of one day, with counts per band and school."""

    day: dt.date
    period: int
    bands: tuple[str, ...]  # band names in grade order
    classes: tuple[ClassSheet, ...]

    def class_sheet(self, class_id: int) -> ClassSheet | None:
        """One class's sheet."""
        return next((c for c in self.classes if c.cls.id == class_id), None)

    def band_counts(self) -> tuple[tuple[str, Counts], ...]:
        """Counts per grade band, in grade order."""
        return tuple(
            (band, sum((c.counts for c in self.classes if c.band == band), Counts()))
            for band in self.bands
        )

    @property
    def counts(self) -> Counts:
        """The whole school's counts."""
        return sum((c.counts for c in self.classes), Counts())

    def with_class(self, sheet: ClassSheet) -> DaySheet:
        """The same day with one class's sheet replaced (after reading it afresh)."""
        classes = tuple(sheet if c.cls.id == sheet.cls.id else c for c in self.classes)
        return replace(self, classes=classes)

    def with_marks(self, marks: Iterable[Mark]) -> DaySheet:
        """The same day with some marks replaced, so counts follow each key press."""
        marks = tuple(marks)
        return replace(self, classes=tuple(c.with_marks(marks) for c in self.classes))


@dataclass(frozen=True)
class GuardianContact:
    """A guardian with the phone in full: only for reaching the family of an absent child."""

    name: str
    relation: str
    phone: str


@dataclass(frozen=True)
class AbsentAlert:
    """A pupil marked absent without notice (缺勤), to be called at once (R2)."""

    student_id: int
    student_no: str
    name: str
    class_id: int
    class_name: str
    period: int
    marked_by: str
    marked_at: dt.datetime
    guardians: tuple[GuardianContact, ...]


@dataclass(frozen=True)
class PupilRef:
    """A pupil as a leave form lists them."""

    student_id: int
    student_no: str
    name: str


@dataclass(frozen=True)
class LeaveInfo:
    """A sick or personal leave over a date range."""

    id: int
    student_id: int
    student_name: str
    kind: str
    start: dt.date
    end: dt.date
    reason: str
    reported_by: str
    created_by: str  # staff name, "" when entered before staff sign-in existed
    cancelled: bool

    def covers(self, day: dt.date) -> bool:
        """True when the (uncancelled) leave includes ``day``."""
        return not self.cancelled and self.start <= day <= self.end
