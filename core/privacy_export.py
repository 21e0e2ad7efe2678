"""The export of everything stored about one child (R12): one JSON document and the photos."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from core.privacy_records import AuditMatcher, ChildRecords, matching_entries
from core.roster_values import canonical_class_name
from core.today import weekdays_from_mask
from db.models import (
    AttendanceMark,
    Base,
    Club,
    ClubMember,
    CustodyTransfer,
    Enrolment,
    Guardian,
    GuardianCall,
    Handoff,
    HandoffSnapshot,
    Incident,
    Institution,
    InstitutionStaff,
    Leave,
    Photo,
    PickupCard,
    ProxyAuthorization,
    Restriction,
    SchoolClass,
    Student,
    StudentGuardian,
)

FORMAT = "afterschool-child-export/1"
DATA_NAME = "export.json"
_PNG = b"\x89PNG"


def row_dict(row: Base) -> dict[str, Any]:
    """Every column of a row but binary ones, by column name, dates as ISO text."""
    out: dict[str, Any] = {}
    for attr in inspect(type(row)).column_attrs:
        value = getattr(row, attr.key)
        if isinstance(value, bytes):
            continue
        out[attr.key] = value.isoformat() if isinstance(value, dt.date | dt.time) else value
    return out


class _Files:
    """Image files for the archive, named by owner; the JSON names them."""

    def __init__(self) -> None:
        self.items: dict[str, bytes] = {}

    def add(self, stem: str, image: bytes | None) -> str | None:
        if not image:
            return None
        name = f"{stem}{'.png' if image.startswith(_PNG) else '.jpg'}"
        self.items[name] = image
        return name


def _photos(s: Session, kind: str, ids: tuple[int, ...] | list[int]) -> dict[int, bytes]:
    rows = s.execute(
        select(Photo.owner_id, Photo.image).where(
            Photo.owner_kind == kind, Photo.owner_id.in_(list(ids))
        )
    )
    return {owner: image for owner, image in rows}


def _rows(s: Session, model: type[Base], ids: tuple[int, ...]) -> list[Any]:
    key = inspect(model).primary_key[0]
    return list(s.scalars(select(model).where(key.in_(ids)).order_by(key)))


def build_export(
    s: Session, rec: ChildRecords, now: dt.datetime, actor: str
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The document and its image files, read inside the caller's (consistent) session."""
    files = _Files()
    student = s.get_one(Student, rec.student_id)
    school_class = s.get_one(SchoolClass, student.class_id)
    pupil = row_dict(student)
    pupil["class"] = canonical_class_name(school_class.grade, school_class.class_no)
    pupil["photo"] = files.add("photos/pupil", _photos(s, "student", [student.id]).get(student.id))
    enrolment = s.scalar(select(Enrolment).where(Enrolment.student_id == student.id))
    return {
        "format": FORMAT,
        "exported_at": now.isoformat(timespec="seconds"),
        "exported_by": actor,
        "pupil": pupil,
        "enrolment": _enrolment(enrolment),
        "clubs": [
            row_dict(c)
            for c in s.scalars(
                select(Club)
                .join(ClubMember, ClubMember.club_id == Club.id)
                .where(ClubMember.student_id == student.id)
                .order_by(Club.id)
            )
        ],
        "guardians": _guardians(s, rec, files),
        "proxies": _adults(s, ProxyAuthorization, "proxy", rec.proxies, files),
        "restrictions": _adults(s, Restriction, "restriction", rec.restrictions, files),
        "institutions": _institutions(s, rec),
        "attendance": [row_dict(r) for r in _rows(s, AttendanceMark, rec.marks)],
        "leave": [row_dict(r) for r in _rows(s, Leave, rec.leaves)],
        "handoffs": _handoffs(s, rec, files),
        "calls": [row_dict(r) for r in _rows(s, GuardianCall, rec.calls)],
        "custody": [row_dict(r) for r in _rows(s, CustodyTransfer, rec.custody)],
        "incidents": [row_dict(r) for r in _rows(s, Incident, rec.incidents)],
        "audit_entries": _audit(s, rec),
    }, files.items


