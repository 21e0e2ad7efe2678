"""The attendance page: a class teacher takes the period 1 roll call by keyboard or mouse (R2)."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.attendance import AttendanceService
from core.attendance_types import ClassSheet, DaySheet, LeaveInfo, Mark
from core.audit_service import AuditService
from core.errors import AfterSchoolError
from core.staff_types import StaffMember
from ui.attendance_model import CountsModel, RollCallModel
from ui.attendance_text import (
    ALL_PRESENT_KEYS,
    STATUS_KEYS,
    alert_text,
    counts_text,
    error_text,
    status_text,
)
from ui.attendance_views import counts_table, fit_height, roll_call_view
from ui.date_bar import DateBar
from ui.history_dialog import HistoryDialog
from ui.leave_dialog import LeaveDialog
from ui.terms import date_text

SIDE_WIDTH = 390
BANNER_STYLE = (
    "QLabel { background: #fde2e1; color: #7f1d1d; border: 2px solid #b3261e; "
    "border-radius: 4px; padding: 8px 12px; font-size: 15px; }"
)
MESSAGE_STYLE = "color: #b3261e;"


class AttendancePage(QWidget):
    """Today's list of one class with each pupil's status, counts per class and grade band."""

    attendance_changed = Signal()

    def __init__(
        self,
        attendance: AttendanceService,
        member: StaffMember,
        parent: QWidget | None = None,
        audit: AuditService | None = None,
    ) -> None:
        super().__init__(parent)
        require_page(member, "attendance")  # R12: no other way in for other roles
        self._attendance = attendance
        self._audit = audit
        self._member = member
        self._pinned_date: dt.date | None = None
        self._day: DaySheet | None = None
        self._class_id: int | None = member.class_id

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.class_combo = QComboBox()
        self.class_combo.setMinimumContentsLength(6)
        self.class_combo.currentIndexChanged.connect(self._combo_picked)
        self.own_class_button = QPushButton(self.tr("My class"))
        self.own_class_button.setVisible(member.class_id is not None)
        self.own_class_button.clicked.connect(self._own_class)
        self.date_bar = DateBar()
        self.date_bar.date_picked.connect(self.show_date)
        self.date_bar.today_button.clicked.connect(self.show_today)
        self.date_bar.refresh_button.clicked.connect(self.refresh)
        self.date_edit = self.date_bar.date_edit
        self.today_button = self.date_bar.today_button
        self.refresh_button = self.date_bar.refresh_button
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Class:")))
        top.addWidget(self.class_combo)
        top.addWidget(self.own_class_button)
        top.addSpacing(12)
        top.addWidget(self.date_bar)

        self.banner = QLabel()
        self.banner.setObjectName("absentBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()

        self.class_title = QLabel()
        self.class_title.setObjectName("sectionTitle")
        self.class_counts = QLabel()
        self.class_counts.setObjectName("cardCounts")

        self.status_buttons: dict[str, QPushButton] = {}
        keys = QHBoxLayout()
        keys.setSpacing(6)
        for status, (_digit, _letter, label) in STATUS_KEYS.items():
            button = QPushButton(f"{status_text(status)}  {label}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(self.tr("Mark the selected pupil; key {keys}").format(keys=label))
            button.clicked.connect(lambda _=False, s=status: self.mark_current(s))
            self.status_buttons[status] = button
            keys.addWidget(button)
        keys.addSpacing(10)
        self.all_present_button = QPushButton(
            self.tr("All others present  {keys}").format(keys=ALL_PRESENT_KEYS)
        )
        self.all_present_button.setObjectName("primary")
        self.all_present_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.all_present_button.setToolTip(
            self.tr("Mark every pupil not yet marked and not on leave present")
        )
        self.all_present_button.clicked.connect(self.mark_all_present)
        keys.addWidget(self.all_present_button)
        keys.addStretch(1)
        self.leave_button = QPushButton(self.tr("Enter leave…"))
        self.leave_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.leave_button.clicked.connect(self.open_leave_dialog)
        # R10: every mark's corrections are in the audit log; this shows them for one pupil.
        self.history_button = QPushButton(self.tr("History of this mark…"))
        self.history_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_button.clicked.connect(self.open_history)
        if audit is None:  # hide() only: showing a widget with no parent yet opens a window
            self.history_button.hide()

        self.model = RollCallModel(self)
        self.view = roll_call_view(self.model)
        self.view.status_key_pressed.connect(self.mark_current)
        self.view.all_present_requested.connect(self.mark_all_present)

        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sheet_stack = QStackedWidget()
        self.sheet_stack.addWidget(self.view)
        self.sheet_stack.addWidget(self.empty_hint)

        self.hint = QLabel(
            self.tr(
                "↑↓ choose a pupil · a status key marks and moves to the next pupil · "
                "{all_keys}: all others present · left early is recorded at the pickup handoff"
            ).format(all_keys=ALL_PRESENT_KEYS)
        )
        self.hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()

        title_row = QHBoxLayout()
        title_row.addWidget(self.class_title, 1)
        title_row.addWidget(self.history_button)
        title_row.addWidget(self.leave_button)
        left = QVBoxLayout()
        left.addLayout(title_row)
        left.addWidget(self.class_counts)
        left.addLayout(keys)
        left.addWidget(self.sheet_stack, 1)
        left.addWidget(self.message)
        left.addWidget(self.hint)

        self.band_model = CountsModel(self.tr("Grade band"), self)
        self.band_view = counts_table(self.band_model)
        self.class_model = CountsModel(self.tr("Class"), self)
        self.class_view = counts_table(self.class_model)
        self.class_view.selectionModel().selectionChanged.connect(self._class_row_picked)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        band_title = QLabel(self.tr("By grade band"))
        band_title.setObjectName("sectionTitle")
        class_title = QLabel(self.tr("By class"))
        class_title.setObjectName("sectionTitle")
        side.addWidget(band_title)
        side.addWidget(self.band_view)
        side.addWidget(class_title)
        side.addWidget(self.class_view, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(SIDE_WIDTH)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(side_widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.show_today()

    # --- what is shown ---

    def current_date(self) -> dt.date:
        """The date on show: today by the clock unless another date was picked."""
        return self._pinned_date or self._attendance.current_day()

    def current_class_id(self) -> int | None:
        """The class on show."""
        return self._class_id

    def sheet(self) -> ClassSheet | None:
        """The class's roll call as shown."""
        if self._day is None or self._class_id is None:
            return None
        return self._day.class_sheet(self._class_id)

    def show_today(self) -> None:
        """Follow the clock's date again."""
        self._pinned_date = None
        self.refresh()

    def show_date(self, day: dt.date) -> None:
        """Look at (and correct) an earlier day."""
        self._pinned_date = None if day == self._attendance.current_day() else day
        self.refresh()

    def refresh(self) -> None:
        """Read the whole day again (other stations mark too), keeping class and pupil."""
        row = self.view.currentIndex().row()
        day = self._attendance.day_sheet(self.current_date())
        self._day = day
        self.date_bar.set_date(day.day, latest=self._attendance.current_day())
        self.heading.setText(self.tr("Roll call · {date}").format(date=date_text(day.day)))
        ids = [c.cls.id for c in day.classes]
        if [self.class_combo.itemData(i) for i in range(self.class_combo.count())] != ids:
            self.class_combo.blockSignals(True)
            self.class_combo.clear()
            for c in day.classes:
                self.class_combo.addItem(c.cls.name, c.cls.id)
            self.class_combo.blockSignals(False)
        if self._class_id not in ids:
            self._class_id = self._member.class_id if self._member.class_id in ids else None
        if self._class_id is None and ids:
            self._class_id = ids[0]
        sheet = day.class_sheet(self._class_id) if self._class_id is not None else None
        self._show_sheet(sheet, row)

    def live_refresh(self) -> None:
        """Another station wrote (ui.live): reread, keeping pupil, scroll and a message shown.

        Every mark is saved at its click, so there is nothing unsaved to lose.
        """
        bar = self.view.verticalScrollBar()
        position, message = bar.value(), not self.message.isHidden()
        self.refresh()
        bar.setValue(position)
        self.message.setVisible(message)

    def show_class(self, class_id: int) -> None:
        """Switch to another class, its marks and leave read afresh."""
        known = self._day.class_sheet(class_id) if self._day is not None else None
        if self._day is None or known is None:
            return
        self._class_id = class_id
        sheet = self._attendance.reread(known)
        self._day = self._day.with_class(sheet)
        self._show_sheet(sheet, None)

    def _show_sheet(self, sheet: ClassSheet | None, row: int | None) -> None:
        self.model.set_rows(sheet.rows if sheet else ())
        self._show_counts()
        self._sync_pickers()
        self._show_alerts()
        self.message.hide()
        has_rows = bool(sheet and sheet.rows)
        self.sheet_stack.setCurrentIndex(0 if has_rows else 1)
        for button in (*self.status_buttons.values(), self.all_present_button):
            button.setEnabled(has_rows)
        self.leave_button.setEnabled(sheet is not None)
        if sheet is None:
            self.class_title.setText("")
            self.empty_hint.setText(self.tr("There are no classes yet: import the class list."))
            return
        title = self.tr("{cls} · period 1").format(cls=sheet.cls.name)
        if sheet.activity:
            title += self.tr(": {activity}").format(activity=sheet.activity)
        self.class_title.setText(title)
        if not sheet.service:
            self.empty_hint.setText(self.tr("No after-school service for this class on this day."))
        elif not sheet.rows:
            self.empty_hint.setText(
                self.tr("No pupil of this class is enrolled in after-school service on this day.")
            )
        if has_rows:
            if row is None or not 0 <= row < len(sheet.rows):
                row = next((i for i, r in enumerate(sheet.rows) if r.shown is None), 0)
            self.view.setCurrentIndex(self.model.index(row, RollCallModel.NAME))
            self.view.scrollTo(self.view.currentIndex())

    def _show_counts(self) -> None:
        day = self._day
        if day is None:
            return
        bands = [(band, band, counts) for band, counts in day.band_counts()]
        bands.append(("", self.tr("Whole school"), day.counts))
        self.band_model.set_groups(bands, emphasised=[""])
        fit_height(self.band_view)
        self.class_model.set_groups([(c.cls.id, c.cls.name, c.counts) for c in day.classes])
        sheet = self.sheet()
        self.class_counts.setText(counts_text(sheet.counts) if sheet and sheet.rows else "")

    def _show_alerts(self) -> None:
        if self._day is None or self._class_id is None:
            self.banner.hide()
            return
        alerts = self._attendance.absent_alerts(self._day.day, self._class_id)
        if not alerts:
            self.banner.hide()
            return
        head = html.escape(
            self.tr("Absent without notice — call the guardians now ({n}):").format(n=len(alerts))
        )
        lines = "<br>".join(html.escape(alert_text(a)) for a in alerts)
        self.banner.setText(f"<b>{head}</b><br>{lines}")
        self.banner.show()

    def _sync_pickers(self) -> None:
        self.class_combo.blockSignals(True)
        self.class_combo.setCurrentIndex(self.class_combo.findData(self._class_id))
        self.class_combo.blockSignals(False)
        row = self.class_model.row_of(self._class_id)
        selection = self.class_view.selectionModel()
        selection.blockSignals(True)
        if row is None:
            self.class_view.clearSelection()
        else:
            self.class_view.selectRow(row)
        selection.blockSignals(False)
        # The view repaints on the next event; without the signal it would not know.
        self.class_view.viewport().update()

    # --- marking ---

    def mark_current(self, status: str) -> None:
        """Mark the pupil under the cursor, then move the cursor to the next pupil."""
        index = self.view.currentIndex()
        if self._day is None or not index.isValid():
            return
        row = self.model.row_record(index.row())
        try:
            mark = self._attendance.mark(
                row.student_id, self._day.day, self._day.period, status, self._member
            )
        except AfterSchoolError as exc:
            self._show_message(error_text(exc))
            return
        self._apply([mark])
        if index.row() + 1 < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(index.row() + 1, RollCallModel.NAME))

    def open_history(self) -> HistoryDialog | None:
        """Show every change of the selected pupil's mark, with the audit chain's verdict."""
        index = self.view.currentIndex()
        if self._audit is None or not index.isValid():
            return None
        row = self.model.row_record(index.row())
        if row.mark is None:
            self._show_message(self.tr("{name} has not been marked yet.").format(name=row.name))
            return None
        dialog = HistoryDialog(
            self._audit,
            "attendance_mark",
            row.mark.id,
            self.tr("History: {name}").format(name=row.name),
            self,
        )
        dialog.open()
        return dialog

    def mark_all_present(self) -> None:
        """Mark every unmarked pupil present; the teacher then marks the exceptions."""
        if self._day is None or self._class_id is None:
            return
        try:
            marks = self._attendance.mark_all_present(self._class_id, self._day.day, self._member)
        except AfterSchoolError as exc:
            self._show_message(error_text(exc))
            return
        self._apply(marks)

    def _apply(self, marks: tuple[Mark, ...] | list[Mark]) -> None:
        if self._day is None or not marks:
            return
        before = self.sheet()
        self.model.apply_marks(marks)
        self._day = self._day.with_marks(marks)
        self.message.hide()
        self._show_counts()
        after = self.sheet()
        if before is None or after is None or _absent_ids(before) != _absent_ids(after):
            self._show_alerts()
        self.attendance_changed.emit()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # --- leave ---

    def open_leave_dialog(self) -> LeaveDialog | None:
        """Open the leave form for the pupil under the cursor; returned for tests."""
        if self._day is None or self._class_id is None:
            return None
        index = self.view.currentIndex()
        student = self.model.row_record(index.row()).student_id if index.isValid() else None
        dialog = LeaveDialog(
            self._attendance,
            self._member,
            self._attendance.class_pupils(self._class_id),
            student,
            self._day.day,
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.leave_changed.connect(self._leave_changed)
        dialog.accepted.connect(lambda: self._leave_saved(dialog.saved))
        dialog.open()
        return dialog

    def _leave_saved(self, leave: LeaveInfo | None) -> None:
        # The parent phoned back about a child marked absent: the leave is the answer, so the
        # mark becomes the leave (an audited correction) and the red flag ends.
        sheet = self.sheet()
        if leave is None or sheet is None or not leave.covers(sheet.day):
            return
        index = sheet.row_of(leave.student_id)
        if index is not None and sheet.rows[index].absent_without_notice:
            try:
                mark = self._attendance.mark(
                    leave.student_id, sheet.day, sheet.period, leave.kind, self._member
                )
            except AfterSchoolError as exc:
                self._show_message(error_text(exc))
                return
            self._apply([mark])

    def _leave_changed(self) -> None:
        self.refresh()
        self.attendance_changed.emit()

    # --- pickers ---

    def _combo_picked(self, index: int) -> None:
        class_id = self.class_combo.itemData(index)
        if class_id is not None and class_id != self._class_id:
            self.show_class(int(class_id))
            self.view.setFocus()

    def _class_row_picked(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            class_id = self.class_model.key(rows[0].row())
            if isinstance(class_id, int) and class_id != self._class_id:
                self.show_class(class_id)

    def _own_class(self) -> None:
        if self._member.class_id is not None:
            self.show_class(self._member.class_id)
            self.view.setFocus()


def _absent_ids(sheet: ClassSheet) -> set[int]:
    return {r.student_id for r in sheet.rows if r.absent_without_notice}
