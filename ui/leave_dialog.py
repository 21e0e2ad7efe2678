"""The leave form: sick or personal leave over a date range, with reason and who phoned."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.attendance import AttendanceService
from core.attendance_leave import REASON_MAX, REPORTED_BY_MAX
from core.attendance_types import PERSONAL, SICK, LeaveInfo, PupilRef
from core.errors import AfterSchoolError
from core.staff_types import StaffMember
from ui.attendance_text import error_text, short_date, status_text

# How far back the form lists a pupil's earlier leave.
HISTORY_DAYS = 30


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class LeaveDialog(QDialog):
    """Enter leave for a pupil of a class, or cancel one entered before."""

    leave_changed = Signal()

    def __init__(
        self,
        attendance: AttendanceService,
        member: StaffMember,
        pupils: tuple[PupilRef, ...],
        student_id: int | None,
        day: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._attendance = attendance
        self._member = member
        self._day = day
        self.saved: LeaveInfo | None = None
        self.setWindowTitle(self.tr("Enter leave"))
        self.setMinimumWidth(560)

        self.pupil = QComboBox()
        for p in pupils:
            self.pupil.addItem(f"{p.name}  {p.student_no}", p.student_id)
        if student_id is not None and (i := self.pupil.findData(student_id)) >= 0:
            self.pupil.setCurrentIndex(i)
        self.pupil.currentIndexChanged.connect(self._show_leaves)

        self.sick = QRadioButton(status_text(SICK))
        self.personal = QRadioButton(status_text(PERSONAL))
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.sick)
        self.kinds.addButton(self.personal)
        kinds = QHBoxLayout()
        kinds.addWidget(self.sick)
        kinds.addWidget(self.personal)
        kinds.addStretch(1)

        self.start = QDateEdit(_qdate(day))
        self.end = QDateEdit(_qdate(day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start.dateChanged.connect(self._start_changed)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.end)
        dates.addStretch(1)

        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText(self.tr("e.g. fever, family matter"))
        self.reported_by = QLineEdit()
        self.reported_by.setMaxLength(REPORTED_BY_MAX)
        self.reported_by.setPlaceholderText(self.tr("e.g. 母亲（电话）"))

        form = QFormLayout()
        form.addRow(self.tr("Pupil:"), self.pupil)
        form.addRow(self.tr("Kind:"), kinds)
        form.addRow(self.tr("Dates:"), dates)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow(self.tr("Reported by:"), self.reported_by)

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()

        self.history_title = QLabel(self.tr("Leave of this pupil (recent and ahead)"))
        self.history_title.setObjectName("sectionTitle")
        self.history = QListWidget()
        self.history.setMaximumHeight(120)
        self.history.currentItemChanged.connect(self._history_picked)
        self.cancel_button = QPushButton(self.tr("Cancel selected leave"))
        self.cancel_button.clicked.connect(self._cancel_selected)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("Save leave"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("primary")
        self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)
        self._show_leaves()

    def student_id(self) -> int | None:
        """The pupil chosen."""
        data = self.pupil.currentData()
        return int(data) if data is not None else None

    def save(self) -> None:
        """Store the leave; on a refusal say why in Chinese and keep the form open."""
        sid = self.student_id()
        if sid is None:
            return
        kind = SICK if self.sick.isChecked() else PERSONAL if self.personal.isChecked() else ""
        try:
            self.saved = self._attendance.add_leave(
                sid,
                _pydate(self.start.date()),
                _pydate(self.end.date()),
                kind,
                self.reason.text(),
                self.reported_by.text(),
                self._member,
            )
        except AfterSchoolError as exc:
            self._show_error(exc)
            return
        self.leave_changed.emit()
        self.accept()

    def _show_error(self, exc: AfterSchoolError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def _start_changed(self, qdate: QDate) -> None:
        # Most leave is a single day: keep the end with the start unless it is later already.
        if self.end.date() < qdate:
            self.end.setDate(qdate)

    def _show_leaves(self) -> None:
        self.history.clear()
        sid = self.student_id()
        leaves = () if sid is None else self._attendance.leaves_of(sid, self._since())
        for leave in leaves:
            item = QListWidgetItem(self._leave_line(leave))
            item.setData(Qt.ItemDataRole.UserRole, leave.id)
            if leave.cancelled:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.history.addItem(item)
        if not leaves:
            self.history.addItem(QListWidgetItem(self.tr("No leave entered.")))
            self.history.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.cancel_button.setEnabled(False)

    def _since(self) -> dt.date:
        return self._day - dt.timedelta(days=HISTORY_DAYS)

    def _leave_line(self, leave: LeaveInfo) -> str:
        text = self.tr(
            "{kind} {start}–{end}: {reason} (reported by {who}; entered by {by})"
        ).format(
            kind=status_text(leave.kind),
            start=short_date(leave.start),
            end=short_date(leave.end),
            reason=leave.reason or "—",
            who=leave.reported_by or "—",
            by=leave.created_by or "—",
        )
        if leave.cancelled:
            text += self.tr(" — cancelled")
        return text

    def _history_picked(self, item: QListWidgetItem | None, _previous: object) -> None:
        enabled = item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
        self.cancel_button.setEnabled(enabled)

    def _cancel_selected(self) -> None:
        item = self.history.currentItem()
        if item is None:
            return
        try:
            self._attendance.cancel_leave(int(item.data(Qt.ItemDataRole.UserRole)), self._member)
        except AfterSchoolError as exc:
            self._show_error(exc)
            return
        self.error.hide()
        self._show_leaves()
        self.leave_changed.emit()
