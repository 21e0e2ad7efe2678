"""The safety officer's pickup-card page: issue and print, look up a pupil, reissue and revoke."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from core.cards import CardSelection
from ui.cards_page import CardsPage


@pytest.fixture
def page(qtbot, demo_services, tmp_path, monkeypatch):
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    officer = demo_services.accounts.sign_in("A001", "1234")
    widget = CardsPage(
        lambda: demo_services.cards,
        demo_services.people,
        lambda: [c.name for c in demo_services.attendance.classes()],
        officer,
    )
    qtbot.addWidget(widget)
    widget.resize(1200, 650)
    widget.show()
    widget.refresh()
    return widget


def first_enrolled(demo_services):
    return next(s for s in demo_services.students() if s.after_school and s.guardians)


def test_printing_a_class_issues_missing_cards_and_opens_the_preview(page, demo_services):
    page.scope_class.setChecked(True)
    page.class_combo.setCurrentText("三(2)班")
    dialog = page.print_cards()
    assert dialog is not None and dialog.isVisible()
    printed = demo_services.cards.printable(CardSelection(class_name="三(2)班"))
    assert printed, "the class has enrolled pupils with guardians"
    assert page.status.text() == f"已准备 {len(printed)} 张接送卡（新发 {len(printed)} 张）。"
    again = page.print_cards()
    assert again is not None
    assert page.status.text() == f"已准备 {len(printed)} 张接送卡（新发 0 张）。"


def test_lost_card_is_reissued_with_a_new_version_and_can_be_revoked(
    page, demo_services, monkeypatch
):
    pupil = first_enrolled(demo_services)
    page.scope_pupil.setChecked(True)
    page.pupil_edit.setText(pupil.student_no)
    page.print_cards()
    page.lookup_edit.setText(pupil.student_no)
    page.look_up()
    assert page.model.rowCount() == len(pupil.guardians)
    assert page.model.index(0, 3).data() == "1"
    assert page.model.index(0, 5).data() == "有效"
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("12月1日遗失", True))
    page.reissue_selected()
    assert page.model.index(0, 3).data() == "2"
    page.revoke_selected()
    assert page.model.index(0, 5).data() == "无有效卡"
    assert not page.reissue_button.isEnabled()


def test_unknown_class_is_explained_in_chinese(page, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("ui.cards_page.warn", lambda _p, _t, text: shown.append(text))
    page.scope_class.setChecked(True)
    page.class_combo.setCurrentText("九(9)班")
    assert page.print_cards() is None
    assert shown == ["没有这个班级或学生。"]
