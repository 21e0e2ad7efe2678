"""Authorized adults per pupil (R3): search pupils, read their card, and the photos (R12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import people_rules as rules
from core.db_errors import database_errors
from core.errors import NotFoundError, ValidationError
from core.people_edits import PeopleEdits
from core.people_photos import check_owner_kind, check_photo, import_folder, store_photo
from core.people_types import (
    GuardianEntry,
    InstitutionEntry,
    InstitutionStaffEntry,
    PhotoImportReport,
    ProxyEntry,
    PupilCard,
    PupilHit,
    RestrictionEntry,
)
from core.pinyin_index import fold_query, match_rank, name_keys
from core.roster import canonical_class_name
from core.staff_types import StaffMember
from db import audit
from db.models import (
    Guardian,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    Photo,
    ProxyAuthorization,
    Restriction,
    SchoolClass,
    Student,
    StudentGuardian,
)

SEARCH_LIMIT = 100


class PeopleService(PeopleEdits):
    """Reads and edits the adults who may (or must never) collect each pupil."""

    def today(self) -> dt.date:
        """The school's date by the service's clock (the default of a one-day 代接)."""
        return self._clock.now().date()

    # --- search -------------------------------------------------------------------------------

    @database_errors("search the pupils")
    def search(self, query: str) -> list[PupilHit]:
        """Active pupils by name, full pinyin (zhangsan), initials (zs) or student number.

        The pupils are read on every search (a school is a few thousand rows), so a class list
        imported on another station shows at once; the pinyin keys are cached per name, so the
        index is computed once and only new names cost anything.
        """
        key = fold_query(query)
        if not key:
            return []
        with self._db.read() as s:
            rows = list(
                s.execute(
                    select(
                        Student.id,
                        Student.student_no,
                        Student.name,
                        SchoolClass.grade,
                        SchoolClass.class_no,
                    )
                    .join(SchoolClass, Student.class_id == SchoolClass.id)
                    .where(Student.active.is_(True))
                )
            )
            ranked = []
            for r in rows:
                rank = match_rank(key, r.name, r.student_no)
                if rank is not None:
                    ranked.append((rank, min(name_keys(r.name).full, default=""), r))
            ranked.sort(key=lambda t: (t[0], t[1], t[2].grade, t[2].class_no, t[2].student_no))
            ranked = ranked[:SEARCH_LIMIT]
            with_photo = _photo_owners(s, "student", [t[2].id for t in ranked])
        return [
            PupilHit(
                r.id,
                r.student_no,
                r.name,
                canonical_class_name(r.grade, r.class_no),
                r.id in with_photo,
            )
            for _rank, _key, r in ranked
        ]

    # --- the pupil's card ---------------------------------------------------------------------

    @database_errors("read the pupil")
    def pupil_card(self, student_id: int) -> PupilCard:
        """Guardians, current and coming 代接, institutions and the do-not-release list.

        Phones are given in full: this is the safety officer's screen; entries also offer
        ``phone_masked`` for every other place (R12).

        Raises:
            NotFoundError: no such pupil.
        """
        today = self._clock.now().date()
        with self._db.read() as s:
            pupil = _pupil_hit(s, student_id)
            return PupilCard(
                pupil=pupil,
                guardians=tuple(_guardians(s, student_id)),
                proxies=tuple(p for p in _proxies(s, student_id) if p.valid_to >= today),
                institutions=tuple(_institutions(s, student_id)),
                restrictions=tuple(_restrictions(s, student_id)),
            )

    def active_proxies(self, student_id: int, day: dt.date) -> list[ProxyEntry]:
        """The 代接 valid on ``day``: outside its dates an authorization simply is not active."""
        with self._db.read() as s:
            return [p for p in _proxies(s, student_id) if p.active_on(day)]

    def institutions(self) -> list[InstitutionEntry]:
        """Every active 托管机构 with its active staff, by name."""
        with self._db.read() as s:
            ids = list(s.scalars(select(Institution.id).where(Institution.active.is_(True))))
            return sorted(_institution_entries(s, ids), key=lambda i: i.name)

    # --- photos -------------------------------------------------------------------------------

    def photo(self, owner_kind: str, owner_id: int) -> bytes | None:
        """The stored image of one person, or None."""
        return self.photos(owner_kind, [owner_id]).get(owner_id)

    @database_errors("read the photos")
    def photos(self, owner_kind: str, owner_ids: list[int]) -> dict[int, bytes]:
        """The stored images of several people of one kind (thumbnails of a hit list)."""
        check_owner_kind(owner_kind)
        if not owner_ids:
            return {}
        with self._db.read() as s:
            return {
                oid: bytes(image)
                for oid, image in s.execute(
                    select(Photo.owner_id, Photo.image).where(
                        Photo.owner_kind == owner_kind, Photo.owner_id.in_(owner_ids)
                    )
                )
            }

    def set_photo(
        self, member: StaffMember, owner_kind: str, owner_id: int, image_bytes: bytes
    ) -> None:
        """Store a JPEG or PNG of at most 2 MB for a person, replacing any earlier one.

        Raises:
            ValidationError: bad image or owner kind.
            NotFoundError: no such person.
        """
        check_owner_kind(owner_kind)
        check_photo(image_bytes)
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            if s.get(_OWNER_MODELS[owner_kind], owner_id) is None:
                raise NotFoundError(f"no {owner_kind} {owner_id}")
            replaced = store_photo(s, owner_kind, owner_id, image_bytes, now)
            audit.append(
                s,
                now,
                member.actor,
                "photo.replace" if replaced else "photo.add",
                owner_kind,
                owner_id,
                {"bytes": len(image_bytes)},
            )

    def import_photos(self, member: StaffMember, folder: Path | str) -> PhotoImportReport:
        """Store the photos of a folder named by student number or guardian phone, at once.

        Raises:
            ValidationError: ``folder_missing`` when the folder cannot be read.
        """
        path = Path(folder)
        if not path.is_dir():
            raise ValidationError("folder_missing", "no such folder", folder=str(path))
        now = self._clock.now()
        with self._db.write() as s:
            rules.require_role(s, member)
            report = import_folder(s, path, now)
            audit.append(
                s,
                now,
                member.actor,
                "photo.import",
                "photo",
                "",
                {
                    "folder": path.name,
                    "matched": [f"{m.owner_kind}:{m.owner_id}" for m in report.matched],
                    "unmatched": len(report.unmatched),
                    "duplicates": len(report.duplicates),
                    "rejected": len(report.rejected),
                },
            )
        return report


_OWNER_MODELS: dict[str, type[object]] = {
    "student": Student,
    "guardian": Guardian,
    "proxy": ProxyAuthorization,
    "institution_staff": InstitutionStaff,
    "restriction": Restriction,
}


def _photo_owners(s: Session, kind: str, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        s.scalars(select(Photo.owner_id).where(Photo.owner_kind == kind, Photo.owner_id.in_(ids)))
    )


def _pupil_hit(s: Session, student_id: int) -> PupilHit:
    row = s.execute(
        select(
            Student.id, Student.student_no, Student.name, SchoolClass.grade, SchoolClass.class_no
        )
        .join(SchoolClass, Student.class_id == SchoolClass.id)
        .where(Student.id == student_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no pupil {student_id}")
    return PupilHit(
        row.id,
        row.student_no,
        row.name,
        canonical_class_name(row.grade, row.class_no),
        bool(_photo_owners(s, "student", [row.id])),
    )


def _guardians(s: Session, student_id: int) -> list[GuardianEntry]:
    rows = list(
        s.execute(
            select(Guardian.id, Guardian.name, Guardian.phone, StudentGuardian.relation)
            .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
            .where(StudentGuardian.student_id == student_id)
            .order_by(StudentGuardian.position, StudentGuardian.id)
        )
    )
    ids = [r.id for r in rows]
    siblings: dict[int, list[str]] = {}
    if ids:
        for gid, name in s.execute(
            select(StudentGuardian.guardian_id, Student.name)
            .join(Student, Student.id == StudentGuardian.student_id)
            .where(StudentGuardian.guardian_id.in_(ids), Student.id != student_id)
            .order_by(Student.student_no)
        ):
            siblings.setdefault(gid, []).append(name)
    photos = _photo_owners(s, "guardian", ids)
    return [
        GuardianEntry(
            r.id, r.name, r.relation, r.phone, r.id in photos, tuple(siblings.get(r.id, ()))
        )
        for r in rows
    ]


def _proxies(s: Session, student_id: int) -> list[ProxyEntry]:
    rows = list(
        s.scalars(
            select(ProxyAuthorization)
            .where(
                ProxyAuthorization.student_id == student_id,
                ProxyAuthorization.revoked_at.is_(None),
            )
            .order_by(ProxyAuthorization.valid_from, ProxyAuthorization.id)
        )
    )
    photos = _photo_owners(s, "proxy", [p.id for p in rows])
    return [
        ProxyEntry(
            p.id,
            p.name,
            p.relation,
            p.phone,
            p.valid_from,
            p.valid_to,
            p.phoned_in_by,
            p.written_note,
            p.id in photos,
        )
        for p in rows
    ]


def _institution_entries(s: Session, ids: list[int]) -> list[InstitutionEntry]:
    if not ids:
        return []
    staff_rows = list(
        s.scalars(
            select(InstitutionStaff)
            .where(InstitutionStaff.institution_id.in_(ids), InstitutionStaff.active.is_(True))
            .order_by(InstitutionStaff.id)
        )
    )
    photos = _photo_owners(s, "institution_staff", [m.id for m in staff_rows])
    staff: dict[int, list[InstitutionStaffEntry]] = {}
    for m in staff_rows:
        staff.setdefault(m.institution_id, []).append(
            InstitutionStaffEntry(m.id, m.name, m.phone, m.id in photos)
        )
    return [
        InstitutionEntry(i.id, i.name, i.phone, i.note, tuple(staff.get(i.id, ())))
        for i in s.scalars(select(Institution).where(Institution.id.in_(ids)))
    ]


def _institutions(s: Session, student_id: int) -> list[InstitutionEntry]:
    ids = list(
        s.scalars(
            select(InstitutionStudent.institution_id)
            .join(Institution, Institution.id == InstitutionStudent.institution_id)
            .where(InstitutionStudent.student_id == student_id, Institution.active.is_(True))
        )
    )
    return sorted(_institution_entries(s, ids), key=lambda i: i.name)


def _restrictions(s: Session, student_id: int) -> list[RestrictionEntry]:
    rows = list(
        s.scalars(
            select(Restriction)
            .where(Restriction.student_id == student_id, Restriction.active.is_(True))
            .order_by(Restriction.id)
        )
    )
    photos = _photo_owners(s, "restriction", [r.id for r in rows])
    return [
        RestrictionEntry(
            r.id, r.name, r.phone, r.note, r.court_order, r.court_order_date, r.id in photos
        )
        for r in rows
    ]
