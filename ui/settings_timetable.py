"""The 课程安排 tab: the weekly activity of each grade band and period, edited in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.schedule import DEFAULT_TIMETABLE
from core.schedule_service import ScheduleData, ScheduleService
from ui.settings_models import TimetableModel
from ui.settings_text import hint_label, show_error

ACTIVITY_MAX = 60
ROW_HEIGHT = 40


def common_activities(timetable: dict[tuple[int, int, int], str]) -> list[str]:
    """The guidelines' activities first, then any others already in use."""
    names = [a for band in DEFAULT_TIMETABLE for period in band for a in period]
    names += sorted(timetable.values())
    return [n for i, n in enumerate(names) if n and n not in names[:i]]


class ActivityDelegate(QStyledItemDelegate):
    """A line editor that offers the activities already in use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.activities: list[str] = []

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        """Qt override."""
        editor = QLineEdit(parent)
        editor.setMaxLength(ACTIVITY_MAX)
        completer = QCompleter(self.activities, editor)
        # The popup is a window of its own and would fall back to the small default font.
        completer.popup().setFont(parent.font())
        editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        """Qt override: start from the current activity, all of it selected."""
        assert isinstance(editor, QLineEdit)
        current: Any = index.data()
        editor.setText(str(current or ""))
        editor.selectAll()


class TimetableTab(QWidget):
    """Grade band × period rows, 周一..周五 columns; every edit is saved at once."""

    changed = Signal()

    def __init__(
        self, schedule: ScheduleService, actor: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = TimetableModel(schedule, actor, self)
        self.model.edited.connect(self.changed)
        self.model.edit_failed.connect(lambda exc: show_error(self, exc))
        self.delegate = ActivityDelegate(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TimetableModel.COL_BAND, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TimetableModel.COL_PERIOD, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(TimetableModel.COL_BAND, 130)
        self.table.setColumnWidth(TimetableModel.COL_PERIOD, 110)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "What each grade band does in period 1 and period 2 of each weekday. "
                    "Double-click a cell (or select it and start typing) to change it; press Enter "
                    "to save. Common activities: 自主阅读, 自主作业, 兴趣活动, 体育锻炼, 劳动实践."
                )
            )
        )
        layout.addWidget(self.table, 1)

    def show_data(self, data: ScheduleData) -> None:
        """Fill the grid from loaded settings."""
        self.table.clearSpans()
        self.model.set_rows(data.bands, data.timetable)
        self.delegate.activities = common_activities(data.timetable)
        for row in range(0, self.model.rowCount(), 2):
            self.table.setSpan(row, TimetableModel.COL_BAND, 2, 1)
