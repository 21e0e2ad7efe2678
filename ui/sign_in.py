"""The sign-in screen: staff number and PIN or password, or on the first run the admin's account."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.accounts import AdminExistsError
from core.demo import DEMO_ACCOUNTS, DEMO_PIN
from core.errors import AfterSchoolError
from core.services import Services
from ui.accounts_text import error_text, mismatch_text, secret_rules_text
from ui.settings_text import HINT_GREY, colored_label, error_label

CARD_WIDTH = 460
STYLE = """
#signInCard { background: white; border: 1px solid #cfd8e3; border-radius: 8px; }
#signInCard QLineEdit { font-size: 17px; padding: 5px; min-height: 26px; }
#signInCard QLabel { font-size: 15px; }
#signInCard QLabel#signInTitle { font-size: 24px; font-weight: bold; color: #1f4e79;
                                 padding-bottom: 6px; }
#demoHint { background: #eef6ff; border: 1px solid #b6d4f2; border-radius: 6px; padding: 10px;
            color: #1f4e79; font-size: 15px; }
#lockNotice { background: #fff3cd; border: 1px solid #e6c65c; border-radius: 6px; padding: 8px;
              color: #7a5b00; font-size: 15px; }
"""


def secret_edit(placeholder: str = "") -> QLineEdit:
    """A masked field for a PIN or password, kept out of input-method history."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    edit.setPlaceholderText(placeholder)
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return edit


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("signInCard")
    card.setFixedWidth(CARD_WIDTH)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(32, 26, 32, 26)
    layout.setSpacing(12)
    heading = QLabel(title)
    heading.setObjectName("signInTitle")
    layout.addWidget(heading)
    return card, layout


