"""Staggered dismissal (R7-R9): the board, group transfers, self-release, custody and calls.

The board is computed, not stored: a child is flagged 无人接领 when the clock passes the
band's dismissal plus the grace period while the child is present and neither released nor in
a teacher's custody. Every station computes the same flags from the same records, so nothing
has to be written (or raced over) when the clock ticks; only what people do is stored, each in
one transaction with its audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from core.clock import Clock
from core.club_types import StaffChoice
from core.dismissal_types import (
    Board,
    CallEntry,
    ChildDetail,
    FamilyLate,
    GroupChoice,
    SelfReleaseCandidate,
    SelfReleaseResult,
    TransferInfo,
)
from core.schedule_service import ScheduleService
from core.staff_types import StaffMember
from db.engine import Database

FAMILY_LATE_WEEKS = 8
MAX_NOTE = 200


class DismissalService:
    """Reads the board and records what the duty teachers do at dismissal."""

    def __init__(self, db: Database, clock: Clock, schedule: ScheduleService) -> None:
        self._db = db
        self._clock = clock
        self._schedule = schedule

    # --- reading ---

    def board(self, day: dt.date | None = None) -> Board:
        """The board of ``day`` (today by the clock) as of now."""
        raise NotImplementedError

    def child_detail(self, student_id: int, day: dt.date | None = None) -> ChildDetail:
        """Guardians with full phones, the call log and the family's late pickups of a child.

        Raises:
            NotFoundError: no such pupil.
        """
        raise NotImplementedError

    def self_release_list(
        self, band_id: int | None = None, day: dt.date | None = None
    ) -> list[SelfReleaseCandidate]:
        """Present 自行离校 children not yet gone (of one band, or all), eligible ones first."""
        raise NotImplementedError

    def groups(self, day: dt.date | None = None) -> list[GroupChoice]:
        """Classes and clubs with children at school now, with the children they should have."""
        raise NotImplementedError

    def staff(self) -> list[StaffChoice]:
        """Active staff, for the teacher pickers (custody, transfers)."""
        raise NotImplementedError

    def late_families(self, since: dt.date, until: dt.date) -> list[FamilyLate]:
        """Families with late pickups between two dates (inclusive), most late first."""
        raise NotImplementedError

    # --- recording ---

    def confirm_self_release(
        self, student_ids: Sequence[int], member: StaffMember, station: str = ""
    ) -> list[SelfReleaseResult]:
        """Record the 自行离校 departure of some children in one transaction (R3).

        A child another station released meanwhile is reported, not written twice.

        Raises:
            ValidationError: ``nothing_selected``; ``not_self_release`` (departure is not
                自行离校); ``grade_not_allowed`` / ``no_consent`` (policy); ``not_present``;
                ``too_early`` (before the band's dismissal).
        """
        raise NotImplementedError

    def transfer_group(
        self,
        group_kind: str,
        group_id: int,
        from_staff_id: int,
        to_staff_id: int,
        head_count: int,
        member: StaffMember,
        station: str = "",
        note: str = "",
    ) -> TransferInfo:
        """Record a class or club handed to a duty teacher with its head count (R9).

        The expected count is worked out from the records at this moment; a different head
        count is stored as it is and shows as a mismatch on every board at once.

        Raises:
            ValidationError: ``bad_group``, ``bad_count``, ``same_teacher``, ``note_too_long``.
            NotFoundError: unknown group or teacher.
        """
        raise NotImplementedError

    def take_custody(
        self,
        student_id: int,
        teacher_id: int,
        member: StaffMember,
        station: str = "",
        note: str = "",
    ) -> None:
        """Hand a waiting child to a named teacher who keeps them until collected (留校看护).

        Raises:
            ValidationError: ``not_present``, ``already_released``, ``too_early`` (before the
                band's dismissal), ``note_too_long``.
            NotFoundError: unknown pupil or teacher.
        """
        raise NotImplementedError

    def log_call(
        self,
        student_id: int,
        result: str,
        member: StaffMember,
        *,
        guardian_id: int | None = None,
        callee: str = "",
        note: str = "",
        station: str = "",
    ) -> CallEntry:
        """Log a call about a child: to a listed guardian or a named person, and its result.

        Raises:
            ValidationError: ``bad_result``, ``callee_required``, ``not_guardian`` (the
                guardian is not the child's), ``note_too_long``.
            NotFoundError: unknown pupil.
        """
        raise NotImplementedError
