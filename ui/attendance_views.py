"""Views of the attendance page: the roll-call table with its keys, and the counts tables."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.attendance_model import CountsModel, RollCallModel
from ui.attendance_text import status_for_key

# Rows measured for ResizeToContents: a whole class, never the whole school.
RESIZE_PRECISION = 80


class RollCallView(QTableView):
    """The roll-call table: arrows move, one key per status marks, Ctrl+Enter marks all present."""

    status_key_pressed = Signal(str)
    all_present_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Status keys and the all-present shortcut before the table's own keys."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if mods == Qt.KeyboardModifier.ControlModifier and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.all_present_requested.emit()
            event.accept()
            return
        status = status_for_key(key) if mods == Qt.KeyboardModifier.NoModifier else None
        if status is not None:
            self.status_key_pressed.emit(status)
            event.accept()
            return
        super().keyPressEvent(event)


def roll_call_view(model: RollCallModel) -> RollCallView:
    """The roll-call table, columns sized for one class (never the whole school)."""
    view = RollCallView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(30)
    view.verticalHeader().setMinimumWidth(28)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(RESIZE_PRECISION)
    header.setStretchLastSection(True)
    for col in (RollCallModel.NO, RollCallModel.NAME, RollCallModel.MARKED_BY):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    for col, width in ((RollCallModel.STATUS, 90), (RollCallModel.MARKED_AT, 64)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(col, width)
    return view


def fit_height(view: QTableView) -> None:
    """A short table as tall as its rows: the bands and the school total, no empty space."""
    rows = view.model().rowCount()
    header = view.horizontalHeader().sizeHint().height()
    view.setFixedHeight(
        header + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth()
    )


def counts_table(model: CountsModel) -> QTableView:
    """A table of counts per class or band; clicking a class row picks it."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(RESIZE_PRECISION)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    return view
