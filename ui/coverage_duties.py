"""The duty roster (值守安排): weekly duties per weekday, and dated duties that replace them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.coverage import CoverageService
from core.coverage_types import Assignment, AssignmentDraft, Group, GroupChoice
from core.errors import AfterSchoolError
from core.staff_types import StaffMember
from ui.clubs_text import period_text, show_error
from ui.table_model import Column, RecordTableModel
from ui.terms import weekday_text

WEEKLY, DATED = 0, 1


def group_text(kind: str, name: str) -> str:
    """三(2)班, 机器人社团, or 校门."""
    if kind == "gate":
        return QCoreApplication.translate("CoverageText", "School gate")
    return name


class DutyEditor(QWidget):
    """Add and remove duties; a dated duty replaces the weekly ones of its group and period."""

    changed = Signal()

    def __init__(
        self, coverage: CoverageService, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._coverage = coverage
        self._member = member

        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("Weekly duties"))
        self.mode_combo.addItem(self.tr("Duties on one date (replace the weekly ones)"))
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.weekday_combo = QComboBox()
        for day in range(1, 6):
            self.weekday_combo.addItem(weekday_text(day), day)
        self.weekday_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.when_stack = QStackedWidget()
        self.when_stack.addWidget(self.weekday_combo)
        self.when_stack.addWidget(self.date_edit)
        top = QHBoxLayout()
        top.addWidget(self.mode_combo)
        top.addWidget(self.when_stack)
        top.addStretch(1)

        self.model: RecordTableModel[Assignment] = RecordTableModel(
            [
                Column(self.tr("Period"), lambda a: period_text(a.period)),
                Column(self.tr("Group"), lambda a: group_text(a.group.kind, a.group_name)),
                Column(self.tr("Teacher"), lambda a: a.staff.label),
            ]
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton(self.tr("Remove selected"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.count_label = QLabel()
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.count_label)
        left.addWidget(self.view, 1)
        left.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.staff_combo = QComboBox()
        self.group_combo = QComboBox()
        self.group_combo.currentIndexChanged.connect(self._group_chosen)
        self.period_combo = QComboBox()
        for period in (1, 2):
            self.period_combo.addItem(period_text(period), period)
        self.day_boxes: dict[int, QCheckBox] = {}
        days = QHBoxLayout()
        for day in range(1, 6):
            box = QCheckBox(weekday_text(day))
            self.day_boxes[day] = box
            days.addWidget(box)
        days.addStretch(1)
        self.days_widget = QWidget()
        self.days_widget.setLayout(days)
        days.setContentsMargins(0, 0, 0, 0)
        self.date_hint = QLabel()
        self.date_hint.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add duty"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add)
        box = QGroupBox(self.tr("New duty"))
        form = QFormLayout(box)
        self._form = form
        form.addRow(self.tr("Teacher"), self.staff_combo)
        form.addRow(self.tr("Group"), self.group_combo)
        form.addRow(self.tr("Period"), self.period_combo)
        form.addRow(self.tr("Weekdays"), self.days_widget)
        form.addRow("", self.date_hint)
        form.addRow("", self.add_button)
        right = QVBoxLayout()
        right.addWidget(box)
        right.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._pickers_loaded = False
        today = coverage.now().date()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.weekday_combo.setCurrentIndex(min(today.isoweekday(), 5) - 1)
        self._mode_changed(WEEKLY)

    # --- behaviour ---

    def refresh(self) -> None:
        """Reload the pickers and the duties of the chosen weekday or date."""
        self._load_pickers()
        if self.mode_combo.currentIndex() == WEEKLY:
            rows = self._coverage.duty.assignments(weekday=self.weekday_combo.currentData())
        else:
            rows = self._coverage.duty.assignments(on_date=self._date())
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{count} duties").format(count=len(rows)))

    def set_weekly(self, weekday: int) -> None:
        """Show the weekly duties of a weekday."""
        self.mode_combo.setCurrentIndex(WEEKLY)
        self.weekday_combo.setCurrentIndex(weekday - 1)

    def set_dated(self, day: dt.date) -> None:
        """Show the dated duties of a date."""
        self.mode_combo.setCurrentIndex(DATED)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def add(self) -> None:
        """Store the duty in the form."""
        weekly = self.mode_combo.currentIndex() == WEEKLY
        choice: GroupChoice = self.group_combo.currentData()
        draft = AssignmentDraft(
            staff_id=self.staff_combo.currentData(),
            group=choice.group if choice else Group.gate(),
            period=self.period_combo.currentData(),
            weekdays=tuple(d for d, b in self.day_boxes.items() if b.isChecked()) if weekly else (),
            on_date=None if weekly else self._date(),
        )
        try:
            self._coverage.duty.assign(draft, self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        """Remove the selected duties."""
        rows = self.view.selectionModel().selectedRows()
        ids = [self.model.row_record(i.row()).id for i in rows]
        try:
            for assignment_id in ids:
                self._coverage.duty.unassign(assignment_id, self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
        if ids:
            self.refresh()
            self.changed.emit()

    # --- helpers ---

    def _load_pickers(self) -> None:
        keep_group = self.group_combo.currentIndex()
        if not self._pickers_loaded:
            for staff in self._coverage.duty.staff():
                self.staff_combo.addItem(staff.label, staff.id)
            self._pickers_loaded = True
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        for choice in self._coverage.duty.groups():
            label = group_text(choice.group.kind, choice.name)
            if choice.weekday is not None and choice.period is not None:
                label = self.tr("{club} ({weekday} {period})").format(
                    club=choice.name,
                    weekday=weekday_text(choice.weekday),
                    period=period_text(choice.period),
                )
            self.group_combo.addItem(label, choice)
        self.group_combo.setCurrentIndex(max(keep_group, 0))
        self.group_combo.blockSignals(False)

    def _date(self) -> dt.date:
        q = self.date_edit.date()
        return dt.date(q.year(), q.month(), q.day())

    def _mode_changed(self, mode: int) -> None:
        self.when_stack.setCurrentIndex(mode)
        self._form.setRowVisible(self.days_widget, mode == WEEKLY)
        self.date_hint.setText(
            self.tr(
                "A duty on one date replaces that day's weekly duties of the same group "
                "and period (a stand-in)."
            )
            if mode == DATED
            else ""
        )
        self.date_hint.setVisible(mode == DATED)
        self.refresh()

    def _group_chosen(self, _index: int) -> None:
        choice: GroupChoice | None = self.group_combo.currentData()
        if choice is None or choice.period is None or choice.weekday is None:
            return
        # A club meets in one slot: its duty can only be then.
        self.period_combo.setCurrentIndex(self.period_combo.findData(choice.period))
        for day, box in self.day_boxes.items():
            box.setChecked(day == choice.weekday)
