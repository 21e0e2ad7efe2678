"""The administrator's accounts page: list, add, edit, reset PIN, unlock, deactivate, idle lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from core.accounts import AccountService, LockedOutError, UnknownStaffError, WrongSecretError
from core.demo import DEMO_PIN
from core.staff_types import DUTY_TEACHER
from db.models import AuditEntry
from ui.accounts_dialogs import SecretDialog, StaffDialog
from ui.accounts_page import LOCKED_RED, AccountsPage
from ui.main_window import MainWindow


@pytest.fixture
def accounts(demo_services) -> AccountService:
    return demo_services.accounts


@pytest.fixture
def admin(accounts):
    return accounts.sign_in("A001", DEMO_PIN)


@pytest.fixture
def page(qtbot, accounts, admin) -> AccountsPage:
    widget = AccountsPage(accounts, admin)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def cell(page: AccountsPage, staff_no: str, column: int) -> str:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data() == staff_no:
            return page.proxy.index(row, column).data()
    raise AssertionError(f"{staff_no} not listed")


def select_staff(page: AccountsPage, staff_no: str) -> None:
    account = next(a for a in page.model.records() if a.staff_no == staff_no)
    page.select(account.id)
    assert page.selected() == account


def audit(services, action: str) -> list[AuditEntry]:
    with services._db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def lock_out(accounts: AccountService, staff_no: str) -> None:
    for _ in range(5):
        with pytest.raises((WrongSecretError, LockedOutError)):
            accounts.sign_in(staff_no, "9731")


def save_button(dialog) -> object:
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def test_lists_every_account_with_role_class_and_state_in_chinese(page):
    headers = [page.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["工号", "姓名", "角色", "班级", "状态", "登录"]
    assert page.proxy.rowCount() == 28
    assert [cell(page, "A001", c) for c in (1, 2, 3, 4, 5)] == [
        "周建华",
        "安全负责人",
        "",
        "在用",
        "可登录",
    ]
    assert (cell(page, "T001", 2), cell(page, "T001", 3)) == ("班主任", "一(1)班")
    assert cell(page, "D002", 2) == "值班教师"


def test_search_filters_by_staff_number(qtbot, page):
    qtbot.keyClicks(page.search, "d00")
    assert page.proxy.rowCount() == 3


def test_admin_adds_a_class_teacher_through_the_dialog(qtbot, page, accounts, demo_services):
    page.add_button.click()
    dialog = page.findChild(StaffDialog)
    assert dialog.isVisible() and dialog.windowTitle() == "添加账号"
    qtbot.keyClicks(dialog.staff_no_edit, "t100")
    dialog.name_edit.setText("新老师")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("班主任"))
    assert dialog.class_combo.isEnabled()
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("二(3)班"))
    qtbot.keyClicks(dialog.secret_edit, "4826")
    qtbot.keyClicks(dialog.repeat_edit, "4826")
    save_button(dialog).click()
    assert not dialog.isVisible()
    assert (cell(page, "T100", 1), cell(page, "T100", 3)) == ("新老师", "二(3)班")
    assert page.selected().staff_no == "T100"
    assert page.status_label.text() == "账号已添加。"
    assert accounts.sign_in("T100", "4826").name == "新老师"
    assert [e.actor for e in audit(demo_services, "staff.add")] == ["周建华(A001)"]


def test_add_dialog_keeps_errors_in_chinese_and_stays_open(qtbot, page):
    page.add_button.click()
    dialog = page.findChild(StaffDialog)
    qtbot.keyClicks(dialog.staff_no_edit, "T001")
    dialog.name_edit.setText("重复")
    qtbot.keyClicks(dialog.secret_edit, "0000")
    qtbot.keyClicks(dialog.repeat_edit, "0000")
    save_button(dialog).click()
    assert dialog.isVisible()
    assert "太容易被猜到" in dialog.error_label.text()
    for edit in (dialog.secret_edit, dialog.repeat_edit):
        edit.clear()
        qtbot.keyClicks(edit, "4826")
    save_button(dialog).click()
    assert dialog.error_label.text() == "工号 T001 已被使用。"
    dialog.repeat_edit.setText("4827")
    save_button(dialog).click()
    assert dialog.error_label.text() == "两次输入的内容不一致，请重新输入。"


def test_only_a_class_teacher_gets_a_class(qtbot, page):
    page.add_button.click()
    dialog = page.findChild(StaffDialog)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(DUTY_TEACHER))
    assert not dialog.class_combo.isEnabled()
    assert dialog.class_combo.currentText() == "（无）"


def test_edit_changes_the_name_but_never_the_staff_number(qtbot, page, accounts):
    select_staff(page, "T002")
    page.edit_button.click()
    dialog = page.findChild(StaffDialog)
    assert dialog.windowTitle() == "编辑账号"
    assert dialog.staff_no_edit.isReadOnly()
    assert dialog.class_combo.currentText() == "一(2)班"
    dialog.name_edit.setText("改名老师")
    save_button(dialog).click()
    assert not dialog.isVisible()
    assert cell(page, "T002", 1) == "改名老师"
    assert accounts.sign_in("T002", DEMO_PIN).name == "改名老师"


def test_locked_account_shows_red_until_unlocked(qtbot, page, accounts, demo_services):
    lock_out(accounts, "T004")
    page.refresh()
    assert cell(page, "T004", 5) == "已锁定至 15:55"
    select_staff(page, "T004")
    row = page.proxy.mapToSource(page.table.selectionModel().selectedRows()[0]).row()
    assert page.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color() == LOCKED_RED
    assert page.unlock_button.isEnabled()
    page.unlock_button.click()
    assert cell(page, "T004", 5) == "可登录"
    assert not page.unlock_button.isEnabled()
    assert [e.entity_id for e in audit(demo_services, "staff.unlock")] == ["T004"]
    assert accounts.sign_in("T004", DEMO_PIN).staff_no == "T004"


def test_reset_pin_sets_a_new_one(qtbot, page, accounts):
    lock_out(accounts, "T003")
    page.refresh()
    select_staff(page, "T003")
    page.secret_button.click()
    dialog = page.findChild(SecretDialog)
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.secret_edit, "1111")
    qtbot.keyClicks(dialog.repeat_edit, "1111")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and "太容易被猜到" in dialog.error_label.text()
    for edit in (dialog.secret_edit, dialog.repeat_edit):
        edit.clear()
        qtbot.keyClicks(edit, "campus-safe")
    save_button(dialog).click()
    assert not dialog.isVisible()
    assert cell(page, "T003", 5) == "可登录"
    assert "设置新的 PIN" in page.status_label.text()
    assert accounts.sign_in("T003", "campus-safe").staff_no == "T003"


def test_deactivate_and_reactivate_toggle(qtbot, page, accounts):
    select_staff(page, "D003")
    assert page.active_button.text() == "停用"
    page.active_button.click()
    assert cell(page, "D003", 4) == "已停用"
    assert page.active_button.text() == "重新启用"
    with pytest.raises(UnknownStaffError):
        accounts.sign_in("D003", DEMO_PIN)
    page.active_button.click()
    assert cell(page, "D003", 4) == "在用"
    assert accounts.sign_in("D003", DEMO_PIN).staff_no == "D003"


def test_own_account_cannot_be_deactivated(qtbot, page):
    select_staff(page, "A001")
    page.active_button.click()
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert boxes[0].text() == "不能停用自己的账号，也不能取消自己的管理员角色。"
    boxes[0].close()
    assert cell(page, "A001", 4) == "在用"


def test_idle_minutes_are_saved_for_every_station(qtbot, page, accounts, demo_services):
    assert page.idle_spin.value() == 5
    assert page.idle_spin.suffix() == " 分钟"
    page.idle_spin.setValue(8)
    with qtbot.waitSignal(page.idle_minutes_changed) as signal:
        page.idle_save_button.click()
    assert signal.args == [8]
    assert accounts.idle_lock_minutes() == 8
    assert page.idle_status.text() == "已保存。"
    assert [e.actor for e in audit(demo_services, "school.idle_lock")] == ["周建华(A001)"]


def test_main_window_applies_new_idle_minutes_at_once(qtbot, demo_services, admin):
    window = MainWindow(demo_services, admin)
    qtbot.addWidget(window)
    window.show()
    page = window.accounts_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    page.idle_spin.setValue(9)
    page.idle_save_button.click()
    assert window.idle_lock.timeout_ms == 9 * 60_000


def test_buttons_need_a_selection(page):
    assert page.selected() is None
    assert not page.edit_button.isEnabled()
    assert not page.secret_button.isEnabled()
    assert not page.unlock_button.isEnabled()
    assert page.add_button.isEnabled()
