"""Synthetic webcam frames of a pickup card held up at the school gate, for tests and benchmarks.

Nothing here runs in the app: it makes the frames a USB webcam at the gate would see (a cluttered
background, a hand holding a card or a phone, blur, dim light, glare, MJPEG), so decoders can be
compared on the SAME hard frames and a demo video can be rendered. A frame is a pure function of
its arguments and the random generator, so every run repeats exactly.

Sizes follow the printed card (``core.card_layout``): an ID-1 card of 85.6 x 54 mm with a
version 3 QR code (29 modules, error correction Q) 26 mm wide on its right half.
"""

from __future__ import annotations

import hashlib
import math
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt
import qrcode  # type: ignore[import-untyped]
import zxingcpp
from qrcode.constants import ERROR_CORRECT_Q  # type: ignore[import-untyped]

__all__ = ["CONDITIONS", "MOTIONS", "card_image", "frame_with_card", "scene"]

Image = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]
Matrix = npt.NDArray[np.float64]

CONDITIONS = ("clean", "tilted", "far", "blurred", "dim", "overexposed", "jpeg", "phone", "none")
MOTIONS = ("steady", "moving", "tilted", "blurred", "enter")

CARD_W_MM, CARD_H_MM = 85.6, 54.0
_QR_MM, _QR_TOP_MM, _HEADER_MM = 26.0, 10.5, 10.0
_QUIET_MODULES = 4
_FOCAL = 1000.0  # px; a 1280x720 webcam has a ~65 degree horizontal field of view
_EXPOSURE_S = 1 / 60  # indoor webcams expose long, so a moving card smears
_NAVY, _INK, _GREY = (121, 78, 31), (39, 24, 17), (99, 85, 75)


@lru_cache(maxsize=64)
def _qr_matrix(token: str) -> npt.NDArray[np.bool_]:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=0)
    qr.add_data(token)
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool)


def _qr_patch(token: str, box: int, *, inverted: bool = False) -> Image:
    """The QR with its quiet zone, ``box`` px square, dark modules 0 (255 when ``inverted``)."""
    padded = np.pad(_qr_matrix(token), _QUIET_MODULES, constant_values=False)
    # Draw at 8 px a module and shrink by area, so a module of 6.7 px looks printed, not jagged.
    sharp = np.where(np.kron(padded, np.ones((8, 8), dtype=bool)), 0, 255).astype(np.uint8)
    patch = cv2.resize(sharp, (box, box), interpolation=cv2.INTER_AREA)
    return np.asarray(255 - patch if inverted else patch, dtype=np.uint8)


@lru_cache(maxsize=32)
def _card_cached(token: str, size: int) -> Image:
    mm = size / CARD_W_MM
    h = round(CARD_H_MM * mm)
    card = np.full((h, size, 3), 246, dtype=np.uint8)

    def box(x: float, y: float, w: float, hh: float, color: tuple[int, int, int]) -> None:
        p1, p2 = (round(x * mm), round(y * mm)), (round((x + w) * mm), round((y + hh) * mm))
        cv2.rectangle(card, p1, p2, color, -1)

    box(0, 0, CARD_W_MM, _HEADER_MM, _NAVY)
    box(3.5, 3.6, 38, 4.0, (235, 235, 235))  # the school's name
    box(70, 4.0, 12, 3.2, (235, 235, 235))  # 接送卡
    for y, w, hh, color in ((12.5, 9, 2.4, _GREY), (16.5, 24, 4.2, _INK), (22, 22, 2.4, _GREY)):
        box(3.5, y, w, hh, color)
    for row in range(4):  # the pupils' names and classes
        box(3.5, 27.5 + row * 5.2, 30 + 7 * (row % 2), 3.0, _INK)
    box(3.5, 49.0, 36, 2.2, _GREY)  # valid until
    qr_box = _QR_MM * (1 + 2 * _QUIET_MODULES / len(_qr_matrix(token)))
    left = CARD_W_MM - qr_box - 0.5
    side, x0, y0 = round(qr_box * mm), round(left * mm), round(_QR_TOP_MM * mm)
    card[y0 : y0 + side, x0 : x0 + side] = _qr_patch(token, side)[:, :, None]
    box(left + 4, 46.0, qr_box - 8, 2.2, _GREY)
    cv2.rectangle(card, (0, 0), (size - 1, h - 1), (218, 208, 200), max(1, size // 400))
    card.setflags(write=False)
    return card


def card_image(token: str, *, size: int = 640) -> Image:
    """A pickup-card look-alike ``size`` px wide (BGR): header, grey text bars and the QR code."""
    return _card_cached(token, size).copy()


def _corners(
    centre: tuple[float, float], height: float, aspect: float, tilt: float, axis: float, roll: float
) -> npt.NDArray[np.float32]:
    """Screen corners of a flat ``aspect`` (w/h) object ``height`` px high, tilted in 3D (deg)."""
    z = _FOCAL / height  # an object 1 high at distance z is ``height`` px high when frontal
    local = np.array([[-aspect, -1, 0], [aspect, -1, 0], [aspect, 1, 0], [-aspect, 1, 0]]) / 2
    a, t, r = (math.radians(v) for v in (axis, tilt, roll))
    rz = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])
    rr = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    pts = local @ (rz @ rx @ rz.T @ rr).T + np.array([0.0, 0.0, z])
    screen = _FOCAL * pts[:, :2] / pts[:, 2:3]
    screen += np.array(centre) - screen.mean(axis=0)
    return np.asarray(screen, dtype=np.float32)


