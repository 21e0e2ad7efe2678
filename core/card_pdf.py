"""Pickup cards as a PDF: ten CR80 cards per A4 page with crop marks, drawn with reportlab."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import HexColor  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from core.card_layout import (
    FONT,
    PAGE_H,
    PAGE_W,
    PER_PAGE,
    Fill,
    Frame,
    QrBlock,
    Shape,
    Text,
    page_shapes,
    register_font,
)
from core.card_types import CardPrint

PT = 72 / 25.4  # points per millimetre


def render_cards(cards: Sequence[CardPrint], out: Path | BinaryIO) -> int:
    """Write ``cards`` to ``out`` (a path or a binary file), ten per page; returns the pages.

    An empty sequence gives one blank page, so the file is still a valid PDF.
    """
    register_font()
    target = str(out) if isinstance(out, Path) else out
    canvas = Canvas(target, pagesize=(PAGE_W * PT, PAGE_H * PT), pageCompression=1)
    canvas.setTitle("接送卡")
    canvas.setSubject(f"{len(cards)} 张接送卡")
    canvas.setCreator("afterschool")
    pages = 0
    for start in range(0, len(cards), PER_PAGE):
        draw_shapes(canvas, page_shapes(cards[start : start + PER_PAGE]))
        canvas.showPage()
        pages += 1
    if not pages:
        canvas.showPage()
        pages = 1
    canvas.save()
    return pages


def draw_shapes(canvas: Canvas, shapes: Sequence[Shape]) -> None:
    """Draw layout shapes (mm, y down) on a reportlab page (points, y up)."""
    colors: dict[str, HexColor] = {}

    def color(hex_text: str) -> HexColor:
        if hex_text not in colors:
            colors[hex_text] = HexColor(hex_text)
        return colors[hex_text]

    for shape in shapes:
        if isinstance(shape, Text):
            _text(canvas, shape, color(shape.color))
        elif isinstance(shape, QrBlock):
            _qr(canvas, shape)
        elif isinstance(shape, Fill):
            canvas.setFillColor(color(shape.color))
            y = (PAGE_H - shape.y - shape.h) * PT
            canvas.rect(shape.x * PT, y, shape.w * PT, shape.h * PT, stroke=0, fill=1)
        elif isinstance(shape, Frame):
            canvas.setStrokeColor(color(shape.color))
            canvas.setLineWidth(shape.width_pt)
            y = (PAGE_H - shape.y - shape.h) * PT
            canvas.rect(shape.x * PT, y, shape.w * PT, shape.h * PT, stroke=1, fill=0)
        else:
            canvas.setStrokeColor(color(shape.color))
            canvas.setLineWidth(shape.width_pt)
            canvas.line(
                shape.x1 * PT, (PAGE_H - shape.y1) * PT, shape.x2 * PT, (PAGE_H - shape.y2) * PT
            )


def _text(canvas: Canvas, shape: Text, color: HexColor) -> None:
    x, y = shape.x * PT, (PAGE_H - shape.y) * PT
    if shape.anchor != "start":
        width = canvas.stringWidth(shape.text, FONT, shape.size)
        x -= width / 2 if shape.anchor == "middle" else width
    text = canvas.beginText(x, y)
    text.setFont(FONT, shape.size)
    canvas.setFillColor(color)
    if not shape.bold:
        text.textOut(shape.text)
        canvas.drawText(text)
        return
    # STSong-Light has one weight: stroke the glyph outlines too to make it heavier.
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(shape.size * 0.035)
    text.setTextRenderMode(2)
    text.textOut(shape.text)
    canvas.drawText(text)
    canvas.restoreState()


def _qr(canvas: Canvas, block: QrBlock) -> None:
    # In module units (y down) every rectangle is four small integers: far less to format.
    m = block.module * PT
    canvas.saveState()
    canvas.transform(m, 0, 0, -m, block.x * PT, (PAGE_H - block.y) * PT)
    canvas.setFillColor(HexColor("#000000"))
    canvas.addLiteral(" ".join(f"{c} {r} {w} {h} re" for c, r, w, h in block.rects) + " f")
    canvas.restoreState()
