"""Writes the gate's three sounds (ok, refused, alert) as small mono 16-bit WAV files.

Usage::

    python packaging/make_sounds.py [OUT_DIR]      # default: resources/sounds

The output is deterministic, so running it again changes nothing unless this file changed.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "sounds"
RATE = 22050
FULL = 32767

Wave = Callable[[float], float]


def _envelope(t: float, length: float, attack: float = 0.005, release: float = 0.02) -> float:
    """0 → 1 → 0 ramps at both ends, so no tone starts or stops with a click."""
    if t < 0 or t > length:
        return 0.0
    return min(1.0, t / attack, (length - t) / release)


def _bell(freq: float, t: float, length: float) -> float:
    """A soft struck tone: the fundamental and two quiet partials, decaying."""
    if t < 0 or t > length:
        return 0.0
    tone = (
        math.sin(2 * math.pi * freq * t)
        + 0.35 * math.sin(2 * math.pi * 2 * freq * t)
        + 0.12 * math.sin(2 * math.pi * 3 * freq * t)
    ) / 1.47
    return tone * math.exp(-5.0 * t) * _envelope(t, length, 0.004, 0.04)


def ok(t: float) -> float:
    """Two rising chime notes, G5 then C6: 'go ahead'."""
    return 0.55 * (_bell(783.99, t, 0.2) + _bell(1046.5, t - 0.12, 0.23))


def _buzz(freq: float, t: float) -> float:
    """A harsh low tone: the first odd harmonics of a square wave."""
    return sum(math.sin(2 * math.pi * k * freq * t) / k for k in (1, 3, 5, 7, 9)) / 1.2


def refused(t: float) -> float:
    """Two low buzzes: 'no'."""
    for start in (0.0, 0.33):
        if start <= t <= start + 0.25:
            return 0.8 * _buzz(150.0, t - start) * _envelope(t - start, 0.25, 0.01, 0.03)
    return 0.0


def alert(t: float) -> float:
    """A loud siren alternating high and low every 0.25 s: 'do not release this child'."""
    step = int(t / 0.25)
    freq = 1318.5 if step % 2 == 0 else 880.0
    # The phase of each step starts at 0, so the jump between notes is at a zero crossing.
    local = t - step * 0.25
    square = math.tanh(4.0 * math.sin(2 * math.pi * freq * local))
    return 0.97 * square * _envelope(local, 0.25, 0.003, 0.006)


SOUNDS: dict[str, tuple[Wave, float]] = {
    "ok": (ok, 0.35),
    "refused": (refused, 0.6),
    "alert": (alert, 1.5),
}


def render(fn: Wave, seconds: float, rate: int = RATE) -> bytes:
    """``fn`` sampled for ``seconds`` as little-endian 16-bit PCM."""
    n = int(seconds * rate)
    samples = (max(-FULL, min(FULL, round(fn(i / rate) * FULL))) for i in range(n))
    return b"".join(struct.pack("<h", s) for s in samples)


def write(path: Path, frames: bytes, rate: int = RATE) -> None:
    """A mono 16-bit WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


def main(argv: list[str] | None = None) -> int:
    """Write ok.wav, refused.wav and alert.wav into the folder given (or resources/sounds)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, (fn, seconds) in SOUNDS.items():
        path = out / f"{name}.wav"
        write(path, render(fn, seconds))
        print(f"{path}: {seconds:.2f} s, {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