def _fit_inside(corners: npt.NDArray[np.float32], size: tuple[int, int], margin: float) -> None:
    """Shift ``corners`` so the whole object is in the frame: the guardian shows all of the card."""
    for axis, limit in enumerate(size):
        low, high = float(corners[:, axis].min()), float(corners[:, axis].max())
        if low < margin:
            corners[:, axis] += margin - low
        elif high > limit - margin:
            corners[:, axis] -= high - (limit - margin)


def _in_hand(obj: Image, skin: tuple[int, int, int]) -> tuple[Image, int]:
    """``obj`` in a hand: a BGRA canvas padded by half its height, fingers round its left edge."""
    h, w = obj.shape[:2]
    pad = h // 2
    canvas = np.zeros((h + 2 * pad, w + 2 * pad, 4), np.uint8)
    palm = (*skin, 255)
    cv2.ellipse(canvas, (pad // 2, pad + h // 2 + h // 6), (pad, h // 2), 0, 0, 360, palm, -1)
    canvas[pad : pad + h, pad : pad + w, :3] = obj
    canvas[pad : pad + h, pad : pad + w, 3] = 255
    thumb = (*(c - 20 for c in skin), 255)
    centre, axes = (pad + w // 20, pad + h // 2 + h // 6), (w // 9, h // 8)
    cv2.ellipse(canvas, centre, axes, -20, 0, 360, thumb, -1)
    return canvas, pad


@lru_cache(maxsize=32)
def _card_in_hand(token: str, skin: tuple[int, int, int]) -> tuple[Image, int]:
    canvas, pad = _in_hand(_card_cached(token, 640), skin)
    canvas.setflags(write=False)
    return canvas, pad


def _warp_onto(
    frame: Floats | Image,
    bgra: Image,
    to_frame: Matrix,
    blur_px: tuple[float, float, float] = (0, 0, 0),
) -> None:
    """Draw ``bgra`` through homography ``to_frame``; ``blur_px`` = defocus sigma, smear, angle."""
    h, w = bgra.shape[:2]
    src = np.array([[[0, 0], [w, 0], [w, h], [0, h]]], np.float32)
    dst = cv2.perspectiveTransform(src, to_frame)[0]
    reach = int(3 * blur_px[0] + blur_px[1]) + 2
    x0, y0 = (max(int(v) - reach, 0) for v in dst.min(axis=0))
    x1 = min(int(dst[:, 0].max()) + reach, frame.shape[1])
    y1 = min(int(dst[:, 1].max()) + reach, frame.shape[0])
    if x1 <= x0 or y1 <= y0:
        return
    # Shrink by area first: a 3-4x reduction must look like a lens, not like nearest-neighbour.
    shown = max(float(np.linalg.norm(dst[1] - dst[0])), 1.0)
    if shown < w / 2:
        s = 2 * shown / w
        bgra = np.asarray(cv2.resize(bgra, None, fx=s, fy=s, interpolation=cv2.INTER_AREA))
        to_frame = to_frame @ np.diag([1 / s, 1 / s, 1.0])
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64)
    warp = shift @ to_frame
    patch = np.asarray(cv2.warpPerspective(bgra, warp, (x1 - x0, y1 - y0)), dtype=np.uint8)
    if blur_px[0] > 0:
        patch = np.asarray(cv2.GaussianBlur(patch, (0, 0), blur_px[0]), dtype=np.uint8)
    if blur_px[1] >= 2:
        patch = _smear(patch, blur_px[1], blur_px[2])
    bgr = np.asarray(cv2.cvtColor(patch, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
    colour: Floats | Image = bgr.astype(np.float32) if frame.dtype == np.float32 else bgr
    alpha = patch[:, :, 3].astype(np.float32) * np.float32(1 / 255)
    roi = frame[y0:y1, x0:x1]
    roi[...] = cv2.blendLinear(colour, roi, alpha, 1 - alpha)


def _smear(image: Image, length: float, angle: float) -> Image:
    """Motion blur ``length`` px along ``angle`` degrees."""
    size = int(math.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    c, rad = size // 2, math.radians(angle)
    dx, dy = math.cos(rad) * length / 2, math.sin(rad) * length / 2
    cv2.line(kernel, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1)
    kernel /= max(float(kernel.sum()), 1e-6)
    return np.asarray(cv2.filter2D(image, -1, kernel), dtype=np.uint8)


def _object_to_frame(obj_w: int, obj_h: int, pad: int, corners: npt.NDArray[np.float32]) -> Matrix:
    """Homography from a padded canvas around an ``obj_w`` x ``obj_h`` object to ``corners``."""
    src = np.array([[0, 0], [obj_w, 0], [obj_w, obj_h], [0, obj_h]], np.float32)
    m = cv2.getPerspectiveTransform(src, corners)
    return np.asarray(m @ np.array([[1, 0, -pad], [0, 1, -pad], [0, 0, 1]], np.float64))


def _background(rng: np.random.Generator, size: tuple[int, int]) -> Floats:
    """A school gate: wall and sky, railings, signs, posters, a person; out of focus."""
    w, h = size
    c1, c2 = rng.uniform(60, 220, 3), rng.uniform(40, 200, 3)
    ramp = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    frame = np.ascontiguousarray(np.broadcast_to(c1 + (c2 - c1) * ramp, (h, w, 3)), np.float32)
    blotch = rng.uniform(-40, 40, (6, 10, 3)).astype(np.float32)
    frame += cv2.resize(blotch, (w, h), interpolation=cv2.INTER_CUBIC)
    for _ in range(int(rng.integers(8, 16))):  # buildings, doors, posters
        x, y = int(rng.integers(-100, w)), int(rng.integers(-100, h))
        ww, hh = (int(v) for v in rng.integers(40, 400, 2))
        cv2.rectangle(frame, (x, y), (x + ww, y + hh), rng.uniform(20, 235, 3).tolist(), -1)
    rail_y = int(rng.integers(h // 3, h))
    for x in range(int(rng.integers(0, 40)), w, int(rng.integers(30, 70))):  # the gate
        cv2.line(frame, (x, rail_y), (x, h), rng.uniform(10, 80, 3).tolist(), 6)
    for _ in range(int(rng.integers(3, 8))):  # signs with lines of "text"
        x, y = int(rng.integers(0, w - 200)), int(rng.integers(0, h - 100))
        ink = rng.uniform(0, 90, 3).tolist()
        for row in range(int(rng.integers(2, 6))):
            length = int(rng.integers(60, 200))
            cv2.rectangle(frame, (x, y + 14 * row), (x + length, y + 14 * row + 7), ink, -1)
    for _ in range(int(rng.integers(4, 10))):
        centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.circle(frame, centre, int(rng.integers(8, 90)), rng.uniform(0, 255, 3).tolist(), -1)
    body = (int(rng.integers(w // 4, 3 * w // 4)), h)
    cv2.ellipse(frame, body, (w // 6, h // 2), 0, 180, 360, rng.uniform(20, 160, 3).tolist(), -1)
    cv2.circle(frame, (body[0], h // 5), h // 9, (110, 140, 190), -1, cv2.LINE_AA)
    return np.asarray(cv2.GaussianBlur(frame, (0, 0), 1.6), dtype=np.float32)


def _product(rng: np.random.Generator) -> Image:
    """A snack box with an EAN-13 product barcode on it: the scanner must ignore it."""
    digits = "".join(str(d) for d in rng.integers(0, 10, 12))  # zxing-cpp adds the check digit
    ean = np.asarray(zxingcpp.create_barcode(digits, zxingcpp.BarcodeFormat.EAN13).to_image())
    size = (ean.shape[1] * 3, 90)
    bars = np.asarray(cv2.resize(ean, size, interpolation=cv2.INTER_NEAREST), dtype=np.uint8)
    h, w = bars.shape[0] + 160, bars.shape[1] + 100
    box = np.empty((h, w, 3), np.uint8)
    box[:] = rng.integers(30, 230, 3).astype(np.uint8)
    box[40 : 60 + bars.shape[0], 40 : w - 40] = 255
    box[50 : 50 + bars.shape[0], 50 : 50 + bars.shape[1]] = bars[:, :, None]
    return box


def _no_code_card(rng: np.random.Generator) -> Image:
    """A card with a photo and text but no QR code (a library card, a staff badge)."""
    card = np.full((404, 640, 3), 240, np.uint8)
    cv2.rectangle(card, (0, 0), (639, 70), rng.integers(0, 200, 3).tolist(), -1)
    cv2.rectangle(card, (440, 100), (600, 330), (150, 160, 170), -1)
    cv2.circle(card, (520, 190), 50, (120, 150, 200), -1)
    for row in range(6):
        cv2.rectangle(card, (30, 110 + 40 * row), (330 - 20 * (row % 3), 130 + 40 * row), _INK, -1)
    return card


def _phone(token: str, rng: np.random.Generator) -> Image:
    """A phone showing the QR in an app: bezel, emissive screen, pixel grid, maybe dark mode."""
    dark = rng.random() < 0.35
    w, h = 360, 740
    phone = np.full((h, w, 3), 25, np.uint8)
    screen = np.full((h - 60, w - 24, 3), 30 if dark else 250, np.uint8)
    cv2.rectangle(screen, (0, 0), (screen.shape[1], 70), rng.integers(40, 200, 3).tolist(), -1)
    side, top = 300, 160
    x0 = (screen.shape[1] - side) // 2
    screen[top : top + side, x0 : x0 + side] = _qr_patch(token, side, inverted=dark)[:, :, None]
    # A screen emits: its black is lifted and its white is not paper white.
    low, high = rng.uniform(25, 90), rng.uniform(170, 235)
    shown = low + screen.astype(np.float32) * ((high - low) / 255)
    grid = np.ones(shown.shape[:2], np.float32)
    grid[::3, :] *= 0.72  # the sub-pixel rows, which the camera turns into moire
    grid[:, ::3] *= 0.8
    phone[30 : h - 30, 12 : w - 12] = np.clip(shown * grid[:, :, None], 0, 255).astype(np.uint8)
    return phone


def _finish(
    frame: Floats, rng: np.random.Generator, condition: str, near: tuple[float, float]
) -> Image:
    """The camera: exposure, glare (about ``near``), sensor noise, and the webcam's MJPEG."""
    h, w = frame.shape[:2]
    gain, offset, noise, quality = 1.0, 0.0, rng.uniform(2, 4), int(rng.integers(70, 92))
    if condition == "dim":
        gain, noise = rng.uniform(0.1, 0.2), rng.uniform(3.5, 6.0)
    elif condition == "overexposed":
        gain, offset = rng.uniform(1.5, 2.4), rng.uniform(60, 110)
    elif condition == "jpeg":
        quality = int(rng.integers(12, 25))
    frame = frame * gain + offset
    if condition in ("overexposed", "phone"):  # a lamp or the sky mirrored in the card or screen
        gx, gy = (c + rng.uniform(-150, 150) for c in near)
        yy, xx = np.ogrid[:h, :w]
        radius = rng.uniform(50, 160)
        spot = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * radius**2)).astype(np.float32)
        frame += (rng.uniform(80, 170) * spot)[:, :, None]
    frame += rng.standard_normal((h, w), dtype=np.float32)[:, :, None] * noise
    out = np.clip(frame, 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR), dtype=np.uint8) if ok else out


def scene(
    token: str | None,
    condition: str,
    rng: np.random.Generator,
    size: tuple[int, int] = (1280, 720),
) -> Image:
    """A BGR webcam frame (``size`` is width, height) of ``token``'s card held up in ``condition``.

    ``condition`` is one of :data:`CONDITIONS`. With ``"none"`` (or ``token`` None) nothing in
    view is a QR code, though a product's EAN-13 barcode or a card without a code may be.
    """
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; expected one of {CONDITIONS}")
    w, h = size
    frame = _background(rng, size)
    others: list[Image] = []
    if token is None or condition == "none":
        others += [_product(rng)] if rng.random() < 0.6 else []
        others += [_no_code_card(rng)] if rng.random() < 0.5 else []
    for other in others:
        oh, ow = other.shape[:2]
        centre = (rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h)
        tilt, axis, roll = rng.uniform(0, 20), rng.uniform(0, 360), rng.uniform(-8, 8)
        corners = _corners(centre, rng.uniform(0.3, 0.5) * h, ow / oh, tilt, axis, roll)
        _fit_inside(corners, size, 5)
        bgra = np.dstack([other, np.full((oh, ow), 255, np.uint8)])
        _warp_onto(frame, bgra, _object_to_frame(ow, oh, 0, corners), (0.7, 0, 0))
    near = (w / 2, h / 2)
    if token is not None and condition != "none":
        near = _draw_held(frame, token, condition, rng, size)
    return _finish(frame, rng, condition, near)


def _draw_held(
    frame: Floats, token: str, condition: str, rng: np.random.Generator, size: tuple[int, int]
) -> tuple[float, float]:
    """Draw the card (or phone) of ``condition`` in a hand; returns where its code is."""
    w, h = size
    centre = (rng.uniform(0.25, 0.75) * w, rng.uniform(0.3, 0.7) * h)
    tilt, axis, roll = rng.uniform(0, 12), rng.uniform(0, 360), rng.uniform(-12, 12)
    frac = rng.uniform(0.25, 0.40)
    if condition == "tilted":
        tilt, roll, frac = rng.uniform(30, 40), rng.uniform(-60, 60), rng.uniform(0.22, 0.35)
    elif condition == "far":
        # A module is 26/29 mm of a 54 mm card: 2-3 px a module is a card 120-180 px high.
        frac = rng.uniform(2.0, 3.0) * (CARD_H_MM * 29 / _QR_MM) / h
    elif condition == "phone":
        frac = rng.uniform(0.45, 0.65)
    blur = (rng.uniform(0.5, 1.0), 0.0, 0.0)  # a webcam is never quite sharp
    if condition == "blurred":
        if rng.random() < 0.5:  # the autofocus hunting
            blur = (rng.uniform(1.0, 1.8), 0.0, 0.0)
        else:  # a shaking hand
            blur = (0.7, rng.uniform(4, 8), rng.uniform(0, 180))
    skin = _skin(rng)
    if condition == "phone":
        obj = _phone(token, rng)
        canvas, pad = _in_hand(obj, skin)
    else:
        obj = _card_cached(token, 640)
        canvas, pad = _card_in_hand(token, skin)
    oh, ow = obj.shape[:2]
    corners = _corners(centre, frac * h, ow / oh, tilt, axis, roll)
    _fit_inside(corners, size, 5)
    _warp_onto(frame, canvas, _object_to_frame(ow, oh, pad, corners), blur)
    cx, cy = corners.mean(axis=0)
    return float(cx), float(cy)


def _skin(rng: np.random.Generator) -> tuple[int, int, int]:
    b, g, r = (int(c) for c in rng.integers([90, 120, 170], [150, 175, 235]))
    return b, g, r


# --- video ----------------------------------------------------------------------------------


def _derived(rng: np.random.Generator, *salt: int) -> np.random.Generator:
    """A generator seeded from ``rng``'s current state and ``salt``; ``rng`` is not advanced."""
    digest = hashlib.sha256(repr(rng.bit_generator.state).encode()).digest()
    return np.random.default_rng([int.from_bytes(digest[:8], "big"), *salt])


@lru_cache(maxsize=8)
def _still_background(seed: int, size: tuple[int, int]) -> Image:
    """The gate as a fixed camera sees it for a whole segment."""
    frame = _background(np.random.default_rng(seed), size)
    out = np.clip(frame, 0, 255).astype(np.uint8)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=4)
def _noise_bank(size: tuple[int, int]) -> npt.NDArray[np.int16]:
    """Sensor noise to cut frame-sized windows from: drawing it afresh costs 10 ms a frame."""
    w, h = size
    grey = np.random.default_rng(7).normal(0, 3, (h + 64, w + 64, 1)).round().astype(np.int16)
    bank = np.repeat(grey, 3, axis=2)
    bank.setflags(write=False)
    return bank


def _path(
    motion: str, t: float, rng: np.random.Generator, size: tuple[int, int]
) -> tuple[tuple[float, float], float, float, float, tuple[float, float, float]]:
    """Centre, tilt, axis, roll and blur of the card ``t`` s into a ``motion`` segment."""
    w, h = size
    cx, cy = rng.uniform(0.35, 0.65) * w, rng.uniform(0.4, 0.6) * h
    p1, p2, p3, p4 = rng.uniform(0, 2 * math.pi, 4)
    tilt, axis, roll = rng.uniform(0, 10), rng.uniform(0, 360), rng.uniform(-8, 8)
    # A hand is never still: a slow drift of a few pixels and a degree or two.
    cx += 3 * math.sin(2 * math.pi * 0.7 * t + p1) + 2 * math.sin(2 * math.pi * 1.3 * t + p2)
    cy += 3 * math.sin(2 * math.pi * 0.5 * t + p3)
    roll += 1.5 * math.sin(2 * math.pi * 0.4 * t + p4)
    blur = (0.6, 0.0, 0.0)
    vx = vy = 0.0
    if motion == "moving":
        amp, f = 0.2 * w, 0.25
        cx += amp * math.sin(2 * math.pi * f * t + p1)
        cy += 0.25 * amp * math.sin(4 * math.pi * f * t + p2)
        vx = amp * 2 * math.pi * f * math.cos(2 * math.pi * f * t + p1)
        vy = 0.25 * amp * 4 * math.pi * f * math.cos(4 * math.pi * f * t + p2)
    elif motion == "tilted":
        tilt = 30 + 10 * math.sin(2 * math.pi * 0.3 * t + p1)
        axis += 25 * t
        roll += 15 * math.sin(2 * math.pi * 0.2 * t + p2)
    elif motion == "blurred":  # the autofocus hunting
        blur = (0.6 + 1.4 * (0.5 - 0.5 * math.cos(2 * math.pi * 0.5 * t + p1)), 0.0, 0.0)
    elif motion == "enter":  # slides in from one side over a second, easing into place
        start = -0.3 * w if rng.random() < 0.5 else 1.3 * w
        u = min(t / 1.0, 1.0)
        ease = 1 - (1 - u) ** 3
        vx = (cx - start) * 3 * (1 - u) ** 2 if u < 1 else 0.0
        cx = start + (cx - start) * ease
    elif motion != "steady":
        raise ValueError(f"unknown motion {motion!r}; expected one of {MOTIONS}")
    speed = math.hypot(vx, vy) * _EXPOSURE_S
    if speed >= 2:
        blur = (0.6, speed, math.degrees(math.atan2(vy, vx)))
    return (cx, cy), tilt, axis, roll, blur


def frame_with_card(
    token: str | None,
    *,
    t: float,
    motion: str,
    rng: np.random.Generator,
    size: tuple[int, int] = (1280, 720),
) -> Image:
    """Frame ``t`` s into a video segment: ``token``'s card held up with ``motion``, BGR.

    ``motion`` is one of :data:`MOTIONS`. The frame depends only on the arguments and the
    state of ``rng``, which is not advanced: pass the same generator for every frame of a
    segment and the card moves smoothly over a still background; ``token`` None shows the gate
    with nobody in front of it.
    """
    if motion not in MOTIONS:
        raise ValueError(f"unknown motion {motion!r}; expected one of {MOTIONS}")
    w, h = size
    path_rng = _derived(rng, 0)
    frame = _still_background(int(path_rng.integers(2**31)), size).copy()
    height = path_rng.uniform(0.28, 0.36) * h
    skin = _skin(path_rng)
    if token is not None:
        centre, tilt, axis, roll, blur = _path(motion, t, path_rng, size)
        canvas, pad = _card_in_hand(token, skin)
        ch, cw = canvas.shape[:2]
        ow, oh = cw - 2 * pad, ch - 2 * pad
        corners = _corners(centre, height, ow / oh, tilt, axis, roll)
        if motion != "enter" or t >= 1.0:
            _fit_inside(corners, size, 5)
        _warp_onto(frame, canvas, _object_to_frame(ow, oh, pad, corners), blur)
    frame_rng = _derived(rng, 1, round(t * 1000))
    dx, dy = (int(v) for v in frame_rng.integers(0, 64, 2))
    noise = _noise_bank(size)[dy : dy + h, dx : dx + w]
    return np.asarray(cv2.add(frame, noise, dtype=cv2.CV_8U), dtype=np.uint8)
