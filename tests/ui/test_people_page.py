"""The authorized-adults page over the demo school: search, sections, dialogs, photo import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from core.people import PeopleService
from core.services import Services
from core.staff_types import StaffMember
from ui.people_page import PeoplePage


@pytest.fixture
def member(demo_services: Services) -> StaffMember:
    return demo_services.accounts.sign_in("A001", "1234")


@pytest.fixture
def people(demo_services: Services) -> PeopleService:
    return PeopleService(demo_services._db, demo_services.clock)


@pytest.fixture
def page(qtbot, people: PeopleService, member: StaffMember) -> PeoplePage:  # noqa: ANN001
    widget = PeoplePage(people, member)
    qtbot.addWidget(widget)
    widget.resize(1200, 650)
    widget.show()
    widget.refresh()
    return widget


def _first_pupil(people: PeopleService):  # noqa: ANN202
    return people.search("1")[0]


def _labels(page: PeoplePage, key: str) -> list[QLabel]:
    return page.sections[key].findChildren(QLabel)


def _texts(page: PeoplePage, key: str) -> str:
    return " ".join(label.text() for label in _labels(page, key))


def _choose(qtbot, page: PeoplePage, text: str) -> None:  # noqa: ANN001
    page.search.clear()
    qtbot.keyClicks(page.search, text)
    assert page.hits.count() >= 1
    page.hits.setCurrentRow(0)


def test_typing_initials_lists_pupils_with_class(qtbot, page: PeoplePage, people) -> None:  # noqa: ANN001
    pupil = _first_pupil(people)
    initials = min(__import__("core.pinyin_index").pinyin_index.name_keys(pupil.name).initials)
    qtbot.keyClicks(page.search, initials)
    rows = [page.hits.item(i).text() for i in range(page.hits.count())]
    assert any(pupil.name in r and pupil.class_name in r for r in rows)
    assert not page.hits.item(0).icon().isNull()  # a thumbnail or the placeholder


def test_selecting_a_hit_shows_the_four_sections(qtbot, page: PeoplePage, people) -> None:  # noqa: ANN001
    pupil = _first_pupil(people)
    _choose(qtbot, page, pupil.student_no)
    assert set(page.sections) == {"guardians", "proxies", "institutions", "restrictions"}
    card = people.pupil_card(pupil.student_id)
    for g in card.guardians:
        assert g.name in _texts(page, "guardians")
        assert (g.phone or "") in _texts(page, "guardians")  # full phone: safety officer


def test_add_proxy_through_the_dialog(qtbot, page: PeoplePage, people) -> None:  # noqa: ANN001
    pupil = _first_pupil(people)
    _choose(qtbot, page, pupil.student_no)
    dialog = page.add_proxy()
    dialog.fields.name_edit.setText("赵阿姨")  # keyClicks types ASCII only
    dialog.fields.relation_edit.setText("邻居")  # keyClicks types ASCII only
    dialog.save()
    assert dialog.isVisible()  # refused: nobody phoned it in
    assert dialog.error_label.isVisible()
    dialog.caller_edit.setText("王芳（母亲）")  # keyClicks types ASCII only
    dialog.note_edit.setText("微信截图")  # keyClicks types ASCII only
    dialog.save()
    assert not dialog.isVisible()
    assert "赵阿姨" in _texts(page, "proxies")
    assert [p.name for p in people.active_proxies(pupil.student_id, people.today())] == ["赵阿姨"]


def test_restriction_is_shown_in_red(qtbot, page: PeoplePage, people) -> None:  # noqa: ANN001
    pupil = _first_pupil(people)
    _choose(qtbot, page, pupil.student_no)
    dialog = page.add_restriction()
    dialog.name_edit.setText("李某")  # keyClicks types ASCII only
    dialog.court_check.setChecked(True)
    dialog.save()
    assert not dialog.isVisible()
    names = [lb for lb in _labels(page, "restrictions") if "李某" in lb.text()]
    assert names and "#b3261e" in names[0].text()
    assert "#b3261e" in page.sections["restrictions"].styleSheet()
    box = page.lift_restriction(people.pupil_card(pupil.student_id).restrictions[0].restriction_id)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert "李某" not in _texts(page, "restrictions")


def test_edit_shared_guardian_says_siblings_change_too(qtbot, page: PeoplePage, people) -> None:  # noqa: ANN001
    pupil = _first_pupil(people)
    _choose(qtbot, page, pupil.student_no)
    member = page._member
    sister = people.search("2")[-1]
    gid = people.add_guardian(member, pupil.student_id, "共同", "姑姑", "13500001234")
    people.add_guardian(member, sister.student_id, "共同", "姑姑", "13500001234")
    page.refresh()
    dialog = page.edit_guardian(gid)
    assert dialog.shared_hint is not None and sister.name in dialog.shared_hint.text()


def _write_png(path: Path, color: str) -> None:
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "PNG")


def test_import_photos_from_a_folder(qtbot, page: PeoplePage, people, tmp_path: Path) -> None:  # noqa: ANN001
    pupil = _first_pupil(people)
    guardian = people.pupil_card(pupil.student_id).guardians[0]
    _write_png(tmp_path / f"{pupil.student_no}.png", "#3366cc")
    _write_png(tmp_path / f"{guardian.phone}.PNG", "#cc6633")
    _write_png(tmp_path / "nobody.png", "#999999")
    report = page.import_photos_from(tmp_path)
    assert report is not None and len(report.matched) >= 2
    assert page.import_status.isVisible()
    assert "nobody.png" in page.import_status.text()
    _choose(qtbot, page, pupil.student_no)
    assert people.search(pupil.student_no)[0].has_photo
    pix = page.sections["guardians"].findChildren(QLabel, "personPhoto")[0].pixmap()
    assert not pix.isNull()
    assert QColor(pix.toImage().pixel(pix.width() // 2, pix.height() // 2)).name() == "#cc6633"


def test_add_institution_and_staff(qtbot, page: PeoplePage, people) -> None:  # noqa: ANN001
    # A pupil the demo's 阳光托管中心 does not collect, so the section starts empty.
    pupil = next(p for p in people.search("1") if not people.pupil_card(p.student_id).institutions)
    _choose(qtbot, page, pupil.student_no)
    assert "托管中心" not in _texts(page, "institutions")
    dialog = page.add_institution()
    assert dialog.combo.currentText() == "阳光托管中心"  # an existing one is offered first
    dialog.combo.setCurrentIndex(0)  # (new institution)
    dialog.name_edit.setText("小蜜蜂托管")  # keyClicks types ASCII only
    dialog.save()
    assert "小蜜蜂托管" in _texts(page, "institutions")
    inst = people.pupil_card(pupil.student_id).institutions[0]
    staff = page.add_staff(inst.institution_id)
    staff.name_edit.setText("周老师")  # keyClicks types ASCII only
    staff.save()
    assert "周老师" in _texts(page, "institutions")
    buttons = page.sections["institutions"].findChildren(QPushButton)
    assert len(buttons) >= 4  # add, add staff, remove institution, staff photo and remove
