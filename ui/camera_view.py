"""The live camera preview at the gate, with a plain message whenever the camera is not scanning."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from ui.camera_worker import CameraWorker

BACKGROUND = QColor("#1e1f22")
OVERLAY = QColor(0, 0, 0, 170)
OUTLINE = QColor("#2ecc71")
MESSAGE = QColor("white")
OUTLINE_MS = 500


class CameraView(QWidget):
    """Paints the newest preview scaled to fit, and the camera's state when it is not running."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraView")
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._image = QImage()
        self._target = QRect()
        self._state, self._detail = "stopped", ""
        self._outlines: list[list[tuple[float, float]]] = []
        self._outline_timer = QTimer(self)
        self._outline_timer.setSingleShot(True)
        self._outline_timer.setInterval(OUTLINE_MS)
        self._outline_timer.timeout.connect(self._clear_outline)
        self.frames_shown = 0
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.4)
        self._message_font = font

    def sizeHint(self) -> QSize:  # noqa: D102
        return QSize(640, 360)

    @property
    def state(self) -> str:
        """The camera state shown."""
        return self._state

    @property
    def image(self) -> QImage:
        """The preview shown (null before the first frame)."""
        return self._image

    def message(self) -> str:
        """The words over the preview for the current state; empty while scanning."""
        state, detail = self._state, self._detail
        if state == "running":
            return ""
        if state == "starting":
            return self.tr("Starting the camera…")
        if state == "lost":
            return self.tr(
                "The camera was disconnected. Plug it back in: scanning resumes by itself."
            )
        if state == "no_camera":
            return self.tr(
                "No camera found. Use a handheld scanner or the check without card below."
            )
        if state == "ended":
            return self.tr("The video has ended.")
        if state == "error":
            return self.tr("The camera failed: {detail}").format(detail=detail)
        return self.tr("The camera is off.")

    @Slot(QImage)
    def set_image(self, image: QImage) -> None:
        """Show ``image``, the newest preview frame."""
        if image.size() != self._image.size():
            self._image = image
            self._place()
        else:
            self._image = image
        self.frames_shown += 1
        self.update(self._target)

    @Slot(str, str)
    def set_state(self, state: str, detail: str = "") -> None:
        """Show the camera's state: a message covers the preview unless it is running."""
        self._state, self._detail = state, detail
        if state in ("no_camera", "error", "stopped"):
            self._image = QImage()
        self.update()

    @Slot(list)
    def show_code_outline(self, outlines: Sequence[Sequence[tuple[float, float]]]) -> None:
        """Outline in green, for half a second, codes found at points given as frame fractions."""
        self._outlines = [
            [(float(x), float(y)) for x, y in points] for points in outlines if len(points) >= 3
        ]
        self._outline_timer.start()
        self.update()

    def bind(self, worker: CameraWorker) -> None:
        """Follow a CameraWorker's previews, states and code outlines."""
        worker.frame_ready.connect(self.set_image)
        worker.status_changed.connect(self.set_state)
        worker.codes_located.connect(self.show_code_outline)
        self.set_state(worker.state, worker.detail)

    def _clear_outline(self) -> None:
        self._outlines = []
        self.update()

    def _place(self) -> None:
        """The image's rectangle: scaled to fit, aspect kept, centred."""
        if self._image.isNull():
            self._target = QRect()
            return
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) // 2
        y = (self.height() - size.height()) // 2
        self._target = QRect(x, y, size.width(), size.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: D102
        self._place()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: D102
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        if not self._image.isNull():
            painter.drawImage(self._target, self._image)
            if self._outlines and self._state == "running":
                self._paint_outlines(painter)
        text = self.message()
        if text:
            painter.fillRect(self.rect(), OVERLAY)
            painter.setPen(MESSAGE)
            painter.setFont(self._message_font)
            box = self.rect().adjusted(24, 24, -24, -24)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        painter.end()

    def _paint_outlines(self, painter: QPainter) -> None:
        t = QRectF(self._target)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(OUTLINE, 4))
        for poly in self._outlines:
            painter.drawPolygon(
                QPolygonF([QPointF(t.x() + x * t.width(), t.y() + y * t.height()) for x, y in poly])
            )
