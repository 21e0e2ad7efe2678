"""Frame sources for the gate's scanner: a camera, a video file or an image folder, one interface.

Every source is opened, read frame by frame and closed the same way, so the camera worker, the
tests and the benchmarks drive one code path. ``open_source`` turns the ``--camera`` setting
("0", "gate.mp4", "cards/") into a source; nothing is opened until ``open()``.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
import numpy.typing as npt

from core.errors import AfterSchoolError

# A station without a camera retries every second; OpenCV would log a warning each time.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

log = logging.getLogger(__name__)

Frame = npt.NDArray[np.uint8]
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp"})
DEFAULT_FPS = 25.0


class CaptureError(AfterSchoolError):
    """A source cannot be found or opened; ``code`` says why, the text is English."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.code = code


class EndOfSource(Exception):  # noqa: N818 - an event, not a fault
    """A video file or image folder has delivered its last frame."""


class FrameSource(Protocol):
    """Anything the camera worker reads frames from."""

    description: str

    @property
    def live(self) -> bool:
        """True for a device (reconnect when lost), False for a file or a folder."""
        ...

    def open(self) -> None:
        """Open the source; raises CaptureError."""
        ...

    def read(self) -> Frame | None:
        """The next BGR frame, owned by the caller; None when there is none for now.

        Raises:
            EndOfSource: a file or folder has nothing more to give.
        """
        ...

    def close(self) -> None:
        """Release the source; safe to call twice."""
        ...


class VideoCaptureLike(Protocol):
    """The part of ``cv2.VideoCapture`` the camera source uses (a fake in tests)."""

    def isOpened(self) -> bool: ...  # noqa: D102
    def read(self) -> tuple[bool, object]: ...  # noqa: D102
    def set(self, prop: int, value: float) -> bool: ...  # noqa: D102
    def get(self, prop: int) -> float: ...  # noqa: D102
    def release(self) -> None: ...  # noqa: D102


def _as_frame(image: object) -> Frame | None:
    if image is None:
        return None
    array = np.asarray(image)
    if array.size == 0:
        return None
    return array.astype(np.uint8, copy=False)


def platform_backends(platform: str = sys.platform) -> list[int]:
    """The OpenCV capture backends to try, best first, on ``platform``."""
    if platform == "win32":
        return [cv2.CAP_DSHOW, cv2.CAP_MSMF]
    if platform.startswith("linux"):
        return [cv2.CAP_V4L2]
    if platform == "darwin":
        return [cv2.CAP_AVFOUNDATION]
    return [cv2.CAP_ANY]


def _open_capture(index: int, backend: int) -> VideoCaptureLike:
    return cv2.VideoCapture(index, backend)


