"""The club teacher's roll call at period 2: all present with one click, then the exceptions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.club_types import RollCall, RollCallEntry
from core.clubs import ClubService
from core.errors import AfterSchoolError
from core.staff_types import StaffMember
from ui.clubs_text import (
    GREEN_FG,
    GREY_FG,
    ORANGE_BG,
    RED_BG,
    period_text,
    show_error,
    status_text,
)
from ui.table_model import Column, RecordTableModel
from ui.terms import date_text, leave_text

# Number keys mark the selected members; the buttons show the same numbers.
STATUS_KEYS = (
    (Qt.Key.Key_1, "present"),
    (Qt.Key.Key_2, "late"),
    (Qt.Key.Key_3, "absent"),
    (Qt.Key.Key_4, "sick"),
    (Qt.Key.Key_5, "personal"),
)


class ClubRollCallView(QTableView):
    """The members' table; a number key marks the selected rows."""

    status_key_pressed = Signal(str)
    all_present_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1 present, 2 late, 3 absent, 4 sick leave, 5 personal leave; Ctrl+Enter all present."""
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        status = dict(STATUS_KEYS).get(key)
        if status is not None and plain == Qt.KeyboardModifier.NoModifier:
            self.status_key_pressed.emit(status)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            plain == Qt.KeyboardModifier.ControlModifier
        ):
            # Also here, not only as a shortcut: a shortcut needs the window to be active.
            self.all_present_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ClubRollCall(QWidget):
    """Roll call of the clubs the signed-in teacher runs today."""

    changed = Signal()

    def __init__(
        self, clubs: ClubService, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clubs = clubs
        self._member = member
        self._call: RollCall | None = None

        self.club_combo = QComboBox()
        self.club_combo.setMinimumWidth(220)
        self.club_combo.currentIndexChanged.connect(self._club_chosen)
        self.info = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Club:")))
        top.addWidget(self.club_combo)
        top.addWidget(self.info, 1)

        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.all_present_button = QPushButton(self.tr("All present (Ctrl+Enter)"))
        self.all_present_button.setObjectName("primary")
        self.all_present_button.clicked.connect(self.mark_all_present)
        self.status_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_present_button)
        buttons.addSpacing(16)
        for number, (_, status) in enumerate(STATUS_KEYS, start=1):
            button = QPushButton(f"{status_text(status)} ({number})")
            button.clicked.connect(lambda _=False, s=status: self.mark_selected(s))
            self.status_buttons[status] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.mark_all_present)

        self.model: RecordTableModel[RollCallEntry] = RecordTableModel(
            [
                Column(self.tr("Student no."), lambda e: e.pupil.student_no),
                Column(self.tr("Name"), lambda e: e.pupil.name),
                Column(self.tr("Class"), lambda e: e.pupil.class_name),
                Column(self.tr("Status"), self._status),
                Column(self.tr("Marked by"), lambda e: e.marked_by),
            ],
            row_background=_background,
            row_foreground=_foreground,
        )
        self.view = ClubRollCallView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.status_key_pressed.connect(self.mark_selected)
        self.view.all_present_pressed.connect(self.mark_all_present)
        self.hint = QLabel(
            self.tr(
                "Click “All present”, then select a pupil and press 1 present, 2 late, "
                "3 absent, 4 sick leave, 5 personal leave. Several pupils can be selected."
            )
        )
        self.hint.setWordWrap(True)

        sheet = QWidget()
        sheet_layout = QVBoxLayout(sheet)
        sheet_layout.setContentsMargins(0, 0, 0, 0)
        sheet_layout.addLayout(top)
        sheet_layout.addWidget(self.summary)
        sheet_layout.addLayout(buttons)
        sheet_layout.addWidget(self.view, 1)
        sheet_layout.addWidget(self.hint)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(sheet)
        self.stack.addWidget(self.empty_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # --- behaviour ---

    def refresh(self) -> None:
        """Reload today's clubs and the chosen club's roll call."""
        current = self.club_combo.currentData()
        clubs = self._clubs.roll_call_clubs(self._member)
        self.club_combo.blockSignals(True)
        self.club_combo.clear()
        for club in clubs:
            self.club_combo.addItem(club.name, club.id)
        index = self.club_combo.findData(current)
        self.club_combo.setCurrentIndex(max(index, 0))
        self.club_combo.blockSignals(False)
        if not clubs:
            self._call = None
            self.model.set_rows([])
            self.empty_hint.setText(
                self.tr("No club of yours meets today, so there is no roll call to take.")
            )
            self.stack.setCurrentIndex(1)
            return
        self.stack.setCurrentIndex(0)
        self._load()

    def current_call(self) -> RollCall | None:
        """The roll call on show."""
        return self._call

    def mark_all_present(self) -> None:
        """Mark every expected, unmarked member present."""
        if self._call is None:
            return
        try:
            self._clubs.mark_all_present(self._call.club.id, self._member, self._call.day)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self._load()
        self.view.setFocus()
        self.changed.emit()

    def mark_selected(self, status: str) -> None:
        """Mark the selected members (those on today's list) and move to the next row."""
        if self._call is None:
            return
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        entries = [self.model.row_record(r) for r in rows]
        ids = [e.pupil.student_id for e in entries if e.on_list]
        if not ids:
            return
        try:
            self._clubs.mark(self._call.club.id, ids, status, self._member, self._call.day)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self._load()
        self._select(min(rows[-1] + 1, self.model.rowCount() - 1))
        self.changed.emit()

    # --- helpers ---

    def _club_chosen(self, _index: int) -> None:
        self._load()

    def _load(self) -> None:
        club_id = self.club_combo.currentData()
        if club_id is None:
            return
        selected = [i.row() for i in self.view.selectionModel().selectedRows()]
        call = self._clubs.roll_call(club_id)
        self._call = call
        self.model.set_rows(call.entries)
        club = call.club
        details = [
            date_text(call.day),
            period_text(club.period),
            club.room,
            self.tr("Teacher: {name}").format(name=club.teacher_name or "—"),
        ]
        self.info.setText(" · ".join(d for d in details if d))
        self.summary.setText(
            self.tr(
                "Expected {expected} · present {present} · late {late} · absent {absent} · "
                "leave {leave} · not marked {unmarked}"
            ).format(
                expected=call.expected,
                present=call.count("present"),
                late=call.count("late"),
                absent=call.count("absent"),
                leave=call.count("sick") + call.count("personal") + call.on_leave,
                unmarked=call.unmarked,
            )
        )
        if selected:
            self._select(min(selected[0], self.model.rowCount() - 1))
        elif self.model.rowCount():
            self._select(0)

    def _select(self, row: int) -> None:
        if row < 0:
            return
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _status(self, e: RollCallEntry) -> str:
        if not e.on_list:
            return self.tr("No after-school service today")
        if e.status is None and e.leave is not None:
            return self.tr("{leave} (reported)").format(leave=leave_text(e.leave))
        return status_text(e.status)


def _background(e: RollCallEntry) -> QColor | None:
    if e.status == "absent":
        return RED_BG
    if e.status == "late":
        return ORANGE_BG
    return None


def _foreground(e: RollCallEntry) -> QColor | None:
    if not e.on_list or (e.status is None and e.leave) or e.status in ("sick", "personal"):
        return GREY_FG
    if e.status == "present":
        return GREEN_FG
    return None
