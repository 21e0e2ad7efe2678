"""Words for domain values (departure modes, leave kinds, weekdays, dates) shown across pages."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication


def departure_text(mode: str) -> str:
    """家长接送 / 自行离校 / 托管机构."""
    return {
        "guardian": QCoreApplication.translate("Terms", "Guardian pickup"),
        "self": QCoreApplication.translate("Terms", "Leaves alone"),
        "institution": QCoreApplication.translate("Terms", "Institution pickup"),
    }.get(mode, mode)


def leave_text(kind: str | None) -> str:
    """病假 / 事假."""
    if kind is None:
        return ""
    return {
        "sick": QCoreApplication.translate("Terms", "Sick leave"),
        "personal": QCoreApplication.translate("Terms", "Personal leave"),
    }.get(kind, kind)


def weekday_text(weekday: int) -> str:
    """周一 … 周日 (ISO weekday, Monday = 1)."""
    names = (
        QCoreApplication.translate("Terms", "Mon"),
        QCoreApplication.translate("Terms", "Tue"),
        QCoreApplication.translate("Terms", "Wed"),
        QCoreApplication.translate("Terms", "Thu"),
        QCoreApplication.translate("Terms", "Fri"),
        QCoreApplication.translate("Terms", "Sat"),
        QCoreApplication.translate("Terms", "Sun"),
    )
    return names[weekday - 1]


def weekdays_text(weekdays: list[int]) -> str:
    """每天 for Monday to Friday, else 周一、周三、周五."""
    if weekdays == [1, 2, 3, 4, 5]:
        return QCoreApplication.translate("Terms", "Mon–Fri")
    if not weekdays:
        return ""
    return QCoreApplication.translate("Terms", "、").join(weekday_text(d) for d in weekdays)


def date_text(day: dt.date) -> str:
    """2026年12月1日 周二."""
    return QCoreApplication.translate("Terms", "{y}-{m}-{d} {w}").format(
        y=day.year, m=day.month, d=day.day, w=weekday_text(day.isoweekday())
    )


def time_text(moment: dt.time | None) -> str:
    """17:10, or a dash when there is none."""
    return moment.strftime("%H:%M") if moment else "—"


def gender_text(gender: str | None) -> str:
    """The stored 男/女 as is; nothing when unknown."""
    return gender or ""