class CameraSource:
    """A USB webcam by index, asked for 1280x720 MJPG with a one-frame buffer."""

    live = True

    def __init__(
        self,
        index: int,
        *,
        width: int = 1280,
        height: int = 720,
        backends: Sequence[int] | None = None,
        capture_factory: Callable[[int, int], VideoCaptureLike] = _open_capture,
    ) -> None:
        self.index = index
        self.description = f"camera {index}"
        self._want = (width, height)
        self._backends = list(backends) if backends is not None else platform_backends()
        self._factory = capture_factory
        self._cap: VideoCaptureLike | None = None
        self.frame_size: tuple[int, int] | None = None
        self.backend: int | None = None

    def open(self) -> None:
        """Open the device with the first backend that works; raises CaptureError('no_camera')."""
        self.close()
        for backend in self._backends:
            cap = self._factory(self.index, backend)
            if cap.isOpened():
                self._cap, self.backend = cap, backend
                break
            cap.release()
        if self._cap is None:
            raise CaptureError("no_camera", f"no camera at index {self.index}", index=self.index)
        cap = self._cap
        # The codec first: some drivers only accept 1280x720 once MJPG is chosen.
        cap.set(cv2.CAP_PROP_FOURCC, float(cv2.VideoWriter.fourcc(*"MJPG")))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, float(self._want[0]))
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, float(self._want[1]))
        # The newest frame, not one queued seconds ago.
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1.0)
        self.frame_size = (
            int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        log.info("%s opened (backend %s): %dx%d", self.description, self.backend, *self.frame_size)

    def read(self) -> Frame | None:
        """The newest frame, or None when the device gives none (unplugged, busy)."""
        if self._cap is None:
            return None
        ok, image = self._cap.read()
        return _as_frame(image) if ok else None

    def close(self) -> None:
        """Release the device."""
        cap, self._cap = self._cap, None
        if cap is not None:
            cap.release()


class VideoFileSource:
    """A video file played in real time: a slow reader skips frames, as with a webcam."""

    live = False

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        loop: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.description = f"video {self.path.name}"
        self.loop = loop
        self._clock, self._sleep = clock, sleep
        self._cap: cv2.VideoCapture | None = None
        self.fps = DEFAULT_FPS
        self.frame_size: tuple[int, int] | None = None
        self._t0: float | None = None
        self._next = 0  # index in the file of the next frame read
        self.frame_index = -1  # index in the file of the last frame delivered

    def open(self) -> None:
        """Open the file; raises CaptureError('not_found' or 'cannot_open')."""
        self.close()
        if not self.path.is_file():
            raise CaptureError("not_found", f"no video file {self.path}", path=str(self.path))
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            cap.release()
            raise CaptureError("cannot_open", f"cannot open video {self.path}", path=str(self.path))
        fps = cap.get(cv2.CAP_PROP_FPS)
        self.fps = fps if math.isfinite(fps) and 1.0 <= fps <= 240.0 else DEFAULT_FPS
        self.frame_size = (
            int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        self._cap, self._t0, self._next, self.frame_index = cap, None, 0, -1

    def read(self) -> Frame | None:
        """The frame due now: waits for it when early, skips the missed ones when late."""
        if self._cap is None:
            return None
        now = self._clock()
        if self._t0 is None:
            self._t0 = now
        due = int((now - self._t0) * self.fps)
        if due < self._next:
            self._sleep(max(0.0, self._t0 + self._next / self.fps - now))
            due = self._next
        while self._next < due:
            if not self._cap.grab():
                return self._rewind()
            self._next += 1
        ok, image = self._cap.read()
        frame = _as_frame(image) if ok else None
        if frame is None:
            return self._rewind()
        self.frame_index = self._next
        self._next += 1
        return frame

    def _rewind(self) -> Frame | None:
        """At the end of the file: start again when looping, else raise EndOfSource."""
        if not self.loop or self._next == 0 or self._cap is None or self._t0 is None:
            raise EndOfSource(self.description)
        self._t0 += self._next / self.fps  # the timeline goes on from the end
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0.0)
        self._next = 0
        return self.read()

    def close(self) -> None:
        """Release the file."""
        cap, self._cap = self._cap, None
        if cap is not None:
            cap.release()


def read_image(path: Path) -> Frame | None:
    """A BGR image from ``path`` (any Unicode path on any OS); None when unreadable."""
    try:
        data = np.fromfile(path, dtype=np.uint8)
        if data.size == 0:
            return None
        return _as_frame(cv2.imdecode(data, cv2.IMREAD_COLOR))
    except (OSError, ValueError, cv2.error):
        return None


class ImageFolderSource:
    """The images of a folder in name order, each held ``hold_s`` seconds at ``fps`` frames/s."""

    live = False

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        hold_s: float = 1.0,
        fps: float = 10.0,
        loop: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.description = f"images {self.path.name}"
        self.loop = loop
        self._period = 1.0 / fps
        self._frames_per_image = max(1, round(hold_s * fps))
        self._clock, self._sleep = clock, sleep
        self._files: list[Path] = []
        self._file = -1
        self._image: Frame | None = None
        self._left = 0
        self._due: float | None = None
        self.current: Path | None = None
        self.skipped: list[Path] = []

    def open(self) -> None:
        """List the images; raises CaptureError('not_found' or 'empty_folder')."""
        if self.path.is_file():
            files = [self.path]
        elif self.path.is_dir():
            files = [p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES]
        else:
            raise CaptureError("not_found", f"no folder {self.path}", path=str(self.path))
        self._files = sorted((p for p in files if p.is_file()), key=lambda p: p.name.casefold())
        if not self._files:
            raise CaptureError("empty_folder", f"no images in {self.path}", path=str(self.path))
        self.description = f"images {self.path.name} ({len(self._files)})"
        self._file, self._image, self._left, self._due, self.skipped = -1, None, 0, None, []

    def read(self) -> Frame | None:
        """The current image again, or the next one once its time is up."""
        if not self._files:
            return None
        now = self._clock()
        if self._due is not None and self._due > now:
            self._sleep(self._due - now)
            now = self._due
        self._due = now + self._period
        if self._left == 0 or self._image is None:
            self._image = self._next_image()
            self._left = self._frames_per_image
        self._left -= 1
        return self._image.copy()

    def _next_image(self) -> Frame:
        for _ in range(2 * len(self._files)):
            self._file += 1
            if self._file >= len(self._files):
                if not self.loop:
                    raise EndOfSource(self.description)
                self._file = 0
            path = self._files[self._file]
            image = read_image(path)
            if image is not None:
                self.current = path
                return image
            if path not in self.skipped:
                log.warning("skipping unreadable image %s", path)
                self.skipped.append(path)
        raise EndOfSource(self.description)

    def close(self) -> None:
        """Forget the current image."""
        self._image = None


def is_device_spec(spec: str | int | os.PathLike[str]) -> bool:
    """True when ``spec`` names a camera by index ("0", 1) rather than a path."""
    if isinstance(spec, int):
        return True
    return isinstance(spec, str) and spec.strip().isdigit()


def open_source(spec: str | int | os.PathLike[str]) -> FrameSource:
    """The source ``spec`` names: a device index, a folder of images, an image or a video file.

    Raises:
        CaptureError: 'not_found' when ``spec`` is neither an index nor an existing path.
    """
    if isinstance(spec, int):
        return CameraSource(spec)
    if is_device_spec(spec):
        return CameraSource(int(str(spec).strip()))
    if not str(spec).strip():
        # Path("") is the current folder: never scan that by accident.
        raise CaptureError("not_found", "no camera source given", spec="")
    path = Path(os.path.expanduser(os.fspath(spec)))
    if path.is_dir():
        return ImageFolderSource(path)
    if path.is_file():
        if path.suffix.lower() in IMAGE_SUFFIXES:
            return ImageFolderSource(path)
        return VideoFileSource(path)
    raise CaptureError("not_found", f"no camera, video or folder {spec}", spec=str(spec))
