"""The dismissal board as a duty teacher sees it: countdowns, flags, calls, custody, transfers."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from core.dismissal_types import CUSTODY, FLAGGED, HANDED_OVER, SELF_RELEASED
from core.staff_types import StaffMember
from tests.ui.verdict_school import DAY, GateSchool, gate_school
from ui.dismissal_model import CLASS, CLOCK, DETAIL, DUTY, NAME, STATE
from ui.dismissal_page import DismissalPage

FIRST_CLASS = (1, 1)  # 一(1)班: band 一、二年级, dismissal 17:10, flagged from 17:20


@pytest.fixture
def school(demo_services, clock, monkeypatch, tmp_path) -> GateSchool:
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    return gate_school(demo_services, clock)


@pytest.fixture
def duty(school) -> StaffMember:
    return school.services.accounts.sign_in("D001", "1234")


def make_page(qtbot, school, duty) -> DismissalPage:
    page = DismissalPage(school.services, duty, station="东门")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    return page


def class_present(school: GateSchool, grade: int, class_no: int) -> list[int]:
    """Roll call of one class, everybody present; returns their ids."""
    school.services.attendance.mark_all_present((grade, class_no), DAY, school.officer)
    band = next(
        b
        for b in school.services.today.overview(DAY).bands
        if b.day.band.grade_from <= grade and grade <= b.day.band.grade_to
    )
    cls = next(c for c in band.classes if (c.grade, c.class_no) == (grade, class_no))
    return [p.student_id for p in cls.expected]


def row_of(page: DismissalPage, student_id: int) -> int:
    ids = [c.student_id for c in page.visible_children()]
    return ids.index(student_id)


def cell(page: DismissalPage, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(row, column).data(role)


def hand_over(school: GateSchool, student_id: int) -> None:
    """Grandma shows her card at the east gate and the teacher confirms."""
    pupils = [
        p
        for band in school.services.today.overview(DAY).bands
        for cls in band.classes
        for p in cls.expected
        if p.student_id == student_id
    ]
    holder = school.family(pupils)
    verdict = school.scan(school.token(holder))
    duty = school.services.accounts.sign_in("D001", "1234")
    school.services.handoffs.record(verdict, [student_id], duty, station="东门")


def test_countdown_runs_before_dismissal_and_counts_minutes_after(qtbot, school, duty):
    page = make_page(qtbot, school, duty)
    assert [c.title.text() for c in page.cards] == ["一、二年级", "三、四年级", "五、六年级"]
    assert page.cards[0].time.text() == "放学 17:10"
    assert page.cards[0].countdown.text() == "距放学 1:30:00"
    school.at("17:05")
    page.tick()  # only the clock moved: no new board needed for the countdown
    assert page.cards[0].countdown.text() == "距放学 05:00"
    school.at("17:13")
    page.refresh()
    assert page.cards[0].countdown.text() == "已放学 3 分钟"
    assert page.cards[1].countdown.text() == "距放学 07:00"


def test_flagged_child_is_red_first_with_the_escalation_step(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    page = make_page(qtbot, school, duty)
    school.at("17:27")
    page.refresh()
    first = page.visible_children()[0]
    assert first.state == FLAGGED and first.student_id in ids
    assert cell(page, 0, STATE) == "无人接领"
    assert cell(page, 0, CLOCK) == "已 7 分钟 · 应：联系家长"
    assert cell(page, 0, STATE, Qt.ItemDataRole.BackgroundRole).color() == QColor("#fde2e1")
    assert page.cards[0].countdown.text() == f"无人接领 {len(ids)} 人"
    assert page.banner.isVisible() or not page.banner.isHidden()
    assert f"无人接领：{len(ids)} 名学生" in page.banner.text()
    school.at("17:36")
    page.tick()  # the clock column moves on between reads
    assert cell(page, 0, CLOCK) == "已 16 分钟 · 应：转留校看护"


def test_before_flag_time_children_wait_without_a_clock(qtbot, school, duty):
    class_present(school, *FIRST_CLASS)
    school.at("17:15")
    page = make_page(qtbot, school, duty)
    assert cell(page, 0, STATE) == "待接"
    assert cell(page, 0, CLOCK) == ""
    assert page.banner.isHidden()


def test_filters_by_state_and_class_and_name(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    school.at("17:15")
    hand_over(school, ids[0])
    page = make_page(qtbot, school, duty)
    page.set_state_filter(HANDED_OVER)
    shown = page.visible_children()
    assert [c.student_id for c in shown] == [ids[0]]
    assert cell(page, 0, DETAIL).startswith("17:15 由 王桂英（奶奶）接走 · 东门")
    page.set_state_filter("still")
    assert {c.student_id for c in page.visible_children()} == set(ids[1:])
    page.set_state_filter(None)
    page.set_class_filter("一(2)班")
    assert {c.class_name for c in page.visible_children()} == {"一(2)班"}
    page.set_class_filter(None)
    name = page.board.child(ids[1]).name
    page.search.setText(name)
    assert name in [c.name for c in page.visible_children()]
    assert all(name in c.name for c in page.visible_children())


def test_logging_a_call_shows_in_the_panel_and_the_list(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    school.at("17:26")
    page = make_page(qtbot, school, duty)
    assert page.select(ids[0])
    detail = page.panel.detail
    assert detail is not None and detail.guardians
    guardian = detail.guardians[0]
    assert guardian.phone in page.panel.guardians.text()  # in full: the teacher dials it
    page.panel.callee.setCurrentIndex(0)
    page.panel.note.setText("再打一次")
    qtbot.mouseClick(page.panel.result_buttons["no_answer"], Qt.MouseButton.LeftButton)
    calls = [page.panel.calls.item(i).text() for i in range(page.panel.calls.count())]
    assert calls[0].startswith(f"17:26 {guardian.name}（{guardian.relation}）：未接通 · 再打一次")
    assert page.selected_id() == ids[0]  # the selection survived the refresh
    # The row itself names whom to ring, in full, then the last call.
    row_detail = cell(page, row_of(page, ids[0]), DETAIL)
    assert row_detail.startswith(f"{guardian.name}（{guardian.relation}）{guardian.phone}")
    assert "最近联系：17:26" in row_detail
    assert page.panel.note.text() == ""


def test_custody_moves_the_child_to_a_named_teacher(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    school.at("17:36")
    page = make_page(qtbot, school, duty)
    page.select(ids[0])
    page.open_custody()
    dialog = page.custody_dialog
    assert dialog is not None and dialog.teacher_id() == duty.id  # the duty teacher by default
    dialog.accept()
    child = page.board.child(ids[0])
    assert child.state == CUSTODY
    row = row_of(page, ids[0])
    assert cell(page, row, STATE) == "留校看护"
    assert cell(page, row, DETAIL) == f"留校看护：{duty.name} 17:36 · {child.phones}"
    assert child.phones  # the teacher keeping the child still rings the family
    assert "留校看护 1" in page.cards[0].counts.text()


def test_custody_before_dismissal_says_why_in_chinese(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    school.at("16:00")
    page = make_page(qtbot, school, duty)
    assert not page.take_custody(ids[0], duty.id)
    assert "还没到" in page.error_box.text()
    page.error_box.close()


def test_self_release_lists_the_band_and_records_the_ticked(qtbot, school, duty):
    services = school.services
    for class_no in (1, 2, 3, 4):
        class_present(school, 5, class_no)
        class_present(school, 6, class_no)
    page = make_page(qtbot, school, duty)
    band = page.board.waves[2]
    school.at("17:20")
    page.open_self_release()
    dialog = page.self_release_dialog
    dialog.band.setCurrentIndex(dialog.band.findData(band.band_id))
    candidates = services.dismissal.self_release_list(band.band_id)
    eligible = [c.student_id for c in candidates if c.eligible]
    assert eligible and dialog.ticked() == eligible
    dialog.confirm()
    assert "还没到" in dialog.message.text()  # before 17:30 core refuses: too_early
    school.at("17:31")
    dialog.confirm()
    assert dialog.message.text().startswith(f"已记录 {len(eligible)} 名学生自行离校")
    for sid in eligible:
        assert page.board.child(sid).state == SELF_RELEASED
    assert cell(page, row_of(page, eligible[0]), DETAIL) == "自行离校 17:31"
    dialog.close()


def test_ineligible_self_release_children_are_greyed_with_why(qtbot, school, duty):
    services = school.services
    wanted = {}
    for band in services.today.overview(DAY).bands:
        for cls in band.classes:
            class_present(school, cls.grade, cls.class_no)
    page = make_page(qtbot, school, duty)
    for wave in page.board.waves:
        for c in services.dismissal.self_release_list(wave.band_id):
            if not c.eligible:
                wanted[c.refusal] = (wave.band_id, c)
    assert wanted, "the demo school has refused self-release cases"
    for _refusal, (band_id, child) in wanted.items():
        page.open_self_release()
        dialog = page.self_release_dialog
        dialog.band.setCurrentIndex(dialog.band.findData(band_id))
        items = [dialog.list.item(i) for i in range(dialog.list.count())]
        item = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == child.student_id)
        assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        assert item.text().endswith(("年级不允许", "无家长同意书"))
        assert child.student_id not in dialog.ticked()
        dialog.close()


def test_head_count_mismatch_shows_at_once_with_expected_names(qtbot, school, duty):
    class_present(school, *FIRST_CLASS)
    page = make_page(qtbot, school, duty)
    school.at("17:05")
    page.open_transfer()
    dialog = page.transfer_dialog
    at = next(i for i, g in enumerate(dialog._groups) if g.name == "一(1)班")
    dialog.group.setCurrentIndex(at)
    group = dialog.choice()
    assert dialog.to_teacher.currentData() == duty.id
    assert dialog.from_teacher.currentData() == group.teacher_id
    dialog.head_count.setValue(len(group.expected) - 1)
    assert dialog.hint.text() == f"与应到 {len(group.expected)} 人不符"
    info = dialog.save()
    assert info is not None and info.mismatch
    assert dialog.message.text().startswith("人数不符！一(1)班")
    assert group.expected[0] in dialog.message.text()
    assert "人数不符：一(1)班" in page.banner.text()
    dialog.close()


def test_duty_counts_after_the_wave(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    page = make_page(qtbot, school, duty)
    school.at("17:05")
    page.open_transfer()
    dialog = page.transfer_dialog
    dialog.group.setCurrentIndex(
        next(i for i, g in enumerate(dialog._groups) if g.name == "一(1)班")
    )
    dialog.save()  # the head count matches: the dialog closes
    assert not dialog.isVisible()
    assert page.duty_counts.texts() == [["第一批放学后开始统计"]]
    school.at("17:12")
    page.refresh()
    rows = page.duty_counts.texts()
    assert [duty.name, str(len(ids))] in rows
    assert cell(page, 0, DUTY) == duty.name


def test_refresh_keeps_the_selection(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    school.at("17:25")
    page = make_page(qtbot, school, duty)
    page.select(ids[3])
    school.at("17:26")
    page.refresh()
    assert page.selected_id() == ids[3]
    assert page.panel.title.text().endswith(page.board.child(ids[3]).name)
    assert cell(page, row_of(page, ids[3]), NAME) == page.board.child(ids[3]).name


def test_refresh_keeps_the_selection_when_rows_come_and_go(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS)
    school.at("17:25")
    page = make_page(qtbot, school, duty)
    page.set_state_filter("still")
    assert page.select(ids[3])
    shown = len(page.visible_children())
    hand_over(school, ids[0])  # one row fewer under the filter: the rows are rebuilt
    page.refresh()
    assert len(page.visible_children()) == shown - 1
    assert page.selected_id() == ids[3]
    assert page.panel.detail is not None and page.panel.detail.child.student_id == ids[3]
    assert page.status.text().startswith("截至 17:25:00 · 显示 ")
    assert f"显示 {shown - 1}/{len(page.board.children)} 人" in page.status.text()


def test_clicking_a_header_sorts_and_the_default_order_comes_back(qtbot, school, duty):
    ids = class_present(school, *FIRST_CLASS) + class_present(school, 1, 2)
    school.at("17:25")
    hand_over(school, ids[0])
    page = make_page(qtbot, school, duty)
    header = page.view.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    def in_default_order(children) -> bool:
        """Flagged first, then waiting, then the others; each state in class order."""
        first = [0 if c.state == FLAGGED else 1 if c.state == "waiting" else 2 for c in children]
        if first != sorted(first):
            return False
        by_state = {}
        for c in children:
            by_state.setdefault(c.state, []).append((c.grade, c.class_name, c.student_no))
        return all(keys == sorted(keys) for keys in by_state.values())

    default = page.visible_children()
    assert in_default_order(default)
    assert default[0].state == FLAGGED and HANDED_OVER in {c.state for c in default}
    page.select(ids[5])
    click(NAME)
    names = [c.name for c in page.visible_children()]
    assert names == sorted(names)
    assert page.model.sort_column() == (NAME, Qt.SortOrder.AscendingOrder)
    assert [cell(page, r, NAME) for r in range(len(names))] == names
    assert page.selected_id() == ids[5]  # the selection follows the child
    click(NAME)
    assert [c.name for c in page.visible_children()] == sorted(names, reverse=True)
    assert page.selected_id() == ids[5]
    click(CLASS)
    classes = [(c.grade, c.class_name, c.student_no) for c in page.visible_children()]
    assert classes == sorted(classes)
    click(STATE)
    assert page.visible_children() == default


def test_a_band_without_service_says_so_with_the_reason(qtbot, school, duty):
    band = school.services.schedule.load().bands[1]
    school.services.schedule.add_override(DAY, "no_service", band.id, "期中考试", actor="t")
    page = make_page(qtbot, school, duty)
    assert page.cards[1].countdown.text() == "今日无课后服务：期中考试"
    assert page.cards[0].countdown.text() == "距放学 1:30:00"


def test_an_earlier_dismissal_counts_down_to_the_new_time(qtbot, school, duty):
    band = school.services.schedule.load().bands[2]
    school.services.schedule.add_override(
        DAY, "dismissal", band.id, "暴雨预警", dismissal=dt.time(16, 30), actor="t"
    )
    page = make_page(qtbot, school, duty)
    assert page.cards[2].time.text() == "放学 16:30"
    assert page.cards[2].countdown.text() == "距放学 50:00"
    assert page.cards[2].note.text() == "今日调整：暴雨预警"
