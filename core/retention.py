"""The retention job (R12): personal data kept for a limited time is deleted once it is due.

What goes, and when (docs/privacy.md says why):

- handoff snapshots (the webcam frame at a handoff) older than the school's retention period
  (``school.snapshot_retention_days``, default 30);
- the photo of a 代接 adult once their authorization ended (last valid day, or revoked) more
  than the same period ago: the gate never shows it again, and a question about one of their
  handoffs can still compare it with that handoff's snapshot while the snapshot is kept;
- the copies of an SQLite file made before a schema upgrade (``<name>.before-<rev>-<time>.db``)
  older than the period: they hold every snapshot the database has since deleted.

Each kind is one transaction with one ``system`` audit entry, and only when something is due;
a run with nothing due reads one indexed row per kind and writes nothing, so stations call it
at start and daily. Deleted content is overwritten on SQLite (``secure_delete``) and the WAL
is truncated afterwards, so a purged frame does not linger in free pages of the file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Select, delete, or_, select, text, update
from sqlalchemy.orm import Session

from core.account_rules import NotAllowedError
from core.clock import Clock
from core.errors import NotFoundError, ValidationError
from core.staff_types import SAFETY_OFFICER, StaffMember
from db import audit
from db.engine import Database
from db.models import (
    AuditHead,
    Handoff,
    HandoffSnapshot,
    Photo,
    ProxyAuthorization,
    School,
    Staff,
)

if TYPE_CHECKING:
    from core.services import Services

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30
MIN_DAYS, MAX_DAYS = 1, 365
ACTOR = "system"
# The stamp db.migrate writes into the name of the copy it makes before an upgrade.
_COPY_STAMP = re.compile(r"-(\d{8}-\d{6})$")


@dataclass(frozen=True)
class RetentionReport:
    """What one run deleted."""

    at: dt.datetime
    retention_days: int
    snapshots: int = 0
    proxy_photos: int = 0
    upgrade_copies: tuple[str, ...] = ()  # file names removed

    @property
    def cutoff(self) -> dt.datetime:
        """Anything older than this was due."""
        return self.at - dt.timedelta(days=self.retention_days)

    @property
    def total(self) -> int:
        """How many items went, of every kind."""
        return self.snapshots + self.proxy_photos + len(self.upgrade_copies)

    def line(self) -> str:
        """One line for the log file."""
        return (
            f"retention ({self.retention_days} days): {self.snapshots} snapshots, "
            f"{self.proxy_photos} proxy photos, {len(self.upgrade_copies)} pre-upgrade copies"
        )


def run_retention(source: Services | Database, now: dt.datetime | None = None) -> RetentionReport:
    """Delete what is past its retention period; safe to run any number of times.

    ``source`` is the services bundle (its database and clock) or a database; ``now``
    defaults to the services' clock.

    Raises:
        sqlalchemy.exc.SQLAlchemyError: the database failed; kinds already done stay done.
    """
    if isinstance(source, Database):
        db = source
        if now is None:
            raise TypeError("now is needed with a bare database")
    else:
        db = source._db  # noqa: SLF001 (the bundle's own database; core may reach it)
        now = source.clock.now() if now is None else now
    now = now.replace(tzinfo=None, microsecond=0)
    days = retention_days(db)
    cutoff = now - dt.timedelta(days=days)
    snapshots = _purge_snapshots(db, now, cutoff, days)
    photos = _purge_proxy_photos(db, now, cutoff, days)
    if (snapshots or photos) and db.is_sqlite:
        _truncate_wal(db)
    copies = _purge_upgrade_copies(db, now, cutoff, days)
    report = RetentionReport(now, days, snapshots, photos, copies)
    if report.total:
        log.info("%s", report.line())
    return report


def purge_snapshots(db: Database, now: dt.datetime) -> int:
    """Only the snapshots part of the job (what ``HandoffService.purge_snapshots`` promises)."""
    now = now.replace(tzinfo=None, microsecond=0)
    days = retention_days(db)
    count = _purge_snapshots(db, now, now - dt.timedelta(days=days), days)
    if count and db.is_sqlite:
        _truncate_wal(db)
    return count


def retention_days(db: Database) -> int:
    """The school's retention period in days (the default when unset or not positive)."""
    with db.read() as s:
        days = s.scalar(select(School.snapshot_retention_days).where(School.id == 1))
    return days if days is not None and days > 0 else DEFAULT_DAYS


