"""The coverage page in Chinese: check-in, the board's colours and flags, the duty roster."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from core.coverage import CoverageService
from core.coverage_types import Group
from core.demo_clubs import add_demo_clubs
from db.engine import Database
from db.models import AttendanceMark, AuditEntry, SchoolClass
from tests.ui.test_clubs_page import member
from ui.clubs_text import GREEN_BG, ORANGE_BG, RED_BG
from ui.coverage_page import REFRESH_MS, CoveragePage

TUESDAY = dt.date(2026, 12, 1)


@pytest.fixture
def coverage(demo_db, demo_services) -> CoverageService:
    with demo_db.write() as s:
        add_demo_clubs(s, dt.datetime(2026, 12, 1, 8, 0))  # no-op once build_demo calls it
    return CoverageService(
        demo_db, demo_services.clock, demo_services.schedule, demo_services.today
    )


def open_page(qtbot, coverage: CoverageService, who) -> CoveragePage:
    page = CoveragePage(coverage, who)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    qtbot.waitExposed(page)
    return page


def class_id(db: Database, grade: int, class_no: int) -> int:
    with db.read() as s:
        return s.scalar(
            select(SchoolClass.id).where(
                SchoolClass.grade == grade, SchoolClass.class_no == class_no
            )
        )


def mark_class_present(db: Database, services, grade: int, class_no: int) -> int:
    ov = services.today.overview(TUESDAY)
    cls = next(c for b in ov.bands for c in b.classes if (c.grade, c.class_no) == (grade, class_no))
    with db.write() as s:
        for p in cls.expected:
            s.add(
                AttendanceMark(
                    student_id=p.student_id,
                    on_date=TUESDAY,
                    period=1,
                    status="present",
                    marked_at=dt.datetime(2026, 12, 1, 15, 25),
                )
            )
    return len(cls.expected)


def board_row(page: CoveragePage, name: str) -> int:
    model = page.board_model
    return [model.index(r, 0).data() for r in range(model.rowCount())].index(name)


def cell(page: CoveragePage, name: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.board_model.index(board_row(page, name), column).data(role)


def colour(page: CoveragePage, name: str):
    return cell(page, name, 0, Qt.ItemDataRole.BackgroundRole).color()


def test_board_colours_red_orange_green(qtbot, demo_db, demo_services, coverage):
    present = mark_class_present(demo_db, demo_services, 3, 2)
    mark_class_present(demo_db, demo_services, 3, 3)
    coverage.check_in(member(demo_db, "T011"))  # 三(3)班's teacher
    page = open_page(qtbot, coverage, member(demo_db, "A001"))
    assert page.period_combo.currentText() == "第一课时"
    assert colour(page, "三(2)班") == RED_BG
    assert cell(page, "三(2)班", 6) == "有学生无老师"
    assert cell(page, "三(2)班", 4) == str(present)
    assert cell(page, "三(2)班", 7).endswith("未到岗")
    assert colour(page, "三(1)班") == ORANGE_BG
    assert cell(page, "三(1)班", 6) == "老师未到岗"
    assert colour(page, "三(3)班") == GREEN_BG
    assert cell(page, "三(3)班", 7) == "于丽(T011) 15:40 到岗"
    assert cell(page, "三(2)班", 1) == "三(2)班教室"
    assert page.board_model.index(0, 0).data() == "三(2)班"  # flags first
    assert "1 组有学生无老师（红）" in page.summary.text()
    assert "22 组老师未到岗（橙）" in page.summary.text()
    assert "1 组已到岗（绿）" in page.summary.text()


def test_check_in_button_turns_the_group_green(qtbot, demo_db, demo_services, coverage):
    present = mark_class_present(demo_db, demo_services, 3, 2)
    teacher = member(demo_db, "T010")  # 三(2)班's class teacher
    page = open_page(qtbot, coverage, teacher)
    assert page.check_in_button.text() == "我已到岗"
    assert "三(2)班 第一课时 15:20–16:20 · 未到岗" in page.my_duty.text()
    assert colour(page, "三(2)班") == RED_BG
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.check_in_button, Qt.MouseButton.LeftButton)
    assert colour(page, "三(2)班") == GREEN_BG
    assert cell(page, "三(2)班", 5) == str(present)  # children per teacher
    assert "15:40 已到岗" in page.my_duty.text()
    assert not page.check_in_button.isEnabled()  # period 2 keeps the class: nothing left
    loads = {
        page.load_model.index(r, 0).data(): page.load_model.index(r, 1).data()
        for r in range(page.load_model.rowCount())
    }
    assert loads["高丽(T010)"] == str(present)
    with demo_db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (entry.action, entry.actor) == ("duty.checkin", teacher.actor)


def test_a_teacher_without_duty_cannot_check_in(qtbot, demo_db, coverage):
    page = open_page(qtbot, coverage, member(demo_db, "A001"))
    assert not page.check_in_button.isEnabled()
    assert page.my_duty.text() == "周建华(A001)：今天没有值守安排。"
    page.check_in()  # the button is disabled; the slot explains if reached anyway
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == ["您今天没有值守安排。安全负责人可在“值守安排”中添加。"]
    boxes[0].close()


def test_counts_follow_other_stations_on_the_timer(qtbot, demo_db, demo_services, coverage):
    page = open_page(qtbot, coverage, member(demo_db, "A001"))
    assert page._timer.isActive() and page._timer.interval() == REFRESH_MS
    page.hide()
    assert not page._timer.isActive()  # a page out of sight does not poll
    page.show()
    assert page._timer.isActive()
    assert colour(page, "三(2)班") == ORANGE_BG
    mark_class_present(demo_db, demo_services, 3, 2)  # the class teacher's roll call elsewhere
    page._timer.timeout.emit()
    assert colour(page, "三(2)班") == RED_BG
    coverage.check_in(member(demo_db, "T010"))  # the teacher clicks on the classroom PC
    page._timer.timeout.emit()
    assert colour(page, "三(2)班") == GREEN_BG


def test_period_2_shows_clubs_and_the_gate(qtbot, demo_db, coverage, clock):
    clock.set(dt.datetime(2026, 12, 1, 16, 40))
    page = open_page(qtbot, coverage, member(demo_db, "A001"))
    assert page.period_combo.currentText() == "第二课时"
    assert cell(page, "机器人社团", 1) == "科学楼302"
    assert cell(page, "篮球队", 1) == "体育馆"
    assert cell(page, "校门", 1) == "校门"
    assert cell(page, "校门", 2) == "16:10–17:40"
    page.period_combo.setCurrentIndex(0)
    page.period_combo.activated.emit(0)
    assert "机器人社团" not in [
        page.board_model.index(r, 0).data() for r in range(page.board_model.rowCount())
    ]
    page.show_now()
    assert page.period_combo.currentText() == "第二课时"


def test_a_dated_duty_added_on_the_roster_replaces_the_weekly_one(qtbot, demo_db, coverage):
    page = open_page(qtbot, coverage, member(demo_db, "A001"))
    roster = page.duties
    assert roster is not None
    page.tabs.setCurrentWidget(roster)
    roster.set_dated(TUESDAY)
    assert roster.model.rowCount() == 0
    assert not roster.days_widget.isVisible()
    roster.staff_combo.setCurrentIndex(roster.staff_combo.findText(member(demo_db, "D001").actor))
    roster.group_combo.setCurrentIndex(roster.group_combo.findText("三(2)班"))
    roster.period_combo.setCurrentIndex(roster.period_combo.findText("第一课时"))
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(roster.add_button, Qt.MouseButton.LeftButton)
    assert [roster.model.index(0, c).data() for c in range(3)] == [
        "第一课时",
        "三(2)班",
        member(demo_db, "D001").actor,
    ]
    page.tabs.setCurrentIndex(0)
    assert cell(page, "三(2)班", 7) == f"{member(demo_db, 'D001').actor} 未到岗"


def test_weekly_roster_lists_a_weekday_and_refuses_a_duplicate(qtbot, demo_db, coverage):
    page = open_page(qtbot, coverage, member(demo_db, "A001"))
    roster = page.duties
    page.tabs.setCurrentWidget(roster)
    roster.set_weekly(2)
    assert roster.count_label.text() == f"共 {roster.model.rowCount()} 项值守"
    assert roster.days_widget.isVisible()
    roster.staff_combo.setCurrentIndex(roster.staff_combo.findText(member(demo_db, "T001").actor))
    roster.group_combo.setCurrentIndex(roster.group_combo.findText("机器人社团（周二 第二课时）"))
    assert roster.period_combo.currentText() == "第二课时"  # follows the club's slot
    assert [d for d, b in roster.day_boxes.items() if b.isChecked()] == [2]
    qtbot.mouseClick(roster.add_button, Qt.MouseButton.LeftButton)
    boxes = [b for b in roster.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == ["这位老师已有这项值守。"]
    boxes[0].close()


def test_a_teachers_group_with_two_classes_counts_their_children_together(
    qtbot, demo_db, demo_services, coverage, clock
):
    # T002 keeps 一(1)班 at period 2 on Tuesdays while T001 runs the robot club.
    one_one = mark_class_present(demo_db, demo_services, 1, 1)
    one_two = mark_class_present(demo_db, demo_services, 1, 2)
    clock.set(dt.datetime(2026, 12, 1, 16, 15))
    coverage.check_in(member(demo_db, "T002"))
    page = open_page(qtbot, coverage, member(demo_db, "A001"))
    loads = {
        page.load_model.index(r, 0).data(): (
            page.load_model.index(r, 1).data(),
            page.load_model.index(r, 2).data(),
        )
        for r in range(page.load_model.rowCount())
    }
    assert loads[member(demo_db, "T002").actor] == (str(one_one + one_two), "一(1)班、一(2)班")
    assert coverage.duty.assignments(weekday=2)  # the demo roster exists
    assert Group.of_class(class_id(demo_db, 1, 1)) in [
        a.group for a in coverage.duty.assignments(weekday=2) if a.staff.staff_no == "T002"
    ]
