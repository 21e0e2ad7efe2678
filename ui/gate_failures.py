"""What the gate says when a scan or a release could not reach or use the database.

Never "recorded" unless the write returned: every failure says NOT checked or NOT recorded, what
to do now, and when it lasts, the school's paper fallback (its emergency plan).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from core.errors import AfterSchoolError, DatabaseUnavailableError

log = logging.getLogger(__name__)


def database_failure(exc: Exception) -> bool:
    """True when ``exc`` means the database is gone, not a refusal of core's own.

    Core turns a lost database into DatabaseUnavailableError; anything untyped that still
    escapes a service is the database driver's (a bug is logged with its traceback). Either
    way the teacher's instruction is the same: nothing stored, keep the child, paper if it lasts.
    """
    return isinstance(exc, DatabaseUnavailableError) or not isinstance(exc, AfterSchoolError)


def log_failure(what: str, exc: Exception) -> None:
    """A typed error in one line; anything else with its traceback."""
    if isinstance(exc, AfterSchoolError):
        log.warning("%s: %s", what, exc)
    else:
        log.error("%s", what, exc_info=exc)


def scan_failure(exc: Exception) -> tuple[str, str]:
    """The red band's headline and detail when a card could not be checked."""
    if database_failure(exc):
        return (
            QCoreApplication.translate(
                "GateFailures", "Card NOT checked: the database cannot be reached"
            ),
            QCoreApplication.translate(
                "GateFailures",
                "Do not release on this screen. Scan again when the red bar is gone; if the "
                "database is not back within a few minutes, follow the school's emergency plan "
                "and record handoffs on paper.",
            ),
        )
    return QCoreApplication.translate("GateFailures", "Card NOT checked"), str(exc)


def record_failure(exc: Exception) -> str:
    """The red line under the verdict when a release was not stored."""
    # db.engine.failure_cause's words for a write that waiting will not mend.
    causes = {
        "disk_full": QCoreApplication.translate("GateFailures", "the database's disk is full"),
        "read_only": QCoreApplication.translate("GateFailures", "the database is read-only"),
        "io_error": QCoreApplication.translate(
            "GateFailures", "the database's disk cannot be read or written"
        ),
    }
    params = exc.params if isinstance(exc, AfterSchoolError) else {}
    cause = causes.get(str(params.get("cause", "")))
    if cause is not None:
        return QCoreApplication.translate(
            "GateFailures",
            "NOT recorded: {cause}. Keep the child here and call the school's IT contact; until "
            "it is fixed, follow the school's emergency plan and record handoffs on paper.",
        ).format(cause=cause)
    if database_failure(exc):
        return QCoreApplication.translate(
            "GateFailures",
            "NOT recorded: the database cannot be reached. Keep the child here and try again; "
            "if the database is not back within a few minutes, follow the school's emergency "
            "plan and record the handoff on paper.",
        )
    return QCoreApplication.translate("GateFailures", "NOT recorded: {reason}").format(reason=exc)
