"""Friendly cartoon portraits for the demo school, so the gate screen shows faces, not blanks."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Iterable

import cv2
import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import Clock
from core.people_photos import store_photo
from db import audit
from db.engine import Database
from db.models import (
    Guardian,
    InstitutionStaff,
    Photo,
    ProxyAuthorization,
    Student,
    StudentGuardian,
)

KINDS = ("child", "adult", "elderly")
JPEG_QUALITY = 82
# Colours are BGR (OpenCV's order).
BACKGROUNDS = (
    (235, 220, 200),
    (210, 235, 215),
    (215, 225, 245),
    (240, 215, 230),
    (200, 230, 240),
    (225, 240, 240),
    (230, 210, 210),
)
SKINS = ((189, 214, 244), (170, 200, 235), (150, 185, 225), (135, 170, 210), (180, 205, 238))
HAIR = ((30, 30, 35), (25, 35, 60), (40, 50, 70), (20, 20, 20))
GREY_HAIR = ((200, 200, 200), (170, 170, 175), (225, 225, 225))
SHIRTS = ((180, 110, 40), (60, 140, 60), (70, 70, 190), (150, 90, 150), (40, 150, 200))
ELDERLY_RELATIONS = frozenset({"爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷"})
LONG_HAIR_RELATIONS = frozenset({"母亲", "妈妈", "奶奶", "外婆", "姥姥", "姑姑", "阿姨", "姨妈"})
SHORT_HAIR_RELATIONS = frozenset({"父亲", "爸爸", "爷爷", "外公", "姥爷", "叔叔", "舅舅", "伯伯"})

Image = NDArray[np.uint8]
AA = cv2.LINE_AA


def _pt(x: float, y: float) -> tuple[int, int]:
    return round(x), round(y)


def _ellipse(
    img: Image,
    center: tuple[float, float],
    axes: tuple[float, float],
    color: tuple[int, int, int],
    start: float = 0,
    end: float = 360,
    thickness: int = -1,
) -> None:
    cv2.ellipse(img, _pt(*center), _pt(*axes), 0, start, end, color, thickness, AA)


def face_jpeg(
    seed: int, *, kind: str = "child", size: int = 240, long_hair: bool | None = None
) -> bytes:
    """A deterministic cartoon head and shoulders as JPEG bytes (about 5–10 KB at 240 px).

    ``kind`` is child, adult or elderly (grey hair, glasses for some); ``long_hair`` None lets
    the seed decide.

    Raises:
        ValueError: an unknown kind or a size below 32 pixels.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown portrait kind {kind!r}")
    if size < 32:
        raise ValueError("portrait size below 32 px")
    rng = random.Random(seed)
    s = float(size)
    img: Image = np.empty((size, size, 3), dtype=np.uint8)
    img[:] = rng.choice(BACKGROUNDS)
    skin = rng.choice(SKINS)
    hair = rng.choice(GREY_HAIR if kind == "elderly" else HAIR)
    long = rng.random() < 0.5 if long_hair is None else long_hair
    child = kind == "child"
    cx = s / 2
    cy = s * (0.47 if child else 0.44)
    fw = s * (0.25 if child else 0.225) * rng.uniform(0.95, 1.05)
    fh = s * (0.27 if child else 0.29) * rng.uniform(0.97, 1.03)

    # Shoulders and neck.
    _ellipse(img, (cx, s * 1.05), (s * 0.42, s * 0.3), rng.choice(SHIRTS))
    cv2.rectangle(img, _pt(cx - fw * 0.35, cy + fh * 0.6), _pt(cx + fw * 0.35, s * 0.82), skin, -1)
    # Long hair falls behind the face.
    if long:
        _ellipse(img, (cx, cy - fh * 0.05), (fw * 1.22, fh * 1.15), hair)
        cv2.rectangle(
            img, _pt(cx - fw * 1.22, cy), _pt(cx + fw * 1.22, cy + fh * 1.05), hair, -1, AA
        )
    # Ears, face, cap of hair, fringe.
    for side in (-1, 1):
        _ellipse(img, (cx + side * fw * 0.98, cy + fh * 0.05), (fw * 0.16, fh * 0.2), skin)
    _ellipse(img, (cx, cy), (fw, fh), skin)
    bald = kind == "elderly" and not long and rng.random() < 0.35
    if bald:
        for side in (-1, 1):
            _ellipse(img, (cx + side * fw * 0.9, cy - fh * 0.2), (fw * 0.18, fh * 0.35), hair)
    else:
        _ellipse(img, (cx, cy - fh * 0.12), (fw * 1.06, fh * 1.0), hair, 180, 360)
        fringe = rng.choice((0.15, 0.3, 0.45))
        _ellipse(img, (cx, cy - fh * 0.35), (fw * 1.0, fh * fringe), hair, 0, 180)
        if child and rng.random() < 0.3:  # a tuft on top
            _ellipse(img, (cx + fw * 0.2, cy - fh * 1.1), (fw * 0.25, fh * 0.12), hair)

    # Eyes, brows, cheeks, nose, mouth.
    eye_y = cy + fh * 0.08
    eye_dx = fw * 0.42
    eye_r = s * (0.032 if child else 0.024)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        cv2.circle(img, _pt(ex, eye_y), max(2, round(eye_r)), (40, 35, 30), -1, AA)
        cv2.circle(
            img,
            _pt(ex + eye_r * 0.35, eye_y - eye_r * 0.35),
            max(1, round(eye_r * 0.35)),
            (255, 255, 255),
            -1,
            AA,
        )
        brow = (120, 120, 120) if kind == "elderly" else (40, 40, 45)
        cv2.line(
            img,
            _pt(ex - eye_r * 1.6, eye_y - eye_r * 3.0),
            _pt(ex + eye_r * 1.6, eye_y - eye_r * (3.0 + side * 0.3)),
            brow,
            max(2, round(s / 80)),
            AA,
        )
        if child or rng.random() < 0.4:
            _ellipse(img, (ex, eye_y + fh * 0.28), (fw * 0.13, fh * 0.07), (170, 170, 245))
    if kind == "elderly" and rng.random() < 0.6:  # glasses
        for side in (-1, 1):
            cv2.circle(img, _pt(cx + side * eye_dx, eye_y), round(eye_r * 3), (60, 60, 60), 2, AA)
        cv2.line(
            img,
            _pt(cx - eye_dx + eye_r * 3, eye_y),
            _pt(cx + eye_dx - eye_r * 3, eye_y),
            (60, 60, 60),
            2,
            AA,
        )
    nose = tuple(max(0, c - 30) for c in skin)
    _ellipse(img, (cx, cy + fh * 0.3), (fw * 0.07, fh * 0.05), (nose[0], nose[1], nose[2]))
    smile = rng.uniform(0.22, 0.34)
    _ellipse(
        img,
        (cx, cy + fh * 0.45),
        (fw * smile, fh * 0.13),
        (60, 60, 170),
        15,
        165,
        max(2, size // 70),
    )
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(buf.tobytes())


def _seed(kind: str, owner_id: int) -> int:
    return zlib.crc32(f"{kind}:{owner_id}".encode())


def store_demo_portrait(
    s: Session,
    owner_kind: str,
    owner_id: int,
    now: dt.datetime,
    *,
    kind: str = "adult",
    long_hair: bool | None = None,
) -> None:
    """Store one person's demo portrait (the same face ``add_demo_photos`` would give them)."""
    image = face_jpeg(_seed(owner_kind, owner_id), kind=kind, long_hair=long_hair)
    store_photo(s, owner_kind, owner_id, image, now)


def _missing(s: Session, kind: str, ids: Iterable[int]) -> list[int]:
    have = set(s.scalars(select(Photo.owner_id).where(Photo.owner_kind == kind)))
    return [i for i in ids if i not in have]


def _wanted(s: Session) -> list[tuple[str, int, str, bool | None]]:
    """(owner kind, id, portrait kind, long hair) of every demo person, pupils first."""
    out: list[tuple[str, int, str, bool | None]] = []
    pupils = {
        sid: gender
        for sid, gender in s.execute(
            select(Student.id, Student.gender).where(Student.active.is_(True)).order_by(Student.id)
        )
    }
    for sid in _missing(s, "student", pupils):
        out.append(("student", sid, "child", None if pupils[sid] != "男" else False))
    relations: dict[int, str] = {}
    for gid, relation in s.execute(
        select(StudentGuardian.guardian_id, StudentGuardian.relation).order_by(StudentGuardian.id)
    ):
        relations.setdefault(gid, relation)
    guardians = list(s.scalars(select(Guardian.id).order_by(Guardian.id)))
    for gid in _missing(s, "guardian", guardians):
        rel = relations.get(gid, "")
        kind = "elderly" if rel in ELDERLY_RELATIONS else "adult"
        hair = (
            True if rel in LONG_HAIR_RELATIONS else False if rel in SHORT_HAIR_RELATIONS else None
        )
        out.append(("guardian", gid, kind, hair))
    proxies = list(s.scalars(select(ProxyAuthorization.id).order_by(ProxyAuthorization.id)))
    out.extend(("proxy", pid, "adult", None) for pid in _missing(s, "proxy", proxies))
    staff = list(s.scalars(select(InstitutionStaff.id).order_by(InstitutionStaff.id)))
    out.extend(
        ("institution_staff", sid, "adult", None) for sid in _missing(s, "institution_staff", staff)
    )
    return out


def add_demo_photos(db: Database, clock: Clock, *, limit: int | None = None) -> int:
    """Store a portrait for every pupil, guardian, proxy and institution staff without one.

    One transaction; people who have a photo keep it. ``limit`` caps how many are added
    (pupils first). Returns how many were stored.
    """
    with db.write() as s:
        return fill_demo_photos(s, clock.now(), limit=limit)


def fill_demo_photos(s: Session, now: dt.datetime, *, limit: int | None = None) -> int:
    """``add_demo_photos`` inside the caller's transaction (the demo school is built in one)."""
    wanted = _wanted(s)
    if limit is not None:
        wanted = wanted[: max(0, limit)]
    for owner_kind, owner_id, kind, long_hair in wanted:
        store_demo_portrait(s, owner_kind, owner_id, now, kind=kind, long_hair=long_hair)
    if wanted:
        audit.append(s, now, "demo", "photo.demo", "photo", "", {"added": len(wanted)})
    return len(wanted)
