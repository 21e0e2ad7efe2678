"""The history dialog: a record's changes oldest first, and a verdict on the whole audit chain."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import text

from core.audit_service import AuditService
from core.errors import DatabaseUnavailableError
from db import audit
from ui.history_dialog import BAD_ROW_BG, HistoryDialog
from ui.settings_text import ERROR_RED, OK_GREEN

TIME, BY, ACTION, DETAILS = range(4)


def open_dialog(qtbot, service, entity="school", entity_id=1) -> HistoryDialog:
    dialog = HistoryDialog(service, entity, entity_id, "学校设置的修改记录")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None or dialog.check_error is not None)
    return dialog


def cells(dialog: HistoryDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def label_color(dialog: HistoryDialog):
    label = dialog.chain_label
    return label.palette().color(label.foregroundRole())


def test_shows_the_records_changes_oldest_first(qtbot, demo_db, demo_services, clock):
    demo_services.schedule.set_grace_minutes(15, "周建华")
    clock.set(clock.now() + dt.timedelta(minutes=3))
    with demo_db.write() as s:
        audit.append(s, clock.now(), "王老师", "future.thing", "school", 1, {"k": "v"})
    dialog = open_dialog(qtbot, AuditService(demo_db, clock))
    assert dialog.windowTitle() == "学校设置的修改记录"
    assert dialog.model.columnCount() == 4
    assert cells(dialog, TIME) == sorted(cells(dialog, TIME))
    assert cells(dialog, TIME)[-1] == "2026-12-01 15:43:00"
    assert cells(dialog, BY)[-2:] == ["周建华", "王老师"]
    actions = cells(dialog, ACTION)
    assert len(actions) == 4
    # Known actions are put into words; one added later is shown as stored.
    assert all("." not in a for a in actions[:3])
    assert actions[3] == "future.thing"
    assert cells(dialog, DETAILS)[2:] == ["10 → 15", "k: v"]
    assert not dialog.empty_label.isVisible()


def test_intact_log_is_stated_in_green(qtbot, demo_db, clock):
    dialog = open_dialog(qtbot, AuditService(demo_db, clock))
    assert dialog.report is not None and dialog.report.ok
    assert dialog.chain_label.property("state") == "ok"
    assert label_color(dialog) == OK_GREEN


def test_altered_log_is_a_red_warning_naming_the_first_bad_entry(qtbot, demo_db, clock):
    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET actor = '某人' WHERE seq = 2"))
    dialog = open_dialog(qtbot, AuditService(demo_db, clock))
    assert dialog.report is not None and dialog.report.first_bad_seq == 2
    assert dialog.chain_label.property("state") == "broken"
    assert label_color(dialog) == ERROR_RED
    warning = dialog.chain_label.text()
    assert "2" in warning and "2026-12-01 15:40:00" in warning
    assert "edited" not in warning  # the problem is in the UI's words, not core's English
    bad = [r for r in range(dialog.model.rowCount()) if dialog.model.row_record(r).seq == 2]
    background = dialog.model.index(bad[0], 0).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color() == BAD_ROW_BG


def test_a_record_without_history_shows_a_hint(qtbot, demo_db, clock):
    dialog = open_dialog(qtbot, AuditService(demo_db, clock), "student", "nobody")
    assert dialog.model.rowCount() == 0
    assert dialog.empty_label.isVisible()


class _Unreachable(AuditService):
    def verify(self):
        raise DatabaseUnavailableError("cannot check the audit log: server closed the connection")


def test_a_check_that_cannot_reach_the_database_says_so(qtbot, demo_db, clock):
    dialog = open_dialog(qtbot, _Unreachable(demo_db, clock))
    assert dialog.report is None
    assert "server closed the connection" in dialog.chain_label.text()
    assert dialog.chain_label.property("state") == "broken"
    assert dialog.model.rowCount() == 2  # the history itself is still shown
