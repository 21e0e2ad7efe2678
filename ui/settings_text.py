"""Chinese sentences for schedule-setting errors and words for override kinds and scopes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from core.errors import AfterSchoolError, NotFoundError
from core.schedule import Band, Override, Window
from ui.messages import fill, warn
from ui.terms import time_text, weekday_text

HINT_GREY = QColor("#5f6570")
ERROR_RED = QColor("#b91c1c")
OK_GREEN = QColor("#15803d")

KINDS = ("no_service", "dismissal", "makeup")


# A plain name so that lupdate finds every call with its literal context.
translate = QCoreApplication.translate


def _templates() -> dict[str, str]:
    # Built on each call so that a translator installed later is used.
    return {
        "season_name_empty": translate(
            "SettingsText", "Please enter a name for the schedule, e.g. 冬令时."
        ),
        "season_name_too_long": translate(
            "SettingsText", "The schedule name is too long (at most 40 characters)."
        ),
        "window_order": translate(
            "SettingsText",
            "The service window must end after it starts (now {start}–{end}). "
            "Please check the times of each grade band.",
        ),
        "dismissal_before_end": translate(
            "SettingsText",
            "Dismissal ({dismissal}) cannot be before the service window ends ({end}).",
        ),
        "season_bands": translate(
            "SettingsText", "Every grade band needs a service window. Please reopen the dialog."
        ),
        "season_date_taken": translate(
            "SettingsText",
            "Another schedule already starts on {starts_on}. Please choose another start date.",
        ),
        "last_season": translate(
            "SettingsText", "At least one schedule must remain; the last one cannot be deleted."
        ),
        "timetable_slot": translate(
            "SettingsText",
            "There is no such place in the timetable (only period 1 and 2, Monday to Friday).",
        ),
        "activity_too_long": translate(
            "SettingsText", "The activity name is too long (at most 60 characters)."
        ),
        "override_kind": translate("SettingsText", "Please choose what happens on that date."),
        "override_time": translate(
            "SettingsText", "An earlier (changed) dismissal needs a dismissal time."
        ),
        "makeup_weekday": translate(
            "SettingsText", "A make-up school day can only be a Saturday or a Sunday."
        ),
        "makeup_follows": translate(
            "SettingsText", "Please choose which weekday's timetable the make-up day follows."
        ),
        "override_exists": translate(
            "SettingsText",
            "{on_date} already has a special arrangement for this scope. "
            "To change it, delete the old one first.",
        ),
        "override_invalid": translate(
            "SettingsText", "This special date cannot be saved. Please check what you entered."
        ),
        "reason_too_long": translate(
            "SettingsText", "The reason is too long (at most 200 characters)."
        ),
        "grace_range": translate(
            "SettingsText", "The waiting time must be between 0 and 120 minutes."
        ),
        "retention_range": translate("SettingsText", "Snapshots are kept between 1 and 365 days."),
        NotFoundError.code: translate(
            "SettingsText", "This record no longer exists (perhaps another computer deleted it)."
        ),
    }


def _param(value: object) -> str:
    if isinstance(value, dt.time):
        return time_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def error_text(exc: AfterSchoolError) -> str:
    """The Chinese sentence for an error a schedule edit raised."""
    template = _templates().get(exc.code)
    if template is None:
        return translate("SettingsText", "The change could not be saved (code {code}).").format(
            code=exc.code
        )
    params = {k: _param(v) for k, v in exc.params.items()}
    return fill(template, params)


def known_codes() -> set[str]:
    """Every error code that has its own sentence."""
    return set(_templates())


def show_error(parent: QWidget, exc: AfterSchoolError) -> QMessageBox:
    """A window-modal warning; returned so callers and tests can see it."""
    return warn(parent, translate("SettingsText", "Cannot save"), error_text(exc))


def kind_name(kind: str) -> str:
    """停止课后服务 / 提前（调整）放学 / 调休上课, without time or weekday."""
    return {
        "no_service": translate("SettingsText", "No after-school service"),
        "dismissal": translate("SettingsText", "Earlier (changed) dismissal"),
        "makeup": translate("SettingsText", "Make-up school day"),
    }.get(kind, kind)


def kind_text(override: Override) -> str:
    """The kind with its detail: 提前（调整）放学 16:00, 调休上课（按周五课表）."""
    if override.kind == "dismissal":
        return translate("SettingsText", "Dismissal at {time}").format(
            time=time_text(override.dismissal)
        )
    if override.kind == "makeup" and override.follows_weekday:
        return translate("SettingsText", "Make-up day ({weekday} timetable)").format(
            weekday=weekday_text(override.follows_weekday)
        )
    return kind_name(override.kind)


def scope_text(band_id: int | None, bands: Sequence[Band]) -> str:
    """全校, or the band's name."""
    if band_id is None:
        return translate("SettingsText", "Whole school")
    return next((b.name for b in bands if b.id == band_id), "?")


def window_text(window: Window | None) -> str:
    """15:10–17:10，17:10 放学; a dash when the season has no window for the band."""
    if window is None:
        return "—"
    return translate("SettingsText", "{start}–{end}, dismissal {dismissal}").format(
        start=time_text(window.start),
        end=time_text(window.end),
        dismissal=time_text(window.dismissal),
    )


def period_name(period: int) -> str:
    """第一课时 / 第二课时."""
    return (
        translate("SettingsText", "Period 1")
        if period == 1
        else translate("SettingsText", "Period 2")
    )


def colored_label(color: QColor, bold: bool = False, parent: QWidget | None = None) -> QLabel:
    """A wrapping label in one colour.

    Palette and a bold-only font, not a style sheet: a style sheet would stop the label from
    inheriting the page's larger font.
    """
    label = QLabel(parent)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)
    if bold:
        font = QFont()
        font.setBold(True)
        label.setFont(font)
    return label


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A grey explanation under a control."""
    label = colored_label(HINT_GREY, parent=parent)
    label.setText(text)
    return label


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red line for the problem with what was entered; hidden while empty."""
    label = colored_label(ERROR_RED, bold=True, parent=parent)
    label.setVisible(False)
    return label
