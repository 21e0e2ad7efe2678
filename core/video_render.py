"""Renders a demo or test video of cards held up at the gate, segment by segment, to an mp4.

The frames come from ``core.scenes.frame_with_card``; the camera worker can play the file back
as if it were a webcam. The video is written to a temporary file beside the target and renamed
at the end, so a half-written file never appears under the real name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import cv2
import numpy as np

from core.errors import AfterSchoolError
from core.scenes import MOTIONS, Image, frame_with_card

__all__ = ["Segment", "VideoRenderError", "render_video"]

_AHEAD = 8  # frames rendered ahead of the writer: enough to keep both cores busy


@dataclass(frozen=True)
class Segment:
    """``seconds`` of video: ``token``'s card held up with ``motion``, or nobody (None)."""

    token: str | None
    seconds: float
    motion: str = "steady"


class VideoRenderError(AfterSchoolError):
    """The video file cannot be written (no mp4v encoder, unwritable folder …)."""

    code = "video_not_written"


def _frames(
    segments: Sequence[Segment], fps: int, size: tuple[int, int], seed: int
) -> Iterator[tuple[str | None, float, str, np.random.Generator]]:
    for index, segment in enumerate(segments):
        rng = np.random.default_rng([seed, index])  # one per segment: its card moves smoothly
        for i in range(round(segment.seconds * fps)):
            yield segment.token, i / fps, segment.motion, rng


def render_video(
    out: Path,
    segments: Sequence[Segment],
    *,
    fps: int = 30,
    size: tuple[int, int] = (1280, 720),
    seed: int = 0,
) -> int:
    """Write ``segments`` one after another to the mp4 ``out``; returns the frames written.

    Raises:
        ValueError: a segment has a negative length or an unknown motion, there are no frames
            at all, or fps or size is not positive.
        VideoRenderError: the video writer cannot open or write the file.
    """
    if fps <= 0 or size[0] <= 0 or size[1] <= 0:
        raise ValueError(f"bad fps {fps} or size {size}")
    for segment in segments:
        if segment.seconds < 0 or segment.motion not in MOTIONS:
            raise ValueError(f"bad segment {segment}; motions are {MOTIONS}")
    if sum(round(s.seconds * fps) for s in segments) == 0:
        raise ValueError("the segments add up to no frames at all")
    out = Path(out)
    # The writer picks the container from the suffix, so the temporary name keeps it.
    partial = out.with_name(f"{out.stem}.partial-{os.getpid()}{out.suffix or '.mp4'}")
    writer = cv2.VideoWriter(str(partial), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
    if not writer.isOpened():
        partial.unlink(missing_ok=True)
        raise VideoRenderError(f"cannot open a video writer for {out} (mp4v)", path=str(out))
    written = 0
    try:

        def render(job: tuple[str | None, float, str, np.random.Generator]) -> Image:
            token, t, motion, rng = job
            return frame_with_card(token, t=t, motion=motion, rng=rng, size=size)

        # OpenCV and numpy release the GIL, so a second thread renders while this one encodes.
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = _frames(segments, fps, size, seed)
            futures = [pool.submit(render, job) for job in islice(jobs, _AHEAD)]
            while futures:
                frame = futures.pop(0).result()
                nxt = next(jobs, None)
                if nxt is not None:
                    futures.append(pool.submit(render, nxt))
                writer.write(frame)
                written += 1
    except BaseException:
        writer.release()
        partial.unlink(missing_ok=True)
        raise
    writer.release()
    if not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        raise VideoRenderError(f"the video writer wrote nothing to {out}", path=str(out))
    os.replace(partial, out)
    return written
