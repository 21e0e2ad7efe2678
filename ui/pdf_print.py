"""Print preview and printing of a finished PDF (the daily log, a report) on any printer.

The pages are rendered from the very file that was written or archived (PDFium, through
pypdfium2), so the paper shows exactly what the archive holds; Qt's print support picks the
printer.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.card_print import a4_printer

log = logging.getLogger(__name__)
PREVIEW_DPI = 150  # enough to read the preview; the printer gets its own resolution
MAX_PRINT_DPI = 300  # PDFium renders the page as an image: more only makes it slower


def page_count(pdf: bytes) -> int:
    """Pages in a PDF."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def render_page(pdf: bytes, index: int, dpi: int) -> QImage:
    """One page as an image at ``dpi``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        bitmap = page.render(scale=dpi / 72, may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
        data = image.tobytes("raw", "RGB")
        qimage = QImage(
            data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
        )
        return qimage.copy()  # own the pixels: ``data`` goes away with this frame
    finally:
        doc.close()


def paint_pdf(printer: QPrinter, pdf: bytes, dpi: int = MAX_PRINT_DPI) -> int:
    """Draw every page of ``pdf`` on ``printer``, each filling the paper; returns pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        log.error("cannot start printing on %s", printer.printerName())
        return 0
    try:
        dpi = min(dpi, printer.resolution())
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        pages = page_count(pdf)
        for i in range(pages):
            if i:
                printer.newPage()
            image = render_page(pdf, i, dpi)
            scaled = image.size().scaled(
                paper.width(), paper.height(), Qt.AspectRatioMode.KeepAspectRatio
            )
            painter.drawImage(QRectF(0, 0, scaled.width(), scaled.height()), image)
        return pages
    finally:
        painter.end()


class PdfPrintDialog(QDialog):
    """A preview of a PDF with Print… (any installed printer)."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.pdf = path.read_bytes()
        self.pages = page_count(self.pdf)
        self.setWindowTitle(title)
        self.resize(900, 760)
        self.printer = a4_printer()
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(self._paint)
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
        self.summary = QLabel(
            self.tr("{name}: {pages} pages").format(name=path.name, pages=self.pages)
        )
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.choose_printer)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self._print_dialog: QPrintDialog | None = None
        self.printed = 0

    def _paint(self, printer: QPrinter) -> None:
        paint_pdf(printer, self.pdf, PREVIEW_DPI)

    def choose_printer(self) -> None:
        """Ask which printer (non-blocking); print when confirmed."""
        dialog = QPrintDialog(self.printer, self)
        dialog.accepted.connect(self.print_now)
        self._print_dialog = dialog
        dialog.open()

    def print_now(self) -> None:
        """Print every page on the chosen printer."""
        self.printer.setFullPage(True)
        self.printed = paint_pdf(self.printer, self.pdf)
