"""Dismissal settings: who may leave alone (R3) and the 无人接领 escalation clock (R7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.account_rules import NotAllowedError
from core.clock import Clock
from core.errors import NotFoundError, ValidationError
from core.staff_types import SAFETY_OFFICER, StaffMember
from db import audit
from db.engine import Database
from db.models import Enrolment, School, SchoolClass, Staff, Student

GRADES = range(1, 7)
ESCALATION_MIN = 1
ESCALATION_MAX = 240
# The migration's default: grades 3-6 may leave alone, grades 1-2 may not.
DEFAULT_SELF_RELEASE_GRADES = frozenset({3, 4, 5, 6})


def grades_from_mask(mask: int) -> frozenset[int]:
    """The grades whose bit is set (bit g = grade g)."""
    return frozenset(g for g in GRADES if mask & (1 << g))


def mask_from_grades(grades: Iterable[int]) -> int:
    """The bitmask stored in ``school.self_release_grades``."""
    mask = 0
    for g in grades:
        mask |= 1 << g
    return mask


@dataclass(frozen=True)
class DismissalPolicy:
    """The school's dismissal settings; the escalation clock starts at dismissal + ``grace_min``."""

    self_release_grades: frozenset[int]
    call_min: int
    custody_min: int
    officer_min: int
    grace_min: int

    def allows_grade(self, grade: int) -> bool:
        """Whether pupils of ``grade`` may leave alone at all (consent is needed as well)."""
        return grade in self.self_release_grades


@dataclass(frozen=True)
class SelfReleaseState:
    """A pupil's departure mode and, for 自行离校, whether policy and consent let them go."""

    student_id: int
    grade: int
    departure: str  # 'guardian' / 'self' / 'institution'
    consent_on: dt.date | None
    grade_allowed: bool

    @property
    def may_leave_alone(self) -> bool:
        """Departure 自行离校, grade allowed by the school, and the guardian's consent on file."""
        return self.departure == "self" and self.grade_allowed and self.consent_on is not None


def read_policy(s: Session) -> DismissalPolicy | None:
    """The stored policy in the caller's session (plain columns: the board reads it often)."""
    row = s.execute(
        select(
            School.self_release_grades,
            School.escalate_call_min,
            School.escalate_custody_min,
            School.escalate_officer_min,
            School.unaccompanied_grace_min,
        ).where(School.id == 1)
    ).first()
    if row is None:
        return None
    mask, call, custody, officer, grace = row
    return DismissalPolicy(grades_from_mask(mask), call, custody, officer, grace)


def _require_officer(s: Session, member: StaffMember) -> None:
    # Checked against the database, not the signed-in object: the account may have been
    # deactivated or demoted on another station since.
    staff = s.get(Staff, member.id)
    if staff is None or not staff.active or staff.role != SAFETY_OFFICER:
        raise NotAllowedError(
            "settings_not_allowed", "only the safety officer may change dismissal settings"
        )


def _school(s: Session) -> School:
    school = s.get(School, 1)
    if school is None:
        raise NotFoundError("school not set up")
    return school


def _check_grades(grades: Iterable[int]) -> frozenset[int]:
    chosen = frozenset(grades)
    bad = sorted(g for g in chosen if isinstance(g, bool) or g not in GRADES)
    if bad:
        raise ValidationError("grade_range", "grades must be 1-6", grades=bad)
    return chosen


def _check_escalation(call_min: int, custody_min: int, officer_min: int) -> None:
    for step, value in (("call", call_min), ("custody", custody_min), ("officer", officer_min)):
        if not ESCALATION_MIN <= value <= ESCALATION_MAX:
            raise ValidationError(
                "escalation_range",
                f"escalation minutes must be {ESCALATION_MIN}-{ESCALATION_MAX}",
                step=step,
                minutes=value,
            )
    if not call_min < custody_min:
        raise ValidationError(
            "escalation_call_custody",
            "the custody transfer must come after the call to the guardians",
            call=call_min,
            custody=custody_min,
        )
    if not custody_min < officer_min:
        raise ValidationError(
            "escalation_custody_officer",
            "notifying the safety officer must come after the custody transfer",
            custody=custody_min,
            officer=officer_min,
        )


