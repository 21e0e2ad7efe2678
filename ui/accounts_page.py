"""The administrator's page: staff accounts with role, class and lock state, and the idle lock."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.accounts import IDLE_MIN_RANGE, AccountService, StaffAccount
from core.errors import AfterSchoolError
from core.staff_types import StaffMember
from ui.accounts_dialogs import SecretDialog, StaffDialog
from ui.accounts_text import role_text, show_error
from ui.settings_text import OK_GREEN, colored_label, hint_label
from ui.table_model import Column, RecordTableModel

INACTIVE_GREY = QColor("#8a8f98")
LOCKED_RED = QColor("#b91c1c")


class AccountsPage(QWidget):
    """List, add, edit, reset, unlock and deactivate accounts; set the idle minutes."""

    idle_minutes_changed = Signal(int)

    def __init__(
        self, accounts: AccountService, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        require_page(member, "accounts")  # R12: no other way in for other roles
        self._accounts = accounts
        self._member = member
        title = QLabel(self.tr("Accounts"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name or staff number"))
        self.search.setClearButtonEnabled(True)
        self.add_button = QPushButton(self.tr("Add account…"))
        self.add_button.setObjectName("primary")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)

        self.edit_button = QPushButton(self.tr("Edit…"))
        self.secret_button = QPushButton(self.tr("Reset PIN…"))
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.status_label = colored_label(OK_GREEN)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.secret_button, self.unlock_button):
            actions.addWidget(button)
        actions.addWidget(self.active_button)
        actions.addWidget(self.status_label, 1)

        self.model: RecordTableModel[StaffAccount] = RecordTableModel(
            [
                Column(self.tr("Staff no."), lambda a: a.staff_no),
                Column(self.tr("Name"), lambda a: a.name),
                Column(self.tr("Role"), lambda a: role_text(a.role)),
                Column(self.tr("Class"), lambda a: a.class_name),
                Column(
                    self.tr("Status"),
                    lambda a: self.tr("Active") if a.active else self.tr("Deactivated"),
                ),
                Column(self.tr("Sign-in"), self._sign_in_state),
            ],
            row_foreground=self._row_color,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._build_idle_box())

        self.add_button.clicked.connect(self.add_account)
        self.edit_button.clicked.connect(self.edit_account)
        self.secret_button.clicked.connect(self.reset_secret)
        self.unlock_button.clicked.connect(self.unlock)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.doubleClicked.connect(lambda _i: self.edit_account())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.refresh()

    def _build_idle_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Automatic lock"))
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(*IDLE_MIN_RANGE)
        self.idle_spin.setSuffix(self.tr(" min"))
        self.idle_spin.setMinimumWidth(110)
        self.idle_save_button = QPushButton(self.tr("Save"))
        self.idle_status = colored_label(OK_GREEN)
        self.idle_status.setWordWrap(False)
        self.idle_spin.valueChanged.connect(lambda _v: self.idle_status.clear())
        self.idle_save_button.clicked.connect(self.save_idle_minutes)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Lock the screen after this long without input:")))
        row.addWidget(self.idle_spin)
        row.addWidget(self.idle_save_button)
        row.addWidget(self.idle_status)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Classroom PCs are shared: after this many minutes without keyboard or "
                    "mouse input the screen shows the sign-in again. Nothing is lost, every "
                    "record is already saved. Default: 5 minutes."
                )
            )
        )
        return box

    # --- showing ---

    def refresh(self) -> None:
        """Reload the accounts (another station may have changed them) and the idle minutes."""
        chosen = self.selected()
        self.model.set_rows(self._accounts.list_staff())
        if chosen is not None:
            self.select(chosen.id)
        self.idle_spin.blockSignals(True)
        self.idle_spin.setValue(self._accounts.idle_lock_minutes())
        self.idle_spin.blockSignals(False)
        self._update_buttons()

    def selected(self) -> StaffAccount | None:
        """The account of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_record(self.proxy.mapToSource(rows[0]).row())

    def select(self, staff_id: int) -> None:
        """Select the row of an account."""
        for row, account in enumerate(self.model.records()):
            if account.id == staff_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return

    def _sign_in_state(self, account: StaffAccount) -> str:
        if self._accounts.is_locked(account) and account.locked_until is not None:
            return self.tr("Locked until {time}").format(time=f"{account.locked_until:%H:%M}")
        if not account.has_secret:
            return self.tr("No PIN yet")
        return self.tr("Can sign in")

    def _row_color(self, account: StaffAccount) -> QColor | None:
        if not account.active:
            return INACTIVE_GREY
        return LOCKED_RED if self._accounts.is_locked(account) else None

    def _update_buttons(self) -> None:
        account = self.selected()
        for button in (self.edit_button, self.secret_button, self.active_button):
            button.setEnabled(account is not None)
        self.unlock_button.setEnabled(account is not None and self._accounts.is_locked(account))
        active = account is None or account.active
        self.active_button.setText(self.tr("Deactivate") if active else self.tr("Reactivate"))

    def _done(self, text: str, account: StaffAccount | None = None) -> None:
        self.refresh()
        if account is not None:
            self.select(account.id)
        self.status_label.setText(text)

    # --- actions ---

    def add_account(self) -> StaffDialog:
        """Open the dialog for a new account."""
        dialog = StaffDialog(
            self._accounts, self._member, self._accounts.list_classes(), None, self
        )
        dialog.accepted.connect(
            lambda: self._done(self.tr("Account added."), dialog.saved) if dialog.saved else None
        )
        dialog.open()
        return dialog

    def edit_account(self) -> StaffDialog | None:
        """Open the dialog for the selected account."""
        account = self.selected()
        if account is None:
            return None
        dialog = StaffDialog(
            self._accounts, self._member, self._accounts.list_classes(), account, self
        )
        dialog.accepted.connect(lambda: self._done(self.tr("Account saved."), account))
        dialog.open()
        return dialog

    def reset_secret(self) -> SecretDialog | None:
        """Open the dialog for the selected account's new PIN or password."""
        account = self.selected()
        if account is None:
            return None
        dialog = SecretDialog(self._accounts, self._member, account, self)
        dialog.accepted.connect(
            lambda: self._done(
                self.tr("New PIN set for {who}.").format(who=account.member.actor), account
            )
        )
        dialog.open()
        return dialog

    def unlock(self) -> None:
        """Lift the selected account's lock-out now."""
        account = self.selected()
        if account is None:
            return
        try:
            self._accounts.unlock(self._member, account.id)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self._done(self.tr("{who} can sign in again.").format(who=account.member.actor), account)

    def toggle_active(self) -> None:
        """Deactivate the selected account, or reactivate it (both undo each other)."""
        account = self.selected()
        if account is None:
            return
        try:
            if account.active:
                self._accounts.deactivate(self._member, account.id)
                text = self.tr("{who} deactivated.")
            else:
                self._accounts.reactivate(self._member, account.id)
                text = self.tr("{who} reactivated.")
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self._done(text.format(who=account.member.actor), account)

    def save_idle_minutes(self) -> None:
        """Store the idle minutes for every station."""
        minutes = self.idle_spin.value()
        try:
            self._accounts.set_idle_lock_minutes(self._member, minutes)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.idle_status.setText(self.tr("Saved."))
        self.idle_minutes_changed.emit(minutes)
