"""Small dialogs of the authorized-adults page: guardian, 代接, institution, bans, consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.errors import AfterSchoolError
from core.people_types import GuardianEntry, InstitutionEntry
from ui.messages import fill
from ui.settings_text import error_label, hint_label


def error_text(exc: AfterSchoolError) -> str:
    """The Chinese sentence for an error of the people service."""
    texts = {
        "name_empty": QCoreApplication.translate("PeopleText", "Please enter a name."),
        "name_too_long": QCoreApplication.translate("PeopleText", "The name is too long."),
        "phone_invalid": QCoreApplication.translate(
            "PeopleText", "The phone number {phone} is not valid."
        ),
        "relation_invalid": QCoreApplication.translate(
            "PeopleText", "The relation {relation} is not valid."
        ),
        "note_too_long": QCoreApplication.translate(
            "PeopleText", "The note is too long (at most 200 characters)."
        ),
        "caller_empty": QCoreApplication.translate(
            "PeopleText", "Please enter who phoned the authorization in."
        ),
        "proxy_range": QCoreApplication.translate(
            "PeopleText", "The end date is before the start date."
        ),
        "proxy_past": QCoreApplication.translate(
            "PeopleText", "The authorization would already be over."
        ),
        "guardian_linked": QCoreApplication.translate(
            "PeopleText", "This person is already a guardian of the pupil."
        ),
        "institution_taken": QCoreApplication.translate(
            "PeopleText", "An institution of this name exists."
        ),
        "institution_linked": QCoreApplication.translate(
            "PeopleText", "This institution already collects the pupil."
        ),
        "court_order_date": QCoreApplication.translate(
            "PeopleText", "Please enter the date of the court order."
        ),
        "photo_empty": QCoreApplication.translate("PeopleText", "The photo file is empty."),
        "photo_too_large": QCoreApplication.translate(
            "PeopleText", "The photo is larger than 2 MB."
        ),
        "photo_not_image": QCoreApplication.translate(
            "PeopleText", "The file is not a JPEG or PNG picture."
        ),
        "folder_missing": QCoreApplication.translate("PeopleText", "The folder cannot be found."),
        "people_not_allowed": QCoreApplication.translate(
            "PeopleText", "Only the safety officer may change this."
        ),
        "settings_not_allowed": QCoreApplication.translate(
            "PeopleText", "Only the safety officer may change this."
        ),
        "consent_future": QCoreApplication.translate(
            "PeopleText", "The consent cannot have been received after today."
        ),
        "not_found": QCoreApplication.translate(
            "PeopleText", "This pupil no longer exists (perhaps another computer changed it)."
        ),
    }
    template = texts.get(
        exc.code, QCoreApplication.translate("PeopleText", "The change was not saved: {error}")
    )
    params = {k: str(v) for k, v in exc.params.items()}
    params.setdefault("error", str(exc))
    return fill(template, params)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class _SaveDialog(QDialog):
    """A form with an error line; ``save`` runs the service call and keeps errors in view."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.error_label = error_label()
        self._extra = QVBoxLayout()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(self._extra)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def add_hint(self, text: str) -> QLabel:
        """A grey explanation above the buttons."""
        label = hint_label(text)
        label.setWordWrap(True)
        self._extra.addWidget(label)
        return label

    def store(self) -> None:
        """Call the service; overridden."""
        raise NotImplementedError

    def save(self) -> None:
        """Store the entry; errors stay in the dialog."""
        try:
            self.store()
        except AfterSchoolError as exc:
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)
            return
        self.accept()


class PersonFields:
    """Name, relation and phone line edits shared by the dialogs."""

    def __init__(self, dialog: _SaveDialog, name: str = "", relation: str = "", phone: str = ""):
        self.name_edit = QLineEdit(name)
        self.name_edit.setMaxLength(50)
        self.relation_edit = QLineEdit(relation)
        self.relation_edit.setMaxLength(8)
        self.phone_edit = QLineEdit(phone)
        self.phone_edit.setMaxLength(20)
        dialog.form.addRow(QCoreApplication.translate("PersonFields", "Name"), self.name_edit)
        dialog.form.addRow(
            QCoreApplication.translate("PersonFields", "Relation"), self.relation_edit
        )
        dialog.form.addRow(QCoreApplication.translate("PersonFields", "Phone"), self.phone_edit)