class RetentionSettings:
    """The retention period (R12) as the settings page reads and changes it."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def days(self) -> int:
        """Days snapshots (and ended proxies' photos) are kept."""
        return retention_days(self._db)

    def set_days(self, days: int, member: StaffMember) -> None:
        """Change the period (the safety officer); the next run of the job applies it.

        Raises:
            ValidationError: ``retention_range`` outside 1–365 days.
            NotAllowedError: ``settings_not_allowed``, not an active safety officer.
        """
        if not MIN_DAYS <= days <= MAX_DAYS:
            raise ValidationError("retention_range", "retention must be 1-365 days")
        with self._db.write() as s:
            # Checked in the database: the account may have been demoted on another station.
            staff = s.get(Staff, member.id)
            if staff is None or not staff.active or staff.role != SAFETY_OFFICER:
                raise NotAllowedError(
                    "settings_not_allowed", "only the safety officer changes the retention period"
                )
            school = s.get(School, 1)
            if school is None:
                raise NotFoundError("school not set up")
            old = school.snapshot_retention_days
            school.snapshot_retention_days = days
            audit.append(
                s,
                self._clock.now(),
                member.actor,
                "school.retention",
                "school",
                1,
                {"old": old, "new": days},
            )


def _lock(db: Database, s: Session) -> None:
    # The audit head's lock first: a second station running the job at the same moment waits,
    # then finds nothing left and writes no second entry.
    s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
    if db.is_sqlite:
        # Freed pages are zeroed, not left readable in the file (some builds do this already).
        s.execute(text("PRAGMA secure_delete=ON"))


def _purge_snapshots(db: Database, now: dt.datetime, cutoff: dt.datetime, days: int) -> int:
    due = HandoffSnapshot.taken_at < cutoff
    with db.read() as s:
        if s.scalar(select(HandoffSnapshot.id).where(due).limit(1)) is None:
            return 0
    with db.write() as s:
        _lock(db, s)
        ids = list(s.scalars(select(HandoffSnapshot.id).where(due).order_by(HandoffSnapshot.id)))
        if not ids:
            return 0
        old = select(HandoffSnapshot.id).where(due).scalar_subquery()
        s.execute(update(Handoff).where(Handoff.snapshot_id.in_(old)).values(snapshot_id=None))
        s.execute(delete(HandoffSnapshot).where(due))
        audit.append(
            s,
            now,
            ACTOR,
            "snapshot.purge",
            "handoff_snapshot",
            "",
            {"count": len(ids), "cutoff": cutoff, "retention_days": days},
        )
    return len(ids)


def _ended_proxies(cutoff: dt.datetime) -> Select[int]:
    """Proxies whose authorization ended before ``cutoff``: past their last day, or revoked."""
    return select(ProxyAuthorization.id).where(
        or_(
            ProxyAuthorization.valid_to < cutoff.date(),
            ProxyAuthorization.revoked_at < cutoff,
        )
    )


def _purge_proxy_photos(db: Database, now: dt.datetime, cutoff: dt.datetime, days: int) -> int:
    due = (Photo.owner_kind == "proxy") & Photo.owner_id.in_(_ended_proxies(cutoff))
    with db.read() as s:
        if s.scalar(select(Photo.id).where(due).limit(1)) is None:
            return 0
    with db.write() as s:
        _lock(db, s)
        owners = list(s.scalars(select(Photo.owner_id).where(due).order_by(Photo.owner_id)))
        if not owners:
            return 0
        s.execute(delete(Photo).where(due))
        audit.append(
            s,
            now,
            ACTOR,
            "photo.purge",
            "photo",
            "",
            {
                "owner_kind": "proxy",
                "proxy_ids": owners,
                "count": len(owners),
                "cutoff": cutoff,
                "retention_days": days,
            },
        )
    return len(owners)


def _truncate_wal(db: Database) -> None:
    # The WAL still holds the deleted pages' old images until overwritten; a truncating
    # checkpoint drops them. Busy readers just make it a no-op until the next run.
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception:  # noqa: BLE001 - best effort: the purge itself is committed
        log.warning("WAL checkpoint after the retention purge failed", exc_info=True)


def upgrade_copies(db: Database) -> list[tuple[Path, dt.datetime]]:
    """The pre-upgrade copies beside an SQLite file with the time in their name, oldest first."""
    path = db.sqlite_path
    if path is None or not path.parent.is_dir():
        return []
    found = []
    for copy in path.parent.glob(f"{path.stem}.before-*{path.suffix}"):
        match = _COPY_STAMP.search(copy.name.removesuffix(path.suffix))
        if match is None or not copy.is_file():
            continue
        try:
            made = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        found.append((copy, made))
    return sorted(found, key=lambda item: item[1])


def _purge_upgrade_copies(
    db: Database, now: dt.datetime, cutoff: dt.datetime, days: int
) -> tuple[str, ...]:
    removed = []
    for copy, made in upgrade_copies(db):
        if made >= cutoff:
            continue
        try:
            copy.unlink()
        except OSError as exc:  # open in another program (Windows): next run
            log.warning("cannot delete the pre-upgrade copy %s: %s", copy, exc)
            continue
        removed.append(copy.name)
    if removed:
        with db.write() as s:
            audit.append(
                s,
                now,
                ACTOR,
                "upgrade_copy.purge",
                "database_copy",
                "",
                {"files": removed, "count": len(removed), "cutoff": cutoff, "retention_days": days},
            )
    return tuple(removed)
