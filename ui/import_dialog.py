"""Class-list import: pick a file, see it with every problem marked, import only when clean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.errors import AfterSchoolError
from core.roster_import import ImportSummary, RosterService
from core.roster_types import RosterIssue, RosterSheet
from ui.roster_text import issue_place, issue_text

ERROR_BG = QColor("#fde2e1")
ERROR_CELL_BG = QColor("#f7a8a4")
WARNING_CELL_BG = QColor("#fff1c2")
Index = QModelIndex | QPersistentModelIndex
FILE_FILTER = "*.xlsx *.xls *.ods *.csv *.txt"


class PreviewModel(QAbstractTableModel):
    """The file's rows as the user knows them, Excel row numbers first, bad cells marked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns: tuple[str, ...] = ()
        self._rows: tuple[tuple[int, tuple[str, ...]], ...] = ()
        self._cell_issues: dict[tuple[int, str], list[RosterIssue]] = {}
        self._row_issues: dict[int, list[RosterIssue]] = {}
        self._warn_cells: set[tuple[int, str]] = set()

    def set_sheet(self, sheet: RosterSheet | None) -> None:
        """Show a sheet (or nothing)."""
        self.beginResetModel()
        self._columns = sheet.columns if sheet else ()
        self._rows = sheet.rows if sheet else ()
        self._cell_issues = {}
        self._row_issues = {}
        self._warn_cells = set()
        for issue in sheet.errors if sheet else ():
            if issue.row is None:
                continue
            self._row_issues.setdefault(issue.row, []).append(issue)
            if issue.column:
                self._cell_issues.setdefault((issue.row, issue.column), []).append(issue)
        for issue in sheet.warnings if sheet else ():
            if issue.row is not None and issue.column:
                self._warn_cells.add((issue.row, issue.column))
        self.endResetModel()

    def position_of(self, row: int, column: str | None) -> QModelIndex:
        """The index showing a spreadsheet row and column header."""
        for i, (excel_row, _) in enumerate(self._rows):
            if excel_row == row:
                col = self._columns.index(column) + 1 if column in self._columns else 0
                return self.index(i, col)
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._columns) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid():
            return None
        excel_row, cells = self._rows[index.row()]
        col = index.column()
        header = self._columns[col - 1] if col > 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(excel_row)
            return cells[col - 1] if col - 1 < len(cells) else ""
        issues = self._cell_issues.get((excel_row, header or ""), [])
        if role == Qt.ItemDataRole.BackgroundRole:
            if issues:
                return QBrush(ERROR_CELL_BG)
            if excel_row in self._row_issues:
                return QBrush(ERROR_BG)
            if (excel_row, header or "") in self._warn_cells:
                return QBrush(WARNING_CELL_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = issues if col > 0 else self._row_issues.get(excel_row, [])
            return "\n".join(issue_text(i) for i in shown) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt override."""
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return self.tr("Row")
        return self._columns[section - 1]


class ImportDialog(QDialog):
    """Preview a class list, then import it all or nothing."""

    imported = Signal(object)  # ImportSummary

    def __init__(
        self, roster: RosterService, actor: str = "本机", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._roster = roster
        self._actor = actor
        self._path: Path | None = None
        self._sheet: RosterSheet | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle(self.tr("Import class list"))
        self.resize(1100, 680)

        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self._choose)
        self.path_label = QLabel(
            self.tr(
                "No file chosen. Excel (.xlsx/.xls), WPS, .ods or .csv class lists are accepted."
            )
        )
        self.path_label.setWordWrap(True)
        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.path_label, 1)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)

        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)

        self.preview_model = PreviewModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.preview.horizontalHeader().setStretchLastSection(True)

        self.issue_title = QLabel()
        self.issue_title.setObjectName("sectionTitle")
        self.issue_list = QListWidget()
        self.issue_list.setWordWrap(True)
        self.issue_list.currentItemChanged.connect(self._issue_selected)
        issues = QWidget()
        issues_layout = QVBoxLayout(issues)
        issues_layout.setContentsMargins(0, 0, 0, 0)
        issues_layout.addWidget(self.issue_title)
        issues_layout.addWidget(self.issue_list)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.preview)
        splitter.addWidget(issues)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._import)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._show_sheet_choice([])

    # --- loading ---

    def load_file(self, path: Path, sheet: str | None = None) -> None:
        """Read and check a file; nothing is stored until Import is pressed."""
        self._path = Path(path)
        self.path_label.setText(str(self._path))
        if sheet is None:
            self._show_sheet_choice(self._roster.sheet_names(self._path))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            sheet_sel = sheet or (self.sheet_combo.currentText() or None)
            self._sheet = self._roster.read(self._path, sheet_sel)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show()

    def _choose(self) -> None:
        settings = QSettings()
        start = str(settings.value("import/last_dir", str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose class list"),
            start,
            self.tr("Class lists ({patterns})").format(patterns=FILE_FILTER),
        )
        if name:
            settings.setValue("import/last_dir", str(Path(name).parent))
            self.load_file(Path(name))

    def _show_sheet_choice(self, names: list[str]) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(names)
        self.sheet_combo.blockSignals(False)
        several = len(names) > 1
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)

    def _sheet_changed(self, name: str) -> None:
        if self._path is not None and name:
            self.load_file(self._path, name)

    def _show(self) -> None:
        sheet = self._sheet
        self.preview_model.set_sheet(sheet)
        self.issue_list.clear()
        if sheet is None:
            return
        for issue in sheet.errors:
            self._add_issue(issue, error=True)
        for issue in sheet.warnings:
            self._add_issue(issue, error=False)
        n_err, n_warn = len(sheet.errors), len(sheet.warnings)
        if sheet.errors:
            self.status.setText(
                self.tr(
                    "{errors} problem(s) must be fixed in the file before it can be imported. "
                    "Nothing has been stored. Fix the marked cells in Excel or WPS, save, and "
                    "choose the file again."
                ).format(errors=n_err)
            )
            self.status.setProperty("state", "error")
        elif not sheet.students:
            self.status.setText(self.tr("The file holds no pupils."))
            self.status.setProperty("state", "error")
        else:
            self.status.setText(
                self.tr("{count} pupils ready to import.").format(count=len(sheet.students))
            )
            self.status.setProperty("state", "ok")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.issue_title.setText(
            self.tr("Errors: {errors}    Notes: {warnings}").format(errors=n_err, warnings=n_warn)
        )
        self.import_button.setEnabled(sheet.ok and bool(sheet.students))

    def _add_issue(self, issue: RosterIssue, error: bool) -> None:
        place = issue_place(issue)
        kind = self.tr("Error") if error else self.tr("Note")
        text = f"{kind}  {place}：{issue_text(issue)}" if place else f"{kind}  {issue_text(issue)}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, (issue.row, issue.column))
        item.setForeground(QBrush(QColor("#b3261e") if error else QColor("#7a5b00")))
        self.issue_list.addItem(item)

    def _issue_selected(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None) -> None:
        if item is None:
            return
        row, column = item.data(Qt.ItemDataRole.UserRole)
        if row is None:
            return
        index = self.preview_model.position_of(row, column)
        if index.isValid():
            self.preview.setCurrentIndex(index)
            self.preview.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # --- storing ---

    def _import(self) -> None:
        if self._sheet is None or not self._sheet.ok:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = self._roster.apply(
                self._sheet, self._actor, source=self._path.name if self._path else ""
            )
        except AfterSchoolError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(
                self,
                self.tr("Import failed"),
                self.tr("Nothing was stored. {reason}").format(reason=str(exc)),
            )
            return
        QGuiApplication.restoreOverrideCursor()
        self.summary = summary
        self.imported.emit(summary)
        QMessageBox.information(
            self,
            self.tr("Class list imported"),
            self.tr(
                "Imported {total} pupils: {added} added, {updated} updated, {unchanged} unchanged."
            ).format(
                total=summary.total,
                added=summary.added,
                updated=summary.updated,
                unchanged=summary.unchanged,
            ),
        )
        self.accept()
