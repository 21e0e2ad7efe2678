"""Qt models of the attendance page: the class's roll call and the counts per class and band."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.attendance_types import (
    LATE,
    LEFT_EARLY,
    PRESENT,
    Counts,
    Mark,
    SheetRow,
)
from ui.attendance_text import status_text

Index = QModelIndex | QPersistentModelIndex

ABSENT_BG = QColor("#fde2e1")
ABSENT_FG = QColor("#b3261e")
LATE_BG = QColor("#fef3c7")
LATE_FG = QColor("#92400e")
PRESENT_FG = QColor("#15803d")
LEAVE_FG = QColor("#6b7280")
EARLY_FG = QColor("#1d4ed8")
UNMARKED_FG = QColor("#9ca3af")
CENTER = int(Qt.AlignmentFlag.AlignCenter)


class RollCallModel(QAbstractTableModel):
    """One row per pupil of the class: number, name, status, who marked it and when, notes."""

    NO, NAME, STATUS, MARKED_BY, MARKED_AT, NOTE = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SheetRow] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = (
            self.tr("Student no."),
            self.tr("Name"),
            self.tr("Status"),
            self.tr("Marked by"),
            self.tr("Time"),
            self.tr("Leave and notes"),
        )

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        """Show another class (or the same class read afresh)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def apply_marks(self, marks: Iterable[Mark]) -> None:
        """Put new marks into their rows, repainting only those rows."""
        by_student = {m.student_id: m for m in marks}
        for i, row in enumerate(self._rows):
            mark = by_student.get(row.student_id)
            if mark is not None:
                self._rows[i] = row.with_mark(mark)
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.NOTE))

    def row_record(self, row: int) -> SheetRow:
        """The pupil of a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt override."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, col)
            return text if role == Qt.ItemDataRole.DisplayRole or col == self.NOTE else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.STATUS, self.MARKED_AT):
            return CENTER
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.absent_without_notice:
                return QBrush(ABSENT_BG)
            if row.status == LATE and col == self.STATUS:
                return QBrush(LATE_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self._foreground(row, col)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.FontRole and (
            row.absent_without_notice or (col == self.STATUS and row.shown is not None)
        ):
            return self._bold
        return None

    def _text(self, row: SheetRow, col: int) -> str:
        if col == self.NO:
            return row.student_no
        if col == self.NAME:
            return row.name
        if col == self.STATUS:
            return status_text(row.shown)
        if col == self.MARKED_BY:
            return row.mark.marked_by if row.mark else ""
        if col == self.MARKED_AT:
            return row.mark.marked_at.strftime("%H:%M") if row.mark else ""
        parts = []
        if row.leave:
            reported = (
                self.tr("reported by {who}").format(who=row.leave_reported_by)
                if row.leave_reported_by
                else ""
            )
            parts.append(
                " · ".join(p for p in (status_text(row.leave), row.leave_reason, reported) if p)
            )
        if row.notes:
            parts.append(row.notes)
        return self.tr("; ").join(parts)

    def _foreground(self, row: SheetRow, col: int) -> QColor | None:
        if row.absent_without_notice:
            return ABSENT_FG
        if col != self.STATUS:
            return LEAVE_FG if row.status is None and row.leave else None
        return {
            None: UNMARKED_FG,
            PRESENT: PRESENT_FG,
            LATE: LATE_FG,
            LEFT_EARLY: EARLY_FG,
        }.get(row.shown, LEAVE_FG)


class CountsModel(QAbstractTableModel):
    """Counts of several groups (classes, or bands and the school): 出勤 迟到 请假 缺勤 未点名.

    ``set_groups`` with the same group keys only repaints, so a selection survives each key press.
    """

    TOTAL, PRESENT, LATE, LEAVE, ABSENT, UNMARKED = range(1, 7)

    def __init__(self, first_header: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[object, str, Counts]] = []
        self._emphasised: set[object] = set()
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = (
            first_header,
            self.tr("On list"),
            self.tr("Present"),
            self.tr("Late"),
            self.tr("Leave"),
            self.tr("Absent"),
            self.tr("Not marked"),
        )

    def set_groups(
        self, groups: Sequence[tuple[object, str, Counts]], emphasised: Iterable[object] = ()
    ) -> None:
        """Show ``(key, label, counts)`` rows; ``emphasised`` keys are shown bold (totals)."""
        bold = set(emphasised)
        same = [g[0] for g in groups] == [g[0] for g in self._groups]
        if same and bold == self._emphasised:
            # Only the rows whose counts changed repaint; a reset would drop the selection.
            old, self._groups = self._groups, list(groups)
            for i, (before, after) in enumerate(zip(old, groups, strict=True)):
                if before != after:
                    self.dataChanged.emit(self.index(i, 0), self.index(i, 6))
            return
        self.beginResetModel()
        self._groups = list(groups)
        self._emphasised = bold
        self.endResetModel()

    def key(self, row: int) -> object:
        """The key of a row's group."""
        return self._groups[row][0]

    def row_of(self, key: object) -> int | None:
        """The row of a group, None when not shown."""
        return next((i for i, g in enumerate(self._groups) if g[0] == key), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._groups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else 7

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt override."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid():
            return None
        key, label, counts = self._groups[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return label
            return str(
                (
                    counts.total,
                    counts.attended,
                    counts.late,
                    counts.leave,
                    counts.absent,
                    counts.unmarked,
                )[col - 1]
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return CENTER
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.ABSENT and counts.absent:
                return QBrush(ABSENT_FG)
            if col == self.UNMARKED and counts.unmarked:
                return QBrush(LATE_FG)
        if role == Qt.ItemDataRole.BackgroundRole and col == self.ABSENT and counts.absent:
            return QBrush(ABSENT_BG)
        if role == Qt.ItemDataRole.FontRole and (
            key in self._emphasised or (col == self.ABSENT and counts.absent)
        ):
            return self._bold
        return None
