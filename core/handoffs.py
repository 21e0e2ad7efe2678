"""Recording handoffs at the gate (接领交接): one transaction per release, undo, the gate's list.

A release covers every ticked sibling at once: all of them are stored with their audit entries
in one transaction, or none. At most one standing handoff per child and day (R4) is a partial
unique index in the database, so two stations racing for one child store exactly one row; the
loser gets ``already_released`` with the winner's details. An undo, allowed for a short while
after a mistaken confirm, marks the row undone and appends an audit entry: nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from core import retention
from core.cards import GUARDIAN, INSTITUTION_STAFF, PROXY
from core.clock import Clock
from core.db_errors import database_errors
from core.errors import DatabaseUnavailableError, NotFoundError, ValidationError
from core.roster import canonical_class_name
from core.schedule_service import ScheduleService
from core.staff_types import StaffMember
from core.verdict import read_releases
from core.verdict_types import (
    ALREADY_RELEASED,
    CARD_CODES,
    NOT_PRESENT,
    OK,
    RESTRICTED,
    CardVerdict,
    ChildVerdict,
    HandoffResult,
    PriorRelease,
)
from db import audit
from db.engine import Database, failure_cause
from db.models import (
    AttendanceMark,
    AuditHead,
    Handoff,
    HandoffSnapshot,
    SchoolClass,
    Staff,
    Student,
)

# How the adult was checked: the gate's input path, stored with every handoff.
CARD = "card"  # webcam scan
HANDHELD = "handheld"  # USB scanner typing the code
IDENTITY_CHECK = "identity_check"  # no card: a teacher compared the adult with the list
OVERRIDE = "override"  # a refused child released anyway, with a reason
SCAN_METHODS = (CARD, HANDHELD)
UNDO_WINDOW = dt.timedelta(seconds=60)
RECENT_LIMIT = 20
MAX_REASON = 200


@dataclass(frozen=True)
class RecentHandoff:
    """One line of the gate's list of the latest handoffs."""

    id: int
    batch_id: int
    student_id: int
    student_name: str
    class_name: str
    released_at: dt.datetime
    receiver_name: str
    receiver_relation: str
    method: str
    station: str
    verified_by: str
    early: bool
    late: bool
    override_reason: str
    undone_at: dt.datetime | None

    def undoable(self, now: dt.datetime) -> bool:
        """Still within the undo window and not undone."""
        return self.undone_at is None and now - self.released_at <= UNDO_WINDOW


