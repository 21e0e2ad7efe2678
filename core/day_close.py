"""Day close (日结, R8): refused while a present child is unaccounted for; archives the log.

Closing does not lock the day: a correction afterwards is recorded like any other change, with
its audit entry (R10), and the archive then gets a re-issued log that says it was re-issued,
why, and lists every correction since the close. ``reissue_due`` does that by itself for each
corrected day (the stations call it whenever the database changes); ``reissue`` lets the
safety officer add a reason of their own. Each issue of the log is a file in the archive plus
a ``day_log_issue`` row with its SHA-256, so a printed or copied log can be checked against the
archive later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import Clock
from core.daily_log import DailyLog, LogSection
from core.day_corrections import (
    corrections_section,
    count_corrections,
    days_touched,
    read_corrections,
)
from core.dismissal import DismissalService
from core.dismissal_types import BoardChild
from core.errors import ValidationError
from core.log_pdf import render_log_pdf
from core.staff_types import StaffMember
from db import audit
from db.engine import Database, data_dir
from db.models import AuditEntry, DayClose, DayLogIssue

# Writes the day's log to a path (the PDF exporter) with a re-issue's note and its table of
# corrections; passed in so this module stays small.
LogWriter = Callable[[dt.date, Path, str, LogSection | None], None]
ENV_ARCHIVE = "AFTERSCHOOL_ARCHIVE"
# Corrections are looked for automatically on days closed this recently; an older day's
# correction still shows on the log page, which offers the re-issue.
AUTO_REISSUE_DAYS = 14
AUTO_REASON = "日结后有 {n} 项更正，自动重新出具"


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

    def write(day: dt.date, path: Path, note: str, corrections: LogSection | None) -> None:
        log = build(day)
        if note:
            log = replace(log, issue_note=note)
        if corrections is not None:
            log = replace(log, sections=(*log.sections, corrections))
        render_log_pdf(log, path)

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
        # Audit entries up to here were looked at by reissue_due (this process only).
        self._scanned = 0

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
            corrections = count_corrections(s, day, since) if since is not None else 0
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

    def reissue(
        self, day: dt.date, member: StaffMember, reason: str, *, after_seq: int | None = None
    ) -> LogIssue:
        """Archive a new issue of a closed day's log after a correction; it says why.

        ``after_seq``: issue only if the day's latest issue is still the one at that audit
        entry (another station may have re-issued it meanwhile).

        Raises:
            ValidationError: ``not_closed``, ``reason_required``, ``already_reissued``.
        """
        reason = reason.strip()
        if not reason:
            raise ValidationError("reason_required", "say why the log is re-issued")
        now = self._clock.now().replace(tzinfo=None)
        with self._db.read() as s:
            if s.scalar(select(DayClose.id).where(DayClose.on_date == day)) is None:
                raise ValidationError("not_closed", "the day is not closed")
        return self._issue(day, member, now, reason[:200], close=False, after_seq=after_seq)

    def reissue_due(self, member: StaffMember) -> list[LogIssue]:
        """Re-issue the log of every recently closed day corrected since its latest issue.

        Cheap when nothing changed: only audit entries this process has not looked at yet are
        read. A day another station re-issued meanwhile is left alone.
        """
        today = self._clock.now().replace(tzinfo=None).date()
        since = today - dt.timedelta(days=AUTO_REISSUE_DAYS)
        with self._db.read() as s:
            latest = dict(
                s.execute(
                    select(DayLogIssue.on_date, func.max(DayLogIssue.audit_seq))
                    .where(DayLogIssue.on_date >= since)
                    .group_by(DayLogIssue.on_date)
                ).all()
            )
            head = audit.chain_head(s).seq
            if not latest or head <= self._scanned:
                self._scanned = max(self._scanned, head)
                return []
            low = max(self._scanned, min(latest.values()))
            due = sorted(days_touched(s, low, {d: seq for d, seq in latest.items() if seq}))
        issued = []
        for day in due:
            with self._db.read() as s:
                seq = s.scalar(
                    select(func.max(DayLogIssue.audit_seq)).where(DayLogIssue.on_date == day)
                )
                n = count_corrections(s, day, seq or 0)
            if n == 0:
                continue  # another station re-issued it meanwhile
            try:
                issued.append(self.reissue(day, member, AUTO_REASON.format(n=n), after_seq=seq))
            except ValidationError as exc:
                if exc.code not in ("already_closed", "already_reissued"):
                    raise
        self._scanned = head
        return issued

    def _issue(
        self,
        day: dt.date,
        member: StaffMember,
        now: dt.datetime,
        reason: str,
        *,
        close: bool,
        after_seq: int | None = None,
    ) -> LogIssue:
        folder = self._folder()
        with self._db.read() as s:
            version = (
                s.scalar(select(func.max(DayLogIssue.version)).where(DayLogIssue.on_date == day))
                or 0
            ) + 1
            first = s.scalar(
                select(DayLogIssue.audit_seq).where(
                    DayLogIssue.on_date == day, DayLogIssue.version == 1
                )
            )
            table = (
                corrections_section(read_corrections(s, day, first)) if first is not None else None
            )
        name = f"看管记录-{day.isoformat()}-第{version}版.pdf"
        final = folder / name
        temp = folder / f".{name}.part"
        note = "" if version == 1 else f"第{version}版，更正后重新出具：{reason}"
        # The file first, under a temporary name: the day is closed only once its log exists,
        # and a failed commit leaves no file that claims to be the archive's.
        self._write_log(day, temp, note, table)
        digest = hashlib.sha256(temp.read_bytes()).hexdigest()
        try:
            with self._db.write() as s:
                if after_seq is not None and after_seq != s.scalar(
                    select(func.max(DayLogIssue.audit_seq)).where(DayLogIssue.on_date == day)
                ):
                    raise ValidationError("already_reissued", "re-issued meanwhile")
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
