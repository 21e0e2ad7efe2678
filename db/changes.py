"""Tells a station when another has written: LISTEN/NOTIFY on PostgreSQL, a cheap poll on SQLite.

Every write that matters appends an audit entry, which bumps ``audit_head.seq`` in the same
transaction; that one number is the change check. On PostgreSQL the append also sends
``NOTIFY afterschool_changes`` (db.audit), delivered on commit, so a waiting watcher wakes at once.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import sqlite3
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy import select as sa_select
from sqlalchemy.exc import SQLAlchemyError

from db.audit import CHANGES_CHANNEL
from db.engine import PG_CONNECT_ARGS as ENGINE_CONNECT_ARGS
from db.engine import SQLITE_BUSY_MS, Database
from db.models import AuditHead

log = logging.getLogger(__name__)

SEQ_QUERY = "SELECT seq FROM audit_head WHERE id = 1"
SQLITE_POLL_S = 0.5
# A NOTIFY sent while the listener was reconnecting is lost; this poll catches up anyway.
PG_POLL_S = 1.0
# libpq settings so that a dead server or network is noticed in seconds, not minutes.
PG_CONNECT_ARGS: dict[str, str | int] = {
    **ENGINE_CONNECT_ARGS,
    "connect_timeout": 2,
    "application_name": "afterschool-live",
}


class DatabaseLostError(ConnectionError):
    """The database cannot be reached (file gone, server down, connection dropped)."""


def pg_conninfo(database: Database) -> str:
    """The libpq address of a ``postgresql+psycopg://`` database, password included."""
    return database.url.set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeWatcher:
    """Waits, on one thread of its own, until the audit sequence number moves.

    Build it anywhere, then call ``wait``/``current`` from one thread only; ``wake`` and nothing
    else may be called from another thread. After a ``DatabaseLostError`` the next call tries
    to connect again.
    """

    def __init__(self, database: Database, *, poll_interval: float | None = None) -> None:
        self._db = database
        self.is_postgres = not database.is_sqlite
        default = SQLITE_POLL_S if database.is_sqlite else PG_POLL_S
        self.poll_interval = default if poll_interval is None else poll_interval
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None
        self._last: int | None = None
        # A socket pair, so that wake() can interrupt select() on the server connection too.
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)

    @property
    def last_seq(self) -> int | None:
        """The sequence number last returned (None before the first read)."""
        return self._last

    @property
    def backend_pid(self) -> int | None:
        """The listening server process on PostgreSQL while connected (for tests), else None."""
        return self._conn.info.backend_pid if self._conn is not None else None

    def current(self) -> int:
        """Read the sequence number now (connecting and listening first when needed).

        Raises:
            DatabaseLostError: the database cannot be reached.
        """
        seq = self._read_pg() if self.is_postgres else self._read_sqlite()
        self._last = seq
        return seq

    def wait(self, timeout: float) -> int:
        """Block until the sequence number moves, ``wake`` is called or ``timeout`` passes.

        The first call only reads the number. Returns the number as last read.

        Raises:
            DatabaseLostError: the database cannot be reached.
        """
        if self._last is None:
            return self.current()
        last = self._last
        deadline = time.monotonic() + timeout
        next_poll = time.monotonic() + self.poll_interval
        while True:
            now = time.monotonic()
            if now >= deadline:
                return last
            sockets: list[socket.socket | int] = [self._wake_r]
            if self.is_postgres:
                sockets.append(self._pg_connection().fileno())
            ready, _, _ = select.select(sockets, [], [], min(deadline, next_poll) - now)
            if self._wake_r in ready:
                self._drain_wake()
                return last
            if ready or time.monotonic() >= next_poll:
                # A NOTIFY (the query also consumes it), a dropped connection, or poll time.
                next_poll = time.monotonic() + self.poll_interval
                seq = self.current()
                if seq != last:
                    return seq

    def wake(self) -> None:
        """Make a ``wait`` in progress return now; safe from any thread."""
        # A full buffer holds wake-ups already; a closed watcher has nothing to wake.
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def close(self) -> None:
        """Close the server connection and the wake-up sockets."""
        self._disconnect()
        self._wake_r.close()
        self._wake_w.close()

    # --- PostgreSQL ---

    def _pg_connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._conn is None or self._conn.closed:
            try:
                conninfo = make_conninfo(pg_conninfo(self._db), **PG_CONNECT_ARGS)
                conn = psycopg.connect(conninfo, autocommit=True)
                conn.execute(f"LISTEN {CHANGES_CHANNEL}")
            except psycopg.Error as exc:
                raise DatabaseLostError(_pg_detail(exc)) from exc
            # Payloads need no handling: the next seq query reads the number they carry.
            conn.add_notify_handler(lambda _notify: None)
            self._conn = conn
        return self._conn

    def _read_pg(self) -> int:
        conn = self._pg_connection()
        try:
            row = conn.execute(SEQ_QUERY).fetchone()
        except psycopg.Error as exc:
            self._disconnect()
            raise DatabaseLostError(_pg_detail(exc)) from exc
        if row is None:
            raise DatabaseLostError("the database holds no audit chain")
        return int(row[0])

    def _disconnect(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except psycopg.Error:
                log.debug("closing the listener connection failed", exc_info=True)

    # --- SQLite ---

    def _read_sqlite(self) -> int:
        path = self._db.sqlite_path
        if path is None:  # in memory: only this process can write anyway
            try:
                with self._db.read() as session:
                    return session.execute(sa_select(AuditHead.seq)).scalar_one()
            except SQLAlchemyError as exc:
                raise DatabaseLostError(str(exc)) from exc
        return _sqlite_seq(path)

    def _drain_wake(self) -> None:
        with contextlib.suppress(OSError):  # BlockingIOError: drained
            while self._wake_r.recv(256):
                pass


def _sqlite_seq(path: Path) -> int:
    """The seq through a fresh connection, so a file moved, deleted or unreachable shows at once.

    A connection kept open would go on reading a deleted file's old contents without an error.
    """
    try:
        # mode=rw: never create an empty database where the real one has gone.
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=SQLITE_BUSY_MS / 5000
        )
    except sqlite3.Error as exc:
        raise DatabaseLostError(f"{path}: {exc}") from exc
    try:
        row = conn.execute(SEQ_QUERY).fetchone()
    except sqlite3.Error as exc:
        raise DatabaseLostError(f"{path}: {exc}") from exc
    finally:
        conn.close()
    if row is None:
        raise DatabaseLostError(f"{path}: the database holds no audit chain")
    return int(row[0])


def _pg_detail(exc: psycopg.Error) -> str:
    # libpq messages run over several lines; the first one says what happened.
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
