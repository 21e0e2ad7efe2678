"""One child's personal data on request (R12): the export of all of it, and its full erase.

Both are the safety officer's, and both are audited with the child's id only. The erase keeps
the child's records as an anonymous placeholder (已删除学生, grade and class), so attendance
and handoff counts per day and class do not change; see ``core.privacy_erase``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.account_rules import NotAllowedError
from core.clock import Clock, SystemClock
from core.errors import AfterSchoolError, DatabaseUnavailableError, NotFoundError, ValidationError
from core.privacy_erase import (
    ErasureResult,
    archived_days,
    erase_rows,
    placeholder_no,
    redact_audit,
)
from core.privacy_export import build_export, write_zip
from core.privacy_records import ChildRecords, gather
from core.roster_values import canonical_class_name
from core.staff_types import SAFETY_OFFICER, StaffMember
from db import audit
from db.engine import Database
from db.models import SchoolClass, Staff, Student

EXPORT_ACTION = "privacy.export"
REASON_MAX = 200

__all__ = ["ChildSummary", "ErasureResult", "ExportError", "ExportResult", "PrivacyService"]


class ExportError(AfterSchoolError):
    """The export file could not be written (disk full, no permission …)."""

    code = "export_failed"


@dataclass(frozen=True)
class ChildSummary:
    """The child a request is about, as the confirmation shows it."""

    student_id: int
    student_no: str
    name: str
    class_name: str
    guardians_erased: int  # guardians of no other pupil: erased with the child
    guardians_shared: int  # a sibling's guardians: they keep their data
    proxies: int
    restrictions: int
    handoffs: int
    marks: int
    erased: bool


@dataclass(frozen=True)
class ExportResult:
    """Where the export went and what it holds."""

    path: Path
    audit_entries: int
    files: int


def _summary(s: Session, student: Student, rec: ChildRecords) -> ChildSummary:
    c = s.get_one(SchoolClass, student.class_id)
    return ChildSummary(
        student.id,
        student.student_no,
        student.name,
        canonical_class_name(c.grade, c.class_no),
        len(rec.guardians_erased),
        len(rec.guardians_shared),
        len(rec.proxies),
        len(rec.restrictions),
        len(rec.handoffs),
        len(rec.marks),
        rec.erased,
    )


def _require_officer(s: Session, member: StaffMember) -> None:
    # Checked in the database: a role changed since sign-in counts.
    staff = s.get(Staff, member.id)
    if staff is None or not staff.active or staff.role != SAFETY_OFFICER:
        raise NotAllowedError(
            "privacy_not_allowed", "only the safety officer may export or erase a child's data"
        )


def _student(s: Session, student_id: int, lock: bool = False) -> Student:
    student = s.get(Student, student_id, with_for_update=lock)
    if student is None:
        raise NotFoundError(f"no pupil {student_id}")
    return student


def check_reason(reason: str, rec: ChildRecords) -> str:
    """The trimmed reason; it must be given and must not name the child or its adults.

    Raises:
        ValidationError: ``erase_reason_empty``, ``erase_reason_too_long`` or
            ``erase_reason_personal`` (the reason is kept, so it must not hold what is erased).
    """
    clean = " ".join(reason.split())
    if not clean:
        raise ValidationError("erase_reason_empty", "an erase needs a reason")
    if len(clean) > REASON_MAX:
        raise ValidationError("erase_reason_too_long", "reason is too long", limit=REASON_MAX)
    if any(text in clean for text in rec.identifying):
        raise ValidationError(
            "erase_reason_personal", "the reason must not name the child or its adults"
        )
    return clean


@contextmanager
def _database_errors(what: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        raise DatabaseUnavailableError(f"cannot {what}: {reason}") from exc


class PrivacyService:
    """The safety officer's export and erase of one child's personal data."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()

    @contextmanager
    def _snapshot(self) -> Iterator[Session]:
        with Session(self._db.engine, expire_on_commit=False) as s:
            if not self._db.is_sqlite:
                # Every table from one snapshot, while stations go on writing.
                s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield s

    def child(self, member: StaffMember, student_no: str) -> ChildSummary:
        """The pupil with this student number, and what an erase would touch.

        Raises:
            NotAllowedError: not the safety officer.
            NotFoundError: no such pupil.
        """
        with _database_errors("read the pupil"), self._db.read() as s:
            _require_officer(s, member)
            student = s.scalar(select(Student).where(Student.student_no == student_no))
            if student is None:
                raise NotFoundError(f"no pupil {student_no}")
            return _summary(s, student, gather(s, student))

    def export(self, member: StaffMember, student_id: int, path: Path) -> ExportResult:
        """Write everything stored about the child to ``path`` (.zip), audited by id only.

        Raises:
            NotAllowedError: not the safety officer.
            NotFoundError: no such pupil.
            ExportError: the file could not be written.
        """
        now = self._clock.now()
        with _database_errors("read the pupil's data"), self._snapshot() as s:
            _require_officer(s, member)
            rec = gather(s, _student(s, student_id))
            document, files = build_export(s, rec, now, member.actor)
        part = path.with_name(path.name + ".part")
        try:
            write_zip(part, document, files)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
        try:
            # Audited before the file takes its name: an export is never left unrecorded.
            with _database_errors("record the export"), self._db.write() as s:
                _require_officer(s, member)
                audit.append(
                    s,
                    now,
                    member.actor,
                    EXPORT_ACTION,
                    "student",
                    student_id,
                    {"student_id": student_id},
                )
            os.replace(part, path)
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
        finally:
            part.unlink(missing_ok=True)
        return ExportResult(path, len(document["audit_entries"]), len(files) + 1)

    def erase(
        self, member: StaffMember, student_id: int, reason: str, typed_name: str
    ) -> ErasureResult:
        """Erase the child's personal data in one transaction, with its own audit entry.

        ``typed_name`` is the child's name as the officer typed it to confirm.

        Raises:
            NotAllowedError: not the safety officer.
            NotFoundError: no such pupil.
            ValidationError: ``erase_name_mismatch``, ``already_erased`` or a reason problem
                (see ``check_reason``).
        """
        now = self._clock.now()
        with _database_errors("erase the pupil's data"), self._db.write() as s:
            _require_officer(s, member)
            # The head's lock first: no station appends about the child until this commits,
            # and the erasure entry's seq is known to the entries it redacts.
            erasure_seq = audit.next_seq(s)
            student = _student(s, student_id, lock=True)
            rec = gather(s, student)
            if rec.erased:
                raise ValidationError("already_erased", "this pupil's data was erased already")
            if " ".join(typed_name.split()) != student.name:
                raise ValidationError("erase_name_mismatch", "the typed name is not the pupil's")
            clean = check_reason(reason, rec)
            days = archived_days(s, rec)
            digests = redact_audit(s, rec, erasure_seq)
            counts = erase_rows(s, rec, now)
            payload = {
                "student_id": student_id,
                "reason": clean,
                "counts": counts,
                audit.ERASED_KEY: digests,
            }
            entry = audit.append(
                s, now, member.actor, audit.ERASURE_ACTION, "student", student_id, payload
            )
            if entry.seq != erasure_seq:  # the head was locked: cannot happen
                raise RuntimeError("audit chain moved during an erase")
        return ErasureResult(
            student_id=student_id,
            placeholder_no=placeholder_no(student_id),
            erasure_seq=erasure_seq,
            redacted_entries=len(digests),
            guardians_erased=counts["guardians"],
            guardian_links_removed=counts["links"],
            proxies_erased=counts["proxies"],
            restrictions_erased=counts["restrictions"],
            cards_revoked=counts["cards"],
            photos_deleted=counts["photos"],
            snapshots_deleted=counts["snapshots"],
            texts_scrubbed=counts["texts"],
            archived_days=days,
        )
