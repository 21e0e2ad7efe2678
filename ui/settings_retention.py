"""The retention period of handoff snapshots (R12), in the settings page's 其他 tab."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import AfterSchoolError
from core.retention import MAX_DAYS, MIN_DAYS, RetentionSettings
from core.staff_types import StaffMember
from ui.settings_text import OK_GREEN, colored_label, hint_label, show_error


class RetentionGroup(QGroupBox):
    """How many days webcam snapshots (and ended proxies' photos) are kept."""

    def __init__(
        self, retention: RetentionSettings, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Personal data"))
        self._retention = retention
        self._member = member
        self.days_spin = QSpinBox()
        self.days_spin.setRange(MIN_DAYS, MAX_DAYS)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setMinimumWidth(120)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.status_label = colored_label(OK_GREEN)
        self.status_label.setWordWrap(False)
        self.days_spin.valueChanged.connect(self._edited)
        row = QHBoxLayout()
        row.addWidget(self.days_spin)
        row.addWidget(self.save_button)
        row.addWidget(self.status_label)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Keep handoff snapshots for:"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                self.tr(
                    "The webcam picture taken at each handoff, and the photo of a proxy whose "
                    "authorization has ended, are deleted after this many days, at the next "
                    "start of the app or at midnight. Default: 30 days."
                )
            )
        )
        self.reload()

    def reload(self) -> None:
        """Show the stored period."""
        self.days_spin.blockSignals(True)
        self.days_spin.setValue(self._retention.days())
        self.days_spin.blockSignals(False)

    def save(self) -> None:
        """Store the entered period."""
        days = self.days_spin.value()
        try:
            self._retention.set_days(days, self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.status_label.setText(self.tr("Saved: {days} days.").format(days=days))

    def _edited(self, _value: int) -> None:
        self.status_label.clear()
