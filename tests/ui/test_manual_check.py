"""The identity check without a card (R3): find the child, pick the adult, a reason to release."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from core.cards import HolderRef
from core.pinyin_index import name_keys
from core.verdict_types import CardVerdict
from tests.ui.verdict_school import GRANDMA, GateSchool, gate_school
from ui.manual_check import ManualCheckDialog
from ui.manual_check_parts import REFUSE, Adult
from ui.photo_label import clear_cache


@pytest.fixture
def school(demo_services, clock, tmp_path, monkeypatch) -> GateSchool:  # noqa: ANN001
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    clear_cache()
    return gate_school(demo_services, clock)


@pytest.fixture
def pupil(school: GateSchool):  # noqa: ANN201
    """A present pupil on today's list whose grandma has no card with her."""
    p = school.pupils(1)[0]
    school.family([p])
    school.present(p.student_id)
    return p


def _dialog(qtbot, school: GateSchool, verdicts=None) -> ManualCheckDialog:  # noqa: ANN001
    dialog = ManualCheckDialog(school.services.people, verdicts or school.services.verdict, "东门")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _adults(dialog: ManualCheckDialog) -> list[object]:
    return [
        dialog.adults.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.adults.count())
    ]


def _pick(dialog: ManualCheckDialog, name: str) -> None:
    row = next(i for i, a in enumerate(_adults(dialog)) if isinstance(a, Adult) and a.name == name)
    dialog.adults.setCurrentRow(row)


def _find(qtbot, dialog: ManualCheckDialog, text: str) -> None:  # noqa: ANN001
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, text)


def test_pinyin_initials_find_the_pupil_and_show_the_adults(qtbot, school, pupil) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, school)
    initials = min(name_keys(pupil.name).initials)

    _find(qtbot, dialog, initials)

    ids = [dialog.hits.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.hits.count())]
    assert pupil.student_id in ids
    dialog.hits.setCurrentRow(ids.index(pupil.student_id))
    assert dialog.pupil.name_label.text() == pupil.name
    adults = [a for a in _adults(dialog) if isinstance(a, Adult)]
    assert GRANDMA[0] in [a.name for a in adults]
    grandma = next(a for a in adults if a.name == GRANDMA[0])
    assert grandma.phone_masked == "139****1111"  # R12: never the full number
    assert _adults(dialog)[-1] == REFUSE


def test_picking_a_guardian_gives_an_identity_check_verdict(qtbot, school, pupil) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, school)
    _find(qtbot, dialog, pupil.student_no)
    _pick(dialog, GRANDMA[0])

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)

    verdict = dialog.chosen_verdict
    assert isinstance(verdict, CardVerdict)
    assert verdict.identity_check and verdict.station == "东门"
    assert verdict.holder is not None and verdict.holder.name == GRANDMA[0]
    assert [c.student_id for c in verdict.children] == [pupil.student_id]
    assert dialog.stack.currentIndex() == 1
    assert dialog.panel.rows[0].child.student_id == pupil.student_id


def test_release_needs_a_reason(qtbot, school, pupil) -> None:  # noqa: ANN001
    school.at("17:40")
    dialog = _dialog(qtbot, school)
    _find(qtbot, dialog, pupil.student_no)
    _pick(dialog, GRANDMA[0])
    dialog.check_chosen()
    assert dialog.chosen_verdict is not None and dialog.chosen_verdict.ok

    assert not dialog.release_button.isEnabled()
    assert dialog.why.isVisible()
    qtbot.keyClicks(dialog.reason_box.edit, "   ")
    assert not dialog.release_button.isEnabled()
    qtbot.mouseClick(dialog.reason_box.preset_buttons[0], Qt.MouseButton.LeftButton)
    assert dialog.release_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.student_ids == [pupil.student_id]
    assert dialog.reason == dialog.reason_box.preset_buttons[0].text()


