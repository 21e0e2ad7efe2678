"""Day close (日结, R8): refused while a present child is unaccounted for; archives the log.

Closing does not lock the day: a correction afterwards is recorded like any other change, with
its audit entry (R10), and the archive then gets a re-issued log that says it was re-issued and
why. Each issue of the log is a file in the archive plus a ``day_log_issue`` row with its
SHA-256, so a printed or copied log can be checked against the archive later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import Clock
from core.daily_log import DailyLog
from core.dismissal import DismissalService
from core.dismissal_types import BoardChild
from core.errors import ValidationError
from core.log_pdf import render_log_pdf
from core.staff_types import StaffMember
from db import audit
from db.engine import Database, data_dir
from db.models import AuditEntry, DayClose, DayLogIssue

# Writes the day's log to a path (the PDF exporter); passed in so this module stays small.
LogWriter = Callable[[dt.date, Path, str], None]
ENV_ARCHIVE = "AFTERSCHOOL_ARCHIVE"


@dataclass(frozen=True)
class LogIssue:
    """One archived issue of a day's log."""

    version: int
    issued_at: dt.datetime
    reason: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class DayStatus:
    """Whether a day is closed, its archived issues and what changed since the last one."""

    day: dt.date
    closed_at: dt.datetime | None
    closed_by: str
    issues: tuple[LogIssue, ...]
    unaccounted: tuple[BoardChild, ...]
    corrections: int  # audit entries about the day after its latest issue

    @property
    def closed(self) -> bool:
        """The day was closed."""
        return self.closed_at is not None


def pdf_log_writer(build: Callable[[dt.date], DailyLog]) -> LogWriter:
    """The archive's writer: the day's log as a PDF, saying which issue it is when re-issued."""

    def write(day: dt.date, path: Path, note: str) -> None:
        log = build(day)
        render_log_pdf(replace(log, issue_note=note) if note else log, path)

    return write


def archive_dir() -> Path:
    """Where closed days' logs are kept: $AFTERSCHOOL_ARCHIVE, else the data directory."""
    value = os.environ.get(ENV_ARCHIVE)
    path = Path(value) if value else data_dir() / "archive"
    path.mkdir(parents=True, exist_ok=True)
    return path


def archive_for(db: Database) -> Path:
    """The archive of one database: beside an SQLite file, else one folder per server database.

    The demo school's logs must never mix with the real school's.
    """
    if os.environ.get(ENV_ARCHIVE):
        return archive_dir()
    path = db.sqlite_path
    if path is not None:
        return path.with_name(f"{path.stem}-看管记录存档")
    name = db.url.database or "database"
    return data_dir() / "archive" / f"{db.url.host or 'local'}-{name}"


