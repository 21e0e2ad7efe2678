"""Verdict codes and the records a release decision returns (R3–R7); no database here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

OK = "ok"
UNREADABLE = "unreadable"
FORGED = "forged"
WRONG_KEY = "wrong_key"
UNKNOWN_CARD = "unknown_card"
REVOKED = "revoked"
EXPIRED = "expired"
RESTRICTED = "restricted"
NOT_AUTHORIZED = "not_authorized"
NOT_PRESENT = "not_present"
ALREADY_RELEASED = "already_released"
EARLY = "early_needs_reason"
SELF_RELEASE = "self_release"
INSTITUTION = "institution"

CARD_CODES = (UNREADABLE, FORGED, WRONG_KEY, UNKNOWN_CARD, REVOKED, EXPIRED)
CHILD_CODES = (
    RESTRICTED,
    NOT_AUTHORIZED,
    ALREADY_RELEASED,
    NOT_PRESENT,
    SELF_RELEASE,
    INSTITUTION,
    EARLY,
    OK,
)
# Which refusal names the whole scan when no child may go.
OVERALL_ORDER = (EARLY, SELF_RELEASE, INSTITUTION, ALREADY_RELEASED, NOT_PRESENT, NOT_AUTHORIZED)
# A teacher may release anyway, with a reason marked in the record; never past these. Not past
# ``not_authorized`` either: R3 allows only an authorized adult (the way is a one-day 代接).
NOT_OVERRIDABLE = frozenset({OK, RESTRICTED, NOT_AUTHORIZED, ALREADY_RELEASED, *CARD_CODES})
PRESENT_STATUSES = ("present", "late", "left_early")
SCHEDULE_CACHE_S = 30.0


@dataclass(frozen=True)
class PriorRelease:
    """The day's handoff of a child (R4): who took them, when, where, checked by whom."""

    released_at: dt.datetime
    receiver_name: str
    receiver_relation: str
    station: str
    method: str
    verified_by: str


@dataclass(frozen=True)
class ChildVerdict:
    """One covered child's verdict and the facts its message needs."""

    student_id: int
    student_no: str
    name: str
    class_name: str
    verdict: str
    attendance: str | None = None  # not_present: period-1 status or leave kind; None: unmarked
    dismissal: dt.time | None = None  # early_needs_reason / late
    released: PriorRelease | None = None  # already_released
    institution: str = ""  # institution: who collects this child
    restriction_note: str = ""  # restricted
    grade: int = 0

    @property
    def ok(self) -> bool:
        """The child may go with this adult now."""
        return self.verdict == OK

    @property
    def can_override(self) -> bool:
        """A teacher may release anyway with a reason (never past a do-not-release hit)."""
        return self.verdict not in NOT_OVERRIDABLE


@dataclass(frozen=True)
class HandoffResult:
    """What recording one child did: ``recorded`` False means the child had gone already."""

    recorded: bool
    student_id: int
    verdict: str  # ok | already_released
    release: PriorRelease
    early: bool = False
    late: bool = False
    override_reason: str = ""


@dataclass(frozen=True)
class HolderInfo:
    """The adult: card holder, or the person a teacher identified."""

    kind: str  # guardian | institution_staff | proxy
    id: int
    name: str
    relation: str
    card_no: str  # "" for an identity check


@dataclass(frozen=True)
class CardVerdict:
    """The answer to one scan or identity check."""

    verdict: str
    at: dt.datetime
    station: str
    holder: HolderInfo | None = None
    children: tuple[ChildVerdict, ...] = ()
    card_id: int | None = None
    card_version: int | None = None
    superseded: bool = False  # revoked: an old print after 挂失补办
    expires_on: dt.date | None = None
    identity_check: bool = False

    @property
    def ok(self) -> bool:
        """At least one child may go now."""
        return self.verdict == OK

    @property
    def alert(self) -> bool:
        """Sound the alarm and call the safety officer (do-not-release hit)."""
        return self.verdict == RESTRICTED

    @property
    def releasable(self) -> tuple[ChildVerdict, ...]:
        """The children that may go now without a reason."""
        return tuple(c for c in self.children if c.ok)

    def child(self, student_id: int) -> ChildVerdict | None:
        """The verdict of one covered child."""
        return next((c for c in self.children if c.student_id == student_id), None)
