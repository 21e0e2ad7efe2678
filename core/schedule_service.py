"""Reads and edits the schedule settings: seasons, windows, timetable, date overrides (R11)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import Clock
from core.errors import NotFoundError, ValidationError
from core.schedule import (
    DEFAULT_BANDS,
    DEFAULT_TIMETABLE,
    DEFAULT_WINTER,
    Band,
    DaySchedule,
    Override,
    SeasonDef,
    Window,
    next_service_day,
    resolve_day,
)
from db import audit
from db.engine import Database
from db.models import (
    DateOverride,
    GradeBand,
    School,
    Season,
    SeasonWindow,
    TimetableEntry,
)


@dataclass(frozen=True)
class ScheduleData:
    """Everything the schedule rules need, loaded in one go."""

    school_name: str
    grace_min: int
    is_demo: bool
    bands: tuple[Band, ...]
    seasons: tuple[SeasonDef, ...]
    timetable: dict[tuple[int, int, int], str]
    overrides: tuple[Override, ...]

    def day(self, day: dt.date) -> DaySchedule:
        """The resolved schedule of one date."""
        return resolve_day(day, self.bands, self.seasons, self.timetable, self.overrides)


def school_year_start(today: dt.date) -> dt.date:
    """1 September of the school year that contains ``today``."""
    return dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def seed_defaults(session: Session, now: dt.datetime, school_name: str, actor: str) -> bool:
    """Create the school row, the guidelines' bands, winter season and timetable if missing.

    Returns True when anything was created.
    """
    if session.get(School, 1) is not None:
        return False
    session.add(School(id=1, name=school_name))
    bands = [GradeBand(name=n, grade_from=a, grade_to=b) for n, a, b in DEFAULT_BANDS]
    session.add_all(bands)
    session.flush()
    winter = Season(name="冬令时", starts_on=school_year_start(now.date()))
    for band, (start, end, dismissal) in zip(bands, DEFAULT_WINTER, strict=True):
        winter.windows.append(
            SeasonWindow(band_id=band.id, start_time=start, end_time=end, dismissal_time=dismissal)
        )
    session.add(winter)
    for band, periods in zip(bands, DEFAULT_TIMETABLE, strict=True):
        for period, activities in enumerate(periods, start=1):
            for weekday, activity in enumerate(activities, start=1):
                session.add(
                    TimetableEntry(
                        band_id=band.id, weekday=weekday, period=period, activity=activity
                    )
                )
    session.flush()
    audit.append(
        session,
        now,
        actor,
        "school.create",
        "school",
        1,
        {"name": school_name, "defaults": "guidelines winter table and course table"},
    )
    return True


def _check_window(start: dt.time, end: dt.time, dismissal: dt.time) -> None:
    if not start < end:
        raise ValidationError(
            "window_order", "service window must end after it starts", start=start, end=end
        )
    if dismissal < end:
        raise ValidationError(
            "dismissal_before_end",
            "dismissal must not be before the window ends",
            end=end,
            dismissal=dismissal,
        )


class ScheduleService:
    """Schedule settings for the settings page and every rule that needs a day's schedule."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def load(self) -> ScheduleData:
        """Load bands, seasons, timetable and overrides (plain column queries: it runs often)."""
        with self._db.read() as s:
            return read_schedule(s)

    def day(self, day: dt.date | None = None) -> DaySchedule:
        """The schedule of a date (today by the clock when omitted)."""
        return self.load().day(day or self._clock.now().date())

    def next_service_day(self, start: dt.date) -> dt.date | None:
        """The first date on or after ``start`` with after-school service."""
        d = self.load()
        return next_service_day(start, d.bands, d.seasons, d.timetable, d.overrides)

    # --- edits: each is one transaction with its audit entry ---

    def save_season(
        self,
        season_id: int | None,
        name: str,
        starts_on: dt.date,
        windows: dict[int, tuple[dt.time, dt.time, dt.time]],
        actor: str,
    ) -> int:
        """Create or replace a season with a window for every band. Returns its id."""
        name = name.strip()
        if not name:
            raise ValidationError("season_name_empty", "season name is empty")
        if len(name) > 40:
            raise ValidationError("season_name_too_long", "season name is too long")
        for start, end, dismissal in windows.values():
            _check_window(start, end, dismissal)
        with self._db.write() as s:
            band_ids = set(s.scalars(select(GradeBand.id)))
            if set(windows) != band_ids:
                raise ValidationError("season_bands", "a season needs a window for every band")
            clash = s.scalar(
                select(Season.id).where(Season.starts_on == starts_on, Season.id != season_id)
            )
            if clash is not None:
                raise ValidationError(
                    "season_date_taken", "another season starts that day", starts_on=starts_on
                )
            if season_id is None:
                season = Season(name=name, starts_on=starts_on)
                s.add(season)
            else:
                found = s.get(Season, season_id)
                if found is None:
                    raise NotFoundError("season not found")
                season = found
                season.name = name
                season.starts_on = starts_on
                season.windows.clear()
                s.flush()
            for band_id, (start, end, dismissal) in sorted(windows.items()):
                season.windows.append(
                    SeasonWindow(
                        band_id=band_id, start_time=start, end_time=end, dismissal_time=dismissal
                    )
                )
            s.flush()
            audit.append(
                s,
                self._clock.now(),
                actor,
                "season.save",
                "season",
                season.id,
                {
                    "name": name,
                    "starts_on": starts_on,
                    "windows": {str(k): [str(t) for t in v] for k, v in windows.items()},
                },
            )
            return season.id

    def delete_season(self, season_id: int, actor: str) -> None:
        """Remove a season (at least one must remain)."""
        with self._db.write() as s:
            season = s.get(Season, season_id)
            if season is None:
                raise NotFoundError("season not found")
            if (s.scalar(select(Season.id).where(Season.id != season_id).limit(1))) is None:
                raise ValidationError("last_season", "the last season cannot be removed")
            s.delete(season)
            audit.append(
                s,
                self._clock.now(),
                actor,
                "season.delete",
                "season",
                season_id,
                {"name": season.name, "starts_on": season.starts_on},
            )

    def set_activity(
        self, band_id: int, weekday: int, period: int, activity: str, actor: str
    ) -> None:
        """Set one cell of the weekly timetable."""
        activity = activity.strip()
        if not 1 <= weekday <= 5 or period not in (1, 2):
            raise ValidationError("timetable_slot", "no such timetable slot")
        if len(activity) > 60:
            raise ValidationError("activity_too_long", "activity name is too long")
        with self._db.write() as s:
            entry = s.scalar(
                select(TimetableEntry).where(
                    TimetableEntry.band_id == band_id,
                    TimetableEntry.weekday == weekday,
                    TimetableEntry.period == period,
                )
            )
            old = entry.activity if entry else ""
            if old == activity:
                return
            if entry is None:
                s.add(
                    TimetableEntry(
                        band_id=band_id, weekday=weekday, period=period, activity=activity
                    )
                )
            else:
                entry.activity = activity
            audit.append(
                s,
                self._clock.now(),
                actor,
                "timetable.set",
                "timetable",
                f"{band_id}/{weekday}/{period}",
                {"old": old, "new": activity},
            )

    def add_override(
        self,
        on_date: dt.date,
        kind: str,
        band_id: int | None,
        reason: str,
        dismissal: dt.time | None = None,
        follows_weekday: int | None = None,
        actor: str = "",
    ) -> int:
        """Add a per-date exception. Returns its id."""
        if kind not in ("no_service", "dismissal", "makeup"):
            raise ValidationError("override_kind", f"unknown override kind {kind}")
        if kind == "dismissal" and dismissal is None:
            raise ValidationError("override_time", "a dismissal override needs a time")
        if kind == "makeup":
            if on_date.isoweekday() <= 5:
                raise ValidationError("makeup_weekday", "a make-up day must be a weekend day")
            if follows_weekday is None or not 1 <= follows_weekday <= 5:
                raise ValidationError("makeup_follows", "a make-up day must follow a weekday")
            band_id = None
        if len(reason.strip()) > 200:
            raise ValidationError("reason_too_long", "reason is too long")
        with self._db.write() as s:
            same = s.scalars(select(DateOverride).where(DateOverride.on_date == on_date)).all()
            for other in same:
                if other.band_id == band_id and (other.kind == "makeup") == (kind == "makeup"):
                    raise ValidationError(
                        "override_exists",
                        "that date already has an exception for this band",
                        on_date=on_date,
                    )
            row = DateOverride(
                on_date=on_date,
                kind=kind,
                band_id=band_id,
                reason=reason.strip(),
                dismissal_time=dismissal if kind == "dismissal" else None,
                follows_weekday=follows_weekday if kind == "makeup" else None,
            )
            s.add(row)
            try:
                s.flush()
            except IntegrityError as exc:
                raise ValidationError("override_invalid", "override breaks a rule") from exc
            audit.append(
                s,
                self._clock.now(),
                actor,
                "override.add",
                "date_override",
                row.id,
                {
                    "date": on_date,
                    "kind": kind,
                    "band_id": band_id,
                    "reason": reason,
                    "dismissal": dismissal,
                    "follows_weekday": follows_weekday,
                },
            )
            return row.id

    def delete_override(self, override_id: int, actor: str) -> None:
        """Remove a per-date exception."""
        with self._db.write() as s:
            row = s.get(DateOverride, override_id)
            if row is None:
                raise NotFoundError("override not found")
            payload = {"date": row.on_date, "kind": row.kind, "band_id": row.band_id}
            s.execute(delete(DateOverride).where(DateOverride.id == override_id))
            audit.append(
                s,
                self._clock.now(),
                actor,
                "override.delete",
                "date_override",
                override_id,
                payload,
            )

    def set_grace_minutes(self, minutes: int, actor: str) -> None:
        """Minutes after dismissal before a waiting child is flagged 无人接领 (R7)."""
        if not 0 <= minutes <= 120:
            raise ValidationError("grace_range", "grace period must be 0–120 minutes")
        with self._db.write() as s:
            school = s.get(School, 1)
            if school is None:
                raise NotFoundError("school not set up")
            old = school.unaccompanied_grace_min
            school.unaccompanied_grace_min = minutes
            audit.append(
                s,
                self._clock.now(),
                actor,
                "school.grace",
                "school",
                1,
                {"old": old, "new": minutes},
            )


