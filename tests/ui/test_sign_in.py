"""Sign-in in front of the main window: keyboard path, lock-out, first run, roles, idle lock."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from core.access import PAGES, allowed_pages, may_open
from core.demo import DEMO_PIN
from core.staff_types import CLASS_TEACHER, DUTY_TEACHER, SAFETY_OFFICER, StaffMember
from db.models import AuditEntry
from tests.conftest import TEST_NOW
from ui.accounts_dialogs import StaffDialog
from ui.idle_lock import IdleLock
from ui.main_window import MainWindow

TODAY, PUPILS, SETTINGS, ACCOUNTS = "今日名单", "学生名单", "设置", "账号管理"
ATTENDANCE, CLUBS, COVERAGE, SAFETY = "考勤点名", "走班社团", "值班看护", "安全记录"
TEACHER = [TODAY, ATTENDANCE, CLUBS, COVERAGE, SAFETY]
GATE, BOARD, PEOPLE, CARDS = "接领交接", "放学看板", "接送授权", "接送卡"
LOG = "看管记录"
DUTY = [TODAY, GATE, BOARD, LOG, COVERAGE, SAFETY]
OFFICER = [
    TODAY,
    GATE,
    BOARD,
    LOG,
    ATTENDANCE,
    CLUBS,
    COVERAGE,
    SAFETY,
    PUPILS,
    PEOPLE,
    CARDS,
    SETTINGS,
    ACCOUNTS,
]


def open_window(qtbot, services, member=None) -> MainWindow:
    window = MainWindow(services, member)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def type_sign_in(qtbot, window: MainWindow, staff_no: str, secret: str) -> None:
    """What a teacher does: staff number, Tab, PIN, Enter, into whatever has the focus."""
    page = window.sign_in_page
    page.staff_no_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.staff_no_edit)
    page.staff_no_edit.selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), staff_no)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.secret_edit
    qtbot.keyClicks(QApplication.focusWidget(), secret)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def nav_labels(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def audit_actors(services, action: str) -> list[str]:
    with services._db.read() as s:
        return list(s.scalars(select(AuditEntry.actor).where(AuditEntry.action == action)))


# --- the sign-in screen ---


def test_demo_window_opens_on_the_sign_in_screen_with_the_demo_accounts(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    page = window.sign_in_page
    assert window.screens.currentWidget() is page
    assert not page.first_run
    assert page.demo_hint.isVisible()
    assert page.demo_hint.text() == (
        "演示账号：班主任 T001 / 安全负责人 A001 / 值班教师 D001，PIN 均为 1234。"
    )
    assert window.nav.count() == 0 and window.member is None
    assert not window.sign_out_button.isVisible()
    assert QApplication.focusWidget() is page.staff_no_edit


def test_class_teacher_signs_in_by_keyboard(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, "T001", DEMO_PIN)
    assert window.screens.currentWidget() is window.app_view
    assert window.member is not None and window.member.staff_no == "T001"
    assert window.member_label.text() == f"{window.member.name}（班主任）"
    assert window.sign_out_button.isVisible() and window.sign_out_button.text() == "退出登录"
    assert window.sign_in_page.secret_edit.text() == ""


def test_wrong_pin_and_unknown_staff_get_the_same_chinese_message(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    error = window.sign_in_page.error_label
    type_sign_in(qtbot, window, "T001", "9731")
    assert error.isVisible()
    known = error.text()
    assert known == "工号或 PIN／密码不正确。再输错 4 次，账号将被暂时锁定。"
    type_sign_in(qtbot, window, "X999", "9731")
    assert error.text() == known
    assert window.screens.currentWidget() is window.sign_in_page
    assert QApplication.focusWidget() is window.sign_in_page.secret_edit


def test_empty_fields_ask_for_staff_number_and_pin(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    window.sign_in_page.sign_in_button.click()
    assert window.sign_in_page.error_label.text() == "请输入工号和 PIN 或密码。"


def test_five_wrong_tries_lock_until_the_time_has_passed(qtbot, demo_services, clock):
    window = open_window(qtbot, demo_services)
    error = window.sign_in_page.error_label
    for _ in range(5):
        type_sign_in(qtbot, window, "D001", "9731")
    assert error.text().startswith("输错次数过多，已暂停登录至 15:55")
    type_sign_in(qtbot, window, "D001", DEMO_PIN)
    assert window.screens.currentWidget() is window.sign_in_page
    assert "15:55" in error.text()
    clock.set(TEST_NOW + dt.timedelta(minutes=15))
    type_sign_in(qtbot, window, "D001", DEMO_PIN)
    assert window.screens.currentWidget() is window.app_view
    assert window.member is not None and window.member.role == DUTY_TEACHER


# --- first run ---


def test_first_run_creates_the_administrator_and_signs_in(qtbot, services):
    window = open_window(qtbot, services)
    page = window.sign_in_page
    assert page.first_run and page.admin_no_edit.isVisible()
    assert not page.staff_no_edit.isVisible()
    assert not page.demo_hint.isVisible()
    qtbot.keyClicks(page.admin_no_edit, "A001")
    page.admin_name_edit.setText("李安全")  # Chinese comes through the input method, not keys
    qtbot.keyClicks(page.admin_secret_edit, "1234")
    qtbot.keyClicks(page.admin_repeat_edit, "1235")
    qtbot.keyClick(page.admin_repeat_edit, Qt.Key.Key_Return)
    assert page.setup_error_label.text() == "两次输入的内容不一致，请重新输入。"
    qtbot.keyClicks(page.admin_repeat_edit, "1234")
    page.create_button.click()
    assert "太容易被猜到" in page.setup_error_label.text()
    assert not services.accounts.has_admin()
    for edit in (page.admin_secret_edit, page.admin_repeat_edit):
        edit.clear()
        qtbot.keyClicks(edit, "5813")
    page.create_button.click()
    assert services.accounts.has_admin()
    assert window.screens.currentWidget() is window.app_view
    assert window.member_label.text() == "李安全（安全负责人）"
    assert nav_labels(window) == OFFICER
    assert audit_actors(services, "staff.create_admin") == ["李安全(A001)"]
    window.sign_out_button.click()
    assert not page.first_run and page.staff_no_edit.isVisible()


# --- roles and pages ---


@pytest.mark.parametrize(
    ("staff_no", "labels"),
    [
        ("T001", TEACHER),
        ("D001", DUTY),
        ("A001", OFFICER),
    ],
)
def test_navigation_shows_only_the_pages_of_the_role(qtbot, demo_services, staff_no, labels):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, staff_no, DEMO_PIN)
    assert nav_labels(window) == labels
    assert window.pages.count() == len(labels)
    if staff_no != "A001":
        assert window.students_page is None and window.accounts_page is None


def test_class_teacher_cannot_open_the_import_of_an_empty_school(qtbot, services):
    admin = services.accounts.create_admin("A001", "李安全", "5813")
    services.accounts.add_staff(admin, "T001", "王芳", CLASS_TEACHER, "4826")
    window = open_window(qtbot, services)
    type_sign_in(qtbot, window, "T001", "4826")
    assert window.today_page.import_button.isVisible()
    window.today_page.import_button.click()
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == ["只有安全负责人可以导入学生名单，请联系安全负责人。"]
    assert window.students_page is None
    boxes[0].close()


def test_allowed_pages_per_role():
    def member(role: str) -> StaffMember:
        return StaffMember(1, "X1", "某", role)

    assert allowed_pages(member(CLASS_TEACHER)) == [
        "today",
        "attendance",
        "clubs",
        "coverage",
        "safety",
    ]
    assert allowed_pages(member(DUTY_TEACHER)) == [
        "today",
        "gate",
        "dismissal",
        "log",
        "coverage",
        "safety",
    ]
    assert allowed_pages(member(SAFETY_OFFICER)) == list(PAGES)
    assert allowed_pages(None) == []
    assert not may_open(member(DUTY_TEACHER), "pupils")
    assert may_open(member(SAFETY_OFFICER), "accounts")
    assert not may_open(member(SAFETY_OFFICER), "no-such-page")


def test_pages_record_the_signed_in_member(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, "A001", DEMO_PIN)
    settings = window.settings_page
    assert settings is not None
    window.nav.setCurrentRow(window.pages.indexOf(settings))
    settings.grace_tab.grace_spin.setValue(15)
    settings.grace_tab.save_button.click()
    assert audit_actors(demo_services, "school.grace") == ["周建华(A001)"]


def test_sign_out_returns_to_an_empty_sign_in(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, "A001", DEMO_PIN)
    window.sign_out_button.click()
    assert window.screens.currentWidget() is window.sign_in_page
    assert window.member is None and window.nav.count() == 0
    assert window.sign_in_page.staff_no_edit.text() == ""
    assert not window.idle_lock.running


# --- idle lock ---


def test_idle_lock_uses_the_school_setting(qtbot, demo_services):
    admin = demo_services.accounts.sign_in("A001", DEMO_PIN)
    demo_services.accounts.set_idle_lock_minutes(admin, 7)
    window = open_window(qtbot, demo_services, admin)
    assert window.idle_lock.running and window.idle_lock.timeout_ms == 7 * 60_000


def test_idle_station_locks_and_the_same_person_resumes(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, "A001", DEMO_PIN)
    settings = window.settings_page
    window.nav.setCurrentRow(window.pages.indexOf(settings))
    window.idle_lock.set_timeout_ms(150)
    with qtbot.waitSignal(window.idle_lock.idle_timeout, timeout=5000):
        pass
    page = window.sign_in_page
    assert window.screens.currentWidget() is page
    assert page.lock_notice.isVisible() and "自动锁定" in page.lock_notice.text()
    assert page.staff_no_edit.text() == "A001"
    assert QApplication.focusWidget() is page.secret_edit
    assert not window.member_label.isVisible()
    qtbot.keyClicks(page.secret_edit, DEMO_PIN)
    qtbot.keyClick(page.secret_edit, Qt.Key.Key_Return)
    assert window.screens.currentWidget() is window.app_view
    assert window.pages.currentWidget() is settings  # left as it was


def test_another_person_after_the_lock_gets_their_own_pages(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, "A001", DEMO_PIN)
    window.accounts_page.add_button.click()
    dialog = window.accounts_page.findChild(StaffDialog)
    assert dialog.isVisible()
    window.idle_lock.set_timeout_ms(100)
    with qtbot.waitSignal(window.idle_lock.idle_timeout, timeout=5000):
        pass
    assert not dialog.isVisible()  # nothing the admin had open stays on the screen
    type_sign_in(qtbot, window, "T002", DEMO_PIN)
    assert nav_labels(window) == TEACHER
    assert window.member is not None and window.member.staff_no == "T002"


def test_a_role_changed_meanwhile_rebuilds_the_pages(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, "T001", DEMO_PIN)
    assert nav_labels(window) == TEACHER
    window.lock()
    accounts = demo_services.accounts
    admin = accounts.sign_in("A001", DEMO_PIN)
    t001 = next(a for a in accounts.list_staff() if a.staff_no == "T001")
    accounts.update_staff(admin, t001.id, t001.name, SAFETY_OFFICER)
    type_sign_in(qtbot, window, "T001", DEMO_PIN)
    assert nav_labels(window) == OFFICER


def test_input_keeps_the_station_unlocked(qtbot, demo_services):
    window = open_window(qtbot, demo_services)
    type_sign_in(qtbot, window, "T001", DEMO_PIN)
    window.idle_lock.set_timeout_ms(1000)
    window.idle_lock.start()
    for _ in range(25):
        qtbot.wait(100)
        qtbot.mouseMove(window.nav, window.nav.rect().center())
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.screens.currentWidget() is window.app_view
    qtbot.waitUntil(lambda: window.screens.currentWidget() is window.sign_in_page, timeout=5000)


def test_idle_lock_signals_once_and_stops(qtbot, qapp):
    lock = IdleLock(qapp)
    lock.set_timeout_ms(50)
    lock.start()
    with qtbot.waitSignal(lock.idle_timeout, timeout=3000):
        pass
    assert not lock.running
    with qtbot.assertNotEmitted(lock.idle_timeout, wait=200):
        pass
