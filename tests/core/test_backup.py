"""The daily backup (at most one a day, the newest N kept) and the copy's own guarantees."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import platformdirs
import pytest
from sqlalchemy.engine import make_url

from core.backup import (
    BackupError,
    BackupService,
    backup_database,
    database_for,
    find_pg_tool,
    libpq,
)
from tests.conftest import backend

SUFFIX = ".db" if backend() == "sqlite" else ".dump"
MORNING = dt.datetime(2026, 12, 1, 7, 50)


@pytest.fixture(autouse=True)
def _daily_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # tests/conftest.py turns the app's daily backup off for every other test.
    monkeypatch.setenv("AFTERSCHOOL_BACKUP_DAILY", "1")


@pytest.mark.skipif(os.name != "posix", reason="XDG_CONFIG_HOME names the config folder")
def test_the_daily_backup_can_be_turned_off(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    service = BackupService(db, folder=folder)
    monkeypatch.setenv("AFTERSCHOOL_BACKUP_DAILY", "0")
    assert service.daily_if_due(MORNING) is None
    assert not folder.exists()
    # Or in backup.json, for a school whose server is backed up by its own IT.
    monkeypatch.delenv("AFTERSCHOOL_BACKUP_DAILY")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = Path(platformdirs.user_config_dir("afterschool", "afterschool")) / "backup.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"daily": False}), encoding="utf-8")
    assert service.daily_if_due(MORNING) is None
    settings.write_text(json.dumps({"daily": True}), encoding="utf-8")
    assert service.daily_if_due(MORNING) is not None


def _days(n: int) -> list[dt.datetime]:
    return [MORNING + dt.timedelta(days=i) for i in range(n)]


def test_daily_backup_is_made_once_a_day_and_keeps_the_newest_n(db, tmp_path):
    service = BackupService(db, folder=tmp_path / "备份", keep=3)
    made = []

    for morning in _days(5):
        made.append(service.daily_if_due(morning))
        # Started again in the afternoon, or the day rolled over twice: nothing new.
        assert service.daily_if_due(morning.replace(hour=17, minute=40)) is None

    assert all(path is not None for path in made)
    kept = service.existing()
    assert kept == made[-3:]
    assert [p.name for p in kept] == [
        f"{service._prefix}-{m:%Y%m%d-%H%M%S}{SUFFIX}" for m in _days(5)[-3:]
    ]
    assert sorted(p.name for p in (tmp_path / "备份").iterdir()) == [p.name for p in kept]


def test_daily_backup_is_a_backup_that_opens(db, tmp_path):
    if backend() != "sqlite":
        pytest.skip("a dump is checked by restoring it: tests/test_cli_backup.py")
    path = BackupService(db, folder=tmp_path).daily_if_due(MORNING)

    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("SELECT seq FROM audit_head").fetchone()[0] >= 1
        # Self-contained: no WAL needed beside it, so it can be copied as one file.
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        con.close()


def test_default_folder_is_beside_the_sqlite_file(db):
    if backend() != "sqlite":
        pytest.skip("SQLite's default folder")
    path = db.sqlite_path

    assert BackupService(db).folder == path.parent / f"{path.stem}-备份"


def test_default_folder_of_a_server_database_is_per_host_and_database(db):
    if backend() == "sqlite":
        pytest.skip("PostgreSQL's default folder")
    folder = BackupService(db).folder

    assert folder.parent.name == "backups"
    assert folder.name == f"{db.url.host}-{db.url.database}"


def test_folder_and_count_come_from_the_environment(db, tmp_path, monkeypatch):
    monkeypatch.setenv("AFTERSCHOOL_BACKUP_DIR", str(tmp_path / "usb"))
    monkeypatch.setenv("AFTERSCHOOL_BACKUP_KEEP", "2")
    service = BackupService(db)

    for morning in _days(3):
        service.daily_if_due(morning)

    assert len(list((tmp_path / "usb").iterdir())) == 2


@pytest.mark.skipif(os.name != "posix", reason="XDG_CONFIG_HOME names the config folder")
def test_folder_and_count_come_from_backup_json(db, tmp_path, monkeypatch):
    monkeypatch.delenv("AFTERSCHOOL_BACKUP_DIR", raising=False)
    monkeypatch.delenv("AFTERSCHOOL_BACKUP_KEEP", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = Path(platformdirs.user_config_dir("afterschool", "afterschool")) / "backup.json"
    settings.parent.mkdir(parents=True)
    folder = tmp_path / "D盘备份"
    settings.write_text(json.dumps({"folder": str(folder), "keep": 1}), encoding="utf-8")
    service = BackupService(db)

    for morning in _days(2):
        service.daily_if_due(morning)

    assert [p.name[-len("20261202-075000") - len(SUFFIX) :] for p in service.existing()] == [
        f"20261202-075000{SUFFIX}"
    ]


def test_a_bad_count_is_an_error_before_anything_is_written(db, tmp_path, monkeypatch):
    monkeypatch.setenv("AFTERSCHOOL_BACKUP_KEEP", "zero")

    with pytest.raises(BackupError, match="whole number of at least 1"):
        BackupService(db, folder=tmp_path / "b").daily_if_due(MORNING)
    assert not (tmp_path / "b").exists()


def test_a_claim_left_by_a_crashed_process_does_not_block_the_day(db, tmp_path):
    service = BackupService(db, folder=tmp_path)
    claim = tmp_path / f".{service._prefix}-20261201.claim"
    claim.touch()

    # Another process of this PC is at it right now: this one leaves the day to it.
    assert service.daily_if_due(MORNING) is None

    two_hours_ago = time.time() - 7200
    os.utime(claim, (two_hours_ago, two_hours_ago))
    assert service.daily_if_due(MORNING) is not None
    assert not claim.exists()


def test_a_failed_backup_leaves_the_previous_file_as_it_was(tmp_path):
    broken = tmp_path / "afterschool.db"
    broken.write_text("not a database", encoding="utf-8")
    out = tmp_path / "copy.db"
    out.write_bytes(b"yesterday's backup")
    db = database_for(f"sqlite:///{broken.as_posix()}")

    with pytest.raises(BackupError, match="cannot back up"):
        backup_database(db, out)

    assert out.read_bytes() == b"yesterday's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afterschool.db", "copy.db"]


def test_password_reaches_pg_dump_only_through_its_environment():
    url = make_url("postgresql+psycopg://school:s3cr'et@db.local:5433/afterschool?sslmode=require")

    conninfo, env = libpq(url)

    assert "s3cr" not in conninfo
    assert env["PGPASSWORD"] == "s3cr'et"
    assert (
        conninfo
        == "host='db.local' port='5433' user='school' dbname='afterschool' sslmode='require'"
    )


@pytest.mark.skipif(not Path("/usr/lib/postgresql").is_dir(), reason="no Debian PostgreSQL")
def test_finds_pg_dump_in_the_newest_installation_when_not_on_path(monkeypatch):
    monkeypatch.setenv("PATH", "")
    newest = max(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), key=lambda p: int(p.parts[-3]))

    assert find_pg_tool("pg_dump") == newest
    assert shutil.which("pg_dump") is None
