"""Prints: the worst GUI event-loop stall while the camera worker scans a 30 fps video of QR cards.

Target: the GUI event loop never stalls over 50 ms. A 5 ms QTimer measures the gaps between its
ticks while the real CameraWorker captures and decodes and a CameraView paints the preview.
Decoding uses core.qr_decode's QrPipeline when it exists, else OpenCV's QR reader.
Run: python benchmarks/camera_stall.py [VIDEO] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import qrcode  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.capture import VideoFileSource  # noqa: E402
from ui.camera_view import CameraView  # noqa: E402
from ui.camera_worker import CameraWorker  # noqa: E402

TARGET_MS = 50.0
CARDS = ("AS1:card-0001", "AS1:card-0002", "AS1:card-0003")


@dataclass
class _Code:
    text: str
    points: list[tuple[float, float]]


def _qr(text: str, scale: int = 8) -> np.ndarray:
    qr = qrcode.QRCode(border=4)
    qr.add_data(text)
    qr.make(fit=True)
    modules = np.where(np.array(qr.get_matrix(), dtype=bool), 0, 255).astype(np.uint8)
    return cv2.cvtColor(np.kron(modules, np.ones((scale, scale), np.uint8)), cv2.COLOR_GRAY2BGR)


def make_video(path: Path, seconds: float = 4.0, fps: float = 30.0) -> Path:
    """A 1280x720 webcam-like video: a card moving across a noisy background, every card in turn."""
    rng = np.random.default_rng(7)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (1280, 720))
    frames = int(seconds * fps)
    codes = [_qr(text) for text in CARDS]
    for i in range(frames):
        frame = rng.integers(60, 120, (720, 1280, 3), dtype=np.uint8)
        code = codes[i * len(codes) // frames]
        h, w = code.shape[:2]
        x, y = 150 + (i * 7) % 700, 120 + (i * 3) % 300
        frame[y : y + h, x : x + w] = code
        writer.write(frame)
    writer.release()
    return path


def default_decoder() -> tuple[str, Callable[[np.ndarray], list[Any]]]:
    """The app's QR pipeline when present, else OpenCV's reader on a grey copy."""
    try:
        from core.qr_decode import QrPipeline
    except ImportError:
        detector = cv2.QRCodeDetector()

        def decode(frame: np.ndarray) -> list[Any]:
            grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            ok, texts, points, _ = detector.detectAndDecodeMulti(grey)
            if not ok:
                return []
            found = zip(texts, points, strict=True)
            return [_Code(t, [tuple(p) for p in pts]) for t, pts in found if t]

        return "cv2.QRCodeDetector", decode
    return "core.qr_decode.QrPipeline", QrPipeline().decode


def _gaps_ms(seconds: float) -> list[float]:
    """The sorted gaps between the ticks of a 5 ms timer over ``seconds`` of the event loop."""
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    last[0] = time.perf_counter()
    timer.start()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    timer.stop()
    return sorted(g * 1000 for g in gaps)


def idle_stall(seconds: float = 3.0) -> float:
    """The worst gap with no camera at all: what this machine's load alone costs."""
    app = QApplication.instance() or QApplication([])
    app.processEvents()
    return _gaps_ms(seconds)[-1]


def worst_stall(video: Path, seconds: float, decode: Callable[[np.ndarray], list[Any]]) -> dict:
    """Run the worker on ``video`` (looped) for ``seconds``; the GUI loop's gaps and counts."""
    app = QApplication.instance() or QApplication([])
    view = CameraView()
    view.resize(960, 540)
    view.show()
    worker = CameraWorker(str(video), decode, opener=lambda spec: VideoFileSource(spec, loop=True))
    view.bind(worker)
    codes: list[str] = []
    worker.codes_decoded.connect(lambda texts, frame: codes.extend(texts))
    worker.start()
    ms = _gaps_ms(seconds)
    started = time.perf_counter()
    worker.stop()
    stop_ms = (time.perf_counter() - started) * 1000
    stats = worker.stats
    view.close()
    app.processEvents()
    return {
        "worst_stall_ms": ms[-1],
        "p99_gap_ms": ms[int(len(ms) * 0.99) - 1],
        "median_gap_ms": statistics.median(ms),
        "ticks": len(ms),
        "frames_captured": stats.captured,
        "frames_shown": view.frames_shown,
        "frames_decoded": stats.decoded,
        "frames_dropped": stats.dropped,
        "last_decode_ms": stats.last_decode_ms,
        "codes_found": len(codes),
        "distinct_codes": len(set(codes)),
        "stop_ms": stop_ms,
        "seconds": seconds,
    }


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, help="a 30 fps video (default: generated)")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    name, decode = default_decoder()
    with tempfile.TemporaryDirectory() as tmp:
        video = args.video or make_video(Path(tmp) / "cards.mp4")
        r = worst_stall(video, args.seconds, decode)
    idle = idle_stall()
    print(f"camera worker on {video.name} for {r['seconds']:.0f} s, decoder {name}")
    print(
        f"GUI event loop: worst stall {r['worst_stall_ms']:.1f} ms (target <= {TARGET_MS:.0f} ms), "
        f"p99 gap {r['p99_gap_ms']:.1f} ms, median gap {r['median_gap_ms']:.1f} ms "
        f"({r['ticks']} ticks of a 5 ms timer); without the camera: worst {idle:.1f} ms"
    )
    print(
        f"frames captured {r['frames_captured']}, shown {r['frames_shown']}, "
        f"decoded {r['frames_decoded']} (dropped {r['frames_dropped']}, "
        f"last decode {r['last_decode_ms']:.0f} ms), codes found {r['codes_found']} "
        f"({r['distinct_codes']} distinct); stop() took {r['stop_ms']:.0f} ms"
    )


if __name__ == "__main__":
    main()
