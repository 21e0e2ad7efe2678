"""A person's photo scaled into a box, or a coloured placeholder with the surname character."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

# Calm, distinct colours; the same name always gets the same one.
PLACEHOLDER_COLOURS = (
    "#5b8def",
    "#e8835a",
    "#3fa58a",
    "#a06cd5",
    "#d9a12b",
    "#4aa3c4",
    "#d2648e",
    "#6d8a3e",
)
CACHE_SIZE = 600

# (owner kind, id, width, height, radius) -> (digest of the bytes, pixmap). The gate shows the
# same faces many times an afternoon; the digest notices a photo that was replaced meanwhile.
_cache: OrderedDict[tuple[str, int, int, int, int], tuple[bytes, QPixmap]] = OrderedDict()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


def _rounded(pix: QPixmap, size: QSize, radius: int) -> QPixmap:
    """``pix`` scaled to fill ``size`` (cropped to keep its aspect), with rounded corners."""
    scaled = pix.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = (scaled.width() - size.width()) // 2
    y = (scaled.height() - size.height()) // 2
    out = QPixmap(size)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, size.width(), size.height()), radius, radius)
    painter.setClipPath(path)
    painter.drawPixmap(0, 0, scaled, x, y, size.width(), size.height())
    painter.end()
    return out


def photo_pixmap(
    data: bytes | None,
    size: QSize,
    radius: int = 8,
    key: tuple[str, int] | None = None,
) -> QPixmap | None:
    """The decoded photo filling ``size``; None when there is none or it cannot be decoded.

    With ``key`` (owner kind, id) the result is cached.
    """
    if not data:
        return None
    cache_key = (key[0], key[1], size.width(), size.height(), radius) if key else None
    digest = _digest(data)
    if cache_key is not None and cache_key in _cache:
        known, pix = _cache[cache_key]
        if known == digest:
            _cache.move_to_end(cache_key)
            return pix
    raw = QPixmap()
    if not raw.loadFromData(data):
        return None
    pix = _rounded(raw, size, radius)
    if cache_key is not None:
        _cache[cache_key] = (digest, pix)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return pix


def clear_cache() -> None:
    """Forget every decoded photo (tests; a photo import)."""
    _cache.clear()


def placeholder_colour(name: str) -> QColor:
    """A stable colour for a name (not Python's hash: that changes between runs)."""
    index = sum(ord(ch) for ch in name) % len(PLACEHOLDER_COLOURS)
    return QColor(PLACEHOLDER_COLOURS[index])


def placeholder_pixmap(name: str, size: QSize, caption: str, radius: int = 8) -> QPixmap:
    """A coloured rounded square with the first character of the name and a small caption."""
    out = QPixmap(size)
    out.fill(Qt.GlobalColor.transparent)
    w, h = size.width(), size.height()
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, w, h), radius, radius)
    painter.fillPath(path, placeholder_colour(name))
    painter.setPen(QColor("white"))
    initial = name.strip()[:1] or "?"
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(10, int(min(w, h) * 0.46)))
    painter.setFont(font)
    show_caption = bool(caption) and min(w, h) >= 56
    glyph_box = QRectF(0, 0, w, h * (0.8 if show_caption else 1.0))
    painter.drawText(glyph_box, Qt.AlignmentFlag.AlignCenter, initial)
    if show_caption:
        small = QFont(font)
        small.setBold(False)
        small.setPixelSize(max(9, int(min(w, h) * 0.11)))
        painter.setFont(small)
        painter.setPen(QColor(255, 255, 255, 220))
        painter.drawText(QRectF(0, h * 0.74, w, h * 0.22), Qt.AlignmentFlag.AlignCenter, caption)
    painter.end()
    return out


class PhotoLabel(QLabel):
    """Shows one person's photo in a fixed box; the placeholder when there is none."""

    def __init__(
        self, width: int, height: int | None = None, radius: int = 10, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._box = QSize(width, height if height is not None else width)
        self._radius = radius
        self._has_photo = False
        self._name = ""
        self.setObjectName("personPhoto")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(self._box)

    @property
    def has_photo(self) -> bool:
        """Whether a real photo (not the placeholder) is shown."""
        return self._has_photo

    @property
    def person_name(self) -> str:
        """The name the placeholder was drawn for."""
        return self._name

    def set_box(self, width: int, height: int | None = None) -> None:
        """Change the box size; call ``set_photo`` again to redraw."""
        self._box = QSize(width, height if height is not None else width)
        self.setFixedSize(self._box)

    def set_photo(
        self,
        data: bytes | None,
        name: str,
        owner_kind: str = "",
        owner_id: int | None = None,
    ) -> None:
        """Show the photo bytes (JPEG or PNG), or the placeholder for ``name``."""
        self._name = name
        key = (owner_kind, owner_id) if owner_kind and owner_id is not None else None
        pix = photo_pixmap(data, self._box, self._radius, key)
        self._has_photo = pix is not None
        if pix is None:
            pix = placeholder_pixmap(name, self._box, self.tr("No photo"), self._radius)
        self.setPixmap(pix)
