"""Staff accounts: sign-in by staff number and PIN or password, lock-out, administration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.account_rules import (
    AdminExistsError,
    LockedOutError,
    NotAllowedError,
    UnknownStaffError,
    WrongSecretError,
    check_name,
    check_phone,
    check_role,
    check_secret,
    check_staff_no,
    hash_secret_text,
    needs_rehash,
    normalise_staff_no,
    verify_secret,
)
from core.clock import Clock
from core.errors import AfterSchoolError, NotFoundError, ValidationError
from core.roster_values import canonical_class_name
from core.staff_types import CLASS_TEACHER, SAFETY_OFFICER, StaffMember
from db import audit
from db.engine import Database
from db.models import AuditEntry, AuditHead, School, SchoolClass, Staff

MAX_FAILURES = 5
LOCK_MINUTES = 15
IDLE_MIN_RANGE = (1, 120)
DEFAULT_IDLE_MIN = 5

FAILED = "staff.sign_in_failed"
LOCKED = "staff.locked_out"

__all__ = [
    "AccountService",
    "AdminExistsError",
    "ClassChoice",
    "LockedOutError",
    "NotAllowedError",
    "StaffAccount",
    "UnknownStaffError",
    "WrongSecretError",
]


@dataclass(frozen=True)
class StaffAccount:
    """One row of the accounts page."""

    id: int
    staff_no: str
    name: str
    role: str
    class_id: int | None
    class_name: str
    phone: str
    active: bool
    has_secret: bool
    locked_until: dt.datetime | None

    @property
    def member(self) -> StaffMember:
        """The account as the member it signs in as."""
        return StaffMember(self.id, self.staff_no, self.name, self.role, self.class_id)


@dataclass(frozen=True)
class ClassChoice:
    """A class a class teacher can be given: id and 三(2)班."""

    id: int
    name: str


# --- the service ---


class AccountService:
    """Sign-in, lock-out and the administrator's account changes, each audited."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # -- sign-in --

    def has_admin(self) -> bool:
        """True once an active safety officer can sign in (else the first run creates one)."""
        with self._db.read() as s:
            return _admin_count(s) > 0

    def create_admin(self, staff_no: str, name: str, secret: str) -> StaffMember:
        """First run: create the administrator (or give the unset one a secret) and sign in.

        Raises:
            AdminExistsError: an administrator can already sign in.
            ValidationError: staff number, name or secret breaks a rule.
        """
        no, clean_name = check_staff_no(staff_no), check_name(name)
        check_secret(secret, no)
        digest = hash_secret_text(secret)
        now = self._clock.now()
        with self._db.write() as s:
            # Two stations on their first run: only one creates the administrator.
            self._db.take_setup_lock(s)
            if _admin_count(s) > 0:
                raise AdminExistsError("an administrator already exists")
            staff = s.scalar(select(Staff).where(Staff.staff_no == no))
            if staff is not None and staff.role != SAFETY_OFFICER:
                raise ValidationError("staff_no_taken", "staff number in use", staff_no=no)
            if staff is None:
                staff = Staff(staff_no=no, name=clean_name, role=SAFETY_OFFICER)
                s.add(staff)
            staff.name, staff.active, staff.secret_hash = clean_name, True, digest
            staff.failed_logins, staff.locked_until = 0, None
            s.flush()
            member = _member(staff)
            audit.append(
                s, now, member.actor, "staff.create_admin", "staff", no, {"name": clean_name}
            )
        return member

    def sign_in(self, staff_no: str, secret: str) -> StaffMember:
        """The member whose staff number and PIN or password these are.

        Raises:
            WrongSecretError: the secret is wrong (``attempts_left`` before the lock-out).
            UnknownStaffError: no active account with a secret has this number (a
                WrongSecretError too).
            LockedOutError: too many failures; try again after ``until``.
        """
        no = normalise_staff_no(staff_no)[:40]
        with self._db.read() as s:
            row = s.execute(
                select(Staff.secret_hash).where(Staff.staff_no == no, Staff.active.is_(True))
            ).first()
        stored = row.secret_hash if row is not None else None
        # Argon2 takes a while: check before the write transaction, so others are not held up.
        ok = verify_secret(stored, secret)
        now = self._clock.now()
        error: AfterSchoolError
        with self._db.write() as s:
            staff = s.scalar(
                select(Staff)
                .where(Staff.staff_no == no, Staff.active.is_(True))
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            if staff is None or staff.secret_hash is None:
                error = _unknown_failure(s, no, now)
            else:
                if staff.secret_hash != stored:
                    ok = verify_secret(staff.secret_hash, secret)  # reset meanwhile on another PC
                if staff.locked_until is not None and staff.locked_until > now:
                    error = LockedOutError(staff.locked_until)
                elif ok:
                    staff.failed_logins, staff.locked_until = 0, None
                    if needs_rehash(staff.secret_hash):
                        staff.secret_hash = hash_secret_text(secret)
                    member = _member(staff)
                    audit.append(s, now, member.actor, "staff.sign_in", "staff", no)
                    return member
                else:
                    error = _known_failure(s, staff, now)
        raise error

    # -- reading --

    def list_staff(self) -> list[StaffAccount]:
        """Every account: active ones first, each group by staff number."""
        with self._db.read() as s:
            classes = {
                c.id: canonical_class_name(c.grade, c.class_no)
                for c in s.scalars(select(SchoolClass))
            }
            rows = s.scalars(select(Staff).order_by(Staff.staff_no)).all()
            accounts = [
                StaffAccount(
                    id=r.id,
                    staff_no=r.staff_no,
                    name=r.name,
                    role=r.role,
                    class_id=r.class_id,
                    class_name=classes.get(r.class_id, "") if r.class_id else "",
                    phone=r.phone or "",
                    active=r.active,
                    has_secret=r.secret_hash is not None,
                    locked_until=r.locked_until,
                )
                for r in rows
            ]
        return sorted(accounts, key=lambda a: (not a.active, a.staff_no))

    def list_classes(self) -> list[ClassChoice]:
        """Every class, for a class teacher's class."""
        with self._db.read() as s:
            rows = s.execute(
                select(SchoolClass.id, SchoolClass.grade, SchoolClass.class_no).order_by(
                    SchoolClass.grade, SchoolClass.class_no
                )
            ).all()
        return [ClassChoice(i, canonical_class_name(g, c)) for i, g, c in rows]

    def is_locked(self, account: StaffAccount) -> bool:
        """True while the account's lock-out lasts (by the service's clock)."""
        return account.locked_until is not None and account.locked_until > self._clock.now()

    def idle_lock_minutes(self) -> int:
        """Minutes without input before a station covers itself with the sign-in screen."""
        with self._db.read() as s:
            minutes = s.scalar(select(School.idle_lock_min).where(School.id == 1))
        return minutes or DEFAULT_IDLE_MIN

    # -- the administrator's changes --

    def add_staff(
        self,
        actor: StaffMember,
        staff_no: str,
        name: str,
        role: str,
        secret: str,
        class_id: int | None = None,
        phone: str = "",
    ) -> StaffAccount:
        """Create an account with its first PIN or password.

        Raises:
            NotAllowedError: the actor is not an active administrator.
            ValidationError: a field breaks a rule or the staff number is taken.
        """
        no, clean_name = check_staff_no(staff_no), check_name(name)
        check_role(role)
        clean_phone = check_phone(phone)
        check_secret(secret, no)
        digest = hash_secret_text(secret)
        with self._db.write() as s:
            _require_admin(s, actor)
            if s.scalar(select(Staff.id).where(Staff.staff_no == no)) is not None:
                raise ValidationError("staff_no_taken", "staff number in use", staff_no=no)
            staff = Staff(
                staff_no=no,
                name=clean_name,
                role=role,
                class_id=_check_class(s, role, class_id),
                phone=clean_phone or None,
                active=True,
                secret_hash=digest,
                failed_logins=0,
            )
            s.add(staff)
            s.flush()
            payload = {"name": clean_name, "role": role, "class_id": staff.class_id}
            audit.append(s, self._clock.now(), actor.actor, "staff.add", "staff", no, payload)
            staff_id = staff.id
        return self._account(staff_id)

    def update_staff(
        self,
        actor: StaffMember,
        staff_id: int,
        name: str,
        role: str,
        class_id: int | None = None,
        phone: str = "",
    ) -> StaffAccount:
        """Change name, role, class and phone (the staff number stays: records name it).

        Raises:
            NotAllowedError: not an administrator, or it would leave no administrator.
            NotFoundError: no such account.
            ValidationError: a field breaks a rule.
        """
        clean_name = check_name(name)
        check_role(role)
        clean_phone = check_phone(phone)
        with self._db.write() as s:
            _require_admin(s, actor)
            staff = _staff(s, staff_id)
            if staff.role == SAFETY_OFFICER and role != SAFETY_OFFICER:
                _keep_an_admin(s, actor, staff)
            before = {"name": staff.name, "role": staff.role, "class_id": staff.class_id}
            phone_changed = (staff.phone or "") != clean_phone
            staff.name, staff.role = clean_name, role
            staff.class_id = _check_class(s, role, class_id)
            staff.phone = clean_phone or None
            after = {"name": staff.name, "role": staff.role, "class_id": staff.class_id}
            changed: dict[str, object] = {
                k: [before[k], v] for k, v in after.items() if before[k] != v
            }
            if phone_changed:
                changed["phone_changed"] = True
            audit.append(
                s, self._clock.now(), actor.actor, "staff.update", "staff", staff.staff_no, changed
            )
        return self._account(staff_id)

    def set_secret(self, actor: StaffMember, staff_id: int, secret: str) -> None:
        """Reset an account's PIN or password; this also lifts a lock-out.

        Raises:
            NotAllowedError: the actor is not an administrator.
            NotFoundError: no such account.
            ValidationError: the secret breaks a rule.
        """
        with self._db.read() as s:
            no = _staff(s, staff_id).staff_no
        check_secret(secret, no)
        digest = hash_secret_text(secret)
        with self._db.write() as s:
            _require_admin(s, actor)
            staff = _staff(s, staff_id)
            staff.secret_hash, staff.failed_logins, staff.locked_until = digest, 0, None
            audit.append(s, self._clock.now(), actor.actor, "staff.set_secret", "staff", no)

    def unlock(self, actor: StaffMember, staff_id: int) -> None:
        """Lift a lock-out before its time.

        Raises:
            NotAllowedError: the actor is not an administrator.
            NotFoundError: no such account.
        """
        with self._db.write() as s:
            _require_admin(s, actor)
            staff = _staff(s, staff_id)
            staff.failed_logins, staff.locked_until = 0, None
            audit.append(s, self._clock.now(), actor.actor, "staff.unlock", "staff", staff.staff_no)

    def deactivate(self, actor: StaffMember, staff_id: int) -> None:
        """Stop an account from signing in; its records keep naming it.

        Raises:
            NotAllowedError: not an administrator, one's own account, or the last administrator.
            NotFoundError: no such account.
        """
        self._set_active(actor, staff_id, False)

    def reactivate(self, actor: StaffMember, staff_id: int) -> None:
        """Let a deactivated account sign in again.

        Raises:
            NotAllowedError: the actor is not an administrator.
            NotFoundError: no such account.
        """
        self._set_active(actor, staff_id, True)

    def set_idle_lock_minutes(self, actor: StaffMember, minutes: int) -> None:
        """Store the idle minutes before the stations lock themselves.

        Raises:
            NotAllowedError: the actor is not an administrator.
            ValidationError: ``idle_range`` outside 1–120 minutes.
        """
        low, high = IDLE_MIN_RANGE
        if not low <= minutes <= high:
            raise ValidationError("idle_range", "idle minutes out of range", low=low, high=high)
        with self._db.write() as s:
            _require_admin(s, actor)
            school = s.get(School, 1)
            if school is None:
                raise NotFoundError("no school")
            old, school.idle_lock_min = school.idle_lock_min, minutes
            audit.append(
                s,
                self._clock.now(),
                actor.actor,
                "school.idle_lock",
                "school",
                1,
                {"minutes": [old, minutes]},
            )

    def _set_active(self, actor: StaffMember, staff_id: int, active: bool) -> None:
        with self._db.write() as s:
            _require_admin(s, actor)
            staff = _staff(s, staff_id)
            if not active and staff.id == actor.id:
                raise NotAllowedError("not_self", "cannot deactivate one's own account")
            if not active and staff.role == SAFETY_OFFICER:
                _keep_an_admin(s, actor, staff)
            staff.active = active
            action = "staff.reactivate" if active else "staff.deactivate"
            audit.append(s, self._clock.now(), actor.actor, action, "staff", staff.staff_no)

    def _account(self, staff_id: int) -> StaffAccount:
        return next(a for a in self.list_staff() if a.id == staff_id)


# --- helpers that run inside a session ---


def _member(staff: Staff) -> StaffMember:
    return StaffMember(staff.id, staff.staff_no, staff.name, staff.role, staff.class_id)


def _admin_count(s: Session) -> int:
    return (
        s.scalar(
            select(func.count(Staff.id)).where(
                Staff.role == SAFETY_OFFICER,
                Staff.active.is_(True),
                Staff.secret_hash.is_not(None),
            )
        )
        or 0
    )


def _require_admin(s: Session, actor: StaffMember) -> None:
    # Checked against the database: the actor may have been deactivated on another station.
    staff = s.get(Staff, actor.id)
    if staff is None or not staff.active or staff.role != SAFETY_OFFICER:
        raise NotAllowedError("admin_only", "only the administrator may change accounts")


def _keep_an_admin(s: Session, actor: StaffMember, staff: Staff) -> None:
    if staff.id == actor.id:
        raise NotAllowedError("not_self", "cannot remove one's own administrator role")
    if staff.active and staff.secret_hash is not None and _admin_count(s) <= 1:
        raise NotAllowedError("last_admin", "the last administrator must stay")


def _staff(s: Session, staff_id: int) -> Staff:
    staff = s.get(Staff, staff_id)
    if staff is None:
        raise NotFoundError("no such staff member")
    return staff


def _known_failure(s: Session, staff: Staff, now: dt.datetime) -> AfterSchoolError:
    failures = staff.failed_logins + 1
    who = f"?({staff.staff_no})"
    if failures >= MAX_FAILURES:
        until = now + dt.timedelta(minutes=LOCK_MINUTES)
        staff.failed_logins, staff.locked_until = 0, until
        audit.append(s, now, who, LOCKED, "staff", staff.staff_no, {"until": until})
        return LockedOutError(until)
    staff.failed_logins = failures
    audit.append(s, now, who, FAILED, "staff", staff.staff_no, {"failures": failures})
    return WrongSecretError(MAX_FAILURES - failures)


def _unknown_failure(s: Session, no: str, now: dt.datetime) -> AfterSchoolError:
    """Count failures for a number without an account in the audit log, as for a real one.

    An attacker then sees the same attempts left and the same lock-out either way.
    """
    # Lock the chain's head before counting, so stations guessing at once count one at a time.
    s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
    recent = s.execute(
        select(AuditEntry.action, AuditEntry.at)
        .where(
            AuditEntry.entity == "staff",
            AuditEntry.entity_id == no,
            AuditEntry.action.in_((FAILED, LOCKED)),
            AuditEntry.at >= now - dt.timedelta(days=1),
        )
        .order_by(AuditEntry.seq.desc())
        .limit(MAX_FAILURES)
    ).all()
    failures = 0
    for action, at in recent:
        if action == LOCKED:
            until = at + dt.timedelta(minutes=LOCK_MINUTES)
            if until > now:
                return LockedOutError(until)
            break
        failures += 1
    failures += 1
    who = f"?({no})"
    if failures >= MAX_FAILURES:
        until = now + dt.timedelta(minutes=LOCK_MINUTES)
        audit.append(s, now, who, LOCKED, "staff", no, {"until": until})
        return LockedOutError(until)
    audit.append(s, now, who, FAILED, "staff", no, {"failures": failures})
    return UnknownStaffError(MAX_FAILURES - failures)


def _check_class(s: Session, role: str, class_id: int | None) -> int | None:
    if role != CLASS_TEACHER or class_id is None:
        return None
    if s.get(SchoolClass, class_id) is None:
        raise NotFoundError("no such class")
    return class_id
