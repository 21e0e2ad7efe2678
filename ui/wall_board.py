"""The wall screen: per band a countdown and who is still waiting, readable from 5 metres.

It faces the parents' queue, so it shows class and name only: no phone, no guardian.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.dismissal_types import FLAGGED, Board, Wave
from ui.dismissal_text import countdown_text, hhmm

BACKGROUND = "#0f172a"
STYLE = f"""
#wallBoard {{ background: {BACKGROUND}; }}
#wallBoard QLabel {{ color: #f8fafc; }}
#wallTitle {{ font-size: 40px; font-weight: bold; }}
#wallClock {{ font-size: 40px; font-weight: bold; }}
#wallBand {{ background: #1e293b; border-radius: 10px; }}
#wallBandName {{ font-size: 38px; font-weight: bold; }}
#wallTime {{ font-size: 28px; color: #cbd5e1; }}
#wallCountdown {{ font-size: 44px; font-weight: bold; }}
#wallCountdown[alarm="true"] {{ color: #fca5a5; }}
#wallClose {{ font-size: 20px; color: #f8fafc; background: #334155; border: none;
              padding: 8px 20px; border-radius: 6px; }}
"""
FLAGGED_COLOR = QColor("#fca5a5")
NAME_COLOR = QColor("#f8fafc")
MORE_COLOR = QColor("#cbd5e1")
# Name sizes in pixels, largest first: names shrink a little before any is left out, never
# below 22 px (still readable from 5 metres).
NAME_SIZES = (30, 28, 26, 24, 22)


class Placed(NamedTuple):
    """One line of the name grid: where it is drawn and how."""

    rect: QRect
    text: str
    flagged: bool
    more: bool  # the "……另有 N 人" line


class NameGrid(QWidget):
    """Class and name of the children still waiting, in as many columns as the width holds.

    Columns are as wide as the widest name in the font used; when the names do not fit the
    height even at the smallest size, the last line says how many more are waiting.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(0, 0)
        self._entries: list[tuple[str, bool]] = []
        self._placed: list[Placed] | None = None
        self._placed_for = (0, 0)  # the size the names were laid out for
        self._pixel_size = NAME_SIZES[0]

    def set_names(self, entries: list[tuple[str, bool]]) -> None:
        """The texts to list (class and name) and whether each child is flagged."""
        if entries == self._entries:
            return
        self._entries = entries
        self._placed = None
        self.update()

    def names(self) -> list[str]:
        """Every text listed, shown or summed up in the last line."""
        return [text for text, _flagged in self._entries]

    def pixel_size(self) -> int:
        """The size the names are drawn in for the current width and height."""
        self.placed()
        return self._pixel_size

    def lines(self) -> list[str]:
        """What is drawn, in reading order (tests)."""
        return [p.text for p in self.placed()]

    def sizeHint(self) -> QSize:
        """Qt override: any size; the grid adapts."""
        return QSize(200, 200)

    def minimumSizeHint(self) -> QSize:
        """Qt override."""
        return QSize(0, 0)

    def _font(self, pixels: int, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setBold(bold)
        return font

    def placed(self) -> list[Placed]:
        """The lines laid out for the current size (cached until it or the names change)."""
        size = (self.width(), self.height())
        if self._placed is None or self._placed_for != size:
            self._placed = self._place(*size)
            self._placed_for = size
        return self._placed

    def _place(self, width: int, height: int) -> list[Placed]:
        entries = self._entries
        if not entries or width <= 0 or height <= 0:
            return []
        for pixels in NAME_SIZES:
            # Measured bold: flagged names are drawn bold.
            metrics = QFontMetrics(self._font(pixels, True))
            line = metrics.height() + pixels // 3
            rows = max(1, (height + pixels // 3) // line)
            widths = [metrics.horizontalAdvance(text) for text, _f in entries]
            columns = _columns(widths, rows, width, gap=pixels)
            if columns[-1][1] == len(entries):
                break
        self._pixel_size = pixels
        more = ""
        if columns[-1][1] < len(entries):
            # The last line says how many more: the names fill the lines above it.
            rows -= 1
            columns = _columns(widths, rows, width, gap=pixels) if rows else []
            shown = columns[-1][1] if columns else 0
            more = self.tr("… and {n} more").format(n=len(entries) - shown)
        out = []
        for start, stop, x, column in columns:
            for k in range(start, stop):
                text, flagged = entries[k]
                if widths[k] > column:
                    text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, column)
                rect = QRect(QPoint(x, (k - start) * line), QSize(column, line))
                out.append(Placed(rect, text, flagged, False))
        if more:
            out.append(Placed(QRect(0, rows * line, width, line), more, False, True))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override."""
        placed = self.placed()
        if not placed:
            return
        painter = QPainter(self)
        plain = self._font(self._pixel_size, False)
        bold = self._font(self._pixel_size, True)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for p in placed:
            painter.setFont(bold if p.flagged or p.more else plain)
            painter.setPen(FLAGGED_COLOR if p.flagged else MORE_COLOR if p.more else NAME_COLOR)
            painter.drawText(p.rect, flags, p.text)
        painter.end()


def _columns(widths: list[int], rows: int, width: int, gap: int) -> list[tuple[int, int, int, int]]:
    """Columns of ``rows`` names each, as wide as their widest, while they fit ``width``.

    Returns (first, past the last, x, column width) per column; the first column is always
    there (narrowed to the width when even one name is wider).
    """
    out: list[tuple[int, int, int, int]] = []
    x = 0
    for start in range(0, len(widths), rows):
        stop = min(len(widths), start + rows)
        column = max(widths[start:stop])
        if out and x + column > width:
            break
        out.append((start, stop, x, min(column, width)))
        x += column + gap
    return out


class WallBand(QFrame):
    """One band's column: name, dismissal time, countdown, the children still waiting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallBand")
        self.wave: Wave | None = None
        self.name = QLabel()
        self.name.setObjectName("wallBandName")
        self.time = QLabel()
        self.time.setObjectName("wallTime")
        self.countdown = QLabel()
        self.countdown.setObjectName("wallCountdown")
        self.countdown.setWordWrap(True)
        self.waiting = QLabel()
        self.waiting.setObjectName("wallTime")
        self.grid = NameGrid()
        head = QHBoxLayout()
        head.addWidget(self.name, 1)
        head.addWidget(self.time)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addLayout(head)
        layout.addWidget(self.countdown)
        layout.addWidget(self.waiting)
        layout.addSpacing(6)
        layout.addWidget(self.grid, 1)

    def show_wave(self, wave: Wave, board: Board) -> None:
        """Fill the column; flagged children first, in red."""
        self.wave = wave
        self.name.setText(wave.name)
        self.time.setText(
            self.tr("Dismissal {time}").format(time=hhmm(wave.dismissal)) if wave.service else ""
        )
        waiting = [c for c in board.children if c.band_id == wave.band_id and c.still_waiting]
        waiting.sort(key=lambda c: (c.state != FLAGGED, c.grade, c.class_name, c.student_no))
        self.waiting.setText(
            self.tr("Still waiting: {n}").format(n=len(waiting)) if wave.service else ""
        )
        # Before dismissal everybody waits: the names would only fill the screen.
        dismissed = wave.dismissal is not None and board.at >= wave.dismissal
        # Class and name only: this screen faces the parents' queue.
        self.grid.set_names(
            [(f"{c.class_name} {c.name}", c.state == FLAGGED) for c in waiting] if dismissed else []
        )
        self.tick(board.at)

    def names(self) -> list[str]:
        """The texts listed (tests): all of them, also those the last line only counts."""
        return self.grid.names()

    def tick(self, now: dt.datetime) -> None:
        """Move the countdown on."""
        if self.wave is None:
            return
        text, alarm = countdown_text(self.wave, now)
        self.countdown.setText(text)
        if self.countdown.property("alarm") != alarm:
            self.countdown.setProperty("alarm", alarm)
            self.style().unpolish(self.countdown)
            self.style().polish(self.countdown)


class WallBoard(QWidget):
    """A top-level window for a second monitor; Esc or the close button closes it."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wallBoard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Dismissal board"))
        self.title = QLabel(self.tr("Dismissal · pupils still waiting"))
        self.title.setObjectName("wallTitle")
        self.clock = QLabel()
        self.clock.setObjectName("wallClock")
        self.close_button = QPushButton(self.tr("Close (Esc)"))
        self.close_button.setObjectName("wallClose")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.close)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.clock)
        head.addSpacing(24)
        head.addWidget(self.close_button)
        self.bands_row = QHBoxLayout()
        self.bands_row.setSpacing(16)
        self.bands: list[WallBand] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 24)
        layout.addLayout(head)
        layout.addLayout(self.bands_row, 1)
        self.board: Board | None = None

    def show_board(self, board: Board) -> None:
        """Show the page's board (no database read of its own)."""
        self.board = board
        while len(self.bands) < len(board.waves):
            band = WallBand()
            self.bands.append(band)
            self.bands_row.addWidget(band, 1)
        for band, wave in zip(self.bands, board.waves, strict=False):
            band.show_wave(wave, board)
            band.show()
        for band in self.bands[len(board.waves) :]:
            band.hide()
        self.tick(board.at)

    def tick(self, now: dt.datetime) -> None:
        """Move the clock and the countdowns on."""
        self.clock.setText(f"{now:%H:%M:%S}")
        for band in self.bands:
            band.tick(now)

    def show_on_screen(self) -> None:
        """Full screen on the second monitor when there is one, else a large window."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()
        else:
            self.resize(QSize(1280, 800))
            self.show()
        self.raise_()

    def texts(self) -> str:
        """Everything written on the screen (tests: nothing personal beyond class and name)."""
        parts = [self.title.text(), self.clock.text()]
        for band in self.bands:
            parts += [band.name.text(), band.time.text(), band.countdown.text(), *band.names()]
        return "\n".join(parts)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Esc closes."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: Any) -> None:
        """Qt override: tell the page, which stops feeding this window."""
        super().closeEvent(event)
        self.closed.emit()
