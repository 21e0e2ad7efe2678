"""Backups: a consistent copy while stations write, and a daily copy keeping the newest N.

SQLite is copied through its backup API (one read snapshot, so writers carry on); PostgreSQL
through ``pg_dump``'s custom format, checked with ``pg_restore --list``. Restores are in
core/restore.py; the operator's guide is docs/backup.md.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL

from core.errors import AfterSchoolError, DatabaseUnavailableError
from db.engine import APP_AUTHOR, APP_NAME, Database, DatabaseUrlError, data_dir, resolve_url

log = logging.getLogger(__name__)

ENV_BACKUP_DIR = "AFTERSCHOOL_BACKUP_DIR"
ENV_BACKUP_KEEP = "AFTERSCHOOL_BACKUP_KEEP"
# "0" turns the automatic daily backup off (a school whose server is backed up otherwise).
ENV_BACKUP_DAILY = "AFTERSCHOOL_BACKUP_DAILY"
# In the user config directory: {"folder": "...", "keep": 14, "daily": true}.
SETTINGS_FILE = "backup.json"
DEFAULT_KEEP = 14
TOOL_TIMEOUT_S = 3600  # a dump that hangs this long is broken, not slow
STALE_CLAIM_S = 3600  # a daily backup claim older than this was left by a crashed process
STAMP = "%Y%m%d-%H%M%S"


class BackupError(AfterSchoolError):
    """A backup or restore could not be carried out (nothing was replaced)."""

    code = "backup_failed"


def database_for(url: str | None, demo: bool = False) -> Database:
    """The database named by ``url`` (or $AFTERSCHOOL_DB, or the default), not yet connected.

    Unlike opening it for the app, this neither creates an SQLite file nor migrates anything.

    Raises:
        DatabaseUnavailableError: the URL cannot be used.
    """
    try:
        return Database(resolve_url(url, demo))
    except DatabaseUrlError as exc:
        raise DatabaseUnavailableError(str(exc)) from exc


def where(db: Database) -> str:
    """The database in words: the SQLite file, or the URL without its password."""
    path = db.sqlite_path
    return str(path) if path is not None else db.url.render_as_string(hide_password=True)


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{max(1, round(n / 1000))} KB"


def first_line(exc: BaseException) -> str:
    """The first line of a (driver's) error message."""
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


# --- the copy -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    """One backup written."""

    source: str
    path: Path
    size: int
    seconds: float

    def line(self) -> str:
        """One English line: what was copied where, and how big it is."""
        return f"backed up {self.source} to {self.path} ({_size(self.size)}, {self.seconds:.1f} s)"


def backup_database(db: Database, out: Path) -> BackupResult:
    """Write a consistent copy of the database to ``out``, while stations may be writing.

    The copy is written beside ``out`` and renamed over it only when complete and checked, so
    ``out`` is never left half-written.

    Raises:
        BackupError: the database cannot be read, the tool failed or ``out`` cannot be written.
    """
    if out.is_dir():
        raise BackupError(f"{out} is a folder: name the backup file")
    if not out.parent.is_dir():
        raise BackupError(f"folder does not exist: {out.parent}")
    source = db.sqlite_path
    if source is not None and out.exists() and out.resolve() == source.resolve():
        raise BackupError(f"{out} is the database itself: choose another file")
    part = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    started = time.perf_counter()
    try:
        if db.is_sqlite:
            if source is None:
                raise BackupError("an in-memory database cannot be backed up")
            _sqlite_copy(source, part)
        else:
            _pg_dump(db.url, part)
        fsync_file(part)
        os.replace(part, out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise BackupError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        with suppress(OSError):
            part.unlink(missing_ok=True)
    return BackupResult(where(db), out, out.stat().st_size, time.perf_counter() - started)


def _sqlite_copy(source: Path, dest: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    try:
        src = sqlite3.connect(source, timeout=10)
        try:
            copy = sqlite3.connect(dest)
            try:
                # One step: a single read snapshot (WAL lets writers go on meanwhile); a
                # page-by-page copy would restart at every write and might never finish.
                src.backup(copy)
                # A self-contained file, with no -wal beside it, that opens read-only anywhere.
                copy.execute("PRAGMA journal_mode=DELETE")
                result = copy.execute("PRAGMA integrity_check").fetchall()
            finally:
                copy.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"cannot back up {source}: {exc}") from exc
    if result != [("ok",)]:
        raise BackupError(f"the copy of {source} fails the integrity check: {result[0][0]}")


def fsync_file(path: Path) -> None:
    """Flush a file to the disk, so a power cut cannot leave a renamed but empty backup."""
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries, so a rename survives a power cut."""
    if os.name == "nt":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename itself
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- PostgreSQL tools -------------------------------------------------------------------------


def _version_key(path: Path) -> tuple[int, ...]:
    # .../postgresql/<version>/bin/pg_dump
    return tuple(int(p) for p in re.findall(r"\d+", path.parent.parent.name))


def find_pg_tool(name: str) -> Path:
    """``pg_dump`` or ``pg_restore``: on PATH, else the newest PostgreSQL installation's.

    Raises:
        BackupError: no installation has it.
    """
    found = shutil.which(name)
    if found:
        return Path(found)
    exe = f"{name}.exe" if os.name == "nt" else name
    roots = [Path("/usr/lib/postgresql")]
    for var in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        if os.environ.get(var):
            roots.append(Path(os.environ[var]) / "PostgreSQL")
    candidates = [p for root in roots if root.is_dir() for p in root.glob(f"*/bin/{exe}")]
    if not candidates:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client tools (see docs/backup.md)"
        )
    return max(candidates, key=_version_key)


def libpq(url: URL, database: str | None = None) -> tuple[str, dict[str, str]]:
    """A connection string without the password, and the child's environment holding it."""
    parts: dict[str, object] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "dbname": database or url.database,
    }
    for key, value in url.query.items():
        parts[key] = value[-1] if isinstance(value, tuple) else value
    conninfo = " ".join(
        "{}='{}'".format(k, str(v).replace("\\", "\\\\").replace("'", "\\'"))
        for k, v in parts.items()
        if v not in (None, "")
    )
    env = dict(os.environ)
    if url.password:
        # Only in the child's environment: a command line is visible to every user of the PC.
        env["PGPASSWORD"] = str(url.password)
    return conninfo, env


def run_pg_tool(args: list[str], env: dict[str, str] | None = None) -> str:
    """Run a PostgreSQL tool; its stdout, or BackupError with the last line it complained."""
    try:
        done = subprocess.run(
            args,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TOOL_TIMEOUT_S,
            check=False,
            # No console window flashing up over the app on Windows.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"{Path(args[0]).name} failed: {exc}") from exc
    if done.returncode != 0:
        lines = [ln.strip() for ln in done.stderr.splitlines() if ln.strip()]
        errors = [ln for ln in lines if "error" in ln.lower()] or lines or ["no message"]
        raise BackupError(f"{errors[-1]} (exit {done.returncode})")
    return done.stdout


def _pg_dump(url: URL, dest: Path) -> None:
    conninfo, env = libpq(url)
    tool = str(find_pg_tool("pg_dump"))
    # --no-password: a GUI has no terminal to ask on; the password comes from the URL.
    run_pg_tool(
        [
            tool,
            "--format=custom",
            "--no-password",
            "--lock-wait-timeout=60000",
            f"--file={dest}",
            f"--dbname={conninfo}",
        ],
        env,
    )
    listing = run_pg_tool([str(find_pg_tool("pg_restore")), "--list", str(dest)])
    if "TABLE DATA public audit_entry" not in listing:
        raise BackupError(f"the dump of {url.database} does not hold the audit log")


# --- the daily backup -------------------------------------------------------------------------


def _settings() -> dict[str, object]:
    path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise BackupError(f'{path}: expected an object like {{"keep": 14}}')
    return data


def backup_folder(db: Database) -> Path:
    """Where daily backups go: $AFTERSCHOOL_BACKUP_DIR, backup.json's folder, or the default.

    The default is beside the SQLite file (``<stem>-备份``), or for PostgreSQL one folder per
    server database in the user data directory.
    """
    chosen = os.environ.get(ENV_BACKUP_DIR) or _settings().get("folder")
    if chosen:
        return Path(str(chosen))
    path = db.sqlite_path
    if path is not None:
        return path.with_name(f"{path.stem}-备份")
    return data_dir() / "backups" / f"{db.url.host or 'local'}-{db.url.database or 'database'}"


def daily_enabled() -> bool:
    """Whether the app makes its daily backup: $AFTERSCHOOL_BACKUP_DAILY, backup.json, else on."""
    raw = os.environ.get(ENV_BACKUP_DAILY)
    if raw is not None:
        return raw.strip().lower() not in ("0", "false", "no", "off")
    return _settings().get("daily", True) is not False


def keep_count() -> int:
    """How many daily backups to keep: $AFTERSCHOOL_BACKUP_KEEP, backup.json's keep, or 14.

    Raises:
        BackupError: the number given is not a whole number of at least 1.
    """
    raw = os.environ.get(ENV_BACKUP_KEEP) or _settings().get("keep") or DEFAULT_KEEP
    try:
        keep = int(str(raw))
    except ValueError:
        keep = 0
    if keep < 1:
        raise BackupError(f"backups to keep must be a whole number of at least 1, not {raw!r}")
    return keep


class BackupService:
    """The automatic daily backup: at most one a day, keeping the newest ``keep``.

    Uses only the database's address, so it may run on a worker thread.
    """

    def __init__(self, db: Database, folder: Path | None = None, keep: int | None = None) -> None:
        self._db = db
        self._folder = folder
        self._keep = keep
        path = db.sqlite_path
        self._prefix = path.stem if path is not None else (db.url.database or "database")
        self._suffix = ".db" if db.is_sqlite else ".dump"
        self._pattern = re.compile(
            rf"{re.escape(self._prefix)}-(\d{{8}})-\d{{6}}{re.escape(self._suffix)}"
        )

    @property
    def folder(self) -> Path:
        """The folder the daily backups go to."""
        return self._folder or backup_folder(self._db)

    def existing(self) -> list[Path]:
        """This database's daily backups, oldest first."""
        folder = self.folder
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if self._pattern.fullmatch(p.name))

    def daily_if_due(self, now: dt.datetime) -> Path | None:
        """Back up unless today's backup exists; then keep only the newest N. None when not due.

        Raises:
            BackupError: the backup failed (the older backups are left as they were).
        """
        day = f"{now:%Y%m%d}"
        if not daily_enabled() or self._done(day):
            return None
        keep = self._keep or keep_count()  # a bad setting fails before anything is written
        folder = self.folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"cannot create {folder}: {exc.strerror or exc}") from exc
        claim = folder / f".{self._prefix}-{day}.claim"
        if not _claim(claim):
            return None  # another process of this PC is making today's backup
        try:
            if self._done(day):
                return None
            out = folder / f"{self._prefix}-{now.strftime(STAMP)}{self._suffix}"
            result = backup_database(self._db, out)
            log.info("daily backup %s", result.line())
            self._rotate(keep)
            return out
        finally:
            claim.unlink(missing_ok=True)

    def _done(self, day: str) -> bool:
        return any(p.name[len(self._prefix) + 1 :].startswith(day) for p in self.existing())

    def _rotate(self, keep: int) -> None:
        for old in self.existing()[:-keep]:
            try:
                old.unlink()
            except OSError:  # e.g. open in another program on Windows: next day's turn
                log.warning("could not remove the old backup %s", old, exc_info=True)
        for part in self.folder.glob(f".{self._prefix}-*.part"):
            with suppress(OSError):
                if time.time() - part.stat().st_mtime > STALE_CLAIM_S:
                    part.unlink()


def _claim(path: Path) -> bool:
    for _ in range(2):
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return True
        except FileExistsError:
            with suppress(OSError):
                if time.time() - path.stat().st_mtime > STALE_CLAIM_S:
                    path.unlink()  # left by a process that died: take the day over
                    continue
            return False
    return False
