"""The gate's last 20 handoffs, with undo for a minute after a mistaken confirm."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.clock import Clock
from core.errors import ValidationError
from core.handoffs import HandoffService, RecentHandoff
from core.staff_types import StaffMember
from ui.gate_failures import database_failure, log_failure
from ui.verdict_words import method_text

log = logging.getLogger(__name__)

# A second click within this time confirms the undo: one stray click never undoes a release.
CONFIRM_MS = 5000


class RecentHandoffs(QWidget):
    """A table of the day's latest handoffs (all stations), newest first."""

    undone = Signal(int)  # handoff id
    failed = Signal(str)  # a Chinese sentence for the page to show

    def __init__(
        self,
        handoffs: HandoffService,
        clock: Clock,
        member: StaffMember,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._handoffs = handoffs
        self._clock = clock
        self._member = member
        self._lines: list[RecentHandoff] = []
        self._armed: int | None = None  # the handoff whose undo awaits a second click
        self.title = QLabel(self.tr("Latest handoffs"))
        self.title.setObjectName("sectionTitle")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Child"), self.tr("Taken by"), ""]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space/Enter stay with the gate
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self._disarm_timer = QTimer(self)
        self._disarm_timer.setSingleShot(True)
        self._disarm_timer.timeout.connect(self._disarm)

    def lines(self) -> list[RecentHandoff]:
        """What the table shows, newest first."""
        return list(self._lines)

    def refresh(self) -> None:
        """Re-read the list (other stations' handoffs too) and expire undo buttons."""
        try:
            self._lines = self._handoffs.recent()
        except Exception as exc:  # noqa: BLE001 - a timer's reload; the next one tries again
            # The verdict on screen stays: the database's own red bar says it is gone, and the
            # list keeps its last lines, marked out of date.
            log.warning("latest handoffs not read: %s", exc)
            self.title.setText(
                self.tr("Latest handoffs (out of date: the database cannot be reached)")
            )
            return
        self.title.setText(self.tr("Latest handoffs"))
        now = self._clock.now().replace(tzinfo=None)
        for row in range(self.table.rowCount()):
            # Replaced widgets are deleted only when the event loop gets to them: hide now.
            old = self.table.cellWidget(row, 3)
            if old is not None:
                old.hide()
        self.table.setRowCount(len(self._lines))
        for row, line in enumerate(self._lines):
            child = f"{line.student_name}  {line.class_name}"
            who = (
                f"{line.receiver_name}（{line.receiver_relation}）"
                if line.receiver_relation
                else (line.receiver_name)
            )
            detail = self.tr("{method} · {station} · checked by {teacher}").format(
                method=method_text(line.method), station=line.station, teacher=line.verified_by
            )
            cells = [f"{line.released_at:%H:%M:%S}", child, who]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(
                    detail + (f"\n{line.override_reason}" if line.override_reason else "")
                )
                if line.undone_at is not None:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setForeground(QColor("#9ca3af"))
                self.table.setItem(row, col, item)
            self.table.setCellWidget(row, 3, self._action(line, now))

    def _action(self, line: RecentHandoff, now) -> QWidget:  # noqa: ANN001
        if line.undone_at is not None:
            label = QLabel(self.tr("Undone"))
            label.setStyleSheet("color: #6b7280; padding: 0 8px;")
            return label
        if not line.undoable(now):
            return QLabel()
        armed = self._armed == line.id
        button = QPushButton(self.tr("Confirm undo?") if armed else self.tr("Undo"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setObjectName("undoButton")
        if armed:
            button.setStyleSheet("background: #b3261e; color: white; font-weight: bold;")
        button.clicked.connect(lambda _=False, hid=line.id: self.undo_clicked(hid))
        return button

    def undo_clicked(self, handoff_id: int) -> None:
        """First click arms the undo, the second (within 5 s) does it."""
        if self._armed != handoff_id:
            self._armed = handoff_id
            self._disarm_timer.start(CONFIRM_MS)
            self.refresh()
            return
        self._armed = None
        try:
            self._handoffs.undo(handoff_id, self._member, self.tr("undone at the gate"))
        except ValidationError as exc:
            if exc.code == "undo_expired":
                self.failed.emit(self.tr("More than 60 seconds have passed: it cannot be undone."))
            else:
                self.failed.emit(self.tr("This handoff was undone already."))
        except Exception as exc:  # noqa: BLE001 - a lost database included
            log_failure("undo not saved", exc)
            if database_failure(exc):
                self.failed.emit(self.tr("The undo was NOT saved: the database cannot be reached."))
            else:
                self.failed.emit(self.tr("The undo was not saved: {reason}").format(reason=exc))
        else:
            self.undone.emit(handoff_id)
        self.refresh()

    def _disarm(self) -> None:
        self._armed = None
        self.refresh()
