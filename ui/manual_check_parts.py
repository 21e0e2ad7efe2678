"""Pieces of the identity-check dialog: the child's adults as a list, the red do-not-release box."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.cards import HolderRef
from core.people_types import PupilCard, RestrictionEntry
from core.verdict_types import ALREADY_RELEASED, NOT_AUTHORIZED, RESTRICTED, CardVerdict
from ui.photo_label import PhotoLabel, photo_pixmap, placeholder_pixmap

ICON = 64
REFUSE = "refuse"


@dataclass(frozen=True)
class Adult:
    """One person the teacher may pick: who they are and how they may collect the child."""

    ref: HolderRef
    name: str
    relation: str
    phone_masked: str
    role: str  # words: guardian, proxy pickup today, staff of an institution


def adults_of(card: PupilCard, today: dt.date, words: dict[str, str]) -> list[Adult]:
    """Guardians, today's 代接 and institution staff, in that order (phones masked, R12).

    ``words`` holds the translated role texts: guardian, proxy, staff (with ``{institution}``).
    """
    out = [
        Adult(
            HolderRef("guardian", g.guardian_id),
            g.name,
            g.relation,
            g.phone_masked,
            words["guardian"],
        )
        for g in card.guardians
    ]
    out += [
        Adult(HolderRef("proxy", p.proxy_id), p.name, p.relation, p.phone_masked, words["proxy"])
        for p in card.proxies
        if p.active_on(today)
    ]
    for inst in card.institutions:
        role = words["staff"].format(institution=inst.name)
        out += [
            Adult(HolderRef("institution_staff", m.staff_id), m.name, "", m.phone_masked, role)
            for m in inst.staff
        ]
    return out


def adult_icon(image: bytes | None, adult: Adult, caption: str) -> QIcon:
    """A list thumbnail: the photo, or the coloured surname square."""
    size = QSize(ICON, ICON)
    key = (adult.ref.kind, adult.ref.id)
    pix = photo_pixmap(image, size, 8, key) or placeholder_pixmap(adult.name, size, caption)
    return QIcon(pix)


def fill_adults(
    widget: QListWidget,
    adults: list[Adult],
    photos: dict[tuple[str, int], bytes],
    no_photo: str,
    refuse_text: str,
) -> None:
    """The pickable adults, then one "none of them" entry that refuses."""
    widget.clear()
    for adult in adults:
        first = f"{adult.name}  {adult.relation}".strip()
        item = QListWidgetItem(f"{first}\n{adult.role}  {adult.phone_masked}".rstrip())
        item.setData(Qt.ItemDataRole.UserRole, adult)
        item.setIcon(adult_icon(photos.get((adult.ref.kind, adult.ref.id)), adult, no_photo))
        widget.addItem(item)
    refuse = QListWidgetItem(refuse_text)
    refuse.setData(Qt.ItemDataRole.UserRole, REFUSE)
    refuse.setForeground(QColor("#b3261e"))
    refuse.setSizeHint(QSize(0, ICON // 2 + 16))
    widget.addItem(refuse)


class RestrictionBox(QFrame):
    """The do-not-release list in red, for looking only: nobody here can be picked."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restrictionBox")
        self.setStyleSheet(
            "#restrictionBox { background: #fdecea; border: 2px solid #b3261e;"
            " border-radius: 8px; }"
            "#restrictionTitle { color: #b3261e; font-size: 16px; font-weight: bold; }"
            "#restrictionName { color: #b3261e; font-size: 16px; font-weight: bold; }"
        )
        self.title = QLabel(title)
        self.title.setObjectName("restrictionTitle")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 8, 10, 8)
        self._layout.addWidget(self.title)
        self.names: list[str] = []

    def show_entries(self, entries: tuple[RestrictionEntry, ...], photos: dict[int, bytes]) -> None:
        """Replace the rows; hidden when the list is empty."""
        while self._layout.count() > 1:
            item = self._layout.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.names = [r.name for r in entries]
        for entry in entries:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            photo = PhotoLabel(56, radius=6)
            photo.set_photo(
                photos.get(entry.restriction_id), entry.name, "restriction", entry.restriction_id
            )
            name = QLabel(entry.name)
            name.setObjectName("restrictionName")
            details = QLabel(" ".join(x for x in (entry.phone_masked, entry.note) if x))
            details.setWordWrap(True)
            line.addWidget(photo)
            line.addWidget(name)
            line.addWidget(details, 1)
            self._layout.addWidget(row)
        self.setVisible(bool(entries))


class PersonHeader(QWidget):
    """The chosen child: photo, name in large type, class and number."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = PhotoLabel(size)
        self.name_label = QLabel()
        self.name_label.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.info_label = QLabel()
        self.info_label.setStyleSheet("font-size: 16px; color: #4b5563;")
        names = QVBoxLayout()
        names.addStretch(1)
        names.addWidget(self.name_label)
        names.addWidget(self.info_label)
        names.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.photo)
        layout.addLayout(names, 1)

    def show_person(self, image: bytes | None, name: str, info: str, student_id: int) -> None:
        """Fill in a pupil."""
        self.photo.set_photo(image, name, "student", student_id)
        self.name_label.setText(name)
        self.info_label.setText(info)


class AdultPreview(QWidget):
    """The picked adult's face, big enough to compare with the person at the gate."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = PhotoLabel(size)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setStyleSheet("font-size: 18px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def show_adult(self, adult: Adult | None, image: bytes | None) -> None:
        """The adult, or an empty question-mark square for the "none of them" entry."""
        if adult is None:
            self.photo.set_photo(None, "?")
            self.text.setText("")
            return
        self.photo.set_photo(image, adult.name, adult.ref.kind, adult.ref.id)
        self.text.setText(
            f"<b>{adult.name}</b><br>{adult.relation or adult.role}<br>{adult.phone_masked}"
        )


def blocker(verdict: CardVerdict) -> str | None:
    """Why an identity-check verdict can never be released; None when a reason suffices."""
    child = verdict.children[0] if verdict.children else None
    if verdict.alert or (child is not None and child.verdict == RESTRICTED):
        return QCoreApplication.translate(
            "ManualCheckDialog",
            "This person is on the do-not-release list: never release. "
            "Keep the child inside and call the safety officer now.",
        )
    if child is None or child.verdict == NOT_AUTHORIZED:
        return QCoreApplication.translate(
            "ManualCheckDialog",
            "This adult is not authorized for this child: do not release. A guardian may "
            "ask the class teacher or the safety officer to add a one-day proxy pickup.",
        )
    if child.verdict == ALREADY_RELEASED:
        return QCoreApplication.translate(
            "ManualCheckDialog", "The child has already been collected today: no second handoff."
        )
    if child.ok or child.can_override:
        return None
    return QCoreApplication.translate("ManualCheckDialog", "This verdict cannot be released here.")