class SignInPage(QWidget):
    """Covers the app until someone signs in; emits ``signed_in`` with the StaffMember."""

    signed_in = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setStyleSheet(STYLE)
        # Two cards, one shown: hidden widgets take no room, so each card keeps its own height.
        self.sign_in_card = self._build_sign_in()
        self.setup_card = self._build_setup()
        cards = QVBoxLayout()
        cards.addWidget(self.sign_in_card)
        cards.addWidget(self.setup_card)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(cards)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.refresh()

    # --- building ---

    def _build_sign_in(self) -> QFrame:
        card, layout = _card(self.tr("Sign in"))
        self.lock_notice = QLabel()
        self.lock_notice.setObjectName("lockNotice")
        self.lock_notice.setWordWrap(True)
        self.lock_notice.setVisible(False)
        self.staff_no_edit = QLineEdit()
        self.staff_no_edit.setMaxLength(40)
        self.staff_no_edit.setPlaceholderText(self.tr("e.g. T001"))
        self.secret_edit = secret_edit()
        self.error_label = error_label()
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setAutoDefault(True)
        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(self.tr("Staff number"), self.staff_no_edit)
        form.addRow(self.tr("PIN or password"), self.secret_edit)
        layout.addWidget(self.lock_notice)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.sign_in_button)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        layout.addWidget(self.demo_hint)

        self.staff_no_edit.returnPressed.connect(self._staff_no_entered)
        self.secret_edit.returnPressed.connect(self.sign_in)
        self.sign_in_button.clicked.connect(self.sign_in)
        QWidget.setTabOrder(self.staff_no_edit, self.secret_edit)
        QWidget.setTabOrder(self.secret_edit, self.sign_in_button)
        return card

    def _build_setup(self) -> QFrame:
        card, layout = _card(self.tr("Create the administrator account"))
        intro = colored_label(HINT_GREY)
        intro.setText(
            self.tr(
                "First start: create the account of the safety officer, who is also the "
                "administrator. The administrator adds the teachers' accounts, resets PINs "
                "and changes the settings."
            )
        )
        self.admin_no_edit = QLineEdit()
        self.admin_no_edit.setMaxLength(20)
        self.admin_no_edit.setPlaceholderText(self.tr("e.g. A001"))
        self.admin_name_edit = QLineEdit()
        self.admin_name_edit.setMaxLength(50)
        self.admin_secret_edit = secret_edit()
        self.admin_repeat_edit = secret_edit()
        rules = colored_label(HINT_GREY)
        rules.setText(secret_rules_text())
        self.setup_error_label = error_label()
        self.create_button = QPushButton(self.tr("Create and sign in"))
        self.create_button.setObjectName("primary")
        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(self.tr("Staff number"), self.admin_no_edit)
        form.addRow(self.tr("Name"), self.admin_name_edit)
        form.addRow(self.tr("PIN or password"), self.admin_secret_edit)
        form.addRow(self.tr("Repeat"), self.admin_repeat_edit)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.setup_error_label)
        layout.addWidget(self.create_button)

        self.admin_repeat_edit.returnPressed.connect(self.create_admin)
        self.create_button.clicked.connect(self.create_admin)
        return card

    # --- state ---

    @property
    def first_run(self) -> bool:
        """True while the screen asks for the administrator's account."""
        return not self.setup_card.isHidden()

    def refresh(self) -> None:
        """Show the admin creation on the first run, else the sign-in with the demo's hint."""
        first_run = not self._services.accounts.has_admin()
        self.sign_in_card.setVisible(not first_run)
        self.setup_card.setVisible(first_run)
        is_demo = self._services.schedule.load().is_demo
        self.demo_hint.setVisible(is_demo)
        if is_demo:
            self.demo_hint.setText(
                self.tr(
                    "Demo accounts: class teacher {teacher} / safety officer {officer} / "
                    "duty teacher {duty}, PIN {pin} for each."
                ).format(
                    teacher=DEMO_ACCOUNTS["class_teacher"],
                    officer=DEMO_ACCOUNTS["safety_officer"],
                    duty=DEMO_ACCOUNTS["duty_teacher"],
                    pin=DEMO_PIN,
                )
            )
        self.focus_first_field()

    def show_sign_in(self, staff_no: str = "", notice: str = "") -> None:
        """Reset the form for the next person; ``notice`` says why it is shown (idle lock)."""
        self.refresh()
        self.staff_no_edit.setText(staff_no)
        self.secret_edit.clear()
        self._set_error(self.error_label, "")
        self.lock_notice.setText(notice)
        self.lock_notice.setVisible(bool(notice))
        self.focus_first_field()

    def focus_first_field(self) -> None:
        """Put the cursor where typing starts: the staff number, or the PIN when it is known."""
        if self.first_run:
            self.admin_no_edit.setFocus()
        elif self.staff_no_edit.text():
            self.secret_edit.setFocus()
        else:
            self.staff_no_edit.setFocus()

    # --- actions ---

    def _staff_no_entered(self) -> None:
        if self.secret_edit.text():
            self.sign_in()
        else:
            self.secret_edit.setFocus()

    def sign_in(self) -> None:
        """Check the staff number and secret; on success emit ``signed_in``."""
        staff_no, secret = self.staff_no_edit.text().strip(), self.secret_edit.text()
        if not staff_no or not secret:
            self._set_error(
                self.error_label, self.tr("Please enter your staff number and PIN or password.")
            )
            (self.secret_edit if staff_no else self.staff_no_edit).setFocus()
            return
        try:
            member = self._services.accounts.sign_in(staff_no, secret)
        except AfterSchoolError as exc:
            self.secret_edit.clear()
            self.secret_edit.setFocus()
            self._set_error(self.error_label, error_text(exc))
            return
        self.secret_edit.clear()
        self.staff_no_edit.clear()
        self._set_error(self.error_label, "")
        self.lock_notice.setVisible(False)
        self.signed_in.emit(member)

    def create_admin(self) -> None:
        """First run: create the administrator and sign in as them."""
        secret = self.admin_secret_edit.text()
        if secret != self.admin_repeat_edit.text():
            self._set_error(self.setup_error_label, mismatch_text())
            self.admin_repeat_edit.clear()
            self.admin_repeat_edit.setFocus()
            return
        try:
            member = self._services.accounts.create_admin(
                self.admin_no_edit.text(), self.admin_name_edit.text(), secret
            )
        except AdminExistsError as exc:
            self.show_sign_in(notice=error_text(exc))
            return
        except AfterSchoolError as exc:
            self._set_error(self.setup_error_label, error_text(exc))
            return
        for edit in (
            self.admin_no_edit,
            self.admin_name_edit,
            self.admin_secret_edit,
            self.admin_repeat_edit,
        ):
            edit.clear()
        self._set_error(self.setup_error_label, "")
        self.refresh()
        self.signed_in.emit(member)

    @staticmethod
    def _set_error(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
