"""The safety officer's edits of authorized adults, each audited in its own write transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import people_rules as rules
from core.clock import Clock
from core.errors import NotFoundError, ValidationError
from core.staff_types import StaffMember
from core.today import mask_phone
from db import audit
from db.engine import Database
from db.models import (
    Guardian,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    ProxyAuthorization,
    Restriction,
    Student,
    StudentGuardian,
)


def _student(s: Session, student_id: int) -> Student:
    student = s.get(Student, student_id)
    if student is None:
        raise NotFoundError(f"no pupil {student_id}")
    return student


def _get(s: Session, model: type[Any], row_id: int) -> Any:
    row = s.get(model, row_id)
    if row is None:
        raise NotFoundError(f"no {model.__tablename__} {row_id}")
    return row


class PeopleEdits:
    """Write side of :class:`core.people.PeopleService`; audit payloads hold masked phones."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # --- guardians (shared by siblings) -------------------------------------------------------

    def add_guardian(
        self, member: StaffMember, student_id: int, name: str, relation: str, phone: str
    ) -> int:
        """Link a guardian to a pupil; the same adult (name and phone) already on file is reused.

        Returns:
            The guardian's id.
        """
        clean_name = rules.check_person_name(name)
        clean_rel = rules.check_relation(relation)
        clean_phone = rules.check_phone(phone)
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            student = _student(s, student_id)
            guardian = None
            if clean_phone:
                guardian = s.scalar(
                    select(Guardian)
                    .where(Guardian.name == clean_name, Guardian.phone == clean_phone)
                    .order_by(Guardian.id)
                    .limit(1)
                )
            if guardian is None:
                guardian = Guardian(name=clean_name, phone=clean_phone)
                s.add(guardian)
                s.flush()
            elif any(link.guardian_id == guardian.id for link in student.guardian_links):
                raise ValidationError("guardian_linked", "already a guardian of this pupil")
            position = s.scalar(
                select(func.coalesce(func.max(StudentGuardian.position), 0)).where(
                    StudentGuardian.student_id == student_id
                )
            )
            s.add(
                StudentGuardian(
                    student_id=student_id,
                    guardian_id=guardian.id,
                    relation=clean_rel,
                    position=(position or 0) + 1,
                )
            )
            audit.append(
                s,
                now,
                member.actor,
                "guardian.link",
                "student",
                student.student_no,
                {
                    "guardian": guardian.id,
                    "name": clean_name,
                    "relation": clean_rel,
                    "phone": mask_phone(clean_phone),
                },
            )
            return guardian.id

    def update_guardian(
        self,
        member: StaffMember,
        student_id: int,
        guardian_id: int,
        name: str,
        relation: str,
        phone: str,
    ) -> None:
        """Change a guardian: name and phone for every child they are linked to, relation here."""
        clean_name = rules.check_person_name(name)
        clean_rel = rules.check_relation(relation)
        clean_phone = rules.check_phone(phone)
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            guardian: Guardian = _get(s, Guardian, guardian_id)
            link = s.scalar(
                select(StudentGuardian).where(
                    StudentGuardian.student_id == student_id,
                    StudentGuardian.guardian_id == guardian_id,
                )
            )
            if link is None:
                raise NotFoundError(f"guardian {guardian_id} not linked to pupil {student_id}")
            before = {
                "name": guardian.name,
                "phone": mask_phone(guardian.phone),
                "relation": link.relation,
            }
            guardian.name, guardian.phone, link.relation = clean_name, clean_phone, clean_rel
            after = {"name": clean_name, "phone": mask_phone(clean_phone), "relation": clean_rel}
            audit.append(
                s,
                now,
                member.actor,
                "guardian.update",
                "guardian",
                guardian_id,
                {"student": student_id, "before": before, "after": after},
            )

    def remove_guardian(self, member: StaffMember, student_id: int, guardian_id: int) -> None:
        """Unlink a guardian from one pupil; siblings keep them, and the record stays."""
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            student = _student(s, student_id)
            link = s.scalar(
                select(StudentGuardian).where(
                    StudentGuardian.student_id == student_id,
                    StudentGuardian.guardian_id == guardian_id,
                )
            )
            if link is None:
                raise NotFoundError(f"guardian {guardian_id} not linked to pupil {student_id}")
            s.delete(link)
            audit.append(
                s,
                now,
                member.actor,
                "guardian.unlink",
                "student",
                student.student_no,
                {"guardian": guardian_id},
            )

    # --- 代接 ----------------------------------------------------------------------------------

    def add_proxy(
        self,
        member: StaffMember,
        student_id: int,
        name: str,
        relation: str,
        phone: str,
        valid_from: dt.date,
        valid_to: dt.date,
        phoned_in_by: str,
        written_note: str = "",
    ) -> int:
        """Authorize another adult on a date range (one day: from equals to); class teachers too.

        ``phoned_in_by`` names the parent who called; ``written_note`` notes their written
        authorization (微信截图, 纸条 …).
        """
        clean_name = rules.check_person_name(name)
        clean_rel = rules.check_relation(relation)
        clean_phone = rules.check_phone(phone)
        caller = " ".join(phoned_in_by.split())
        if not caller:
            raise ValidationError("caller_empty", "who phoned the authorization in is needed")
        if len(caller) > rules.NAME_MAX:
            raise ValidationError("caller_too_long", "caller is too long", limit=rules.NAME_MAX)
        note = rules.check_note(written_note)
        now = self._clock.now()
        rules.check_validity(valid_from, valid_to, now.date())
        with self._db.write() as s:
            rules.require_role(s, member, rules.PROXY_ROLES)
            student = _student(s, student_id)
            proxy = ProxyAuthorization(
                student_id=student_id,
                name=clean_name,
                relation=clean_rel,
                phone=clean_phone,
                valid_from=valid_from,
                valid_to=valid_to,
                phoned_in_by=caller,
                written_note=note,
                created_by=member.id,
                created_at=now,
            )
            s.add(proxy)
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "proxy.add",
                "proxy_authorization",
                proxy.id,
                {
                    "student": student.student_no,
                    "name": clean_name,
                    "relation": clean_rel,
                    "phone": mask_phone(clean_phone),
                    "from": valid_from,
                    "to": valid_to,
                    "phoned_in_by": caller,
                    "written_note": note,
                },
            )
            return proxy.id

    def revoke_proxy(self, member: StaffMember, proxy_id: int) -> None:
        """Withdraw a 代接 before its end (the parent called again)."""
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member, rules.PROXY_ROLES)
            proxy: ProxyAuthorization = _get(s, ProxyAuthorization, proxy_id)
            if proxy.revoked_at is not None:
                raise ValidationError("proxy_revoked", "already revoked")
            proxy.revoked_at = now
            audit.append(s, now, member.actor, "proxy.revoke", "proxy_authorization", proxy_id)

    # --- 托管机构 -------------------------------------------------------------------------------

    def add_institution(
        self, member: StaffMember, name: str, phone: str = "", note: str = ""
    ) -> int:
        """Register a 托管机构 (names are unique); returns its id."""
        clean_name = rules.check_person_name(name)
        clean_phone = rules.check_phone(phone)
        clean_note = rules.check_note(note)
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            found = s.scalar(select(Institution).where(Institution.name == clean_name))
            if found is not None and found.active:
                raise ValidationError("institution_taken", "institution name in use")
            if found is None:
                found = Institution(name=clean_name)
                s.add(found)
            found.phone, found.note, found.active = clean_phone, clean_note, True
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "institution.add",
                "institution",
                found.id,
                {"name": clean_name, "phone": mask_phone(clean_phone)},
            )
            return found.id

    def deactivate_institution(self, member: StaffMember, institution_id: int) -> None:
        """Remove a 托管机构: its staff can no longer collect anyone."""
        self._set_active(member, Institution, institution_id, "institution.deactivate")

    def add_institution_staff(
        self, member: StaffMember, institution_id: int, name: str, phone: str = ""
    ) -> int:
        """Add a staff member who may hold the institution's card; returns the id."""
        clean_name = rules.check_person_name(name)
        clean_phone = rules.check_phone(phone)
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            _get(s, Institution, institution_id)
            person = InstitutionStaff(
                institution_id=institution_id, name=clean_name, phone=clean_phone
            )
            s.add(person)
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "institution.staff_add",
                "institution_staff",
                person.id,
                {
                    "institution": institution_id,
                    "name": clean_name,
                    "phone": mask_phone(clean_phone),
                },
            )
            return person.id

    def deactivate_institution_staff(self, member: StaffMember, staff_id: int) -> None:
        """An institution's staff member left; they can no longer collect anyone."""
        self._set_active(member, InstitutionStaff, staff_id, "institution.staff_deactivate")

    def authorize_institution(
        self, member: StaffMember, institution_id: int, student_id: int
    ) -> None:
        """Let an institution's staff collect a pupil."""
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            student = _student(s, student_id)
            _get(s, Institution, institution_id)
            if self._institution_link(s, institution_id, student_id) is not None:
                raise ValidationError("institution_linked", "already authorized for this pupil")
            s.add(InstitutionStudent(institution_id=institution_id, student_id=student_id))
            audit.append(
                s,
                now,
                member.actor,
                "institution.authorize",
                "student",
                student.student_no,
                {"institution": institution_id},
            )

    def unauthorize_institution(
        self, member: StaffMember, institution_id: int, student_id: int
    ) -> None:
        """Stop an institution from collecting a pupil."""
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            student = _student(s, student_id)
            link = self._institution_link(s, institution_id, student_id)
            if link is None:
                raise NotFoundError(f"institution {institution_id} not linked to {student_id}")
            s.delete(link)
            audit.append(
                s,
                now,
                member.actor,
                "institution.unauthorize",
                "student",
                student.student_no,
                {"institution": institution_id},
            )

    # --- do-not-release ------------------------------------------------------------------------

    def add_restriction(
        self,
        member: StaffMember,
        student_id: int,
        name: str,
        phone: str = "",
        note: str = "",
        court_order: bool = False,
        court_order_date: dt.date | None = None,
    ) -> int:
        """Put a person on the pupil's do-not-release list; a court order needs its date."""
        clean_name = rules.check_person_name(name)
        clean_phone = rules.check_phone(phone)
        clean_note = rules.check_note(note)
        if court_order and court_order_date is None:
            raise ValidationError("court_order_date", "a court order needs its date")
        order_date = court_order_date if court_order else None
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            student = _student(s, student_id)
            row = Restriction(
                student_id=student_id,
                name=clean_name,
                phone=clean_phone,
                note=clean_note,
                court_order=court_order,
                court_order_date=order_date,
                created_by=member.id,
                created_at=now,
            )
            s.add(row)
            s.flush()
            audit.append(
                s,
                now,
                member.actor,
                "restriction.add",
                "restriction",
                row.id,
                {
                    "student": student.student_no,
                    "name": clean_name,
                    "phone": mask_phone(clean_phone),
                    "court_order": court_order,
                    "court_order_date": order_date,
                },
            )
            return row.id

    def deactivate_restriction(self, member: StaffMember, restriction_id: int) -> None:
        """Lift a do-not-release entry; it stays in the records, inactive."""
        self._set_active(member, Restriction, restriction_id, "restriction.deactivate")

    # --- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _institution_link(
        s: Session, institution_id: int, student_id: int
    ) -> InstitutionStudent | None:
        return s.scalar(
            select(InstitutionStudent).where(
                InstitutionStudent.institution_id == institution_id,
                InstitutionStudent.student_id == student_id,
            )
        )

    def _set_active(self, member: StaffMember, model: type[Any], row_id: int, action: str) -> None:
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            row = _get(s, model, row_id)
            if not row.active:
                raise ValidationError("already_inactive", "already removed")
            row.active = False
            audit.append(s, now, member.actor, action, model.__tablename__, row_id)
