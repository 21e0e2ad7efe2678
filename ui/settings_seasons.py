"""The 作息时间 tab: seasons with each grade band's service window and dismissal time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from core.errors import AfterSchoolError, NotFoundError
from core.schedule import Band, SeasonDef, Window
from core.schedule_service import ScheduleData, ScheduleService
from ui.settings_models import SeasonTableModel
from ui.settings_text import error_label, error_text, hint_label, show_error

TIME_FORMAT = "HH:mm"
DATE_FORMAT = "yyyy-MM-dd"
NAME_MAX = 40
ROW_HEIGHT = 36
MIN_COLUMN_WIDTH = 96


def time_edit(value: dt.time, parent: QWidget | None = None) -> QTimeEdit:
    """An HH:mm editor wide enough for large fonts."""
    edit = QTimeEdit(QTime(value.hour, value.minute), parent)
    edit.setDisplayFormat(TIME_FORMAT)
    edit.setMinimumWidth(96)
    return edit


def to_time(edit: QTimeEdit) -> dt.time:
    """The edited time as a Python time."""
    t = edit.time()
    return dt.time(t.hour(), t.minute())


def date_edit(value: dt.date, parent: QWidget | None = None) -> QDateEdit:
    """A yyyy-MM-dd editor with a calendar popup."""
    edit = QDateEdit(QDate(value.year, value.month, value.day), parent)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMinimumWidth(150)
    return edit


def to_date(edit: QDateEdit) -> dt.date:
    """The edited date as a Python date."""
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class SeasonDialog(QDialog):
    """Create or edit one season; saves through the service and stays open on a refusal."""

    saved = Signal(int)

    def __init__(
        self,
        schedule: ScheduleService,
        bands: Sequence[Band],
        season: SeasonDef | None,
        template: Sequence[Window],
        starts_on: dt.date,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        self._schedule = schedule
        self._bands = list(bands)
        self._season_id = season.id if season else None
        self._actor = actor
        self.setWindowTitle(self.tr("Edit schedule") if season else self.tr("New schedule"))

        self.name_edit = QLineEdit(season.name if season else "")
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setPlaceholderText(self.tr("e.g. 夏令时"))
        self.start_edit = date_edit(season.starts_on if season else starts_on)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Start date:"), self.start_edit)

        windows = {w.band_id: w for w in (season.windows if season else template)}
        group = QGroupBox(self.tr("Service window and dismissal time of each grade band"))
        grid = QGridLayout(group)
        grid.setHorizontalSpacing(16)
        headers = (
            self.tr("Grade band"),
            self.tr("Service starts"),
            self.tr("Service ends"),
            self.tr("Dismissal"),
        )
        for col, text in enumerate(headers):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col)
        self.time_edits: dict[int, tuple[QTimeEdit, QTimeEdit, QTimeEdit]] = {}
        for row, band in enumerate(self._bands, start=1):
            w = windows.get(band.id) or Window(
                band.id, dt.time(15, 10), dt.time(17, 10), dt.time(17, 10)
            )
            edits = (time_edit(w.start), time_edit(w.end), time_edit(w.dismissal))
            self.time_edits[band.id] = edits
            grid.addWidget(QLabel(band.name), row, 0)
            for col, edit in enumerate(edits, start=1):
                grid.addWidget(edit, row, col)

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
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                self.tr("A schedule applies from its start date until the next schedule starts.")
            )
        )
        layout.addWidget(group)
        layout.addWidget(
            hint_label(
                self.tr("Dismissal is usually when the service window ends; it cannot be earlier.")
            )
        )
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        self.setMinimumWidth(560)

    def windows(self) -> dict[int, tuple[dt.time, dt.time, dt.time]]:
        """The entered (start, end, dismissal) per band id."""
        return {
            band_id: (to_time(a), to_time(b), to_time(c))
            for band_id, (a, b, c) in self.time_edits.items()
        }

    def _save(self) -> None:
        windows = self.windows()
        try:
            season_id = self._schedule.save_season(
                self._season_id,
                self.name_edit.text(),
                to_date(self.start_edit),
                windows,
                self._actor,
            )
        except AfterSchoolError as exc:
            self._show_problem(exc, windows)
            return
        self.saved.emit(season_id)
        self.accept()

    def _show_problem(
        self, exc: AfterSchoolError, windows: dict[int, tuple[dt.time, dt.time, dt.time]]
    ) -> None:
        text = error_text(exc)
        if exc.code in ("window_order", "dismissal_before_end"):
            # The service names the times, not the band: name the first band that breaks the rule.
            bad = next(
                (
                    b
                    for b in self._bands
                    if b.id in windows
                    and not windows[b.id][0] < windows[b.id][1] <= windows[b.id][2]
                ),
                None,
            )
            if bad is not None:
                text = self.tr("{band}: {problem}").format(band=bad.name, problem=text)
        self.error_label.setText(text)
        self.error_label.setVisible(True)


class SeasonsTab(QWidget):
    """The list of seasons with 新增 / 编辑 / 删除."""

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
        self.dialog: SeasonDialog | None = None

        self.model = SeasonTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.horizontalHeader().setMinimumSectionSize(MIN_COLUMN_WIDTH)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = QPushButton(self.tr("New…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "A schedule (e.g. 冬令时 / 夏令时) applies from its start date until the next "
                    "schedule starts. Each grade band has its own service window and dismissal "
                    "time (staggered dismissal)."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_data(self, data: ScheduleData, today: dt.date) -> None:
        """Fill the table, keeping the selected season selected."""
        selected = self.selected()
        self._data = data
        self._today = today
        self.model.set_rows(data.seasons, data.bands, today)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in range(self.model.COL_FIRST_BAND, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        rows = [
            r
            for r in range(self.model.rowCount())
            if selected and self.model.season_at(r).id == selected.id
        ]
        if rows:
            self.table.selectRow(rows[0])
        self._update_buttons()

    def selected(self) -> SeasonDef | None:
        """The season of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.season_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def add(self) -> None:
        """Open the dialog for a new season, prefilled from the one in force."""
        if self._data is None:
            return
        seasons = self._data.seasons
        in_force = [s for s in seasons if s.starts_on <= self._today] or list(seasons)
        self._open(None, in_force[-1].windows if in_force else ())

    def edit_selected(self) -> None:
        """Open the dialog for the selected season."""
        season = self.selected()
        if season is not None:
            self._open(season, season.windows)

    def _open(self, season: SeasonDef | None, template: Sequence[Window]) -> None:
        assert self._data is not None
        self.dialog = SeasonDialog(
            self._schedule, self._data.bands, season, template, self._today, self._actor, self
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.saved.connect(lambda _id: self.changed.emit())
        # A refusal may mean another station changed the seasons meanwhile: show them afresh.
        self.dialog.rejected.connect(self.reload_requested)
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None

    def delete_selected(self) -> None:
        """Delete the selected season after the user confirms."""
        season = self.selected()
        if season is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete schedule"),
            self.tr("Delete the schedule “{name}” (from {date})?").format(
                name=season.name, date=season.starts_on.isoformat()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._schedule.delete_season(season.id, self._actor)
        except NotFoundError as exc:
            show_error(self, exc)
            self.reload_requested.emit()
            return
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.changed.emit()
