"""Prints how long backing up, the daily backup and checking a backup take on the demo school.

The demo school (837 pupils, ten closed days of history) is built in a temporary SQLite file;
with AFTERSCHOOL_BENCH_PG or AFTERSCHOOL_TEST_PG set to an admin URL
(postgresql+psycopg://user:pw@host/postgres) the same is measured on a throw-away PostgreSQL
database through pg_dump and pg_restore. Run: python benchmarks/backup.py
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

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core.backup import BackupService, backup_database, database_for  # noqa: E402
from core.clock import SimulatedClock  # noqa: E402
from core.restore import prepare_restore  # noqa: E402
from core.setup import initialise, open_database  # noqa: E402

NOW = dt.datetime(2026, 12, 1, 7, 50)


def _demo(url: str) -> None:
    db = open_database(url)
    try:
        initialise(db, SimulatedClock(NOW, advancing=False), demo=True)
    finally:
        db.dispose()


def measure(url: str, folder: Path, label: str) -> None:
    """Backup, daily backup, check and restore of one demo database, printed."""
    suffix = ".db" if url.startswith("sqlite") else ".dump"
    db = database_for(url)
    try:
        started = time.perf_counter()
        result = backup_database(db, folder / f"backup{suffix}")
        backup_s = time.perf_counter() - started

        started = time.perf_counter()
        daily = BackupService(db, folder=folder / "daily", keep=14).daily_if_due(NOW)
        daily_s = time.perf_counter() - started
        assert daily is not None

        started = time.perf_counter()
        with prepare_restore(db, result.path, dt.datetime.now()) as plan:
            check_s = time.perf_counter() - started
            entries = plan.check.entries
            started = time.perf_counter()
            restored = plan.apply()
            apply_s = time.perf_counter() - started
    finally:
        db.dispose()
    print(f"{label}: backup {result.size / 1e6:.1f} MB in {backup_s:.2f} s")
    print(f"{label}: daily backup (as the app calls it) {daily_s:.2f} s")
    print(f"{label}: check of the backup ({entries} audit entries) {check_s:.2f} s")
    print(f"{label}: replacing the database after the check {apply_s:.2f} s (kept {restored.kept})")


def _sqlite() -> None:
    with tempfile.TemporaryDirectory(prefix="as-bench-backup-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{(folder / 'demo.db').as_posix()}"
        _demo(url)
        measure(url, folder, "SQLite")


def _postgres(admin_url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"as_bench_backup_{uuid.uuid4().hex[:8]}"
    kept_like = f"{name}_before_restore_%"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        _demo(url)
        with tempfile.TemporaryDirectory(prefix="as-bench-backup-") as tmp:
            measure(url, Path(tmp), "PostgreSQL")
    finally:
        with admin.connect() as c:
            kept = c.execute(
                text("SELECT datname FROM pg_database WHERE datname = :n OR datname LIKE :k"),
                {"n": name, "k": kept_like},
            )
            for (db_name,) in list(kept):
                c.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Measure on SQLite, then on PostgreSQL when an admin URL is set."""
    _sqlite()
    admin_url = os.environ.get("AFTERSCHOOL_BENCH_PG") or os.environ.get("AFTERSCHOOL_TEST_PG")
    if admin_url:
        _postgres(admin_url)
    else:
        print("PostgreSQL: skipped (set AFTERSCHOOL_BENCH_PG to an admin URL)")


if __name__ == "__main__":
    main()
