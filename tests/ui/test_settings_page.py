"""The settings page driven like a teacher would, over the real service and a real database."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QLineEdit, QMessageBox, QTableView, QWidget
from pytestqt.qtbot import QtBot

from core.errors import ValidationError
from core.schedule_service import ScheduleService
from core.services import Services
from ui.settings_models import OverrideTableModel, SeasonTableModel, TimetableModel
from ui.settings_overrides import OverrideDialog
from ui.settings_page import SettingsPage
from ui.settings_seasons import SeasonDialog
from ui.settings_text import error_text, known_codes

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted((ROOT / "ui").glob("settings_*.py"))
BIN = Path(sys.executable).parent
TUESDAY = dt.date(2026, 12, 1)
THURSDAY = dt.date(2026, 12, 3)
SATURDAY = dt.date(2026, 12, 5)
ACTOR = "王老师"
YES = QMessageBox.StandardButton.Yes
NO = QMessageBox.StandardButton.No


@pytest.fixture
def schedule(services: Services) -> ScheduleService:
    return services.schedule


@pytest.fixture
def page(qtbot: QtBot, schedule: ScheduleService, services: Services) -> SettingsPage:
    officer = services.accounts.create_admin("A100", ACTOR, "school-safe")
    widget = SettingsPage(schedule, services.dismissal_settings, officer)
    qtbot.addWidget(widget)
    widget.resize(1150, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(table: QTableView, row: int, col: int) -> str:
    return str(table.model().index(row, col).data())


def warnings(parent: QWidget) -> list[str]:
    return [box.text() for box in parent.findChildren(QMessageBox) if box.isVisible()]


def open_season_dialog(qtbot: QtBot, page: SettingsPage, row: int | None) -> SeasonDialog:
    tab = page.seasons_tab
    if row is None:
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    else:
        rect = tab.table.visualRect(tab.model.index(row, SeasonTableModel.COL_NAME))
        qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def save(qtbot: QtBot, dialog: SeasonDialog | OverrideDialog) -> None:
    button = dialog.button_box.buttons()[0]
    assert button.text() == "保存"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_chinese(widget: QWidget, text: str) -> None:
    """Type text the way a Chinese input method delivers it (QTest only sends Latin-1)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def set_times(dialog: SeasonDialog, band_id: int, *times: tuple[int, int]) -> None:
    for edit, (h, m) in zip(dialog.time_edits[band_id], times, strict=True):
        edit.setTime(QTime(h, m))


# --- 作息时间 --------------------------------------------------------------------------------


def test_shows_the_winter_season_in_chinese(page: SettingsPage) -> None:
    table = page.seasons_tab.table
    assert [page.tabs.tabText(i) for i in range(4)] == ["作息时间", "课程安排", "特殊日期", "其他"]
    assert cell(table, 0, SeasonTableModel.COL_NAME) == "冬令时"
    assert cell(table, 0, SeasonTableModel.COL_STATUS) == "正在使用"
    assert cell(table, 0, SeasonTableModel.COL_FIRST_BAND) == "15:10–17:10，17:10 放学"
    assert (
        table.model().headerData(SeasonTableModel.COL_FIRST_BAND, Qt.Orientation.Horizontal)
        == "一、二年级"
    )


