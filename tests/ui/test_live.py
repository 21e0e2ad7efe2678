"""Live updates: another station's writes reach the window; a lost database shows a banner."""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from sqlalchemy import create_engine, text

from core.clock import SimulatedClock
from core.demo import DEMO_PIN
from core.services import Services, build_services
from core.setup import open_database
from db import audit
from db.engine import Database
from tests.conftest import PG_ADMIN, TEST_NOW, backend
from tests.ui.verdict_school import gate_school
from ui.db_banner import DatabaseBanner
from ui.live import LiveUpdates
from ui.main_window import MainWindow


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _append(db: Database) -> None:
    with db.write() as s:
        audit.append(s, TEST_NOW, "other station", "test.change", "test")


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """A second station on the same database."""
    station = open_database(_url(db))
    yield station
    station.dispose()


@pytest.fixture
def live(qtbot, services: Services) -> Iterator[LiveUpdates]:
    updates = LiveUpdates(services.change_watcher)
    yield updates
    updates.stop()


def _keep_writing(qtbot, db: Database, until, timeout: int = 30_000) -> None:
    """Write every 0.7 s until ``until()`` holds: the watcher's first read may come late."""
    timer = QTimer()
    timer.timeout.connect(lambda: _append(db))
    timer.start(700)
    try:
        qtbot.waitUntil(until, timeout=timeout)
    finally:
        timer.stop()


def test_changed_follows_another_stations_write(qtbot, live, other) -> None:
    seen: list[int] = []
    live.changed.connect(lambda: seen.append(1))

    live.start()

    _keep_writing(qtbot, other, lambda: bool(seen))


def test_a_burst_of_writes_gives_few_signals(qtbot, live, other) -> None:
    seen: list[int] = []
    live.changed.connect(lambda: seen.append(1))
    live.start()
    _keep_writing(qtbot, other, lambda: bool(seen))
    qtbot.wait(1500)
    seen.clear()

    for _ in range(12):
        _append(other)
    qtbot.waitUntil(lambda: bool(seen), timeout=15_000)
    qtbot.wait(1500)

    assert 1 <= len(seen) <= 4


def test_stop_is_quick_and_safe_twice(qtbot, live) -> None:
    live.start()
    qtbot.wait(300)
    started = time.monotonic()

    live.stop()
    live.stop()

    assert time.monotonic() - started < 1.5
    assert not live.is_running()


@contextlib.contextmanager
def _outage(db: Database, folder: Path | None) -> Iterator[None]:
    """The database really goes away: its folder moves (SQLite), or the server refuses us."""
    if folder is not None:
        away = folder.with_name(folder.name + "-away")
        folder.rename(away)
        try:
            yield
        finally:
            away.rename(folder)
        return
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = db.url.database
    with admin.connect() as c:
        c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        c.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND application_name = 'afterschool-live'"
            ),
            {"name": name},
        )
    try:
        yield
    finally:
        with admin.connect() as c:
            c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


@pytest.fixture
def shared(
    db: Database, tmp_path: Path, clock: SimulatedClock
) -> Iterator[tuple[Services, Path | None]]:
    """Services over a database that a test may take away: on SQLite, a file in its own folder."""
    if backend() == "postgresql":
        yield build_services(db, clock), None
        return
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copyfile(db.url.database or "", folder / "school.db")
    own = open_database(f"sqlite:///{(folder / 'school.db').as_posix()}")
    yield build_services(own, clock), folder
    own.dispose()


def test_banner_shows_while_the_database_is_gone_and_hides_after(qtbot, shared) -> None:
    services, folder = shared
    window = MainWindow(services)
    qtbot.addWidget(window)
    banner = window.db_banner
    assert banner.isHidden()
    qtbot.wait(1500)  # the watcher has read the database once

    with qtbot.waitSignal(window.live.connection_lost, timeout=20_000) as lost:
        outage = _outage(services._db, folder)
        outage.__enter__()
    try:
        assert banner.showing_lost
        assert "无法连接数据库" in banner.title.text()
        assert lost.args[0] and banner.detail.text() == lost.args[0]
    finally:
        with qtbot.waitSignals(
            [window.live.connection_restored, window.live.changed], timeout=20_000, order="strict"
        ):
            outage.__exit__(None, None, None)

    assert not banner.isHidden() and not banner.showing_lost
    assert "重新连接" in banner.title.text()
    qtbot.waitUntil(banner.isHidden, timeout=10_000)
    assert not window.live.lost


def test_banner_lost_then_restored_words(qtbot) -> None:
    banner = DatabaseBanner()
    qtbot.addWidget(banner)

    banner.show_lost("connection refused")
    assert banner.showing_lost and banner.detail.text() == "connection refused"
    banner.show_restored()

    assert not banner.isHidden() and not banner.showing_lost
    qtbot.waitUntil(banner.isHidden, timeout=10_000)


def test_gate_list_shows_another_stations_handoff(
    qtbot, demo_db, clock, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    here = build_services(demo_db, clock)
    duty = here.accounts.sign_in("D001", DEMO_PIN)
    window = MainWindow(here, duty)
    qtbot.addWidget(window)
    gate = window.gate_page
    assert gate is not None and window.pages.currentWidget() is gate
    qtbot.wait(1500)  # the watcher has read the database once
    station = open_database(_url(demo_db))
    school = gate_school(build_services(station, clock), clock)
    school.at("17:40")
    pupil = school.pupils(1)[0]
    token = school.token(school.family([pupil]))
    school.present(pupil.student_id)

    verdict = school.scan(token)
    school.services.handoffs.record(verdict, [pupil.student_id], school.officer)

    # Nothing on this station asked for a reload: only the live update can show it.
    qtbot.waitUntil(
        lambda: any(line.student_id == pupil.student_id for line in gate.recent.lines()),
        timeout=20_000,
    )
    station.dispose()
