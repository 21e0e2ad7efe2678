"""Seasons, grade-band windows, the weekly timetable and per-date overrides (R11), as pure rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

WEEKDAY_NAMES = ("", "周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Band:
    """A grade band such as 一、二年级 (grades 1–2)."""

    id: int
    name: str
    grade_from: int
    grade_to: int

    def covers(self, grade: int) -> bool:
        """True when the grade belongs to this band."""
        return self.grade_from <= grade <= self.grade_to


@dataclass(frozen=True)
class Window:
    """Service window and dismissal time of one band in one season."""

    band_id: int
    start: dt.time
    end: dt.time
    dismissal: dt.time


@dataclass(frozen=True)
class SeasonDef:
    """A season in force from ``starts_on`` until the next season starts."""

    id: int
    name: str
    starts_on: dt.date
    windows: tuple[Window, ...]


@dataclass(frozen=True)
class Override:
    """A per-date exception; ``band_id`` None means the whole school."""

    id: int
    on_date: dt.date
    kind: str  # no_service | dismissal | makeup
    band_id: int | None = None
    dismissal: dt.time | None = None
    follows_weekday: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class BandDay:
    """What one grade band does on one date."""

    band: Band
    service: bool
    start: dt.time | None
    end: dt.time | None
    dismissal: dt.time | None
    period1: str
    period2: str
    note: str  # why the day differs from the table (override reason), else ""
    changed: bool  # an override changed this band's day


@dataclass(frozen=True)
class DaySchedule:
    """The resolved schedule of one date for every band."""

    date: dt.date
    season: str | None
    weekday: int  # the timetable weekday in force (a make-up day follows another weekday)
    bands: tuple[BandDay, ...]

    @property
    def any_service(self) -> bool:
        """True when at least one band has after-school service."""
        return any(b.service for b in self.bands)

    def for_grade(self, grade: int) -> BandDay | None:
        """The band day covering a grade, if any band covers it."""
        return next((b for b in self.bands if b.band.covers(grade)), None)


def season_on(seasons: Sequence[SeasonDef], day: dt.date) -> SeasonDef | None:
    """The season in force on a date: the latest one that started on or before it."""
    started = [s for s in seasons if s.starts_on <= day]
    return max(started, key=lambda s: s.starts_on) if started else None


def _override_for(overrides: Sequence[Override], day: dt.date, band_id: int) -> Override | None:
    # A band's own override wins over a whole-school one on the same date.
    todays = [o for o in overrides if o.on_date == day]
    own = [o for o in todays if o.band_id == band_id]
    school = [o for o in todays if o.band_id is None]
    found = own or school
    return found[0] if found else None


def resolve_day(
    day: dt.date,
    bands: Sequence[Band],
    seasons: Sequence[SeasonDef],
    timetable: dict[tuple[int, int, int], str],
    overrides: Sequence[Override],
) -> DaySchedule:
    """Resolve what every band does on ``day``.

    ``timetable`` maps (band_id, weekday, period) to an activity. Weekends have no service
    unless a make-up override names the weekday they follow.
    """
    season = season_on(seasons, day)
    windows = {w.band_id: w for w in season.windows} if season else {}
    makeup = next((o for o in overrides if o.on_date == day and o.kind == "makeup"), None)
    weekday = makeup.follows_weekday if makeup and makeup.follows_weekday else day.isoweekday()
    school_day = weekday <= 5
    result = []
    for band in sorted(bands, key=lambda b: b.grade_from):
        window = windows.get(band.id)
        ov = _override_for([o for o in overrides if o.kind != "makeup"], day, band.id)
        service = school_day and window is not None
        start = window.start if window else None
        end = window.end if window else None
        dismissal = window.dismissal if window else None
        note = makeup.reason if makeup else ""
        changed = makeup is not None
        if ov is not None and service:
            changed = True
            note = ov.reason
            if ov.kind == "no_service":
                service = False
            elif ov.kind == "dismissal" and ov.dismissal is not None and start is not None:
                dismissal = ov.dismissal
                end = ov.dismissal
                start = min(start, ov.dismissal)
        result.append(
            BandDay(
                band=band,
                service=service,
                start=start if service else None,
                end=end if service else None,
                dismissal=dismissal if service else None,
                period1=timetable.get((band.id, weekday, 1), "") if service else "",
                period2=timetable.get((band.id, weekday, 2), "") if service else "",
                note=note,
                changed=changed,
            )
        )
    return DaySchedule(
        date=day, season=season.name if season else None, weekday=weekday, bands=tuple(result)
    )


def next_service_day(
    start: dt.date,
    bands: Sequence[Band],
    seasons: Sequence[SeasonDef],
    timetable: dict[tuple[int, int, int], str],
    overrides: Sequence[Override],
    horizon_days: int = 60,
) -> dt.date | None:
    """The first date on or after ``start`` on which some band has service."""
    for offset in range(horizon_days):
        day = start + dt.timedelta(days=offset)
        if resolve_day(day, bands, seasons, timetable, overrides).any_service:
            return day
    return None


# The guidelines' winter table (湖塘桥第二实验小学课后服务时间安排表) and course table.
DEFAULT_BANDS = (("一、二年级", 1, 2), ("三、四年级", 3, 4), ("五、六年级", 5, 6))
DEFAULT_WINTER = (
    (dt.time(15, 10), dt.time(17, 10), dt.time(17, 10)),
    (dt.time(15, 20), dt.time(17, 20), dt.time(17, 20)),
    (dt.time(15, 30), dt.time(17, 30), dt.time(17, 30)),
)
DEFAULT_TIMETABLE = (
    (
        ("自主阅读",) * 5,
        ("兴趣活动", "体育锻炼", "兴趣活动", "兴趣活动", "劳动实践"),
    ),
    (
        ("自主作业",) * 5,
        ("兴趣活动", "兴趣活动", "体育锻炼", "兴趣活动", "劳动实践"),
    ),
    (
        ("自主作业",) * 5,
        ("兴趣活动", "体育锻炼", "兴趣活动", "兴趣活动", "劳动实践"),
    ),
)
