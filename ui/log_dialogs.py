"""The log page's messages and small dialogs: errors in Chinese, the close result, the reason."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from core.day_close import LogIssue
from core.errors import AfterSchoolError
from ui.messages import fill

log = logging.getLogger(__name__)
NAMES_SHOWN = 12  # a longer list of unaccounted children ends with "…等 N 名"

STYLE = """
QLabel#logState { font-size: 17px; font-weight: bold; color: #1f2937; }
QLabel#logState[state="closed"] { color: #14532d; }
QLabel#logDetail { font-size: 14px; color: #374151; }
QLabel#logDetail[state="error"] { color: #b3261e; }
QLabel#logDetail[state="ok"] { color: #14532d; }
QLabel#logDetail[state="warn"] { color: #9a3412; font-weight: bold; }
"""

# Asks where to save: (parent, caption, suggested file name, filters) -> the path, "" when not.
SavePathAsker = Callable[[QWidget, str, str, str], str]


translate = QCoreApplication.translate


def names_text(names: list[str]) -> str:
    """一(1)班 李小一、五(1)班 张三 … at most ``NAMES_SHOWN`` of them."""
    shown = "、".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += translate("LogText", " … {n} in all").format(n=len(names))
    return shown


def _templates() -> dict[str, str]:
    return {
        "unaccounted": translate(
            "LogText",
            "The day cannot be closed yet: {count} pupils are present but neither handed over, "
            "released alone nor in a teacher's custody:\n{names}",
        ),
        "already_closed": translate(
            "LogText",
            "This day was already closed (perhaps at another computer). The page now shows it.",
        ),
        "future_day": translate("LogText", "A day that has not happened yet cannot be closed."),
        "not_closed": translate("LogText", "Only a closed day's log can be re-issued."),
        "reason_required": translate("LogText", "Please say why the log is re-issued."),
        "log_format": translate("LogText", "Please save the log as PDF, Excel (.xlsx) or CSV."),
        "report_format": translate("LogText", "Please save the report as PDF or Excel (.xlsx)."),
        "db_unavailable": translate(
            "LogText", "The database cannot be reached. Please try again in a moment."
        ),
    }


def error_text(exc: BaseException) -> str:
    """The Chinese sentence for an error a close, export or print raised."""
    if isinstance(exc, OSError):
        return translate("LogText", "The file could not be written: {reason}").format(
            reason=exc.strerror or str(exc)
        )
    if not isinstance(exc, AfterSchoolError):
        log.error("log page action failed", exc_info=exc)
        return translate("LogText", "This could not be done. The error was logged.")
    template = _templates().get(exc.code)
    if template is None:
        return translate("LogText", "This could not be done (code {code}).").format(code=exc.code)
    params = {k: str(v) for k, v in exc.params.items()}
    if exc.code == "unaccounted":
        names = [str(n) for n in exc.params.get("names", [])]
        params = {"count": str(len(names)), "names": names_text(names)}
    return fill(template, params)


def card() -> tuple[QFrame, QVBoxLayout]:
    """A white framed box with its layout."""
    frame = QFrame()
    frame.setObjectName("bandCard")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    return frame, layout


def set_state(label: QLabel, state: str) -> None:
    """Restyle a label for its state (see ``STYLE``)."""
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)


def ask_save_path(parent: QWidget, caption: str, suggested: str, filters: str) -> str:
    """The standard save dialog; the chosen path, or "" when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return path


def with_suffix(path: str, selected_filter_suffixes: tuple[str, ...]) -> Path:
    """The path, given the first allowed suffix when the user typed none of them."""
    out = Path(path)
    if out.suffix.lower() not in selected_filter_suffixes:
        out = out.with_name(out.name + selected_filter_suffixes[0])
    return out


def open_folder(folder: Path) -> bool:
    """Show a folder in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def closed_box(parent: QWidget, issue: LogIssue) -> QMessageBox:
    """The day is closed: where its log was archived, with 打开存档文件夹 (non-blocking)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        translate("LogText", "Day closed"),
        translate("LogText", "The day is closed. Its log was archived as:\n{path}").format(
            path=issue.path
        ),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    folder_button = box.addButton(
        translate("LogText", "Open archive folder"), QMessageBox.ButtonRole.ActionRole
    )
    folder_button.clicked.connect(lambda: open_folder(issue.path.parent))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def confirm_box(
    parent: QWidget, title: str, text: str, on_yes: Callable[[], object]
) -> QMessageBox:
    """A Yes/No question that calls ``on_yes`` when confirmed (non-blocking)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.accepted.connect(on_yes)  # Yes has the accept role
    box.open()
    return box


def reason_dialog(parent: QWidget, on_reason: Callable[[str], object]) -> QInputDialog:
    """Asks why the log is re-issued; ``on_reason`` gets the text when confirmed (non-blocking)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(translate("LogText", "Re-issue the log"))
    dialog.setLabelText(
        translate(
            "LogText",
            "The day's records were corrected after it was closed. The archive gets a new "
            "issue of the log that says so.\nWhy is it re-issued?",
        )
    )
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setOkButtonText(translate("LogText", "Re-issue"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.textValueSelected.connect(on_reason)
    dialog.open()
    return dialog
