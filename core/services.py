"""The bundle of core services the desktop app is built on (wired once, in main.py)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from core.accounts import AccountService
from core.attendance import AttendanceService
from core.audit_service import AuditService
from core.backup import BackupService
from core.card_tokens import CardKey, load_or_create
from core.cards import CardService, school_key_fingerprint
from core.clock import Clock
from core.clubs import ClubService
from core.coverage import CoverageService
from core.daily_log import DailyLog, build_daily_log
from core.day_close import DayCloseService, archive_for, pdf_log_writer
from core.dismissal import DismissalService
from core.dismissal_settings import DismissalSettings
from core.handoffs import HandoffService
from core.incidents import SafetyRecords
from core.people import PeopleService
from core.privacy import PrivacyService
from core.reports import ReportService
from core.retention import RetentionSettings
from core.roster_import import RosterService
from core.schedule_service import ScheduleService
from core.students import StudentInfo, list_students
from core.today import TodayService
from core.verdict import VerdictService
from db.changes import ChangeWatcher
from db.engine import Database


@dataclass(frozen=True)
class Services:
    """Everything the UI may call; the UI never sees the database itself."""

    clock: Clock
    accounts: AccountService
    schedule: ScheduleService
    today: TodayService
    attendance: AttendanceService
    audit: AuditService
    clubs: ClubService
    coverage: CoverageService
    people: PeopleService
    roster: RosterService
    db_label: str
    _db: Database

    def students(self) -> list[StudentInfo]:
        """Every pupil with guardians and enrolment."""
        return list_students(self._db)

    def change_watcher(self) -> ChangeWatcher:
        """A new watcher of other stations' writes, for one background thread (ui.live)."""
        return ChangeWatcher(self._db)

    def card_key(self) -> CardKey:
        """The school's card key from this PC's key file (docs/security.md).

        Raises:
            CardKeyError: the file is missing although cards exist, or belongs to another school.
        """
        return load_card_key(self._db)

    # Built on first use: only the card and gate pages need the key file.
    @cached_property
    def cards(self) -> CardService:
        """Issuing, reissuing, revoking and printing pickup cards."""
        return CardService(self._db, self.clock, self.card_key(), self.today)

    @cached_property
    def verdict(self) -> VerdictService:
        """The release verdict (R3–R7) for a scanned card or an identity-checked adult."""
        return VerdictService(self._db, self.clock, self.card_key(), self.schedule)

    @cached_property
    def dismissal(self) -> DismissalService:
        """The dismissal board, group transfers, self-release, custody and calls (R7-R9)."""
        return DismissalService(self._db, self.clock, self.schedule)

    @cached_property
    def dismissal_settings(self) -> DismissalSettings:
        """Who may leave alone, consent dates and the 无人接领 escalation minutes (R3, R7)."""
        return DismissalSettings(self._db, self.clock)

    @cached_property
    def handoffs(self) -> HandoffService:
        """Recording releases at the gate, the gate's latest list and undo."""
        return HandoffService(self._db, self.clock, self.schedule)

    @cached_property
    def safety(self) -> SafetyRecords:
        """Incidents and the daily patrol (R13)."""
        return SafetyRecords(self._db, self.clock)

    def daily_log(self, day: dt.date, *, full_phones: bool = False) -> DailyLog:
        """The daily supervision log of ``day`` (phones masked unless ``full_phones``, R12)."""
        return build_daily_log(self._db, self, day, full_phones=full_phones)

    @cached_property
    def day_close(self) -> DayCloseService:
        """Closing days (R8) and their archived logs, kept beside this database."""
        writer = pdf_log_writer(lambda day: self.daily_log(day))
        return DayCloseService(self._db, self.clock, self.dismissal, writer, archive_for(self._db))

    @cached_property
    def backups(self) -> BackupService:
        """The automatic daily backup (docs/backup.md); safe on a worker thread."""
        return BackupService(self._db)

    @cached_property
    def retention(self) -> RetentionSettings:
        """How long snapshots are kept (R12), for the settings page."""
        return RetentionSettings(self._db, self.clock)

    @cached_property
    def privacy(self) -> PrivacyService:
        """One child's data exported or erased on request (R12), safety officer only."""
        return PrivacyService(self._db, self.clock)

    @cached_property
    def reports(self) -> ReportService:
        """The weekly diagnosis per class and the monthly summary per child."""
        return ReportService(self._db, self.schedule, self.dismissal, self.coverage, self.clock)


def build_services(db: Database, clock: Clock) -> Services:
    """Wire the services over one database and one clock."""
    schedule = ScheduleService(db, clock)
    today = TodayService(db, clock, schedule)
    label = str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=True)
    return Services(
        clock=clock,
        accounts=AccountService(db, clock),
        schedule=schedule,
        today=today,
        attendance=AttendanceService(db, clock, today),
        audit=AuditService(db, clock),
        clubs=ClubService(db, clock, schedule, today),
        coverage=CoverageService(db, clock, schedule, today),
        people=PeopleService(db, clock),
        roster=RosterService(db, clock),
        db_label=label,
        _db=db,
    )


def load_card_key(db: Database) -> CardKey:
    """The school's card key from this PC's key file, checked against the database.

    Raises:
        CardKeyError: the file is missing although cards exist, or belongs to another school.
    """
    return load_or_create(card_key_path(), expected_fingerprint=school_key_fingerprint(db))


def card_key_path() -> Path | None:
    """$AFTERSCHOOL_CARD_KEY when set (tests, a key on a USB stick), else the default place."""
    value = os.environ.get("AFTERSCHOOL_CARD_KEY")
    return Path(value) if value else None
