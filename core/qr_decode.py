"""Finds pickup-card QR codes in camera frames and image files: zxing-cpp first, retries that pay.

Chosen by measurement (``benchmarks/scan.py``: 60 synthetic 1280x720 webcam frames per condition
from ``core.scenes``, every decoder on the same frames, 2 cores; ranges are over three seeds):

* zxing-cpp alone reads the most: 89-91 % of the frames with a code at ~1.5 ms; pyzbar 80-82 %
  at ~23 ms; OpenCV's QRCodeDetector 44 % at ~45 ms (its Aruco variant ~63 % at ~35 ms). So
  zxing-cpp reads every frame, on the grey copy, with its defaults: ``try_invert`` is what reads
  a dark-mode phone (98 % of phone frames, 65 % without it) for ~0.5 ms. Most frames end there.
* pyzbar beat zxing-cpp in glare (68-80 % vs 53-60 %) and, on some seeds, in dim light (93 vs
  87 %); both show in the frame's brightness. A 160x90 thumbnail (~0.2 ms) tells them from
  every normal frame, so those frames, and only those, get a zxing-cpp retry on a darkened
  (gamma 3, global threshold) or contrast-stretched copy and then pyzbar: the pipeline is never
  behind pyzbar there. That costs 20-45 ms on such a frame (p95), never on a normal one.
* ``return_errors`` reports a code zxing-cpp located but could not read: the surest sign of a
  code. That region alone is enlarged and retried (sharpened, then pyzbar), a cheap crop.
* Every ``retry_share``-th frame (default 3) gets a sharpened retry, which read 2-8 % more of
  the blurred and far cards; frames without a code stay at ~2.4 ms median, 7-8 ms p95.
* Overall 94-96 % against zxing-cpp's 89-91 %. OpenCV read no frame that the steps above missed,
  so it is not on the camera path, only the last resort of :meth:`QrPipeline.decode_still`.

Only full-size QR codes are read (a product's EAN-13 in view is ignored); texts are stripped and
de-duplicated. The camera worker must hand over the newest frame only, never a queue of frames;
one pipeline per worker (it counts frames). pyzbar is optional: if the zbar library cannot be
loaded the pipeline logs one warning and goes on without it (glare: 70-75 % instead of 80-83 %).
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp
from PIL import Image

from core.errors import AfterSchoolError

__all__ = ["Decoded", "QrPipeline", "RepeatFilter", "ScanImageError", "decode_image_file"]

_log = logging.getLogger(__name__)

Grey = npt.NDArray[np.uint8]
ScanImageCode = Literal["not_found", "not_an_image", "too_large"]
Points = tuple[tuple[int, int], ...]
_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
# zxing-cpp counts Micro QR and rMQR in the QR family; a card is always a full-size QR code.
_QR_FORMATS = (zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.QRCodeModel2)
_THUMB = (160, 90)
_STILL_MAX_SIDE = 2560  # bigger photos are shrunk first: a card never needs 24 megapixels
_CROP_MIN = 240  # a located-but-unread code is enlarged to at least this many pixels
_ZXING_MAX_SIDE = 65535  # zxing-cpp refuses longer images (ValueError)
# Image files: a 50-megapixel phone photo is read; a decompression bomb (a tiny file declaring
# 60000x60000 pixels) is refused from its header before a byte of it is decoded.
MAX_STILL_PIXELS = 80_000_000
MAX_STILL_BYTES = 200_000_000


@dataclass(frozen=True)
class Decoded:
    """One QR code found: its text, its corners in the frame and which decoder read it."""

    text: str
    points: Points
    decoder: str


class ScanImageError(AfterSchoolError):
    """An image file to scan cannot be used: ``not_found``, ``not_an_image`` or ``too_large``.

    The message does not repeat the path (callers print it beside); ``params["path"]`` has it.
    """

    def __init__(self, code: ScanImageCode, message: str, path: Path) -> None:
        super().__init__(message, path=str(path))
        self.code: ScanImageCode = code


@cache
def _pyzbar() -> ModuleType | None:
    """The pyzbar decoder, or None (warned once) when the zbar library cannot be loaded."""
    try:
        from pyzbar import pyzbar  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # a missing DLL is an OSError on Windows
        _log.warning("pyzbar is unavailable (%s); decoding with zxing-cpp alone", exc)
        return None
    module: ModuleType = pyzbar
    return module


def _grey(image: npt.NDArray[np.generic]) -> Grey:
    if image.dtype != np.uint8:
        raise ValueError(f"expected a uint8 image, not {image.dtype}")
    pixels: Grey = np.asarray(image, dtype=np.uint8)
    if pixels.ndim == 2:
        return np.ascontiguousarray(pixels)
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        return np.ascontiguousarray(pixels[:, :, 0])
    if pixels.ndim == 3 and pixels.shape[2] in (3, 4):
        code = cv2.COLOR_BGR2GRAY if pixels.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
        return np.asarray(cv2.cvtColor(pixels, code), dtype=np.uint8)
    raise ValueError(f"expected a BGR or grey image, not shape {pixels.shape}")


def _mapped(points: Iterable[tuple[float, float]], scale: float, origin: tuple[int, int]) -> Points:
    """Points from a scaled crop back to the frame."""
    return tuple((round(x / scale + origin[0]), round(y / scale + origin[1])) for x, y in points)


def _zxing(
    grey: Grey,
    decoder: str = "zxing",
    *,
    scale: float = 1.0,
    origin: tuple[int, int] = (0, 0),
    binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage,
) -> tuple[list[Decoded], list[Points]]:
    """QR codes zxing-cpp reads, and the corners of those it located but could not read."""
    found: list[Decoded] = []
    failed: list[Points] = []
    for code in zxingcpp.read_barcodes(grey, formats=_QR, binarizer=binarizer, return_errors=True):
        if code.format not in _QR_FORMATS:
            continue
        p = code.position
        corners = [(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        points = _mapped(corners, scale, origin)
        if code.valid:
            found.append(Decoded(code.text, points, decoder))
        else:
            failed.append(points)
    return found, failed


def _zbar(
    grey: Grey, decoder: str = "pyzbar", *, scale: float = 1.0, origin: tuple[int, int] = (0, 0)
) -> list[Decoded]:
    zbar = _pyzbar()
    if zbar is None:
        return []
    found = []
    for symbol in zbar.decode(grey, symbols=[zbar.ZBarSymbol.QRCODE]):
        text = bytes(symbol.data).decode("utf-8", errors="replace")
        points = _mapped(((p.x, p.y) for p in symbol.polygon), scale, origin)
        found.append(Decoded(text, points, decoder))
    return found


def _opencv(grey: Grey) -> list[Decoded]:
    found = []
    for detector in (cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()):
        ok, texts, corners, _ = detector.detectAndDecodeMulti(grey)
        if not ok or corners is None:
            continue
        for text, quad in zip(texts, corners, strict=False):
            if text:
                points = tuple((round(float(x)), round(float(y))) for x, y in quad)
                found.append(Decoded(str(text), points, "opencv"))
    return found


@cache
def _gamma_lut(gamma: float) -> Grey:
    return (255 * (np.arange(256) / 255) ** gamma + 0.5).astype(np.uint8)


def _gamma(grey: Grey, gamma: float) -> Grey:
    """Gamma > 1 darkens washed-out greys apart again; < 1 lifts the shadows."""
    return np.asarray(cv2.LUT(grey, _gamma_lut(gamma)), dtype=np.uint8)


def _stretch(grey: Grey) -> Grey:
    """Spread the frame's 1st-99.5th percentile over 0-255: a dark frame's code gets contrast."""
    thumb = cv2.resize(grey, _THUMB, interpolation=cv2.INTER_AREA)
    low, high = np.percentile(thumb, (1, 99.5))
    lut = np.clip((np.arange(256) - low) * 255 / max(high - low, 8), 0, 255).astype(np.uint8)
    return np.asarray(cv2.LUT(grey, lut), dtype=np.uint8)


def _sharpen(grey: Grey, sigma: float = 2.0) -> Grey:
    """Unsharp mask: restores the module edges a soft or shaken webcam smeared."""
    soft = cv2.GaussianBlur(grey, (0, 0), sigma)
    return np.asarray(cv2.addWeighted(grey, 2.0, soft, -1.0, 0), dtype=np.uint8)


@dataclass(frozen=True)
class _Light:
    """How the frame is exposed, from a thumbnail: glare washes codes out, dusk drowns them."""

    washed_out: bool
    dark: bool

    @classmethod
    def of(cls, grey: Grey) -> _Light:
        thumb = cv2.resize(grey, _THUMB, interpolation=cv2.INTER_AREA)
        clipped = float(np.count_nonzero(thumb >= 250)) / thumb.size
        brightest = float(np.percentile(thumb, 99))
        return cls(washed_out=clipped > 0.12 or float(thumb.mean()) > 200, dark=brightest < 110)


Step = Callable[[Grey], list[Decoded]]


def _gamma_global(grey: Grey) -> list[Decoded]:
    """zxing-cpp on a darkened copy, one threshold for all: glare leaves no local contrast."""
    dark = _gamma(grey, 3.0)
    return _zxing(dark, "zxing-enhanced", binarizer=zxingcpp.Binarizer.GlobalHistogram)[0]


def _stretched(grey: Grey) -> list[Decoded]:
    return _zxing(_stretch(grey), "zxing-enhanced")[0]


def _sharpened(grey: Grey) -> list[Decoded]:
    return _zxing(_sharpen(grey), "zxing-enhanced")[0]


def _merge(into: list[Decoded], more: Iterable[Decoded]) -> int:
    """Append codes whose text is new (stripped; empty ones dropped); returns how many."""
    seen = {d.text for d in into}
    added = 0
    for d in more:
        text = d.text.strip()
        if text and text not in seen:
            into.append(Decoded(text, d.points, d.decoder))
            seen.add(text)
            added += 1
    return added


def _crop_retry(grey: Grey, points: Points, *, zbar: bool) -> list[Decoded]:
    """Enlarge the region where a code was located but not read, and try harder there."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    side = max(max(xs) - min(xs), max(ys) - min(ys), 16)
    x0, y0 = max(min(xs) - side // 2, 0), max(min(ys) - side // 2, 0)
    x1, y1 = min(max(xs) + side // 2, grey.shape[1]), min(max(ys) + side // 2, grey.shape[0])
    if x1 <= x0 or y1 <= y0:
        return []
    scale = min(max(_CROP_MIN / side, 1.0), 4.0)
    crop = np.ascontiguousarray(grey[y0:y1, x0:x1])
    if scale > 1.0:
        big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        crop = np.asarray(big, dtype=np.uint8)
    found: list[Decoded] = []
    for image in (crop, _sharpen(crop, 1.5 * scale)):
        _merge(found, _zxing(image, "zxing-enhanced", scale=scale, origin=(x0, y0))[0])
        if found:
            return found
    return _zbar(crop, scale=scale, origin=(x0, y0)) if zbar else []


class QrPipeline:
    """Decodes QR codes in camera frames (cheap, adaptive) and in stills (thorough).

    Args:
        retry_share: every ``retry_share``-th frame gets a sharpened retry even without any
            sign of a code; 0 turns that off.
        use_pyzbar: use pyzbar for the retries where it helps (when it can be loaded).
    """

    def __init__(self, *, retry_share: int = 3, use_pyzbar: bool = True) -> None:
        if retry_share < 0:
            raise ValueError("retry_share must be 0 (off) or a positive number of frames")
        self._share = retry_share
        self._pyzbar = use_pyzbar and _pyzbar() is not None
        self._frames = 0

    def decode(self, frame: npt.NDArray[np.generic]) -> list[Decoded]:
        """QR codes in one camera frame (BGR or grey uint8), each text once."""
        grey = _grey(frame)
        self._frames += 1
        found, failed = _zxing(grey)
        result: list[Decoded] = []
        _merge(result, found)
        for points in failed:  # located but unread: by far the likeliest place for a code
            _merge(result, _crop_retry(grey, points, zbar=self._pyzbar))
        if result:
            return result
        light = _Light.of(grey)
        steps: list[Step] = []
        if light.washed_out:
            steps += [_gamma_global, _zbar] if self._pyzbar else [_gamma_global, _stretched]
        elif light.dark:
            steps += [_stretched, _zbar] if self._pyzbar else [_stretched]
        if self._share and self._frames % self._share == 0:
            steps.append(_sharpened)
        for step in steps:
            if _merge(result, step(grey)):
                break
        return result

    def decode_still(self, image: npt.NDArray[np.generic]) -> list[Decoded]:
        """QR codes in a still image: every decoder and enhancement, at several sizes."""
        grey = _grey(image)
        result: list[Decoded] = []
        h, w = grey.shape
        # Small codes on a huge photo: zxing-cpp at full size, as far as it takes images.
        if _STILL_MAX_SIDE < max(h, w) <= _ZXING_MAX_SIDE:
            _merge(result, _zxing(grey)[0])
        scale = min(1.0, _STILL_MAX_SIDE / max(h, w))
        while True:
            shown = grey if scale == 1.0 else _shrunk(grey, scale)
            _merge(result, self._everything(shown, scale))
            if min(shown.shape) < 400:
                break
            scale /= 2
        if not result:  # OpenCV never read a frame the others missed, but a still may be odd
            small = min(1.0, 1280 / max(h, w))
            _merge(result, _scaled(_opencv(_shrunk(grey, small)), small))
        return result

    def _everything(self, grey: Grey, scale: float) -> list[Decoded]:
        found: list[Decoded] = []
        variants = (
            grey,
            _sharpen(grey),
            _sharpen(grey, 1.0),
            _stretch(grey),
            _gamma(grey, 3.0),
            _gamma(grey, 0.5),
            cv2.createCLAHE(2.0, (8, 8)).apply(grey),
        )
        for variant in variants:
            image = np.asarray(variant, dtype=np.uint8)
            decoder = "zxing" if variant is grey else "zxing-enhanced"
            for binarizer in (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.GlobalHistogram):
                codes, failed = _zxing(image, decoder, binarizer=binarizer)
                _merge(found, codes)
                for points in failed:
                    _merge(found, _crop_retry(image, points, zbar=self._pyzbar))
        if self._pyzbar:
            for image in (grey, 255 - grey, _stretch(grey), _gamma(grey, 3.0)):
                _merge(found, _zbar(np.ascontiguousarray(image, dtype=np.uint8)))
        return _scaled(found, scale)


def _shrunk(grey: Grey, scale: float) -> Grey:
    if scale >= 1.0:
        return grey
    # At least one pixel each way: a strip of 1 x 3000 pixels must not shrink to nothing.
    h, w = grey.shape
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(cv2.resize(grey, size, interpolation=cv2.INTER_AREA))


def _scaled(found: list[Decoded], scale: float) -> list[Decoded]:
    if scale == 1.0:
        return found
    return [Decoded(d.text, _mapped(d.points, scale, (0, 0)), d.decoder) for d in found]


def _read_image(path: Path) -> Grey:
    """The file as a grey image; transparent pixels count as white paper.

    Pillow decodes it, not OpenCV: Pillow reports a damaged file as an exception, where
    OpenCV's codecs also write libpng and libjpeg complaints to stderr, and it reads the size
    from the header, so a decompression bomb is refused before any pixel is decoded.
    """
    if not path.is_file():
        if path.exists():
            raise ScanImageError("not_an_image", "This is a folder, not an image file.", path)
        raise ScanImageError("not_found", "There is no such file.", path)
    try:
        if path.stat().st_size > MAX_STILL_BYTES:
            raise _too_large(path)
        data = path.read_bytes()
    except OSError as exc:
        raise ScanImageError(
            "not_an_image", f"The file cannot be read ({exc.strerror or exc}).", path
        ) from exc
    try:
        with warnings.catch_warnings():
            # Pillow warns of bombs above its own limit; ours is lower and checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_STILL_PIXELS:
                    raise _too_large(path)
                grey = _pillow_grey(image)
    except ScanImageError:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_large(path) from exc
    except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise many types on bad data
        raise ScanImageError(
            "not_an_image", "The file is not an image that can be read.", path
        ) from exc
    if grey.size == 0:
        raise ScanImageError("not_an_image", "The file is not an image that can be read.", path)
    return grey


def _too_large(path: Path) -> ScanImageError:
    return ScanImageError(
        "too_large",
        f"The image is too large to scan (over {MAX_STILL_PIXELS // 1_000_000} megapixels).",
        path,
    )


def _pillow_grey(image: Image.Image) -> Grey:
    """Grey pixels of any mode: 16-bit and float scaled to 8 bits, transparency on white."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        pixels = np.asarray(image)
        top = 65535.0 if image.mode.startswith("I;16") else max(float(pixels.max()), 1.0)
        scaled: Grey = np.clip(pixels.astype(np.float32) * (255.0 / top), 0, 255).astype(np.uint8)
        return scaled
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    if image.mode not in ("1", "L", "P", "RGB", "RGBA", "CMYK", "YCbCr"):
        image = image.convert("RGB")
    return np.array(image.convert("L"), dtype=np.uint8)


def decode_image_file(path: Path, pipeline: QrPipeline | None = None) -> list[str]:
    """Texts of the QR codes in an image file (png, jpg, bmp, webp, tiff …); maybe none.

    Raises:
        ScanImageError: ``not_found`` if there is no such file, ``not_an_image`` if it cannot
            be read as an image, ``too_large`` if it has more than ``MAX_STILL_PIXELS``.
    """
    grey = _read_image(Path(path))
    return [d.text for d in (pipeline or QrPipeline()).decode_still(grey)]


class RepeatFilter:
    """The same card seen again within a few seconds is not processed twice.

    A card held up for 10 s is one scan: a text stays suppressed while it keeps being seen
    within ``window_s`` of its last sighting, and is fresh again after a gap that long.
    """

    def __init__(self, window_s: float = 4.0) -> None:
        self._window = window_s
        self._last_seen: dict[str, float] = {}

    def fresh(self, text: str, now: float) -> bool:
        """True the first time ``text`` is seen (``now`` from ``time.monotonic()``), else False."""
        cutoff = now - self._window  # cards gone from the gate are forgotten
        self._last_seen = {t: s for t, s in self._last_seen.items() if s >= cutoff}
        last = self._last_seen.get(text)
        self._last_seen[text] = now
        return last is None or now - last > self._window

    def forget(self, text: str) -> None:
        """Treat ``text`` as never seen: a teacher's deliberate rescan is a new read."""
        self._last_seen.pop(text, None)
