"""Reliability under faults, the figures of issue 8 (the same harnesses as tests/reliability/).

    python benchmarks/reliability.py [--kills 300] [--rounds 200] [--skip crash,races,disk,outage]

- crash: a real station process recording handoffs (siblings included) killed with SIGKILL at
  random moments; after each kill every acknowledged handoff must be stored, none half-stored,
  the file intact and the audit chain verified, and the station must start again;
- races: two processes releasing the same child at the same instant, on SQLite and (with
  AFTERSCHOOL_BENCH_PG or AFTERSCHOOL_TEST_PG, an admin URL) on PostgreSQL;
- disk: handoffs on a full and a read-only filesystem (SQLite);
- outage: a private PostgreSQL server stopped, and the station's connections killed, while the
  gate scans; seconds until the gate records again after the server returns.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_RECOVERY_S = 10.0


def _crash(kills: int, tmp: Path) -> list[str]:
    from tests.reliability.crash import run_crash

    (tmp / "crash").mkdir()
    f = run_crash(kills, tmp / "crash")
    return [
        f"crash (SQLite): kills survived {f.kills - f.restart_failures}/{f.kills}, "
        f"handoffs acknowledged {f.acknowledged}, acknowledged handoffs lost {f.lost} (target 0), "
        f"half-stored handoffs {f.half_stored} (target 0), integrity/foreign-key/audit-chain/"
        f"restart failures {f.integrity_failures}/{f.fk_failures}/{f.chain_failures}/"
        f"{f.restart_failures}, {f.seconds:.0f} s",
        f"  {f.line()}",
    ]


def _pg_database(admin: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"as_bench_race_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False), name


def _drop_pg_database(admin: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _races(rounds: int, tmp: Path, admin: str) -> list[str]:
    from tests.reliability.races import run_races

    targets = [("SQLite", f"sqlite:///{(tmp / 'race.db').as_posix()}", None)]
    if admin:
        url, name = _pg_database(admin)
        targets.append(("PostgreSQL", url, name))
    lines = []
    for label, url, name in targets:
        work = tmp / f"race-{label}"
        work.mkdir()
        try:
            f = run_races(url, rounds, work)
        finally:
            if name:
                _drop_pg_database(admin, name)
        lines.append(
            f"races ({label}): {f.rounds} rounds, duplicate releases {f.duplicate_releases} "
            f"(target 0), both told recorded {f.both_said_recorded}, losers told the winner's "
            f"details {f.losers_told_correctly}/{f.rounds}, rounds that really overlapped "
            f"{f.overlapped}, errors {len(f.errors)}, {f.seconds:.0f} s"
        )
    return lines


def _disk(tmp: Path) -> list[str]:
    from tests.reliability.disk import run_disk_faults

    (tmp / "disk").mkdir()
    f = run_disk_faults(tmp / "disk")
    return [
        f"disk faults (SQLite, {f.mode}): {f.attempts} confirms, recorded {f.recorded}, refused "
        f'with a clear error {f.refused_clear}, false "recorded" {f.false_recorded} (target 0), '
        f"refused but stored {f.refused_but_stored}, unclear errors {f.unclear_errors}, "
        f"read-only case: {f.read_only}, resumed after space freed {f.resumed_after_space_freed}, "
        f"{f.seconds:.0f} s"
    ]


def _outage(tmp: Path) -> list[str]:
    from PySide6.QtWidgets import QApplication

    from tests.reliability.outage import missing_reason, run_outage
    from ui.i18n import install_translators

    reason = missing_reason()
    if reason:
        return [f"outage (PostgreSQL): skipped: {reason}"]
    app = QApplication.instance() or QApplication(sys.argv)
    translators = install_translators(app)  # noqa: F841 - the gate's Chinese words are checked
    (tmp / "outage").mkdir()
    f = run_outage(tmp / "outage")
    lines = []
    for r in f.scenarios:
        recovery = r.recovery_handoff_s
        met = recovery is not None and recovery <= TARGET_RECOVERY_S
        lines.append(
            f"outage (PostgreSQL, {r.name}): recovery after the server returns "
            f"{'never' if recovery is None else f'{recovery:.2f} s'} to the first recorded "
            f"handoff (target <= {TARGET_RECOVERY_S:.0f} s: {'met' if met else 'NOT met'})"
        )
        lines.append(f"  {r.line()}")
    lines.append(
        f"outage (PostgreSQL): handoffs lost {f.lost}, duplicated {f.duplicated}, "
        f'false "recorded" {f.false_recorded} (target 0)'
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--skip", default="", help="comma-separated: crash,races,disk,outage")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    admin = os.environ.get("AFTERSCHOOL_BENCH_PG") or os.environ.get("AFTERSCHOOL_TEST_PG", "")
    with tempfile.TemporaryDirectory(prefix="as-reliability-") as name:
        tmp = Path(name)
        parts = [
            ("crash", lambda: _crash(args.kills, tmp)),
            ("races", lambda: _races(args.rounds, tmp, admin)),
            ("disk", lambda: _disk(tmp)),
            ("outage", lambda: _outage(tmp)),
        ]
        for key, run in parts:
            if key in skip:
                continue
            for line in run():
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