class DayCloseService:
    """Closes days and keeps their logs in the archive."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        dismissal: DismissalService,
        write_log: LogWriter,
        archive: Path | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._dismissal = dismissal
        self._write_log = write_log
        self._archive = archive

    def _folder(self) -> Path:
        folder = self._archive or archive_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def unaccounted(self, day: dt.date) -> tuple[BoardChild, ...]:
        """Present children with no handoff, self-release or custody record (R8)."""
        return tuple(c for c in self._dismissal.board(day).children if c.still_waiting)

    def status(self, day: dt.date) -> DayStatus:
        """The day's close, its issues and the corrections made since the latest issue."""
        with self._db.read() as s:
            closed = s.scalar(select(DayClose).where(DayClose.on_date == day))
            rows = s.scalars(
                select(DayLogIssue).where(DayLogIssue.on_date == day).order_by(DayLogIssue.version)
            ).all()
            closer = ""
            if closed is not None and closed.closed_by is not None:
                closer = audit_actor(s, day)
            since = rows[-1].audit_seq if rows else None
            corrections = _corrections(s, day, since) if since is not None else 0
        folder = self._folder()
        issues = tuple(
            LogIssue(r.version, r.issued_at, r.reason, folder / r.file_name, r.sha256) for r in rows
        )
        return DayStatus(
            day,
            closed.closed_at if closed else None,
            closer,
            issues,
            () if closed else self.unaccounted(day),
            corrections,
        )

    def close(self, day: dt.date, member: StaffMember) -> LogIssue:
        """Close ``day``: refused while a present child is unaccounted for.

        Raises:
            ValidationError: ``unaccounted`` (``names``: the children), ``already_closed``,
                ``future_day``.
        """
        now = self._clock.now().replace(tzinfo=None)
        if day > now.date():
            raise ValidationError("future_day", "a day in the future cannot be closed")
        waiting = self.unaccounted(day)
        if waiting:
            raise ValidationError(
                "unaccounted",
                "present children are not accounted for",
                names=[f"{c.class_name} {c.name}" for c in waiting],
            )
        return self._issue(day, member, now, "", close=True)

    def reissue(self, day: dt.date, member: StaffMember, reason: str) -> LogIssue:
        """Archive a new issue of a closed day's log after a correction; it says why.

        Raises:
            ValidationError: ``not_closed``, ``reason_required``.
        """
        reason = reason.strip()
        if not reason:
            raise ValidationError("reason_required", "say why the log is re-issued")
        now = self._clock.now().replace(tzinfo=None)
        with self._db.read() as s:
            if s.scalar(select(DayClose.id).where(DayClose.on_date == day)) is None:
                raise ValidationError("not_closed", "the day is not closed")
        return self._issue(day, member, now, reason[:200], close=False)

    def _issue(
        self, day: dt.date, member: StaffMember, now: dt.datetime, reason: str, *, close: bool
    ) -> LogIssue:
        folder = self._folder()
        with self._db.read() as s:
            version = (
                s.scalar(select(func.max(DayLogIssue.version)).where(DayLogIssue.on_date == day))
                or 0
            ) + 1
        name = f"看管记录-{day.isoformat()}-第{version}版.pdf"
        final = folder / name
        temp = folder / f".{name}.part"
        note = "" if version == 1 else f"第{version}版，更正后重新出具：{reason}"
        # The file first, under a temporary name: the day is closed only once its log exists,
        # and a failed commit leaves no file that claims to be the archive's.
        self._write_log(day, temp, note)
        digest = hashlib.sha256(temp.read_bytes()).hexdigest()
        try:
            with self._db.write() as s:
                if close:
                    s.add(DayClose(on_date=day, closed_at=now, closed_by=member.id))
                    s.flush()
                entry = audit.append(
                    s,
                    now,
                    member.actor,
                    "day.close" if close else "day.reissue",
                    "day",
                    day.isoformat(),
                    {
                        "date": day,
                        "version": version,
                        "file": name,
                        "sha256": digest,
                        "reason": reason,
                    },
                )
                s.add(
                    DayLogIssue(
                        on_date=day,
                        version=version,
                        issued_at=now,
                        reason=reason,
                        file_name=name,
                        sha256=digest,
                        audit_seq=entry.seq,
                    )
                )
        except IntegrityError as exc:
            temp.unlink(missing_ok=True)
            raise ValidationError("already_closed", "the day was closed meanwhile") from exc
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        os.replace(temp, final)
        return LogIssue(version, now, reason, final, digest)


def audit_actor(s: Session, day: dt.date) -> str:
    """Who closed the day, as the audit log names them."""
    return (
        s.scalar(
            select(AuditEntry.actor).where(
                AuditEntry.action == "day.close", AuditEntry.entity_id == day.isoformat()
            )
        )
        or ""
    )


def _corrections(s: Session, day: dt.date, since_seq: int) -> int:
    """Audit entries after ``since_seq`` about ``day`` (their payload names the date)."""
    marker = json.dumps(day.isoformat())
    return len(
        [
            p
            for action, p in s.execute(
                select(AuditEntry.action, AuditEntry.payload).where(AuditEntry.seq > since_seq)
            )
            if action not in ("day.close", "day.reissue") and f'"date": {marker}' in p
        ]
    )
