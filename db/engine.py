"""Engine and session setup for SQLite (embedded default) and PostgreSQL, one code path for both."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

APP_NAME = "afterschool"
APP_AUTHOR = "afterschool"
ENV_DB = "AFTERSCHOOL_DB"
SQLITE_BUSY_MS = 10_000
# A gate must not freeze on a dead server or a pulled cable: new connections give up after a
# few seconds and TCP keepalives notice a silent network within about 10 s.
PG_CONNECT_ARGS: dict[str, str | int] = {
    "connect_timeout": 3,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 5000,
    "application_name": "afterschool",
}
SETUP_LOCK_KEY = 7_427_001  # any constant; names the app's setup lock on a shared server


class DatabaseUrlError(ValueError):
    """The database address given cannot be used."""


def data_dir() -> Path:
    """The per-user data directory (created on demand)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url(demo: bool = False) -> str:
    """The embedded database: an SQLite file in the user data directory."""
    name = "demo.db" if demo else "afterschool.db"
    return f"sqlite:///{(data_dir() / name).as_posix()}"


def resolve_url(url: str | None, demo: bool = False) -> str:
    """The URL to use: the one given, else $AFTERSCHOOL_DB, else the embedded file.

    The demo always gets its own file unless a URL is given explicitly, so it never mixes
    with a school's real data.
    """
    if url:
        return url
    if not demo and os.environ.get(ENV_DB):
        return os.environ[ENV_DB]
    return default_url(demo)


# Why a write failed, as a stable word the UI can put in Chinese (see ``failure_cause``).
DISK_FULL = "disk_full"
READ_ONLY = "read_only"
IO_ERROR = "io_error"
UNREACHABLE = "unreachable"
_SQLITE_CAUSES = {13: DISK_FULL, 8: READ_ONLY, 10: IO_ERROR}  # SQLITE_FULL, _READONLY, _IOERR
_PG_CAUSES = {"53100": DISK_FULL, "25006": READ_ONLY, "58030": IO_ERROR}


def failure_cause(exc: BaseException) -> str:
    """Why a database call failed: disk full, read-only, I/O error, else unreachable.

    Read from the driver's error code (SQLite's primary result code, PostgreSQL's SQLSTATE),
    never from the English message.
    """
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_CAUSES.get(code & 0xFF, UNREACHABLE)
    return _PG_CAUSES.get(str(getattr(orig, "sqlstate", "") or ""), UNREACHABLE)


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so writes can take the lock at once.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    # Deleted personal data (purged snapshots, an erased child) must not linger in free pages.
    cur.execute("PRAGMA secure_delete=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock up front, so two stations never both pass a check
    # and then both write; plain reads stay DEFERRED and do not block anyone.
    immediate = conn.get_execution_options().get("write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """An engine plus the two session helpers every caller uses: ``read()`` and ``write()``."""

    def __init__(self, url: str, echo: bool = False) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise DatabaseUrlError(f"not a database URL: {url}") from exc
        self.url = parsed
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise DatabaseUrlError(f"unsupported database: {parsed.get_backend_name()}")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            path = self.sqlite_path
            if path is not None and not path.parent.is_dir():
                raise DatabaseUrlError(f"folder does not exist: {path.parent}")
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = dict(PG_CONNECT_ARGS)
        try:
            self.engine: Engine = create_engine(parsed, **kwargs)
        except ModuleNotFoundError as exc:
            raise DatabaseUrlError(f"database driver missing: {exc.name}") from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _set_sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._write_engine = self.engine.execution_options(write=True)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for a file-based SQLite URL, else None."""
        if not self.is_sqlite:
            return None
        db = self.url.database
        if not db or db == ":memory:" or db.startswith("file:"):
            return None
        return Path(db)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for one read-only user action."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for one write: commits on success, rolls back whole on any error."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def setup_transaction(self) -> Iterator[Connection]:
        """One transaction that only one station at a time may hold (schema upgrade, seeding).

        SQLite: BEGIN IMMEDIATE takes the database's write lock. PostgreSQL: a transaction-level
        advisory lock, so several PCs starting at once upgrade and seed exactly once.
        """
        with self._write_engine.begin() as conn:
            if not self.is_sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})
            yield conn

    def take_setup_lock(self, session: Session) -> None:
        """Hold the setup lock in a write session's transaction (PostgreSQL; SQLite has it)."""
        if not self.is_sqlite:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})

    def dispose(self) -> None:
        """Close every pooled connection (before copying or removing the file)."""
        self.engine.dispose()
