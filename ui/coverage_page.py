"""The coverage page (R9, 有学生就必须有老师): check-in, the live board, and the duty roster."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.coverage import CoverageService
from core.coverage_types import COVERED, UNCOVERED, WAITING, GroupCoverage, Slot, TeacherLoad
from core.errors import AfterSchoolError
from core.staff_types import StaffMember
from ui.clubs_text import (
    GREEN_BG,
    GREEN_FG,
    ORANGE_BG,
    ORANGE_FG,
    RED_BG,
    RED_FG,
    period_text,
    show_error,
    span_text,
)
from ui.coverage_duties import DutyEditor, group_text
from ui.table_model import Column, RecordTableModel
from ui.terms import date_text

REFRESH_MS = 15_000  # other stations mark and check in: the board follows within seconds
BACKGROUND = {UNCOVERED: RED_BG, WAITING: ORANGE_BG, COVERED: GREEN_BG}
FOREGROUND = {UNCOVERED: RED_FG, WAITING: ORANGE_FG, COVERED: GREEN_FG}
_CENTER = Qt.AlignmentFlag.AlignCenter


def _view(model: RecordTableModel) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class CoveragePage(QWidget):
    """Who watches which group now; red where children are without a teacher."""

    changed = Signal()

    def __init__(
        self, coverage: CoverageService, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        require_page(member, "coverage")  # R12: no other way in for other roles
        self._coverage = coverage
        self._member = member
        self._pinned_date: dt.date | None = None
        self._pinned_period: int | None = None

        title = QLabel(self.tr("Coverage: a teacher wherever there are children"))
        title.setObjectName("pageTitle")

        self.my_duty = QLabel()
        self.my_duty.setWordWrap(True)
        self.check_in_button = QPushButton(self.tr("I am here"))
        self.check_in_button.setObjectName("primary")
        # Larger than other buttons: the one thing a teacher does here. A local style sheet,
        # because the app's style sheet sets every widget's font size.
        self.check_in_button.setStyleSheet("font-size: 18px; font-weight: bold; padding: 8px 28px;")
        self.check_in_button.clicked.connect(self.check_in)
        bar = QFrame()
        bar.setObjectName("bandCard")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(12, 6, 12, 6)
        bar_layout.addWidget(self.my_duty, 1)
        bar_layout.addWidget(self.check_in_button)

        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.dateChanged.connect(self._date_picked)
        self.period_combo = QComboBox()
        for period in (1, 2):
            self.period_combo.addItem(period_text(period), period)
        self.period_combo.activated.connect(self._period_picked)
        self.now_button = QPushButton(self.tr("Now"))
        self.now_button.clicked.connect(self.show_now)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Date:")))
        controls.addWidget(self.date_edit)
        controls.addWidget(self.period_combo)
        controls.addWidget(self.now_button)
        controls.addWidget(self.refresh_button)
        controls.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)

        self.board_model: RecordTableModel[GroupCoverage] = RecordTableModel(
            [
                Column(self.tr("Group"), lambda g: group_text(g.group.kind, g.name)),
                Column(self.tr("Place"), self._place),
                Column(self.tr("Time"), lambda g: span_text(g.start, g.end)),
                Column(self.tr("Expected"), lambda g: str(g.expected), align=_CENTER),
                Column(self.tr("Present"), lambda g: str(g.present), align=_CENTER),
                Column(self.tr("Per teacher"), _per_teacher, align=_CENTER),
                Column(self.tr("State"), self._state),
                Column(self.tr("Teachers"), self._teachers, tooltip=self._teachers),
            ],
            row_background=lambda g: BACKGROUND.get(g.state),
            row_foreground=lambda g: FOREGROUND.get(g.state),
        )
        self.board_view = _view(self.board_model)
        self.load_model: RecordTableModel[TeacherLoad] = RecordTableModel(
            [
                Column(self.tr("Teacher"), lambda t: t.staff.label),
                Column(self.tr("Children"), lambda t: str(t.children), align=_CENTER),
                Column(self.tr("Groups"), lambda t: "、".join(t.groups), tooltip=_groups),
            ],
            row_foreground=lambda t: GREEN_FG if t.checked_in else ORANGE_FG,
        )
        self.load_view = _view(self.load_model)
        loads = QWidget()
        loads_layout = QVBoxLayout(loads)
        loads_layout.setContentsMargins(0, 0, 0, 0)
        loads_title = QLabel(self.tr("Children per teacher"))
        loads_title.setObjectName("sectionTitle")
        loads_layout.addWidget(loads_title)
        loads_layout.addWidget(self.load_view, 1)
        splitter = QSplitter()
        splitter.addWidget(self.board_view)
        splitter.addWidget(loads)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 300])

        board = QWidget()
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(0, 4, 0, 0)
        board_layout.addLayout(controls)
        board_layout.addWidget(self.summary)
        board_layout.addWidget(splitter, 1)
        self.duties: DutyEditor | None = None
        self.tabs = QTabWidget()
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(board, self.tr("Coverage board"))
        if member.is_admin:
            self.duties = DutyEditor(coverage, member)
            self.duties.changed.connect(self._roster_changed)
            self.tabs.addTab(self.duties, self.tr("Duty roster"))

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(bar)
        layout.addWidget(self.tabs, 1)
        # Polls only while shown: a hidden page (another page of the main window) stays quiet.
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    # --- behaviour ---

    def refresh(self) -> None:
        """Reload the teacher's duties and the board (counts follow every station's marks)."""
        now = self._coverage.now()
        self._show_my_slots(self._coverage.my_slots(self._member, now.date()), now)
        day = self._pinned_date or now.date()
        period = self._pinned_period or self._coverage.current_period(now)
        self._set_controls(day, period)
        board = self._coverage.board(day, period)
        self.board_model.set_rows(board.groups)
        self.load_model.set_rows(board.teachers)
        if not board.service:
            self.summary.setText(self.tr("No after-school service on this day."))
            return
        self.summary.setText(
            self.tr(
                "{date} {period}: {uncovered} groups with children and no teacher (red) · "
                "{waiting} teachers not yet here (orange) · {covered} covered (green) · "
                "{present} children present"
            ).format(
                date=date_text(day),
                period=period_text(period),
                uncovered=board.count(UNCOVERED),
                waiting=board.count(WAITING),
                covered=board.count(COVERED),
                present=board.present,
            )
        )

    def show_now(self) -> None:
        """Follow the clock's date and period again."""
        self._pinned_date = None
        self._pinned_period = None
        self.refresh()

    def show_slot(self, day: dt.date, period: int) -> None:
        """Show one date and period."""
        self._pinned_date = day
        self._pinned_period = period
        self.refresh()

    def check_in(self) -> None:
        """我已到岗: check in for the current duty."""
        try:
            self._coverage.check_in(self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.changed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        """Start following other stations' marks and check-ins."""
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop polling while the page is not on screen."""
        self._timer.stop()
        super().hideEvent(event)

    # --- helpers ---

    def _show_my_slots(self, slots: list[Slot], now: dt.datetime) -> None:
        if not slots:
            self.my_duty.setText(self.tr("{name}: no duty today.").format(name=self._member.actor))
            self.check_in_button.setEnabled(False)
            return
        parts = []
        for slot in slots:
            if slot.checked_in_at:
                state = self.tr("checked in {time}").format(time=f"{slot.checked_in_at:%H:%M}")
            elif slot.end is not None and now.time() >= slot.end:
                state = self.tr("not checked in, over")
            else:
                state = self.tr("not checked in")
            parts.append(
                f"{group_text(slot.group.kind, slot.name)} {period_text(slot.period)} "
                f"{span_text(slot.start, slot.end)} · {state}"
            )
        self.my_duty.setText(
            self.tr("Today's duties of {name}: {slots}").format(
                name=self._member.actor, slots="；".join(parts)
            )
        )
        self.check_in_button.setEnabled(
            any(s.checked_in_at is None and (s.end is None or now.time() < s.end) for s in slots)
        )

    def _set_controls(self, day: dt.date, period: int) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        self.period_combo.setCurrentIndex(self.period_combo.findData(period))

    def _date_picked(self, qdate: QDate) -> None:
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        self._pinned_date = None if day == self._coverage.now().date() else day
        self.refresh()

    def _period_picked(self, _index: int) -> None:
        self._pinned_period = self.period_combo.currentData()
        self.refresh()

    def _roster_changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _place(self, g: GroupCoverage) -> str:
        if g.group.kind == "class":
            return self.tr("{cls} classroom").format(cls=g.name)
        if g.group.kind == "gate":
            return group_text("gate", "")
        return g.room or "—"

    def _state(self, g: GroupCoverage) -> str:
        return {
            UNCOVERED: self.tr("Children without a teacher"),
            WAITING: self.tr("Teacher not here yet"),
            COVERED: self.tr("Teacher here"),
        }.get(g.state, self.tr("No duty"))

    def _teachers(self, g: GroupCoverage) -> str:
        parts = []
        for t in g.teachers:
            if t.checked_in_at is not None:
                parts.append(
                    self.tr("{name} here {time}").format(
                        name=t.staff.label, time=f"{t.checked_in_at:%H:%M}"
                    )
                )
            else:
                parts.append(self.tr("{name} not here").format(name=t.staff.label))
        return "；".join(parts) or self.tr("nobody assigned")


def _per_teacher(g: GroupCoverage) -> str:
    return "—" if g.per_teacher is None else str(g.per_teacher)


def _groups(t: TeacherLoad) -> str:
    return "、".join(t.groups)
