"""The settings page: seasons, the weekly timetable, special dates and dismissal settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.dismissal_settings import DismissalSettings
from core.errors import AfterSchoolError
from core.retention import RetentionSettings
from core.schedule_service import ScheduleData, ScheduleService
from core.staff_types import StaffMember
from ui.settings_dismissal import DismissalGroup
from ui.settings_overrides import OverridesTab
from ui.settings_retention import RetentionGroup
from ui.settings_seasons import SeasonsTab
from ui.settings_text import OK_GREEN, colored_label, hint_label, show_error
from ui.settings_timetable import TimetableTab

MIN_POINT_SIZE = 11


class GraceTab(QWidget):
    """The 其他 tab: the 无人接领 grace period (R7), then who may leave alone and escalation."""

    changed = Signal()

    def __init__(
        self,
        schedule: ScheduleService,
        actor: str,
        dismissal: DismissalGroup,
        retention: RetentionGroup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._schedule = schedule
        self.retention_group = retention
        self._actor = actor
        self.dismissal_group = dismissal
        self.grace_spin = QSpinBox()
        self.grace_spin.setRange(0, 120)
        self.grace_spin.setValue(10)
        self.grace_spin.setSuffix(self.tr(" min"))
        self.grace_spin.setMinimumWidth(120)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.status_label = colored_label(OK_GREEN)
        self.status_label.setWordWrap(False)
        self.grace_spin.valueChanged.connect(lambda _v: self.status_label.clear())

        row = QHBoxLayout()
        row.addWidget(self.grace_spin)
        row.addWidget(self.save_button)
        row.addWidget(self.status_label)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Unaccompanied after:"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint_label(
                self.tr(
                    "At a grade's dismissal time plus this many minutes, every present child of "
                    "that grade who has not been handed over (or left alone with consent) is "
                    "flagged unaccompanied: the duty station sounds an alert and lists the "
                    "guardians' phones. "
                    "Default: 10 minutes."
                )
            )
        )
        layout.addSpacing(8)
        layout.addWidget(dismissal)
        dismissal.changed.connect(self.changed)
        if retention is not None:
            layout.addSpacing(8)
            layout.addWidget(retention)
        layout.addStretch(1)

    def show_data(self, data: ScheduleData) -> None:
        """Show the stored value."""
        self.grace_spin.blockSignals(True)
        self.grace_spin.setValue(data.grace_min)
        self.grace_spin.blockSignals(False)

    def save(self) -> None:
        """Store the entered minutes."""
        minutes = self.grace_spin.value()
        try:
            self._schedule.set_grace_minutes(minutes, self._actor)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.status_label.setText(self.tr("Saved: {minutes} min.").format(minutes=minutes))
        self.changed.emit()


class SettingsPage(QWidget):
    """Four tabs over the schedule settings; every successful save emits ``settings_changed``."""

    settings_changed = Signal()

    def __init__(
        self,
        schedule: ScheduleService,
        dismissal: DismissalSettings,
        member: StaffMember,
        parent: QWidget | None = None,
        retention: RetentionSettings | None = None,
    ) -> None:
        super().__init__(parent)
        require_page(member, "settings")  # R12: no other way in for other roles
        actor = member.actor
        font = self.font()
        if font.pointSizeF() < MIN_POINT_SIZE:
            font.setPointSizeF(MIN_POINT_SIZE)
            self.setFont(font)
        self._schedule = schedule
        self.seasons_tab = SeasonsTab(schedule, actor)
        self.timetable_tab = TimetableTab(schedule, actor)
        self.overrides_tab = OverridesTab(schedule, actor)
        self.grace_tab = GraceTab(
            schedule,
            actor,
            DismissalGroup(dismissal, member),
            RetentionGroup(retention, member) if retention is not None else None,
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.seasons_tab, self.tr("Schedule times"))
        self.tabs.addTab(self.timetable_tab, self.tr("Timetable"))
        self.tabs.addTab(self.overrides_tab, self.tr("Special dates"))
        self.tabs.addTab(self.grace_tab, self.tr("Other"))
        for tab in (self.seasons_tab, self.overrides_tab):
            tab.changed.connect(self._saved)
        # The timetable model already holds its saved cell; a reset would close the editor.
        self.timetable_tab.changed.connect(self.settings_changed)
        self.grace_tab.changed.connect(self.settings_changed)
        self.seasons_tab.reload_requested.connect(self.refresh)
        self.overrides_tab.reload_requested.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        # Table headers do not always pick up a parent's font (Qt keeps a class font for
        # QHeaderView), so give them the page's readable size explicitly.
        for header in self.findChildren(QHeaderView):
            header.setFont(self.font())
        self.refresh()

    def refresh(self) -> None:
        """Reload everything from the service (another station may have changed it)."""
        data = self._schedule.load()
        # The service's clock, not the wall: the demo and tests run at a chosen date.
        today = self._schedule.day().date
        self.seasons_tab.show_data(data, today)
        self.timetable_tab.show_data(data)
        self.overrides_tab.show_data(data, today)
        self.grace_tab.show_data(data)
        self.grace_tab.dismissal_group.reload()
        if self.grace_tab.retention_group is not None:
            self.grace_tab.retention_group.reload()

    def _saved(self) -> None:
        self.refresh()
        self.settings_changed.emit()
