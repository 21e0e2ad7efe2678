"""Words for clubs, roll-call statuses, whereabouts and duty, and Chinese sentences for errors."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QWidget

from core.club_types import Whereabouts
from core.errors import AfterSchoolError
from ui.messages import fill, warn
from ui.terms import time_text, weekday_text

# A plain name so that lupdate finds every call with its literal context.
translate = QCoreApplication.translate

# Row tints: red for what needs action now, orange for what is late, green for done.
RED_BG = QColor("#fde2e1")
RED_FG = QColor("#991b1b")
ORANGE_BG = QColor("#ffedd5")
ORANGE_FG = QColor("#9a3412")
GREEN_BG = QColor("#dcfce7")
GREEN_FG = QColor("#166534")
GREY_FG = QColor("#8a8f98")


def category_text(code: str) -> str:
    """审美, 一班一球类 … (the guidelines' names)."""
    return {
        "aesthetics": translate("ClubsText", "Aesthetics"),
        "fitness": translate("ClubsText", "Fitness"),
        "maker": translate("ClubsText", "Maker"),
        "leadership": translate("ClubsText", "Leadership"),
        "homemaking": translate("ClubsText", "Homemaking"),
        "ball_games": translate("ClubsText", "A ball game per class"),
        "guest_lecture": translate("ClubsText", "A guest lecturer a week"),
        "experiment": translate("ClubsText", "An experiment station"),
        "book_film": translate("ClubsText", "A classic and its film"),
    }.get(code, code)


def course_text(code: str, x_categories: tuple[str, ...]) -> str:
    """审美（X 课程） or 一班一球类（E 课程）, for the category picker."""
    if code in x_categories:
        return translate("ClubsText", "{name} (X course)").format(name=category_text(code))
    return translate("ClubsText", "{name} (E course)").format(name=category_text(code))


def status_text(status: str | None) -> str:
    """出勤 / 迟到 / 缺勤 / 病假 / 事假 / 早退, or 未点名."""
    if status is None:
        return translate("ClubsText", "Not marked")
    return {
        "present": translate("ClubsText", "Present"),
        "late": translate("ClubsText", "Late"),
        "absent": translate("ClubsText", "Absent"),
        "sick": translate("ClubsText", "Sick leave"),
        "personal": translate("ClubsText", "Personal leave"),
        "left_early": translate("ClubsText", "Left early"),
    }.get(status, status)


def period_text(period: int | None) -> str:
    """第一课时 / 第二课时."""
    if period == 1:
        return translate("ClubsText", "Period 1")
    if period == 2:
        return translate("ClubsText", "Period 2")
    return ""


def span_text(start: dt.time | None, end: dt.time | None) -> str:
    """15:20–16:20, or a dash."""
    if start is None or end is None:
        return "—"
    return f"{time_text(start)}–{time_text(end)}"


def where_text(where: Whereabouts) -> str:
    """现在应在：三(2)班教室（第一课时 自主作业）, 机器人社团 · 科学楼302（第二课时）, 已请假 …."""
    period = period_text(where.period)
    if where.kind == "class":
        slot = f"{period} {where.activity}".strip()
        return translate("ClubsText", "Now at: {cls} classroom ({slot})").format(
            cls=where.class_name, slot=slot
        )
    if where.kind == "club":
        place = f"{where.club_name} · {where.room}" if where.room else where.club_name
        return translate("ClubsText", "Now at: {place} ({period})").format(
            place=place, period=period
        )
    if where.kind == "leave":
        return translate("ClubsText", "On leave ({kind})").format(kind=status_text(where.leave))
    if where.kind == "absent":
        return translate(
            "ClubsText", "Marked absent without notice in {period}: reach the guardian"
        ).format(period=period)
    if where.kind == "left":
        return translate("ClubsText", "Has left school early")
    if where.kind == "not_started":
        return translate("ClubsText", "After-school service starts at {time}").format(
            time=time_text(where.time)
        )
    if where.kind == "dismissed":
        return translate("ClubsText", "Dismissed at {time}").format(time=time_text(where.time))
    return translate("ClubsText", "No after-school service today")


def _templates() -> dict[str, str]:
    # Built on each call so that a translator installed later is used.
    return {
        "not_allowed": translate("ClubsText", "You are not allowed to do this."),
        "club_name_empty": translate("ClubsText", "Please enter the club's name."),
        "club_name_too_long": translate(
            "ClubsText", "The club's name is too long (at most {limit} characters)."
        ),
        "club_category": translate("ClubsText", "Please choose a course category."),
        "room_too_long": translate(
            "ClubsText", "The room is too long (at most {limit} characters)."
        ),
        "club_weekday": translate("ClubsText", "Clubs meet from Monday to Friday."),
        "club_period": translate("ClubsText", "Please choose period 1 or period 2."),
        "teacher_unknown": translate(
            "ClubsText", "That teacher no longer exists or is inactive. Please choose another."
        ),
        "club_name_taken": translate(
            "ClubsText", "Another club called {name} already meets at that time."
        ),
        "teacher_clash": translate(
            "ClubsText", "This teacher already runs {club} at that time. Please choose another."
        ),
        "member_clash": translate(
            "ClubsText",
            "{name} is already in another club at that time; a pupil goes to one club per period.",
        ),
        "status_invalid": translate("ClubsText", "This status cannot be set at the roll call."),
        "future_date": translate("ClubsText", "The roll call cannot be taken ahead of the day."),
        "club_not_today": translate("ClubsText", "The club does not meet that day."),
        "not_member": translate("ClubsText", "That pupil is not a member of this club."),
        "not_on_list": translate(
            "ClubsText", "That pupil has no after-school service that day and cannot be marked."
        ),
        "assignment_period": translate("ClubsText", "Please choose period 1 or period 2."),
        "assignment_when": translate(
            "ClubsText", "Please choose weekdays for a weekly duty, or one date."
        ),
        "assignment_weekday": translate("ClubsText", "Duties are from Monday to Friday."),
        "assignment_past": translate(
            "ClubsText", "{day} has passed; duties can only be arranged from today on."
        ),
        "staff_unknown": translate(
            "ClubsText", "That teacher no longer exists or is inactive. Please choose another."
        ),
        "group_unknown": translate(
            "ClubsText", "That class or club no longer exists. Please choose another."
        ),
        "club_slot": translate(
            "ClubsText", "The club meets on {weekday} in {period}; its duty must be then."
        ),
        "assignment_exists": translate("ClubsText", "This teacher already has this duty."),
        "not_assigned": translate(
            "ClubsText",
            "You have no duty today. The safety officer can add one on the duty roster.",
        ),
        "already_checked_in": translate(
            "ClubsText", "You have already checked in for every duty today."
        ),
        "slot_over": translate("ClubsText", "Your duties today have already ended."),
        "not_found": translate(
            "ClubsText", "This record no longer exists (perhaps another computer changed it)."
        ),
        "db_unavailable": translate(
            "ClubsText", "The database cannot be reached. Please try again in a moment."
        ),
    }


def error_text(exc: AfterSchoolError) -> str:
    """The Chinese sentence for an error a club or duty action raised."""
    template = _templates().get(exc.code)
    if template is None:
        return translate("ClubsText", "This could not be saved (code {code}).").format(
            code=exc.code
        )
    params: dict[str, str] = {}
    for key, value in exc.params.items():
        if key == "weekday" and isinstance(value, int):
            params[key] = weekday_text(value)
        elif key == "period" and isinstance(value, int):
            params[key] = period_text(value)
        elif isinstance(value, dt.date):
            params[key] = value.isoformat()
        else:
            params[key] = str(value)
    return fill(template, params)


def known_codes() -> set[str]:
    """Every error code that has its own sentence."""
    return set(_templates())


def show_error(parent: QWidget, exc: AfterSchoolError) -> QMessageBox:
    """A window-modal warning; returned so callers and tests can see it."""
    return warn(parent, translate("ClubsText", "Not done"), error_text(exc))
