"""The board's side panel (one child: phones, calls, custody) and the duty teachers' counts."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.dismissal import MAX_NOTE
from core.dismissal_types import (
    CUSTODY,
    FLAGGED,
    NO_ANSWER,
    NOTIFIED,
    ON_THE_WAY,
    OTHER_ARRANGEMENT,
    STILL_WAITING,
    Board,
    ChildDetail,
    Wave,
)
from ui.dismissal_text import (
    RED,
    call_result_text,
    call_text,
    clock_text,
    countdown_text,
    detail_text,
    hhmm,
    person_text,
    state_text,
    wave_count_items,
)

PHONE_STYLE = "font-size: 18px; font-weight: bold; color: #1f2937;"
LINE_SPACING = 2  # between the lines of a flow layout


class ChildPanel(QFrame):
    """Who to call for the selected child, what was tried, and the buttons to record more."""

    call_logged = Signal(str, object, str, str)  # result, guardian id or None, callee, note
    custody_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(330)
        self.detail: ChildDetail | None = None
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.clock.setWordWrap(True)
        self.guardians = QLabel()
        self.guardians.setTextFormat(Qt.TextFormat.RichText)
        self.guardians.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guardians.setWordWrap(True)
        self.family = QLabel()
        self.family.setWordWrap(True)
        self.calls = QListWidget()
        self.calls.setWordWrap(True)
        self.calls.setMinimumHeight(60)
        self.calls.setMaximumHeight(130)
        self.calls.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.callee = QComboBox()
        self.callee.setEditable(True)
        self.callee.lineEdit().setPlaceholderText(self.tr("Guardian, or type a name"))
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE)
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.result_buttons: dict[str, QPushButton] = {}
        results = QHBoxLayout()
        for result in (NO_ANSWER, ON_THE_WAY, OTHER_ARRANGEMENT):
            button = QPushButton(call_result_text(result))
            button.clicked.connect(lambda _=False, r=result: self._log(r))
            self.result_buttons[result] = button
            results.addWidget(button)
        self.officer_button = QPushButton(self.tr("Notify the safety officer"))
        self.officer_button.clicked.connect(lambda: self._log(NOTIFIED))
        self.custody_button = QPushButton(self.tr("Hand to a teacher's custody…"))
        self.custody_button.setObjectName("primary")
        self.custody_button.clicked.connect(self.custody_requested)

        self.call_box = QWidget()
        call_layout = QGridLayout(self.call_box)
        call_layout.setContentsMargins(0, 0, 0, 0)
        call_title = QLabel(self.tr("Log a call"))
        call_title.setObjectName("sectionTitle")
        call_layout.addWidget(call_title, 0, 0, 1, 2)
        call_layout.addWidget(QLabel(self.tr("Called")), 1, 0)
        call_layout.addWidget(self.callee, 1, 1)
        call_layout.addWidget(QLabel(self.tr("Note")), 2, 0)
        call_layout.addWidget(self.note, 2, 1)
        call_layout.addLayout(results, 3, 0, 1, 2)
        call_layout.addWidget(self.officer_button, 4, 0, 1, 2)

        self.empty = QLabel(self.tr("Choose a pupil in the list to see guardian phones and calls."))
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.title)
        body.addWidget(self.state)
        body.addWidget(self.clock)
        phones = QLabel(self.tr("Guardians"))
        phones.setObjectName("sectionTitle")
        body.addWidget(phones)
        body.addWidget(self.guardians)
        body.addWidget(self.family)
        log_title = QLabel(self.tr("Calls"))
        log_title.setObjectName("sectionTitle")
        body.addWidget(log_title)
        body.addWidget(self.calls)
        body.addWidget(self.call_box)
        body.addWidget(self.custody_button)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        self.show_detail(None, None, dt.datetime.min)

    def show_detail(
        self, detail: ChildDetail | None, board: Board | None, now: dt.datetime
    ) -> None:
        """Fill the panel for one child (None: nothing selected)."""
        previous = self.detail.child.student_id if self.detail else None
        self.detail = detail
        self.empty.setVisible(detail is None)
        self.body.setVisible(detail is not None)
        if detail is None:
            return
        child = detail.child
        self.title.setText(f"{child.class_name} {child.name}")
        state = state_text(child.state)
        more = detail_text(child)
        self.state.setText(f"{state} · {more}" if more else state)
        self.tick(board, now)
        if detail.guardians:
            lines = [
                f"{html.escape(person_text(g.name, g.relation))}"
                f"&nbsp;&nbsp;<span style='{PHONE_STYLE}'>{html.escape(g.phone)}</span>"
                for g in detail.guardians
            ]
            self.guardians.setText("<br>".join(lines))
        else:
            self.guardians.setText(self.tr("No guardian on file."))
        self.family.setText(
            self.tr("This family was late {n} times in the last {weeks} weeks").format(
                n=detail.family_late, weeks=detail.family_late_weeks
            )
        )
        self.family.setStyleSheet(f"color: {RED};" if detail.family_late else "")
        self.calls.clear()
        for call in reversed(detail.calls):
            self.calls.addItem(call_text(call))
        if not detail.calls:
            self.calls.addItem(self.tr("No call yet."))
        if previous != child.student_id:
            # A new child: the callee list and the note start afresh.
            self.callee.clear()
            for g in detail.guardians:
                self.callee.addItem(person_text(g.name, g.relation), g.guardian_id)
            self.note.clear()
        can_act = child.state in STILL_WAITING or child.state == CUSTODY
        self.call_box.setEnabled(can_act)
        self.custody_button.setEnabled(child.state in STILL_WAITING)

    def tick(self, board: Board | None, now: dt.datetime) -> None:
        """Move the child's escalation clock on."""
        child = self.detail.child if self.detail else None
        text = clock_text(child, board.policy, now) if child and board else ""
        self.clock.setText(text)
        self.clock.setVisible(bool(text) and child is not None and child.state == FLAGGED)

    def _log(self, result: str) -> None:
        text = self.callee.currentText().strip()
        at = self.callee.currentIndex()
        guardian = None
        if at >= 0 and self.callee.itemText(at) == text:
            guardian = self.callee.itemData(at)
        self.call_logged.emit(result, guardian, text, self.note.text().strip())

    def call_saved(self) -> None:
        """The logged call was stored: clear the note for the next one."""
        self.note.clear()