class DismissalSettings:
    """Reads and edits the self-release policy, the escalation minutes and consent dates."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def today(self) -> dt.date:
        """The school's date by the service's clock (the default consent date)."""
        return self._clock.now().date()

    # --- reading ---

    def policy(self) -> DismissalPolicy:
        """The stored policy.

        Raises:
            NotFoundError: the school is not set up.
        """
        with self._db.read() as s:
            found = read_policy(s)
        if found is None:
            raise NotFoundError("school not set up")
        return found

    def consent_of(self, student_id: int) -> dt.date | None:
        """The date the guardian's self-release consent was received, or None.

        Raises:
            NotFoundError: no such pupil, or the pupil has no enrolment.
        """
        return self.release_state(student_id).consent_on

    def release_state(self, student_id: int) -> SelfReleaseState:
        """The pupil's departure mode, consent date and whether the grade may leave alone.

        Raises:
            NotFoundError: no such pupil, or the pupil has no enrolment.
        """
        policy = self.policy()
        with self._db.read() as s:
            row = s.execute(
                select(SchoolClass.grade, Enrolment.departure, Enrolment.self_release_consent_on)
                .select_from(Student)
                .join(SchoolClass, Student.class_id == SchoolClass.id)
                .join(Enrolment, Enrolment.student_id == Student.id)
                .where(Student.id == student_id)
            ).first()
        if row is None:
            raise NotFoundError(f"no enrolment of pupil {student_id}")
        grade, departure, consent_on = row
        return SelfReleaseState(
            student_id, grade, departure, consent_on, policy.allows_grade(grade)
        )

    # --- edits: each is one transaction with its audit entry ---

    def set_self_release_grades(self, grades: Iterable[int], member: StaffMember) -> None:
        """Set the grades whose pupils may leave alone (with consent); an empty set means none.

        Raises:
            ValidationError: ``grade_range`` for a grade outside 1-6.
            NotAllowedError: ``settings_not_allowed`` unless the safety officer.
        """
        chosen = _check_grades(grades)
        with self._db.write() as s:
            _require_officer(s, member)
            self._store_grades(s, chosen, member)

    def set_escalation(
        self, call_min: int, custody_min: int, officer_min: int, member: StaffMember
    ) -> None:
        """Minutes after the 无人接领 flag: call guardians < custody transfer < notify officer.

        Raises:
            ValidationError: ``escalation_range`` (each 1-240), ``escalation_call_custody`` or
                ``escalation_custody_officer`` (the steps must strictly increase).
            NotAllowedError: ``settings_not_allowed`` unless the safety officer.
        """
        _check_escalation(call_min, custody_min, officer_min)
        with self._db.write() as s:
            _require_officer(s, member)
            self._store_escalation(s, (call_min, custody_min, officer_min), member)

    def set_policy(
        self,
        grades: Iterable[int],
        call_min: int,
        custody_min: int,
        officer_min: int,
        member: StaffMember,
    ) -> None:
        """Both edits of the settings page's save button, in one transaction (all or nothing).

        Raises:
            ValidationError: any code of ``set_self_release_grades`` or ``set_escalation``.
            NotAllowedError: ``settings_not_allowed`` unless the safety officer.
        """
        chosen = _check_grades(grades)
        _check_escalation(call_min, custody_min, officer_min)
        with self._db.write() as s:
            _require_officer(s, member)
            self._store_grades(s, chosen, member)
            self._store_escalation(s, (call_min, custody_min, officer_min), member)

    def _store_grades(self, s: Session, chosen: frozenset[int], member: StaffMember) -> None:
        school = _school(s)
        old = grades_from_mask(school.self_release_grades)
        if old == chosen:
            return
        school.self_release_grades = mask_from_grades(chosen)
        audit.append(
            s,
            self._clock.now(),
            member.actor,
            "school.self_release_grades",
            "school",
            1,
            {"old": sorted(old), "new": sorted(chosen)},
        )

    def _store_escalation(
        self, s: Session, minutes: tuple[int, int, int], member: StaffMember
    ) -> None:
        school = _school(s)
        old = (school.escalate_call_min, school.escalate_custody_min, school.escalate_officer_min)
        if old == minutes:
            return
        school.escalate_call_min, school.escalate_custody_min, school.escalate_officer_min = minutes
        steps = ("call", "custody", "officer")
        audit.append(
            s,
            self._clock.now(),
            member.actor,
            "school.escalation",
            "school",
            1,
            {
                "old": dict(zip(steps, old, strict=True)),
                "new": dict(zip(steps, minutes, strict=True)),
            },
        )

    def set_consent(self, student_id: int, on: dt.date | None, member: StaffMember) -> None:
        """Record the date the signed self-release consent was received, or withdraw it (None).

        Raises:
            ValidationError: ``consent_future`` for a date after today.
            NotFoundError: no such pupil, or the pupil has no enrolment.
            NotAllowedError: ``settings_not_allowed`` unless the safety officer.
        """
        now = self._clock.now()
        if on is not None and on > now.date():
            raise ValidationError(
                "consent_future", "the consent cannot be received in the future", on=on
            )
        with self._db.write() as s:
            _require_officer(s, member)
            student = s.get(Student, student_id)
            if student is None:
                raise NotFoundError(f"no pupil {student_id}")
            enrolment = s.scalar(select(Enrolment).where(Enrolment.student_id == student_id))
            if enrolment is None:
                raise NotFoundError(f"no enrolment of pupil {student_id}")
            old = enrolment.self_release_consent_on
            if old == on:
                return
            enrolment.self_release_consent_on = on
            audit.append(
                s,
                now,
                member.actor,
                "enrolment.self_release_consent",
                "student",
                student.student_no,
                {"old": old, "new": on, "departure": enrolment.departure},
            )
