"""Checked restores: a backup is staged and checked whole before it replaces the database.

The checks: SQLite's integrity and foreign keys (PostgreSQL: a restore in one transaction into a
scratch database), a schema revision this app knows, and an intact audit chain. The replaced
database is kept (a file beside it, or a renamed PostgreSQL database). Guide: docs/backup.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from core.audit_service import verify_chain
from core.backup import (
    STAMP,
    BackupError,
    find_pg_tool,
    first_line,
    fsync_dir,
    fsync_file,
    libpq,
    run_pg_tool,
    where,
)
from core.errors import AfterSchoolError
from db import audit, migrate
from db.engine import Database

log = logging.getLogger(__name__)

IN_USE = "in use"  # the RestoreRefusedError check of a database that stations still have open
MAINTENANCE_DBS = ("postgres", "template1")
_SQLITE_MAGIC = b"SQLite format 3\x00"


class RestoreRefusedError(AfterSchoolError):
    """A restore was refused before anything was replaced; ``check`` names why."""

    code = "restore_refused"

    def __init__(self, check: str, detail: str) -> None:
        what = "" if check == IN_USE else f", {check} check failed"
        super().__init__(
            f"restore refused{what}: {detail}; the current database was not changed", check=check
        )
        self.check = check


@dataclass(frozen=True)
class BackupCheck:
    """A backup file that passed every check."""

    source: Path
    revision: str
    older: bool  # an older schema, upgraded on the staged copy
    entries: int
    last_entry: dt.datetime | None

    def line(self) -> str:
        """One English line naming every check passed."""
        older = f" (upgraded to {migrate.head_revision()})" if self.older else ""
        last = f", last {self.last_entry:%Y-%m-%d %H:%M}" if self.last_entry else ""
        return (
            f"{self.source}: integrity ok, foreign keys ok, schema revision {self.revision}"
            f"{older}, audit chain ok: {self.entries} entries{last}"
        )


@dataclass(frozen=True)
class RestoreResult:
    """A restore carried out."""

    target: str
    source: Path
    kept: str | None  # the replaced database: a file or a PostgreSQL database name

    def line(self) -> str:
        """One English line: what was replaced, and where the replaced database went."""
        kept = f"; the replaced database was kept as {self.kept}" if self.kept else ""
        return f"restored {self.target} from {self.source}{kept}"


class RestorePlan(Protocol):
    """A backup checked and staged: ``apply`` puts it in place; otherwise it is dropped."""

    check: BackupCheck
    current: str  # what would be replaced, in words

    def apply(self) -> RestoreResult:
        """Replace the database with the staged backup."""
        ...


@contextmanager
def prepare_restore(db: Database, source: Path, now: dt.datetime) -> Iterator[RestorePlan]:
    """Check ``source`` completely on a staged copy; nothing is replaced until ``apply``.

    Raises:
        RestoreRefusedError: the file fails a check (named), or the database is in use.
        BackupError: the file cannot be read or staged.
    """
    if not source.is_file():
        raise BackupError(f"no such file: {source}")
    stamp = now.strftime(STAMP)
    plan: _SqlitePlan | _PgPlan
    if db.is_sqlite:
        if db.sqlite_path is None:
            raise BackupError("an in-memory database cannot be restored")
        plan = _SqlitePlan(db, db.sqlite_path, source, stamp)
    else:
        plan = _PgPlan(db, source, stamp)
    try:
        yield plan
    finally:
        plan.discard()


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _check_staged(staged: Database, source: Path) -> BackupCheck:
    """Schema revision and audit chain, on a staged copy (the integrity checks came first)."""
    try:
        try:
            revision = migrate.current_revision(staged)
        except SQLAlchemyError as exc:
            raise RestoreRefusedError("schema revision", first_line(exc)) from exc
        if revision is None:
            raise RestoreRefusedError("schema revision", "not a database of this app")
        if revision not in known_revisions():
            raise RestoreRefusedError(
                "schema revision",
                f"revision {revision} is unknown to this version of the app "
                "(made by a newer version? update the app first)",
            )
        older = revision != migrate.head_revision()
        if older:
            _upgrade(staged, revision)
        try:
            report = verify_chain(staged)
            with staged.read() as s:
                last = audit.latest_entries(s, 1)
        except (SQLAlchemyError, ValueError, TypeError) as exc:  # rows the code cannot even read
            raise RestoreRefusedError("audit chain", first_line(exc)) from exc
        if not report.ok:
            raise RestoreRefusedError("audit chain", report.line())
    finally:
        staged.dispose()
    return BackupCheck(source, revision, older, report.entries, last[0].at if last else None)


def _upgrade(staged: Database, revision: str) -> None:
    """Bring an older backup to this app's schema, as the app would when it first opens it.

    On the staged copy, before the chain check: the chain is verified by the code of the
    schema it is checked against. No copy is kept aside: the backup file itself is that copy.
    """
    cfg = migrate.alembic_config()
    try:
        with staged.setup_transaction() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:  # noqa: BLE001 - whatever a migration trips on, the file is refused
        if type(exc).__name__ == "AuditChainBrokenError":
            # 0007 checks the old chain before re-hashing it: that is the chain check failing.
            raise RestoreRefusedError("audit chain", first_line(exc).split("; ")[0]) from exc
        raise RestoreRefusedError(
            "schema revision", f"cannot upgrade revision {revision}: {first_line(exc)}"
        ) from exc


def _describe(db: Database) -> str:
    """The database a restore would replace, with its audit log's size and last entry."""
    try:
        # Plain SQL: the current database may be at an older schema than this app's models.
        with db.read() as s:
            last = s.execute(
                text("SELECT seq, at FROM audit_entry ORDER BY seq DESC LIMIT 1")
            ).first()
    except SQLAlchemyError:
        return f"{where(db)} (unreadable)"
    finally:
        db.dispose()  # our own connection must not count as a station still using it
    if last is None:
        return f"{where(db)} (no audit entries)"
    # A datetime (PostgreSQL) or SQLite's ISO text: either way its first 16 characters.
    return f"{where(db)} ({last.seq} audit entries, last {str(last.at)[:16]})"


