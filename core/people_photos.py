"""Photos of pupils and adults: checking image bytes and matching a folder's files to people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.people_types import OWNER_KINDS, PhotoImportReport, PhotoMatch
from core.roster import normalise_phone
from db.models import Guardian, Photo, Student

MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"


def check_photo(image: bytes) -> None:
    """Accept a JPEG or PNG of at most 2 MB, judged by its first bytes (core has no Qt).

    Raises:
        ValidationError: ``photo_empty``, ``photo_too_large`` or ``photo_not_image``.
    """
    if not image:
        raise ValidationError("photo_empty", "the photo file is empty")
    if len(image) > MAX_PHOTO_BYTES:
        raise ValidationError(
            "photo_too_large", "photo larger than 2 MB", limit_mb=MAX_PHOTO_BYTES // 2**20
        )
    if not (image.startswith(_JPEG) or image.startswith(_PNG)):
        raise ValidationError("photo_not_image", "not a JPEG or PNG image")


def check_owner_kind(kind: str) -> None:
    """Raise ``photo_owner_kind`` for a kind the photo table does not know."""
    if kind not in OWNER_KINDS:
        raise ValidationError("photo_owner_kind", "no such photo owner", kind=kind)


def store_photo(s: Session, kind: str, owner_id: int, image: bytes, now: dt.datetime) -> bool:
    """Insert or replace one owner's photo in the caller's transaction; True when replaced."""
    photo = s.scalar(select(Photo).where(Photo.owner_kind == kind, Photo.owner_id == owner_id))
    if photo is None:
        s.add(Photo(owner_kind=kind, owner_id=owner_id, image=image, updated_at=now))
        return False
    photo.image, photo.updated_at = image, now
    return True


@dataclass(frozen=True)
class _Owner:
    kind: str
    owner_id: int
    name: str


def _owners_by_stem(s: Session) -> tuple[dict[str, _Owner], dict[str, list[_Owner]]]:
    students = {
        no: _Owner("student", sid, name)
        for sid, no, name in s.execute(select(Student.id, Student.student_no, Student.name))
    }
    phones: dict[str, list[_Owner]] = {}
    for gid, name, phone in s.execute(
        select(Guardian.id, Guardian.name, Guardian.phone).where(Guardian.phone.is_not(None))
    ):
        phones.setdefault(phone or "", []).append(_Owner("guardian", gid, name))
    return students, phones


def import_folder(s: Session, folder: Path, now: dt.datetime) -> PhotoImportReport:
    """Store every photo of ``folder`` named by a student number or a guardian's phone.

    Other files are ignored; a second file for the same person is reported as a duplicate and
    not stored (the first in name order wins).
    """
    students, phones = _owners_by_stem(s)
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES),
        key=lambda p: p.name,
    )
    matched: list[PhotoMatch] = []
    unmatched: list[str] = []
    duplicates: list[str] = []
    rejected: list[tuple[str, str]] = []
    taken: set[tuple[str, int]] = set()
    for path in files:
        stem = path.stem.strip()
        owners: list[_Owner] = []
        if stem in students:
            owners = [students[stem]]
        else:
            phone = normalise_phone(stem)
            owners = phones.get(phone, []) if phone else []
        if not owners:
            unmatched.append(path.name)
            continue
        if any((o.kind, o.owner_id) in taken for o in owners):
            duplicates.append(path.name)
            continue
        image = path.read_bytes()
        try:
            check_photo(image)
        except ValidationError as exc:
            rejected.append((path.name, exc.code))
            continue
        for owner in owners:
            taken.add((owner.kind, owner.owner_id))
            store_photo(s, owner.kind, owner.owner_id, image, now)
            matched.append(PhotoMatch(path.name, owner.kind, owner.owner_id, owner.name))
    return PhotoImportReport(tuple(matched), tuple(unmatched), tuple(duplicates), tuple(rejected))
