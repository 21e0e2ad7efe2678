"""The bundle of core services the desktop app is built on (wired once, in main.py)."""

from __future__ import annotations

from dataclasses import dataclass

from core.accounts import AccountService
from core.attendance import AttendanceService
from core.audit_service import AuditService
from core.clock import Clock
from core.clubs import ClubService
from core.coverage import CoverageService
from core.roster_import import RosterService
from core.schedule_service import ScheduleService
from core.students import StudentInfo, list_students
from core.today import TodayService
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
    roster: RosterService
    db_label: str
    _db: Database

    def students(self) -> list[StudentInfo]:
        """Every pupil with guardians and enrolment."""
        return list_students(self._db)


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
        roster=RosterService(db, clock),
        db_label=label,
        _db=db,
    )
