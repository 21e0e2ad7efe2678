"""The settings group 放学与无人接领 over the real service: save, refusals in Chinese, reload."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from core.account_rules import NotAllowedError
from core.dismissal_settings import DismissalPolicy, DismissalSettings
from core.errors import NotFoundError, ValidationError
from core.services import Services
from core.staff_types import StaffMember
from ui.settings_dismissal import DismissalGroup, error_text, grades_text
from ui.settings_page import SettingsPage
from ui.settings_text import ERROR_RED, OK_GREEN

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def officer(services: Services) -> StaffMember:
    return services.accounts.create_admin("A100", "李安全", "school-safe")


@pytest.fixture
def settings(services: Services) -> DismissalSettings:
    return services.dismissal_settings


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: StaffMember) -> SettingsPage:
    widget = SettingsPage(services.schedule, services.dismissal_settings, officer)
    qtbot.addWidget(widget)
    widget.tabs.setCurrentWidget(widget.grace_tab)
    return widget


@pytest.fixture
def group(page: SettingsPage) -> DismissalGroup:
    return page.grace_tab.dismissal_group


def colour(group: DismissalGroup) -> str:
    return group.status_label.palette().color(QPalette.ColorRole.WindowText).name()


def enter(group: DismissalGroup, grades: set[int], call: int, custody: int, officer: int) -> None:
    for grade, check in group.grade_checks.items():
        check.setChecked(grade in grades)
    group.call_spin.setValue(call)
    group.custody_spin.setValue(custody)
    group.officer_spin.setValue(officer)


def test_shows_the_stored_defaults_in_chinese(page: SettingsPage, group: DismissalGroup) -> None:
    assert page.tabs.tabText(page.tabs.currentIndex()) == "其他"
    assert group.title() == "放学与无人接领"
    assert [c.text() for c in group.grade_checks.values()] == [
        "一年级",
        "二年级",
        "三年级",
        "四年级",
        "五年级",
        "六年级",
    ]
    assert group.chosen_grades() == [3, 4, 5, 6]
    assert [s.value() for s in (group.call_spin, group.custody_spin, group.officer_spin)] == [
        5,
        15,
        30,
    ]
    assert group.call_spin.suffix() == " 分钟"
    assert group.save_button.text() == "保存"


def test_save_stores_grades_and_minutes_and_says_so(
    qtbot: QtBot, page: SettingsPage, group: DismissalGroup, settings: DismissalSettings
) -> None:
    enter(group, {4, 5, 6}, 10, 20, 40)
    with qtbot.waitSignal(page.settings_changed):
        group.save_button.click()
    assert settings.policy() == DismissalPolicy(frozenset({4, 5, 6}), 10, 20, 40, 10)
    assert group.status_label.text() == "已保存：四、五、六年级可自行离校；10 / 20 / 40 分钟。"
    assert colour(group) == OK_GREEN.name()


def test_saving_no_grade_says_none_may_leave_alone(
    group: DismissalGroup, settings: DismissalSettings
) -> None:
    enter(group, set(), 5, 15, 30)
    assert group.save()
    assert settings.policy().self_release_grades == frozenset()
    assert group.status_label.text() == "已保存：所有年级均不可自行离校；5 / 15 / 30 分钟。"


def test_custody_before_the_call_is_refused_in_chinese_and_nothing_saved(
    group: DismissalGroup, settings: DismissalSettings
) -> None:
    before = settings.policy()
    enter(group, {1, 2, 3, 4, 5, 6}, 20, 15, 30)
    assert not group.save()
    assert group.status_label.text() == "留校看护（15 分钟）须晚于电话联系监护人（20 分钟）。"
    assert colour(group) == ERROR_RED.name()
    assert settings.policy() == before  # not even the grades


def test_officer_not_after_custody_is_refused_in_chinese(
    group: DismissalGroup, settings: DismissalSettings
) -> None:
    enter(group, {3, 4, 5, 6}, 5, 30, 30)
    assert not group.save()
    assert group.status_label.text() == "通知安全负责人（30 分钟）须晚于留校看护（30 分钟）。"
    assert settings.policy().officer_min == 30


def test_zero_minutes_are_refused_with_the_range(
    group: DismissalGroup, settings: DismissalSettings
) -> None:
    enter(group, {3, 4, 5, 6}, 0, 15, 30)
    assert not group.save()
    assert group.status_label.text() == "每一步须在 1 至 240 分钟之间。"


def test_editing_clears_the_status_line(group: DismissalGroup) -> None:
    enter(group, {3, 4, 5, 6}, 5, 15, 45)
    assert group.save()
    group.grade_checks[2].setChecked(True)
    assert group.status_label.text() == ""


def test_refresh_reloads_values_changed_at_another_station(
    page: SettingsPage,
    group: DismissalGroup,
    settings: DismissalSettings,
    officer: StaffMember,
) -> None:
    settings.set_policy({5, 6}, 3, 8, 12, officer)
    page.refresh()
    assert group.chosen_grades() == [5, 6]
    assert [s.value() for s in (group.call_spin, group.custody_spin, group.officer_spin)] == [
        3,
        8,
        12,
    ]


def test_a_class_teacher_sees_the_values_read_only(
    qtbot: QtBot, settings: DismissalSettings
) -> None:
    teacher = StaffMember(99, "T099", "王芳", "class_teacher")
    widget = DismissalGroup(settings, teacher)
    qtbot.addWidget(widget)
    widget.reload()
    assert not widget.save_button.isEnabled()
    assert not any(c.isEnabled() for c in widget.grade_checks.values())
    assert widget.status_label.text() == "只有安全负责人可以修改这些设置。"


def test_grades_text_joins_chinese_numerals() -> None:
    assert grades_text([2, 1]) == "一、二年级"
    assert grades_text([6]) == "六年级"


def test_every_error_code_has_a_chinese_sentence() -> None:
    source = (ROOT / "core" / "dismissal_settings.py").read_text(encoding="utf-8")
    raised = set(re.findall(r'ValidationError\(\s*"(\w+)"', source))
    assert {"grade_range", "escalation_range", "consent_future"} <= raised
    errors: list[Exception] = [
        ValidationError(
            code, "x", step="call", minutes=0, call=5, custody=4, officer=3, on=dt.date.today()
        )
        for code in raised
    ]
    errors += [NotAllowedError("settings_not_allowed", "x"), NotFoundError("x")]
    for exc in errors:
        assert isinstance(exc, ValidationError | NotAllowedError | NotFoundError)
        text = error_text(exc)
        assert re.search(r"[\u4e00-\u9fff]", text), (exc, text)
        assert "{" not in text and "code" not in text, (exc, text)
