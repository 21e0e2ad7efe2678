"""The pieces of the verdict screen: the adult's card and one row per covered child."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.verdict_types import RESTRICTED, CardVerdict, ChildVerdict, HolderInfo
from ui.photo_label import PhotoLabel
from ui.verdict_words import child_text

log = logging.getLogger(__name__)

# (owner_kind, ids) -> {id: image bytes}; the gate passes PeopleService.photos.
PhotoSource = Callable[[str, list[int]], dict[int, bytes]]
FLASH_MS = 450


def repolish(widget: QWidget) -> None:
    """Apply the stylesheet again after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def child_photo_size(count: int, scale: float) -> int:
    """Smaller faces when more children share the screen, so four fit without scrolling."""
    base = 120 if count <= 2 else 96 if count == 3 else 74
    return round(base * scale)


def load_photos(verdict: CardVerdict, photos: PhotoSource) -> dict[tuple[str, int], bytes]:
    """The holder's and the children's photos by (owner kind, id); empty when unreadable."""
    out: dict[tuple[str, int], bytes] = {}
    try:
        if verdict.holder is not None:
            kind = verdict.holder.kind  # guardian, proxy, institution_staff: photo owner kinds
            for oid, data in photos(kind, [verdict.holder.id]).items():
                out[(kind, oid)] = data
        ids = [c.student_id for c in verdict.children]
        if ids:
            for oid, data in photos("student", ids).items():
                out[("student", oid)] = data
    except Exception:
        # Any failure of a photo must never keep a verdict off the screen.
        log.exception("photos for the verdict could not be read")
    return out


class VerdictBand(QFrame):
    """The full-width coloured band: huge headline, a line of why, flashing on a hard stop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBand")
        self.headline = QLabel()
        self.headline.setObjectName("bandHeadline")
        self.detail = QLabel()
        self.detail.setObjectName("bandDetail")
        self.extra = QLabel()
        self.extra.setObjectName("bandExtra")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 16)
        layout.setSpacing(4)
        for label in (self.headline, self.detail, self.extra):
            label.setWordWrap(True)
            layout.addWidget(label)
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._toggle)

    @property
    def state(self) -> str:
        """idle, ok, refused, or alert/alert2 while flashing."""
        return str(self.property("state"))

    @property
    def flashing(self) -> bool:
        """The do-not-release flash is running."""
        return self._flash.isActive()

    def show_state(self, state: str, headline: str, detail: str, extra: str = "") -> None:
        """Colour and words; ``alert`` flashes red and black until another state is shown."""
        self._flash.stop()
        self.setProperty("state", state)
        self.headline.setProperty("alert", state == "alert")
        self.headline.setProperty("idle", state == "idle")
        repolish(self)
        repolish(self.headline)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.extra.setText(extra)
        self.extra.setVisible(bool(extra))
        if state == "alert":
            self._flash.start()

    def stop(self) -> None:
        """Stop flashing (the panel is cleared or closed)."""
        self._flash.stop()

    def _toggle(self) -> None:
        self.setProperty("state", "alert2" if self.state == "alert" else "alert")
        repolish(self)


class HolderCard(QFrame):
    """The adult at the gate: big photo, name, relation, card number or identity-check mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holderCard")
        self.photo = PhotoLabel(180)
        self.name_label = QLabel()
        self.name_label.setObjectName("holderName")
        self.name_label.setWordWrap(True)
        self.relation_label = QLabel()
        self.relation_label.setObjectName("holderRelation")
        self.relation_label.setWordWrap(True)
        self.card_label = QLabel()
        self.card_label.setObjectName("holderCardNo")
        self.card_label.setWordWrap(True)
        for label in (self.name_label, self.relation_label, self.card_label):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(6)
        layout.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.name_label)
        layout.addWidget(self.relation_label)
        layout.addWidget(self.card_label)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def show_holder(
        self, holder: HolderInfo | None, photo: bytes | None, identity_check: bool, scale: float
    ) -> None:
        """Fill in the adult; an unknown holder shows a question mark."""
        size = round(180 * scale)
        self.photo.set_box(size)
        self.setFixedWidth(size + 40)
        if holder is None:
            self.photo.set_photo(None, "?")
            self.name_label.setText(self.tr("Unknown card holder"))
            self.relation_label.setText("")
            self.card_label.setText("")
            self.card_label.setProperty("identity", False)
            repolish(self.card_label)
            return
        self.photo.set_photo(photo, holder.name, holder.kind, holder.id)
        self.name_label.setText(holder.name)
        self.relation_label.setText(holder.relation)
        self.relation_label.setVisible(bool(holder.relation))
        if identity_check or not holder.card_no:
            self.card_label.setText(self.tr("Identity checked, no card"))
            self.card_label.setProperty("identity", True)
        else:
            self.card_label.setText(self.tr("Card {no}").format(no=holder.card_no))
            self.card_label.setProperty("identity", False)
        repolish(self.card_label)


