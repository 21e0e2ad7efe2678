"""The dismissal board (放学看板): each band's countdown, every child's state, what was done.

The board is read from core once per refresh (on demand, every few seconds while shown, and
when another station changed the database); between refreshes a one-second tick only moves the
countdowns and the escalation clocks on from the (possibly simulated) clock.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.dismissal_types import Board, BoardChild
from core.services import Services
from core.staff_types import DUTY_TEACHER, StaffMember
from ui.dismissal_dialogs import CustodyDialog, GroupTransferDialog, SelfReleaseDialog
from ui.dismissal_model import BoardTable
from ui.dismissal_panel import ChildPanel, DutyCounts, WaveCard
from ui.dismissal_text import BANNER_STYLE, banner_text, error_text, show_error
from ui.gate_settings import GateSettings
from ui.terms import date_text
from ui.wall_board import WallBoard

log = logging.getLogger(__name__)

REFRESH_MS = 5000
TICK_MS = 1000
# The panel's guardians and family count are read again at least this often (seconds) even
# when the selected child's row did not change; a changed row is read at once.
DETAIL_MAX_AGE_S = 30.0


class DismissalPage(QWidget):
    """The duty teachers' and safety officer's board at dismissal (R3, R7-R9)."""

    def __init__(
        self,
        services: Services,
        member: StaffMember,
        station: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        require_page(member, "dismissal")  # R12: no other way in for other roles
        self._services = services
        self._member = member
        self.station = station or GateSettings().load().station_name
        self.board: Board | None = None
        self.wall: WallBoard | None = None
        self.transfer_dialog: GroupTransferDialog | None = None
        self.self_release_dialog: SelfReleaseDialog | None = None
        self.custody_dialog: CustodyDialog | None = None
        self._detail_read_at = 0.0

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.transfer_button = QPushButton(self.tr("Group handover…"))
        self.transfer_button.clicked.connect(self.open_transfer)
        self.self_release_button = QPushButton(self.tr("Confirm leaving alone…"))
        self.self_release_button.clicked.connect(self.open_self_release)
        self.wall_button = QPushButton(self.tr("Wall screen"))
        self.wall_button.clicked.connect(self.open_wall_board)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for button in (
            self.transfer_button,
            self.self_release_button,
            self.wall_button,
            self.refresh_button,
        ):
            top.addWidget(button)

        self.banner = QLabel()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.cards_row = QHBoxLayout()
        self.cards_row.setSpacing(10)
        self.cards: list[WaveCard] = []

        self.table = BoardTable()
        self.table.selection_changed.connect(self._show_detail)
        # The table's parts, as the tests and the main window reach them.
        self.model, self.view = self.table.model, self.table.view
        self.search, self.status = self.table.search, self.table.status

        self.panel = ChildPanel()
        self.panel.call_logged.connect(self.log_call)
        self.panel.custody_requested.connect(self.open_custody)
        self.panel_scroll = QScrollArea()
        self.panel_scroll.setWidget(self.panel)
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.duty_counts = DutyCounts()
        self.duty_counts.setMaximumHeight(150)
        duty_title = QLabel(self.tr("Pupils still waiting per duty teacher"))
        duty_title.setObjectName("sectionTitle")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.panel_scroll, 1)
        right_layout.addWidget(duty_title)
        right_layout.addWidget(self.duty_counts)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([900, 360])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(self.cards_row)
        layout.addWidget(self.splitter, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.timeout.connect(self.refresh)
        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self.tick)
        self.refresh()

    # --- reading the board ---

    def refresh(self) -> None:
        """Read the board again (every few seconds, and when another station wrote)."""
        try:
            board = self._services.dismissal.board()
        except Exception as exc:  # noqa: BLE001 - a failed read must not stop the timers
            log.warning("dismissal board not read: %s", exc)
            self.table.show_problem(
                self.tr("Not up to date: {reason}").format(reason=error_text(exc))
            )
            return
        self.show_board(board)

    def live_refresh(self) -> None:
        """Another station wrote something (the main window's live updates)."""
        self.refresh()

    def show_board(self, board: Board) -> None:
        """Show a board read here or elsewhere (the main window's monitor)."""
        self.board = board
        self.heading.setText(
            self.tr("Dismissal board · {date} · {station}").format(
                date=date_text(board.day), station=self.station
            )
        )
        self._show_cards(board)
        banner = banner_text(board)
        self.banner.setText(banner)
        if self.banner.isHidden() == bool(banner):
            self.banner.setVisible(bool(banner))
        self.table.show_board(board)
        self.duty_counts.show_board(board)
        self._update_detail(board)
        if self.wall is not None:
            self.wall.show_board(board)

    def _update_detail(self, board: Board) -> None:
        """The panel after a new board: read the child's detail again only when needed.

        The detail is a second read of the day; the row of the board tells whether anything
        the panel shows (state, calls, custody, release) changed.
        """
        sid = self.selected_id()
        shown = self.panel.detail
        if sid is None and shown is None:
            return
        if (
            sid is not None
            and shown is not None
            and shown.child.student_id == sid
            and board.child(sid) == shown.child
            and time.monotonic() - self._detail_read_at < DETAIL_MAX_AGE_S
        ):
            self.panel.tick(board, self._services.clock.now())
            return
        self._show_detail()

    def tick(self) -> None:
        """Move countdowns and clocks on from the clock, without reading the database."""
        now = self._services.clock.now()
        for card in self.cards:
            card.tick(now)
        self.table.model.tick(now)
        self.panel.tick(self.board, now)
        if self.wall is not None:
            self.wall.tick(now)

    def _show_cards(self, board: Board) -> None:
        while len(self.cards) < len(board.waves):
            card = WaveCard()
            self.cards.append(card)
            self.cards_row.addWidget(card, 1)
        for card, wave in zip(self.cards, board.waves, strict=False):
            card.show_wave(wave, board.at)
            card.show()
        for card in self.cards[len(board.waves) :]:
            card.hide()

    def set_state_filter(self, state: str | None) -> None:
        """Show one state ('still' for waiting and flagged, None for all)."""
        self.table.set_state_filter(state)

    def set_class_filter(self, class_name: str | None) -> None:
        """Show one class by name (None for all)."""
        self.table.set_class_filter(class_name)

    def visible_children(self) -> list[BoardChild]:
        """The children the table shows, in its order."""
        return self.table.visible_children()

    def selected_id(self) -> int | None:
        """The student id of the selected row."""
        return self.table.selected_id()

    def select(self, student_id: int) -> bool:
        """Select a child's row when the filters show it."""
        return self.table.select(student_id)

    def _show_detail(self) -> None:
        sid = self.selected_id()
        now = self._services.clock.now()
        if sid is None:
            self.panel.show_detail(None, self.board, now)
            return
        self._detail_read_at = time.monotonic()
        try:
            detail = self._services.dismissal.child_detail(sid)
        except Exception as exc:  # noqa: BLE001 - the panel says why instead
            log.warning("child detail not read: %s", exc)
            self.panel.show_detail(None, self.board, now)
            self.panel.empty.setText(error_text(exc))
            return
        self.panel.show_detail(detail, self.board, now)

    # --- what the duty teacher does ---

    def log_call(self, result: str, guardian_id: int | None, callee: str, note: str) -> bool:
        """Log a call about the selected child."""
        sid = self.selected_id()
        if sid is None:
            return False
        try:
            self._services.dismissal.log_call(
                sid,
                result,
                self._member,
                guardian_id=guardian_id,
                callee="" if guardian_id is not None else callee,
                note=note,
                station=self.station,
            )
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.error_box = show_error(self, exc)
            return False
        self.panel.call_saved()
        self.refresh()
        return True

    def default_custody_teacher(self) -> int | None:
        """The signed-in duty teacher keeps the child unless another is chosen."""
        return self._member.id if self._member.role == DUTY_TEACHER else None

    def open_custody(self) -> None:
        """Pick the teacher who keeps the selected child (留校看护)."""
        sid = self.selected_id()
        child = self.board.child(sid) if self.board and sid is not None else None
        if child is None:
            return
        try:
            staff = self._services.dismissal.staff()
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.error_box = show_error(self, exc)
            return
        dialog = CustodyDialog(
            f"{child.class_name} {child.name}", staff, self.default_custody_teacher(), self
        )
        dialog.student_id = sid
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method, not a lambda holding the dialog: no cycle through its own signal.
        dialog.accepted.connect(self._custody_chosen)
        self.custody_dialog = dialog
        dialog.open()

    def _custody_chosen(self) -> None:
        dialog = self.custody_dialog
        if dialog is not None:
            self.take_custody(dialog.student_id, dialog.teacher_id(), dialog.note.text().strip())

    def take_custody(self, student_id: int | None, teacher_id: int | None, note: str = "") -> bool:
        """Record that a named teacher keeps the child until collected."""
        if student_id is None or teacher_id is None:
            return False
        try:
            self._services.dismissal.take_custody(
                student_id, teacher_id, self._member, station=self.station, note=note
            )
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.error_box = show_error(self, exc)
            return False
        self.refresh()
        return True

    def open_transfer(self) -> None:
        """A class or club teacher hands the group over with a head count."""
        try:
            groups = self._services.dismissal.groups()
            staff = self._services.dismissal.staff()
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.error_box = show_error(self, exc)
            return
        dismissal = self._services.dismissal

        def save(group: Any, source: int, target: int, count: int, note: str) -> Any:
            return dismissal.transfer_group(
                group.group_kind,
                group.group_id,
                source,
                target,
                count,
                self._member,
                station=self.station,
                note=note,
            )

        dialog = GroupTransferDialog(groups, staff, self._member.id, save, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.transferred.connect(lambda _info: self.refresh())
        self.transfer_dialog = dialog
        dialog.open()

    def current_band(self) -> int | None:
        """The band leaving now or next: the default of the self-release list."""
        if self.board is None:
            return None
        waves = [w for w in self.board.waves if w.service and w.dismissal is not None]
        now = self._services.clock.now()
        upcoming = [w for w in waves if w.flag_at is None or w.flag_at >= now]
        chosen = upcoming[0] if upcoming else (waves[-1] if waves else None)
        return chosen.band_id if chosen else None

    def open_self_release(self) -> None:
        """The band's 自行离校 pupils, confirmed in one action."""
        if self.board is None:
            return
        dismissal = self._services.dismissal
        dialog = SelfReleaseDialog(
            self.board.waves,
            self.current_band(),
            lambda band: dismissal.self_release_list(band),
            lambda ids: dismissal.confirm_self_release(ids, self._member, self.station),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirmed.connect(lambda _results: self.refresh())
        self.self_release_dialog = dialog
        dialog.open()

    # --- the wall screen and the timers ---

    def open_wall_board(self) -> WallBoard:
        """The parents' queue screen on a second monitor."""
        if self.wall is None:
            self.wall = WallBoard(self)
            self.wall.closed.connect(self._wall_closed)
            if self.board is not None:
                self.wall.show_board(self.board)
        self.wall.show_on_screen()
        self._update_timers()
        return self.wall

    def _wall_closed(self) -> None:
        wall, self.wall = self.wall, None
        if wall is not None:
            wall.hide()
            wall.deleteLater()
        self._update_timers()

    def _update_timers(self) -> None:
        # The board keeps ticking while the wall screen shows it, even from another page.
        active = self.isVisible() or self.wall is not None
        for timer, ms in ((self._refresh_timer, REFRESH_MS), (self._tick_timer, TICK_MS)):
            if active and not timer.isActive():
                timer.start(ms)
            elif not active:
                timer.stop()

    def showEvent(self, event: Any) -> None:
        """Qt override: read the board afresh and start the timers."""
        super().showEvent(event)
        self.refresh()
        self._refresh_timer.start(REFRESH_MS)
        self._tick_timer.start(TICK_MS)

    def hideEvent(self, event: Any) -> None:
        """Qt override: stop the timers unless the wall screen still needs them."""
        super().hideEvent(event)
        if self.wall is None:
            self._refresh_timer.stop()
            self._tick_timer.stop()
