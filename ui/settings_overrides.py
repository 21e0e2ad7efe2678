"""The 特殊日期 tab: holidays, exam days, changed dismissals and make-up school days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.errors import AfterSchoolError, NotFoundError
from core.schedule import Band, Override
from core.schedule_service import ScheduleData, ScheduleService
from ui.settings_models import OverrideTableModel
from ui.settings_seasons import date_edit, time_edit, to_date, to_time
from ui.settings_text import (
    KINDS,
    error_label,
    error_text,
    hint_label,
    kind_name,
    kind_text,
    scope_text,
    show_error,
)
from ui.terms import weekday_text

REASON_MAX = 200
ROW_HEIGHT = 36
DEFAULT_DISMISSAL = dt.time(16, 0)


class OverrideDialog(QDialog):
    """Add one special date; saves through the service and stays open on a refusal."""

    saved = Signal(int)

    def __init__(
        self,
        schedule: ScheduleService,
        bands: Sequence[Band],
        on_date: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        self._schedule = schedule
        self._actor = actor
        self.setWindowTitle(self.tr("New special date"))

        self.date_edit = date_edit(on_date)
        self.weekday_label = QLabel()
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.weekday_label)
        date_row.addStretch(1)
        self.scope_combo = QComboBox()
        self.scope_combo.addItem(scope_text(None, bands), None)
        for band in bands:
            self.scope_combo.addItem(band.name, band.id)
        self.kind_combo = QComboBox()
        for kind in KINDS:
            self.kind_combo.addItem(kind_name(kind), kind)
        self.time_edit = time_edit(DEFAULT_DISMISSAL)
        self.weekday_combo = QComboBox()
        for weekday in range(1, 6):
            self.weekday_combo.addItem(weekday_text(weekday), weekday)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(REASON_MAX)
        self.reason_edit.setPlaceholderText(
            self.tr("e.g. 元旦放假, 期末考试, 暴雨提前放学, 国庆调休")
        )
        self.reason_edit.setMinimumWidth(360)
        self.kind_hint = hint_label("")

        self.form = QFormLayout()
        self.form.addRow(self.tr("Date:"), date_row)
        self.form.addRow(self.tr("What happens:"), self.kind_combo)
        self.form.addRow(self.tr("Applies to:"), self.scope_combo)
        self.form.addRow(self.tr("Dismissal time:"), self.time_edit)
        self.form.addRow(self.tr("Follows the timetable of:"), self.weekday_combo)
        self.form.addRow(self.tr("Reason:"), self.reason_edit)
        self.error_label = error_label()
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.button_box.accepted.connect(self._save)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(self.form)
        layout.addWidget(self.kind_hint)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.setMinimumWidth(560)

        self.date_edit.dateChanged.connect(self._update_fields)
        self.kind_combo.currentIndexChanged.connect(self._update_fields)
        self._update_fields()

    def kind(self) -> str:
        """The chosen kind: no_service, dismissal or makeup."""
        return str(self.kind_combo.currentData())

    def _update_fields(self) -> None:
        day = to_date(self.date_edit)
        weekend = day.isoweekday() >= 6
        kind = self.kind()
        self.weekday_label.setText(weekday_text(day.isoweekday()))
        self.form.setRowVisible(self.time_edit, kind == "dismissal")
        self.form.setRowVisible(self.weekday_combo, kind == "makeup")
        # A make-up day is for the whole school and only makes sense on a weekend.
        self.weekday_combo.setEnabled(weekend)
        if kind == "makeup":
            self.scope_combo.setCurrentIndex(0)
        self.scope_combo.setEnabled(kind != "makeup")
        hints = {
            "no_service": self.tr(
                "No after-school service that day for the chosen grades (holiday, exam day)."
            ),
            "dismissal": self.tr(
                "The chosen grades are dismissed at this time that day (e.g. 16:00 in bad weather)."
            ),
            "makeup": self.tr(
                "A weekend school day (调休): the whole school follows the chosen weekday's "
                "timetable."
            )
            if weekend
            else self.tr(
                "A make-up school day can only be a Saturday or a Sunday: choose a weekend date."
            ),
        }
        self.kind_hint.setText(hints[kind])
        # Rather than let the user press Save only to be refused, say why it cannot be saved.
        self.button_box.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            kind != "makeup" or weekend
        )
        self.error_label.setVisible(False)

    def _save(self) -> None:
        kind = self.kind()
        try:
            override_id = self._schedule.add_override(
                to_date(self.date_edit),
                kind,
                self.scope_combo.currentData(),
                self.reason_edit.text(),
                dismissal=to_time(self.time_edit) if kind == "dismissal" else None,
                follows_weekday=self.weekday_combo.currentData() if kind == "makeup" else None,
                actor=self._actor,
            )
        except AfterSchoolError as exc:
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)
            return
        self.saved.emit(override_id)
        self.accept()


class OverridesTab(QWidget):
    """The list of special dates with 新增 / 删除."""

    changed = Signal()
    reload_requested = Signal()

    def __init__(
        self, schedule: ScheduleService, actor: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._schedule = schedule
        self._actor = actor
        self._data: ScheduleData | None = None
        self._today = dt.date.today()
        self.dialog: OverrideDialog | None = None

        self.model = OverrideTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in (
            (OverrideTableModel.COL_DATE, 210),
            (OverrideTableModel.COL_SCOPE, 140),
            (OverrideTableModel.COL_KIND, 260),
        ):
            self.table.setColumnWidth(col, width)
        self.show_past = QCheckBox(self.tr("Show dates that have passed"))
        self.show_past.toggled.connect(self._fill)
        self.add_button = QPushButton(self.tr("New…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_past)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Dates that differ from the usual schedule: no service (holiday, exam day), an "
                    "earlier dismissal (bad weather) for the whole school or one grade band, or a "
                    "weekend make-up school day. A grade band's own entry wins over a whole-school "
                    "one."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_data(self, data: ScheduleData, today: dt.date) -> None:
        """Fill the list from loaded settings."""
        self._data = data
        self._today = today
        self._fill()

    def _fill(self) -> None:
        if self._data is None:
            return
        rows = [
            o
            for o in self._data.overrides
            if self.show_past.isChecked() or o.on_date >= self._today
        ]
        self.model.set_rows(rows, self._data.bands, self._today)
        self._update_buttons()

    def selected(self) -> Override | None:
        """The special date of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.override_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.selected() is not None)

    def add(self) -> None:
        """Open the dialog for a new special date."""
        if self._data is None:
            return
        self.dialog = OverrideDialog(
            self._schedule, self._data.bands, self._today, self._actor, self
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.saved.connect(lambda _id: self.changed.emit())
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def delete_selected(self) -> None:
        """Delete the selected special date after the user confirms."""
        row = self.selected()
        if row is None or self._data is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete special date"),
            self.tr("Delete “{kind}” on {date} for {scope}?").format(
                kind=kind_text(row),
                date=row.on_date.isoformat(),
                scope=scope_text(row.band_id, self._data.bands),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._schedule.delete_override(row.id, self._actor)
        except NotFoundError as exc:
            show_error(self, exc)
            self.reload_requested.emit()
            return
        self.changed.emit()
