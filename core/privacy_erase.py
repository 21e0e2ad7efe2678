"""The erase of one child's personal data (R12), inside the caller's write transaction.

The child's rows stay as an anonymous placeholder so that every count per day and class is
unchanged; names, numbers, phones, photos, cards and free text go, in the database and in the
audit log, whose entries are redacted without breaking the chain (``db.audit.redact``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.privacy_records import (
    ERASED_ADULT,
    ERASED_NO_PREFIX,
    ERASED_PUPIL,
    AuditMatcher,
    ChildRecords,
    matching_entries,
)
from db import audit
from db.models import (
    AttendanceMark,
    AuditEntry,
    CustodyTransfer,
    DateOverride,
    DayLogIssue,
    GroupTransfer,
    Guardian,
    GuardianCall,
    Handoff,
    HandoffSnapshot,
    Incident,
    Institution,
    InstitutionStudent,
    Leave,
    Patrol,
    Photo,
    PickupCard,
    ProxyAuthorization,
    Restriction,
    Student,
    StudentGuardian,
)

REVOKE_REASON = "个人信息已删除"
# Free text of any record, where a name or number may have been typed about the child.
FREE_TEXT: tuple[InstrumentedAttribute[str], ...] = (
    Student.notes,
    Leave.reason,
    Leave.reported_by,
    AttendanceMark.note,
    Handoff.override_reason,
    Handoff.undo_reason,
    Handoff.note,
    GuardianCall.callee,
    GuardianCall.note,
    CustodyTransfer.note,
    Incident.description,
    Incident.action_taken,
    Patrol.findings,
    Patrol.praise,
    Patrol.problems,
    GroupTransfer.note,
    PickupCard.revoke_reason,
    ProxyAuthorization.phoned_in_by,
    ProxyAuthorization.written_note,
    Restriction.note,
    Institution.note,
    DayLogIssue.reason,
    DateOverride.reason,
)
MARKER_KEYS = (audit.REDACTED_KEY, audit.ERASURE_SEQ_KEY)


@dataclass(frozen=True)
class ErasureResult:
    """What an erase changed; no name in it, so it can be shown and logged."""

    student_id: int
    placeholder_no: str
    erasure_seq: int
    redacted_entries: int
    guardians_erased: int
    guardian_links_removed: int
    proxies_erased: int
    restrictions_erased: int
    cards_revoked: int
    photos_deleted: int
    snapshots_deleted: int
    texts_scrubbed: int
    # Closed days whose archived logs (files printed before the erase) name the child.
    archived_days: tuple[dt.date, ...]


def placeholder_no(student_id: int) -> str:
    """The unique student number an erased pupil keeps: 已删除-123."""
    return f"{ERASED_NO_PREFIX}{student_id}"


def erase_rows(s: Session, rec: ChildRecords, now: dt.datetime) -> dict[str, int]:
    """Take the child's and its adults' personal data out of every table; counts per kind."""
    sid = rec.student_id
    counts: dict[str, int] = {}
    # Snapshots first: siblings released together share one frame, which shows this child.
    if rec.snapshots:
        s.execute(
            update(Handoff).where(Handoff.snapshot_id.in_(rec.snapshots)).values(snapshot_id=None)
        )
        s.execute(delete(HandoffSnapshot).where(HandoffSnapshot.id.in_(rec.snapshots)))
    counts["snapshots"] = len(rec.snapshots)
    photos = or_(
        (Photo.owner_kind == "student") & (Photo.owner_id == sid),
        (Photo.owner_kind == "guardian") & Photo.owner_id.in_(rec.guardians_erased),
        (Photo.owner_kind == "proxy") & Photo.owner_id.in_(rec.proxies),
        (Photo.owner_kind == "restriction") & Photo.owner_id.in_(rec.restrictions),
    )
    counts["photos"] = len(s.scalars(select(Photo.id).where(photos)).all())
    s.execute(delete(Photo).where(photos))
    cards = PickupCard.id.in_(rec.cards)
    counts["cards"] = len(
        s.scalars(select(PickupCard.id).where(cards, PickupCard.revoked_at.is_(None))).all()
    )
    s.execute(
        update(PickupCard)
        .where(cards, PickupCard.revoked_at.is_(None))
        .values(revoked_at=now, revoke_reason=REVOKE_REASON)
    )
    s.execute(update(PickupCard).where(cards).values(revoke_reason=REVOKE_REASON))
    s.execute(
        update(Guardian)
        .where(Guardian.id.in_(rec.guardians_erased))
        .values(name=ERASED_ADULT, phone=None)
    )
    # A sibling's guardian keeps their data; only what ties them to this child goes. Links to
    # the erased guardians stay, so late pickups still count for the same (anonymous) family.
    shared = rec.guardians_shared
    s.execute(
        delete(StudentGuardian).where(
            StudentGuardian.student_id == sid, StudentGuardian.guardian_id.in_(shared)
        )
    )
    for model in (Handoff, GuardianCall):
        s.execute(
            update(model)
            .where(model.student_id == sid, model.guardian_id.in_(shared))
            .values(guardian_id=None)
        )
    s.execute(
        update(ProxyAuthorization)
        .where(ProxyAuthorization.id.in_(rec.proxies))
        .values(name=ERASED_ADULT, relation="", phone=None, phoned_in_by="", written_note="")
    )
    s.execute(
        update(ProxyAuthorization)
        .where(ProxyAuthorization.id.in_(rec.proxies), ProxyAuthorization.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    s.execute(
        update(Restriction)
        .where(Restriction.id.in_(rec.restrictions))
        .values(name=ERASED_ADULT, phone=None, note="", active=False)
    )
    s.execute(delete(InstitutionStudent).where(InstitutionStudent.student_id == sid))
    s.execute(
        update(Student)
        .where(Student.id == sid)
        .values(name=ERASED_PUPIL, student_no=placeholder_no(sid), gender=None, notes="")
    )
    _clear_own_text(s, sid)
    counts["texts"] = _scrub_free_text(s, rec)
    counts["guardians"] = len(rec.guardians_erased)
    counts["links"] = len(shared)
    counts["proxies"] = len(rec.proxies)
    counts["restrictions"] = len(rec.restrictions)
    return counts


def _clear_own_text(s: Session, sid: int) -> None:
    """The child's own records keep their facts (day, status, method, times), not the words."""
    s.execute(update(AttendanceMark).where(AttendanceMark.student_id == sid).values(note=""))
    s.execute(update(Leave).where(Leave.student_id == sid).values(reason="", reported_by=""))
    s.execute(
        update(Handoff)
        .where(Handoff.student_id == sid)
        .values(receiver_name="", receiver_relation="", override_reason="", undo_reason="")
    )
    # The note is a code ("override:not_present") the log words itself; anything else goes.
    s.execute(
        update(Handoff)
        .where(Handoff.student_id == sid, Handoff.note.not_like("override:%"))
        .values(note="")
    )
    s.execute(update(GuardianCall).where(GuardianCall.student_id == sid).values(callee="", note=""))
    s.execute(update(CustodyTransfer).where(CustodyTransfer.student_id == sid).values(note=""))
    s.execute(
        update(Incident).where(Incident.student_id == sid).values(description="", action_taken="")
    )


