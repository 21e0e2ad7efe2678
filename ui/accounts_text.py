"""Chinese sentences for sign-in and account errors, and the words for the three roles."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import AfterSchoolError
from core.staff_types import CLASS_TEACHER, DUTY_TEACHER, SAFETY_OFFICER, StaffMember
from ui.messages import fill, warn


def role_text(role: str) -> str:
    """班主任 / 值班教师 / 安全负责人."""
    return {
        CLASS_TEACHER: QCoreApplication.translate("AccountText", "Class teacher"),
        DUTY_TEACHER: QCoreApplication.translate("AccountText", "Duty teacher"),
        SAFETY_OFFICER: QCoreApplication.translate("AccountText", "Safety officer"),
    }.get(role, role)


def member_text(member: StaffMember) -> str:
    """王芳（班主任）, as the header shows who is signed in."""
    return QCoreApplication.translate("AccountText", "{name} ({role})").format(
        name=member.name, role=role_text(member.role)
    )


def mismatch_text() -> str:
    """The two entries of a new PIN differ."""
    return QCoreApplication.translate("AccountText", "The two entries do not match.")


def secret_rules_text() -> str:
    """What a PIN or password must look like, shown where one is chosen."""
    return QCoreApplication.translate(
        "AccountText",
        "A PIN has 4 to 8 digits and must not be as simple as 1234 or 0000; "
        "a password has at least 6 characters.",
    )


def _templates() -> dict[str, str]:
    # Built on each call so that a translator installed later is used.
    wrong = QCoreApplication.translate(
        "AccountText",
        "Staff number or PIN/password is wrong. {attempts_left} more tries before the "
        "account is locked.",
    )
    return {
        # One sentence for both: never tell which of the two was wrong.
        "wrong_secret": wrong,
        "unknown_staff": wrong,
        "locked_out": QCoreApplication.translate(
            "AccountText",
            "Too many wrong tries: signing in is locked until {until}. Try again then, or ask "
            "the safety officer to unlock the account.",
        ),
        "admin_only": QCoreApplication.translate(
            "AccountText", "Only the safety officer (administrator) may change accounts."
        ),
        "not_self": QCoreApplication.translate(
            "AccountText",
            "You cannot deactivate your own account or remove your own administrator role.",
        ),
        "last_admin": QCoreApplication.translate(
            "AccountText", "At least one safety officer (administrator) who can sign in must stay."
        ),
        "admin_exists": QCoreApplication.translate(
            "AccountText",
            "The administrator account already exists (perhaps created on another computer). "
            "Please sign in.",
        ),
        "secret_short": QCoreApplication.translate(
            "AccountText", "A PIN has 4 to 8 digits; a password at least 6 characters."
        ),
        "secret_long": QCoreApplication.translate(
            "AccountText", "The password is too long (at most {max} characters)."
        ),
        "secret_trivial": QCoreApplication.translate(
            "AccountText",
            "This PIN or password is too easy to guess (like 1234, 0000 or 111111). "
            "Please choose another.",
        ),
        "secret_is_staff_no": QCoreApplication.translate(
            "AccountText", "The PIN or password must not be the staff number."
        ),
        "staff_no_empty": QCoreApplication.translate(
            "AccountText", "Please enter the staff number."
        ),
        "staff_no_form": QCoreApplication.translate(
            "AccountText",
            "A staff number has only letters, digits, - or _ (at most 20 characters).",
        ),
        "staff_no_taken": QCoreApplication.translate(
            "AccountText", "Staff number {staff_no} is already in use."
        ),
        "staff_name_empty": QCoreApplication.translate("AccountText", "Please enter the name."),
        "staff_name_long": QCoreApplication.translate(
            "AccountText", "The name is too long (at most {max} characters)."
        ),
        "staff_role": QCoreApplication.translate("AccountText", "Please choose a role."),
        "staff_phone": QCoreApplication.translate(
            "AccountText", "A phone number has only digits, + and - (at most 20 characters)."
        ),
        "idle_range": QCoreApplication.translate(
            "AccountText", "The automatic lock must come after {low} to {high} minutes."
        ),
        "not_found": QCoreApplication.translate(
            "AccountText", "This record no longer exists (perhaps changed on another computer)."
        ),
    }


def error_text(exc: AfterSchoolError) -> str:
    """The Chinese sentence for an error from sign-in or an account change."""
    template = _templates().get(exc.code)
    if template is None:
        return QCoreApplication.translate(
            "AccountText", "This could not be done (code {code})."
        ).format(code=exc.code)
    params = {
        k: f"{v:%H:%M}" if isinstance(v, dt.datetime) else str(v) for k, v in exc.params.items()
    }
    return fill(template, params)


def known_codes() -> set[str]:
    """Every error code that has its own sentence."""
    return set(_templates())


def show_error(parent: QWidget, exc: AfterSchoolError) -> QMessageBox:
    """A window-modal warning; returned so callers and tests can see it."""
    return warn(parent, QCoreApplication.translate("AccountText", "Not done"), error_text(exc))
