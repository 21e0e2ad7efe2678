"""The clubs page (走班): roll call for the club teacher, clubs and members, where a pupil is."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import require_page
from core.club_types import ClubPupil
from core.clubs import ClubService
from core.errors import NotFoundError
from core.staff_types import StaffMember
from ui.clubs_editor import ClubEditor
from ui.clubs_roll_call import ClubRollCall
from ui.clubs_text import where_text
from ui.terms import date_text


class WhereNowTab(QWidget):
    """Find a pupil and see where they should be now, by the clock and the day's schedule."""

    def __init__(self, clubs: ClubService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clubs = clubs
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name or student no."))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.results = QListWidget()
        self.results.setMaximumWidth(320)
        self.results.currentItemChanged.connect(lambda *_: self.refresh())
        self.pupil_label = QLabel()
        self.pupil_label.setObjectName("sectionTitle")
        self.where_label = QLabel()
        self.where_label.setObjectName("cardBig")  # the app style's large bold blue
        self.where_label.setWordWrap(True)
        self.time_label = QLabel()
        answer = QVBoxLayout()
        answer.addWidget(self.pupil_label)
        answer.addWidget(self.where_label)
        answer.addWidget(self.time_label)
        answer.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addSpacing(16)
        layout.addLayout(answer, 1)
        self.refresh()

    def refresh(self) -> None:
        """Show where the chosen pupil should be at this moment."""
        item = self.results.currentItem()
        pupil: ClubPupil | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        if pupil is None:
            self.pupil_label.setText("")
            self.where_label.setText(self.tr("Type a name to find a pupil."))
            self.time_label.setText("")
            return
        try:
            where = self._clubs.where_now(pupil.student_id)
        except NotFoundError:
            self.where_label.setText(self.tr("This pupil no longer exists."))
            return
        self.pupil_label.setText(f"{pupil.name} · {pupil.class_name} · {pupil.student_no}")
        self.where_label.setText(where_text(where))
        now = self._clubs.now()
        self.time_label.setText(
            self.tr("As of {date} {time}, by the day's schedule and roll calls").format(
                date=date_text(now.date()), time=f"{now:%H:%M}"
            )
        )

    def _search(self, text: str) -> None:
        self.results.clear()
        for pupil in self._clubs.find_pupils(text):
            item = QListWidgetItem(f"{pupil.name}  {pupil.class_name}  {pupil.student_no}")
            item.setData(Qt.ItemDataRole.UserRole, pupil)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        else:
            self.refresh()


class ClubsPage(QWidget):
    """Clubs of the 1+E+X timetable: one tab per task, editing only for the safety officer."""

    changed = Signal()

    def __init__(
        self, clubs: ClubService, member: StaffMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        require_page(member, "clubs")  # R12: no other way in for other roles
        self._clubs = clubs
        self._member = member
        title = QLabel(self.tr("Clubs (走班)"))
        title.setObjectName("pageTitle")
        self.roll_call = ClubRollCall(clubs, member)
        self.roll_call.changed.connect(self.changed)
        self.editor: ClubEditor | None = None
        self.where = WhereNowTab(clubs)
        self.tabs = QTabWidget()
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(self.roll_call, self.tr("Roll call"))
        if member.is_admin:
            self.editor = ClubEditor(clubs, member)
            self.editor.changed.connect(self._edited)
            self.tabs.addTab(self.editor, self.tr("Clubs and members"))
        self.tabs.addTab(self.where, self.tr("Where is a pupil now"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload every tab (another station may have changed clubs or marks)."""
        self.roll_call.refresh()
        if self.editor is not None:
            self.editor.refresh()
        self.where.refresh()

    def _edited(self) -> None:
        self.roll_call.refresh()
        self.changed.emit()
