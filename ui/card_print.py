"""Print pickup cards with a preview, or save them as a PDF.

The preview and the printer draw the same shapes as the PDF (``core.card_layout``), so what the
officer sees is what comes out of the printer or the file.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.card_layout import PER_PAGE, Fill, Frame, Line, QrBlock, Shape, Text, page_shapes
from core.card_pdf import render_cards
from core.card_types import CardPrint
from ui.style import CJK_FONTS

log = logging.getLogger(__name__)


def _cjk_family() -> str | None:
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FONTS if f in families), None)


def paint_shapes(painter: QPainter, shapes: Sequence[Shape], dpi: float) -> None:
    """Draw layout shapes (mm from the paper's top-left) on a device of ``dpi`` dots per inch."""
    px = dpi / 25.4
    family = _cjk_family()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for shape in shapes:
        if isinstance(shape, Fill):
            rect = QRectF(shape.x * px, shape.y * px, shape.w * px, shape.h * px)
            painter.fillRect(rect, QColor(shape.color))
        elif isinstance(shape, Frame):
            painter.setPen(QPen(QColor(shape.color), shape.width_pt * dpi / 72))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(shape.x * px, shape.y * px, shape.w * px, shape.h * px))
        elif isinstance(shape, Line):
            painter.setPen(QPen(QColor(shape.color), shape.width_pt * dpi / 72))
            painter.drawLine(
                QPointF(shape.x1 * px, shape.y1 * px), QPointF(shape.x2 * px, shape.y2 * px)
            )
        elif isinstance(shape, QrBlock):
            m = shape.module * px
            black = QColor("#000000")
            for col, row, w, h in shape.rects:
                rect = QRectF(shape.x * px + col * m, shape.y * px + row * m, w * m, h * m)
                painter.fillRect(rect, black)
        elif isinstance(shape, Text):
            _paint_text(painter, shape, px, family)


def _paint_text(painter: QPainter, shape: Text, px: float, family: str | None) -> None:
    font = QFont(family) if family else QFont()
    font.setPointSizeF(shape.size)
    font.setBold(shape.bold)
    painter.setFont(font)
    painter.setPen(QColor(shape.color))
    x = shape.x * px
    if shape.anchor != "start":
        width = painter.fontMetrics().horizontalAdvance(shape.text)
        x -= width / 2 if shape.anchor == "middle" else width
    painter.drawText(QPointF(x, shape.y * px), shape.text)


def paint_cards(printer: QPrinter, cards: Sequence[CardPrint]) -> None:
    """Print ``cards`` ten to a page on ``printer`` (a real printer or the preview's)."""
    painter = QPainter()
    if not painter.begin(printer):
        log.error("cannot start printing on %s", printer.printerName())
        return
    try:
        dpi = printer.resolution()
        for start in range(0, max(len(cards), 1), PER_PAGE):
            if start:
                printer.newPage()
            paint_shapes(painter, page_shapes(cards[start : start + PER_PAGE]), dpi)
    finally:
        painter.end()


class _SaveSignals(QObject):
    saved = Signal(str, int)  # path, pages
    failed = Signal(str)


class _SaveJob(QRunnable):
    """Writes the PDF off the GUI thread: 100 pages take a few seconds."""

    def __init__(self, cards: list[CardPrint], path: Path) -> None:
        super().__init__()
        self.cards = cards
        self.path = path
        self.signals = _SaveSignals()

    def run(self) -> None:
        """Render and report back through the signals."""
        try:
            pages = render_cards(self.cards, self.path)
        except OSError as exc:
            log.warning("saving cards to %s failed", self.path, exc_info=True)
            self.signals.failed.emit(exc.strerror or str(exc))
            return
        self.signals.saved.emit(str(self.path), pages)


def a4_printer() -> QPrinter:
    """A high-resolution printer set to A4 portrait, drawing from the paper's very corner."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    printer.setFullPage(True)
    return printer


class CardPrintDialog(QDialog):
    """A preview of the card sheets, with Print and Save as PDF."""

    pdf_saved = Signal(str)  # the path written
    save_failed = Signal(str)

    def __init__(self, cards: list[CardPrint], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = list(cards)
        self.pages = max(1, -(-len(self.cards) // PER_PAGE))
        self.setWindowTitle(self.tr("Print pickup cards"))
        self.resize(900, 760)

        self.printer = a4_printer()
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(self._paint)
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)

        self.summary = QLabel(
            self.tr("{cards} cards on {pages} A4 pages, cut along the marks").format(
                cards=len(self.cards), pages=self.pages
            )
        )
        self.summary.setObjectName("summary")
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("primary")
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        close = QPushButton(self.tr("Close"))
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button.clicked.connect(self.choose_pdf_path)
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button):
            button.setEnabled(bool(self.cards))

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self._print_dialog: QPrintDialog | None = None

    def _paint(self, printer: QPrinter) -> None:
        paint_cards(printer, self.cards)

    def choose_printer(self) -> None:
        """Ask which printer (non-blocking); print when the officer confirms."""
        dialog = QPrintDialog(self.printer, self)
        dialog.accepted.connect(self.print_now)
        self._print_dialog = dialog
        dialog.open()

    def print_now(self) -> None:
        """Print every sheet on the chosen printer."""
        self.printer.setFullPage(True)
        paint_cards(self.printer, self.cards)

    def choose_pdf_path(self) -> None:
        """Ask where to save the PDF, then save it in the background."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save pickup cards as PDF"),
            self.tr("pickup-cards.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.save_pdf(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def save_pdf(self, path: Path) -> None:
        """Write the PDF to ``path`` on the thread pool; then ``pdf_saved`` or ``save_failed``."""
        self.save_button.setEnabled(False)
        self._show(self.tr("Saving…"), "")
        job = _SaveJob(self.cards, path)
        job.signals.saved.connect(self._saved)
        job.signals.failed.connect(self._failed)
        self._job_signals = job.signals  # keep the receiver alive until the job reports
        QThreadPool.globalInstance().start(job)

    def _saved(self, path: str, pages: int) -> None:
        self.save_button.setEnabled(True)
        self._show(self.tr("Saved {pages} pages to {path}").format(pages=pages, path=path), "ok")
        self.pdf_saved.emit(path)

    def _failed(self, reason: str) -> None:
        self.save_button.setEnabled(True)
        self._show(self.tr("Could not save the PDF: {reason}").format(reason=reason), "error")
        self.save_failed.emit(reason)

    def _show(self, text: str, state: str) -> None:
        self.status.setText(text)
        self.status.setProperty("state", state)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
