"""The JPEG kept of the webcam frame at a handoff (R12): small, enough to recognise a face."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

MAX_WIDTH = 640
QUALITY = 70


def snapshot_jpeg(frame: npt.NDArray[np.uint8]) -> bytes:
    """The frame downscaled to at most 640 px wide, as JPEG bytes (about 30-60 KB)."""
    height, width = frame.shape[:2]
    small = frame
    if width > MAX_WIDTH:
        size = (MAX_WIDTH, round(height * MAX_WIDTH / width))
        small = np.asarray(cv2.resize(frame, size, interpolation=cv2.INTER_AREA), np.uint8)
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, QUALITY])
    if not ok:
        raise ValueError("the frame could not be encoded as JPEG")
    return bytes(data.tobytes())