def read_schedule(session: Session) -> ScheduleData:
    """Bands, seasons, timetable and overrides, read in the caller's session."""
    school = session.execute(
        select(School.name, School.unaccompanied_grace_min, School.is_demo).where(School.id == 1)
    ).first()
    bands = tuple(
        Band(*r)
        for r in session.execute(
            select(GradeBand.id, GradeBand.name, GradeBand.grade_from, GradeBand.grade_to)
        )
    )
    windows: dict[int, list[Window]] = defaultdict(list)
    for sid, band_id, start, end, dismissal in session.execute(
        select(
            SeasonWindow.season_id,
            SeasonWindow.band_id,
            SeasonWindow.start_time,
            SeasonWindow.end_time,
            SeasonWindow.dismissal_time,
        )
    ):
        windows[sid].append(Window(band_id, start, end, dismissal))
    seasons = tuple(
        SeasonDef(sid, name, starts_on, tuple(windows[sid]))
        for sid, name, starts_on in session.execute(
            select(Season.id, Season.name, Season.starts_on).order_by(Season.starts_on)
        )
    )
    timetable = {
        (b, w, p): a
        for b, w, p, a in session.execute(
            select(
                TimetableEntry.band_id,
                TimetableEntry.weekday,
                TimetableEntry.period,
                TimetableEntry.activity,
            )
        )
    }
    overrides = tuple(
        Override(*r)
        for r in session.execute(
            select(
                DateOverride.id,
                DateOverride.on_date,
                DateOverride.kind,
                DateOverride.band_id,
                DateOverride.dismissal_time,
                DateOverride.follows_weekday,
                DateOverride.reason,
            ).order_by(DateOverride.on_date, DateOverride.id)
        )
    )
    return ScheduleData(
        school.name if school else "",
        school.unaccompanied_grace_min if school else 10,
        bool(school and school.is_demo),
        tuple(sorted(bands, key=lambda b: b.grade_from)),
        seasons,
        timetable,
        overrides,
    )
