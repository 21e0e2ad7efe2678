"""What the dismissal board shows: per-band waves, each child's state, transfers, calls (R7-R9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

# A child's state on the board. Only present children can be waiting or flagged.
WAITING = "waiting"  # present, not yet released, flag time not reached
FLAGGED = "flagged"  # 无人接领: present, not released, past dismissal + grace, not in custody
HANDED_OVER = "handed_over"  # to a guardian or proxy (card, scanner, identity check, override)
SELF_RELEASED = "self_released"  # 自行离校, confirmed by the duty teacher
INSTITUTION = "institution"  # collected by a 托管机构's staff
CUSTODY = "custody"  # 留校看护: kept by a named teacher until collected
LEAVE = "leave"  # sick or personal leave
ABSENT = "absent"  # absent without notice
UNMARKED = "unmarked"  # on today's list, roll call not taken

STATES = (
    WAITING,
    FLAGGED,
    CUSTODY,
    HANDED_OVER,
    SELF_RELEASED,
    INSTITUTION,
    UNMARKED,
    LEAVE,
    ABSENT,
)
# Children still at school whom nobody has taken charge of at the gate.
STILL_WAITING = frozenset({WAITING, FLAGGED})
GONE = frozenset({HANDED_OVER, SELF_RELEASED, INSTITUTION})

# The escalation clock of a flagged child (R7): what is due now.
STEP_NONE = "none"  # not flagged
STEP_FLAGGED = "flagged"  # flagged, before the first step
STEP_CALL = "call"  # call the guardians
STEP_CUSTODY = "custody"  # hand the child to a named teacher (留校看护)
STEP_OFFICER = "officer"  # notify the safety officer

# Call results (the ``result`` of a logged call).
NO_ANSWER = "no_answer"
ON_THE_WAY = "on_the_way"
OTHER_ARRANGEMENT = "other_arrangement"
NOTIFIED = "notified"  # the safety officer was told (the +30 min step)
CALL_RESULTS = (NO_ANSWER, ON_THE_WAY, OTHER_ARRANGEMENT, NOTIFIED)

# Why a 自行离校 child cannot be let go alone today.
GRADE_NOT_ALLOWED = "grade_not_allowed"
NO_CONSENT = "no_consent"


@dataclass(frozen=True)
class EscalationPolicy:
    """Minutes of the escalation clock; the clock starts at dismissal + ``grace_min``."""

    grace_min: int = 10
    call_min: int = 5
    custody_min: int = 15
    officer_min: int = 30

    def step(self, flagged_for: dt.timedelta) -> str:
        """The step due after a child has been flagged for ``flagged_for``."""
        minutes = flagged_for.total_seconds() / 60
        if minutes >= self.officer_min:
            return STEP_OFFICER
        if minutes >= self.custody_min:
            return STEP_CUSTODY
        if minutes >= self.call_min:
            return STEP_CALL
        return STEP_FLAGGED

    def next_step_at(self, flag_at: dt.datetime, now: dt.datetime) -> dt.datetime | None:
        """When the next step falls due (None once the last one is due)."""
        for minutes in (self.call_min, self.custody_min, self.officer_min):
            at = flag_at + dt.timedelta(minutes=minutes)
            if at > now:
                return at
        return None


@dataclass(frozen=True)
class Release:
    """The standing handoff of a child: who took the child, when, where."""

    at: dt.datetime
    receiver: str
    relation: str
    station: str
    method: str
    early: bool
    late: bool
    verified_by: str


@dataclass(frozen=True)
class Custody:
    """The custody transfer in force (the latest one of the day)."""

    at: dt.datetime
    teacher_id: int
    teacher: str


@dataclass(frozen=True)
class CallEntry:
    """One logged call about a child."""

    id: int
    at: dt.datetime
    callee: str  # the guardian's "name（relation）" or a named person
    guardian_id: int | None
    result: str
    note: str
    staff: str


class BoardChild(NamedTuple):
    """One child of today's list as the board shows it.

    A tuple, not a dataclass: a full school's board builds 3,000 of these every few seconds.
    """

    student_id: int
    student_no: str
    name: str
    class_id: int
    class_name: str
    grade: int
    band_id: int | None
    departure: str  # guardian / self / institution
    state: str
    release: Release | None = None
    custody: Custody | None = None
    # dismissal + grace of the child's band; set for every present child of a band with service.
    flag_at: dt.datetime | None = None
    calls: int = 0
    last_call: CallEntry | None = None
    # The duty teacher the child's group was handed to (None: group not handed over yet).
    duty_teacher_id: int | None = None
    duty_teacher: str = ""
    # The guardians to ring, phones in full: "胡军（父亲）13611325072、黄丽（母亲）…"; only for a
    # flagged child or one in custody (R7; never printed, never on the wall screen).
    phones: str = ""

    @property
    def still_waiting(self) -> bool:
        """Present and nobody has taken charge of the child at the gate yet."""
        return self.state in STILL_WAITING

    @property
    def was_flagged(self) -> bool:
        """Flagged at some point today: still flagged, in custody, or released after flag time."""
        if self.state in (FLAGGED, CUSTODY):
            return True
        return (
            self.release is not None
            and self.flag_at is not None
            and self.release.at > self.flag_at
            and self.release.method != "self"
        )


@dataclass(frozen=True)
class Wave:
    """One grade band's dismissal: times and counts of its children by state."""

    band_id: int
    name: str
    grade_from: int
    grade_to: int
    service: bool
    dismissal: dt.datetime | None
    flag_at: dt.datetime | None  # dismissal + grace
    note: str  # why the day differs (an override's reason), else ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def waiting(self) -> int:
        """Children of the band still waiting, flagged ones included."""
        return sum(self.counts.get(s, 0) for s in STILL_WAITING)

    @property
    def present(self) -> int:
        """Children of the band who came today."""
        return sum(n for s, n in self.counts.items() if s not in (LEAVE, ABSENT, UNMARKED))