def test_do_not_release_list_is_shown_in_red_and_cannot_be_picked(qtbot, school, pupil) -> None:  # noqa: ANN001
    school.services.people.add_restriction(
        school.officer, pupil.student_id, "李某", phone="13700009999", note="法院禁令"
    )
    dialog = _dialog(qtbot, school)

    _find(qtbot, dialog, pupil.student_no)

    assert dialog.restrictions.isVisible()
    assert dialog.restrictions.names == ["李某"]
    assert "李某" not in [a.name for a in _adults(dialog) if isinstance(a, Adult)]
    shown = " ".join(w.text() for w in dialog.restrictions.findChildren(type(dialog.why)))
    assert "137****9999" in shown and "13700009999" not in shown


def test_a_restricted_adult_can_never_be_released(qtbot, school, pupil) -> None:  # noqa: ANN001
    school.at("17:40")
    school.services.people.add_restriction(school.officer, pupil.student_id, GRANDMA[0])
    dialog = _dialog(qtbot, school)
    _find(qtbot, dialog, pupil.student_no)
    _pick(dialog, GRANDMA[0])

    dialog.check_chosen()
    dialog.reason_box.set_reason("已核对身份证")

    assert dialog.chosen_verdict is not None and dialog.chosen_verdict.alert
    assert not dialog.release_button.isEnabled()
    assert not dialog.reason_area.isVisible()
    assert dialog.why.isVisible() and dialog.why.text()
    assert dialog.panel.band.property("state") in ("alert", "alert2")
    dialog.release()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_a_not_authorized_adult_cannot_be_released(qtbot, school, pupil) -> None:  # noqa: ANN001
    school.at("17:40")
    stranger_of = school.pupils(2)[1]  # an adult of another family
    other = school.family([stranger_of], ("赵刚", "父亲", "13800004444"))
    real = school.services.verdict

    class Stranger:
        def check_person(
            self,
            student_id: int,
            person: HolderRef,
            at: dt.datetime | None = None,
            station: str = "",
        ) -> CardVerdict:
            return real.check_person(student_id, other, at, station)

    dialog = _dialog(qtbot, school, Stranger())
    _find(qtbot, dialog, pupil.student_no)
    dialog.check_chosen()
    dialog.reason_box.set_reason("已核对身份证")

    assert dialog.chosen_verdict is not None
    assert dialog.chosen_verdict.verdict == "not_authorized"
    assert not dialog.release_button.isEnabled()
    assert dialog.why.text()


def test_none_of_them_refuses(qtbot, school, pupil) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, school)
    _find(qtbot, dialog, pupil.student_no)
    dialog.adults.setCurrentRow(dialog.adults.count() - 1)

    dialog.check_chosen()

    assert dialog.chosen_verdict is None
    assert dialog.panel.band.property("state") == "refused"
    assert not dialog.release_button.isEnabled() and not dialog.reason_area.isVisible()


def test_the_whole_check_works_with_the_keyboard_alone(qtbot, school, pupil) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, school)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.search.hasFocus)

    qtbot.keyClicks(dialog.search, pupil.student_no)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.hits.hasFocus() and dialog.pupil.name_label.text() == pupil.name
    qtbot.keyClick(dialog.hits, Qt.Key.Key_Return)
    assert dialog.adults.hasFocus()
    while not isinstance(dialog.adults.currentItem().data(Qt.ItemDataRole.UserRole), Adult) or (
        dialog.adults.currentItem().data(Qt.ItemDataRole.UserRole).name != GRANDMA[0]
    ):
        qtbot.keyClick(dialog.adults, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.adults, Qt.Key.Key_Return)
    assert dialog.stack.currentIndex() == 1 and dialog.reason_box.edit.hasFocus()
    qtbot.keyClick(dialog.reason_box.edit, Qt.Key.Key_Escape)
    assert dialog.stack.currentIndex() == 0  # Escape goes back, it does not close
    qtbot.keyClick(dialog.adults, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.reason_box.edit, "ID card checked")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.reason_box.edit, Qt.Key.Key_Return)

    assert dialog.chosen_verdict is not None and dialog.chosen_verdict.identity_check
    assert dialog.reason == "ID card checked"
    assert dialog.student_ids == [pupil.student_id]