class HandoffService:
    """Stores releases decided by ``VerdictService`` and lists them for the gate."""

    def __init__(self, db: Database, clock: Clock, schedule: ScheduleService) -> None:
        self._db = db
        self._clock = clock
        self._schedule = schedule

    # --- recording ---

    def record(
        self,
        verdict: CardVerdict,
        student_ids: Sequence[int],
        member: StaffMember,
        *,
        station: str | None = None,
        method: str = CARD,
        reason: str = "",
        snapshot: bytes | None = None,
    ) -> list[HandoffResult]:
        """Record the release of ``student_ids`` on ``verdict``, all in one transaction.

        ``method`` is how the card was read (card or handheld); an identity check and a
        refused child released with ``reason`` are stored as such. A child another station
        released meanwhile is not written twice: its result says ``already_released``.

        Raises:
            ValidationError: ``nothing_selected``, ``child_not_covered``, ``card_refused``,
                ``restricted`` (never overridden), ``reason_required``, ``reason_too_long``,
                ``not_overridable``, ``bad_method``.
            DatabaseUnavailableError: nothing was stored: the disk is full, the database is
                read-only or cannot be reached (``cause`` says which, ``db.engine``).
        """
        reason = reason.strip()
        children = self._check(verdict, student_ids, method, reason)
        now = self._clock.now().replace(tzinfo=None)
        station = (verdict.station if station is None else station)[:40]
        try:
            marks = {c.student_id: self._marks(c, now) for c in children}
            try:
                with self._db.write() as s:
                    results = _write(
                        s, now, member, verdict, children, station, method, reason, snapshot, marks
                    )
            except IntegrityError:
                # Another station's row won the unique index between our check and insert.
                results = None
            if results is None:
                with self._db.read() as s:
                    gone = read_releases(s, [c.student_id for c in children], now.date())
        except SQLAlchemyError as exc:
            # The transaction rolled back whole: the gate must say "not recorded", and why.
            text = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
            raise DatabaseUnavailableError(
                f"cannot record the handoff: {text}", cause=failure_cause(exc)
            ) from exc
        if results is None:
            return [
                HandoffResult(False, c.student_id, ALREADY_RELEASED, gone[c.student_id])
                for c in children
                if c.student_id in gone
            ]
        return results

    def _check(
        self, verdict: CardVerdict, student_ids: Sequence[int], method: str, reason: str
    ) -> list[ChildVerdict]:
        if method not in SCAN_METHODS:
            raise ValidationError("bad_method", f"unknown method {method!r}")
        if not student_ids:
            raise ValidationError("nothing_selected", "no child was selected")
        if verdict.holder is None or verdict.verdict in CARD_CODES:
            raise ValidationError("card_refused", "the card was refused", verdict=verdict.verdict)
        if verdict.alert:
            raise ValidationError("restricted", "a do-not-release hit cannot be overridden")
        if len(reason) > MAX_REASON:
            raise ValidationError("reason_too_long", "the reason is too long")
        children = []
        for sid in dict.fromkeys(student_ids):
            child = verdict.child(sid)
            if child is None:
                raise ValidationError("child_not_covered", "the child is not on this verdict")
            if child.verdict == RESTRICTED:
                raise ValidationError("restricted", "a do-not-release hit cannot be overridden")
            if not child.ok and child.verdict != ALREADY_RELEASED and not child.can_override:
                raise ValidationError("not_overridable", "this refusal cannot be overridden")
            if (verdict.identity_check or not child.ok) and not reason:
                raise ValidationError("reason_required", "this release needs a reason")
            children.append(child)
        return children

    def _marks(self, child: ChildVerdict, now: dt.datetime) -> tuple[bool, bool]:
        """(early, late) against the child's band's dismissal (R6, R7)."""
        data = self._schedule.load()
        band = data.day(now.date()).for_grade(child.grade)
        if band is None or not band.service or band.dismissal is None:
            return False, False
        dismissal = dt.datetime.combine(now.date(), band.dismissal)
        return now < dismissal, now > dismissal + dt.timedelta(minutes=data.grace_min)

    # --- the gate's list and undo ---

    @database_errors("read the latest handoffs")
    def recent(
        self, day: dt.date | None = None, *, station: str | None = None, limit: int = RECENT_LIMIT
    ) -> list[RecentHandoff]:
        """The day's latest handoffs, newest first (this station's only when given)."""
        day = day or self._clock.now().date()
        verifier = aliased(Staff)
        query = (
            select(
                Handoff.id,
                Handoff.batch_id,
                Handoff.student_id,
                Student.name,
                SchoolClass.grade,
                SchoolClass.class_no,
                Handoff.released_at,
                Handoff.receiver_name,
                Handoff.receiver_relation,
                Handoff.method,
                Handoff.station,
                verifier.name,
                Handoff.early,
                Handoff.late,
                Handoff.override_reason,
                Handoff.undone_at,
            )
            .join(Student, Student.id == Handoff.student_id)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .outerjoin(verifier, verifier.id == Handoff.verified_by)
            .where(Handoff.on_date == day)
            .order_by(Handoff.released_at.desc(), Handoff.id.desc())
            .limit(limit)
        )
        if station is not None:
            query = query.where(Handoff.station == station)
        with self._db.read() as s:
            rows = s.execute(query).all()
        return [
            RecentHandoff(
                r[0],
                r[1] or r[0],
                r[2],
                r[3],
                canonical_class_name(r[4], r[5]),
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                r[11] or "",
                r[12],
                r[13],
                r[14],
                r[15],
            )
            for r in rows
        ]

    @database_errors("store the undo")
    def undo(self, handoff_id: int, member: StaffMember, reason: str = "") -> None:
        """Take back a handoff confirmed by mistake, within 60 s: a new audit entry, no delete.

        The period-1 mark the handoff changed (早退) is put back, so the child is waiting again.

        Raises:
            NotFoundError: no such handoff.
            ValidationError: ``already_undone``, ``undo_expired``, ``reason_too_long``.
        """
        reason = reason.strip()
        if len(reason) > MAX_REASON:
            raise ValidationError("reason_too_long", "the reason is too long")
        now = self._clock.now().replace(tzinfo=None)
        with self._db.write() as s:
            s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
            row = s.get(Handoff, handoff_id, populate_existing=True)
            if row is None:
                raise NotFoundError(f"no handoff {handoff_id}")
            if row.undone_at is not None:
                raise ValidationError("already_undone", "this handoff was undone already")
            if now - row.released_at > UNDO_WINDOW:
                raise ValidationError("undo_expired", "a handoff can be undone for 60 s only")
            row.undone_at, row.undone_by, row.undo_reason = now, member.id, reason
            audit.append(
                s,
                now,
                member.actor,
                "handoff.undo",
                "handoff",
                row.id,
                {"student_id": row.student_id, "date": row.on_date, "reason": reason},
            )
            if row.replaced_status is not None:
                _set_mark(s, now, member, row.student_id, row.on_date, row.replaced_status, row.id)

    def purge_snapshots(self) -> int:
        """Delete webcam snapshots older than the school's retention period (R12)."""
        return retention.purge_snapshots(self._db, self._clock.now().replace(tzinfo=None))

    def snapshot(self, handoff_id: int) -> bytes | None:
        """The JPEG kept with a handoff, while retained."""
        with self._db.read() as s:
            return s.scalar(
                select(HandoffSnapshot.image)
                .join(Handoff, Handoff.snapshot_id == HandoffSnapshot.id)
                .where(Handoff.id == handoff_id)
            )


