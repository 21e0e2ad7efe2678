"""The pickup-card page: issue and print cards by pupil, class or school; reissue and revoke."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.cards import CardInfo, CardSelection, CardService, HolderRef
from core.errors import AfterSchoolError
from core.people import PeopleService
from core.staff_types import StaffMember
from ui.card_print import CardPrintDialog
from ui.messages import warn
from ui.table_model import Column, RecordTableModel
from ui.terms import date_text


@dataclass(frozen=True)
class HolderCard:
    """A guardian of the chosen pupil and the card in force, if any."""

    guardian_id: int
    name: str
    relation: str
    card: CardInfo | None


class CardsPage(QWidget):
    """The safety officer's cards: print with preview or save as PDF; 挂失补办 and 作废."""

    changed = Signal()

    def __init__(
        self,
        cards: Callable[[], CardService],
        people: PeopleService,
        class_names: Callable[[], list[str]],
        member: StaffMember,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        require_page(member, "cards")  # R12: no other way in for other roles
        # The card service needs this PC's key file; it is asked for only when used.
        self._cards = cards
        self._people = people
        self._class_names = class_names
        self._member = member
        self._student_id: int | None = None
        self.dialog: CardPrintDialog | None = None

        title = QLabel(self.tr("Pickup cards"))
        title.setObjectName("pageTitle")
        explain = QLabel(
            self.tr(
                "Each guardian gets one family card listing all their children. Cards are issued "
                "to those who have none, then printed 10 to an A4 sheet (cut along the marks)."
            )
        )
        explain.setWordWrap(True)
        self.scope_school = QRadioButton(self.tr("Whole school"))
        self.scope_class = QRadioButton(self.tr("Class"))
        self.scope_pupil = QRadioButton(self.tr("Pupil (student no.)"))
        self.scope_class.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.scope_school, self.scope_class, self.scope_pupil):
            group.addButton(button)
        self.class_combo = QComboBox()
        self.class_combo.setEditable(True)
        self.class_combo.setMinimumContentsLength(8)
        self.pupil_edit = QLineEdit()
        self.pupil_edit.setPlaceholderText(self.tr("e.g. 2023010101"))
        self.print_button = QPushButton(self.tr("Issue missing cards and print…"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_cards)
        scope = QHBoxLayout()
        scope.addWidget(self.scope_school)
        scope.addSpacing(12)
        scope.addWidget(self.scope_class)
        scope.addWidget(self.class_combo)
        scope.addSpacing(12)
        scope.addWidget(self.scope_pupil)
        scope.addWidget(self.pupil_edit)
        scope.addStretch(1)
        scope.addWidget(self.print_button)

        self.status = QLabel()
        self.status.setWordWrap(True)

        lookup_title = QLabel(self.tr("A pupil's guardians and their cards"))
        lookup_title.setObjectName("sectionTitle")
        self.lookup_edit = QLineEdit()
        self.lookup_edit.setPlaceholderText(self.tr("Name, pinyin, initials or student no."))
        self.lookup_edit.returnPressed.connect(self.look_up)
        self.lookup_button = QPushButton(self.tr("Find"))
        self.lookup_button.clicked.connect(self.look_up)
        self.pupil_label = QLabel()
        lookup = QHBoxLayout()
        lookup.addWidget(self.lookup_edit, 1)
        lookup.addWidget(self.lookup_button)
        lookup.addWidget(self.pupil_label, 2)

        self.model: RecordTableModel[HolderCard] = RecordTableModel(
            [
                Column(self.tr("Guardian"), lambda h: h.name),
                Column(self.tr("Relation"), lambda h: h.relation),
                Column(self.tr("Card no."), lambda h: h.card.card_no if h.card else "—"),
                Column(self.tr("Version"), lambda h: str(h.card.version) if h.card else ""),
                Column(
                    self.tr("Valid until"),
                    lambda h: date_text(h.card.expires_on) if h.card else "",
                ),
                Column(self.tr("State"), self._state),
            ]
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.reissue_button = QPushButton(self.tr("Lost card: reissue…"))
        self.reissue_button.clicked.connect(self.reissue_selected)
        self.revoke_button = QPushButton(self.tr("Revoke card…"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.print_one_button = QPushButton(self.tr("Print this card…"))
        self.print_one_button.clicked.connect(self.print_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.reissue_button)
        actions.addWidget(self.revoke_button)
        actions.addWidget(self.print_one_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(scope)
        layout.addWidget(self.status)
        layout.addSpacing(10)
        layout.addWidget(lookup_title)
        layout.addLayout(lookup)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        self._update_buttons()

    def refresh(self) -> None:
        """Reload the classes and the looked-up pupil's cards."""
        names = self._class_names()
        current = self.class_combo.currentText()
        self.class_combo.clear()
        self.class_combo.addItems(names)
        if current:
            self.class_combo.setCurrentText(current)
        if self._student_id is not None:
            self._show_pupil(self._student_id)

    # --- printing ---

    def selection(self) -> CardSelection:
        """The scope chosen above."""
        if self.scope_school.isChecked():
            return CardSelection()
        if self.scope_class.isChecked():
            return CardSelection(class_name=self.class_combo.currentText().strip() or None)
        return CardSelection(student_no=self.pupil_edit.text().strip() or None)

    def print_cards(self) -> CardPrintDialog | None:
        """Issue cards to holders without one, then show the print preview."""
        selection = self.selection()
        try:
            service = self._cards()
            new = service.issue_missing(selection, self._member)
            cards = service.printable(selection)
        except AfterSchoolError as exc:
            self._fail(exc)
            return None
        self.status.setText(
            self.tr("{count} cards ready ({new} newly issued).").format(count=len(cards), new=new)
        )
        if new:
            self.changed.emit()
        return self._open_print(cards)

    def print_selected(self) -> CardPrintDialog | None:
        """Print the selected guardian's card alone (e.g. after 补办)."""
        holder = self._selected()
        if holder is None or holder.card is None:
            return None
        try:
            cards = [
                c
                for c in self._cards().printable(CardSelection(student_no=self._student_no()))
                if c.card_no == holder.card.card_no
            ]
        except AfterSchoolError as exc:
            self._fail(exc)
            return None
        return self._open_print(cards)

    def _open_print(self, cards: list[object]) -> CardPrintDialog:
        self.dialog = CardPrintDialog(cards, self)  # type: ignore[arg-type]
        self.dialog.open()
        return self.dialog

    # --- one pupil's cards ---

    def look_up(self) -> None:
        """Find a pupil and show their guardians' cards."""
        hits = self._people.search(self.lookup_edit.text())
        if not hits:
            self.pupil_label.setText(self.tr("No pupil found."))
            self.model.set_rows([])
            self._student_id = None
            self._update_buttons()
            return
        self._show_pupil(hits[0].student_id)

    def _show_pupil(self, student_id: int) -> None:
        card = self._people.pupil_card(student_id)
        self._student_id = student_id
        self.pupil_label.setText(f"{card.pupil.name} · {card.pupil.class_name}")
        try:
            service = self._cards()
            rows = [
                HolderCard(
                    g.guardian_id,
                    g.name,
                    g.relation,
                    service.current_card(HolderRef("guardian", g.guardian_id)),
                )
                for g in card.guardians
            ]
        except AfterSchoolError as exc:
            self._fail(exc)
            rows = []
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)
        self._update_buttons()

    def reissue_selected(self) -> None:
        """挂失补办: the old printed card stops working, the new one has the next version."""
        self._change(
            self.tr("Reissue card"),
            self.tr("Why is the card reissued (e.g. lost on 12月1日)?"),
            lambda service, card_id, reason: service.reissue(card_id, self._member, reason),
        )

    def revoke_selected(self) -> None:
        """作废: the card stops working for good."""
        self._change(
            self.tr("Revoke card"),
            self.tr("Why is the card revoked?"),
            lambda service, card_id, reason: service.revoke(card_id, self._member, reason),
        )

    def _change(
        self, title: str, prompt: str, act: Callable[[CardService, int, str], CardInfo]
    ) -> None:
        holder = self._selected()
        if holder is None or holder.card is None:
            return
        reason, ok = QInputDialog.getText(self, title, prompt)
        if not ok or not reason.strip():
            return
        try:
            act(self._cards(), holder.card.id, reason.strip())
        except AfterSchoolError as exc:
            self._fail(exc)
            return
        if self._student_id is not None:
            self._show_pupil(self._student_id)
        self.changed.emit()

    # --- helpers ---

    def _selected(self) -> HolderCard | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_record(rows[0].row()) if rows else None

    def _student_no(self) -> str | None:
        if self._student_id is None:
            return None
        return self._people.pupil_card(self._student_id).pupil.student_no

    def _state(self, holder: HolderCard) -> str:
        if holder.card is None:
            return self.tr("No card in force")
        if holder.card.revoked_at is not None:
            return self.tr("Revoked")
        return self.tr("In force")

    def _error_text(self, exc: AfterSchoolError) -> str:
        if exc.code == "key_missing":
            return self.tr(
                "This PC has no card key file. The safety officer restores it from the key "
                "recovery sheet (see docs/security.md); cards already printed stay valid."
            )
        if exc.code in ("card_key_mismatch", "key_mismatch", "key_corrupt"):
            return self.tr(
                "This PC's card key file is not this school's (or is damaged). Restore the "
                "school's key from the recovery sheet before issuing or checking cards."
            )
        if exc.code == "not_found":
            return self.tr("No such class or pupil.")
        return self.tr("The cards could not be prepared (code {code}).").format(code=exc.code)

    def _update_buttons(self) -> None:
        holder = self._selected()
        usable = holder is not None and holder.card is not None and holder.card.revoked_at is None
        for button in (self.reissue_button, self.revoke_button, self.print_one_button):
            button.setEnabled(usable)

    def _fail(self, exc: AfterSchoolError) -> None:
        text = self._error_text(exc)
        self.status.setText(text)
        warn(self, self.tr("Pickup cards"), text)