def _enrolment(enrolment: Enrolment | None) -> dict[str, Any] | None:
    if enrolment is None:
        return None
    out = row_dict(enrolment)
    out["service_days"] = weekdays_from_mask(enrolment.weekday_mask)
    return out


def _cards(s: Session, column: Any, owner: int) -> list[dict[str, Any]]:
    return [
        row_dict(c)
        for c in s.scalars(select(PickupCard).where(column == owner).order_by(PickupCard.id))
    ]


def _guardians(s: Session, rec: ChildRecords, files: _Files) -> list[dict[str, Any]]:
    out = []
    links = s.execute(
        select(StudentGuardian, Guardian)
        .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
        .where(StudentGuardian.student_id == rec.student_id)
        .order_by(StudentGuardian.position, StudentGuardian.id)
    ).all()
    photos = _photos(s, "guardian", [g.id for _link, g in links])
    for link, guardian in links:
        item = row_dict(guardian)
        item["relation"] = link.relation
        item["also_guardian_of_other_pupils"] = guardian.id in rec.guardians_shared
        item["photo"] = files.add(f"photos/guardian-{guardian.id}", photos.get(guardian.id))
        item["cards"] = _cards(s, PickupCard.guardian_id, guardian.id)
        out.append(item)
    return out


def _adults(
    s: Session, model: type[Base], kind: str, ids: tuple[int, ...], files: _Files
) -> list[dict[str, Any]]:
    photos = _photos(s, kind, ids)
    out = []
    for row in _rows(s, model, ids):
        item = row_dict(row)
        item["photo"] = files.add(f"photos/{kind}-{item['id']}", photos.get(item["id"]))
        if model is ProxyAuthorization:
            item["cards"] = _cards(s, PickupCard.proxy_id, item["id"])
        out.append(item)
    return out


def _institutions(s: Session, rec: ChildRecords) -> list[dict[str, Any]]:
    out = []
    for inst in _rows(s, Institution, rec.institutions):
        item = row_dict(inst)
        # The staff who may collect the child: who they are, not their own contact data.
        item["staff"] = [
            {"id": i, "name": n, "active": a}
            for i, n, a in s.execute(
                select(InstitutionStaff.id, InstitutionStaff.name, InstitutionStaff.active)
                .where(InstitutionStaff.institution_id == inst.id)
                .order_by(InstitutionStaff.id)
            )
        ]
        out.append(item)
    return out


def _handoffs(s: Session, rec: ChildRecords, files: _Files) -> list[dict[str, Any]]:
    frames = dict(
        s.execute(
            select(HandoffSnapshot.id, HandoffSnapshot.image).where(
                HandoffSnapshot.id.in_(rec.snapshots)
            )
        ).all()
    )
    out = []
    for row in _rows(s, Handoff, rec.handoffs):
        item = row_dict(row)
        frame = frames.get(row.snapshot_id) if row.snapshot_id is not None else None
        item["snapshot"] = files.add(f"snapshots/snapshot-{row.snapshot_id}", frame)
        out.append(item)
    return out


def _audit(s: Session, rec: ChildRecords) -> list[dict[str, Any]]:
    out = []
    for row, _kind in matching_entries(s, AuditMatcher(rec)):
        try:
            payload: Any = json.loads(row.payload)
        except ValueError:
            payload = row.payload
        out.append(
            {
                "seq": row.seq,
                "at": row.at.isoformat(),
                "actor": row.actor,
                "action": row.action,
                "entity": row.entity,
                "entity_id": row.entity_id,
                "payload": payload,
                "redacted": row.redacted_digest is not None,
            }
        )
    return out


def write_zip(path: Path, document: dict[str, Any], files: dict[str, bytes]) -> None:
    """The archive: the JSON document (UTF-8, readable) and every image beside it."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
        z.writestr(DATA_NAME, text.encode("utf-8"))
        for name, data in sorted(files.items()):
            # Images are compressed already.
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)