def _scrub_free_text(s: Session, rec: ChildRecords) -> int:
    """Replace the child's names and numbers inside every other record's free text."""
    texts = rec.scrubber.texts
    if not texts:
        return 0
    changed = 0
    for column in FREE_TEXT:
        model = column.class_
        key = model.id
        found = s.execute(
            select(key, column).where(or_(*(column.contains(t, autoescape=True) for t in texts)))
        ).all()
        for row_id, value in found:
            new = rec.scrubber.sub(value)
            if new != value:
                s.execute(update(model).where(key == row_id).values({column.key: new}))
                changed += 1
    return changed


def redact_audit(s: Session, rec: ChildRecords, erasure_seq: int) -> dict[str, str]:
    """Redact every entry about or naming the child; returns seq (as text) -> new digest."""
    matcher = AuditMatcher(rec, placeholder_no(rec.student_id))
    changes: dict[int, tuple[str, dict[str, Any]]] = {}
    for row, kind in matching_entries(s, matcher):
        entity_id, payload = matcher.redacted(kind, row.entity_id, row.payload)
        if (entity_id, payload) != (row.entity_id, _unmarked(row.payload)):
            changes[row.seq] = (entity_id, payload)
    digests: dict[str, str] = {}
    seqs = sorted(changes)
    for chunk in _chunks(seqs, 500):
        for entry in s.scalars(select(AuditEntry).where(AuditEntry.seq.in_(chunk))):
            entity_id, payload = changes[entry.seq]
            digests[str(entry.seq)] = audit.redact(entry, entity_id, payload, erasure_seq)
    s.flush()
    return digests


def _unmarked(payload: str) -> dict[str, Any]:
    """A payload as it reads without the marks of an earlier redaction."""
    try:
        data = json.loads(payload)
    except ValueError:
        return {"raw": payload}
    if not isinstance(data, dict):
        return {"value": data}
    return {k: v for k, v in data.items() if k not in MARKER_KEYS}


def _chunks(items: Sequence[int], size: int) -> list[Sequence[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def archived_days(s: Session, rec: ChildRecords) -> tuple[dt.date, ...]:
    """Closed days with an archived log issued before now on which the child had a record."""
    days: set[dt.date] = set()
    for model, ids in (
        (AttendanceMark, rec.marks),
        (Handoff, rec.handoffs),
        (GuardianCall, rec.calls),
        (CustodyTransfer, rec.custody),
        (Incident, rec.incidents),
    ):
        for chunk in _chunks(ids, 500):
            days |= set(s.scalars(select(model.on_date).where(model.id.in_(chunk))))
    issued = set(s.scalars(select(DayLogIssue.on_date).distinct()))
    ranges = s.execute(select(Leave.start_date, Leave.end_date).where(Leave.id.in_(rec.leaves)))
    for start, end in ranges:
        days |= {d for d in issued if start <= d <= end}
    return tuple(sorted(days & issued))
