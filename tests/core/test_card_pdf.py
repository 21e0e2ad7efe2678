"""The pickup-card PDF: read back as text, drawing and pixels, as a printer and a scanner see it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from core.card_layout import (
    CARD_H,
    CARD_W,
    PAGE_H,
    PAGE_W,
    QR_MODULES_MM,
    QUIET_MODULES,
    card_origin,
    qr_rects,
)
from core.card_pdf import render_cards
from core.card_tokens import CardClaims, CardKey
from core.card_types import CardChild, CardPrint

MM = 72 / 25.4
VALID = dt.date(2027, 8, 31)
KEY = CardKey.generate()
SIBLINGS = (
    CardChild("20230101", "王小明", "三(2)班"),
    CardChild("20240207", "王小红", "一(5)班"),
)


def card(i: int, children: tuple[CardChild, ...] = SIBLINGS, holder: str = "王建国") -> CardPrint:
    return CardPrint(
        card_no=f"K{i:06d}",
        holder_name=holder,
        relation="父亲",
        children=children,
        valid_until=VALID,
        token=KEY.sign(CardClaims(i, 1, VALID)),
        school_name="北京市海淀区实验小学",
    )


@pytest.fixture(scope="module")
def cards() -> list[CardPrint]:
    return [card(i) for i in range(1, 13)]


@pytest.fixture(scope="module")
def pdf_path(cards: list[CardPrint], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cards") / "cards.pdf"
    assert render_cards(cards, path) == 2
    return path


def test_ten_cards_per_a4_page(pdf_path: Path) -> None:
    reader = PdfReader(pdf_path)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(PAGE_W * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(PAGE_H * MM, abs=0.5)


def test_writes_to_a_binary_stream_too() -> None:
    buffer = io.BytesIO()
    assert render_cards([card(i) for i in range(21)], buffer) == 3
    assert len(PdfReader(buffer).pages) == 3


def test_chinese_text_is_real_text_in_the_pdf(pdf_path: Path) -> None:
    with pdfplumber.open(pdf_path) as pdf:
        first = pdf.pages[0].extract_text()
        second = pdf.pages[1].extract_text()
    for expected in ("北京市海淀区实验小学", "王建国", "父亲", "王小明", "三(2)班", "王小红"):
        assert expected in first
    assert "一(5)班" in first
    assert "有效期至 2027年8月31日" in first
    assert "K000001" in first and "K000010" in first and "K000011" not in first
    assert "K000011" in second and "K000012" in second


def test_many_children_all_listed_in_smaller_type(tmp_path: Path) -> None:
    kids = tuple(CardChild(f"2023{i:04d}", f"学生{i}号", f"{i % 6 + 1}(1)班") for i in range(7))
    path = tmp_path / "big.pdf"
    render_cards([card(1, kids, holder="阳光托管中心")], path)
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
    for kid in kids:
        assert kid.name in text
    assert "可接领学生（7名）" in text


def test_more_children_than_fit_end_with_a_total(tmp_path: Path) -> None:
    kids = tuple(CardChild(f"2023{i:04d}", f"生{i}", "三(2)班") for i in range(30))
    path = tmp_path / "huge.pdf"
    render_cards([card(1, kids)], path)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        chars = page.chars
    assert "等共30名" in text
    x, y = card_origin(0)
    for c in chars:  # nothing spills out of the card
        assert x * MM - 0.5 <= c["x0"] and c["x1"] <= (x + CARD_W) * MM + 0.5
        assert y * MM - 0.5 <= c["top"] and c["bottom"] <= (y + CARD_H) * MM + 0.5


def _qr_rects(page) -> list[dict]:  # noqa: ANN001
    return [
        r
        for r in page.rects
        if r["fill"] and tuple(r["non_stroking_color"] or ()) in {(0,), (0, 0, 0), (0.0,)}
    ]


def test_qr_is_at_least_25_mm_with_a_clear_quiet_zone(pdf_path: Path, cards) -> None:  # noqa: ANN001
    size, _ = qr_rects(cards[0].token)
    module = QR_MODULES_MM / size * MM
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        black = _qr_rects(page)
        chars = page.chars
        others = [r for r in page.rects if r not in black] + page.lines
    x, y = card_origin(0)
    mine = [r for r in black if r["x0"] < (x + CARD_W) * MM and r["top"] < (y + CARD_H) * MM]
    left, right = min(r["x0"] for r in mine), max(r["x1"] for r in mine)
    top, bottom = min(r["top"] for r in mine), max(r["bottom"] for r in mine)
    assert (right - left) / MM >= 25 and (bottom - top) / MM >= 25
    assert (right - left) == pytest.approx(bottom - top, abs=0.01)
    quiet = QUIET_MODULES * module
    zone = (left - quiet, top - quiet, right + quiet, bottom + quiet)

    def overlaps(o: dict) -> bool:
        return (
            o["x0"] < zone[2] and o["x1"] > zone[0] and o["top"] < zone[3] and o["bottom"] > zone[1]
        )

    def edges(o: dict) -> list[dict]:  # an outline is only its four sides
        if o.get("fill", True):
            return [o]
        x0, x1, t, b = o["x0"], o["x1"], o["top"], o["bottom"]
        return [
            {"x0": x0, "x1": x1, "top": t, "bottom": t},
            {"x0": x0, "x1": x1, "top": b, "bottom": b},
            {"x0": x0, "x1": x0, "top": t, "bottom": b},
            {"x0": x1, "x1": x1, "top": t, "bottom": b},
        ]

    assert not [c["text"] for c in chars if overlaps(c)]
    assert not [o for o in others if any(overlaps(e) for e in edges(o))]


def _png(pdf: Path, tmp_path: Path, dpi: int = 300) -> Image.Image:
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    return Image.open(next(tmp_path.glob("p*.png")))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_every_qr_decodes_to_exactly_its_token_at_300_dpi(pdf_path: Path, cards, tmp_path) -> None:  # noqa: ANN001
    pyzbar = pytest.importorskip("pyzbar.pyzbar")
    image = _png(pdf_path, tmp_path).convert("L")
    px = 300 / 25.4
    for i, expected in enumerate(cards[:10]):
        x, y = card_origin(i)
        crop = image.crop(
            (int(x * px), int(y * px), int((x + CARD_W) * px), int((y + CARD_H) * px))
        )
        found = pyzbar.decode(crop)
        assert [f.data.decode("ascii") for f in found] == [expected.token]
        assert found[0].type == "QRCODE"
        assert found[0].rect.width / px >= 25


def test_qr_uses_error_correction_q(cards) -> None:  # noqa: ANN001
    size, _ = qr_rects(cards[0].token)
    # 45 alphanumeric characters need version 3 (29 modules) at level Q; level H would need 4.
    assert size == 29


def test_crop_marks_sit_outside_every_card_at_its_corners(pdf_path: Path) -> None:
    with pdfplumber.open(pdf_path) as pdf:
        lines = pdf.pages[0].lines
    cards = [
        (x * MM, y * MM, (x + CARD_W) * MM, (y + CARD_H) * MM)
        for x, y in map(card_origin, range(10))
    ]
    assert lines
    for line in lines:
        for x0, top, x1, bottom in cards:
            inside = (
                line["x0"] < x1
                and line["x1"] > x0
                and line["top"] < bottom
                and line["bottom"] > top
            )
            assert not inside, (line, (x0, top, x1, bottom))
    for x0, top, x1, bottom in cards:
        for cx, cy in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            near = [
                ln
                for ln in lines
                if min(abs(ln["x0"] - cx), abs(ln["x1"] - cx)) < 4 * MM
                and min(abs(ln["top"] - cy), abs(ln["bottom"] - cy)) < 4 * MM
                and (abs(ln["x0"] - cx) < 0.1 or abs(ln["top"] - cy) < 0.1)
            ]
            assert near, f"no crop mark at corner {(cx / MM, cy / MM)}"


def test_no_cards_still_make_a_valid_pdf(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    assert render_cards([], path) == 1
    assert len(PdfReader(path).pages) == 1
