"""The decoding pipeline on synthetic webcam frames, image files, and the repeat filter."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
import zxingcpp
from pyzbar import pyzbar

from core import qr_decode
from core.card_tokens import CardClaims, CardKey
from core.qr_decode import Decoded, QrPipeline, RepeatFilter, ScanImageError, decode_image_file
from core.scenes import card_image, scene

KEY = CardKey(bytes(range(32)))  # fixed, so every run sees the same frames
TOKENS = [KEY.sign(CardClaims(card_id, 1, dt.date(2027, 8, 31))) for card_id in (11, 12, 13)]
FRAMES_PER_CONDITION = 7
CODED = ("clean", "tilted", "far", "blurred", "dim", "overexposed", "jpeg", "phone")


def zxing_alone(frame: np.ndarray) -> list[str]:
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    return [c.text for c in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)]


def pyzbar_alone(frame: np.ndarray) -> list[str]:
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    return [s.data.decode() for s in pyzbar.decode(grey, symbols=[pyzbar.ZBarSymbol.QRCODE])]


def on_grey(image: np.ndarray, size: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """``image`` pasted in the middle of a plain grey frame."""
    frame = np.full((size[1], size[0], 3), 128, np.uint8)
    h, w = image.shape[:2]
    y, x = (size[1] - h) // 2, (size[0] - w) // 2
    frame[y : y + h, x : x + w] = image if image.ndim == 3 else image[:, :, None]
    return frame


def qr_image(text: str, *, box: int = 6) -> np.ndarray:
    qr = qrcode.QRCode(box_size=box, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    return np.array(qr.make_image().convert("L"), dtype=np.uint8)


def write_image(path: Path, image: np.ndarray) -> None:
    ok, data = cv2.imencode(path.suffix, image)
    assert ok
    data.tofile(path)  # tofile, because cv2.imwrite cannot write non-ASCII paths on Windows


@pytest.mark.parametrize("condition", CODED)
def test_reads_cards_in_hard_conditions_at_least_as_well_as_each_decoder(condition: str) -> None:
    pipeline = QrPipeline()
    read = {"pipeline": 0, "zxing": 0, "pyzbar": 0}
    for i in range(FRAMES_PER_CONDITION):
        token = TOKENS[i % len(TOKENS)]
        frame = scene(token, condition, np.random.default_rng([42, i]))
        read["pipeline"] += token in [d.text for d in pipeline.decode(frame)]
        read["zxing"] += token in zxing_alone(frame)
        read["pyzbar"] += token in pyzbar_alone(frame)

    assert read["pipeline"] > FRAMES_PER_CONDITION / 2, read
    assert read["pipeline"] >= read["zxing"], read
    assert read["pipeline"] >= read["pyzbar"], read


def test_reports_text_corners_and_decoder_of_a_card() -> None:
    frame = scene(TOKENS[0], "clean", np.random.default_rng(1))

    decoded = QrPipeline().decode(frame)

    assert [d.text for d in decoded] == [TOKENS[0]]
    assert decoded[0].decoder == "zxing"
    assert len(decoded[0].points) == 4
    assert all(0 <= x < 1280 and 0 <= y < 720 for x, y in decoded[0].points)


def test_accepts_a_grey_frame() -> None:
    frame = cv2.cvtColor(scene(TOKENS[1], "clean", np.random.default_rng(2)), cv2.COLOR_BGR2GRAY)

    assert [d.text for d in QrPipeline().decode(frame)] == [TOKENS[1]]


def test_ignores_a_product_barcode() -> None:
    ean = zxingcpp.create_barcode("5901234123457", zxingcpp.BarcodeFormat.EAN13)
    frame = on_grey(np.asarray(ean.to_image(scale=4), dtype=np.uint8))
    assert [c.text for c in zxingcpp.read_barcodes(frame)] == ["5901234123457"]  # it is readable

    assert QrPipeline().decode(frame) == []
    assert QrPipeline().decode_still(frame) == []


def test_ignores_frames_without_a_code() -> None:
    pipeline = QrPipeline(retry_share=1)  # every frame gets the retries too

    found = [pipeline.decode(scene(None, "none", np.random.default_rng([9, i]))) for i in range(6)]

    assert found == [[]] * 6


def test_reads_two_cards_in_one_frame() -> None:
    frame = np.full((720, 1280, 3), 140, np.uint8)
    frame[150 : 150 + 252, 100:500] = card_image(TOKENS[0], size=400)
    frame[350 : 350 + 252, 700:1100] = card_image(TOKENS[1], size=400)

    texts = {d.text for d in QrPipeline().decode(frame)}

    assert texts == {TOKENS[0], TOKENS[1]}


def test_reads_an_inverted_code_as_on_a_dark_mode_phone() -> None:
    frame = on_grey(255 - qr_image(TOKENS[2], box=5))

    assert [d.text for d in QrPipeline().decode(frame)] == [TOKENS[2]]
    assert [d.text for d in QrPipeline().decode_still(frame)] == [TOKENS[2]]


def test_strips_whitespace_around_the_text() -> None:
    frame = on_grey(qr_image(f"  {TOKENS[0]}\r\n"))

    assert [d.text for d in QrPipeline().decode(frame)] == [TOKENS[0]]


def test_refuses_images_that_are_not_8_bit() -> None:
    with pytest.raises(ValueError, match="uint8"):
        QrPipeline().decode(np.zeros((720, 1280), np.float32))


def test_a_still_is_read_at_least_as_well_as_a_camera_frame() -> None:
    still = QrPipeline()
    live = QrPipeline(retry_share=0)
    frames = [scene(TOKENS[0], "blurred", np.random.default_rng([3, i])) for i in range(8)]

    in_stills = sum(TOKENS[0] in [d.text for d in still.decode_still(f)] for f in frames)
    live_reads = sum(TOKENS[0] in [d.text for d in live.decode(f)] for f in frames)

    assert in_stills >= live_reads
    assert in_stills > len(frames) / 2


def test_runs_without_pyzbar_and_warns_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "pyzbar", None)  # import pyzbar now raises ImportError
    qr_decode._pyzbar.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="core.qr_decode"):
            pipelines = [QrPipeline(), QrPipeline()]
            frame = scene(TOKENS[0], "overexposed", np.random.default_rng(5))
            pipelines[0].decode(frame)
            texts = [d.text for d in pipelines[1].decode(on_grey(qr_image(TOKENS[0])))]
    finally:
        monkeypatch.undo()
        qr_decode._pyzbar.cache_clear()

    warnings = [r for r in caplog.records if "pyzbar is unavailable" in r.getMessage()]
    assert texts == [TOKENS[0]]
    assert len(warnings) == 1


# --- image files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["接送卡.png", "card.jpg", "card.bmp", "card.webp", "card.tiff"])
def test_reads_a_card_from_an_image_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_image(path, on_grey(card_image(TOKENS[0]), (1000, 700)))

    assert decode_image_file(path) == [TOKENS[0]]


def test_reads_a_code_drawn_on_a_transparent_background(tmp_path: Path) -> None:
    qr = qr_image(TOKENS[1])
    bgra = np.zeros((*qr.shape, 4), np.uint8)  # black everywhere, opaque only where dark
    bgra[:, :, 3] = 255 - qr
    path = tmp_path / "transparent.png"
    write_image(path, bgra)

    assert decode_image_file(path) == [TOKENS[1]]


def test_reads_a_small_card_in_a_large_photo(tmp_path: Path) -> None:
    photo = np.full((3000, 4000, 3), 90, np.uint8)
    photo[1400 : 1400 + 404, 1900 : 1900 + 640] = card_image(TOKENS[2])
    path = tmp_path / "photo.jpg"
    write_image(path, photo)

    assert decode_image_file(path, QrPipeline()) == [TOKENS[2]]


def test_an_image_without_a_code_gives_no_texts(tmp_path: Path) -> None:
    path = tmp_path / "gate.png"
    write_image(path, scene(None, "none", np.random.default_rng(4)))

    assert decode_image_file(path) == []


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(ScanImageError) as caught:
        decode_image_file(tmp_path / "没有.png")

    assert caught.value.code == "not_found"
    assert caught.value.params == {"path": str(tmp_path / "没有.png")}


def test_a_text_file_named_png_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("not a picture", encoding="utf-8")

    with pytest.raises(ScanImageError) as caught:
        decode_image_file(path)

    assert caught.value.code == "not_an_image"


def test_an_empty_file_and_a_folder_are_not_images(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")

    for path in (empty, tmp_path):
        with pytest.raises(ScanImageError) as caught:
            decode_image_file(path)
        assert caught.value.code == "not_an_image"


# --- repeat filter -------------------------------------------------------------------------


def test_the_same_card_within_the_window_is_not_fresh() -> None:
    seen = RepeatFilter(window_s=4.0)

    assert seen.fresh("A", 100.0)
    assert not seen.fresh("A", 102.0)


def test_the_same_card_after_a_gap_is_fresh_again() -> None:
    seen = RepeatFilter(window_s=4.0)
    seen.fresh("A", 100.0)

    assert seen.fresh("A", 104.5)


def test_a_card_held_up_for_ten_seconds_is_one_scan() -> None:
    seen = RepeatFilter(window_s=4.0)

    results = [seen.fresh("A", 100.0 + 0.5 * i) for i in range(21)]

    assert results == [True] + [False] * 20


def test_different_cards_are_independent() -> None:
    seen = RepeatFilter(window_s=4.0)

    assert seen.fresh("A", 100.0)
    assert seen.fresh("B", 100.5)
    assert not seen.fresh("A", 101.0)
    assert not seen.fresh("B", 101.5)
    assert seen.fresh("C", 101.5)


def test_decoded_is_a_value() -> None:
    assert Decoded("A", (), "zxing") == Decoded("A", (), "zxing")
