"""Plain records of the club pages and the rule that splits a service window into periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.errors import ValidationError
from core.schedule import BandDay
from core.staff_types import StaffMember

# The X courses (个性题) and the E courses (发展题) of the guidelines' 1+E+X system.
X_CATEGORIES = ("aesthetics", "fitness", "maker", "leadership", "homemaking")
E_CATEGORIES = ("ball_games", "guest_lecture", "experiment", "book_film")
CATEGORIES = X_CATEGORIES + E_CATEGORIES
ROLL_CALL_STATUSES = ("present", "late", "absent", "sick", "personal")
PRESENT_STATUSES = ("present", "late")
NAME_MAX = 60
ROOM_MAX = 40
SEARCH_LIMIT = 30


@dataclass(frozen=True)
class PeriodTimes:
    """When a band's two periods run on one day."""

    period1: dt.time
    period2: dt.time
    dismissal: dt.time

    def period_at(self, at: dt.time) -> int | None:
        """1 or 2 while the service runs at ``at``, else None."""
        if at < self.period1 or at >= self.dismissal:
            return None
        return 1 if at < self.period2 else 2

    def bounds(self, period: int) -> tuple[dt.time, dt.time]:
        """Start and end of one period."""
        return (self.period1, self.period2) if period == 1 else (self.period2, self.dismissal)


def period_times(band: BandDay) -> PeriodTimes | None:
    """Split a band's service window into its two periods; None without service.

    The one place the split is decided: period 1 is the first half of the service window and
    period 2 the second half, running on to dismissal. The midpoint is rounded down to the
    minute, so 15:20–17:20 splits at 16:20 and 15:10–17:10 at 16:10. An earlier dismissal
    (a date override) shortens the window and so both halves.
    """
    if not band.service or band.start is None or band.end is None or band.dismissal is None:
        return None
    day = dt.date(2000, 1, 3)
    start = dt.datetime.combine(day, band.start)
    half = (dt.datetime.combine(day, band.end) - start) / 2
    middle = (start + dt.timedelta(minutes=int(half.total_seconds() // 60))).time()
    return PeriodTimes(band.start, middle, max(band.dismissal, band.end))


@dataclass(frozen=True)
class StaffChoice:
    """A teacher or officer offered in a picker."""

    id: int
    staff_no: str
    name: str
    role: str

    @property
    def label(self) -> str:
        """王芳(T001)."""
        return f"{self.name}({self.staff_no})"


@dataclass(frozen=True)
class ClubDraft:
    """What the club form holds."""

    name: str
    category: str
    room: str
    teacher_id: int | None
    weekday: int
    period: int = 2


@dataclass(frozen=True)
class ClubInfo:
    """A club with its teacher's name and member count."""

    id: int
    name: str
    category: str
    room: str
    teacher_id: int | None
    teacher_name: str
    weekday: int
    period: int
    active: bool
    members: int


@dataclass(frozen=True)
class ClubPupil:
    """A pupil as the club pages list them."""

    student_id: int
    student_no: str
    name: str
    grade: int
    class_name: str


@dataclass(frozen=True)
class RollCallEntry:
    """One member in the club's roll call of a day."""

    pupil: ClubPupil
    on_list: bool  # enrolled for that day (R1); members who are not cannot be marked
    leave: str | None  # sick / personal leave covering the day
    status: str | None  # the member's mark for the club's period, if any
    marked_by: str


@dataclass(frozen=True)
class RollCall:
    """A club's roll call of one day."""

    club: ClubInfo
    day: dt.date
    meets: bool  # the club meets that day (its weekday, with service)
    entries: tuple[RollCallEntry, ...]

    def count(self, status: str | None) -> int:
        """Members on the day's list with this mark (None: not marked yet)."""
        return sum(1 for e in self.entries if e.on_list and e.status == status)

    @property
    def expected(self) -> int:
        """Members on the day's list."""
        return sum(1 for e in self.entries if e.on_list)

    @property
    def unmarked(self) -> int:
        """Members on the day's list, not on leave, whose roll call is still to be taken."""
        return sum(1 for e in self.entries if e.on_list and e.leave is None and e.status is None)

    @property
    def on_leave(self) -> int:
        """Members on leave who have no mark (a mark wins: a child may come after all)."""
        return sum(1 for e in self.entries if e.on_list and e.leave and e.status is None)


@dataclass(frozen=True)
class Whereabouts:
    """Where a child should be at a moment.

    ``kind``: ``class`` (own classroom), ``club``, ``leave``, ``absent`` (marked absent without
    notice), ``left`` (left early), ``not_started`` (``time`` is the service start),
    ``dismissed`` (``time`` is the dismissal) or ``no_service`` (not on the day's list).
    """

    kind: str
    name: str = ""
    class_name: str = ""
    period: int | None = None
    activity: str = ""
    club_name: str = ""
    room: str = ""
    time: dt.time | None = None
    leave: str | None = None


def require_admin(member: StaffMember) -> None:
    """Only the safety officer edits clubs and duty."""
    if not member.is_admin:
        raise ValidationError("not_allowed", "only the safety officer may change this")
