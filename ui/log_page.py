"""看管记录与报表: closing the day (R8), printing and exporting its log and the reports."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.day_close import DayStatus, LogIssue
from core.log_export import write_log
from core.report_export import write_month, write_week
from core.services import Services
from core.staff_types import StaffMember
from ui.date_bar import DateBar
from ui.log_dialogs import (
    STYLE,
    SavePathAsker,
    ask_save_path,
    card,
    closed_box,
    confirm_box,
    error_text,
    names_text,
    open_folder,
    reason_dialog,
    set_state,
    with_suffix,
)
from ui.messages import warn
from ui.pdf_print import PdfPrintDialog
from ui.terms import date_text

LOG_SUFFIXES = (".pdf", ".xlsx", ".csv")
REPORT_SUFFIXES = (".pdf", ".xlsx")
T = TypeVar("T")


class LogPage(QWidget):
    """The day's close and its log; the weekly diagnosis and the monthly summary."""

    def __init__(
        self,
        services: Services,
        member: StaffMember,
        parent: QWidget | None = None,
        *,
        ask_path: SavePathAsker = ask_save_path,
    ) -> None:
        super().__init__(parent)
        require_page(member, "log")  # R12: no other way in for other roles
        self._services = services
        self._member = member
        self._ask_path = ask_path
        self._pinned_date: dt.date | None = None
        self.status: DayStatus | None = None
        self.message_box: QWidget | None = None  # the latest message shown (tests look at it)
        self.print_dialog: PdfPrintDialog | None = None
        self.setStyleSheet(STYLE)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.date_bar = DateBar()
        self.date_bar.date_picked.connect(self.show_date)
        self.date_bar.today_button.clicked.connect(self.show_today)
        self.date_bar.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.date_bar)

        # The day: closed or not, who closed it, the archive, corrections since.
        self.state_label = QLabel()
        self.state_label.setObjectName("logState")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("logDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.correction_label = QLabel()
        self.correction_label.setObjectName("logDetail")
        set_state(self.correction_label, "warn")
        self.reissue_button = QPushButton(self.tr("Re-issue…"))
        self.reissue_button.clicked.connect(self.ask_reissue)
        self.folder_button = QPushButton(self.tr("Open archive folder"))
        self.folder_button.clicked.connect(self.open_archive_folder)
        self.close_button = QPushButton(self.tr("Close the day…"))
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.ask_close)
        self.print_button = QPushButton(self.tr("Preview and print…"))
        self.print_button.clicked.connect(self.print_preview_log)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.choose_log_export)
        self.full_phones_box = QCheckBox(self.tr("Full phone numbers (safety officer only)"))

        day_card, day_layout = card()
        title = QLabel(self.tr("Daily supervision log"))
        title.setObjectName("cardTitle")
        day_layout.addWidget(title)
        day_layout.addWidget(self.state_label)
        day_layout.addWidget(self.detail_label)
        corrections = QHBoxLayout()
        corrections.addWidget(self.correction_label)
        corrections.addWidget(self.reissue_button)
        corrections.addStretch(1)
        day_layout.addLayout(corrections)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.full_phones_box)
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        day_layout.addLayout(buttons)

        # The reports of the picked date's week and month.
        self.week_label = QLabel()
        self.month_label = QLabel()
        self.week_print_button = QPushButton(self.tr("Preview and print…"))
        self.week_print_button.clicked.connect(self.print_preview_week)
        self.week_export_button = QPushButton(self.tr("Export…"))
        self.week_export_button.clicked.connect(self.choose_week_export)
        self.month_print_button = QPushButton(self.tr("Preview and print…"))
        self.month_print_button.clicked.connect(self.print_preview_month)
        self.month_export_button = QPushButton(self.tr("Export…"))
        self.month_export_button.clicked.connect(self.choose_month_export)
        report_card, report_layout = card()
        title = QLabel(self.tr("Reports"))
        title.setObjectName("cardTitle")
        report_layout.addWidget(title)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, (name, label, print_button, export_button) in enumerate(
            (
                (
                    self.tr("Weekly diagnosis"),
                    self.week_label,
                    self.week_print_button,
                    self.week_export_button,
                ),
                (
                    self.tr("Monthly attendance"),
                    self.month_label,
                    self.month_print_button,
                    self.month_export_button,
                ),
            )
        ):
            heading = QLabel(name)
            heading.setObjectName("sectionTitle")
            grid.addWidget(heading, row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(print_button, row, 2)
            grid.addWidget(export_button, row, 3)
        report_layout.addLayout(grid)

        hint = QLabel(
            self.tr(
                "The day is closed once every present pupil was handed over, released alone or "
                "taken into a teacher's custody; its log is then archived. A correction afterwards "
                "is kept in the audit log and the archive gets a re-issued log that says why. "
                "Phone numbers are masked except in the safety officer's full export."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(day_card)
        layout.addWidget(report_card)
        layout.addStretch(1)
        layout.addWidget(hint)
        # R12: phones are masked everywhere except the safety officer's own export. (Shown or
        # hidden only once parented: a parentless widget shown would become a window.)
        self.full_phones_box.setVisible(member.is_admin)
        self.full_phones_box.setEnabled(member.is_admin)
        self.show_today()

    # --- what is shown ---

    def _now(self) -> dt.datetime:
        return self._services.clock.now().replace(tzinfo=None)

    def current_date(self) -> dt.date:
        """The date on show: today by the clock unless another date was picked."""
        return self._pinned_date or self._now().date()

    def show_today(self) -> None:
        """Follow the clock's date again."""
        self._pinned_date = None
        self.refresh()

    def show_date(self, day: dt.date) -> None:
        """Look at another day (the day before is usually closed the next morning)."""
        self._pinned_date = None if day == self._now().date() else day
        self.refresh()

    def live_refresh(self) -> None:
        """Another station wrote (ui.live): the day may have been closed or corrected."""
        self.refresh()

    def refresh(self) -> None:
        """Read the day's close status again and show it."""
        now = self._now()
        day = self.current_date()
        self.date_bar.set_date(day, latest=now.date())
        self.heading.setText(self.tr("Daily log and reports · {date}").format(date=date_text(day)))
        start = day - dt.timedelta(days=day.isoweekday() - 1)
        end = start + dt.timedelta(days=6)
        self.week_label.setText(f"{start:%Y-%m-%d} — {end:%Y-%m-%d}")
        self.month_label.setText(self.tr("{year}-{month}").format(year=day.year, month=day.month))
        try:
            status = self._services.day_close.status(day)
            over = self._dismissal_over(day, now)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.status = None
            self.state_label.setText(error_text(exc))
            self.detail_label.setText("")
            return
        self.status = status
        if status.closed:
            self._show_closed(status)
        else:
            self._show_open(status, over)

    def _dismissal_over(self, day: dt.date, now: dt.datetime) -> bool:
        if day < now.date():
            return True
        times = [w.dismissal for w in self._services.dismissal.board(day).waves if w.dismissal]
        return not times or now >= max(times).replace(tzinfo=None)

    def _show_open(self, status: DayStatus, over: bool) -> None:
        self.state_label.setText(self.tr("Not closed yet"))
        set_state(self.state_label, "open")
        if not over:
            text, state = self.tr("Dismissal is not over yet."), ""
        elif status.unaccounted:
            names = [f"{c.class_name} {c.name}" for c in status.unaccounted]
            text = self.tr("{n} pupils are still unaccounted for: {names}").format(
                n=len(names), names=names_text(names)
            )
            state = "error"
        else:
            text, state = (
                self.tr("Every present pupil is accounted for: the day can be closed."),
                "ok",
            )
        self.detail_label.setText(text)
        set_state(self.detail_label, state)
        self.correction_label.setVisible(False)
        self.reissue_button.setVisible(False)
        self.folder_button.setVisible(False)
        self.close_button.setEnabled(True)

    def _show_closed(self, status: DayStatus) -> None:
        assert status.closed_at is not None
        at = status.closed_at
        when = f"{at:%H:%M}" if at.date() == status.day else f"{at:%m-%d %H:%M}"
        self.state_label.setText(
            self.tr("Closed at {time} by {who}").format(time=when, who=status.closed_by or "—")
        )
        set_state(self.state_label, "closed")
        latest = status.issues[-1] if status.issues else None
        self.detail_label.setText(
            self.tr("Archive: issue {version} · {file}").format(
                version=latest.version, file=latest.path.name
            )
            if latest
            else ""
        )
        set_state(self.detail_label, "")
        self.correction_label.setText(
            self.tr(
                "{n} corrections since the day was closed: the archive needs a re-issued log"
            ).format(n=status.corrections)
        )
        self.correction_label.setVisible(status.corrections > 0)
        self.reissue_button.setVisible(status.corrections > 0)
        self.folder_button.setVisible(True)
        self.close_button.setEnabled(False)

    # --- the day's close ---

    def ask_close(self) -> QMessageBox:
        """Confirm, then close the day."""
        day = self.current_date()
        box = confirm_box(
            self,
            self.tr("Close the day"),
            self.tr(
                "Close {date}? Its log is generated and archived. A correction afterwards is "
                "kept in the audit log and needs a re-issued log."
            ).format(date=date_text(day)),
            self.close_day,
        )
        self.message_box = box
        return box

    def close_day(self) -> LogIssue | None:
        """Close the day on show; refused with the unaccounted pupils' names (R8)."""
        issue = self._run(lambda: self._services.day_close.close(self.current_date(), self._member))
        self.refresh()
        if issue is not None:
            self.message_box = closed_box(self, issue)
        return issue

    def ask_reissue(self) -> QWidget:
        """Ask why, then re-issue the archived log."""
        dialog = reason_dialog(self, self.reissue)
        self.message_box = dialog
        return dialog

    def reissue(self, reason: str) -> LogIssue | None:
        """Archive a new issue of the closed day's log, saying why."""
        day = self.current_date()
        issue = self._run(lambda: self._services.day_close.reissue(day, self._member, reason))
        self.refresh()
        return issue

    def open_archive_folder(self) -> None:
        """The folder where the closed days' logs are kept."""
        if self.status is not None and self.status.issues:
            open_folder(self.status.issues[-1].path.parent)

    # --- printing ---

    def print_preview_log(self) -> PdfPrintDialog | None:
        """The archived log of a closed day; else the log as it stands now."""
        status = self.status
        day = self.current_date()
        if status is not None and status.closed and status.issues:
            issue = status.issues[-1]
            if not issue.path.exists():
                self.message_box = warn(
                    self,
                    self.tr("Not done"),
                    self.tr("The archived log is not on this computer: {path}").format(
                        path=issue.path
                    ),
                )
                return None
            return self._preview(issue.path, self.tr("Daily log {date} (archived)"))
        return self._preview_temp(
            "看管记录", lambda p: write_log(self._services.daily_log(day), p), self.tr("Daily log")
        )

    def print_preview_week(self) -> PdfPrintDialog | None:
        """The weekly diagnosis of the week on show."""
        return self._preview_temp("一周一诊断", self._write_week, self.tr("Weekly diagnosis"))

    def print_preview_month(self) -> PdfPrintDialog | None:
        """The monthly attendance summary of the month on show."""
        return self._preview_temp("月度出勤汇总", self._write_month, self.tr("Monthly attendance"))

    def _preview_temp(
        self, stem: str, write: Callable[[Path], None], title: str
    ) -> PdfPrintDialog | None:
        fd, name = tempfile.mkstemp(prefix=f"{stem}-{self.current_date():%Y-%m-%d}-", suffix=".pdf")
        os.close(fd)
        path = Path(name)
        try:
            if not self._done(lambda: write(path)):
                return None
            return self._preview(path, title)
        finally:
            path.unlink(missing_ok=True)  # the dialog holds the bytes it prints

    def _preview(self, path: Path, title: str) -> PdfPrintDialog | None:
        full = title.format(date=f"{self.current_date():%Y-%m-%d}")
        dialog = self._run(lambda: PdfPrintDialog(path, full, self))
        if dialog is None:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.print_dialog = dialog
        dialog.open()
        return dialog

    # --- exports ---

    def choose_log_export(self) -> None:
        """Ask where to save the log, then export it."""
        day = self.current_date()
        path = self._ask_path(
            self,
            self.tr("Export the daily log"),
            f"看管记录-{day:%Y-%m-%d}.pdf",
            self.tr("PDF (*.pdf);;Excel workbook (*.xlsx);;CSV for Excel (*.csv)"),
        )
        if path:
            self.export_log(with_suffix(path, LOG_SUFFIXES), self.full_phones_box.isChecked())

    def choose_week_export(self) -> None:
        """Ask where to save the weekly diagnosis, then export it."""
        path = self._ask_path(
            self,
            self.tr("Export the weekly diagnosis"),
            f"一周一诊断-{self.current_date():%Y-%m-%d}.pdf",
            self.tr("PDF (*.pdf);;Excel workbook (*.xlsx)"),
        )
        if path:
            self.export_week(with_suffix(path, REPORT_SUFFIXES))

    def choose_month_export(self) -> None:
        """Ask where to save the monthly summary, then export it."""
        path = self._ask_path(
            self,
            self.tr("Export the monthly attendance"),
            f"月度出勤汇总-{self.current_date():%Y-%m}.pdf",
            self.tr("PDF (*.pdf);;Excel workbook (*.xlsx)"),
        )
        if path:
            self.export_month(with_suffix(path, REPORT_SUFFIXES))

    def export_log(self, path: Path, full_phones: bool = False) -> bool:
        """The day's log to ``path`` (.pdf/.xlsx/.csv); full phones only for the safety officer."""
        full = full_phones and self._member.is_admin
        day = self.current_date()
        return self._export(
            path, lambda: write_log(self._services.daily_log(day, full_phones=full), path)
        )

    def export_week(self, path: Path) -> bool:
        """The weekly diagnosis of the week on show to ``path`` (.pdf/.xlsx)."""
        return self._export(path, lambda: self._write_week(path))

    def export_month(self, path: Path) -> bool:
        """The monthly attendance summary of the month on show to ``path`` (.pdf/.xlsx)."""
        return self._export(path, lambda: self._write_month(path))

    def _write_week(self, path: Path) -> None:
        week = self._services.reports.weekly_diagnosis(self.current_date())
        write_week(week, self._services.schedule.load().school_name, path)

    def _write_month(self, path: Path) -> None:
        day = self.current_date()
        month = self._services.reports.monthly_summary(day.year, day.month)
        write_month(month, self._services.schedule.load().school_name, path)

    def _export(self, path: Path, write: Callable[[], None]) -> bool:
        if not self._done(write):
            return False
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Exported"),
            self.tr("Saved to {path}").format(path=path),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box
        return True

    # --- helpers ---

    def _run(self, act: Callable[[], T]) -> T | None:
        """Do ``act`` under a busy cursor; a failure is shown in Chinese and gives None."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return act()
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            error = exc
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.message_box = warn(self, self.tr("Not done"), error_text(error))
        return None

    def _done(self, act: Callable[[], object]) -> bool:
        """Did ``act`` succeed (see ``_run``)."""
        return self._run(lambda: (act(), True)[1]) is not None
