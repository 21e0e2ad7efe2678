"""Where everything on a sheet of pickup cards goes, as plain shapes any renderer can draw.

The PDF (``core.card_pdf``) and the print preview (``ui.card_print``) draw the same shapes, so the
preview shows exactly what is printed. Units are millimetres from the page's top-left corner, y
downwards; text sizes are points. Texts are measured with the PDF's CID font (STSong-Light).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import qrcode  # type: ignore[import-untyped]
from qrcode.constants import ERROR_CORRECT_Q  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]

from core.card_types import CardChild, CardPrint

PAGE_W, PAGE_H = 210.0, 297.0  # A4
CARD_W, CARD_H = 85.6, 54.0  # ISO/IEC 7810 ID-1 (CR80)
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
COL_GAP, ROW_GAP = 8.0, 3.0  # room for the cutter's tolerance and for crop marks
MARGIN_X = (PAGE_W - COLUMNS * CARD_W - (COLUMNS - 1) * COL_GAP) / 2
MARGIN_Y = (PAGE_H - ROWS * CARD_H - (ROWS - 1) * ROW_GAP) / 2

QR_MODULES_MM = 26.0  # the modules alone; scanners at the gate need at least 25 mm
QUIET_MODULES = 4
MARK_OFFSET, MARK_LENGTH, MARK_MIN = 1.0, 4.0, 1.0
PAGE_SAFE = 2.5  # printers do not print this close to the paper's edge
PAD = 3.5  # text inset from the card's left edge
HEADER_H = 10.0

FONT = "STSong-Light"
NAVY, INK, GREY, RULE, WHITE = "#1f4e79", "#111827", "#4b5563", "#c8d0da", "#ffffff"
MARK_COLOR = "#000000"

Anchor = str  # "start", "middle" or "end" of the text at x


@dataclass(frozen=True)
class Fill:
    """A filled rectangle."""

    x: float
    y: float
    w: float
    h: float
    color: str


@dataclass(frozen=True)
class Frame:
    """A stroked rectangle (the card's hairline outline)."""

    x: float
    y: float
    w: float
    h: float
    width_pt: float
    color: str


@dataclass(frozen=True)
class Line:
    """A straight line, e.g. one crop mark."""

    x1: float
    y1: float
    x2: float
    y2: float
    width_pt: float
    color: str


@dataclass(frozen=True)
class Text:
    """One line of text; ``y`` is its baseline."""

    x: float
    y: float
    text: str
    size: float
    color: str = INK
    bold: bool = False
    anchor: Anchor = "start"


@dataclass(frozen=True)
class QrBlock:
    """A QR code's dark modules as rectangles ``(col, row, width, height)`` in modules.

    ``x``/``y`` is the top-left of the first module; the quiet zone around it is left empty.
    """

    x: float
    y: float
    module: float
    size: int
    rects: tuple[tuple[int, int, int, int], ...]


Shape = Fill | Frame | Line | Text | QrBlock


def register_font() -> str:
    """Register the CID font with reportlab (once) and return its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def text_width(text: str, size: float) -> float:
    """Width of ``text`` at ``size`` points, in millimetres."""
    return float(pdfmetrics.stringWidth(text, register_font(), size)) * 25.4 / 72


def fit(text: str, width: float, size: float, min_size: float) -> tuple[str, float]:
    """Shrink ``text`` to fit ``width`` mm, down to ``min_size``; then cut it with an ellipsis."""
    while size > min_size and text_width(text, size) > width:
        size = max(min_size, size - 0.5)
    if text_width(text, size) <= width:
        return text, size
    while len(text) > 1 and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…", size


def chinese_date(day: dt.date) -> str:
    """``2027年8月31日``."""
    return f"{day.year}年{day.month}月{day.day}日"


@lru_cache(maxsize=4096)
def qr_rects(token: str) -> tuple[int, tuple[tuple[int, int, int, int], ...]]:
    """The QR (error correction Q) of ``token``: its size in modules and its dark rectangles.

    Runs of dark modules in a row become one rectangle, and a run repeated in the rows below
    grows downwards, so a version 3 code is ~150 rectangles instead of ~450 squares.
    """
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=0)
    qr.add_data(token)
    qr.make(fit=True)
    matrix: list[list[bool]] = qr.get_matrix()
    rects: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}  # (col, length) -> first row
    for row, line in enumerate([*matrix, []]):
        runs: set[tuple[int, int]] = set()
        col = 0
        while col < len(line):
            if line[col]:
                start = col
                while col < len(line) and line[col]:
                    col += 1
                runs.add((start, col - start))
            col += 1
        for run in [r for r in open_runs if r not in runs]:
            top = open_runs.pop(run)
            rects.append((run[0], top, run[1], row - top))
        for run in runs - open_runs.keys():
            open_runs[run] = row
    return len(matrix), tuple(rects)


def card_origin(index: int) -> tuple[float, float]:
    """Top-left corner (mm) of the ``index``-th card on its page, filled row by row."""
    row, col = divmod(index % PER_PAGE, COLUMNS)
    return MARGIN_X + col * (CARD_W + COL_GAP), MARGIN_Y + row * (CARD_H + ROW_GAP)


def page_shapes(cards: Sequence[CardPrint]) -> list[Shape]:
    """Everything on one page of up to ``PER_PAGE`` cards, crop marks included."""
    if len(cards) > PER_PAGE:
        raise ValueError(f"a page holds {PER_PAGE} cards, not {len(cards)}")
    shapes: list[Shape] = []
    for index, card in enumerate(cards):
        x, y = card_origin(index)
        shapes.extend(crop_marks(index))
        shapes.extend(card_shapes(card, x, y))
    return shapes


def crop_marks(index: int) -> list[Line]:
    """Short lines pointing outwards from each corner of a card, never entering another card."""
    row, col = divmod(index % PER_PAGE, COLUMNS)
    x, y = card_origin(index)
    left = x - PAGE_SAFE if col == 0 else COL_GAP / 2
    right = PAGE_W - x - CARD_W - PAGE_SAFE if col == COLUMNS - 1 else COL_GAP / 2
    up = y - PAGE_SAFE if row == 0 else ROW_GAP / 2
    down = PAGE_H - y - CARD_H - PAGE_SAFE if row == ROWS - 1 else ROW_GAP / 2
    marks: list[Line] = []
    for cx, dx, room_x in ((x, -1, left), (x + CARD_W, 1, right)):
        for cy, dy, room_y in ((y, -1, up), (y + CARD_H, 1, down)):
            length = min(MARK_LENGTH, room_x - MARK_OFFSET)
            if length >= MARK_MIN:
                start = cx + dx * MARK_OFFSET
                marks.append(Line(start, cy, start + dx * length, cy, 0.3, MARK_COLOR))
            length = min(MARK_LENGTH, room_y - MARK_OFFSET)
            if length >= MARK_MIN:
                start = cy + dy * MARK_OFFSET
                marks.append(Line(cx, start, cx, start + dy * length, 0.3, MARK_COLOR))
    return marks


def card_shapes(card: CardPrint, x: float, y: float) -> list[Shape]:
    """One card with its top-left corner at (x, y)."""
    size, rects = qr_rects(card.token)
    module = QR_MODULES_MM / size
    quiet = QUIET_MODULES * module
    qr_box = QR_MODULES_MM + 2 * quiet
    qr_left = x + CARD_W - qr_box - 0.5
    qr_top = y + HEADER_H + 0.5
    text_w = qr_left - 1.0 - (x + PAD)  # nothing may enter the QR's quiet zone

    title = "接送卡"
    title_size = 9.0
    school, school_size = fit(
        card.school_name, CARD_W - 2 * PAD - text_width(title, title_size) - 3, 11, 7
    )
    shapes: list[Shape] = [
        Frame(x, y, CARD_W, CARD_H, 0.3, RULE),
        Fill(x, y, CARD_W, HEADER_H, NAVY),
        Text(x + PAD, y + 6.6, school, school_size, WHITE, bold=True),
        Text(x + CARD_W - PAD, y + 6.6, title, title_size, WHITE, anchor="end"),
        QrBlock(qr_left + quiet, qr_top + quiet, module, size, rects),
    ]
    under_qr, small = fit("凭卡接领 遗失即挂失", qr_box - 2, 6.5, 5)
    shapes.append(Text(qr_left + qr_box / 2, y + 47.0, under_qr, small, GREY, anchor="middle"))
    shapes.append(Text(x + PAD, y + 14.6, "持卡人", 6.5, GREY))
    relation = f"（{card.relation}）" if card.relation else ""
    rel_w = text_width(relation, 8.5)
    name, name_size = fit(card.holder_name, text_w - rel_w, 12.5, 8)
    shapes.append(Text(x + PAD, y + 19.6, name, name_size, INK, bold=True))
    if relation:
        rel_x = x + PAD + text_width(name, name_size) + 0.5
        shapes.append(Text(rel_x, y + 19.6, relation, 8.5, GREY))
    shapes.append(Text(x + PAD, y + 24.0, f"可接领学生（{len(card.children)}名）", 6.5, GREY))
    shapes.extend(_children(card.children, x + PAD, y + 24.6, text_w, 19.4))
    shapes.append(Text(x + PAD, y + 48.2, f"有效期至 {chinese_date(card.valid_until)}", 7.5))
    number, number_size = fit(f"卡号 {card.card_no}", text_w, 7.5, 6)
    shapes.append(Text(x + PAD, y + 51.8, number, number_size, GREY))
    return shapes


# (columns, rows, point size) tried in order; the last one is used however many children remain.
_CHILD_GRIDS = ((1, 4, 9.5), (2, 4, 8.0), (2, 5, 7.0), (3, 6, 6.0))


def _children(
    children: Sequence[CardChild], x: float, top: float, width: float, height: float
) -> list[Shape]:
    """The children the holder may take, in 1-3 columns; an overflow line if even that is full."""
    cols, rows, size = next(
        (g for g in _CHILD_GRIDS if len(children) <= g[0] * g[1]), _CHILD_GRIDS[-1]
    )
    capacity = cols * rows
    shown = list(children) if len(children) <= capacity else list(children[: capacity - 1])
    pitch = min(height / rows, size * 0.48)
    col_w = width / cols
    class_size = size - 1
    widest = max((text_width(c.name, size) for c in shown), default=0.0)
    name_w = min(widest + 1.5, col_w * (0.5 if cols == 1 else 0.55))
    shapes: list[Shape] = []
    for i, child in enumerate(shown):
        col, row = divmod(i, rows)
        cx = x + col * col_w
        baseline = top + (row + 1) * pitch - pitch * 0.22
        name, name_size = fit(child.name, name_w - 1, size, size - 2)
        shapes.append(Text(cx, baseline, name, name_size, INK, bold=True))
        klass, klass_size = fit(child.class_name, col_w - name_w - 1, class_size, class_size - 2)
        shapes.append(Text(cx + name_w, baseline, klass, klass_size, GREY))
    if len(shown) < len(children):
        col, row = divmod(capacity - 1, rows)
        baseline = top + (row + 1) * pitch - pitch * 0.22
        more, more_size = fit(f"等共{len(children)}名", col_w - 1, size, size - 2)
        shapes.append(Text(x + col * col_w, baseline, more, more_size, GREY))
    return shapes
