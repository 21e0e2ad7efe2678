"""The gate's camera worker: capture and decoding on two threads, the newest frame only."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from core.capture import CaptureError, EndOfSource, Frame, FrameSource, is_device_spec, open_source

log = logging.getLogger(__name__)

Decoder = Callable[[Frame], Sequence[Any]]
Opener = Callable[[Any], FrameSource]
STATES = ("stopped", "starting", "running", "lost", "no_camera", "ended", "error")

# Every started thread stays referenced here until it has finished, even when its worker is
# gone or stop() gave up waiting: destroying a running QThread aborts the process.
_THREADS: set[QThread] = set()


def _forget_finished() -> None:
    for thread in [t for t in _THREADS if t.isFinished()]:
        _THREADS.discard(thread)


@dataclass(frozen=True)
class CameraStats:
    """Counts since the worker was built, for the benchmarks and the log."""

    captured: int
    previews: int
    decoded: int
    dropped: int
    last_decode_ms: float


class _Counters:
    def __init__(self) -> None:
        self.captured = self.previews = self.decoded = self.dropped = 0
        self.last_decode_ms = 0.0


class LatestFrame:
    """A one-frame mailbox: a new frame replaces one not yet taken (dropped, never queued)."""

    def __init__(self, counters: _Counters | None = None) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._seq = 0
        self._closed = False
        self._counters = counters or _Counters()

    def put(self, frame: Frame) -> None:
        """Offer ``frame``; an older one still waiting is dropped."""
        with self._cond:
            if self._closed:
                return
            if self._frame is not None:
                self._counters.dropped += 1
            self._frame = frame
            self._seq += 1
            self._cond.notify()

    def take(self) -> tuple[int, Frame] | None:
        """Wait for a frame newer than the last one taken; None once closed."""
        with self._cond:
            while self._frame is None and not self._closed:
                self._cond.wait()
            if self._closed or self._frame is None:
                return None
            frame, self._frame = self._frame, None
            return self._seq, frame

    def close(self) -> None:
        """Wake and release the reader for good."""
        with self._cond:
            self._closed = True
            self._frame = None
            self._cond.notify_all()


def to_qimage(frame: Frame, max_width: int = 960) -> QImage:
    """A QImage owning its pixels, from a BGR (or grey/BGRA) frame, at most ``max_width`` wide."""
    pixels: Any = frame
    h, w = frame.shape[:2]
    if w > max_width:
        size = (max_width, max(1, round(h * max_width / w)))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
        h, w = pixels.shape[:2]
    if pixels.ndim == 3 and pixels.shape[2] == 4:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_BGRA2BGR)
    pixels = np.ascontiguousarray(pixels)
    fmt = QImage.Format.Format_Grayscale8 if pixels.ndim == 2 else QImage.Format.Format_BGR888
    return QImage(pixels.data, w, h, pixels.strides[0], fmt).copy()


def _warm_up_qt() -> None:
    """Run once, on the GUI thread, the Qt code the capture thread runs.

    PySide6 builds enum types (QImage.Format …) lazily on first use, in Python, and nothing
    says that is thread-safe; the GUI thread builds them before any worker thread needs them.
    """
    to_qimage(np.zeros((2, 2, 3), np.uint8))
    to_qimage(np.zeros((2, 2), np.uint8))
    _ = QThread.Priority.LowPriority


def _close(source: FrameSource) -> None:
    try:
        source.close()
    except Exception:
        log.exception("releasing %s failed", source.description)


class CaptureThread(QThread):
    """Opens the source inside the thread, reads until told to stop, and reconnects devices."""

    preview_ready = Signal(int, QImage)
    status_changed = Signal(int, str, str)

    def __init__(
        self,
        spec: Any,
        opener: Opener,
        mailbox: LatestFrame,
        counters: _Counters,
        generation: int,
        *,
        retry_s: float,
        lost_after_s: float,
        preview_interval_s: float,
        preview_width: int,
    ) -> None:
        super().__init__()
        # Without a name, QThread names the OS thread from metaObject(), which PySide builds
        # in the new thread without the GIL: that crashed about one start in twenty.
        self.setObjectName("camera-capture")
        self._spec, self._opener, self._mailbox = spec, opener, mailbox
        self._counters, self._generation = counters, generation
        self._retry_s, self._lost_after_s = retry_s, lost_after_s
        self._preview_interval_s, self._preview_width = preview_interval_s, preview_width
        self._halt = threading.Event()
        self._preview_pending = threading.Event()
        self._last_preview = -1e9
        self._state = ""
        self.last_error: CaptureError | None = None

    def halt(self) -> None:
        """Ask the thread to stop at the next frame; wakes it from a retry wait."""
        self.requestInterruption()
        self._halt.set()

    def preview_taken(self) -> None:
        """The GUI has the last preview: the next one may be sent."""
        self._preview_pending.clear()

    def _status(self, state: str, detail: str = "") -> None:
        if state != self._state:
            self._state = state
            self.status_changed.emit(self._generation, state, detail)

    def _open(self, source: FrameSource | None, ran: bool) -> tuple[FrameSource | None, bool]:
        """Open the source; on failure say so and tell whether to retry (second value False)."""
        try:
            if source is None:
                source = self._opener(self._spec)
            source.open()
            return source, True
        except Exception as exc:
            error = exc if isinstance(exc, CaptureError) else CaptureError("error", str(exc))
            if not isinstance(exc, CaptureError):
                log.exception("opening camera source %r failed", self._spec)
            self.last_error = error
            live = source.live if source is not None else is_device_spec(self._spec)
            if live:
                self._status("lost" if ran else "no_camera", str(error))
            else:
                self._status("error", str(error))
                self._halt.set()
            return source, False

    def run(self) -> None:
        """Read frames until interruption is requested; release the source in every case."""
        source: FrameSource | None = None
        opened = ran = False
        failing_since: float | None = None
        try:
            while not (self._halt.is_set() or self.isInterruptionRequested()):
                if not opened:
                    source, opened = self._open(source, ran)
                    if not opened:
                        self._halt.wait(self._retry_s)
                        continue
                    failing_since = None
                assert source is not None
                try:
                    frame = source.read()
                except EndOfSource:
                    self._status("ended", source.description)
                    return
                except Exception:
                    if failing_since is None:  # once per failure, not 50 times a second
                        log.exception("reading %s failed", source.description)
                    frame = None
                if frame is None:
                    now = time.monotonic()
                    failing_since = now if failing_since is None else failing_since
                    if source.live and now - failing_since >= self._lost_after_s:
                        log.warning(
                            "%s lost; retrying every %.1f s", source.description, self._retry_s
                        )
                        self._status("lost", source.description)
                        _close(source)
                        opened, ran = False, True
                        self._halt.wait(self._retry_s)
                    else:
                        self._halt.wait(0.02)
                    continue
                failing_since, ran = None, True
                self._status("running", source.description)
                self._counters.captured += 1
                self._send_preview(frame)
                self._mailbox.put(frame)
        except Exception as exc:
            log.exception("camera capture failed")
            self._status("error", str(exc))
        finally:
            if source is not None:
                _close(source)

    def _send_preview(self, frame: Frame) -> None:
        now = time.monotonic()
        if self._preview_pending.is_set() or now - self._last_preview < self._preview_interval_s:
            return
        image = to_qimage(frame, self._preview_width)
        self._last_preview = now
        self._preview_pending.set()
        self._counters.previews += 1
        self.preview_ready.emit(self._generation, image)


def _outline(result: Any, width: int, height: int) -> list[tuple[float, float]]:
    """The corners of a decoded code as fractions of the frame; [] when it has none."""
    points = getattr(result, "points", None)
    if points is None or len(points) < 3:
        return []
    return [(float(x) / width, float(y) / height) for x, y in points]


class DecodeThread(QThread):
    """Decodes whatever frame is newest whenever it is free; never works through a backlog."""

    codes_decoded = Signal(int, list, object)
    codes_located = Signal(int, list)

    def __init__(
        self, decode: Decoder, mailbox: LatestFrame, counters: _Counters, generation: int
    ) -> None:
        super().__init__()
        self.setObjectName("camera-decode")  # see CaptureThread
        self._decode, self._mailbox = decode, mailbox
        self._counters, self._generation = counters, generation
        self._failures = 0

    def run(self) -> None:
        """Take the newest frame, decode it, report the texts found; until the mailbox closes."""
        while not self.isInterruptionRequested():
            item = self._mailbox.take()
            if item is None:
                return
            _, frame = item
            started = time.perf_counter()
            try:
                results = list(self._decode(frame))
            except Exception:
                self._failures += 1
                if self._failures == 1 or self._failures % 100 == 0:
                    log.exception("decoding a frame failed (%d times)", self._failures)
                continue
            finally:
                self._counters.decoded += 1
                self._counters.last_decode_ms = (time.perf_counter() - started) * 1000.0
            texts = [str(r.text) for r in results if getattr(r, "text", "")]
            if not texts:
                continue
            h, w = frame.shape[:2]
            outlines = [o for r in results if getattr(r, "text", "") and (o := _outline(r, w, h))]
            self.codes_decoded.emit(self._generation, texts, frame.copy())
            if outlines:
                self.codes_located.emit(self._generation, outlines)


class CameraWorker(QObject):
    """The gate page's camera: start, stop, switch source; previews, codes and states as signals.

    ``source_spec`` None or "" means no camera is configured (state "no_camera", nothing runs).
    """

    frame_ready = Signal(QImage)
    codes_decoded = Signal(list, object)
    codes_located = Signal(list)
    status_changed = Signal(str, str)

    def __init__(
        self,
        source_spec: Any,
        decode: Decoder,
        parent: QObject | None = None,
        *,
        opener: Opener = open_source,
        retry_s: float = 1.0,
        lost_after_s: float = 1.0,
        preview_fps: float = 25.0,
        preview_width: int = 960,
        stop_timeout_s: float = 3.0,
    ) -> None:
        super().__init__(parent)
        _warm_up_qt()
        self._spec, self._decode, self._opener = source_spec, decode, opener
        self._retry_s, self._lost_after_s = retry_s, lost_after_s
        self._preview_interval_s = 1.0 / preview_fps
        self._preview_width = preview_width
        self._stop_timeout_ms = int(stop_timeout_s * 1000)
        self._counters = _Counters()
        self._generation = 0
        self._capture: CaptureThread | None = None
        self._decoder: DecodeThread | None = None
        self._mailbox: LatestFrame | None = None
        self._state, self._detail = "stopped", ""
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def state(self) -> str:
        """One of STATES."""
        return self._state

    @property
    def detail(self) -> str:
        """English detail of the state (the source, or why it failed)."""
        return self._detail

    @property
    def source_spec(self) -> Any:
        """The source the worker runs on."""
        return self._spec

    @property
    def last_error(self) -> CaptureError | None:
        """The last error opening the source (its ``code`` says why), if any."""
        return self._capture.last_error if self._capture is not None else None

    @property
    def stats(self) -> CameraStats:
        """Frames captured, previews sent, frames decoded and dropped, last decode time."""
        c = self._counters
        return CameraStats(c.captured, c.previews, c.decoded, c.dropped, c.last_decode_ms)

    def is_running(self) -> bool:
        """True while the worker's threads are started."""
        return self._capture is not None

    def start(self) -> None:
        """Start capturing and decoding; does nothing when already started."""
        if self._capture is not None:
            return
        self._generation += 1
        if self._spec is None or not str(self._spec).strip():
            self._set_state("no_camera", "no camera configured")
            return
        gen = self._generation
        self._mailbox = LatestFrame(self._counters)
        self._decoder = DecodeThread(self._decode, self._mailbox, self._counters, gen)
        self._capture = CaptureThread(
            self._spec,
            self._opener,
            self._mailbox,
            self._counters,
            gen,
            retry_s=self._retry_s,
            lost_after_s=self._lost_after_s,
            preview_interval_s=self._preview_interval_s,
            preview_width=self._preview_width,
        )
        self._capture.preview_ready.connect(self._on_preview)
        self._capture.status_changed.connect(self._on_status)
        self._decoder.codes_decoded.connect(self._on_codes)
        self._decoder.codes_located.connect(self._on_located)
        self._set_state("starting", str(self._spec))
        _forget_finished()
        _THREADS.update((self._decoder, self._capture))
        # Decoding is the heavy part: on a busy PC the GUI and the capture go first.
        self._decoder.start(QThread.Priority.LowPriority)
        self._capture.start()

    def stop(self) -> None:
        """Stop both threads and wait for them (bounded); safe to call twice."""
        capture, decoder, mailbox = self._capture, self._decoder, self._mailbox
        self._capture = self._decoder = self._mailbox = None
        self._generation += 1  # signals still queued from the old threads are ignored
        if capture is not None:
            capture.halt()
        if decoder is not None:
            decoder.requestInterruption()
        if mailbox is not None:
            mailbox.close()
        deadline = time.monotonic() + self._stop_timeout_ms / 1000.0
        for thread in (capture, decoder):
            if thread is None:
                continue
            left = max(0, int((deadline - time.monotonic()) * 1000))
            if not thread.wait(left):
                log.warning("camera thread %s did not stop in time", type(thread).__name__)
        _forget_finished()
        if self._state != "stopped":
            self._set_state("stopped", "")

    def set_source(self, spec: Any) -> None:
        """Switch to another source, restarting when running."""
        running = self._capture is not None
        self.stop()
        self._spec = spec
        if running:
            self.start()

    def _set_state(self, state: str, detail: str) -> None:
        self._state, self._detail = state, detail
        self.status_changed.emit(state, detail)

    @Slot(int, QImage)
    def _on_preview(self, generation: int, image: QImage) -> None:
        if generation != self._generation or self._capture is None:
            return
        self._capture.preview_taken()
        self.frame_ready.emit(image)

    @Slot(int, str, str)
    def _on_status(self, generation: int, state: str, detail: str) -> None:
        if generation == self._generation:
            self._set_state(state, detail)

    @Slot(int, list, object)
    def _on_codes(self, generation: int, texts: list[str], frame: object) -> None:
        if generation == self._generation:
            self.codes_decoded.emit(texts, frame)

    @Slot(int, list)
    def _on_located(self, generation: int, outlines: list[Any]) -> None:
        if generation == self._generation:
            self.codes_located.emit(outlines)
