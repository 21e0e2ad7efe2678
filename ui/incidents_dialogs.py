"""The incident and patrol forms (R13), with their words and the Chinese sentences for errors."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.club_types import StaffChoice
from core.errors import AfterSchoolError, ValidationError
from core.incidents import (
    KINDS,
    MAX_TEXT,
    IncidentDraft,
    IncidentEntry,
    PatrolDraft,
    PatrolEntry,
)
from core.people_types import PupilHit
from ui.dismissal_dialogs import staff_combo
from ui.messages import fill

log = logging.getLogger(__name__)

# A plain name so that lupdate finds every call with its literal context.
translate = QCoreApplication.translate

ERROR_STYLE = "color: #b3261e; font-weight: bold;"
MAX_HITS = 30


def kind_text(kind: str) -> str:
    """受伤 / 生病 / 冲突 / 其他."""
    return {
        "injury": translate("SafetyText", "Injury"),
        "illness": translate("SafetyText", "Illness"),
        "conflict": translate("SafetyText", "Conflict"),
        "other": translate("SafetyText", "Other"),
    }.get(kind, kind)


def _templates() -> dict[str, str]:
    # Built on each call so that a translator installed later is used.
    return {
        "not_allowed": translate(
            "SafetyText",
            "You may not do this. Patrols are recorded by duty teachers and the safety officer; "
            "a record is corrected by whoever recorded it or by the safety officer.",
        ),
        "incident_kind": translate("SafetyText", "Please choose what kind of incident it was."),
        "in_future": translate("SafetyText", "{time} is later than now. Please check the time."),
        "notified_before": translate(
            "SafetyText",
            "The guardian cannot have been told before the incident happened. "
            "Please check both times.",
        ),
        "notifier_required": translate("SafetyText", "Please choose who told the guardian."),
        "description_required": translate("SafetyText", "Please describe what happened."),
        "action_required": translate("SafetyText", "Please say what was done."),
        "findings_required": translate("SafetyText", "Please write what the patrol found."),
        "inspector_required": translate("SafetyText", "Please choose who inspected."),
        "text_too_long": translate(
            "SafetyText", "A text is too long (at most {limit} characters)."
        ),
        "no_change": translate("SafetyText", "Nothing was changed."),
        "not_found": translate(
            "SafetyText",
            "That pupil, teacher or record no longer exists (perhaps another computer changed "
            "it). Please choose again.",
        ),
        "db_unavailable": translate(
            "SafetyText", "The database cannot be reached. Please try again in a moment."
        ),
    }


def error_text(exc: Exception) -> str:
    """The Chinese sentence for an error an incident or patrol action raised."""
    if not isinstance(exc, AfterSchoolError):
        log.error("safety record action failed", exc_info=exc)
        return translate("SafetyText", "This could not be saved. The error was logged.")
    template = _templates().get(exc.code)
    if template is None:
        return translate("SafetyText", "This could not be saved (code {code}).").format(
            code=exc.code
        )
    params = {
        key: f"{value:%Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else str(value)
        for key, value in exc.params.items()
    }
    return fill(template, params)


def to_qdatetime(moment: dt.datetime) -> QDateTime:
    """A Python moment for a date-time editor (to the minute)."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


def from_qdatetime(value: QDateTime) -> dt.datetime:
    """The editor's moment, to the minute."""
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def moment_edit(moment: dt.datetime) -> QDateTimeEdit:
    """A date and time editor to the minute, with a calendar."""
    edit = QDateTimeEdit(to_qdatetime(moment))
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setMaximumWidth(200)
    return edit


def text_box(text: str = "", height: int = 70) -> QPlainTextEdit:
    """A few lines of free text."""
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    return box


