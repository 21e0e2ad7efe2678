"""The settings group 放学与无人接领: grades that may leave alone and the escalation minutes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.dismissal_settings import (
    ESCALATION_MAX,
    ESCALATION_MIN,
    GRADES,
    DismissalPolicy,
    DismissalSettings,
)
from core.errors import AfterSchoolError, NotFoundError
from core.staff_types import StaffMember
from ui.messages import fill
from ui.settings_text import ERROR_RED, OK_GREEN, colored_label, hint_label

translate = QCoreApplication.translate


def grades_text(grades: Iterable[int]) -> str:
    """一年级, or 一、二年级 for several grades."""
    numerals = {
        1: translate("GradeWords", "1"),
        2: translate("GradeWords", "2"),
        3: translate("GradeWords", "3"),
        4: translate("GradeWords", "4"),
        5: translate("GradeWords", "5"),
        6: translate("GradeWords", "6"),
    }
    numbers = translate("GradeWords", ", ").join(numerals[g] for g in sorted(grades))
    return translate("GradeWords", "grade {numbers}").format(numbers=numbers)


def error_text(exc: AfterSchoolError) -> str:
    """The Chinese sentence for an error of the dismissal settings and consent edits."""
    texts = {
        "grade_range": translate("DismissalSettingsText", "Only grades 1 to 6 exist."),
        "escalation_range": translate(
            "DismissalSettingsText", "Each step must be between {low} and {high} minutes."
        ),
        "escalation_call_custody": translate(
            "DismissalSettingsText",
            "The custody transfer ({custody} min) must come after the call to the guardians "
            "({call} min).",
        ),
        "escalation_custody_officer": translate(
            "DismissalSettingsText",
            "Notifying the safety officer ({officer} min) must come after the custody transfer "
            "({custody} min).",
        ),
        "consent_future": translate(
            "DismissalSettingsText", "The consent cannot have been received after today ({on})."
        ),
        "settings_not_allowed": translate(
            "DismissalSettingsText", "Only the safety officer may change this."
        ),
        NotFoundError.code: translate(
            "DismissalSettingsText",
            "This pupil or enrolment no longer exists (perhaps another computer changed it).",
        ),
    }
    template = texts.get(
        exc.code,
        translate("DismissalSettingsText", "The change could not be saved (code {code}).").format(
            code=exc.code
        ),
    )
    params = {k: str(v) for k, v in exc.params.items()}
    params.update(low=str(ESCALATION_MIN), high=str(ESCALATION_MAX))
    return fill(template, params)


def _left(widget: QWidget) -> QHBoxLayout:
    # A form stretches its fields; a spin box over the whole width looks like a text field.
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


class DismissalGroup(QGroupBox):
    """Six grade check boxes and three escalation spin boxes, saved together."""

    changed = Signal()

    def __init__(
        self, settings: DismissalSettings, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Dismissal and unaccompanied children"), parent)
        self._settings = settings
        self._member = member
        self.grade_checks = {g: QCheckBox(grades_text([g])) for g in GRADES}
        self.call_spin = self._spin()
        self.custody_spin = self._spin()
        self.officer_spin = self._spin()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.status_label = colored_label(OK_GREEN)

        grades_row = QHBoxLayout()
        for check in self.grade_checks.values():
            grades_row.addWidget(check)
            check.toggled.connect(lambda _on: self._clear_status())
        grades_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Grades that may leave alone:"), grades_row)
        form.addRow(
            "",
            hint_label(
                self.tr(
                    "Only with the guardian's signed consent on file (recorded on the pupil's "
                    "page under Authorized adults). Pupils of other grades are always collected, "
                    "even with a consent. Default: grades 3 to 6."
                )
            ),
        )
        form.addRow(self.tr("Call the guardians after:"), _left(self.call_spin))
        form.addRow(
            self.tr("Hand over to a duty teacher (custody) after:"), _left(self.custody_spin)
        )
        form.addRow(self.tr("Notify the safety officer after:"), _left(self.officer_spin))
        form.addRow(
            "",
            hint_label(
                self.tr(
                    "Minutes after a child is flagged unaccompanied. Each step comes later than "
                    "the one before. Default: 5, 15 and 30 minutes."
                )
            ),
        )
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(save_row)
        if not member.is_admin:
            self._read_only()

    def _spin(self) -> QSpinBox:
        spin = QSpinBox()
        # Wider than the service allows, so an out-of-range entry gets a sentence, not a clamp.
        spin.setRange(0, 999)
        spin.setSuffix(self.tr(" min"))
        spin.setMinimumWidth(120)
        spin.valueChanged.connect(lambda _v: self._clear_status())
        return spin

    def _read_only(self) -> None:
        for widget in self._inputs():
            widget.setEnabled(False)
        self.save_button.setEnabled(False)
        self._status(self.tr("Only the safety officer may change these settings."), ok=False)

    def _inputs(self) -> list[QWidget]:
        return [*self.grade_checks.values(), self.call_spin, self.custody_spin, self.officer_spin]

    def _clear_status(self) -> None:
        if self._member.is_admin:
            self.status_label.clear()

    def _status(self, text: str, ok: bool) -> None:
        palette = self.status_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, OK_GREEN if ok else ERROR_RED)
        self.status_label.setPalette(palette)
        self.status_label.setText(text)

    def show_policy(self, policy: DismissalPolicy) -> None:
        """Show the stored values."""
        widgets = self._inputs()
        for widget in widgets:
            widget.blockSignals(True)
        for grade, check in self.grade_checks.items():
            check.setChecked(policy.allows_grade(grade))
        self.call_spin.setValue(policy.call_min)
        self.custody_spin.setValue(policy.custody_min)
        self.officer_spin.setValue(policy.officer_min)
        for widget in widgets:
            widget.blockSignals(False)

    def reload(self) -> None:
        """Read the stored values again (another station may have changed them)."""
        self.show_policy(self._settings.policy())

    def chosen_grades(self) -> list[int]:
        """The grades ticked now."""
        return [g for g, check in self.grade_checks.items() if check.isChecked()]

    def save(self) -> bool:
        """Store the grades and minutes together; a refusal is shown in the status line."""
        call, custody, officer = (
            self.call_spin.value(),
            self.custody_spin.value(),
            self.officer_spin.value(),
        )
        try:
            self._settings.set_policy(self.chosen_grades(), call, custody, officer, self._member)
        except AfterSchoolError as exc:
            self._status(error_text(exc), ok=False)
            return False
        grades = self.chosen_grades()
        allowed = (
            self.tr("{grades} may leave alone").format(grades=grades_text(grades))
            if grades
            else self.tr("no grade may leave alone")
        )
        self._status(
            self.tr("Saved: {allowed}; {call} / {custody} / {officer} min.").format(
                allowed=allowed, call=call, custody=custody, officer=officer
            ),
            ok=True,
        )
        self.changed.emit()
        return True
