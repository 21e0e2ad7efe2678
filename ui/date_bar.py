"""Date picker with 今天 and 刷新, for pages that follow the clock but can show another day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget


class DateBar(QWidget):
    """日期：[picker] [今天] [刷新]; ``date_picked`` carries a ``datetime.date``."""

    date_picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.dateChanged.connect(
            lambda q: self.date_picked.emit(dt.date(q.year(), q.month(), q.day()))
        )
        self.today_button = QPushButton(self.tr("Today"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Date:")))
        layout.addWidget(self.date_edit)
        layout.addWidget(self.today_button)
        layout.addWidget(self.refresh_button)

    def set_date(self, day: dt.date, latest: dt.date | None = None) -> None:
        """Show a date without emitting ``date_picked``; ``latest`` caps what can be picked."""
        self.date_edit.blockSignals(True)
        if latest is not None:
            self.date_edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