class DutyCounts(QTableWidget):
    """Children still waiting per duty teacher (rows) and band whose dismissal passed (columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._shown: tuple | None = None

    def show_board(self, board: Board) -> None:
        """One row per duty teacher and one for groups not handed over yet."""
        waves = [w for w in board.waves if w.service and w.dismissal and w.dismissal <= board.at]
        shown = (
            tuple(w.band_id for w in waves),
            tuple(
                (d.staff_id, d.name, tuple(sorted(d.per_band.items()))) for d in board.duty_counts
            ),
        )
        if shown == self._shown:
            return  # the same figures: no rebuild, no repaint
        self._shown = shown
        self.clear()
        if not waves:
            # Before the first dismissal there is nothing to count: say when there will be.
            self.setColumnCount(1)
            self.setHorizontalHeaderLabels([self.tr("Duty teacher")])
            self.setRowCount(1)
            item = QTableWidgetItem(self.tr("Counted from the first dismissal on"))
            item.setForeground(QColor("#6b7280"))
            self.setItem(0, 0, item)
            return
        self.setColumnCount(len(waves) + 1)
        self.setHorizontalHeaderLabels([self.tr("Duty teacher"), *(w.name for w in waves)])
        rows = list(board.duty_counts)
        self.setRowCount(len(rows))
        for r, duty in enumerate(rows):
            name = duty.name if duty.staff_id is not None else self.tr("Not handed over")
            self.setItem(r, 0, QTableWidgetItem(name))
            for c, wave in enumerate(waves, start=1):
                n = duty.per_band.get(wave.band_id, 0)
                item = QTableWidgetItem(str(n))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(r, c, item)

    def texts(self) -> list[list[str]]:
        """What the table shows, row by row (tests, the report)."""
        return [
            [self.item(r, c).text() if self.item(r, c) else "" for c in range(self.columnCount())]
            for r in range(self.rowCount())
        ]


class FlowLayout(QLayout):
    """Lays its widgets out left to right and wraps between them, never inside one."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        """Qt override."""
        self._items.append(item)

    def count(self) -> int:
        """Qt override."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """Qt override."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Qt override."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        """Qt override."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Qt override."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Qt override."""
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        """Qt override."""
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """Qt override: everything on one line."""
        width = sum(i.sizeHint().width() for i in self._visible())
        width += self._spacing * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        """Qt override: the widest item alone on a line."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if i.widget() is None or not i.widget().isHidden()]

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + LINE_SPACING, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class CountChips(QWidget):
    """A band's counts as short unbroken pieces (待接 27, 留校看护 1) that wrap between pieces."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=14)
        self.chips: list[QLabel] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_items(self, items: list[str]) -> None:
        """Show these pieces; labels are reused and only changed texts are set."""
        while len(self.chips) < len(items):
            chip = QLabel()
            chip.setObjectName("cardCounts")
            self.chips.append(chip)
            self.flow.addWidget(chip)
        for chip, text in zip(self.chips, items, strict=False):
            chip.setText(text)
            if chip.isHidden():
                chip.show()
        for chip in self.chips[len(items) :]:
            chip.hide()

    def items(self) -> list[str]:
        """The pieces shown."""
        return [c.text() for c in self.chips if not c.isHidden()]

    def text(self) -> str:
        """The pieces in one line (tests, screen readers)."""
        return " · ".join(self.items())


