"""Prints how many webcam frames each QR decoder reads, and how fast, beside the app's pipeline.

The frames are synthetic (``core.scenes``): genuine signed card tokens held up at the gate in
each condition (clean, tilted, far, blurred, dim, overexposed, jpeg, phone) plus frames with no
code at all (``none``, sometimes with a product barcode in view). Every decoder sees the SAME
1280x720 BGR frames; a frame counts only when the decoded text is the token in it, and on
``none`` frames any text is a false positive. Targets: the pipeline reads at least as many
frames as the best single decoder in every condition, and a frame without a code costs at most
5 ms median and 15 ms p95.

Run: python benchmarks/scan.py [--frames N]   (N frames per condition, default 60)
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.card_tokens import CardClaims, CardKey  # noqa: E402
from core.qr_decode import QrPipeline  # noqa: E402
from core.scenes import CONDITIONS, scene  # noqa: E402

SIZE = (1280, 720)
NO_CODE_MEDIAN_MS, NO_CODE_P95_MS = 5.0, 15.0
SINGLE = ("zxing-cpp", "pyzbar", "OpenCV")

Decoder = Callable[[np.ndarray], list[str]]


def genuine_tokens(n: int = 6) -> list[str]:
    key = CardKey.generate()
    expiry = dt.date.today() + dt.timedelta(days=365)
    return [key.sign(CardClaims(1000 + i, 1, expiry)) for i in range(n)]


def single_decoders() -> dict[str, Decoder]:
    from pyzbar import pyzbar

    qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    opencv = cv2.QRCodeDetector()

    def zxing_alone(frame: np.ndarray) -> list[str]:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        return [c.text for c in zxingcpp.read_barcodes(grey, formats=qr)]

    def pyzbar_alone(frame: np.ndarray) -> list[str]:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        symbols = pyzbar.decode(grey, symbols=[pyzbar.ZBarSymbol.QRCODE])
        return [s.data.decode("utf-8", errors="replace") for s in symbols]

    def opencv_alone(frame: np.ndarray) -> list[str]:
        text, _, _ = opencv.detectAndDecode(frame)
        return [text] if text else []

    return {"zxing-cpp": zxing_alone, "pyzbar": pyzbar_alone, "OpenCV": opencv_alone}


@dataclass
class Tally:
    read: int = 0
    false_positives: int = 0
    frames: int = 0
    ms: list[float] = field(default_factory=list)
    by_decoder: Counter[str] = field(default_factory=Counter)

    def rate(self) -> float:
        return 100.0 * self.read / max(self.frames, 1)

    def median(self) -> float:
        return statistics.median(self.ms)

    def p95(self) -> float:
        return float(np.percentile(self.ms, 95))


def measure(frames_per_condition: int, seed: int) -> dict[str, dict[str, Tally]]:
    """Tallies per condition and decoder, every decoder on the same frames."""
    tokens = genuine_tokens()
    singles = single_decoders()
    results: dict[str, dict[str, Tally]] = {}
    for index, condition in enumerate(CONDITIONS):
        pipeline = QrPipeline()  # a fresh one per condition: its retry share restarts
        without_pyzbar = QrPipeline(use_pyzbar=False)  # a PC where libzbar cannot be loaded
        tallies = {name: Tally() for name in ("pipeline", *singles, "no pyzbar")}
        for i in range(frames_per_condition):
            token = None if condition == "none" else tokens[i % len(tokens)]
            rng = np.random.default_rng([seed, index, i])
            frame = scene(token, condition, rng, SIZE)
            start = time.perf_counter()
            decoded = pipeline.decode(frame)
            _count(tallies["pipeline"], token, [d.text for d in decoded], start)
            for d in decoded:
                if d.text == token:
                    tallies["pipeline"].by_decoder[d.decoder] += 1
            for name, decode in singles.items():
                start = time.perf_counter()
                _count(tallies[name], token, decode(frame), start)
            start = time.perf_counter()
            texts = [d.text for d in without_pyzbar.decode(frame)]
            _count(tallies["no pyzbar"], token, texts, start)
        results[condition] = tallies
    return results


def _count(tally: Tally, token: str | None, texts: list[str], start: float) -> None:
    tally.ms.append(1000 * (time.perf_counter() - start))
    tally.frames += 1
    if token is None:
        tally.false_positives += bool(texts)
    elif token in texts:
        tally.read += 1


def decoder_table(frames_per_condition: int, seed: int = 2026) -> str:
    """The decoder comparison and the target checks, as printable text."""
    results = measure(frames_per_condition, seed)
    names = ("pipeline", *SINGLE)
    head = f"{'condition':<12}" + "".join(f"{n:>22}" for n in names)
    sub = f"{'':<12}" + f"{'read   med ms  p95 ms':>22}" * len(names)
    lines = [
        f"QR decoding, {frames_per_condition} frames of {SIZE[0]}x{SIZE[1]} per condition",
        head,
        sub,
    ]
    for condition, tallies in results.items():
        cells = []
        for n in names:
            t = tallies[n]
            what = f"FP {t.false_positives}" if condition == "none" else f"{t.rate():.0f}%"
            cells.append(f"{what:>8}{t.median():>7.1f}{t.p95():>7.1f}")
        lines.append(f"{condition:<12}" + "".join(cells))
    coded = [c for c in results if c != "none"]
    overall = []
    for n in names:
        read = sum(results[c][n].read for c in coded)
        frames = sum(results[c][n].frames for c in coded)
        overall.append(f"{100 * read / frames:>8.0f}%{'':>13}")
    lines.append(f"{'all codes':<12}" + "".join(overall))
    lines.append("")
    behind = [
        f"{c} ({results[c]['pipeline'].read} < {max(results[c][n].read for n in SINGLE)})"
        for c in coded
        if results[c]["pipeline"].read < max(results[c][n].read for n in SINGLE)
    ]
    verdict = "yes" if not behind else "no: " + ", ".join(behind)
    lines.append(f"pipeline >= best single decoder in every condition: {verdict}")
    none = results["none"]["pipeline"]
    ok = none.median() <= NO_CODE_MEDIAN_MS and none.p95() <= NO_CODE_P95_MS
    lines.append(
        f"no-code frame median {none.median():.1f} ms (target <= {NO_CODE_MEDIAN_MS:.0f}), "
        f"p95 {none.p95():.1f} ms (target <= {NO_CODE_P95_MS:.0f}): {'yes' if ok else 'no'}"
    )
    lines.append(f"false positives of the pipeline on no-code frames: {none.false_positives}")
    by = Counter[str]()
    for c in coded:
        by.update(results[c]["pipeline"].by_decoder)
    lines.append("pipeline reads by decoder: " + ", ".join(f"{k} {v}" for k, v in by.most_common()))
    lines.append(
        "pipeline without pyzbar (no libzbar): "
        + ", ".join(f"{c} {results[c]['no pyzbar'].rate():.0f}%" for c in coded)
    )
    return "\n".join(lines)


# --- GUI figures --------------------------------------------------------------------------
# Scan-to-verdict and the GUI event loop's worst stall are measured on the real gate page
# (benchmarks/gate_page.py), fed by the demo video through the real camera worker.


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60, help="frames per condition")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic frames")
    parser.add_argument("--no-gui", action="store_true", help="decoders only, no gate page")
    args = parser.parse_args(argv)
    print(decoder_table(args.frames, args.seed))
    if not args.no_gui:
        from benchmarks import gate_page

        gate_page.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
