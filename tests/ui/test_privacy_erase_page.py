"""The pupils page's 个人信息 action (R12): the safety officer's alone; export, guarded erase."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QPushButton

from core.account_rules import NotAllowedError
from core.privacy import PrivacyService
from core.services import Services
from core.staff_types import StaffMember
from ui.privacy_dialog import PrivacyDialog
from ui.students_page import StudentsPage

LEFT = Qt.MouseButton.LeftButton


def make_page(qtbot, services: Services, member: StaffMember, **kwargs) -> StudentsPage:  # noqa: ANN001
    privacy = PrivacyService(services._db, services.clock)
    page = StudentsPage(services, member.actor, member=member, privacy=privacy, **kwargs)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    return page


def select_first(page: StudentsPage, text: str) -> None:
    page.search.setText(text)
    index = page.proxy.index(0, 0)
    page.view.selectionModel().select(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def open_dialog(qtbot, page: StudentsPage) -> PrivacyDialog:  # noqa: ANN001
    assert page.privacy_button is not None and page.privacy_button.isEnabled()
    qtbot.mouseClick(page.privacy_button, LEFT)
    dialogs = page.findChildren(PrivacyDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    return dialogs[0]


@pytest.mark.parametrize("staff_no", ["D001", "T001"])
def test_only_the_safety_officer_sees_the_action(
    qtbot, demo_services: Services, staff_no: str
) -> None:  # noqa: ANN001
    # Other roles never get the pupils page at all (core.access.require_page) …
    member = demo_services.accounts.sign_in(staff_no, "1234")
    try:
        make_page(qtbot, demo_services, member)
    except NotAllowedError as exc:
        code = exc.code  # keep only the code: the half-built page goes with the traceback
    else:
        pytest.fail("the pupils page was built for a teacher")
    assert code == "page_not_allowed"
    # … and a page built without a signed-in member (the import dialog's use) has no action.
    bare = StudentsPage(demo_services, "本机")
    qtbot.addWidget(bare)
    assert bare.privacy_button is None
    assert not [b for b in bare.findChildren(QPushButton) if "个人信息" in b.text()]
    officer = make_page(qtbot, demo_services, demo_services.accounts.sign_in("A001", "1234"))
    assert officer.privacy_button is not None
    assert officer.privacy_button.text() == "个人信息…" and officer.privacy_button.isVisible()
    assert not officer.privacy_button.isEnabled()  # nothing selected yet
    select_first(officer, demo_services.students()[0].student_no)
    assert officer.privacy_button.isEnabled()


def test_the_confirmation_refuses_a_wrongly_typed_name_then_erases(
    qtbot, demo_services: Services
) -> None:  # noqa: ANN001
    officer = demo_services.accounts.sign_in("A001", "1234")
    pupil = demo_services.students()[0]
    page = make_page(qtbot, demo_services, officer)
    select_first(page, pupil.student_no)
    dialog = open_dialog(qtbot, page)
    assert dialog.who_label.text() == f"{pupil.name}（{pupil.student_no}），{pupil.class_name}"
    assert dialog.erase_button.text() == "删除个人信息"

    dialog.reason_edit.setText("监护人书面申请")  # keyClicks types ASCII only
    dialog.name_edit.setText(pupil.name + "某")
    qtbot.mouseClick(dialog.erase_button, LEFT)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == f"输入的姓名不是“{pupil.name}”，未删除任何信息。"
    assert pupil.name in [s.name for s in demo_services.students()]

    dialog.name_edit.setText(pupil.name)
    dialog.reason_edit.setText(f"{pupil.name}家长申请")
    qtbot.mouseClick(dialog.erase_button, LEFT)
    assert "不能包含该学生" in dialog.error_label.text()

    dialog.reason_edit.setText("监护人书面申请")
    qtbot.mouseClick(dialog.erase_button, LEFT)
    assert dialog.status_label.text().startswith("已删除。")
    assert not dialog.erase_button.isEnabled()
    shown = [page.model.row_record(r) for r in range(page.model.rowCount())]
    assert pupil.student_no not in [s.student_no for s in shown]
    assert "已删除学生" in [s.name for s in shown]


def test_the_export_goes_where_the_officer_says(
    qtbot, demo_services: Services, tmp_path: Path
) -> None:  # noqa: ANN001
    officer = demo_services.accounts.sign_in("A001", "1234")
    pupil = demo_services.students()[0]
    asked: list[str] = []

    def ask(_parent, _caption, suggested, _filters) -> str:  # noqa: ANN001
        asked.append(suggested)
        return str(tmp_path / "家长申请")  # no suffix typed: .zip

    page = make_page(qtbot, demo_services, officer, ask_path=ask)
    select_first(page, pupil.student_no)
    dialog = open_dialog(qtbot, page)
    qtbot.mouseClick(dialog.export_button, LEFT)
    out = tmp_path / "家长申请.zip"
    assert asked == [f"个人信息-{pupil.student_no}.zip"]
    assert dialog.status_label.text() == f"已导出到 {out}。"
    with zipfile.ZipFile(out) as z:
        assert json.loads(z.read("export.json"))["pupil"]["name"] == pupil.name
