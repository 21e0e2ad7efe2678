"""Prints how long checking an audit chain of 100,000 entries takes (target at most 3 s).

The chain is built in a temporary SQLite file by one bulk insert of rows hashed exactly as
``db.audit.append`` hashes them (100,000 transactions would measure the disk, not the check).
With AFTERSCHOOL_BENCH_PG set to an admin URL (postgresql+psycopg://user:pw@host/postgres) the
same is measured on a throw-away PostgreSQL database. Run: python benchmarks/audit_chain.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core.audit_service import verify_chain  # noqa: E402
from db import migrate  # noqa: E402
from db.audit import GENESIS, entry_hash, payload_text  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import AuditEntry, AuditHead  # noqa: E402

TARGET_S = 3.0
START = dt.datetime(2026, 9, 1, 15, 10)
ACTIONS = ("attendance.mark", "handoff.record", "call.log", "override.add", "school.grace")


def build_chain(db: Database, n: int) -> None:
    """Fill an empty, migrated database with a valid chain of ``n`` realistic entries."""
    rows = []
    prev = GENESIS
    for seq in range(1, n + 1):
        at = START + dt.timedelta(seconds=7 * seq, microseconds=seq % 1000)
        action = ACTIONS[seq % len(ACTIONS)]
        entity_id = str(seq % 2500 + 1)
        payload = payload_text({"status": "出勤", "class": "三(2)班", "station": "东门", "n": seq})
        digest = entry_hash(prev, seq, at, "王老师", action, "student", entity_id, payload)
        rows.append(
            {
                "id": seq,
                "seq": seq,
                "at": at,
                "actor": "王老师",
                "action": action,
                "entity": "student",
                "entity_id": entity_id,
                "payload": payload,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    with db.write() as s:
        s.execute(insert(AuditEntry), rows)
        s.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=n, hash=prev))
    if not db.is_sqlite:
        # The identity sequence must continue after the ids given explicitly above.
        with db.engine.begin() as conn:
            conn.execute(text("SELECT setval('audit_entry_id_seq', :n)"), {"n": n})


def time_verify(db: Database, n: int, runs: int = 3) -> float:
    """The best of ``runs`` checks, in seconds; fails loudly if the chain does not verify."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        report = verify_chain(db)
        best = min(best, time.perf_counter() - t0)
        if not (report.ok and report.entries == n):
            raise SystemExit(f"benchmark chain did not verify: {report.line()}")
    return best


def bench_verify(n: int = 100_000, url: str | None = None) -> float:
    """Seconds to verify a fresh chain of ``n`` entries (temporary SQLite file unless ``url``)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Database(url or f"sqlite:///{(Path(folder) / 'audit.db').as_posix()}")
        try:
            migrate.upgrade(db)
            build_chain(db, n)
            return time_verify(db, n)
        finally:
            db.dispose()


def bench_verify_pg(admin_url: str, n: int = 100_000) -> float:
    """The same on a throw-away database of the PostgreSQL server at ``admin_url``."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"as_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        return bench_verify(n, url)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    n = 100_000
    seconds = bench_verify(n)
    print(f"audit chain of {n:,} entries verified in {seconds:.2f} s (target <= {TARGET_S:g} s)")
    pg = os.environ.get("AFTERSCHOOL_BENCH_PG")
    if pg:
        seconds = bench_verify_pg(pg, n)
        print(
            f"audit chain of {n:,} entries verified in {seconds:.2f} s on PostgreSQL "
            f"(target <= {TARGET_S:g} s)"
        )


if __name__ == "__main__":
    main()