def test_editing_dismissal_in_the_dialog_changes_the_day(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    dialog = open_season_dialog(qtbot, page, 0)
    band = schedule.load().bands[0]
    assert dialog.windowTitle() == "编辑作息时间"
    set_times(dialog, band.id, (15, 10), (17, 10), (17, 25))
    with qtbot.waitSignal(page.settings_changed):
        save(qtbot, dialog)

    day = schedule.day(TUESDAY).bands[0]
    assert (day.end, day.dismissal) == (dt.time(17, 10), dt.time(17, 25))
    assert schedule.day(TUESDAY).bands[1].dismissal == dt.time(17, 20)
    assert (
        cell(page.seasons_tab.table, 0, SeasonTableModel.COL_FIRST_BAND)
        == "15:10–17:10，17:25 放学"
    )


def test_window_ending_before_it_starts_shows_chinese_error_and_stores_nothing(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    before = schedule.load().seasons
    dialog = open_season_dialog(qtbot, page, 0)
    band = schedule.load().bands[1]
    set_times(dialog, band.id, (17, 20), (15, 20), (17, 20))
    with qtbot.assertNotEmitted(page.settings_changed):
        save(qtbot, dialog)

    assert dialog.isVisible()
    assert not dialog.error_label.isHidden()
    assert dialog.error_label.text() == (
        "三、四年级：服务结束时间必须晚于开始时间（现在是 17:20–15:20），请检查各年级段的时间。"
    )
    assert schedule.load().seasons == before


def test_new_summer_season_applies_from_its_start_date(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    dialog = open_season_dialog(qtbot, page, None)
    assert dialog.windowTitle() == "新增作息时间"
    # Prefilled from the winter season in force today.
    band_ids = [b.id for b in schedule.load().bands]
    assert dialog.time_edits[band_ids[2]][2].time() == QTime(17, 30)
    type_chinese(dialog.name_edit, "夏令时")
    dialog.start_edit.setDate(QDate(2027, 5, 1))
    for band_id in band_ids:
        set_times(dialog, band_id, (15, 40), (17, 40), (17, 40))
    with qtbot.waitSignal(page.settings_changed):
        save(qtbot, dialog)

    assert schedule.day(dt.date(2027, 4, 30)).season == "冬令时"
    may = schedule.day(dt.date(2027, 5, 3))
    assert may.season == "夏令时"
    assert {b.dismissal for b in may.bands} == {dt.time(17, 40)}
    table = page.seasons_tab.table
    assert table.model().rowCount() == 2
    assert cell(table, 1, SeasonTableModel.COL_NAME) == "夏令时"
    assert cell(table, 0, SeasonTableModel.COL_UNTIL).startswith("2027")


@pytest.mark.parametrize(
    ("name", "start", "message"),
    [
        ("", QDate(2027, 5, 1), "请填写作息时间的名称，例如“冬令时”。"),
        ("夏令时", QDate(2026, 9, 1), "2026-09-01 已经有另一套作息时间开始，请换一个开始日期。"),
    ],
)
def test_new_season_refusals_are_explained(
    qtbot: QtBot,
    page: SettingsPage,
    schedule: ScheduleService,
    name: str,
    start: QDate,
    message: str,
) -> None:
    dialog = open_season_dialog(qtbot, page, None)
    type_chinese(dialog.name_edit, name)
    dialog.start_edit.setDate(start)
    save(qtbot, dialog)
    assert dialog.error_label.text() == message
    assert len(schedule.load().seasons) == 1


def test_dismissal_before_window_end_names_the_band(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    dialog = open_season_dialog(qtbot, page, 0)
    set_times(dialog, schedule.load().bands[2].id, (15, 30), (17, 30), (17, 0))
    save(qtbot, dialog)
    expected = "五、六年级：放学时间（17:00）不能早于服务结束时间（17:30）。"
    assert dialog.error_label.text() == expected


def test_deleting_the_last_season_is_refused_with_a_warning(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: YES)
    page.seasons_tab.table.selectRow(0)
    with qtbot.assertNotEmitted(page.settings_changed):
        qtbot.mouseClick(page.seasons_tab.delete_button, Qt.MouseButton.LeftButton)
    assert warnings(page.seasons_tab) == ["至少要保留一套作息时间，最后一套不能删除。"]
    assert len(schedule.load().seasons) == 1


@pytest.mark.parametrize(
    ("answer", "left"), [(YES, ["冬令时"]), (NO, ["冬令时", "夏令时"])], ids=["yes", "no"]
)
def test_deleting_a_season_asks_first(
    qtbot: QtBot,
    page: SettingsPage,
    schedule: ScheduleService,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
    left: list[str],
) -> None:
    windows = {w.band_id: (w.start, w.end, w.dismissal) for w in schedule.load().seasons[0].windows}
    schedule.save_season(None, "夏令时", dt.date(2027, 5, 1), windows, ACTOR)
    page.refresh()
    asked: list[str] = []

    def question(_parent: QWidget, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    page.seasons_tab.table.selectRow(1)
    qtbot.mouseClick(page.seasons_tab.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["确定删除作息时间“夏令时”（2027-05-01 起）吗？"]
    assert [s.name for s in schedule.load().seasons] == left
    assert page.seasons_tab.model.rowCount() == len(left)


# --- 课程安排 --------------------------------------------------------------------------------


def test_timetable_shows_the_guidelines_course_table(page: SettingsPage) -> None:
    table = page.timetable_tab.table
    assert table.model().rowCount() == 6
    assert cell(table, 0, TimetableModel.COL_BAND) == "一、二年级"
    assert cell(table, 1, TimetableModel.COL_PERIOD) == "第二课时"
    assert [cell(table, 1, TimetableModel.COL_MONDAY + d) for d in range(5)] == [
        "兴趣活动",
        "体育锻炼",
        "兴趣活动",
        "兴趣活动",
        "劳动实践",
    ]
    assert table.rowSpan(0, TimetableModel.COL_BAND) == 2


def test_editing_a_timetable_cell_by_keyboard_stores_it(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    page.tabs.setCurrentWidget(page.timetable_tab)
    table = page.timetable_tab.table
    # 三、四年级 period 2, Thursday.
    index = table.model().index(3, TimetableModel.COL_MONDAY + 3)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    assert editor.text() == "兴趣活动"
    type_chinese(editor, "书法社团")
    with qtbot.waitSignal(page.settings_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)

    assert schedule.day(THURSDAY).bands[1].period2 == "书法社团"
    assert schedule.day(TUESDAY).bands[1].period2 == "兴趣活动"
    assert cell(table, 3, TimetableModel.COL_MONDAY + 3) == "书法社团"


def test_refused_timetable_cell_warns_and_keeps_the_old_activity(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    model = page.timetable_tab.model
    index = model.index(0, TimetableModel.COL_MONDAY)
    with qtbot.assertNotEmitted(page.settings_changed):
        assert not model.setData(index, "书" * 61)
    assert warnings(page.timetable_tab) == ["课程名称太长，最多 60 个字。"]
    assert index.data() == "自主阅读"
    assert schedule.day(dt.date(2026, 11, 30)).bands[0].period1 == "自主阅读"


# --- 特殊日期 --------------------------------------------------------------------------------


def open_override_dialog(qtbot: QtBot, page: SettingsPage) -> OverrideDialog:
    page.tabs.setCurrentWidget(page.overrides_tab)
    qtbot.mouseClick(page.overrides_tab.add_button, Qt.MouseButton.LeftButton)
    dialog = page.overrides_tab.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def choose(combo: object, data: object) -> None:
    index = combo.findData(data)  # type: ignore[attr-defined]
    assert index >= 0
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_band_dismissal_at_four_changes_only_that_band(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    band = schedule.load().bands[0]
    dialog = open_override_dialog(qtbot, page)
    dialog.date_edit.setDate(QDate(2026, 12, 3))
    choose(dialog.kind_combo, "dismissal")
    choose(dialog.scope_combo, band.id)
    assert not dialog.time_edit.isHidden()
    assert dialog.weekday_combo.isHidden()
    dialog.time_edit.setTime(QTime(16, 0))
    type_chinese(dialog.reason_edit, "暴雨")
    with qtbot.waitSignal(page.settings_changed):
        save(qtbot, dialog)

    bands = schedule.day(THURSDAY).bands
    assert (bands[0].dismissal, bands[0].note) == (dt.time(16, 0), "暴雨")
    assert [b.dismissal for b in bands[1:]] == [dt.time(17, 20), dt.time(17, 30)]
    assert schedule.day(TUESDAY).bands[0].dismissal == dt.time(17, 10)
    table = page.overrides_tab.table
    assert cell(table, 0, OverrideTableModel.COL_SCOPE) == "一、二年级"
    assert cell(table, 0, OverrideTableModel.COL_KIND) == "提前（调整）放学 16:00"
    assert cell(table, 0, OverrideTableModel.COL_REASON) == "暴雨"


def test_whole_school_no_service_day(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    dialog = open_override_dialog(qtbot, page)
    dialog.date_edit.setDate(QDate(2026, 12, 3))
    assert dialog.kind() == "no_service"
    assert dialog.time_edit.isHidden()
    save(qtbot, dialog)
    assert not schedule.day(THURSDAY).any_service
    assert cell(page.overrides_tab.table, 0, OverrideTableModel.COL_SCOPE) == "全校"
    assert cell(page.overrides_tab.table, 0, OverrideTableModel.COL_KIND) == "停止课后服务"


def test_make_up_saturday_follows_the_chosen_weekday(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    dialog = open_override_dialog(qtbot, page)
    dialog.date_edit.setDate(QDate(2026, 12, 5))
    choose(dialog.kind_combo, "makeup")
    assert not dialog.scope_combo.isEnabled()
    assert dialog.time_edit.isHidden()
    assert dialog.weekday_combo.isEnabled()
    choose(dialog.weekday_combo, 2)
    save(qtbot, dialog)

    day = schedule.day(SATURDAY)
    assert day.weekday == 2
    assert [b.period2 for b in day.bands] == ["体育锻炼", "兴趣活动", "体育锻炼"]
    assert all(b.service for b in day.bands)


def test_make_up_on_a_weekday_cannot_be_saved_and_says_why(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    dialog = open_override_dialog(qtbot, page)
    dialog.date_edit.setDate(QDate(2026, 12, 3))
    choose(dialog.kind_combo, "makeup")
    save_button = dialog.button_box.buttons()[0]
    assert not dialog.weekday_combo.isEnabled()
    assert not save_button.isEnabled()
    assert dialog.kind_hint.text() == "调休上课只能设在周六或周日，请选择周末的日期。"
    with qtbot.assertNotEmitted(page.settings_changed):
        qtbot.mouseClick(save_button, Qt.MouseButton.LeftButton)
    assert schedule.load().overrides == ()
    dialog.date_edit.setDate(QDate(2026, 12, 6))
    assert save_button.isEnabled()
    assert dialog.weekday_combo.isEnabled()


def test_second_exception_for_the_same_date_and_scope_is_explained(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    schedule.add_override(THURSDAY, "no_service", None, "期末考试", actor=ACTOR)
    dialog = open_override_dialog(qtbot, page)
    dialog.date_edit.setDate(QDate(2026, 12, 3))
    choose(dialog.kind_combo, "dismissal")
    save(qtbot, dialog)
    assert dialog.error_label.text() == (
        "2026-12-03 对这个范围已经有一条特殊安排。如需修改，请先删除原来那条。"
    )
    assert len(schedule.load().overrides) == 1


@pytest.mark.parametrize(("answer", "left"), [(YES, 0), (NO, 1)], ids=["yes", "no"])
def test_deleting_an_override_asks_first(
    qtbot: QtBot,
    page: SettingsPage,
    schedule: ScheduleService,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
    left: int,
) -> None:
    band = schedule.load().bands[0]
    schedule.add_override(
        THURSDAY, "dismissal", band.id, "暴雨", dismissal=dt.time(16, 0), actor=ACTOR
    )
    page.refresh()
    asked: list[str] = []

    def question(_parent: QWidget, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    tab = page.overrides_tab
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["确定删除 2026-12-03（一、二年级）的“提前（调整）放学 16:00”吗？"]
    assert len(schedule.load().overrides) == left
    assert tab.model.rowCount() == left
    assert (schedule.day(THURSDAY).bands[0].dismissal == dt.time(16, 0)) == bool(left)


def test_past_dates_are_listed_only_on_request(
    qtbot: QtBot, page: SettingsPage, schedule: ScheduleService
) -> None:
    schedule.add_override(dt.date(2026, 11, 20), "no_service", None, "运动会", actor=ACTOR)
    schedule.add_override(THURSDAY, "no_service", None, "期末考试", actor=ACTOR)
    page.refresh()
    tab = page.overrides_tab
    assert tab.model.rowCount() == 1
    tab.show_past.setChecked(True)
    assert [cell(tab.table, r, OverrideTableModel.COL_REASON) for r in range(2)] == [
        "运动会",
        "期末考试",
    ]


# --- 其他 ------------------------------------------------------------------------------------


def test_grace_minutes_saved(qtbot: QtBot, page: SettingsPage, schedule: ScheduleService) -> None:
    tab = page.grace_tab
    page.tabs.setCurrentWidget(tab)
    assert tab.grace_spin.value() == 10
    tab.grace_spin.selectAll()
    qtbot.keyClicks(tab.grace_spin, "25")
    with qtbot.waitSignal(page.settings_changed):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert schedule.load().grace_min == 25
    assert tab.status_label.text() == "已保存：25 分钟。"


def test_refresh_shows_changes_made_elsewhere(
    page: SettingsPage, schedule: ScheduleService
) -> None:
    schedule.set_grace_minutes(30, "另一台电脑")
    schedule.set_activity(schedule.load().bands[0].id, 1, 1, "绘本阅读", "另一台电脑")
    page.refresh()
    assert page.grace_tab.grace_spin.value() == 30
    assert cell(page.timetable_tab.table, 0, TimetableModel.COL_MONDAY) == "绘本阅读"


# --- models, layout and words ----------------------------------------------------------------


def test_models_pass_the_model_tester(
    page: SettingsPage, qtmodeltester: object, schedule: ScheduleService
) -> None:
    schedule.add_override(THURSDAY, "no_service", None, "期末考试", actor=ACTOR)
    page.refresh()
    for model in (page.seasons_tab.model, page.timetable_tab.model, page.overrides_tab.model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_fits_the_main_window_without_clipping(qtbot: QtBot, page: SettingsPage) -> None:
    hint = page.minimumSizeHint()
    assert hint.width() <= 1150 and hint.height() <= 650
    for tab in (page.seasons_tab, page.overrides_tab):
        page.tabs.setCurrentWidget(tab)
        qtbot.wait(10)
        table = tab.table
        for col in range(table.model().columnCount() - 1):
            assert table.columnWidth(col) >= table.sizeHintForColumn(col), col


def test_every_service_error_code_has_a_chinese_sentence() -> None:
    source = (ROOT / "core" / "schedule_service.py").read_text(encoding="utf-8")
    raised = set(re.findall(r'ValidationError\(\s*"(\w+)"', source))
    assert raised, "the pattern no longer finds the service's codes"
    assert raised | {"not_found"} <= known_codes()
    for code in raised:
        text = error_text(
            ValidationError(
                code,
                "x",
                start=dt.time(17, 0),
                end=dt.time(15, 0),
                dismissal=dt.time(16, 0),
                starts_on=TUESDAY,
                on_date=TUESDAY,
            )
        )
        assert re.search(r"[\u4e00-\u9fff]", text), (code, text)
        assert "{" not in text, (code, text)
