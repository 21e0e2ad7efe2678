"""The main window: Chinese navigation of working pages, the simulated-clock banner, wiring.

Sign-in itself, idle lock and role filtering are in test_sign_in.py.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from core.clock import SimulatedClock
from core.demo import DEMO_PIN
from core.services import build_services
from tests.data.roster_files import write_xlsx
from ui.import_dialog import ImportDialog
from ui.main_window import MainWindow


class WallClock(SimulatedClock):
    """A clock that claims to be real, to see the window without the banner."""

    simulated = False


def window_for(qtbot, services, member=None) -> MainWindow:
    window = MainWindow(services, member)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def test_navigation_lists_the_working_pages_in_chinese(qtbot, demo_services):
    admin = demo_services.accounts.sign_in("A001", DEMO_PIN)
    window = window_for(qtbot, demo_services, admin)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == [
        "今日名单",
        "接领交接",
        "放学看板",
        "看管记录",
        "考勤点名",
        "走班社团",
        "值班看护",
        "安全记录",
        "学生名单",
        "接送授权",
        "接送卡",
        "设置",
        "账号管理",
    ]
    assert window.windowTitle() == "课后服务考勤与接领交接"
    window.nav.setCurrentRow(labels.index("学生名单"))
    assert window.pages.currentWidget() is window.students_page
    assert window.students_page.model.rowCount() == len(demo_services.students())


def test_a_duty_teacher_starts_at_the_gate(qtbot, demo_services):
    duty = demo_services.accounts.sign_in("D001", DEMO_PIN)
    window = window_for(qtbot, demo_services, duty)

    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "今日名单",
        "接领交接",
        "放学看板",
        "看管记录",
        "值班看护",
        "安全记录",
    ]
    assert window.pages.currentWidget() is window.gate_page


def _all_present(services, member, day: dt.date) -> None:
    for ref in services.attendance.classes():
        services.attendance.mark_all_present(ref.id, day, member)


def test_unaccompanied_children_alert_the_duty_station_on_any_page(qtbot, demo_services, clock):
    duty = demo_services.accounts.sign_in("D001", DEMO_PIN)
    officer = demo_services.accounts.sign_in("A001", DEMO_PIN)
    day = clock.now().date()
    _all_present(demo_services, officer, day)
    window = window_for(qtbot, demo_services, duty)
    window.monitor.sounds.muted = True
    assert window.monitor.running and not window.alert_banner.isVisible()

    # Grades 1-2 leave at 17:10; with the 10 min grace they are flagged at 17:20.
    clock.set(dt.datetime.combine(day, dt.time(17, 21)))
    window.monitor.refresh()
    assert window.pages.currentWidget() is window.gate_page  # still at the gate
    assert window.alert_banner.isVisible()
    assert "无人接领" in window.alert_banner.summary(list(window.monitor.board.flagged), [])
    window.alert_banner.open_board.emit()
    assert window.pages.currentWidget() is window.page("dismissal")
    assert not window.alert_banner.isVisible()  # the board's own bar says it

    window.sign_out()
    assert not window.monitor.running and not window.alert_banner.isVisible()


def test_a_class_teacher_gets_no_gate_alerts(qtbot, demo_services, clock):
    teacher = demo_services.accounts.sign_in("T001", DEMO_PIN)
    window = window_for(qtbot, demo_services, teacher)
    assert window.page("dismissal") is None
    assert not window.monitor.running


def test_demo_school_says_its_clock_is_simulated(qtbot, demo_services):
    window = window_for(qtbot, demo_services)
    assert window.sim_banner.isVisible()
    assert "演示学校" in window.sim_banner.text()
    assert "模拟" in window.clock_label.text()
    assert "2026年12月1日 周二  15:40" in window.clock_label.text()
    assert window.school_label.text() == "湖塘桥第二实验小学（演示）"


def test_real_clock_shows_no_banner(qtbot, db):
    services = build_services(db, WallClock(dt.datetime(2026, 12, 1, 15, 40), advancing=False))
    window = window_for(qtbot, services)
    assert not window.sim_banner.isVisible()
    assert "模拟" not in window.clock_label.text()


def test_an_import_shows_up_on_the_today_page(qtbot, services, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    admin = services.accounts.create_admin("A001", "李安全", "5813")
    window = window_for(qtbot, services, admin)
    assert window.today_page.import_button.isVisible()
    window.today_page.import_button.click()
    assert window.pages.currentWidget() is window.students_page
    dialogs = window.students_page.findChildren(ImportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialog = dialogs[0]
    path = write_xlsx(tmp_path / "l.xlsx", [["学号", "姓名", "班级"], ["1", "张三", "一(1)班"]])
    dialog.load_file(path)
    dialog.import_button.click()
    assert window.students_page.model.rowCount() == 1
    assert window.today_page.class_model.rowCount() == 1
    assert window.today_page.class_model.index(0, 0).data() == "一(1)班"
