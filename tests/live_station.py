"""A second station in its own process: writes through the core services on a shared database.

Used by tests/db/test_changes.py and benchmarks/dismissal.py to prove that another process sees
the writes. Prints one line per write, flushed: ``mark <student_id> <unix time>`` or
``handoff <student_id> <unix time>`` (the time right after the commit), then ``done``.

    python tests/live_station.py URL mark
    python tests/live_station.py URL handoffs --count 20 --interval 0.3

``handoffs`` needs the demo school and AFTERSCHOOL_CARD_KEY; it prepares every pupil first
(guardian, card, present), prints ``ready``, then waits for a line on stdin before recording.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.card_tokens import CardClaims  # noqa: E402
from core.cards import GUARDIAN, HolderRef  # noqa: E402
from core.clock import SimulatedClock  # noqa: E402
from core.services import Services, build_services  # noqa: E402
from core.setup import open_database  # noqa: E402
from core.staff_types import StaffMember  # noqa: E402

DAY = dt.date(2026, 12, 1)  # the suite's Tuesday (tests/conftest.py TEST_NOW)


def _say(*words: object) -> None:
    print(*words, flush=True)


def _pupils(services: Services, count: int) -> list[int]:
    """Pupils on the day's list collected by a guardian, from every class in turn."""
    classes = [c for band in services.today.overview(DAY).bands for c in band.classes]
    queues = [[p.student_id for p in c.expected if p.departure == "guardian"] for c in classes]
    out: list[int] = []
    while len(out) < count and any(queues):
        for queue in queues:
            if queue and len(out) < count:
                out.append(queue.pop(0))
    if len(out) < count:
        raise SystemExit(f"only {len(out)} pupils on the list")
    return out


def mark(services: Services, officer: StaffMember) -> None:
    """Mark the first pupil of the list present: one attendance write."""
    sid = _pupils(services, 1)[0]
    services.attendance.mark(sid, DAY, 1, "present", officer)
    _say("mark", sid, time.time())


def handoffs(services: Services, officer: StaffMember, count: int, interval: float) -> None:
    """Release ``count`` pupils one at a time, each to a grandparent holding a card."""
    cards, key = services.cards, services.card_key()
    tokens: list[tuple[int, str]] = []
    for i, sid in enumerate(_pupils(services, count)):
        phone = f"139{i:08d}"
        gid = services.people.add_guardian(officer, sid, f"王{chr(0x4E00 + i)}英", "奶奶", phone)
        card = cards.issue(HolderRef(GUARDIAN, gid), officer)
        services.attendance.mark(sid, DAY, 1, "present", officer)
        tokens.append((sid, key.sign(CardClaims(card.id, card.version, card.expires_on))))
    _say("ready")
    sys.stdin.readline()  # the watcher is listening: go
    for sid, token in tokens:
        verdict = services.verdict.scan(token, station="东门")
        results = services.handoffs.record(verdict, [sid], officer)
        stamp = time.time()
        if not all(r.recorded for r in results):
            raise SystemExit(f"handoff of {sid} not recorded: {verdict}")
        _say("handoff", sid, stamp)
        time.sleep(interval)


def main() -> None:
    """Parse the command line and write."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("what", choices=["mark", "handoffs"])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.3)
    args = parser.parse_args()
    db = open_database(args.url)
    try:
        clock = SimulatedClock(dt.datetime.combine(DAY, dt.time(17, 40)), advancing=False)
        services = build_services(db, clock)
        officer = services.accounts.sign_in("A001", "1234")
        if args.what == "mark":
            mark(services, officer)
        else:
            handoffs(services, officer, args.count, args.interval)
        _say("done")
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
