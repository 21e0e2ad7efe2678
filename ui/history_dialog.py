"""A record's change history from the audit log, and whether the whole log is still intact."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.audit_service import CORRECTION, AuditRecord, AuditService, ChainReport
from core.errors import AfterSchoolError
from ui.settings_text import ERROR_RED, HINT_GREY, OK_GREEN, colored_label
from ui.table_model import Column, RecordTableModel

log = logging.getLogger(__name__)

BAD_ROW_BG = QColor("#fde2e1")
SHORT_VALUE = 40  # longer lists and tables are shown as a count; the tooltip has them whole
TOOLTIP_CHARS = 2000


class _ChainCheck(QObject):
    """Carries the result of a chain check from the worker thread back to the GUI thread."""

    checked = Signal(object)  # ChainReport
    failed = Signal(str)


class HistoryDialog(QDialog):
    """Every change recorded for one record, oldest first, with the chain's verdict below."""

    def __init__(
        self,
        audit: AuditService,
        entity: str,
        entity_id: str | int,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._entity = entity
        self._entity_id = entity_id
        self.report: ChainReport | None = None
        self.check_error: str | None = None
        self.setWindowTitle(title)
        self.resize(900, 480)

        self.model: RecordTableModel[AuditRecord] = RecordTableModel(
            [
                Column(self.tr("Time"), lambda r: f"{r.at:%Y-%m-%d %H:%M:%S}"),
                Column(self.tr("By"), lambda r: r.actor),
                Column(self.tr("Action"), self.action_text, tooltip=lambda r: r.action),
                Column(self.tr("Details"), self.payload_text, tooltip=_payload_tooltip),
            ],
            row_background=self._row_background,
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.empty_label = QLabel(self.tr("No changes have been recorded for this yet."))
        self.empty_label.setObjectName("emptyHint")
        self.chain_label = colored_label(HINT_GREY, bold=True)
        self.chain_label.setText(self.tr("Checking that the records are complete…"))
        self.chain_label.setProperty("state", "checking")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.chain_label)
        layout.addWidget(buttons)

        self.reload()
        self._start_check()

    # --- the entries ---

    def reload(self) -> None:
        """Read the record's history again."""
        try:
            rows = self._audit.history(self._entity, self._entity_id)
        except AfterSchoolError as exc:
            rows = []
            self._set_chain_text(
                self.tr("The records cannot be read: {reason}").format(reason=str(exc)), False
            )
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.table.scrollToBottom()

    def action_text(self, record: AuditRecord) -> str:
        """The action in words; an action this dialog does not know yet is shown as stored."""
        if record.action == CORRECTION:
            return self.tr("Correction of entry {seq}").format(
                seq=record.payload.get("corrects_seq", "?")
            )
        names = {
            "school.create": self.tr("School set up"),
            "demo.create": self.tr("Demo school created"),
            "school.grace": self.tr("Waiting time before unaccompanied changed"),
            "roster.import": self.tr("Class list imported"),
            "season.save": self.tr("Schedule times changed"),
            "season.delete": self.tr("Schedule deleted"),
            "timetable.set": self.tr("Course changed"),
            "override.add": self.tr("Special date added"),
            "override.delete": self.tr("Special date removed"),
            "privacy.erase": self.tr("Personal data erased"),
            "privacy.export": self.tr("Personal data exported"),
        }
        return names.get(record.action, record.action)

    def payload_text(self, record: AuditRecord) -> str:
        """The payload on one line: ``old → new``, else ``key: value`` pairs."""
        p = record.payload
        if record.action == CORRECTION:
            p = {k: v for k, v in p.items() if k != "corrects_seq"}  # the action names it
        if set(p) == {"old", "new"}:
            return f"{self._value(p['old'])} → {self._value(p['new'])}"
        return "；".join(f"{self._key(k)}: {self._value(v)}" for k, v in p.items())

    def _key(self, key: str) -> str:
        labels = {
            "name": self.tr("name"),
            "starts_on": self.tr("from"),
            "windows": self.tr("service windows"),
            "date": self.tr("date"),
            "kind": self.tr("kind"),
            "reason": self.tr("reason"),
            "dismissal": self.tr("dismissal"),
            "file": self.tr("file"),
            "added": self.tr("added"),
            "updated": self.tr("updated"),
            "unchanged": self.tr("unchanged"),
            "pupils": self.tr("pupils"),
            "defaults": self.tr("defaults"),
            "changes": self.tr("changes"),
            "redacted": self.tr("personal data erased"),
            "erasure_seq": self.tr("erasure entry"),
        }
        return labels.get(key, key)

    def _value(self, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, list | dict):
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            if len(text) <= SHORT_VALUE:
                return text
            return self.tr("{count} items").format(count=len(value))
        return str(value)

    def _row_background(self, record: AuditRecord) -> QColor | None:
        bad = self.report is not None and record.seq == self.report.first_bad_seq
        return BAD_ROW_BG if bad else None

    # --- the chain check, off the GUI thread: a long log takes a second or more ---

    def _start_check(self) -> None:
        # No parent: a dialog closed mid-check must not delete what the worker emits from.
        check = _ChainCheck()
        check.checked.connect(self._show_report)
        check.failed.connect(self._show_failure)
        self._check = check
        audit = self._audit

        def run() -> None:
            try:
                report = audit.verify()
            except AfterSchoolError as exc:
                check.failed.emit(str(exc))
            except Exception as exc:  # noqa: BLE001 - a worker must report, never die silently
                log.exception("audit chain check failed")
                check.failed.emit(f"{type(exc).__name__}: {exc}")
            else:
                check.checked.emit(report)

        QThreadPool.globalInstance().start(run)

    def _show_report(self, report: ChainReport) -> None:
        self.report = report
        self.model.set_rows(self.model.records())  # repaint the bad entry's row
        if report.ok:
            self._set_chain_text(self.tr("Records complete, not altered"), True)
            return
        problem = self._problem_text(report.code)
        if report.at is not None:
            text = self.tr(
                "Warning: the records were altered. First bad entry: no. {seq} ({time}), {problem}."
            ).format(
                seq=report.first_bad_seq, time=f"{report.at:%Y-%m-%d %H:%M:%S}", problem=problem
            )
        else:
            text = self.tr(
                "Warning: the records were altered. First bad entry: no. {seq}, {problem}."
            ).format(seq=report.first_bad_seq, problem=problem)
        self._set_chain_text(text, False)

    def _show_failure(self, reason: str) -> None:
        self.check_error = reason
        self._set_chain_text(
            self.tr("Could not check whether the records are complete: {reason}").format(
                reason=reason
            ),
            False,
        )

    def _problem_text(self, code: str) -> str:
        return {
            "edited": self.tr("its content was changed"),
            "rehashed": self.tr("its content was changed and its check value recomputed"),
            "deleted": self.tr("an entry before it was deleted"),
            "inserted": self.tr("it was inserted afterwards"),
            "reordered": self.tr("entries were moved out of order"),
            "truncated": self.tr("entries at the end were deleted"),
            "tip_rewritten": self.tr("the last entry was rewritten"),
        }.get(code, code)

    def _set_chain_text(self, text: str, ok: bool) -> None:
        self.chain_label.setText(text)
        self.chain_label.setProperty("state", "ok" if ok else "broken")
        palette = self.chain_label.palette()
        palette.setColor(self.chain_label.foregroundRole(), OK_GREEN if ok else ERROR_RED)
        self.chain_label.setPalette(palette)


def _payload_tooltip(record: AuditRecord) -> str:
    text = json.dumps(record.payload, ensure_ascii=False, indent=1)
    return text if len(text) <= TOOLTIP_CHARS else text[:TOOLTIP_CHARS] + "…"