class GuardianDialog(_SaveDialog):
    """Add or edit a guardian; an edit of name or phone reaches every sibling, and says so."""

    def __init__(
        self,
        store: Callable[[str, str, str], object],
        guardian: GuardianEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Edit guardian") if guardian else self.tr("Add guardian"), parent)
        self._store = store
        g = guardian
        self.fields = PersonFields(
            self, g.name if g else "", g.relation if g else "", (g.phone or "") if g else ""
        )
        self.shared_hint: QLabel | None = None
        if g is not None and g.siblings:
            self.shared_hint = self.add_hint(
                self.tr(
                    "This guardian is shared with {names}: a new name or phone changes it "
                    "for every one of these children."
                ).format(names="、".join(g.siblings))
            )

    def store(self) -> None:
        """Save through the page's callable."""
        f = self.fields
        self._store(f.name_edit.text(), f.relation_edit.text(), f.phone_edit.text())


class ProxyDialog(_SaveDialog):
    """A 代接: who, valid when (one day or a range), who phoned it in, the written note."""

    def __init__(
        self,
        store: Callable[[str, str, str, dt.date, dt.date, str, str], object],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Add proxy pickup"), parent)
        self._store = store
        self.fields = PersonFields(self)
        self.one_day_check = QCheckBox(self.tr("Today only"))
        self.one_day_check.setChecked(True)
        self.from_edit = QDateEdit(_qdate(today))
        self.to_edit = QDateEdit(_qdate(today))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.caller_edit = QLineEdit()
        self.caller_edit.setMaxLength(50)
        self.caller_edit.setPlaceholderText(self.tr("e.g. 王芳 (mother), by phone"))
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(200)
        self.note_edit.setPlaceholderText(self.tr("e.g. WeChat message kept, note signed"))
        self.form.addRow("", self.one_day_check)
        self.form.addRow(self.tr("Valid from"), self.from_edit)
        self.form.addRow(self.tr("Valid to"), self.to_edit)
        self.form.addRow(self.tr("Phoned in by"), self.caller_edit)
        self.form.addRow(self.tr("Written authorization"), self.note_edit)
        self.one_day_check.toggled.connect(self._one_day)
        self._one_day(True)

    def _one_day(self, on: bool) -> None:
        self.from_edit.setEnabled(not on)
        self.to_edit.setEnabled(not on)
        if on:
            self.to_edit.setDate(self.from_edit.date())

    def store(self) -> None:
        """Save through the page's callable."""
        f = self.fields
        start = _pydate(self.from_edit)
        end = start if self.one_day_check.isChecked() else _pydate(self.to_edit)
        self._store(
            f.name_edit.text(),
            f.relation_edit.text(),
            f.phone_edit.text(),
            start,
            end,
            self.caller_edit.text(),
            self.note_edit.text(),
        )


class InstitutionDialog(_SaveDialog):
    """Authorize an existing 托管机构 for the pupil, or register a new one."""

    def __init__(
        self,
        store: Callable[[int | None, str, str], object],
        institutions: list[InstitutionEntry],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Authorize institution"), parent)
        self._store = store
        self.combo = QComboBox()
        self.combo.addItem(self.tr("(new institution)"), None)
        for inst in institutions:
            self.combo.addItem(inst.name, inst.institution_id)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(60)
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(20)
        self.form.addRow(self.tr("Institution"), self.combo)
        self.form.addRow(self.tr("New name"), self.name_edit)
        self.form.addRow(self.tr("Phone"), self.phone_edit)
        self.combo.currentIndexChanged.connect(self._chosen)
        if institutions:
            self.combo.setCurrentIndex(1)
        self._chosen()

    def _chosen(self) -> None:
        new = self.combo.currentData() is None
        self.name_edit.setEnabled(new)
        self.phone_edit.setEnabled(new)

    def store(self) -> None:
        """Save through the page's callable."""
        self._store(self.combo.currentData(), self.name_edit.text(), self.phone_edit.text())


class StaffDialog(_SaveDialog):
    """Add a staff member of an institution (holds the institution's pickup card)."""

    def __init__(self, store: Callable[[str, str], object], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add institution staff"), parent)
        self._store = store
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(50)
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(20)
        self.form.addRow(self.tr("Name"), self.name_edit)
        self.form.addRow(self.tr("Phone"), self.phone_edit)

    def store(self) -> None:
        """Save through the page's callable."""
        self._store(self.name_edit.text(), self.phone_edit.text())


class RestrictionDialog(_SaveDialog):
    """Put a person on the do-not-release list: name, phone, note, court order and its date."""

    def __init__(
        self,
        store: Callable[[str, str, str, bool, dt.date | None], object],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Add to do-not-release list"), parent)
        self._store = store
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(50)
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(20)
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(200)
        self.court_check = QCheckBox(self.tr("Court order"))
        self.court_date = QDateEdit(_qdate(today))
        self.court_date.setCalendarPopup(True)
        self.court_date.setDisplayFormat("yyyy-MM-dd")
        self.court_date.setEnabled(False)
        self.court_check.toggled.connect(self.court_date.setEnabled)
        self.form.addRow(self.tr("Name"), self.name_edit)
        self.form.addRow(self.tr("Phone"), self.phone_edit)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self.form.addRow("", self.court_check)
        self.form.addRow(self.tr("Order date"), self.court_date)

    def store(self) -> None:
        """Save through the page's callable."""
        court = self.court_check.isChecked()
        self._store(
            self.name_edit.text(),
            self.phone_edit.text(),
            self.note_edit.text(),
            court,
            _pydate(self.court_date) if court else None,
        )


class ConsentDialog(_SaveDialog):
    """The date the guardian's signed 自行离校 consent was received (today by default)."""

    def __init__(
        self,
        store: Callable[[dt.date], object],
        today: dt.date,
        current: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Consent to leave alone"), parent)
        self._store = store
        self.date_edit = QDateEdit(_qdate(current or today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        # The calendar offers no future day; the service refuses one anyway.
        self.date_edit.setMaximumDate(_qdate(today))
        self.form.addRow(self.tr("Received on"), self.date_edit)
        self.add_hint(
            self.tr(
                "The guardian's signed consent that the child may go home alone. Keep the "
                "paper in the pupil's file. The child may only leave alone when the school "
                "also allows the child's grade (Settings)."
            )
        )

    def store(self) -> None:
        """Save through the page's callable."""
        self._store(_pydate(self.date_edit))
