"""The demo gate video: demo guardians showing their cards to a webcam (demos, training, tests).

The cast is chosen from the demo school: a guardian of siblings, guardians of one child, one
card revoked (reported lost) and a stranger's card signed with another school's key. Cards
are issued where missing; the demo school is the only database this ever writes to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from core.card_tokens import CardClaims, CardKey
from core.cards import GUARDIAN, CardService, HolderRef
from core.clock import Clock
from core.errors import ValidationError
from core.schedule_service import ScheduleService
from core.staff_types import StaffMember
from core.today import TodayService
from core.video_render import Segment, render_video
from db.engine import Database
from db.models import Guardian, School, Student, StudentGuardian

# What the gate must answer to each card in the video.
EXPECT_OK = "ok"
EXPECT_REVOKED = "revoked"
EXPECT_FORGED = "forged"
GAP_S = 1.2  # nobody in front of the camera between two guardians


@dataclass(frozen=True)
class ShownCard:
    """One guardian's turn in the video."""

    token: str
    holder_name: str
    student_ids: tuple[int, ...]
    expect: str
    motion: str
    seconds: float


@dataclass(frozen=True)
class DemoVideo:
    """What ``write_demo_video`` wrote."""

    path: Path
    cards: tuple[ShownCard, ...]
    frames: int
    seconds: float


def plan_demo_cards(
    db: Database, clock: Clock, cards: CardService, key: CardKey, member: StaffMember
) -> list[ShownCard]:
    """Pick the cast on the demo school and make their tokens (issuing cards where missing).

    Raises:
        ValidationError: ``not_demo`` on a real school's database; ``too_few`` when the demo
            school has too few pupils on today's list.
    """
    day = clock.now().date()
    with db.read() as s:
        if not s.scalar(select(School.is_demo).where(School.id == 1)):
            raise ValidationError("not_demo", "the demo video is made on the demo school only")
        families = s.execute(
            select(StudentGuardian.guardian_id, Guardian.name, StudentGuardian.student_id)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .join(Student, Student.id == StudentGuardian.student_id)
            .where(StudentGuardian.position == 0, Student.active.is_(True))
            .order_by(StudentGuardian.guardian_id, StudentGuardian.student_id)
        ).all()
        sizes = dict(
            s.execute(
                select(StudentGuardian.guardian_id, func.count()).group_by(
                    StudentGuardian.guardian_id
                )
            ).all()
        )
    today = TodayService(db, clock, ScheduleService(db, clock))
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for gid, name, sid in families:
        children.setdefault(gid, []).append(sid)
        names[gid] = name
    eligible = [
        gid
        for gid, kids in children.items()
        if len(kids) == sizes.get(gid) and all(today.on_list(sid, day) for sid in kids)
    ]
    with_siblings = [g for g in eligible if len(children[g]) >= 2]
    single = [g for g in eligible if len(children[g]) == 1]
    if not with_siblings or len(single) < 5:
        raise ValidationError("too_few", "the demo school has too few pupils on today's list")
    cast = [
        (with_siblings[0], "steady", 3.0, EXPECT_OK),
        (single[0], "tilted", 3.0, EXPECT_OK),
        (single[1], "moving", 3.5, EXPECT_OK),
        (single[2], "blurred", 2.0, EXPECT_OK),  # a blurred start, then held still
        (single[3], "enter", 3.0, EXPECT_OK),
        (single[4], "steady", 2.5, EXPECT_REVOKED),
    ]
    shown = []
    for gid, motion, seconds, expect in cast:
        holder = HolderRef(GUARDIAN, gid)
        card = cards.current_card(holder) or cards.issue(holder, member)
        token = key.sign(CardClaims(card.id, card.version, card.expires_on))
        if expect == EXPECT_REVOKED:
            cards.revoke(card.id, member, "演示：接送卡遗失")
        shown.append(ShownCard(token, names[gid], tuple(children[gid]), expect, motion, seconds))
        if motion == "blurred":
            shown.append(ShownCard(token, names[gid], tuple(children[gid]), expect, "steady", 1.5))
    stranger = CardKey.generate().sign(CardClaims(1, 1, day + dt.timedelta(days=200)))
    shown.append(ShownCard(stranger, "陌生人", (), EXPECT_FORGED, "tilted", 2.5))
    return shown


def write_demo_video(
    db: Database,
    clock: Clock,
    cards: CardService,
    key: CardKey,
    member: StaffMember,
    out: Path,
    *,
    fps: int = 30,
    seed: int = 7,
) -> DemoVideo:
    """Write the demo video to ``out`` (mp4) and say who is shown in it, in order."""
    shown = plan_demo_cards(db, clock, cards, key, member)
    segments = [Segment(None, 1.0)]
    for card in shown:
        segments.append(Segment(card.token, card.seconds, card.motion))
        if card.motion != "blurred":  # the same guardian steadies the card right after
            segments.append(Segment(None, GAP_S))
    frames = render_video(out, segments, fps=fps, seed=seed)
    return DemoVideo(out, tuple(shown), frames, frames / fps)
