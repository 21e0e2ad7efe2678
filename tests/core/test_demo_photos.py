"""Demo portraits: deterministic JPEGs, stored once for every person of the demo school."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from sqlalchemy import delete, func, select

from core.demo_photos import add_demo_photos, face_jpeg
from core.services import Services
from db.engine import Database
from db.models import (
    AuditEntry,
    Guardian,
    InstitutionStaff,
    Photo,
    ProxyAuthorization,
    Student,
)


def _count(db: Database, kind: str | None = None) -> int:
    query = select(func.count()).select_from(Photo)
    if kind is not None:
        query = query.where(Photo.owner_kind == kind)
    with db.read() as s:
        return int(s.scalar(query) or 0)


def test_same_seed_gives_the_same_bytes_and_other_seeds_differ() -> None:
    assert face_jpeg(7) == face_jpeg(7)
    assert face_jpeg(7) != face_jpeg(8)
    assert face_jpeg(7, kind="elderly") != face_jpeg(7, kind="child")


@pytest.mark.parametrize("kind", ["child", "adult", "elderly"])
def test_portrait_is_a_small_decodable_jpeg_of_the_asked_size(kind: str) -> None:
    data = face_jpeg(42, kind=kind, size=240)

    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)

    assert data.startswith(b"\xff\xd8\xff")
    assert image is not None and image.shape == (240, 240, 3)
    assert 2_000 < len(data) < 12_000
    assert float(image.std()) > 20  # a drawing, not a flat colour


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        face_jpeg(1, kind="robot")


def _drop_photos(db: Database, kind: str | None = None) -> None:
    with db.write() as s:
        query = delete(Photo)
        s.execute(query if kind is None else query.where(Photo.owner_kind == kind))


def _people(db: Database) -> tuple[int, int, int, int]:
    """How many active pupils, guardians, proxies and institution staff the school has."""
    with db.read() as s:
        pupils = s.scalar(select(func.count()).select_from(Student).where(Student.active.is_(True)))
        guardians = s.scalar(select(func.count()).select_from(Guardian))
        proxies = s.scalar(select(func.count()).select_from(ProxyAuthorization))
        staff = s.scalar(select(func.count()).select_from(InstitutionStaff))
    return int(pupils or 0), int(guardians or 0), int(proxies or 0), int(staff or 0)


def test_the_demo_school_has_a_face_for_every_pupil_guardian_and_institution_staff(
    demo_db: Database,
) -> None:
    pupils, guardians, _, staff = _people(demo_db)

    assert staff == 2  # 阳光托管中心's two, added with the history
    assert _count(demo_db, "student") == pupils
    assert _count(demo_db, "guardian") == guardians
    assert _count(demo_db, "institution_staff") == staff


def test_adds_photos_for_everyone_in_one_go(demo_db: Database, clock) -> None:
    pupils, guardians, proxies, staff = _people(demo_db)
    with demo_db.read() as s:
        before = len(s.scalars(select(AuditEntry).where(AuditEntry.action == "photo.demo")).all())
    _drop_photos(demo_db)

    added = add_demo_photos(demo_db, clock)

    assert added == pupils + guardians + proxies + staff
    assert _count(demo_db, "student") == pupils
    assert _count(demo_db, "guardian") == guardians
    assert _count(demo_db, "institution_staff") == staff
    with demo_db.read() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "photo.demo")).all()
    assert len(entries) == before + 1


def test_second_run_adds_nothing_and_keeps_existing_photos(demo_services: Services) -> None:
    db = demo_services._db
    people = demo_services.people
    member = demo_services.accounts.sign_in("A001", "1234")
    pupil = people.search("1")[0]
    own = face_jpeg(99, kind="adult", size=64)  # stands in for a real photo
    people.set_photo(member, "student", pupil.student_id, own)
    _drop_photos(db, "guardian")

    assert add_demo_photos(db, demo_services.clock) > 0
    assert add_demo_photos(db, demo_services.clock) == 0
    assert people.photo("student", pupil.student_id) == own


def test_limit_caps_the_count_pupils_first(demo_db: Database, clock) -> None:
    _drop_photos(demo_db)
    assert add_demo_photos(demo_db, clock, limit=3) == 3
    assert _count(demo_db) == 3
    assert _count(demo_db, "student") == 3
