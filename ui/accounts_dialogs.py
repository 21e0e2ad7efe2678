"""Dialogs of the accounts page: add or edit a staff account, and set a new PIN or password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.accounts import AccountService, ClassChoice, StaffAccount
from core.errors import AfterSchoolError
from core.staff_types import CLASS_TEACHER, ROLES, StaffMember
from ui.accounts_text import error_text, mismatch_text, role_text, secret_rules_text
from ui.settings_text import error_label, hint_label
from ui.sign_in import secret_edit


class StaffDialog(QDialog):
    """Add an account (with its first PIN) or edit one; the staff number never changes."""

    def __init__(
        self,
        accounts: AccountService,
        actor: StaffMember,
        classes: list[ClassChoice],
        account: StaffAccount | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._actor = actor
        self._account = account
        self.saved: StaffAccount | None = None
        self.setWindowTitle(self.tr("Edit account") if account else self.tr("Add account"))
        self.setMinimumWidth(440)

        self.staff_no_edit = QLineEdit(account.staff_no if account else "")
        self.staff_no_edit.setMaxLength(20)
        self.staff_no_edit.setReadOnly(account is not None)
        self.name_edit = QLineEdit(account.name if account else "")
        self.name_edit.setMaxLength(50)
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(role_text(role), role)
        self.class_combo = QComboBox()
        self.class_combo.addItem(self.tr("(none)"), None)
        for choice in classes:
            self.class_combo.addItem(choice.name, choice.id)
        self.phone_edit = QLineEdit(account.phone if account else "")
        self.phone_edit.setMaxLength(20)
        self.secret_edit = secret_edit()
        self.repeat_edit = secret_edit()
        if account is not None:
            self.role_combo.setCurrentIndex(self.role_combo.findData(account.role))
            self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(account.class_id)))
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

        form = QFormLayout()
        form.addRow(self.tr("Staff number"), self.staff_no_edit)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("Class"), self.class_combo)
        form.addRow(self.tr("Phone"), self.phone_edit)
        if account is None:
            form.addRow(self.tr("PIN or password"), self.secret_edit)
            form.addRow(self.tr("Repeat"), self.repeat_edit)
        self.error_label = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if account is None:
            layout.addWidget(hint_label(secret_rules_text()))
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _role_changed(self) -> None:
        # Only a class teacher has a class of their own.
        is_class_teacher = self.role_combo.currentData() == CLASS_TEACHER
        self.class_combo.setEnabled(is_class_teacher)
        if not is_class_teacher:
            self.class_combo.setCurrentIndex(0)

    def save(self) -> None:
        """Store the account; errors stay in the dialog."""
        role, class_id = self.role_combo.currentData(), self.class_combo.currentData()
        try:
            if self._account is None:
                if self.secret_edit.text() != self.repeat_edit.text():
                    self._show_error(mismatch_text())
                    return
                self.saved = self._accounts.add_staff(
                    self._actor,
                    self.staff_no_edit.text(),
                    self.name_edit.text(),
                    role,
                    self.secret_edit.text(),
                    class_id,
                    self.phone_edit.text(),
                )
            else:
                self.saved = self._accounts.update_staff(
                    self._actor,
                    self._account.id,
                    self.name_edit.text(),
                    role,
                    class_id,
                    self.phone_edit.text(),
                )
        except AfterSchoolError as exc:
            self._show_error(error_text(exc))
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)


class SecretDialog(QDialog):
    """The administrator sets a new PIN or password (forgotten PIN); this also unlocks."""

    def __init__(
        self,
        accounts: AccountService,
        actor: StaffMember,
        account: StaffAccount,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._actor = actor
        self._account = account
        self.setWindowTitle(self.tr("Reset PIN"))
        self.setMinimumWidth(420)
        self.secret_edit = secret_edit()
        self.repeat_edit = secret_edit()
        form = QFormLayout()
        form.addRow(self.tr("Account"), QLabel(account.member.actor))
        form.addRow(self.tr("New PIN or password"), self.secret_edit)
        form.addRow(self.tr("Repeat"), self.repeat_edit)
        self.error_label = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.repeat_edit.returnPressed.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint_label(secret_rules_text()))
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Store the new secret; errors stay in the dialog."""
        if self.secret_edit.text() != self.repeat_edit.text():
            self._show_error(mismatch_text())
            return
        try:
            self._accounts.set_secret(self._actor, self._account.id, self.secret_edit.text())
        except AfterSchoolError as exc:
            self._show_error(error_text(exc))
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)
