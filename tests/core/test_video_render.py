"""Rendering a demo video: a readable mp4 whose card segments hold the card, written atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest

from core import video_render
from core.card_tokens import CardClaims, CardKey
from core.qr_decode import QrPipeline
from core.video_render import Segment, VideoRenderError, render_video

TOKEN = CardKey(bytes(range(32))).sign(CardClaims(21, 1, dt.date(2027, 8, 31)))


def read_back(path: Path) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    return frames


def test_writes_a_readable_video_with_the_card_only_where_it_was_held(tmp_path: Path) -> None:
    out = tmp_path / "demo.mp4"
    segments = [Segment(None, 0.5), Segment(TOKEN, 1.0, "steady"), Segment(None, 0.5)]

    written = render_video(out, segments, fps=20, seed=3)

    frames = read_back(out)
    pipeline = QrPipeline()
    texts = [[d.text for d in pipeline.decode(f)] for f in frames]
    assert written == len(frames) == 40
    assert frames[0].shape == (720, 1280, 3)
    assert sum(t == [TOKEN] for t in texts[10:30]) >= 15
    assert texts[:10] == [[]] * 10 and texts[30:] == [[]] * 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.mp4"]


def test_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "missing folder" / "demo.mp4"

    with pytest.raises(VideoRenderError):
        render_video(out, [Segment(TOKEN, 0.2)], fps=10)

    assert not out.parent.exists()


def test_a_failure_half_way_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = video_render.frame_with_card

    def failing(*args: object, **kwargs: object) -> np.ndarray:
        nonlocal calls
        calls += 1
        if calls > 5:
            raise RuntimeError("camera on fire")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(video_render, "frame_with_card", failing)

    with pytest.raises(RuntimeError, match="on fire"):
        render_video(tmp_path / "demo.mp4", [Segment(TOKEN, 1.0)], fps=20)

    assert list(tmp_path.iterdir()) == []


def test_bad_segments_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "demo.mp4"
    for segments in ([Segment(TOKEN, 1.0, "juggling")], [Segment(TOKEN, -1.0)], []):
        with pytest.raises(ValueError):
            render_video(out, segments)

    assert list(tmp_path.iterdir()) == []
