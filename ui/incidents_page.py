"""The safety records page (R13): the day's incidents and patrols (一天一巡查), recorded here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.incidents import IncidentDraft, IncidentEntry, PatrolDraft, PatrolEntry
from core.services import Services
from core.staff_types import StaffMember
from ui.date_bar import DateBar
from ui.incidents_dialogs import IncidentDialog, PatrolDialog, error_text, kind_text
from ui.messages import warn
from ui.table_model import Column, RecordTableModel
from ui.terms import date_text

NO_PATROL_STYLE = "color: #9a3412; font-weight: bold;"
# Widths of the short columns; the texts take the rest and wrap.
NARROW, MEDIUM, WIDE = 64, 120, 160


def _view(model: RecordTableModel, widths: dict[int, int]) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    # Rows follow their wrapped texts whenever the columns change width (a few rows a day).
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    for column, width in widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        view.setColumnWidth(column, width)
    return view


def _hhmm(moment: dt.datetime | None, day: dt.date) -> str:
    if moment is None:
        return ""
    return f"{moment:%H:%M}" if moment.date() == day else f"{moment:%m-%d %H:%M}"


class IncidentsPage(QWidget):
    """安全记录: what happened to whom and who told the family; who patrolled and what they saw."""

    def __init__(
        self, services: Services, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        require_page(member, "safety")  # R12: no other way in for other roles
        self._services = services
        self._safety = services.safety
        self._member = member
        self._pinned_date: dt.date | None = None
        self.incident_dialog: IncidentDialog | None = None
        self.patrol_dialog: PatrolDialog | None = None
        self.error_box: QWidget | None = None

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.date_bar = DateBar()
        self.date_bar.date_picked.connect(self.show_date)
        self.date_bar.today_button.clicked.connect(self.show_today)
        self.date_bar.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.date_bar)

        self.incident_title = QLabel()
        self.incident_title.setObjectName("sectionTitle")
        self.record_incident_button = QPushButton(self.tr("Record incident…"))
        self.record_incident_button.setObjectName("primary")
        self.record_incident_button.clicked.connect(self.open_incident)
        self.correct_incident_button = QPushButton(self.tr("Correct…"))
        self.correct_incident_button.clicked.connect(self.open_incident_correction)
        self.incident_model: RecordTableModel[IncidentEntry] = RecordTableModel(
            [
                Column(self.tr("Time"), lambda e: _hhmm(e.happened_at, e.on_date)),
                Column(self.tr("Kind"), lambda e: kind_text(e.kind)),
                Column(self.tr("Pupil"), self._pupil),
                Column(self.tr("What happened"), lambda e: e.description),
                Column(self.tr("What was done"), lambda e: e.action_taken),
                Column(self.tr("Guardian notified"), self._notice),
                Column(self.tr("Recorded by"), self._recorder, tooltip=self._recorded_tip),
            ]
        )
        self.incident_view = _view(
            self.incident_model, {0: NARROW, 1: NARROW, 2: MEDIUM, 5: WIDE, 6: WIDE}
        )
        self.incident_view.doubleClicked.connect(lambda _i: self.open_incident_correction())
        self.incident_view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.patrol_title = QLabel()
        self.patrol_title.setObjectName("sectionTitle")
        self.patrol_hint = QLabel()
        self.patrol_hint.setStyleSheet(NO_PATROL_STYLE)
        self.record_patrol_button = QPushButton(self.tr("Record patrol…"))
        self.record_patrol_button.setObjectName("primary")
        self.record_patrol_button.clicked.connect(self.open_patrol)
        self.correct_patrol_button = QPushButton(self.tr("Correct…"))
        self.correct_patrol_button.clicked.connect(self.open_patrol_correction)
        self.patrol_model: RecordTableModel[PatrolEntry] = RecordTableModel(
            [
                Column(self.tr("Time"), lambda e: _hhmm(e.at, e.on_date)),
                Column(self.tr("Inspector"), lambda e: e.inspector),
                Column(self.tr("Findings"), lambda e: e.findings),
                Column(self.tr("Praise"), lambda e: e.praise),
                Column(self.tr("Problems"), lambda e: e.problems),
                Column(self.tr("Recorded by"), self._recorder, tooltip=self._recorded_tip),
            ]
        )
        self.patrol_view = _view(self.patrol_model, {0: NARROW, 1: WIDE, 5: WIDE})
        self.patrol_view.doubleClicked.connect(lambda _i: self.open_patrol_correction())
        self.patrol_view.selectionModel().selectionChanged.connect(self._selection_changed)

        incidents = QWidget()
        incident_layout = QVBoxLayout(incidents)
        incident_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.incident_title, 1)
        row.addWidget(self.correct_incident_button)
        row.addWidget(self.record_incident_button)
        incident_layout.addLayout(row)
        incident_layout.addWidget(self.incident_view, 1)
        patrols = QWidget()
        patrol_layout = QVBoxLayout(patrols)
        patrol_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.patrol_title)
        row.addWidget(self.patrol_hint, 1)
        row.addWidget(self.correct_patrol_button)
        row.addWidget(self.record_patrol_button)
        patrol_layout.addLayout(row)
        patrol_layout.addWidget(self.patrol_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(incidents)
        splitter.addWidget(patrols)
        splitter.setSizes([380, 260])

        hint = QLabel(
            self.tr(
                "Record every injury, illness or conflict and when the guardian was told. "
                "A record is corrected by whoever recorded it or by the safety officer; "
                "each correction is kept in the audit log."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        # Patrols are the duty teachers' and the safety officer's (hidden while parented).
        self.record_patrol_button.setVisible(self._safety.may_patrol(member))
        self.correct_patrol_button.setVisible(self._safety.may_patrol(member))
        self.show_today()

    # --- what is shown ---

    def current_date(self) -> dt.date:
        """The date on show: today by the clock unless another date was picked."""
        return self._pinned_date or self._safety.now().date()

    def show_today(self) -> None:
        """Follow the clock's date again."""
        self._pinned_date = None
        self.refresh()

    def show_date(self, day: dt.date) -> None:
        """Look at an earlier day."""
        self._pinned_date = None if day == self._safety.now().date() else day
        self.refresh()

    def refresh(self) -> None:
        """Read the day's incidents and patrols again (other stations record too)."""
        today = self._safety.now().date()
        day = self.current_date()
        try:
            incidents = self._safety.incidents(day)
            patrols = self._safety.patrols(day)
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self.heading.setText(error_text(exc))
            return
        self.date_bar.set_date(day, latest=today)
        self.heading.setText(self.tr("Safety records · {date}").format(date=date_text(day)))
        self.incident_model.set_rows(incidents)
        self.patrol_model.set_rows(patrols)
        self.incident_title.setText(self.tr("Incidents ({n})").format(n=len(incidents)))
        self.patrol_title.setText(self.tr("Patrols ({n})").format(n=len(patrols)))
        self.patrol_hint.setText(
            self.tr("No patrol recorded yet today (one patrol a day).")
            if day == today and not patrols
            else ""
        )
        self._selection_changed()

    def live_refresh(self) -> None:
        """Another station wrote (ui.live): reread; every record is saved at once."""
        self.refresh()

    def selected_incident(self) -> IncidentEntry | None:
        """The incident row selected."""
        rows = self.incident_view.selectionModel().selectedRows()
        return self.incident_model.row_record(rows[0].row()) if rows else None

    def selected_patrol(self) -> PatrolEntry | None:
        """The patrol row selected."""
        rows = self.patrol_view.selectionModel().selectedRows()
        return self.patrol_model.row_record(rows[0].row()) if rows else None

    # --- recording ---

    def open_incident(self, entry: IncidentEntry | None = None) -> IncidentDialog | None:
        """The incident form: a new record, or ``entry`` to correct."""
        try:
            staff = self._safety.staff()
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self._error(exc)
            return None
        member, safety = self._member, self._safety

        def save(draft: IncidentDraft) -> IncidentEntry:
            if entry is None:
                return safety.record_incident(member, draft)
            return safety.correct_incident(member, entry.id, draft)

        dialog = IncidentDialog(
            self._services.people.search, staff, member.id, self._default_time, save, entry, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method, not a lambda holding the dialog: no cycle through its own signal.
        dialog.accepted.connect(self._saved)
        self.incident_dialog = dialog
        dialog.open()
        return dialog

    def open_incident_correction(self) -> IncidentDialog | None:
        """Correct or complete the selected incident (the notice added later …)."""
        entry = self.selected_incident()
        return self.open_incident(entry) if entry is not None else None

    def open_patrol(self, entry: PatrolEntry | None = None) -> PatrolDialog | None:
        """The patrol form: a new record, or ``entry`` to correct."""
        try:
            staff = self._safety.staff()
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged when unexpected
            self._error(exc)
            return None
        member, safety = self._member, self._safety

        def save(draft: PatrolDraft) -> PatrolEntry:
            if entry is None:
                return safety.record_patrol(member, draft)
            return safety.correct_patrol(member, entry.id, draft)

        dialog = PatrolDialog(staff, member.id, self._default_time(), save, entry, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._saved)
        self.patrol_dialog = dialog
        dialog.open()
        return dialog

    def open_patrol_correction(self) -> PatrolDialog | None:
        """Correct the selected patrol."""
        entry = self.selected_patrol()
        if entry is None or not self._safety.may_patrol(self._member):
            return None
        return self.open_patrol(entry)

    # --- helpers ---

    def _default_time(self) -> dt.datetime:
        # Now; on an earlier day shown, that day at the same time of day.
        now = self._safety.now().replace(second=0, microsecond=0)
        return dt.datetime.combine(self.current_date(), now.time()) if self._pinned_date else now

    def _saved(self) -> None:
        self.refresh()

    def _error(self, exc: Exception) -> None:
        self.error_box = warn(self, self.tr("Not done"), error_text(exc))

    def _selection_changed(self, *_args: object) -> None:
        self.correct_incident_button.setEnabled(self.selected_incident() is not None)
        self.correct_patrol_button.setEnabled(self.selected_patrol() is not None)

    def _pupil(self, e: IncidentEntry) -> str:
        if e.student_id is None:
            return "—"
        return f"{e.student_name}\n{e.class_name}"

    def _notice(self, e: IncidentEntry) -> str:
        if e.guardian_notified_at is None:
            return self.tr("Not yet")
        return self.tr("{time} by {name}").format(
            time=_hhmm(e.guardian_notified_at, e.on_date), name=e.notified_by
        )

    def _recorder(self, e: IncidentEntry | PatrolEntry) -> str:
        if e.corrections:
            return self.tr("{name}\ncorrected {n}×").format(name=e.recorded_by, n=e.corrections)
        return e.recorded_by

    def _recorded_tip(self, e: IncidentEntry | PatrolEntry) -> str:
        return self.tr("Recorded {at}").format(at=f"{e.recorded_at:%Y-%m-%d %H:%M}")