class WaveCard(QFrame):
    """One grade band: dismissal time, a live countdown, its children by state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bandCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Preferred, not Maximum: the counts may wrap to a second line and the card grows.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.wave: Wave | None = None
        self._alarm: bool | None = None
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.time = QLabel()
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.countdown = QLabel()
        self.countdown.setObjectName("cardBig")
        self.countdown.setWordWrap(True)
        self.counts = CountChips()
        self.note = QLabel()
        self.note.setObjectName("cardNote")
        self.note.setWordWrap(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.time, 0, 1)
        layout.addWidget(self.countdown, 1, 0, 1, 2)
        layout.addWidget(self.counts, 2, 0, 1, 2)
        layout.addWidget(self.note, 3, 0, 1, 2)

    def show_wave(self, wave: Wave, now: dt.datetime) -> None:
        """Fill the card from a band's wave; only what changed is set (no needless repaint)."""
        old, self.wave = self.wave, wave
        self.title.setText(wave.name)
        if wave.service and wave.dismissal is not None:
            self.time.setText(self.tr("Dismissal {time}").format(time=hhmm(wave.dismissal)))
            self.counts.set_items(wave_count_items(wave))
        else:
            self.time.setText("")
            self.counts.set_items([])
        if self.counts.isHidden() == wave.service:
            self.counts.setVisible(wave.service)
        # A changed dismissal time says why; a day without service says it in the countdown.
        changed = wave.service and bool(wave.note)
        self.note.setText(self.tr("Changed today: {reason}").format(reason=wave.note))
        if self.note.isHidden() == changed:
            self.note.setVisible(changed)
        if old is None or old.service != wave.service:
            self.setProperty("noService", not wave.service)
            self.style().unpolish(self)
            self.style().polish(self)
            self._alarm = None
        self.tick(now)

    def tick(self, now: dt.datetime) -> None:
        """Move the countdown on."""
        if self.wave is None:
            return
        text, alarm = countdown_text(self.wave, now)
        self.countdown.setText(text)
        if alarm == self._alarm:
            return
        self._alarm = alarm
        if not self.wave.service:
            self.countdown.setStyleSheet("font-size: 16px; color: #b45309;")
        else:
            self.countdown.setStyleSheet(f"color: {RED};" if alarm else "")
