"""Alerts at every duty station: new 无人接领 flags and head-count mismatches, with a red bar.

The monitor lives in the main window, so a station alerts whichever page it shows. Flags are
computed from the clock, not written, so the monitor reads the board every few seconds and
compares it with what it has already announced.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from core.dismissal_types import Board, BoardChild, TransferInfo
from core.services import Services
from ui.dismissal_text import BANNER_STYLE
from ui.sound import GateSounds

log = logging.getLogger(__name__)

MONITOR_MS = 5000
BANNER_NAMES = 5


class DismissalMonitor(QObject):
    """Reads the board on a timer and on ``refresh()``; announces only what is new."""

    alert = Signal(list, list)  # new flagged BoardChild list, new mismatched TransferInfo list
    board_changed = Signal(object)  # Board, after every successful read

    def __init__(
        self,
        services: Services,
        parent: QObject | None = None,
        *,
        sounds: GateSounds | None = None,
        interval_ms: int = MONITOR_MS,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.sounds = sounds if sounds is not None else GateSounds(self)
        self.board: Board | None = None
        self._day = None
        self._flagged: set[int] = set()
        self._mismatches: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        """Read now and then every few seconds (after sign-in)."""
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        """Stop reading (sign-out, a role without the board)."""
        self._timer.stop()

    @property
    def running(self) -> bool:
        """Reading on its timer (between start and stop)."""
        return self._timer.isActive()

    def refresh(self) -> Board | None:
        """Read the board; emit ``alert`` when a child was flagged or a count mismatched anew."""
        try:
            board = self._services.dismissal.board()
        except Exception as exc:  # noqa: BLE001 - the next tick tries again
            log.warning("dismissal monitor: board not read: %s", exc)
            return None
        if board.day != self._day:
            # A new day announces its own flags.
            self._day = board.day
            self._flagged.clear()
            self._mismatches.clear()
        flagged = [c for c in board.flagged if c.student_id not in self._flagged]
        mismatches = [t for t in board.mismatches if t.id not in self._mismatches]
        self._flagged.update(c.student_id for c in flagged)
        self._mismatches.update(t.id for t in mismatches)
        self.board = board
        self.board_changed.emit(board)
        if flagged or mismatches:
            self.sounds.play("alert")
            self.alert.emit(flagged, mismatches)
        return board


class AlertBanner(QWidget):
    """A red bar naming the children flagged now and the mismatched head counts."""

    open_board = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #7f1d1d; font-size: 15px; font-weight: bold;")
        self.open_button = QPushButton(self.tr("Open the dismissal board"))
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_board)
        self.dismiss_button = QPushButton(self.tr("Hide"))
        self.dismiss_button.clicked.connect(self.hide)
        self.setObjectName("alertBanner")
        self.setStyleSheet(f"#alertBanner {{ {BANNER_STYLE} }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def show_board(self, board: Board) -> None:
        """Keep the text current; hide when nothing is flagged or mismatched any more."""
        text = self.summary(list(board.flagged), list(board.mismatches))
        self.text.setText(text)
        if not text:
            self.hide()

    def show_alert(self, flagged: list[BoardChild], mismatches: list[TransferInfo]) -> None:
        """Something new: show the bar again even if it was hidden."""
        if self.text.text() == "":
            self.text.setText(self.summary(flagged, mismatches))
        self.show()

    def summary(self, flagged: list[BoardChild], mismatches: list[TransferInfo]) -> str:
        """无人接领：3 名学生（三(2)班 张三 …） · 人数不符：三(2)班."""
        parts = []
        if flagged:
            names = "、".join(f"{c.class_name} {c.name}" for c in flagged[:BANNER_NAMES])
            more = " …" if len(flagged) > BANNER_NAMES else ""
            parts.append(
                self.tr("Unaccompanied: {n} pupils ({names}{more})").format(
                    n=len(flagged), names=names, more=more
                )
            )
        if mismatches:
            parts.append(
                self.tr("Head count mismatch: {groups}").format(
                    groups="、".join(t.group_name for t in mismatches)
                )
            )
        return " · ".join(parts)
