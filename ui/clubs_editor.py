"""The safety officer's club list: add and change clubs of the 1+E+X timetable, and members."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.club_types import (
    CATEGORIES,
    NAME_MAX,
    ROOM_MAX,
    X_CATEGORIES,
    ClubDraft,
    ClubInfo,
    ClubPupil,
)
from core.clubs import ClubService
from core.errors import AfterSchoolError
from core.staff_types import StaffMember
from ui.clubs_text import GREY_FG, category_text, course_text, period_text, show_error
from ui.table_model import Column, RecordTableModel
from ui.terms import weekday_text


def _table(model: RecordTableModel, multi: bool = False) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _when(club: ClubInfo) -> str:
    return f"{weekday_text(club.weekday)} {period_text(club.period)}"


class ClubEditor(QWidget):
    """Clubs on the left; the chosen club's details and members on the right."""

    changed = Signal()

    def __init__(
        self, clubs: ClubService, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clubs = clubs
        self._member = member
        self._editing: int | None = None

        self.club_model: RecordTableModel[ClubInfo] = RecordTableModel(
            [
                Column(self.tr("Club"), lambda c: c.name),
                Column(self.tr("Category"), lambda c: category_text(c.category)),
                Column(self.tr("When"), _when),
                Column(self.tr("Room"), lambda c: c.room),
                Column(self.tr("Teacher"), lambda c: c.teacher_name),
                Column(
                    self.tr("Members"), lambda c: str(c.members), align=Qt.AlignmentFlag.AlignCenter
                ),
                Column(self.tr("State"), self._state),
            ],
            row_foreground=lambda c: None if c.active else GREY_FG,
        )
        self.club_view = _table(self.club_model)
        self.club_view.selectionModel().selectionChanged.connect(self._club_selected)
        self.new_button = QPushButton(self.tr("New club"))
        self.new_button.clicked.connect(self.start_new)
        self.active_button = QPushButton(self.tr("Stop club"))
        self.active_button.clicked.connect(self._toggle_active)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.active_button)
        left_buttons.addStretch(1)
        left_layout.addWidget(self.club_view, 1)
        left_layout.addLayout(left_buttons)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setPlaceholderText(self.tr("e.g. 机器人社团"))
        self.category_combo = QComboBox()
        for code in CATEGORIES:
            self.category_combo.addItem(course_text(code, X_CATEGORIES), code)
        self.room_edit = QLineEdit()
        self.room_edit.setMaxLength(ROOM_MAX)
        self.room_edit.setPlaceholderText(self.tr("e.g. 科学楼302"))
        self.teacher_combo = QComboBox()
        self.weekday_combo = QComboBox()
        for day in range(1, 6):
            self.weekday_combo.addItem(weekday_text(day), day)
        self.period_combo = QComboBox()
        for period in (2, 1):
            self.period_combo.addItem(period_text(period), period)
        self.save_button = QPushButton(self.tr("Save club"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        form_box = QGroupBox(self.tr("Club"))
        self.form_box = form_box
        form = QFormLayout(form_box)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Category"), self.category_combo)
        form.addRow(self.tr("Room"), self.room_edit)
        form.addRow(self.tr("Teacher"), self.teacher_combo)
        when = QHBoxLayout()
        when.addWidget(self.weekday_combo)
        when.addWidget(self.period_combo)
        when.addStretch(1)
        when.addWidget(self.save_button)
        form.addRow(self.tr("Meets"), when)

        self.member_model: RecordTableModel[ClubPupil] = RecordTableModel(
            [
                Column(self.tr("Student no."), lambda p: p.student_no),
                Column(self.tr("Pupil"), lambda p: p.name),
                Column(self.tr("Class"), lambda p: p.class_name),
            ]
        )
        self.member_view = _table(self.member_model, multi=True)
        self.remove_button = QPushButton(self.tr("Remove selected"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.class_combo = QComboBox()
        self.class_combo.currentIndexChanged.connect(self._class_chosen)
        self.pupil_list = QListWidget()
        self.pupil_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton(self.tr("← Add to club"))
        self.add_button.clicked.connect(self.add_selected)
        self.members_box = QGroupBox(self.tr("Members"))
        members = QHBoxLayout(self.members_box)
        current = QVBoxLayout()
        current.addWidget(self.member_view, 1)
        current.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        picker = QVBoxLayout()
        picker.addWidget(self.class_combo)
        picker.addWidget(self.pupil_list, 1)
        picker.addWidget(self.add_button)
        members.addLayout(current, 3)
        members.addLayout(picker, 2)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(form_box)
        right_layout.addWidget(self.members_box, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._loaded_pickers = False

    # --- behaviour ---

    def refresh(self) -> None:
        """Reload the clubs (and pickers once), keeping the chosen club."""
        if not self._loaded_pickers:
            self.teacher_combo.addItem(self.tr("(not chosen)"), None)
            for staff in self._clubs.staff():
                self.teacher_combo.addItem(staff.label, staff.id)
            for class_id, name in self._clubs.classes():
                self.class_combo.addItem(name, class_id)
            self._loaded_pickers = True
        keep = self._editing
        self.club_model.set_rows(self._clubs.clubs())
        self.select_club(keep)

    def select_club(self, club_id: int | None) -> None:
        """Show one club (None: the form for a new club)."""
        ids = [c.id for c in self.club_model.records()]
        if club_id in ids:
            self.club_view.selectRow(ids.index(club_id))
        else:
            self.club_view.clearSelection()
            self._show(None)

    def start_new(self) -> None:
        """Empty the form for a new club."""
        self.select_club(None)
        self.name_edit.setFocus()

    def save(self) -> None:
        """Save the form as a new or changed club."""
        draft = ClubDraft(
            name=self.name_edit.text(),
            category=self.category_combo.currentData(),
            room=self.room_edit.text(),
            teacher_id=self.teacher_combo.currentData(),
            weekday=self.weekday_combo.currentData(),
            period=self.period_combo.currentData(),
        )
        try:
            club_id = self._clubs.save_club(self._editing, draft, self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self._editing = club_id
        self.refresh()
        self.changed.emit()

    def add_selected(self) -> None:
        """Add the pupils selected on the right to the club."""
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in self.pupil_list.selectedItems()]
        if self._editing is None or not ids:
            return
        try:
            self._clubs.add_members(self._editing, ids, self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.pupil_list.clearSelection()
        self.refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        """Take the selected members out of the club."""
        rows = self.member_view.selectionModel().selectedRows()
        ids = [self.member_model.row_record(i.row()).student_id for i in rows]
        if self._editing is None or not ids:
            return
        try:
            self._clubs.remove_members(self._editing, ids, self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.changed.emit()

    # --- helpers ---

    def _state(self, club: ClubInfo) -> str:
        return self.tr("Running") if club.active else self.tr("Stopped")

    def _club_selected(self) -> None:
        rows = self.club_view.selectionModel().selectedRows()
        self._show(self.club_model.row_record(rows[0].row()) if rows else None)

    def _show(self, club: ClubInfo | None) -> None:
        self._editing = club.id if club else None
        self.form_box.setTitle(club.name if club else self.tr("New club"))
        self.name_edit.setText(club.name if club else "")
        self.room_edit.setText(club.room if club else "")
        for combo, value in (
            (self.category_combo, club.category if club else CATEGORIES[0]),
            (self.teacher_combo, club.teacher_id if club else None),
            (self.weekday_combo, club.weekday if club else 1),
            (self.period_combo, club.period if club else 2),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.active_button.setEnabled(club is not None)
        self.active_button.setText(
            self.tr("Start club again") if club and not club.active else self.tr("Stop club")
        )
        self.members_box.setEnabled(club is not None)
        members = self._clubs.members(club.id) if club else []
        self.member_model.set_rows(members)
        self.members_box.setTitle(
            self.tr("Members ({count})").format(count=len(members))
            if club
            else self.tr("Members: save the club first")
        )
        self._class_chosen(self.class_combo.currentIndex())

    def _class_chosen(self, _index: int) -> None:
        self.pupil_list.clear()
        class_id = self.class_combo.currentData()
        if class_id is None:
            return
        have = {p.student_id for p in self.member_model.records()}
        for pupil in self._clubs.pupils_of_class(class_id):
            item = QListWidgetItem(f"{pupil.name}  {pupil.student_no}")
            item.setData(Qt.ItemDataRole.UserRole, pupil.student_id)
            if pupil.student_id in have:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setText(self.tr("{name} (member)").format(name=item.text()))
            self.pupil_list.addItem(item)

    def _toggle_active(self) -> None:
        if self._editing is None:
            return
        club = next(c for c in self.club_model.records() if c.id == self._editing)
        try:
            self._clubs.set_active(club.id, not club.active, self._member)
        except AfterSchoolError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.changed.emit()
