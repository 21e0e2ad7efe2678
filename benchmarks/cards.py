"""Prints how long the pickup-card PDF for 1,000 holders takes (target at most 10 s).

The cards are synthetic but realistic: family cards of one to three children, real-length
signed tokens (``AS1`` + 42 base32 characters), a long school name. Run: python benchmarks/cards.py
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.card_pdf import render_cards  # noqa: E402
from core.card_tokens import CardClaims, CardKey  # noqa: E402
from core.card_types import CardChild, CardPrint  # noqa: E402

PDF_TARGET_S = 10.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳"
GIVEN = "子涵欣怡梓萱一诺浩宇宇轩雨桐思远佳怡俊杰明轩若曦"
RELATIONS = ("父亲", "母亲", "爷爷", "奶奶", "外公", "外婆", "代接")
VALID_UNTIL = dt.date(2027, 8, 31)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def synthetic_cards(n: int, seed: int = 7) -> list[CardPrint]:
    """``n`` family cards with signed tokens, as ``CardService.printable`` would return them."""
    rng = random.Random(seed)
    key = CardKey.generate()
    cards = []
    for i in range(1, n + 1):
        children = tuple(
            CardChild(
                f"2021{i:04d}{k}",
                _name(rng),
                f"{'一二三四五六'[rng.randrange(6)]}({rng.randint(1, 10)})班",
            )
            for k in range(rng.choice((1, 1, 1, 2, 2, 3)))
        )
        cards.append(
            CardPrint(
                card_no=f"K{i:06d}",
                holder_name=_name(rng),
                relation=rng.choice(RELATIONS),
                children=children,
                valid_until=VALID_UNTIL,
                token=key.sign(CardClaims(i, 1, VALID_UNTIL)),
                school_name="北京市海淀区实验小学",
            )
        )
    return cards


def bench_pdf(n: int = 1000) -> float:
    """Seconds to render the PDF of ``n`` holders' cards (tokens made beforehand)."""
    cards = synthetic_cards(n)
    t0 = time.perf_counter()
    render_cards(cards, io.BytesIO())
    return time.perf_counter() - t0


def bench_verdict(runs_per_card: int = 1) -> tuple[float, int]:
    """Median seconds per scan over every card of the demo school, pupils marked present."""
    import datetime as dt
    import statistics
    import tempfile
    import time

    from sqlalchemy import select

    from core.card_tokens import CardClaims, CardKey
    from core.cards import CardSelection, CardService
    from core.clock import SimulatedClock
    from core.services import build_services
    from core.setup import initialise, open_database
    from core.staff_types import StaffMember
    from core.verdict import VerdictService
    from db.models import AttendanceMark, Enrolment, PickupCard, Student

    now = dt.datetime(2026, 12, 1, 15, 40)
    clock = SimulatedClock(now, advancing=False)
    folder = tempfile.mkdtemp()
    db = open_database(f"sqlite:///{folder}/verdict.db")
    initialise(db, clock, demo=True)
    services = build_services(db, clock)
    key = CardKey.generate()
    officer = StaffMember(1, "A001", "bench", "safety_officer")
    CardService(db, clock, key, services.today).issue_missing(CardSelection(), officer)
    with db.write() as s:
        signed = s.scalars(select(Student.id).join(Enrolment).where(Enrolment.status == "signed"))
        for sid in signed.all():
            s.add(
                AttendanceMark(
                    student_id=sid, on_date=now.date(), period=1, status="present", marked_at=now
                )
            )
    with db.read() as s:
        rows = s.execute(select(PickupCard.id, PickupCard.version, PickupCard.expires_on)).all()
    tokens = [key.sign(CardClaims(*r)) for r in rows]
    verdict = VerdictService(db, clock, key, services.schedule)
    at = dt.datetime(2026, 12, 1, 17, 35)
    verdict.scan(tokens[0], at=at)  # warm the connection and the schedule cache
    times = []
    for _ in range(runs_per_card):
        for token in tokens:
            t0 = time.perf_counter()
            verdict.scan(token, at=at)
            times.append(time.perf_counter() - t0)
    db.dispose()
    return statistics.median(times), len(tokens)


def main() -> None:
    n = 1000
    seconds = bench_pdf(n)
    print(f"cards PDF for {n:,} holders: {seconds:.2f} s (target <= {PDF_TARGET_S:g} s)")
    per_scan, cards = bench_verdict()
    print(
        f"verdict per scan on the demo school, {cards} cards (median): "
        f"{per_scan * 1000:.2f} ms (target <= 2 ms)"
    )


if __name__ == "__main__":
    main()
