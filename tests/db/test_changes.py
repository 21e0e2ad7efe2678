"""Another station's writes reach the change watcher: NOTIFY on PostgreSQL, a poll on SQLite."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.clock import SimulatedClock
from core.services import build_services
from core.setup import open_database
from db import audit
from db.changes import ChangeWatcher, DatabaseLostError
from db.engine import Database
from tests.conftest import PG_ADMIN, TEST_NOW, backend

STATION = Path(__file__).resolve().parent.parent / "live_station.py"
on_pg = pytest.mark.skipif(backend() != "postgresql", reason="needs AFTERSCHOOL_TEST_PG")
on_sqlite = pytest.mark.skipif(backend() != "sqlite", reason="SQLite only")


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _append(db: Database, action: str = "test.change") -> int:
    """One audited write, as every service makes it."""
    with db.write() as s:
        return audit.append(s, TEST_NOW, "tester", action, "test").seq


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """A second station: its own engine on the same database."""
    station = open_database(_url(db))
    yield station
    station.dispose()


@pytest.fixture
def watcher(db: Database) -> Iterator[ChangeWatcher]:
    w = ChangeWatcher(db)
    yield w
    w.close()


def _wait_until_moved(w: ChangeWatcher, before: int, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    seq = before
    while seq == before and time.monotonic() < deadline:
        seq = w.wait(timeout=1.0)
    return seq


def test_sees_a_write_from_another_database_object(watcher, other) -> None:
    before = watcher.current()

    written = _append(other)

    assert _wait_until_moved(watcher, before) == written


def test_wait_returns_the_same_number_when_nothing_changed(watcher) -> None:
    before = watcher.current()

    assert watcher.wait(timeout=0.2) == before


def test_wake_ends_a_wait_from_another_thread(db) -> None:
    w = ChangeWatcher(db, poll_interval=60)
    w.current()
    threading.Timer(0.3, w.wake).start()
    started = time.monotonic()

    w.wait(timeout=30)

    assert time.monotonic() - started < 20
    w.close()


@on_pg
def test_notify_wakes_the_wait_long_before_the_poll(db, other) -> None:
    # No poll for a minute: only the NOTIFY sent on commit can end the wait early.
    w = ChangeWatcher(db, poll_interval=60)
    before = w.current()
    written: list[int] = []
    writer = threading.Timer(0.3, lambda: written.append(_append(other)))
    writer.start()
    started = time.monotonic()
    try:
        seq = w.wait(timeout=30)
        waited = time.monotonic() - started
        # The NOTIFY can wake the wait before the writer's thread has noted its own seq.
        writer.join(30)
    finally:
        w.close()

    assert waited < 20
    assert seq != before and seq == written[0]


@on_pg
def test_rolled_back_write_sends_nothing(db) -> None:
    w = ChangeWatcher(db, poll_interval=60)
    before = w.current()

    def rolled_back() -> None:
        with pytest.raises(RuntimeError), db.write() as s:
            audit.append(s, TEST_NOW, "tester", "test.change", "test")
            raise RuntimeError("undo")

    threading.Timer(0.2, rolled_back).start()

    assert w.wait(timeout=1.5) == before
    w.close()


@on_pg
def test_killed_connection_is_reported_then_recovered(watcher, other) -> None:
    watcher.current()
    pid = watcher.backend_pid
    assert pid is not None
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()

    with pytest.raises(DatabaseLostError):
        watcher.wait(timeout=10)

    written = _append(other)
    assert watcher.current() == written
    assert watcher.backend_pid not in (None, pid)


@on_pg
def test_unreachable_server_is_reported(db) -> None:
    gone = Database(db.url.set(port=1).render_as_string(hide_password=False))
    w = ChangeWatcher(gone)

    with pytest.raises(DatabaseLostError, match="127.0.0.1|localhost|connect"):
        w.current()
    w.close()
    gone.dispose()


@on_sqlite
def test_moved_sqlite_folder_is_reported_then_recovered(db, tmp_path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "school.db"
    path.write_bytes(Path(db.url.database or "").read_bytes())
    shared = Database(f"sqlite:///{path.as_posix()}")
    w = ChangeWatcher(shared)
    before = w.current()

    folder.rename(tmp_path / "share-away")  # the network share went away
    with pytest.raises(DatabaseLostError, match="school.db"):
        w.wait(timeout=5)
    assert not path.exists()  # and no empty database was created in its place

    (tmp_path / "share-away").rename(folder)
    assert w.current() == before
    written = _append(shared)
    assert _wait_until_moved(w, before) == written
    w.close()
    shared.dispose()


def test_another_process_writes_and_the_watcher_sees_it(demo_db) -> None:
    watcher = ChangeWatcher(demo_db)
    before = watcher.current()
    env = {**os.environ, "PYTHONPATH": str(STATION.parent.parent)}

    done = subprocess.run(
        [sys.executable, str(STATION), _url(demo_db), "mark"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    kind, sid, _stamp = done.stdout.splitlines()[0].split()
    seq = _wait_until_moved(watcher, before)
    assert seq > before
    # What moved is that pupil's mark, readable through the services here.
    services = build_services(demo_db, SimulatedClock(TEST_NOW, advancing=False))
    sheet = services.attendance.day_sheet(dt.date(2026, 12, 1))
    marks = {r.student_id: r.mark for c in sheet.classes for r in c.rows}
    assert kind == "mark" and marks[int(sid)] is not None
    watcher.close()
