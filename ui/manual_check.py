"""Release without a card (R3): find the child, compare the adult with the list, give a reason."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.cards import HolderRef
from core.people import PeopleService
from core.people_types import PupilCard
from core.verdict_types import CardVerdict
from ui.manual_check_parts import (
    REFUSE,
    Adult,
    AdultPreview,
    PersonHeader,
    RestrictionBox,
    adults_of,
    blocker,
    fill_adults,
)
from ui.photo_label import photo_pixmap, placeholder_pixmap
from ui.verdict_override import ReasonBox
from ui.verdict_panel import VerdictPanel

log = logging.getLogger(__name__)

THUMB = 48
NAV_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CheckPerson(Protocol):
    """What the dialog needs of the verdict service."""

    def check_person(
        self,
        student_id: int,
        person: HolderRef,
        at: dt.datetime | None = None,
        station: str = "",
    ) -> CardVerdict:
        """The verdict for an adult a teacher identified."""
        ...


class ManualCheckDialog(QDialog):
    """Find the child, pick the adult from the authorized list, see the verdict, give a reason.

    Nothing is written here: on Release the dialog is accepted and the page records the
    handoff from ``chosen_verdict``, ``student_ids`` and ``reason``.
    """

    def __init__(
        self,
        people: PeopleService,
        verdict_service: CheckPerson,
        station: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._people = people
        self._verdicts = verdict_service
        self._station = station
        self._card: PupilCard | None = None
        self._adult_photos: dict[tuple[str, int], bytes] = {}
        self.chosen_verdict: CardVerdict | None = None
        self.student_ids: list[int] = []
        self.reason = ""
        self.setWindowTitle(self.tr("Check identity without card"))
        self.resize(980, 660)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._find_page())
        self.stack.addWidget(self._verdict_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._run_search("")
        self.search.setFocus()

    # --- step 1: the child and the adults --------------------------------------------------

    def _find_page(self) -> QWidget:
        step1 = QLabel(self.tr("1. Find the child"))
        step1.setObjectName("sectionTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Pinyin / initials / name / student no."))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._run_search)
        self.search.installEventFilter(self)
        self.hit_count = QLabel()
        self.hit_count.setObjectName("hint")
        self.hits = QListWidget()
        self.hits.setIconSize(QSize(THUMB, THUMB))
        self.hits.setStyleSheet("font-size: 15px;")
        self.hits.currentItemChanged.connect(self._hit_changed)
        self.hits.itemActivated.connect(lambda _item: self._to_adults())
        left = QVBoxLayout()
        left.addWidget(step1)
        left.addWidget(self.search)
        left.addWidget(self.hit_count)
        left.addWidget(self.hits, 1)

        self.pupil = PersonHeader(96)
        self.restrictions = RestrictionBox(self.tr("Do-not-release list: never release to"))
        step2 = QLabel(self.tr("2. Who is collecting? Compare the face and the ID card"))
        step2.setObjectName("sectionTitle")
        self.adults = QListWidget()
        self.adults.setIconSize(QSize(64, 64))
        self.adults.setSpacing(2)
        self.adults.setStyleSheet("font-size: 16px;")
        self.adults.currentItemChanged.connect(self._adult_changed)
        self.adults.itemActivated.connect(lambda _item: self.check_chosen())
        self.preview = AdultPreview(200)
        pick = QHBoxLayout()
        pick.addWidget(self.adults, 1)
        pick.addWidget(self.preview)
        self.check_button = QPushButton(self.tr("Check this adult"))
        self.check_button.setObjectName("primary")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check_chosen)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.check_button)
        self.pupil_area = QWidget()
        right = QVBoxLayout(self.pupil_area)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.pupil)
        right.addWidget(self.restrictions)
        right.addWidget(step2)
        right.addLayout(pick, 1)
        self.empty_hint = QLabel(self.tr("Find the child first: type a name, pinyin or initials."))
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        page = QWidget()
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        side = QVBoxLayout()
        side.addWidget(self.empty_hint, 1)
        side.addWidget(self.pupil_area, 1)
        columns.addLayout(side, 5)
        outer = QVBoxLayout(page)
        outer.addLayout(columns, 1)
        outer.addLayout(buttons)
        self._show_pupil(None)
        return page

    def _run_search(self, text: str) -> None:
        try:
            hits = self._people.search(text)
        except Exception as exc:  # noqa: BLE001 - the dialog stays usable; typing retries
            log.warning("pupil search failed: %s", exc)
            self.hits.clear()
            self._show_pupil(None)
            self.hit_count.setText(
                self.tr(
                    "Searching needs the database, which cannot be reached now. Type again when "
                    "the red bar is gone; until then follow the school's emergency plan and "
                    "record handoffs on paper."
                )
            )
            return
        photos = self._safe_photos("student", [h.student_id for h in hits[:40] if h.has_photo])
        self.hits.blockSignals(True)
        self.hits.clear()
        size = QSize(THUMB, THUMB)
        for hit in hits:
            item = QListWidgetItem(f"{hit.name}   {hit.class_name}\n{hit.student_no}")
            item.setData(Qt.ItemDataRole.UserRole, hit.student_id)
            pix = photo_pixmap(
                photos.get(hit.student_id), size, 6, ("student", hit.student_id)
            ) or placeholder_pixmap(hit.name, size, "", 6)
            item.setIcon(QIcon(pix))
            self.hits.addItem(item)
        self.hits.blockSignals(False)
        if not text.strip():
            self.hit_count.setText(self.tr("Type a name, pinyin (zhangsan) or initials (zs)."))
        else:
            self.hit_count.setText(self.tr("{n} pupils found").format(n=len(hits)))
        if hits:
            self.hits.setCurrentRow(0)
        else:
            self._show_pupil(None)

    def _hit_changed(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.select_student(int(item.data(Qt.ItemDataRole.UserRole)))

    def select_student(self, student_id: int) -> None:
        """Show the child with the adults who may collect and those who must not."""
        try:
            self._show_pupil(self._people.pupil_card(student_id))
        except Exception:  # noqa: BLE001 - a lost database included
            log.exception("pupil %s could not be read", student_id)
            self._show_pupil(None)

    def _show_pupil(self, card: PupilCard | None) -> None:
        self._card = card
        self.pupil_area.setVisible(card is not None)
        self.empty_hint.setVisible(card is None)
        self.check_button.setEnabled(False)
        if card is None:
            self.adults.clear()
            return
        p = card.pupil
        image = self._safe_photos("student", [p.student_id]).get(p.student_id)
        self.pupil.show_person(image, p.name, f"{p.class_name} · {p.student_no}", p.student_id)
        ids = [r.restriction_id for r in card.restrictions]
        self.restrictions.show_entries(card.restrictions, self._safe_photos("restriction", ids))
        adults = adults_of(
            card,
            self._people.today(),
            {
                "guardian": self.tr("Guardian"),
                "proxy": self.tr("Proxy pickup today"),
                "staff": self.tr("Staff of {institution}"),
            },
        )
        photos: dict[tuple[str, int], bytes] = {}
        for kind in ("guardian", "proxy", "institution_staff"):
            kind_ids = [a.ref.id for a in adults if a.ref.kind == kind]
            for oid, data in self._safe_photos(kind, kind_ids).items():
                photos[(kind, oid)] = data
        self._adult_photos = photos
        fill_adults(
            self.adults, adults, photos, self.tr("No photo"), self.tr("None of them: refuse")
        )
        self.adults.setCurrentRow(0)

    def _adult_changed(self, item: QListWidgetItem | None) -> None:
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.check_button.setEnabled(data is not None)
        if isinstance(data, Adult):
            self.preview.show_adult(data, self._adult_photos.get((data.ref.kind, data.ref.id)))
        else:
            self.preview.show_adult(None, None)

    def _to_adults(self) -> None:
        if self._card is not None and self.adults.count():
            self.adults.setFocus()
            if self.adults.currentRow() < 0:
                self.adults.setCurrentRow(0)

    # --- step 2: the verdict and the reason --------------------------------------------------

    def _verdict_page(self) -> QWidget:
        self.panel = VerdictPanel(embedded=True)
        reason_title = QLabel(self.tr("3. Reason (required, at most 200 characters)"))
        reason_title.setObjectName("sectionTitle")
        self.reason_box = ReasonBox(
            [
                self.tr("No card with them; checked the ID card"),
                self.tr("Card lost; phoned the parent to confirm"),
            ]
        )
        self.reason_box.changed.connect(lambda _t: self._update_release())
        self.reason_box.edit.returnPressed.connect(self.release)
        self.reason_area = QWidget()
        reason_layout = QVBoxLayout(self.reason_area)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_layout.addWidget(reason_title)
        reason_layout.addWidget(self.reason_box)
        self.why = QLabel()
        self.why.setObjectName("manualWhy")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("#manualWhy { color: #b3261e; font-size: 16px; font-weight: bold; }")
        self.back_button = back = QPushButton(self.tr("Back"))
        back.setAutoDefault(False)
        back.clicked.connect(self.back)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.release_button = QPushButton(self.tr("Release"))
        self.release_button.setObjectName("primary")
        self.release_button.setAutoDefault(False)
        self.release_button.clicked.connect(self.release)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.release_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.reason_area)
        layout.addWidget(self.why)
        layout.addLayout(buttons)
        return page

    def check_chosen(self) -> None:
        """Ask the verdict for the picked adult (or refuse when none of them matches)."""
        item = self.adults.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if self._card is None or data is None:
            return
        self.chosen_verdict = None
        self.reason_box.edit.clear()
        self.stack.setCurrentIndex(1)
        if data == REFUSE:
            self.panel.show_notice(
                self.tr("Do not release"),
                self.tr("This adult is not on the list of {name}").format(
                    name=self._card.pupil.name
                ),
            )
            self.reason_area.setVisible(False)
            self._explain(
                self.tr(
                    "A guardian may ask the class teacher or the safety officer "
                    "to add a one-day proxy pickup for this adult."
                )
            )
            self.release_button.setEnabled(False)
            self.back_button.setFocus()
            return
        assert isinstance(data, Adult)
        try:
            verdict = self._verdicts.check_person(
                self._card.pupil.student_id, data.ref, station=self._station
            )
        except Exception as exc:  # noqa: BLE001 - never a verdict the database did not give
            log.warning("identity check failed: %s", exc)
            self.panel.show_notice(
                self.tr("NOT checked: the database cannot be reached"),
                self.tr(
                    "Do not release on this screen. Try again when the red bar is gone; until "
                    "then follow the school's emergency plan and record handoffs on paper."
                ),
            )
            self.reason_area.setVisible(False)
            self._explain("")
            self.release_button.setEnabled(False)
            self.back_button.setFocus()
            return
        self.chosen_verdict = verdict
        self.panel.show_verdict(verdict, self._people.photos)
        self.reason_area.setVisible(blocker(verdict) is None)
        self._update_release()
        self.reason_box.edit.setFocus()

    def _update_release(self) -> None:
        v = self.chosen_verdict
        why_not = blocker(v) if v is not None else ""
        if why_not:
            self._explain(why_not)
            self.release_button.setEnabled(False)
            return
        has_reason = bool(self.reason_box.reason())
        self._explain("" if has_reason else self.tr("Enter a reason to release."))
        self.release_button.setEnabled(has_reason)

    def _explain(self, text: str) -> None:
        self.why.setText(text)
        self.why.setVisible(bool(text))

    def release(self) -> None:
        """Accept with the verdict, the child and the reason; the page records the handoff."""
        v = self.chosen_verdict
        if v is None or not self.release_button.isEnabled():
            return
        self.student_ids = [c.student_id for c in v.children]
        self.reason = self.reason_box.reason()
        self.accept()

    def back(self) -> None:
        """Return to the list to pick another adult."""
        self.panel.clear()
        self.chosen_verdict = None
        self.stack.setCurrentIndex(0)
        self.adults.setFocus()

    # --- keyboard ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrows in the search box move through the hits; Enter goes on to the adults."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in NAV_KEYS and self.hits.count():
                self.hits.setFocus()  # the first hit is already current: no skipping over it
                if self.hits.currentRow() < 0:
                    self.hits.setCurrentRow(0)
                return True
            if event.key() in ENTER_KEYS:
                self._to_adults()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape on the verdict goes back to the list; on the list it closes."""
        if event.key() == Qt.Key.Key_Escape and self.stack.currentIndex() == 1:
            self.back()
            event.accept()
            return
        super().keyPressEvent(event)

    def _safe_photos(self, kind: str, ids: list[int]) -> dict[int, bytes]:
        # A photo that cannot be read must not stop the check: the placeholder stands in.
        if not ids:
            return {}
        try:
            return self._people.photos(kind, ids)
        except Exception:  # noqa: BLE001 - a lost database included
            log.exception("photos of %s could not be read", kind)
            return {}