class ChildRow(QFrame):
    """One covered child: tick box, photo, name, class and today's status in words.

    Only a child that may go now can be ticked; every other box is disabled, and a refused
    child can leave only through the override path, never the confirm key.
    """

    touched = Signal()

    def __init__(
        self,
        number: int,
        child: ChildVerdict,
        photo: bytes | None,
        may_tick: bool,
        ticked: bool,
        scale: float,
        photo_size: int,
        status: str | None = None,
        blocked: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.child = child
        self._blocked = blocked  # may go in itself, but this verdict releases nobody
        self.setObjectName("childRow")
        self.check = QCheckBox(str(number))
        self.check.setObjectName("childTick")
        self.check.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to the confirm key
        self.check.setEnabled(may_tick)
        self.check.setChecked(may_tick and ticked)
        self.check.toggled.connect(self._toggled)
        self.photo = PhotoLabel(photo_size)
        self.photo.set_photo(photo, child.name, "student", child.student_id)
        self.name_label = QLabel(child.name)
        self.name_label.setObjectName("childName")
        compact = photo_size < round(90 * scale)  # four or more children: tighter rows
        self.name_label.setProperty("compact", compact)
        self.class_label = QLabel(child.class_name)
        self.class_label.setObjectName("childClass")
        self.status_label = QLabel(status or child_text(child))
        self.status_label.setObjectName("childStatus")
        self.status_label.setWordWrap(True)
        head = QHBoxLayout()
        head.setSpacing(round(14 * scale))
        head.addWidget(self.name_label)
        head.addWidget(self.class_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        text = QVBoxLayout()
        text.setSpacing(0 if compact else 4)
        text.addStretch(1)
        text.addLayout(head)
        text.addWidget(self.status_label)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        pad = 4 if compact else 8
        layout.setContentsMargins(10, pad, 14, pad)
        layout.setSpacing(round(12 * scale))
        layout.addWidget(self.check)
        layout.addWidget(self.photo)
        layout.addLayout(text, 1)
        self._style_state()

    @property
    def student_id(self) -> int:
        """The child's id."""
        return self.child.student_id

    @property
    def ticked(self) -> bool:
        """Ticked and allowed: goes with this adult on confirm."""
        return self.check.isEnabled() and self.check.isChecked()

    def toggle(self) -> bool:
        """Flip the tick when allowed (keys 1–9, a tap on the row); False when not allowed."""
        if not self.check.isEnabled():
            return False
        self.check.setChecked(not self.check.isChecked())
        return True

    def set_checkbox_visible(self, visible: bool) -> None:
        """Hide the tick box where the row is for display only (identity-check dialog)."""
        self.check.setVisible(visible)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap anywhere on the row flips its tick: a big target for a hurried teacher."""
        if event.button() == Qt.MouseButton.LeftButton and self.toggle():
            event.accept()
            return
        super().mousePressEvent(event)

    def _toggled(self, _checked: bool) -> None:
        self._style_state()
        self.touched.emit()

    def _style_state(self) -> None:
        code = self.child.verdict
        if code == RESTRICTED:
            state = "alert"
        elif self.check.isEnabled():
            state = "ok" if self.check.isChecked() else "off"
        elif self.child.ok:
            state = "waiting" if self._blocked else "ok"
        elif self.child.can_override:
            state = "reason"
        else:
            state = "refused"
        for widget in (self, self.status_label):
            widget.setProperty("state", state)
            repolish(widget)
