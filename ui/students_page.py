"""The pupils page: every pupil with class, enrolment and guardians, and the class-list import."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.errors import AfterSchoolError
from core.privacy import PrivacyService
from core.services import Services
from core.staff_types import StaffMember
from core.students import StudentInfo
from core.today import mask_phone
from ui.import_dialog import ImportDialog
from ui.log_dialogs import SavePathAsker, ask_save_path
from ui.messages import warn
from ui.privacy_dialog import PrivacyDialog, error_text
from ui.table_model import Column, RecordTableModel
from ui.terms import departure_text, gender_text, weekdays_text


def _guardians(s: StudentInfo) -> str:
    parts = []
    for g in s.guardians:
        who = f"{g.name}({g.relation})" if g.relation else g.name
        parts.append(f"{who} {mask_phone(g.phone)}".strip())
    return "；".join(parts)


class StudentsPage(QWidget):
    """Search the pupils and import class lists."""

    roster_changed = Signal()

    def __init__(
        self,
        services: Services,
        actor: str = "本机",
        parent: QWidget | None = None,
        *,
        member: StaffMember | None = None,
        privacy: PrivacyService | None = None,
        ask_path: SavePathAsker = ask_save_path,
    ) -> None:
        super().__init__(parent)
        if member is not None:
            require_page(member, "pupils")  # R12: no other way in for other roles
        self._services = services
        self._actor = actor
        self._member = member
        self._privacy = privacy
        self._ask_path = ask_path
        title = QLabel(self.tr("Pupils"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, student no. or class"))
        self.search.setClearButtonEnabled(True)
        self.import_button = QPushButton(self.tr("Import class list…"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.open_import)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        top.addWidget(self.import_button)
        # R12: a pupil's data exported or erased on request, by the safety officer alone.
        self.privacy_button: QPushButton | None = None
        if privacy is not None and member is not None and member.is_admin:
            self.privacy_button = QPushButton(self.tr("Personal data…"))
            self.privacy_button.setToolTip(
                self.tr("Export or erase the selected pupil's personal data on request")
            )
            self.privacy_button.setEnabled(False)
            self.privacy_button.clicked.connect(self.open_privacy)
            top.addWidget(self.privacy_button)
        self.count_label = QLabel()

        self.model: RecordTableModel[StudentInfo] = RecordTableModel(
            [
                Column(self.tr("Student no."), lambda s: s.student_no),
                Column(self.tr("Name"), lambda s: s.name),
                Column(
                    self.tr("Gender"),
                    lambda s: gender_text(s.gender),
                    align=Qt.AlignmentFlag.AlignCenter,
                ),
                Column(self.tr("Class"), lambda s: s.class_name),
                Column(
                    self.tr("After-school"),
                    lambda s: self.tr("Yes") if s.after_school else self.tr("No"),
                    align=Qt.AlignmentFlag.AlignCenter,
                ),
                Column(
                    self.tr("Service days"),
                    lambda s: weekdays_text(s.weekdays) if s.after_school else "",
                ),
                Column(self.tr("Departure"), lambda s: departure_text(s.departure)),
                Column(self.tr("Guardians"), _guardians, tooltip=_guardians),
                Column(self.tr("Notes"), lambda s: s.notes, tooltip=lambda s: s.notes),
            ]
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self._filter)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        # Sizing columns to contents looks at a sample of rows only: a whole school would make
        # Qt measure every cell on each layout pass.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)
        # Not loaded here: the main window refreshes a page when it is shown, which keeps a
        # whole school's list out of start-up.

    def refresh(self) -> None:
        """Reload the pupils."""
        students = self._services.students()
        self.model.set_rows(students)
        self._update_count()
        self._selection_changed()

    def open_import(self) -> ImportDialog:
        """Open the import dialog; the list refreshes after an import."""
        dialog = ImportDialog(self._services.roster, self._actor, self)
        dialog.imported.connect(lambda _summary: (self.refresh(), self.roster_changed.emit()))
        dialog.open()
        return dialog

    def selected(self) -> StudentInfo | None:
        """The pupil of the selected row, if any."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_record(self.proxy.mapToSource(rows[0]).row())

    def open_privacy(self) -> PrivacyDialog | None:
        """The selected pupil's export and erase (safety officer only); None when refused."""
        pupil = self.selected()
        if self._privacy is None or self._member is None or pupil is None:
            return None
        try:
            child = self._privacy.child(self._member, pupil.student_no)
        except AfterSchoolError as exc:
            warn(self, self.tr("Personal data"), error_text(exc))
            return None
        dialog = PrivacyDialog(self._privacy, self._member, child, self._ask_path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.erased.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def _selection_changed(self) -> None:
        if self.privacy_button is not None:
            self.privacy_button.setEnabled(self.selected() is not None)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        enrolled = sum(1 for s in self.model.records() if s.after_school)
        if shown == total:
            self.count_label.setText(
                self.tr("{total} pupils, {enrolled} in after-school service").format(
                    total=total, enrolled=enrolled
                )
            )
        else:
            self.count_label.setText(
                self.tr("{shown} of {total} pupils shown").format(shown=shown, total=total)
            )
