"""Qt table models over the schedule settings: seasons, the weekly timetable, special dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from core.errors import AfterSchoolError
from core.schedule import Band, Override, SeasonDef
from core.schedule_service import ScheduleService
from ui.settings_text import kind_text, period_name, scope_text, window_text
from ui.terms import date_text, weekday_text

Index = QModelIndex | QPersistentModelIndex
PAST_GREY = QColor("#9ca3af")
CURRENT_BACKGROUND = QColor("#e8f5e9")
DISPLAY = Qt.ItemDataRole.DisplayRole
CENTER = int(Qt.AlignmentFlag.AlignCenter)


class SeasonTableModel(QAbstractTableModel):
    """One row per season; after the fixed columns, one column per grade band."""

    COL_NAME = 0
    COL_START = 1
    COL_UNTIL = 2
    COL_STATUS = 3
    COL_FIRST_BAND = 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._seasons: list[SeasonDef] = []
        self._bands: list[Band] = []
        self._current: int | None = None

    def set_rows(self, seasons: Sequence[SeasonDef], bands: Sequence[Band], today: dt.date) -> None:
        """Replace every row; ``today`` marks the season in force."""
        self.beginResetModel()
        self._seasons = sorted(seasons, key=lambda s: s.starts_on)
        self._bands = list(bands)
        started = [s for s in self._seasons if s.starts_on <= today]
        self._current = started[-1].id if started else None
        self.endResetModel()

    def season_at(self, row: int) -> SeasonDef:
        """The season shown in a row."""
        return self._seasons[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._seasons)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else self.COL_FIRST_BAND + len(self._bands)

    def _until(self, row: int) -> str:
        if row + 1 < len(self._seasons):
            return date_text(self._seasons[row + 1].starts_on - dt.timedelta(days=1))
        return self.tr("until a next schedule starts")

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Qt override."""
        if not index.isValid():
            return None
        season = self._seasons[index.row()]
        col = index.column()
        current = season.id == self._current
        if role == DISPLAY:
            if col == self.COL_NAME:
                return season.name
            if col == self.COL_START:
                return date_text(season.starts_on)
            if col == self.COL_UNTIL:
                return self._until(index.row())
            if col == self.COL_STATUS:
                return self.tr("In use now") if current else ""
            band = self._bands[col - self.COL_FIRST_BAND]
            return window_text(next((w for w in season.windows if w.band_id == band.id), None))
        if role == Qt.ItemDataRole.BackgroundRole and current:
            return QBrush(CURRENT_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and current and col == self.COL_STATUS:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.COL_START:
            return CENTER
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        """Qt override."""
        if role != DISPLAY or orientation != Qt.Orientation.Horizontal:
            return None
        fixed = (self.tr("Name"), self.tr("Start date"), self.tr("Used until"), self.tr("Status"))
        if section < self.COL_FIRST_BAND:
            return fixed[section]
        return self._bands[section - self.COL_FIRST_BAND].name


class TimetableModel(QAbstractTableModel):
    """Rows are (band, period); columns Monday to Friday are edited in place and saved at once."""

    COL_BAND = 0
    COL_PERIOD = 1
    COL_MONDAY = 2
    WEEKDAYS = 5

    edited = Signal()
    edit_failed = Signal(object)

    def __init__(self, schedule: ScheduleService, actor: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._schedule = schedule
        self._actor = actor
        self._slots: list[tuple[Band, int]] = []
        self._timetable: dict[tuple[int, int, int], str] = {}

    def set_rows(self, bands: Sequence[Band], timetable: dict[tuple[int, int, int], str]) -> None:
        """Replace every row: two periods per band."""
        self.beginResetModel()
        self._slots = [(band, period) for band in bands for period in (1, 2)]
        self._timetable = dict(timetable)
        self.endResetModel()

    def slot(self, index: Index) -> tuple[int, int, int] | None:
        """(band_id, weekday, period) of an activity cell, None for the label columns."""
        if not index.isValid() or index.column() < self.COL_MONDAY:
            return None
        band, period = self._slots[index.row()]
        return band.id, index.column() - self.COL_MONDAY + 1, period

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else self.COL_MONDAY + self.WEEKDAYS

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Qt override."""
        if not index.isValid():
            return None
        band, period = self._slots[index.row()]
        col = index.column()
        if role in (DISPLAY, Qt.ItemDataRole.EditRole):
            if col == self.COL_BAND:
                return band.name
            if col == self.COL_PERIOD:
                return period_name(period)
            key = self.slot(index)
            return self._timetable.get(key, "") if key else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTER
        if role == Qt.ItemDataRole.BackgroundRole and col < self.COL_MONDAY:
            return QBrush(QColor("#f3f4f6"))
        if role == Qt.ItemDataRole.ToolTipRole and col >= self.COL_MONDAY:
            return self.tr("Double-click or press F2 to change")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Qt override: only the activity cells are editable."""
        base = super().flags(index)
        if index.isValid() and index.column() >= self.COL_MONDAY:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Qt override: saves the cell through the service; nothing changes when it refuses."""
        key = self.slot(index)
        if key is None or role != Qt.ItemDataRole.EditRole:
            return False
        activity = str(value or "").strip()
        if activity == self._timetable.get(key, ""):
            return False
        band_id, weekday, period = key
        try:
            self._schedule.set_activity(band_id, weekday, period, activity, self._actor)
        except AfterSchoolError as exc:
            self.edit_failed.emit(exc)
            return False
        self._timetable[key] = activity
        self.dataChanged.emit(index, index, [DISPLAY, Qt.ItemDataRole.EditRole])
        self.edited.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        """Qt override."""
        if role != DISPLAY or orientation != Qt.Orientation.Horizontal:
            return None
        if section == self.COL_BAND:
            return self.tr("Grade band")
        if section == self.COL_PERIOD:
            return self.tr("Period")
        return weekday_text(section - self.COL_MONDAY + 1)


class OverrideTableModel(QAbstractTableModel):
    """One row per special date, oldest first; dates already past are greyed."""

    COL_DATE = 0
    COL_SCOPE = 1
    COL_KIND = 2
    COL_REASON = 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Override] = []
        self._bands: list[Band] = []
        self._today = dt.date.min

    def set_rows(
        self, overrides: Sequence[Override], bands: Sequence[Band], today: dt.date
    ) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = sorted(overrides, key=lambda o: (o.on_date, o.band_id or 0, o.id))
        self._bands = list(bands)
        self._today = today
        self.endResetModel()

    def override_at(self, row: int) -> Override:
        """The special date shown in a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Qt override."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == DISPLAY:
            if col == self.COL_DATE:
                return date_text(row.on_date)
            if col == self.COL_SCOPE:
                return scope_text(row.band_id, self._bands)
            if col == self.COL_KIND:
                return kind_text(row)
            return row.reason
        if role == Qt.ItemDataRole.ForegroundRole and row.on_date < self._today:
            return QBrush(PAST_GREY)
        if role == Qt.ItemDataRole.ToolTipRole and row.on_date < self._today:
            return self.tr("This date has passed")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        """Qt override."""
        if role != DISPLAY or orientation != Qt.Orientation.Horizontal:
            return None
        headers = (
            self.tr("Date"),
            self.tr("Applies to"),
            self.tr("What happens"),
            self.tr("Reason"),
        )
        return headers[section]
