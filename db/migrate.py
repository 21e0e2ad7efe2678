"""Brings a database to the newest schema with Alembic, copying an SQLite file aside first."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.engine import Database

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS.as_posix())
    return cfg


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    """The revision the database is at, None when it has never been migrated."""
    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(path: Path, dest: Path) -> None:
    """A consistent copy through SQLite's backup API (safe with WAL and other readers)."""
    src = sqlite3.connect(path)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()


def upgrade(database: Database, now: dt.datetime | None = None) -> Path | None:
    """Migrate to head. Returns the path of the copy made before migrating, if one was made."""
    head = head_revision()
    if current_revision(database) == head:
        return None
    copy: Path | None = None
    cfg = alembic_config()
    with database.setup_transaction() as conn:
        # Asked again under the lock: another station may have upgraded meanwhile.
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return None
        path = database.sqlite_path
        if current is not None and path is not None and path.exists():
            stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
            copy = path.with_name(f"{path.stem}.before-{head}-{stamp}{path.suffix}")
            backup_sqlite(path, copy)
            log.info("copied %s to %s before migrating %s -> %s", path, copy, current, head)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database at revision %s", head)
    return copy