@dataclass(frozen=True)
class TransferInfo:
    """The latest group transfer of a class or club today."""

    id: int
    at: dt.datetime
    group_kind: str  # class / club
    group_id: int
    group_name: str
    from_staff_id: int
    from_teacher: str
    to_staff_id: int
    to_teacher: str
    head_count: int
    expected: int
    station: str

    @property
    def mismatch(self) -> bool:
        """The head count differs from the children the records say the group has."""
        return self.head_count != self.expected


@dataclass(frozen=True)
class DutyCount:
    """Children still waiting, per band, whose group was handed to one duty teacher."""

    staff_id: int | None  # None: groups not handed over yet
    name: str
    per_band: dict[int, int]

    @property
    def total(self) -> int:
        """Across all bands."""
        return sum(self.per_band.values())


@dataclass(frozen=True)
class Board:
    """The dismissal board at one moment."""

    day: dt.date
    at: dt.datetime
    policy: EscalationPolicy
    waves: tuple[Wave, ...]
    children: tuple[BoardChild, ...]
    transfers: tuple[TransferInfo, ...]
    duty_counts: tuple[DutyCount, ...]

    @property
    def flagged(self) -> tuple[BoardChild, ...]:
        """Children flagged 无人接领 right now."""
        return tuple(c for c in self.children if c.state == FLAGGED)

    @property
    def mismatches(self) -> tuple[TransferInfo, ...]:
        """Group transfers whose head count did not match (the latest per group)."""
        return tuple(t for t in self.transfers if t.mismatch)

    def step_of(self, child: BoardChild) -> str:
        """The escalation step due for a child now."""
        if child.state != FLAGGED or child.flag_at is None:
            return STEP_NONE
        return self.policy.step(self.at - child.flag_at)

    def child(self, student_id: int) -> BoardChild | None:
        """One child of the board."""
        return next((c for c in self.children if c.student_id == student_id), None)


@dataclass(frozen=True)
class GuardianPhone:
    """A guardian to call, phone in full: the duty teacher has to dial it (R12 masks print)."""

    guardian_id: int
    name: str
    relation: str
    phone: str


@dataclass(frozen=True)
class ChildDetail:
    """Everything the board's side panel shows for one child."""

    child: BoardChild
    guardians: tuple[GuardianPhone, ...]
    calls: tuple[CallEntry, ...]
    # Late pickups (handoffs after dismissal + grace) of the child's family over recent weeks.
    family_late: int
    family_late_weeks: int


@dataclass(frozen=True)
class SelfReleaseCandidate:
    """A present 自行离校 child of a band, not yet gone, and whether policy lets them go."""

    student_id: int
    name: str
    class_name: str
    grade: int
    consent_on: dt.date | None
    refusal: str  # "" when eligible, else GRADE_NOT_ALLOWED or NO_CONSENT

    @property
    def eligible(self) -> bool:
        """Grade allowed by the school's policy and the guardian's consent on file (R3)."""
        return not self.refusal


@dataclass(frozen=True)
class SelfReleaseResult:
    """The outcome for one child of a confirmed self-release."""

    student_id: int
    recorded: bool
    release: Release | None  # the standing handoff (another station's when not recorded)


@dataclass(frozen=True)
class GroupChoice:
    """A class or club that can be handed to a duty teacher, with what the records expect."""

    group_kind: str
    group_id: int
    name: str
    teacher_id: int | None  # the class or club teacher, the usual one to hand over
    teacher: str
    band_id: int | None
    expected: tuple[str, ...]  # names of the children the group should have now
    transferred: TransferInfo | None  # today's latest transfer of this group


@dataclass(frozen=True)
class FamilyLate:
    """A family's late pickups over a period (R7: counted per family across weeks)."""

    guardian_id: int
    guardian: str  # "name（relation）"
    phone: str  # masked (R12): reports are printed
    children: tuple[str, ...]
    dates: tuple[dt.date, ...]

    @property
    def count(self) -> int:
        """Days with a late pickup."""
        return len(self.dates)
