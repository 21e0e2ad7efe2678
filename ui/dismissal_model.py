"""The board's table: every child of today's list, filtered and sorted in Python, the view.

A full school lists about 3,000 children and the board is read every few seconds, so the model
does the filtering and sorting itself over precomputed keys (no proxy model asking ``data()``
tens of thousands of times), and works out a row's texts only when the view shows the row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.dismissal_types import (
    CUSTODY,
    FLAGGED,
    STATES,
    STEP_CALL,
    STEP_CUSTODY,
    STEP_OFFICER,
    STILL_WAITING,
    WAITING,
    Board,
    BoardChild,
    EscalationPolicy,
)
from ui.dismissal_text import (
    RED,
    BoardWords,
    state_cell_color,
    state_colors,
    still_waiting_text,
)

Index = QModelIndex | QPersistentModelIndex
CLASS, NAME, STATE, DETAIL, CLOCK, DUTY = range(6)
COLUMNS = 6
# Flagged first, then waiting, custody, gone, away.
STATE_RANK = {
    state: i
    for i, state in enumerate(
        (FLAGGED, WAITING, CUSTODY, *(s for s in STATES if s not in (FLAGGED, WAITING, CUSTODY)))
    )
}
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
FONT = Qt.ItemDataRole.FontRole
ANSWERED = frozenset({DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, FONT})
NOT_FLAGGED = dt.datetime.max


class RowFilter(NamedTuple):
    """Which children the table shows: one class, some states, a part of name or number."""

    class_id: int | None = None
    states: frozenset[str] | None = None
    text: str = ""


class BoardModel(QAbstractTableModel):
    """All the children of a board; exposes the filtered ones in the chosen order.

    ``set_children`` and ``set_filters`` return True when the rows had to be reset (the view
    then lost its selection and scroll position, which the table puts back); otherwise the
    persistent indexes (the selection, the current row) follow their children.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._children: tuple[BoardChild, ...] = ()
        self._texts: list[tuple[str, ...] | None] = []  # per child, made when first shown
        self._order: list[int] = []  # every child, sorted
        self._rows: list[int] = []  # the shown ones: a view row -> the index of a child
        self._ids: list[int] = []  # the student ids of the shown rows
        self._row_of: dict[int, int] | None = None  # student id -> view row, made when asked
        self._flagged: list[int] = []  # children whose clock moves with the tick
        self._fit_ids: list[int] | None = None
        self._fit_names: list[str] = []
        self._fit_classes: list[str] = []
        self._filter = RowFilter()
        self._sort_column = STATE
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._words = BoardWords()
        self._policy = EscalationPolicy()
        self._now = dt.datetime.min
        self._bold = QFont()
        self._bold.setBold(True)
        self._backgrounds: dict[str, QBrush | None] = {}
        self._foregrounds: dict[str, QBrush | None] = {}
        self._state_foregrounds: dict[str, QBrush | None] = {}
        for state in STATES:
            background, foreground = state_colors(state)
            cell = state_cell_color(state) or foreground
            self._backgrounds[state] = QBrush(background) if background is not None else None
            self._foregrounds[state] = QBrush(foreground) if foreground is not None else None
            self._state_foregrounds[state] = QBrush(cell) if cell is not None else None
        self.no_duty = self.tr("Not handed over")
        self._headers = (
            self.tr("Class"),
            self.tr("Name"),
            self.tr("State"),
            self.tr("Details"),
            self.tr("Clock"),
            self.tr("Duty teacher"),
        )

    # --- what the table shows ---

    def set_children(
        self,
        children: tuple[BoardChild, ...],
        policy: EscalationPolicy,
        now: dt.datetime,
        filters: RowFilter | None = None,
    ) -> bool:
        """Show a new board (and new filters); True when the rows were reset."""
        self._policy, self._now = policy, now
        self._words = BoardWords()
        before = (self._children, self._rows)
        self._children = children
        self._texts = [None] * len(children)
        self._flagged = [i for i, c in enumerate(children) if c.state == FLAGGED]
        if filters is not None:
            self._filter = filters
        self._order = self._sorted()
        return self._show(self._filtered(), before)

    def set_filters(self, filters: RowFilter) -> bool:
        """Show only the matching children; True when the rows were reset."""
        if filters == self._filter:
            return False
        self._filter = filters
        return self._show(self._filtered())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt override: a click on a header sorts by that column (ties in class order)."""
        if not 0 <= column < COLUMNS:
            return
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted()
        self._show(self._filtered())

    def tick(self, now: dt.datetime) -> None:
        """Move the clocks of flagged children on, without reading the database."""
        self._now = now
        rows = []
        for i in self._flagged:
            texts = self._texts[i]
            if texts is None:
                continue  # not shown yet: made with the new time when it is
            text = self._words.clock(self._children[i], self._policy, now)
            if text != texts[CLOCK]:
                self._texts[i] = (*texts[:CLOCK], text, *texts[CLOCK + 1 :])
                row = self._view_row(self._children[i].student_id)
                if row is not None:
                    rows.append(row)
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), CLOCK), self.index(max(rows), CLOCK), [DISPLAY]
            )

    def _sorted(self) -> list[int]:
        """Every child's index in the chosen order; ties always in class order."""
        children = self._children
        keys = [(c.grade, c.class_name, c.student_no) for c in children]
        order = sorted(range(len(children)), key=keys.__getitem__)
        column = self._sort_column
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        if column == CLASS:
            return order[::-1] if reverse else order
        if column == STATE:
            rank = STATE_RANK.get
            by: list[Any] = [rank(c.state, 99) for c in children]
        elif column == NAME:
            by = [c.name for c in children]
        elif column == CLOCK:
            # Flagged children first, the longest waiting first.
            by = [
                (c.flag_at or NOT_FLAGGED) if c.state == FLAGGED else NOT_FLAGGED for c in children
            ]
        else:
            by = [self._row_texts(i)[column] for i in range(len(children))]
        # A stable sort: reversed or not, children with the same key stay in class order.
        return sorted(order, key=by.__getitem__, reverse=reverse)

    def _filtered(self) -> list[int]:
        children = self._children
        rows = self._order
        class_id, states, text = self._filter
        if class_id is not None:
            rows = [i for i in rows if children[i].class_id == class_id]
        if states is not None:
            rows = [i for i in rows if children[i].state in states]
        if text:
            rows = [i for i in rows if text in children[i].name or text in children[i].student_no]
        return rows

    def _show(
        self, rows: list[int], before: tuple[tuple[BoardChild, ...], list[int]] | None = None
    ) -> bool:
        """Expose new rows: repaint changed rows, move rows (persistent indexes follow), or reset.

        ``before`` is the previous board's children and rows: when the same children are shown
        in the same order, only the rows whose child changed (and the flagged ones, whose clock
        runs) are repainted.
        """
        children = self._children
        ids = [children[i].student_id for i in rows]
        if ids == self._ids:
            self._rows = rows
            if before is None:
                return False  # same children, same records: nothing to repaint
            old_children, old_rows = before
            changed = [
                r
                for r, (i, j) in enumerate(zip(old_rows, rows, strict=True))
                if old_children[i] != children[j]
            ]
            self._repaint_rows(changed)
            return False
        if len(ids) == len(self._ids):
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            old_ids = self._ids
            self._rows, self._ids, self._row_of = rows, ids, None
            moved = []
            for index in persistent:
                row = self._view_row(old_ids[index.row()]) if index.isValid() else None
                moved.append(QModelIndex() if row is None else self.index(row, index.column()))
            self.changePersistentIndexList(persistent, moved)
            self.layoutChanged.emit()
            return False
        self.beginResetModel()
        self._rows, self._ids, self._row_of = rows, ids, None
        self.endResetModel()
        return True

    def _repaint_rows(self, rows: list[int]) -> None:
        """Announce each run of changed consecutive rows (the view repaints what it shows)."""
        runs: list[list[int]] = []
        for row in rows:
            if runs and runs[-1][1] == row - 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
        for first, last in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMNS - 1))

    def _row_texts(self, i: int) -> tuple[str, ...]:
        texts = self._texts[i]
        if texts is None:
            c = self._children[i]
            words = self._words
            duty = c.duty_teacher or (self.no_duty if c.state in STILL_WAITING else "")
            texts = (
                c.class_name,
                c.name,
                words.state(c.state),
                words.detail(c),
                words.clock(c, self._policy, self._now) if c.state == FLAGGED else "",
                duty,
            )
            self._texts[i] = texts
        return texts

    def _view_row(self, student_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {sid: row for row, sid in enumerate(self._ids)}
        return self._row_of.get(student_id)

    # --- the table's questions ---

    @property
    def children(self) -> tuple[BoardChild, ...]:
        """Every child of the board, shown or not."""
        return self._children

    def child_at(self, row: int) -> BoardChild:
        """The child of a shown row."""
        return self._children[self._rows[row]]

    def row_of(self, student_id: int) -> int | None:
        """The shown row of a child (None: filtered out or not on the board)."""
        return self._view_row(student_id)

    def shown(self) -> list[BoardChild]:
        """The children shown, in their order."""
        children = self._children
        return [children[i] for i in self._rows]

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        """The column the rows are sorted by, and the order."""
        return self._sort_column, self._sort_order

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Qt override."""
        if role not in ANSWERED or not index.isValid():
            return None
        i = self._rows[index.row()]
        col = index.column()
        if role == DISPLAY:
            return self._row_texts(i)[col]
        if role == TOOLTIP:
            return (self._row_texts(i)[col] or None) if col == DETAIL else None
        state = self._children[i].state
        if role == BACKGROUND:
            return self._backgrounds.get(state)
        if role == FOREGROUND:
            colors = self._state_foregrounds if col == STATE else self._foregrounds
            return colors.get(state)
        if col == STATE and state == FLAGGED:
            return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        """Qt override."""
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def widest_texts(self) -> dict[int, list[str]]:
        """Per fitted column, the texts that may be the widest (for the column widths)."""
        words = self._words
        children = self._children
        ids = [c.student_id for c in children]
        if ids != self._fit_ids:
            # Classes and names only change with the children: worked out again then.
            self._fit_ids = ids
            names = [c.name for c in children]
            longest = max(map(len, names), default=0)
            self._fit_names = [self._headers[NAME], *{n for n in names if len(n) >= longest - 1}]
            self._fit_classes = [self._headers[CLASS], *{c.class_name for c in children}]
        clocks = [
            words.due.format(n=99, step=step)
            for step in (words.steps.get(s, "") for s in (STEP_CALL, STEP_CUSTODY, STEP_OFFICER))
        ]
        return {
            CLASS: self._fit_classes,
            NAME: self._fit_names,
            STATE: [self._headers[STATE], *words.states.values()],
            CLOCK: [self._headers[CLOCK], *clocks, words.call_from.format(n=99, time="23:59")],
            DUTY: [self._headers[DUTY], self.no_duty, *{c.duty_teacher for c in children}],
        }


class BoardTable(QWidget):
    """The filters, the table and a status line; keeps the selection across new boards."""

    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None
        self._quiet = False  # putting the selection back: not a choice of the user
        self._widths: dict[int, int] = {}
        self._font_key: tuple[str, str] | None = None
        self._advances: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self._classes: list[tuple[str, int]] = []
        self.class_filter = QComboBox()
        self.class_filter.setMinimumContentsLength(8)
        self.class_filter.addItem(self.tr("All classes"), None)
        self.state_filter = QComboBox()
        self.state_filter.addItem(self.tr("All states"), None)
        self.state_filter.addItem(still_waiting_text(), "still")
        words = BoardWords()
        for state in STATES:
            self.state_filter.addItem(words.state(state), state)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name or student no."))
        self.search.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setObjectName("summary")
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Class")))
        filters.addWidget(self.class_filter)
        filters.addWidget(QLabel(self.tr("State")))
        filters.addWidget(self.state_filter)
        filters.addWidget(self.search)
        filters.addWidget(self.status, 1)

        self.model = BoardModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(STATE, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        # Widths from the texts (see _fit_columns), not ResizeToContents: that would ask the
        # model for every row's size hint on each new board.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.view.selectionModel().selectionChanged.connect(self._selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.class_filter.currentIndexChanged.connect(self._filter)
        self.state_filter.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self._fit_columns()

    def show_board(self, board: Board) -> None:
        """New rows; the selected child and the scroll position stay where they were.

        Does not emit ``selection_changed``: the page updates its panel from the new board.
        """
        self.board = board
        selected = self.selected_id()
        scroll = self.view.verticalScrollBar().value()
        self._show_classes(board)
        self._quiet = True
        try:
            if self.model.set_children(board.children, board.policy, board.at, self._filters()):
                if selected is not None:
                    self.select(selected)
                self.view.verticalScrollBar().setValue(scroll)
        finally:
            self._quiet = False
        self._fit_columns()
        self._show_status()

    def show_problem(self, text: str) -> None:
        """The board could not be read: say so where the figures are."""
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {RED};")

    def _show_classes(self, board: Board) -> None:
        classes = sorted({(c.grade, c.class_name, c.class_id) for c in board.children})
        wanted = [(name, cid) for _g, name, cid in classes]
        if wanted == self._classes:
            return
        self._classes = wanted
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        while self.class_filter.count() > 1:
            self.class_filter.removeItem(1)
        for name, cid in wanted:
            self.class_filter.addItem(name, cid)
        self.class_filter.setCurrentIndex(max(0, self.class_filter.findData(current)))
        self.class_filter.blockSignals(False)

    def _fit_columns(self) -> None:
        """Class, name, state, clock and duty teacher as wide as their texts; details stretch.

        Set only when the fitting width changes, so a width the user dragged stays.
        """
        cell = QFontMetrics(self.view.font())
        bold = QFont(self.view.font())
        bold.setBold(True)
        strong = QFontMetrics(bold)
        # Cell padding, and room for the header's sort arrow.
        pad, arrow = 16, 22
        header = self.view.horizontalHeader()
        if self._font_key != (self.view.font().key(), self.font().key()):
            self._font_key = (self.view.font().key(), self.font().key())
            self._advances = ({}, {})  # measured again in the new font

        def advance(text: str, bold_text: bool) -> int:
            cache = self._advances[bold_text]
            width = cache.get(text)
            if width is None:
                width = cache[text] = (strong if bold_text else cell).horizontalAdvance(text)
            return width

        for column, texts in self.model.widest_texts().items():
            title, *rest = texts
            width = max(
                advance(title, True) + pad + arrow,
                max((advance(t, column == STATE) for t in rest), default=0) + pad,
            )
            if self._widths.get(column) != width:
                self._widths[column] = width
                header.resizeSection(column, width)

    def _show_status(self) -> None:
        board = self.board
        if board is None:
            return
        self.status.setText(
            self.tr("As of {time} · showing {shown} of {total} · still waiting {waiting}").format(
                time=f"{board.at:%H:%M:%S}",
                shown=self.model.rowCount(),
                total=len(board.children),
                waiting=sum(w.waiting for w in board.waves),
            )
        )
        if self.status.styleSheet():
            self.status.setStyleSheet("")

    def _filters(self) -> RowFilter:
        state = self.state_filter.currentData()
        states = STILL_WAITING if state == "still" else frozenset({state}) if state else None
        return RowFilter(self.class_filter.currentData(), states, self.search.text().strip())

    def _filter(self) -> None:
        selected = self.selected_id()
        self._quiet = True
        try:
            reset = self.model.set_filters(self._filters())
            if reset and selected is not None and self.select(selected):
                self.view.scrollTo(self.view.currentIndex())
        finally:
            self._quiet = False
        if self.selected_id() != selected:
            self.selection_changed.emit()
        self._show_status()

    def set_state_filter(self, state: str | None) -> None:
        """Show one state ('still' for waiting and flagged, None for all)."""
        self.state_filter.setCurrentIndex(max(0, self.state_filter.findData(state)))

    def set_class_filter(self, class_name: str | None) -> None:
        """Show one class by name (None for all)."""
        at = self.class_filter.findText(class_name) if class_name else 0
        self.class_filter.setCurrentIndex(max(0, at))

    def visible_children(self) -> list[BoardChild]:
        """The children the table shows, in its order."""
        return self.model.shown()

    def selected_id(self) -> int | None:
        """The student id of the selected row."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.child_at(rows[0].row()).student_id

    def select(self, student_id: int) -> bool:
        """Select a child's row when the filters show it."""
        row = self.model.row_of(student_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.setCurrentIndex(index)
        return True

    def _selected(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        if not self._quiet:
            self.selection_changed.emit()
