"""The safety officer's dialog for one pupil's personal data (R12): export it, or erase it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import AfterSchoolError
from core.privacy import ChildSummary, ErasureResult, PrivacyService
from core.staff_types import StaffMember
from ui.log_dialogs import SavePathAsker, ask_save_path, with_suffix
from ui.messages import fill
from ui.settings_text import error_label, hint_label


@contextmanager
def _busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class PrivacyDialog(QDialog):
    """Names the pupil; exports all its data, or erases it after a reason and its typed name."""

    erased = Signal(object)  # the ErasureResult

    def __init__(
        self,
        privacy: PrivacyService,
        member: StaffMember,
        child: ChildSummary,
        ask_path: SavePathAsker = ask_save_path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._privacy = privacy
        self._member = member
        self.child = child
        self._ask_path = ask_path
        self.result_text = ""  # what was done, for the page and tests
        self.setWindowTitle(self.tr("Personal data of a pupil"))
        self.who_label = who = QLabel(
            self.tr("{name} ({number}), {klass}").format(
                name=child.name, number=child.student_no, klass=child.class_name
            )
        )
        who.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self._export_box())
        layout.addWidget(self._erase_box())
        self.status_label = hint_label("")
        self.status_label.setVisible(False)
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # --- export ---

    def _export_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Export on request"))
        layout = QVBoxLayout(box)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Everything stored about the pupil, its guardians and authorized adults, "
                    "with the photos, in one .zip file. The export is recorded in the audit log."
                )
            )
        )
        self.export_button = QPushButton(self.tr("Export all data…"))
        self.export_button.clicked.connect(self.ask_export)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def ask_export(self) -> bool:
        """Ask where to save the export, then write it."""
        path = self._ask_path(
            self,
            self.tr("Export the pupil's data"),
            f"个人信息-{self.child.student_no}.zip",
            self.tr("Zip archive (*.zip)"),
        )
        return bool(path) and self.export_to(with_suffix(path, (".zip",)))

    def export_to(self, path: Path) -> bool:
        """Write the export to ``path``; says where, or why not."""
        try:
            with _busy():
                result = self._privacy.export(self._member, self.child.student_id, path)
        except AfterSchoolError as exc:
            self._show(self._error_text(exc), error=True)
            return False
        self._show(self.tr("Exported to {path}.").format(path=str(result.path)))
        return True

    # --- erase ---

    def _erase_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Erase on request"))
        layout = QVBoxLayout(box)
        c = self.child
        layout.addWidget(
            error_label_with(
                self.tr(
                    "This removes the name, student number, photos and free-text notes of "
                    "{name} for good, and the names, phones, photos and cards of {guardians} "
                    "guardian(s) who have no other child here and of {proxies} proxy "
                    "authorization(s). Guardians shared with a sibling ({shared}) keep their "
                    "data. Attendance and handoff counts stay, without names. It cannot be "
                    "undone: export the data first if the family asked for a copy."
                ).format(
                    name=c.name,
                    guardians=c.guardians_erased,
                    proxies=c.proxies,
                    shared=c.guardians_shared,
                )
            )
        )
        form = QFormLayout()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(
            self.tr("e.g. written request of the guardian, received 2026-12-01")
        )
        self.reason_edit.setMaxLength(200)
        form.addRow(self.tr("Reason (no names)"), self.reason_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Type {name} to confirm").format(name=c.name))
        form.addRow(self.tr("Pupil's name"), self.name_edit)
        layout.addLayout(form)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        self.erase_button = QPushButton(self.tr("Erase personal data"))
        self.erase_button.clicked.connect(self.confirm_erase)
        layout.addWidget(self.erase_button, 0, Qt.AlignmentFlag.AlignLeft)
        if c.erased:
            for w in (self.reason_edit, self.name_edit, self.erase_button):
                w.setEnabled(False)
            self._error(self.tr("This pupil's personal data was erased already."))
        return box

    def confirm_erase(self) -> ErasureResult | None:
        """Erase when the reason is given and the name typed is the pupil's; else say why."""
        if " ".join(self.name_edit.text().split()) != self.child.name:
            self._error(
                self.tr("The name typed is not {name}: nothing was erased.").format(
                    name=self.child.name
                )
            )
            return None
        try:
            with _busy():
                result = self._privacy.erase(
                    self._member,
                    self.child.student_id,
                    self.reason_edit.text(),
                    self.name_edit.text(),
                )
        except AfterSchoolError as exc:
            self._error(self._error_text(exc))
            return None
        self.error_label.setVisible(False)
        for w in (self.reason_edit, self.name_edit, self.erase_button, self.export_button):
            w.setEnabled(False)
        self._show(
            self.tr(
                "Erased. The pupil is now {number}; {entries} audit entries were redacted and "
                "the audit log still verifies."
            ).format(number=result.placeholder_no, entries=result.redacted_entries)
            + (
                " "
                + self.tr(
                    "The logs archived for {days} closed day(s) were printed before and still "
                    "name the pupil."
                ).format(days=len(result.archived_days))
                if result.archived_days
                else ""
            )
        )
        self.erased.emit(result)
        return result

    # --- messages ---

    def _show(self, text: str, error: bool = False) -> None:
        self.result_text = text
        if error:
            self._error(text)
            return
        self.status_label.setText(text)
        self.status_label.setVisible(True)

    def _error(self, text: str) -> None:
        self.result_text = text
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def _error_text(self, exc: AfterSchoolError) -> str:
        return error_text(exc)


def error_text(exc: AfterSchoolError) -> str:
    """The Chinese sentence for an error of the export or the erase."""
    texts = {
        "erase_reason_empty": QCoreApplication.translate(
            "PrivacyDialog", "Please give the reason for the erase."
        ),
        "erase_reason_too_long": QCoreApplication.translate(
            "PrivacyDialog", "The reason is too long (at most 200 characters)."
        ),
        "erase_reason_personal": QCoreApplication.translate(
            "PrivacyDialog",
            "The reason is kept in the audit log: it must not name the pupil or its adults.",
        ),
        "erase_name_mismatch": QCoreApplication.translate(
            "PrivacyDialog", "The name typed is not the pupil's: nothing was erased."
        ),
        "already_erased": QCoreApplication.translate(
            "PrivacyDialog", "This pupil's personal data was erased already."
        ),
        "privacy_not_allowed": QCoreApplication.translate(
            "PrivacyDialog", "Only the safety officer may do this."
        ),
        "not_found": QCoreApplication.translate("PrivacyDialog", "The pupil no longer exists."),
        "export_failed": QCoreApplication.translate(
            "PrivacyDialog", "The file could not be written: {reason}"
        ),
        "db_unavailable": QCoreApplication.translate(
            "PrivacyDialog", "The database cannot be reached: {reason}"
        ),
    }
    template = texts.get(
        exc.code, QCoreApplication.translate("PrivacyDialog", "It did not work: {reason}")
    )
    return fill(template, {"reason": str(exc), **{k: str(v) for k, v in exc.params.items()}})


def error_label_with(text: str) -> QLabel:
    """A red warning paragraph."""
    label = error_label()
    label.setText(text)
    label.setVisible(True)
    return label
