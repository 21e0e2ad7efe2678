"""The wall screen faces the parents' queue; the monitor alerts every station once per flag."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from core.staff_types import StaffMember
from tests.ui.test_dismissal_page import FIRST_CLASS, class_present, make_page
from tests.ui.verdict_school import DAY, GateSchool, gate_school
from ui.dismissal_alert import AlertBanner, DismissalMonitor
from ui.sound import GateSounds
from ui.wall_board import WallBoard

PHONE = re.compile(r"1\d{10}")


@pytest.fixture
def school(demo_services, clock, monkeypatch, tmp_path) -> GateSchool:
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    return gate_school(demo_services, clock)


@pytest.fixture
def duty(school) -> StaffMember:
    return school.services.accounts.sign_in("D001", "1234")


def muted() -> GateSounds:
    sounds = GateSounds()
    sounds.muted = True
    return sounds


def test_wall_board_lists_waiting_names_and_nothing_personal(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    school.at("17:25")
    page = make_page(qtbot, school, duty)
    wall = WallBoard(page)  # built, never shown: no focus taken from other tests
    wall.show_board(page.board)
    text = wall.texts()
    names = [page.board.child(sid).name for sid in ids]
    assert all(f"一(1)班 {name}" in text for name in names)
    assert wall.bands[0].countdown.text() == f"无人接领 {len(ids)} 人"
    assert wall.bands[0].countdown.property("alarm") is True
    assert not PHONE.search(text)
    for sid in ids:
        for guardian in school.services.dismissal.child_detail(sid).guardians:
            assert guardian.name not in text
    assert wall.bands[1].names() == []  # nobody of 三、四年级 is present
    wall.deleteLater()


def test_wall_board_ticks_and_lists_names_only_after_dismissal(qtbot, school, duty):
    class_present(school, *FIRST_CLASS)
    school.at("17:00")
    page = make_page(qtbot, school, duty)
    wall = WallBoard(page)
    wall.show_board(page.board)
    assert wall.bands[0].countdown.text() == "距放学 10:00"
    assert wall.bands[0].names() == []  # before dismissal everybody waits
    assert wall.bands[0].waiting.text().startswith("仍在等待 ")
    school.at("17:01")
    wall.tick(school.clock.now())
    assert wall.bands[0].countdown.text() == "距放学 09:00"
    assert wall.clock.text() == "17:01:00"
    wall.deleteLater()


def test_escape_closes_the_wall_board(qtbot, school, duty):
    page = make_page(qtbot, school, duty)
    wall = WallBoard(page)
    with qtbot.waitSignal(wall.closed, timeout=1000):
        wall.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.NoModifier))
    wall.deleteLater()


def test_page_feeds_its_open_wall_board(qtbot, school, duty, monkeypatch):
    class_present(school, *FIRST_CLASS)
    school.at("17:25")
    page = make_page(qtbot, school, duty)
    monkeypatch.setattr(WallBoard, "show_on_screen", lambda self: None)  # no window in tests
    wall = page.open_wall_board()
    assert wall.bands[0].names()
    assert page._tick_timer.isActive()  # it keeps ticking while the wall shows it
    wall.close()
    assert page.wall is None and not page._tick_timer.isActive()


def test_monitor_alerts_once_per_new_flag(qtbot, school, duty):
    services = school.services
    monitor = DismissalMonitor(services, sounds=muted())
    alerts: list[tuple[list, list]] = []
    monitor.alert.connect(lambda flagged, mismatches: alerts.append((flagged, mismatches)))
    first = class_present(school, *FIRST_CLASS)
    school.at("17:19")
    monitor.refresh()
    assert alerts == []
    school.at("17:21")
    monitor.refresh()
    assert [{c.student_id for c in alerts[0][0]}] == [set(first)]
    assert monitor.sounds.last_played is None  # muted: asked, not played
    monitor.refresh()
    assert len(alerts) == 1  # the same flags are not announced again
    second = class_present(school, 1, 2)
    monitor.refresh()
    assert len(alerts) == 2 and {c.student_id for c in alerts[1][0]} == set(second)


def test_monitor_alerts_a_mismatch_once_and_the_banner_opens_the_board(qtbot, school, duty):
    services = school.services
    monitor = DismissalMonitor(services, sounds=muted())
    holder = QWidget()  # never shown: the banner is a child, not a window of its own
    qtbot.addWidget(holder)
    banner = AlertBanner(holder)
    monitor.board_changed.connect(banner.show_board)
    monitor.alert.connect(banner.show_alert)
    alerts: list[list] = []
    monitor.alert.connect(lambda _flagged, mismatches: alerts.append(mismatches))
    class_present(school, *FIRST_CLASS)
    school.at("17:05")
    group = next(g for g in services.dismissal.groups() if g.name == "一(1)班")
    services.dismissal.transfer_group(
        group.group_kind, group.group_id, group.teacher_id, duty.id, 3, duty, station="东门"
    )
    monitor.refresh()
    monitor.refresh()
    assert [[t.group_name for t in m] for m in alerts] == [["一(1)班"]]
    assert not banner.isHidden()
    assert banner.text.text() == "人数不符：一(1)班"
    with qtbot.waitSignal(banner.open_board, timeout=1000):
        qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    school.at("17:21")
    monitor.refresh()
    assert banner.text.text().startswith(f"无人接领：{len(group.expected)} 名学生（一(1)班 ")


def test_wall_board_names_fit_their_band_and_the_last_line_counts_the_rest(qtbot, school, duty):
    for band in school.services.today.overview(DAY).bands:
        for cls in band.classes:
            if cls.grade <= 2:
                class_present(school, cls.grade, cls.class_no)
    school.at("17:35")
    page = make_page(qtbot, school, duty)
    wall = WallBoard(page)  # never shown: the grid is laid out for the size it is given
    wall.show_board(page.board)
    grid = wall.bands[0].grid
    names = grid.names()
    assert len(names) > 60 and names == wall.bands[0].names()
    grid.resize(520, 300)
    lines = grid.lines()
    shown = len(lines) - 1
    assert 0 < shown < len(names)
    assert lines[:shown] == names[:shown]  # flagged first, in class order, none skipped
    assert lines[-1] == f"……另有 {len(names) - shown} 人"
    assert grid.pixel_size() >= 22  # still readable from 5 metres
    for placed in grid.placed():
        assert placed.rect.right() < 520 and placed.rect.bottom() < 300
    grid.resize(1900, 1000)  # room enough: every name, no summing line
    assert grid.lines() == names
    assert all(p.rect.right() < 1900 and p.rect.bottom() < 1000 for p in grid.placed())
    wall.deleteLater()