def _write(
    s: Session,
    now: dt.datetime,
    member: StaffMember,
    verdict: CardVerdict,
    children: list[ChildVerdict],
    station: str,
    method: str,
    reason: str,
    snapshot: bytes | None,
    marks: dict[int, tuple[bool, bool]],
) -> list[HandoffResult] | None:
    """Insert the batch with its audit entries; children gone meanwhile are reported."""
    holder = verdict.holder
    assert holder is not None
    # The audit head's lock first: the check below then sees any other station's handoff.
    s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
    day = now.date()
    ids = [c.student_id for c in children]
    gone = read_releases(s, ids, day)
    todo = [c for c in children if c.student_id not in gone]
    results = [
        HandoffResult(False, sid, ALREADY_RELEASED, release) for sid, release in gone.items()
    ]
    if not todo:
        return results
    snapshot_id = None
    if snapshot:
        shot = HandoffSnapshot(taken_at=now, station=station, image=snapshot)
        s.add(shot)
        s.flush()
        snapshot_id = shot.id
    batch_id: int | None = None
    for child in todo:
        early, late = marks[child.student_id]
        if verdict.identity_check:
            how = IDENTITY_CHECK
        elif not child.ok:
            how = OVERRIDE
        else:
            how = method
        row = Handoff(
            student_id=child.student_id,
            on_date=day,
            released_at=now,
            method=how,
            card_id=verdict.card_id,
            card_version=verdict.card_version,
            receiver_name=holder.name,
            receiver_relation=holder.relation[:20],
            guardian_id=holder.id if holder.kind == GUARDIAN else None,
            proxy_id=holder.id if holder.kind == PROXY else None,
            institution_staff_id=holder.id if holder.kind == INSTITUTION_STAFF else None,
            station=station,
            verified_by=member.id,
            early=early,
            late=late,
            override_reason=reason if (how != method or not child.ok) else "",
            note="" if child.ok else f"override:{child.verdict}",
            snapshot_id=snapshot_id,
        )
        s.add(row)
        s.flush()
        batch_id = batch_id or row.id
        row.batch_id = batch_id
        audit.append(
            s,
            now,
            member.actor,
            "handoff.record",
            "handoff",
            row.id,
            {
                "student_id": child.student_id,
                "date": day,
                "method": how,
                "card_no": holder.card_no,
                "card_version": verdict.card_version,
                "receiver": holder.name,
                "relation": holder.relation,
                "holder_kind": holder.kind,
                "station": station,
                "verdict": child.verdict,
                "override_reason": row.override_reason,
                "early": early,
                "late": late,
                "batch_id": batch_id,
            },
        )
        # R6: an early release marks 早退; R5: a child released without a present mark was
        # at school after all, so the roll call is corrected.
        if early or child.verdict == NOT_PRESENT:
            status = "left_early" if early else "present"
            row.replaced_status = _set_mark(s, now, member, child.student_id, day, status, row.id)
        release = PriorRelease(now, holder.name, holder.relation, station, how, member.name)
        results.append(
            HandoffResult(True, child.student_id, OK, release, early, late, row.override_reason)
        )
    return results


def _set_mark(
    s: Session,
    now: dt.datetime,
    member: StaffMember,
    student_id: int,
    day: dt.date,
    status: str,
    handoff_id: int,
) -> str:
    """Set the period-1 mark for a handoff (``""``: no mark); returns the status it replaced."""
    mark = s.scalar(
        select(AttendanceMark).where(
            AttendanceMark.student_id == student_id,
            AttendanceMark.on_date == day,
            AttendanceMark.period == 1,
        )
    )
    previous = mark.status if mark else ""
    if previous == status:
        return previous
    payload = {
        "student_id": student_id,
        "date": day,
        "period": 1,
        "status": status or None,
        "previous": previous or None,
        "handoff_id": handoff_id,
    }
    if mark is not None and not status:
        # Undoing a release of a child nobody had marked: back to unmarked, said in the log.
        s.delete(mark)
        s.flush()
        audit.append(s, now, member.actor, "attendance.unmark", "attendance_mark", mark.id, payload)
        return previous
    if mark is None:
        mark = AttendanceMark(student_id=student_id, on_date=day, period=1)
        s.add(mark)
    mark.status = status
    mark.marked_by = member.id
    mark.marked_at = now
    s.flush()
    action = "attendance.correct" if previous else "attendance.mark"
    audit.append(s, now, member.actor, action, "attendance_mark", mark.id, payload)
    return previous
