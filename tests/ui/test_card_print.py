"""The card print dialog: preview of the sheets, printing, and saving as PDF in the background."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from core.card_layout import QrBlock, card_origin, page_shapes
from core.card_types import CardChild, CardPrint
from ui.card_print import CardPrintDialog, paint_shapes

TOKEN = "AS1" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJ"


def cards(n: int) -> list[CardPrint]:
    return [
        CardPrint(
            card_no=f"K{i:06d}",
            holder_name="王建国",
            relation="父亲",
            children=(CardChild("20230101", "王小明", "三(2)班"),),
            valid_until=dt.date(2027, 8, 31),
            token=TOKEN,
            school_name="实验小学",
        )
        for i in range(1, n + 1)
    ]


def test_preview_shows_one_page_per_ten_cards(qtbot):
    dialog = CardPrintDialog(cards(12))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.preview.updatePreview()
    assert dialog.preview.pageCount() == 2
    assert "12" in dialog.summary.text() and "2" in dialog.summary.text()


def test_save_as_pdf_writes_the_file_in_the_background(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "cards"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = CardPrintDialog(cards(11))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.pdf_saved, timeout=20_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(tmp_path / "cards.pdf")]
    assert len(PdfReader(tmp_path / "cards.pdf").pages) == 2
    assert dialog.status.property("state") == "ok"
    assert dialog.save_button.isEnabled()


def test_unwritable_folder_is_reported_not_raised(qtbot, tmp_path):
    dialog = CardPrintDialog(cards(1))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.save_failed, timeout=20_000):
        dialog.save_pdf(tmp_path / "missing" / "cards.pdf")
    assert dialog.status.property("state") == "error"
    assert not (tmp_path / "missing").exists()


def test_printing_draws_every_sheet(qtbot, tmp_path):
    dialog = CardPrintDialog(cards(21))
    qtbot.addWidget(dialog)
    out = tmp_path / "printed.pdf"
    dialog.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer.setOutputFileName(str(out))
    dialog.print_now()
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.3, abs=1)


def test_nothing_to_print_disables_the_buttons(qtbot):
    dialog = CardPrintDialog([])
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isEnabled()
    assert not dialog.save_button.isEnabled()


def test_painted_sheet_matches_the_pdf_layout(qtbot, tmp_path):
    dpi = 150
    px = dpi / 25.4
    image = QImage(round(210 * px), round(297 * px), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))  # point sizes are rendered at this resolution
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    shapes = page_shapes(cards(1))
    painter = QPainter(image)
    paint_shapes(painter, shapes, dpi)
    painter.end()
    image.save(str(tmp_path / "sheet.png"))
    x, y = card_origin(0)
    assert image.pixelColor(round((x + 40) * px), round((y + 1.5) * px)).name() == "#1f4e79"
    qr = next(s for s in shapes if isinstance(s, QrBlock))
    finder = (qr.x + qr.module * 0.5, qr.y + qr.module * 0.5)
    assert image.pixelColor(round(finder[0] * px), round(finder[1] * px)).name() == "#000000"
    quiet = (qr.x - qr.module * 2, qr.y - qr.module * 2)
    assert image.pixelColor(round(quiet[0] * px), round(quiet[1] * px)).name() == "#ffffff"
