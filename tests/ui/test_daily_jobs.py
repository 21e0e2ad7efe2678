"""A station's daily jobs: the backup runs off the screen's thread, failures never reach it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.services import Services
from ui.daily_jobs import start_daily_backup
from ui.main_window import MainWindow


@pytest.fixture
def backups(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    monkeypatch.setenv("AFTERSCHOOL_BACKUP_DAILY", "1")
    monkeypatch.setenv("AFTERSCHOOL_BACKUP_DIR", str(folder))
    return folder


def _made(folder: Path) -> list[Path]:
    return (
        sorted(p for p in folder.glob("*") if not p.name.startswith(".")) if folder.exists() else []
    )


def test_a_station_left_running_past_midnight_backs_up_once(
    qtbot, services: Services, clock, backups: Path
) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    clock.set(clock.now() + dt.timedelta(days=1))
    window._tick()  # the clock's timer, as it fires after midnight
    qtbot.waitUntil(lambda: len(_made(backups)) == 1, timeout=30_000)
    start_daily_backup(services)  # the next start on the same day: nothing more
    qtbot.wait(300)
    assert len(_made(backups)) == 1
    window.close()


def test_a_failing_job_is_logged_not_raised(
    services: Services, backups: Path, caplog: pytest.LogCaptureFixture
) -> None:
    backups.parent.mkdir(parents=True, exist_ok=True)
    backups.write_text("a file where the folder should be", encoding="utf-8")
    from ui import daily_jobs

    daily_jobs._backup(services)  # what the worker thread runs
    assert "daily backup failed" in caplog.text
    assert backups.is_file()  # nothing was replaced
