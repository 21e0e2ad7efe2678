"""Words for attendance: status names, their keys, counts, and Chinese sentences for errors."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt

from core.attendance_types import (
    ABSENT,
    LATE,
    LEFT_EARLY,
    PERSONAL,
    PRESENT,
    SICK,
    AbsentAlert,
    Counts,
)
from core.errors import AfterSchoolError

# One digit and one letter per roll-call status; the letters are the pinyin initials a
# teacher remembers (迟到 would clash with 出勤, so L for "late").
STATUS_KEYS: dict[str, tuple[Qt.Key, Qt.Key, str]] = {
    PRESENT: (Qt.Key.Key_1, Qt.Key.Key_P, "1 / P"),
    LATE: (Qt.Key.Key_2, Qt.Key.Key_L, "2 / L"),
    SICK: (Qt.Key.Key_3, Qt.Key.Key_S, "3 / S"),
    PERSONAL: (Qt.Key.Key_4, Qt.Key.Key_J, "4 / J"),
    ABSENT: (Qt.Key.Key_5, Qt.Key.Key_A, "5 / A"),
}
ALL_PRESENT_KEYS = "Ctrl+Enter"


def status_for_key(key: int) -> str | None:
    """The status a key sets, None for any other key."""
    for status, (digit, letter, _label) in STATUS_KEYS.items():
        if key in (digit, letter):
            return status
    return None


def status_text(status: str | None) -> str:
    """出勤 / 迟到 / 病假 / 事假 / 缺勤 / 早退, or 未点名 when there is no status yet."""
    if status is None:
        return QCoreApplication.translate("AttendanceText", "Not marked")
    return {
        PRESENT: QCoreApplication.translate("AttendanceText", "Present"),
        LATE: QCoreApplication.translate("AttendanceText", "Late"),
        SICK: QCoreApplication.translate("AttendanceText", "Sick leave"),
        PERSONAL: QCoreApplication.translate("AttendanceText", "Personal leave"),
        ABSENT: QCoreApplication.translate("AttendanceText", "Absent"),
        LEFT_EARLY: QCoreApplication.translate("AttendanceText", "Left early"),
    }.get(status, status)


def counts_text(counts: Counts) -> str:
    """应到 35 人：出勤 30 · 迟到 1 · 请假 2 · 缺勤 1 · 未点名 1 (早退 only when there is one)."""
    text = QCoreApplication.translate(
        "AttendanceText",
        "{total} on the list: present {present} · late {late} · leave {leave} · "
        "absent {absent} · not marked {unmarked}",
    ).format(
        total=counts.total,
        present=counts.attended,
        late=counts.late,
        leave=counts.leave,
        absent=counts.absent,
        unmarked=counts.unmarked,
    )
    if counts.left_early:
        text += QCoreApplication.translate("AttendanceText", " (left early {n})").format(
            n=counts.left_early
        )
    return text


def alert_text(alert: AbsentAlert) -> str:
    """One line of the absent banner: pupil, class, who marked when, guardians in full."""
    phones = QCoreApplication.translate("AttendanceText", "; ").join(
        f"{g.relation} {g.name} {g.phone}".strip() for g in alert.guardians
    ) or QCoreApplication.translate("AttendanceText", "no guardian phone on file")
    return QCoreApplication.translate(
        "AttendanceText", "{name} ({cls}, period {period}, marked {time} by {by}): {phones}"
    ).format(
        name=alert.name,
        cls=alert.class_name,
        period=alert.period,
        time=alert.marked_at.strftime("%H:%M"),
        by=alert.marked_by or "—",
        phones=phones,
    )


def short_date(day: dt.date) -> str:
    """12月1日."""
    return QCoreApplication.translate("AttendanceText", "{m}/{d}").format(m=day.month, d=day.day)


def _templates() -> dict[str, str]:
    # Built on each call so that a translator installed later is used.
    return {
        "attendance_status": QCoreApplication.translate(
            "AttendanceText", "This status is not known."
        ),
        "attendance_period": QCoreApplication.translate(
            "AttendanceText", "Only period 1 and period 2 have a roll call."
        ),
        "attendance_future": QCoreApplication.translate(
            "AttendanceText",
            "A day that has not come yet cannot be marked. For absences ahead, enter leave.",
        ),
        "not_on_list": QCoreApplication.translate(
            "AttendanceText",
            "This pupil is not on that day's after-school list. Please refresh the page.",
        ),
        "leave_kind": QCoreApplication.translate(
            "AttendanceText", "Please choose sick leave or personal leave."
        ),
        "leave_range": QCoreApplication.translate(
            "AttendanceText", "The leave must end on or after its first day."
        ),
        "leave_too_long": QCoreApplication.translate(
            "AttendanceText",
            "A leave can last at most {days} days. Please check the dates (the year?).",
        ),
        "leave_reported_by": QCoreApplication.translate(
            "AttendanceText", "Please enter who reported the leave, e.g. 母亲（电话）."
        ),
        "leave_reported_by_too_long": QCoreApplication.translate(
            "AttendanceText", "Who reported the leave: at most {limit} characters."
        ),
        "leave_reason_too_long": QCoreApplication.translate(
            "AttendanceText", "The reason is too long (at most {limit} characters)."
        ),
        "leave_overlap": QCoreApplication.translate(
            "AttendanceText",
            "This pupil already has leave from {start} to {end}. Cancel it first to change it.",
        ),
        "leave_cancelled": QCoreApplication.translate(
            "AttendanceText", "This leave was cancelled already."
        ),
        "not_found": QCoreApplication.translate(
            "AttendanceText",
            "The record no longer exists (changed at another station). Please refresh.",
        ),
        "db_unavailable": QCoreApplication.translate(
            "AttendanceText",
            "Nothing was saved: the database cannot be reached. Please try again.",
        ),
    }


def error_text(exc: AfterSchoolError) -> str:
    """The Chinese sentence for an error an attendance action raised."""
    template = _templates().get(exc.code)
    if template is None:
        return QCoreApplication.translate(
            "AttendanceText", "The change could not be saved (code {code})."
        ).format(code=exc.code)
    params = {k: short_date(v) if isinstance(v, dt.date) else v for k, v in exc.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def known_codes() -> set[str]:
    """Every error code with its own sentence."""
    return set(_templates())