class PupilPicker(QWidget):
    """Find a pupil by name, pinyin or number; none chosen means the incident names no pupil."""

    def __init__(
        self,
        search: Callable[[str], list[PupilHit]],
        chosen: tuple[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self.student_id: int | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Pinyin / initials / name / student no."))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.run_search)
        self.hits = QListWidget()
        self.hits.setFixedHeight(124)
        self.hits.currentItemChanged.connect(self._hit_changed)
        self.chosen = QLabel()
        self.chosen.setObjectName("summary")
        self.clear_button = QPushButton(self.tr("No particular pupil"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)
        row = QHBoxLayout()
        row.addWidget(self.chosen, 1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.hits)
        layout.addLayout(row)
        if chosen is not None:
            self.choose(*chosen)
        else:
            self.clear()

    def run_search(self, text: str) -> None:
        """List the pupils matching ``text``."""
        try:
            hits = self._search(text)[:MAX_HITS] if text.strip() else []
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.chosen.setText(error_text(exc))
            return
        self.hits.blockSignals(True)
        self.hits.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.name}   {hit.class_name}   {hit.student_no}")
            item.setData(Qt.ItemDataRole.UserRole, (hit.student_id, f"{hit.name} {hit.class_name}"))
            self.hits.addItem(item)
        self.hits.blockSignals(False)
        if len(hits) == 1:
            self.hits.setCurrentRow(0)

    def choose(self, student_id: int, label: str) -> None:
        """Name this pupil in the incident."""
        self.student_id = student_id
        self.chosen.setText(self.tr("Pupil: {pupil}").format(pupil=label))
        self.clear_button.setEnabled(True)

    def clear(self) -> None:
        """The incident names no particular pupil."""
        self.student_id = None
        self.hits.clearSelection()
        self.chosen.setText(self.tr("Pupil: none (e.g. a conflict between adults)"))
        self.clear_button.setEnabled(False)

    def _hit_changed(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is not None:
            self.choose(*item.data(Qt.ItemDataRole.UserRole))


class _Form(QDialog):
    """Shared by both forms: a message line in red, 保存 and 取消, and saving through core."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.saved: Any = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("primary")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _finish(self, layout: QFormLayout) -> None:
        outer = QVBoxLayout(self)
        outer.addLayout(layout)
        outer.addWidget(self.message)
        outer.addWidget(self.buttons)

    def save(self) -> bool:
        """Save through core; a refusal stays in the form, in Chinese, with nothing written."""
        try:
            self.saved = self._store()
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.message.setText(error_text(exc))
            self.message.show()
            return False
        self.accept()
        return True

    def _store(self) -> Any:
        raise NotImplementedError


class IncidentDialog(_Form):
    """受伤 / 生病 / 冲突 / 其他: when, which pupil, what happened, what was done, who told home."""

    def __init__(
        self,
        search: Callable[[str], list[PupilHit]],
        staff: Sequence[StaffChoice],
        member_id: int,
        now: Callable[[], dt.datetime],
        save: Callable[[IncidentDraft], IncidentEntry],
        entry: IncidentEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._save = save
        start = now().replace(second=0, microsecond=0)
        draft = entry.draft() if entry is not None else None
        self.setWindowTitle(
            self.tr("Correct an incident") if entry else self.tr("Record an incident")
        )
        self.setMinimumWidth(560)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_text(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(draft.kind) if draft else 0)
        self.happened = moment_edit(draft.happened_at if draft else start)
        chosen = None
        if entry is not None and entry.student_id is not None:
            chosen = (entry.student_id, f"{entry.student_name} {entry.class_name}")
        self.pupil = PupilPicker(search, chosen)
        self.description = text_box(draft.description if draft else "")
        self.description.setPlaceholderText(self.tr("Where, how, who was involved"))
        self.action = text_box(draft.action_taken if draft else "")
        self.action.setPlaceholderText(self.tr("First aid, school doctor, sent home …"))
        notified_at = draft.guardian_notified_at if draft else None
        self.notified = QCheckBox(self.tr("Guardian notified"))
        self.notified.setChecked(notified_at is not None)
        self.notified_at = moment_edit(notified_at or start)
        notifier = draft.notified_by if draft and draft.notified_by is not None else member_id
        self.notifier = staff_combo(staff, notifier)
        notice = QHBoxLayout()
        notice.addWidget(self.notified)
        notice.addWidget(self.notified_at)
        notice.addWidget(QLabel(self.tr("by")))
        notice.addWidget(self.notifier, 1)
        self.notified.toggled.connect(self._notice_toggled)
        self._notice_toggled(self.notified.isChecked(), initial=True)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Time"), self.happened)
        form.addRow(self.tr("Pupil"), self.pupil)
        form.addRow(self.tr("What happened"), self.description)
        form.addRow(self.tr("What was done"), self.action)
        form.addRow(self.tr("Guardian"), notice)
        self._finish(form)

    def draft(self) -> IncidentDraft:
        """What the form holds."""
        told = self.notified.isChecked()
        notifier = self.notifier.currentData()
        return IncidentDraft(
            str(self.kind.currentData()),
            from_qdatetime(self.happened.dateTime()),
            self.description.toPlainText()[: MAX_TEXT + 1],
            self.action.toPlainText()[: MAX_TEXT + 1],
            self.pupil.student_id,
            from_qdatetime(self.notified_at.dateTime()) if told else None,
            int(notifier) if told and notifier is not None else None,
        )

    def _store(self) -> IncidentEntry:
        return self._save(self.draft())

    def _notice_toggled(self, on: bool, initial: bool = False) -> None:
        if on and not initial:
            # Ticked when the call ends: now is the likeliest time.
            self.notified_at.setDateTime(to_qdatetime(self._now()))
        self.notified_at.setEnabled(on)
        self.notifier.setEnabled(on)


class PatrolDialog(_Form):
    """一天一巡查: who inspected, when, what they found, whom to praise, what to fix."""

    def __init__(
        self,
        staff: Sequence[StaffChoice],
        member_id: int,
        now: dt.datetime,
        save: Callable[[PatrolDraft], PatrolEntry],
        entry: PatrolEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        draft = entry.draft() if entry is not None else None
        self.setWindowTitle(self.tr("Correct a patrol") if entry else self.tr("Record a patrol"))
        self.setMinimumWidth(560)
        self.inspector = staff_combo(staff, draft.inspector_id if draft else member_id)
        self.at = moment_edit(draft.at if draft else now)
        self.findings = text_box(draft.findings if draft else "", 90)
        self.findings.setPlaceholderText(
            self.tr("Classes and clubs visited, order, a teacher with every group …")
        )
        self.praise = text_box(draft.praise if draft else "")
        self.praise.setPlaceholderText(self.tr("Good examples to praise"))
        self.problems = text_box(draft.problems if draft else "")
        self.problems.setPlaceholderText(self.tr("Problems to feed back"))
        form = QFormLayout()
        form.addRow(self.tr("Inspector"), self.inspector)
        form.addRow(self.tr("Time"), self.at)
        form.addRow(self.tr("Findings"), self.findings)
        form.addRow(self.tr("Praise"), self.praise)
        form.addRow(self.tr("Problems"), self.problems)
        self._finish(form)

    def draft(self) -> PatrolDraft:
        """What the form holds.

        Raises:
            ValidationError: ``inspector_required`` when nobody is chosen.
        """
        inspector = self.inspector.currentData()
        if inspector is None:
            raise ValidationError("inspector_required", "choose the inspector")
        return PatrolDraft(
            from_qdatetime(self.at.dateTime()),
            int(inspector),
            self.findings.toPlainText()[: MAX_TEXT + 1],
            self.praise.toPlainText()[: MAX_TEXT + 1],
            self.problems.toPlainText()[: MAX_TEXT + 1],
        )

    def _store(self) -> PatrolEntry:
        return self._save(self.draft())
