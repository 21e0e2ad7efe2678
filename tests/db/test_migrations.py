"""Schema upgrades: migrations from the first revision, models agree with them, copies aside."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from core.setup import initialise, open_database
from db import migrate
from db.models import Base, School
from tests.conftest import backend

EXTRA_REVISION = '''"""add a column, as a later issue would"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.add_column(sa.Column("motto", sa.String(50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.drop_column("motto")
'''


def test_fresh_database_is_migrated_to_head(fresh_url, clock):
    db = open_database(fresh_url)
    assert migrate.current_revision(db) is None
    result = initialise(db, clock)
    assert result.created
    assert migrate.current_revision(db) == migrate.head_revision()
    db.dispose()


def test_models_and_migrations_agree(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_second_start_changes_nothing(db, clock):
    result = initialise(db, clock)
    assert (result.created, result.migrated_from_copy) == (False, None)


@pytest.mark.skipif(backend() != "sqlite", reason="the copy aside is for the embedded file")
def test_pending_migration_copies_the_sqlite_file_aside_first(db, clock, tmp_path, monkeypatch):
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts)
    head = migrate.head_revision()
    (scripts / "versions" / "9999_extra.py").write_text(
        EXTRA_REVISION.format(head=head), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    result = initialise(db, clock)
    assert result.migrated_from_copy is not None
    assert migrate.current_revision(db) == "9999"
    with db.read() as s:
        assert s.execute(text("SELECT motto FROM school")).all() == [(None,)]
    copy = sqlite3.connect(result.migrated_from_copy)
    try:
        rev = copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        cols = [r[1] for r in copy.execute("PRAGMA table_info(school)")]
    finally:
        copy.close()
    assert rev == head
    assert "motto" not in cols
    assert result.migrated_from_copy.name.startswith(Path(db.sqlite_path).stem + ".before-9999-")


@pytest.mark.skipif(backend() != "sqlite", reason="SQLite connection settings")
def test_sqlite_connections_are_safe_for_a_school_day(db):
    with db.engine.connect() as conn:
        values = [
            conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        ]
    assert values[0] == "wal"
    assert values[1] == 2  # FULL
    assert values[2] == 1
    assert values[3] >= 5000


@pytest.mark.skipif(backend() != "sqlite", reason="SQLite locking")
def test_write_session_takes_the_write_lock_at_once(db):
    other = sqlite3.connect(db.sqlite_path, timeout=0, isolation_level=None)
    try:
        with db.write() as s:
            s.scalar(select(School.id))  # only a read so far, yet the lock is held
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_write_session_rolls_back_whole_on_error(db):
    with pytest.raises(RuntimeError), db.write() as s:
        s.get(School, 1).name = "改名了"
        raise RuntimeError("boom")
    with db.read() as s:
        assert s.get(School, 1).name != "改名了"


def test_stations_starting_together_set_up_the_database_once(fresh_url, clock):
    import threading

    from db.models import AuditEntry

    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def station() -> None:
        try:
            db = open_database(fresh_url)
            barrier.wait()
            initialise(db, clock)
            db.dispose()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=station) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    db = open_database(fresh_url)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.read() as s:
            assert s.scalars(select(School.id)).all() == [1]
            created = s.scalars(
                select(AuditEntry.action).where(AuditEntry.action == "school.create")
            ).all()
        assert created == ["school.create"]
    finally:
        db.dispose()
