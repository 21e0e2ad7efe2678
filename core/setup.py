"""Opening a database: connect, migrate to head, seed the guidelines' defaults, build the demo."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from core.clock import Clock, SimulatedClock
from core.demo import build_demo
from core.demo_history import history_days
from core.errors import AfterSchoolError, DatabaseUnavailableError
from core.schedule_service import ScheduleService, seed_defaults
from core.staff_types import StaffMember
from db import migrate
from db.engine import Database, DatabaseUrlError, resolve_url
from db.models import School, Staff, Student

log = logging.getLogger(__name__)

DEFAULT_SCHOOL_NAME = "我的学校"
DEMO_AFTERNOON = dt.time(16, 30)
DEMO_CLOSE_AT = dt.time(18, 30)  # when the demo's safety officer closes a past day


class DemoNotEmptyError(AfterSchoolError):
    """``init --demo`` on a database that already holds a real school."""

    code = "demo_not_empty"


@dataclass(frozen=True)
class InitResult:
    """What opening a database did."""

    created: bool
    migrated_from_copy: Path | None
    demo_pupils: int


def open_database(url: str | None, demo: bool = False) -> Database:
    """Connect to the database named by ``url``, $AFTERSCHOOL_DB or the embedded default.

    Raises:
        DatabaseUnavailableError: the URL is malformed or the server cannot be reached.
    """
    try:
        db = Database(resolve_url(url, demo))
        with db.engine.connect():
            pass
    except DatabaseUrlError as exc:
        raise DatabaseUnavailableError(str(exc)) from exc
    except SQLAlchemyError as exc:
        raise DatabaseUnavailableError(f"cannot open database: {_first_line(exc)}") from exc
    return db


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def initialise(db: Database, clock: Clock, demo: bool = False, actor: str = "system") -> InitResult:
    """Bring the schema to head, seed defaults, and fill the demo school when asked.

    Raises:
        DatabaseUnavailableError: the migration could not run.
        DemoNotEmptyError: a demo was asked for on a database with a real school.
    """
    now = clock.now()
    try:
        copy = migrate.upgrade(db, now)
    except OperationalError as exc:
        raise DatabaseUnavailableError(f"cannot upgrade database: {_first_line(exc)}") from exc
    pupils = 0
    with db.write() as s:
        db.take_setup_lock(s)
        created = seed_defaults(s, now, DEFAULT_SCHOOL_NAME, actor)
        if demo:
            school = s.get(School, 1)
            has_pupils = (s.scalar(select(func.count(Student.id))) or 0) > 0
            if has_pupils and not (school and school.is_demo):
                raise DemoNotEmptyError("database already holds a school; the demo needs its own")
            if not has_pupils:
                day = demo_day(db, now)
                pupils = build_demo(s, day, now)
    if pupils:
        close_demo_history(db, demo_day(db, now))
    return InitResult(created, copy, pupils)


def close_demo_history(db: Database, today: dt.date) -> int:
    """Close the demo's past days as the safety officer would, each at 18:30 (R8).

    Through the real day close, so the archive holds their logs. Returns the days closed.
    """
    from core.services import build_services  # the bundle needs the schema built first

    clock = SimulatedClock(dt.datetime.combine(today, dt.time(15, 0)), advancing=False)
    services = build_services(db, clock)
    with db.read() as s:
        days = history_days(s, today)
        row = s.execute(select(Staff).where(Staff.staff_no == "A001")).scalar_one()
        officer = StaffMember(row.id, row.staff_no, row.name, row.role, row.class_id)
    for day in days:
        clock.set(dt.datetime.combine(day, DEMO_CLOSE_AT))
        services.day_close.close(day, officer)
    return len(days)


def demo_day(db: Database, now: dt.datetime) -> dt.date:
    """Today when it has service, else the next day that does."""
    schedule = ScheduleService(db, SimulatedClock(now, advancing=False))
    return schedule.next_service_day(now.date()) or now.date()


def demo_clock(db: Database, clock: Clock) -> Clock:
    """The demo's clock: the real one on a service day, else the next service day at 16:30."""
    now = clock.now()
    day = ScheduleService(db, clock).next_service_day(now.date())
    if day is None or day == now.date():
        return clock
    return SimulatedClock(dt.datetime.combine(day, DEMO_AFTERNOON))