def _in_use(target: str, detail: str) -> RestoreRefusedError:
    return RestoreRefusedError(
        IN_USE,
        f"{target} is open ({detail}): close the app on every PC, then run restore again",
    )


class _SqlitePlan:
    """The backup copied beside the database file, checked there, renamed over it on apply."""

    def __init__(self, db: Database, target: Path, source: Path, stamp: str) -> None:
        if not target.parent.is_dir():
            raise BackupError(f"folder does not exist: {target.parent}")
        if target.exists() and source.resolve() == target.resolve():
            raise BackupError(f"{source} is the database itself")
        self.target, self.stamp = target, stamp
        self.staging = target.with_name(f".{target.stem}.restoring-{stamp}{target.suffix}")
        try:
            shutil.copyfile(source, self.staging)  # the checks and the rename see one file
        except OSError as exc:
            self.discard()
            raise BackupError(f"cannot copy {source}: {exc.strerror or exc}") from exc
        try:
            _check_sqlite_file(self.staging, source)
            self.check = _check_staged(Database(f"sqlite:///{self.staging.as_posix()}"), source)
            _self_contained(self.staging)
        except BaseException:
            self.discard()
            raise
        self.current = _describe(db) if target.exists() else f"{target} (no file yet)"

    def apply(self) -> RestoreResult:
        kept: Path | None = None
        if self.target.exists():
            _take_over(self.target)
            kept = self.target.with_name(
                f"{self.target.stem}.before-restore-{self.stamp}{self.target.suffix}"
            )
            try:
                shutil.copy2(self.target, kept)
                fsync_file(kept)
            except OSError as exc:
                raise BackupError(f"cannot keep a copy of {self.target}: {exc}") from exc
        for side in ("-wal", "-shm", "-journal"):
            # A stale WAL beside the new file would be replayed into it: move any aside.
            stale = Path(f"{self.target}{side}")
            if stale.exists() and kept is not None:
                os.replace(stale, Path(f"{kept}{side}"))
            stale.unlink(missing_ok=True)
        try:
            os.replace(self.staging, self.target)
        except PermissionError as exc:  # Windows: another process holds the file open
            if kept is not None:
                kept.unlink(missing_ok=True)
            raise _in_use(str(self.target), "the file is locked") from exc
        fsync_dir(self.target.parent)
        return RestoreResult(str(self.target), self.check.source, str(kept) if kept else None)

    def discard(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with suppress(OSError):
                Path(f"{self.staging}{suffix}").unlink(missing_ok=True)


def _check_sqlite_file(staged: Path, source: Path) -> None:
    with staged.open("rb") as f:
        header = f.read(len(_SQLITE_MAGIC))
    if header != _SQLITE_MAGIC:
        hint = " (a PostgreSQL dump? restore it with --db postgresql+psycopg://…)"
        hint = hint if header[:5] == b"PGDMP" else ""
        raise RestoreRefusedError("file", f"{source.name} is not an SQLite database{hint}")
    try:
        con = sqlite3.connect(staged)
    except sqlite3.Error as exc:
        raise RestoreRefusedError("file", str(exc)) from exc
    try:
        try:
            result = con.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise RestoreRefusedError("integrity", str(exc)) from exc
        if result != [("ok",)]:
            more = f" (and {len(result) - 1} more problems)" if len(result) > 1 else ""
            raise RestoreRefusedError("integrity", f"{result[0][0]}{more}")
        try:
            broken = con.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise RestoreRefusedError("foreign key", str(exc)) from exc
        if broken:
            table, rowid, parent = broken[0][:3]
            raise RestoreRefusedError(
                "foreign key",
                f"{len(broken)} rows point at missing rows (first: {table} {rowid} -> {parent})",
            )
    finally:
        con.close()


def _self_contained(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _take_over(target: Path) -> None:
    """Make sure no station has the file open, folding its WAL into the file.

    Leaving WAL mode needs every other connection closed: SQLite refuses while any is open.
    """
    try:
        con = sqlite3.connect(target, timeout=2)
        try:
            con.execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise _in_use(str(target), "another program is using it") from exc
        # Otherwise the current file is damaged (why one restores): it is kept as it is.
    except sqlite3.DatabaseError:
        pass


class _PgPlan:
    """The dump restored into a scratch database, checked there, swapped in by renaming."""

    def __init__(self, db: Database, source: Path, stamp: str) -> None:
        self.db, self.source = db, source
        self.target = db.url.database or ""
        self.scratch = f"{self.target[:30]}_restoring_{stamp.replace('-', '_')}"
        self.kept_name = f"{self.target[:30]}_before_restore_{stamp.replace('-', '_')}"
        self.admin = _maintenance_engine(db.url, self.target)
        self.created = False
        try:
            self._stage()
        except BaseException:
            self.discard()
            raise

    def _q(self, name: str) -> str:
        return self.admin.dialect.identifier_preparer.quote(name)

    def _stage(self) -> None:
        restore_tool = str(find_pg_tool("pg_restore"))
        try:
            run_pg_tool([restore_tool, "--list", str(self.source)])
        except BackupError as exc:
            raise RestoreRefusedError(
                "file", f"{self.source.name} is not a PostgreSQL backup ({exc})"
            ) from exc
        try:
            with self.admin.connect() as c:
                c.execute(text(f"CREATE DATABASE {self._q(self.scratch)} TEMPLATE template0"))
        except SQLAlchemyError as exc:
            raise BackupError(
                f"cannot create a scratch database ({first_line(exc)}): the role needs "
                "CREATEDB, or restore by hand (docs/backup.md)"
            ) from exc
        self.created = True
        conninfo, env = libpq(self.db.url, self.scratch)
        try:
            # One transaction, stopping at the first error: a damaged dump restores nothing.
            run_pg_tool(
                [
                    restore_tool,
                    "--exit-on-error",
                    "--single-transaction",
                    "--no-owner",
                    "--no-acl",
                    "--no-password",
                    f"--dbname={conninfo}",
                    str(self.source),
                ],
                env,
            )
        except BackupError as exc:
            raise RestoreRefusedError("integrity", str(exc)) from exc
        scratch_url = self.db.url.set(database=self.scratch).render_as_string(hide_password=False)
        self.check = _check_staged(Database(scratch_url), self.source)
        self.exists = self._exists(self.target)
        self.current = _describe(self.db) if self.exists else f"{where(self.db)} (no database yet)"

    def _exists(self, name: str) -> bool:
        with self.admin.connect() as c:
            found = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            return found.first() is not None

    def apply(self) -> RestoreResult:
        self.db.dispose()
        try:
            # Both renames in one transaction: the name always points at a whole database.
            # PostgreSQL refuses to rename a database any station is connected to.
            with self.admin.connect() as c:
                c = c.execution_options(isolation_level="READ COMMITTED")
                with c.begin():
                    if self.exists:
                        c.execute(text(self._rename(self.target, self.kept_name)))
                    c.execute(text(self._rename(self.scratch, self.target)))
        except SQLAlchemyError as exc:
            if getattr(getattr(exc, "orig", None), "sqlstate", "") == "55006":
                raise _in_use(self.target, f"{self._sessions()} connections") from exc
            raise BackupError(f"cannot swap the databases: {first_line(exc)}") from exc
        self.created = False
        return RestoreResult(where(self.db), self.source, self.kept_name if self.exists else None)

    def _rename(self, old: str, new: str) -> str:
        return f"ALTER DATABASE {self._q(old)} RENAME TO {self._q(new)}"

    def _sessions(self) -> int:
        with self.admin.connect() as c:
            sql = text("SELECT count(*) FROM pg_stat_activity WHERE datname = :n")
            return int(c.scalar(sql, {"n": self.target}) or 0)

    def discard(self) -> None:
        try:
            if self.created:
                with self.admin.connect() as c:
                    c.execute(text(f"DROP DATABASE IF EXISTS {self._q(self.scratch)}"))
                self.created = False
        except SQLAlchemyError:
            log.warning("could not drop the scratch database %s", self.scratch, exc_info=True)
        finally:
            self.admin.dispose()


def _maintenance_engine(url: URL, target: str) -> Engine:
    """An autocommit engine on the server's maintenance database (CREATE/ALTER DATABASE)."""
    last: SQLAlchemyError | None = None
    for name in (n for n in MAINTENANCE_DBS if n != target):
        engine = create_engine(
            url.set(database=name), isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
        try:
            with engine.connect():
                return engine
        except SQLAlchemyError as exc:
            last = exc
            engine.dispose()
    reason = first_line(last) if last is not None else "none to use"
    raise BackupError(f"cannot reach the server's maintenance database: {reason}")
