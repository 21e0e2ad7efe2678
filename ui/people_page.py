"""Authorized adults per pupil (R3): search a child, see and edit who may or must not collect."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.dismissal_settings import DismissalSettings
from core.errors import AfterSchoolError
from core.people import PeopleService
from core.people_types import PhotoImportReport, PupilCard
from core.staff_types import StaffMember
from ui.messages import warn
from ui.people_dialogs import (
    ConsentDialog,
    GuardianDialog,
    InstitutionDialog,
    ProxyDialog,
    RestrictionDialog,
    StaffDialog,
    error_text,
)
from ui.people_release import ReleaseBox

log = logging.getLogger(__name__)

THUMB = 40
PHOTO = 64
RED = "#b3261e"


def placeholder(size: int, text: str) -> QPixmap:
    """A grey square saying there is no photo."""
    pix = QPixmap(size, size)
    pix.fill(QColor("#e5e7eb"))
    painter = QPainter(pix)
    painter.setPen(QColor("#6b7280"))
    font = painter.font()
    font.setPixelSize(max(9, size // 6))
    painter.setFont(font)
    painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pix


def photo_pixmap(image: bytes | None, size: int, empty_text: str) -> QPixmap:
    """The photo scaled into a square, or the placeholder."""
    pix = QPixmap()
    if image and pix.loadFromData(image):
        return pix.scaled(
            size,
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return placeholder(size, empty_text)


class PeoplePage(QWidget):
    """Search pupils by name, pinyin, initials or number; the chosen child's adults on the right."""

    people_changed = Signal()

    def __init__(
        self,
        people: PeopleService,
        member: StaffMember,
        release: DismissalSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        require_page(member, "people")  # R12: no other way in for other roles
        self._people = people
        self._member = member
        # Departure mode and 自行离校 consent; without it the page shows adults only.
        self._release = release
        self.release_box: ReleaseBox | None = None
        self._card: PupilCard | None = None
        self.dialog: QWidget | None = None

        title = QLabel(self.tr("Authorized adults"))
        title.setObjectName("pageTitle")
        self.import_button = QPushButton(self.tr("Import photos from folder…"))
        self.import_button.clicked.connect(self.open_import)
        self.import_status = QLabel()
        self.import_status.setObjectName("importStatus")
        self.import_status.setWordWrap(True)
        self.import_status.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.import_button)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Pinyin / initials / name / student no."))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._run_search)
        self.hits = QListWidget()
        self.hits.setIconSize(QSize(THUMB, THUMB))
        self.hits.currentItemChanged.connect(self._hit_chosen)
        self.hit_count = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.hit_count)
        left_layout.addWidget(self.hits, 1)

        self.card_area = QScrollArea()
        self.card_area.setWidgetResizable(True)
        self.sections: dict[str, QFrame] = {}
        self._show_card()

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.card_area)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 860])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.import_status)
        layout.addWidget(splitter, 1)

    # --- search ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Search again and reload the chosen pupil (another station may have changed them)."""
        self._run_search(self.search.text())
        self._reload_card()

    def _run_search(self, text: str) -> None:
        chosen = self._card.pupil.student_id if self._card else None
        hits = self._people.search(text)
        thumbs = self._people.photos("student", [h.student_id for h in hits if h.has_photo])
        self.hits.blockSignals(True)
        self.hits.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.name}   {hit.class_name}   {hit.student_no}")
            item.setData(Qt.ItemDataRole.UserRole, hit.student_id)
            item.setIcon(QIcon(photo_pixmap(thumbs.get(hit.student_id), THUMB, self._no_photo())))
            self.hits.addItem(item)
            if hit.student_id == chosen:
                self.hits.setCurrentItem(item)
        self.hits.blockSignals(False)
        if not text.strip():
            self.hit_count.setText(self.tr("Type a name, pinyin (zhangsan), initials (zs)."))
        else:
            self.hit_count.setText(self.tr("{n} pupils found").format(n=len(hits)))

    def _hit_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.select_student(int(item.data(Qt.ItemDataRole.UserRole)))

    def select_student(self, student_id: int) -> None:
        """Show one pupil's authorized adults."""
        try:
            self._card = self._people.pupil_card(student_id)
        except AfterSchoolError as exc:
            self._card = None
            warn(self, self.tr("Authorized adults"), error_text(exc))
        self._show_card()

    def _reload_card(self) -> None:
        if self._card is not None:
            self.select_student(self._card.pupil.student_id)

    # --- the card ----------------------------------------------------------------------------

    def _no_photo(self) -> str:
        return self.tr("No photo")

    def _phone(self, full: str | None, masked: str) -> str:
        # R12: the full number only on the safety officer's screen.
        return (full or "") if self._member.is_admin else masked

    def _show_card(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        self._card_layout = layout
        self.sections = {}
        card = self._card
        if card is None:
            hint = QLabel(self.tr("Search for a pupil on the left."))
            hint.setObjectName("emptyHint")
            layout.addWidget(hint)
            layout.addStretch(1)
            self.card_area.setWidget(content)
            return
        p = card.pupil
        head = QHBoxLayout()
        head.addWidget(self._photo_label("student", p.student_id, p.has_photo, PHOTO + 32))
        name = QLabel(f"<b style='font-size:20px'>{p.name}</b><br>{p.class_name} · {p.student_no}")
        head.addWidget(name, 1)
        head.addWidget(
            self._button(self.tr("Photo…"), lambda: self.choose_photo("student", p.student_id))
        )
        layout.addLayout(head)
        self._add_release_box(layout, p.student_id)

        s = self._section("guardians", self.tr("Guardians"), self.add_guardian)
        for g in card.guardians:
            shared = (
                self.tr("shared with {names}").format(names="、".join(g.siblings))
                if g.siblings
                else ""
            )
            text = f"<b>{g.name}</b> {g.relation}<br>{self._phone(g.phone, g.phone_masked)}"
            if shared:
                text += f"<br><span style='color:#6b7280'>{shared}</span>"
            self._row(
                s,
                "guardian",
                g.guardian_id,
                g.has_photo,
                text,
                [
                    (self.tr("Edit"), lambda g=g: self.edit_guardian(g.guardian_id)),
                    (self.tr("Remove"), lambda g=g: self.remove_guardian(g.guardian_id)),
                ],
            )
        s = self._section("proxies", self.tr("Proxy pickup (代接)"), self.add_proxy)
        today = self._today()
        for x in card.proxies:
            when = (
                x.valid_from.isoformat()
                if x.one_day
                else f"{x.valid_from.isoformat()} – {x.valid_to.isoformat()}"
            )
            state = self.tr("valid today") if x.active_on(today) else self.tr("not yet valid")
            text = (
                f"<b>{x.name}</b> {x.relation} {self._phone(x.phone, x.phone_masked)}<br>"
                + self.tr("{when} ({state}); phoned in by {caller}").format(
                    when=when, state=state, caller=x.phoned_in_by
                )
            )
            if x.written_note:
                text += "<br>" + self.tr("Written: {note}").format(note=x.written_note)
            self._row(
                s,
                "proxy",
                x.proxy_id,
                x.has_photo,
                text,
                [
                    (self.tr("Revoke"), lambda x=x: self.revoke_proxy(x.proxy_id)),
                ],
            )
        s = self._section("institutions", self.tr("Institutions (托管机构)"), self.add_institution)
        for inst in card.institutions:
            head_row = QHBoxLayout()
            head_row.addWidget(
                QLabel(f"<b>{inst.name}</b> {self._phone(inst.phone, inst.phone or '')}"), 1
            )
            head_row.addWidget(
                self._button(self.tr("Add staff"), lambda i=inst: self.add_staff(i.institution_id))
            )
            head_row.addWidget(
                self._button(
                    self.tr("Remove"), lambda i=inst: self.remove_institution(i.institution_id)
                )
            )
            s.layout().addLayout(head_row)  # type: ignore[union-attr]
            for m in inst.staff:
                self._row(
                    s,
                    "institution_staff",
                    m.staff_id,
                    m.has_photo,
                    f"{m.name} {self._phone(m.phone, m.phone_masked)}",
                    [
                        (self.tr("Remove"), lambda m=m: self.remove_staff(m.staff_id)),
                    ],
                )
        s = self._section(
            "restrictions", self.tr("Do not release to (禁止接走)"), self.add_restriction
        )
        s.setStyleSheet(f"QFrame#section {{ border: 2px solid {RED}; background: #fdecea; }}")
        for r in card.restrictions:
            order = (
                self.tr("court order of {date}").format(date=r.court_order_date.isoformat())
                if r.court_order and r.court_order_date
                else self.tr("no court order")
            )
            text = (
                f"<b style='color:{RED}'>{r.name}</b> {self._phone(r.phone, r.phone_masked)}<br>"
                f"<span style='color:{RED}'>{order}</span> {r.note}"
            )
            self._row(
                s,
                "restriction",
                r.restriction_id,
                r.has_photo,
                text,
                [
                    (self.tr("Lift"), lambda r=r: self.lift_restriction(r.restriction_id)),
                ],
            )
        if card.restrictions:
            # A hard stop must be seen without scrolling: the red list moves under the pupil.
            layout.removeWidget(s)
            layout.insertWidget(1, s)
        layout.addStretch(1)
        self.card_area.setWidget(content)

    def _add_release_box(self, layout: QVBoxLayout, student_id: int) -> None:
        self.release_box = None
        if self._release is None:
            return
        try:
            state = self._release.release_state(student_id)
            policy = self._release.policy()
        except AfterSchoolError as exc:
            # A pupil without enrolment has no departure mode: nothing to show, nothing to fix.
            log.info("no departure mode for pupil %s: %s", student_id, exc)
            return
        self.release_box = ReleaseBox(state, policy, self.record_consent, self.withdraw_consent)
        layout.addWidget(self.release_box)

    def _section(self, key: str, title: str, add: Callable[[], object]) -> QFrame:
        frame = QFrame()
        frame.setObjectName("section")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        head = QHBoxLayout()
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        if key == "restrictions":
            label.setStyleSheet(f"color: {RED};")
        head.addWidget(label, 1)
        head.addWidget(self._button(self.tr("Add…"), add))
        box.addLayout(head)
        self.sections[key] = frame
        self._card_layout.addWidget(frame)
        return frame

    def _photo_label(self, kind: str, owner_id: int, has_photo: bool, size: int) -> QLabel:
        image = self._people.photo(kind, owner_id) if has_photo else None
        label = QLabel()
        label.setObjectName("personPhoto")
        label.setPixmap(photo_pixmap(image, size, self._no_photo()))
        label.setFixedSize(size, size)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: action())
        return button

    def _row(
        self,
        section: QFrame,
        kind: str,
        owner_id: int,
        has_photo: bool,
        text: str,
        actions: list[tuple[str, Callable[[], object]]],
    ) -> None:
        row = QHBoxLayout()
        row.addWidget(self._photo_label(kind, owner_id, has_photo, PHOTO))
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(label, 1)
        row.addWidget(self._button(self.tr("Photo…"), lambda: self.choose_photo(kind, owner_id)))
        for caption, action in actions:
            row.addWidget(self._button(caption, action))
        box = section.layout()
        assert isinstance(box, QVBoxLayout)
        box.addLayout(row)

    def _today(self) -> dt.date:
        return self._people.today()

    # --- edits -------------------------------------------------------------------------------

    def _sid(self) -> int:
        assert self._card is not None
        return self._card.pupil.student_id

    def _done(self) -> None:
        self._reload_card()
        self._run_search(self.search.text())
        self.people_changed.emit()

    def _open(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.accepted.connect(self._done)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]
        return dialog

    def add_guardian(self) -> GuardianDialog:
        """Open the dialog that links a new guardian to the pupil."""
        sid, m = self._sid(), self._member
        dialog = GuardianDialog(
            lambda n, r, ph: self._people.add_guardian(m, sid, n, r, ph), parent=self
        )
        self._open(dialog)
        return dialog

    def edit_guardian(self, guardian_id: int) -> GuardianDialog:
        """Open the edit dialog of a guardian (shared by siblings: it says so)."""
        assert self._card is not None
        entry = next(g for g in self._card.guardians if g.guardian_id == guardian_id)
        sid, m = self._sid(), self._member
        dialog = GuardianDialog(
            lambda n, r, ph: self._people.update_guardian(m, sid, guardian_id, n, r, ph),
            entry,
            self,
        )
        self._open(dialog)
        return dialog

    def add_proxy(self) -> ProxyDialog:
        """Open the 代接 dialog."""
        sid, m = self._sid(), self._member
        dialog = ProxyDialog(
            lambda n, r, ph, a, b, c, w: self._people.add_proxy(m, sid, n, r, ph, a, b, c, w),
            self._today(),
            self,
        )
        self._open(dialog)
        return dialog

    def add_institution(self) -> InstitutionDialog:
        """Open the dialog that authorizes a 托管机构 for the pupil."""
        sid, m = self._sid(), self._member

        def store(inst_id: int | None, name: str, phone: str) -> None:
            if inst_id is None:
                inst_id = self._people.add_institution(m, name, phone)
            self._people.authorize_institution(m, inst_id, sid)

        dialog = InstitutionDialog(store, self._people.institutions(), self)
        self._open(dialog)
        return dialog

    def add_staff(self, institution_id: int) -> StaffDialog:
        """Open the dialog that adds a staff member to an institution."""
        m = self._member
        dialog = StaffDialog(
            lambda n, ph: self._people.add_institution_staff(m, institution_id, n, ph), self
        )
        self._open(dialog)
        return dialog

    def add_restriction(self) -> RestrictionDialog:
        """Open the do-not-release dialog."""
        sid, m = self._sid(), self._member
        dialog = RestrictionDialog(
            lambda n, ph, note, c, d: self._people.add_restriction(m, sid, n, ph, note, c, d),
            self._today(),
            self,
        )
        self._open(dialog)
        return dialog

    def record_consent(self) -> ConsentDialog:
        """Open the dialog that records the date the signed 自行离校 consent was received."""
        assert self._release is not None
        sid, m, release = self._sid(), self._member, self._release
        dialog = ConsentDialog(
            lambda on: release.set_consent(sid, on, m),
            self._today(),
            release.consent_of(sid),
            self,
        )
        self._open(dialog)
        return dialog

    def withdraw_consent(self) -> QMessageBox:
        """Ask, then withdraw the consent: the child is no longer let go alone."""
        assert self._release is not None
        sid, m, release = self._sid(), self._member, self._release
        return self._confirm(
            self.tr("Withdraw the consent? The child will no longer be let go alone."),
            lambda: release.set_consent(sid, None, m),
        )

    def _confirm(self, text: str, action: Callable[[], object]) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Authorized adults"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:  # type: ignore[arg-type]
                self._run(action)

        box.buttonClicked.connect(answered)
        box.open()
        self.dialog = box
        return box

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except AfterSchoolError as exc:
            warn(self, self.tr("Authorized adults"), error_text(exc))
            return False
        self._done()
        return True

    def remove_guardian(self, guardian_id: int) -> QMessageBox:
        """Ask, then unlink a guardian from this pupil only."""
        sid, m = self._sid(), self._member
        return self._confirm(
            self.tr("Remove this guardian from this pupil? Siblings keep them."),
            lambda: self._people.remove_guardian(m, sid, guardian_id),
        )

    def revoke_proxy(self, proxy_id: int) -> QMessageBox:
        """Ask, then revoke a 代接."""
        m = self._member
        return self._confirm(
            self.tr("Revoke this proxy pickup?"), lambda: self._people.revoke_proxy(m, proxy_id)
        )

    def remove_institution(self, institution_id: int) -> QMessageBox:
        """Ask, then stop the institution collecting this pupil."""
        sid, m = self._sid(), self._member
        return self._confirm(
            self.tr("Stop this institution collecting this pupil?"),
            lambda: self._people.unauthorize_institution(m, institution_id, sid),
        )

    def remove_staff(self, staff_id: int) -> QMessageBox:
        """Ask, then deactivate an institution staff member (for every pupil)."""
        m = self._member
        return self._confirm(
            self.tr("Remove this staff member? They can no longer collect any pupil."),
            lambda: self._people.deactivate_institution_staff(m, staff_id),
        )

    def lift_restriction(self, restriction_id: int) -> QMessageBox:
        """Ask, then lift a do-not-release entry."""
        m = self._member
        return self._confirm(
            self.tr("Lift this do-not-release entry? The person may then be released to."),
            lambda: self._people.deactivate_restriction(m, restriction_id),
        )

    # --- photos ------------------------------------------------------------------------------

    def choose_photo(self, kind: str, owner_id: int) -> None:
        """Ask for a picture file and store it for the person."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose photo"), "", self.tr("Pictures (*.jpg *.jpeg *.png)")
        )
        if path:
            self.set_photo_from(kind, owner_id, Path(path))

    def set_photo_from(self, kind: str, owner_id: int, path: Path) -> bool:
        """Store a picture file for a person; False (with a warning) when it is refused."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            log.warning("cannot read photo %s: %s", path, exc)
            data = b""
        return self._run(lambda: self._people.set_photo(self._member, kind, owner_id, data))

    def open_import(self) -> None:
        """Ask for a folder of photos named by student number or guardian phone."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of photos"))
        if folder:
            self.import_photos_from(Path(folder))

    def import_photos_from(self, folder: Path) -> PhotoImportReport | None:
        """Import a folder's photos and show what matched."""
        try:
            report = self._people.import_photos(self._member, folder)
        except AfterSchoolError as exc:
            self._status(error_text(exc), "error")
            return None
        text = self.tr(
            "{matched} photos imported; {unmatched} files matched nobody; "
            "{duplicates} duplicates skipped; {rejected} files not pictures."
        ).format(
            matched=len(report.matched),
            unmatched=len(report.unmatched),
            duplicates=len(report.duplicates),
            rejected=len(report.rejected),
        )
        if report.unmatched:
            text += " " + self.tr("Not matched: {files}").format(
                files="、".join(report.unmatched[:10])
            )
        self._status(text, "ok" if report.matched else "error")
        self._done()
        return report

    def _status(self, text: str, state: str) -> None:
        self.import_status.setText(text)
        self.import_status.setProperty("state", state)
        self.import_status.style().unpolish(self.import_status)
        self.import_status.style().polish(self.import_status)
        self.import_status.setVisible(True)
