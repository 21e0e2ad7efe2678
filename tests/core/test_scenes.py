"""Synthetic webcam frames: deterministic, the right size, and holding the card they claim."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import zxingcpp

from core.card_tokens import CardClaims, CardKey
from core.scenes import CONDITIONS, MOTIONS, card_image, frame_with_card, scene

TOKEN = CardKey(bytes(range(32))).sign(CardClaims(7, 1, dt.date(2027, 8, 31)))


def test_card_image_holds_the_token_as_a_level_q_code() -> None:
    card = card_image(TOKEN)

    codes = zxingcpp.read_barcodes(card)

    assert card.shape == (404, 640, 3) and card.dtype == np.uint8
    assert [c.text for c in codes] == [TOKEN]
    assert codes[0].ec_level == "Q"  # as on the printed cards (core.card_layout.qr_rects)


def test_card_image_is_a_copy_the_caller_may_change() -> None:
    card_image(TOKEN)[:] = 0

    assert card_image(TOKEN).max() == 255


@pytest.mark.parametrize("condition", CONDITIONS)
def test_scenes_are_deterministic_frames_of_the_asked_size(condition: str) -> None:
    token = None if condition == "none" else TOKEN

    first = scene(token, condition, np.random.default_rng(3), (960, 540))
    again = scene(token, condition, np.random.default_rng(3), (960, 540))
    other = scene(token, condition, np.random.default_rng(4), (960, 540))

    assert first.shape == (540, 960, 3) and first.dtype == np.uint8
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_clean_scenes_are_readable_and_harder_ones_are_not_always() -> None:
    def read(condition: str, n: int = 6) -> int:
        frames = [scene(TOKEN, condition, np.random.default_rng([5, i])) for i in range(n)]
        return sum(TOKEN in [c.text for c in zxingcpp.read_barcodes(f)] for f in frames)

    assert read("clean") == 6
    assert read("overexposed") < 6


def test_no_code_scenes_sometimes_show_a_product_barcode_but_never_a_qr_code() -> None:
    formats = set()
    for i in range(8):
        frame = scene(None, "none", np.random.default_rng([6, i]))
        formats |= {c.format for c in zxingcpp.read_barcodes(frame)}

    assert zxingcpp.BarcodeFormat.EAN13 in formats
    assert zxingcpp.BarcodeFormat.QRCode not in formats


def test_unknown_condition_or_motion_is_refused() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="condition"):
        scene(TOKEN, "foggy", rng)
    with pytest.raises(ValueError, match="motion"):
        frame_with_card(TOKEN, t=0.0, motion="dancing", rng=rng)


@pytest.mark.parametrize("motion", MOTIONS)
def test_video_frames_depend_only_on_seed_and_time_and_move_smoothly(motion: str) -> None:
    rng = np.random.default_rng(8)
    state = rng.bit_generator.state

    now = frame_with_card(TOKEN, t=1.5, motion=motion, rng=rng)
    again = frame_with_card(TOKEN, t=1.5, motion=motion, rng=np.random.default_rng(8))
    next_frame = frame_with_card(TOKEN, t=1.5 + 1 / 30, motion=motion, rng=rng)
    other_seed = frame_with_card(TOKEN, t=1.5, motion=motion, rng=np.random.default_rng(9))

    def diff(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.abs(a.astype(np.int16) - b).mean())

    assert rng.bit_generator.state == state  # not advanced
    assert np.array_equal(now, again)
    assert diff(now, next_frame) < diff(now, other_seed) / 4


def test_nobody_at_the_gate_shows_no_code() -> None:
    frame = frame_with_card(None, t=0.0, motion="steady", rng=np.random.default_rng(1))

    assert frame.shape == (720, 1280, 3)
    assert zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode) == []
