"""Printing a finished PDF: every page reaches the printer, drawn, none blank."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ui.pdf_print import PdfPrintDialog, paint_pdf, render_page


def _three_pages(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(3):
        c.setFont("Helvetica", 40)
        c.drawString(100, 700, f"PAGE {i + 1}")
        c.rect(50, 50, 400, 500, fill=1)
        c.showPage()
    c.save()
    return path


def _ink(image) -> float:  # noqa: ANN001
    """Share of sampled pixels that are not white."""
    dark = total = 0
    for y in range(0, image.height(), 20):
        for x in range(0, image.width(), 20):
            total += 1
            dark += image.pixelColor(x, y).lightness() < 200
    return dark / total


def test_every_page_is_printed_as_drawn(qtbot, tmp_path: Path) -> None:
    source = _three_pages(tmp_path / "log.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    assert paint_pdf(printer, source.read_bytes(), dpi=100) == 3

    printed = (tmp_path / "printed.pdf").read_bytes()
    assert len(pdfium.PdfDocument(printed)) == 3
    for i in range(3):
        page = render_page(printed, i, 40)
        # The filled rectangle of the source page is there: about a third of the paper is ink.
        assert 0.2 < _ink(page) < 0.6


def test_the_preview_dialog_counts_the_pages(qtbot, tmp_path: Path) -> None:
    dialog = PdfPrintDialog(_three_pages(tmp_path / "log.pdf"), "看管记录")
    qtbot.addWidget(dialog)
    assert dialog.pages == 3
    assert "3" in dialog.summary.text()
