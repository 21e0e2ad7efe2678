"""Where a child should be at a moment, and the marks and clubs that decide it and coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.club_types import ClubPupil, Whereabouts, period_times
from core.schedule import BandDay
from core.today import TodayOverview
from db.models import AttendanceMark, Club, ClubMember


def marks_of(session: Session, day: dt.date) -> dict[tuple[int, int], str]:
    """Every pupil's latest mark of a day, by (student id, period)."""
    return {
        (sid, period): status
        for sid, period, status in session.execute(
            select(AttendanceMark.student_id, AttendanceMark.period, AttendanceMark.status).where(
                AttendanceMark.on_date == day
            )
        )
    }


def mark_in_period(marks: dict[tuple[int, int], str], student_id: int, period: int) -> str | None:
    """The mark that stands for a pupil in a period.

    Period 2 falls back to period 1 until the pupil is marked again: a child present in class
    walks on to the club, and counts as present there until the club's roll call says otherwise,
    so a club whose teacher is missing is flagged before anyone took its roll call.
    """
    found = marks.get((student_id, period))
    if found is None and period == 2:
        found = marks.get((student_id, 1))
    return found


def club_slots(session: Session, weekday: int) -> dict[tuple[int, int], Club]:
    """The active club of each (pupil, period) on a timetable weekday."""
    rows = session.execute(
        select(ClubMember.student_id, Club)
        .join(Club, Club.id == ClubMember.club_id)
        .where(Club.active.is_(True), Club.weekday == weekday)
        .order_by(Club.id.desc())  # should two clubs share a slot, the older one wins
    )
    return {(sid, club.period): club for sid, club in rows}


def on_list(overview: TodayOverview) -> dict[int, str | None]:
    """Pupils on a day's list (R1), with the leave kind that covers them (None: expected)."""
    return {
        p.student_id: p.leave
        for band in overview.bands
        for cls in band.classes
        for p in (*cls.expected, *cls.on_leave)
    }


def locate(
    pupil: ClubPupil,
    leave: str | None,
    listed: bool,
    band: BandDay | None,
    marks: dict[tuple[int, int], str],
    clubs: dict[int, Club],
    at: dt.time,
) -> Whereabouts:
    """Where a pupil should be at ``at`` on a day.

    ``listed``: the pupil is on the day's list; ``leave``: the leave covering the day;
    ``clubs``: the pupil's club per period that day.
    """
    base = Whereabouts("no_service", name=pupil.name, class_name=pupil.class_name)
    times = period_times(band) if band is not None else None
    if not listed or band is None or times is None:
        return base
    if leave is not None:
        return replace(base, kind="leave", leave=leave)
    if at < times.period1:
        return replace(base, kind="not_started", time=times.period1)
    period = times.period_at(at)
    if period is None:
        return replace(base, kind="dismissed", time=times.dismissal)
    status = mark_in_period(marks, pupil.student_id, period)
    if status in ("sick", "personal"):
        return replace(base, kind="leave", period=period, leave=status)
    if status == "left_early":
        return replace(base, kind="left", period=period)
    if status == "absent":
        return replace(base, kind="absent", period=period)
    activity = band.period1 if period == 1 else band.period2
    club = clubs.get(period)
    if club is not None:
        return replace(
            base, kind="club", period=period, activity=activity, club_name=club.name, room=club.room
        )
    return replace(base, kind="class", period=period, activity=activity)
