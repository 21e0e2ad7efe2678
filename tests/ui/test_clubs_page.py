"""The clubs page in Chinese: the club teacher's roll call, clubs and members, where a pupil is."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from core.clubs import ClubService
from core.demo_clubs import add_demo_clubs
from core.services import Services
from core.staff_types import StaffMember
from db.engine import Database
from db.models import AuditEntry, Staff
from ui.clubs_page import ClubsPage
from ui.clubs_text import GREY_FG, RED_BG

TUESDAY = dt.date(2026, 12, 1)


def member(db: Database, staff_no: str) -> StaffMember:
    with db.read() as s:
        st = s.scalar(select(Staff).where(Staff.staff_no == staff_no))
    return StaffMember(st.id, st.staff_no, st.name, st.role, st.class_id)


def club_service(db: Database, services: Services) -> ClubService:
    with db.write() as s:
        add_demo_clubs(s, dt.datetime(2026, 12, 1, 8, 0))  # no-op once build_demo calls it
    return ClubService(db, services.clock, services.schedule, services.today)


def open_page(qtbot, clubs: ClubService, who: StaffMember) -> ClubsPage:
    page = ClubsPage(clubs, who)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    qtbot.waitExposed(page)
    return page


def select_rows(page: ClubsPage, *rows: int) -> None:
    """Select rows as a click would (selectRow would add to the selection while the test
    framework still reports Ctrl held from a previous key click)."""
    view = page.roll_call.view
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().clearSelection()
    for row in rows:
        view.selectionModel().select(page.roll_call.model.index(row, 0), flags)


def statuses(page: ClubsPage) -> list[str]:
    model = page.roll_call.model
    return [model.index(r, 3).data() for r in range(model.rowCount())]


@pytest.fixture
def clubs(demo_db, demo_services, clock) -> ClubService:
    clock.set(dt.datetime(2026, 12, 1, 16, 30))
    return club_service(demo_db, demo_services)


def test_roll_call_all_present_then_exceptions_by_keyboard(qtbot, demo_db, clubs):
    teacher = member(demo_db, "T001")
    page = open_page(qtbot, clubs, teacher)
    tab = page.roll_call
    assert tab.club_combo.currentText() == "机器人社团"
    assert "第二课时 · 科学楼302" in tab.info.text()
    assert set(statuses(page)) <= {
        "未点名",
        "病假（已请假）",
        "事假（已请假）",
        "今天不参加课后服务",
    }
    tab.view.setFocus()
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(tab.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    call = tab.current_call()
    expected = [e for e in call.entries if e.on_list and e.leave is None]
    assert call.count("present") == len(expected) > 10
    select_rows(page, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_2)  # late; the selection moves on to row 2
    qtbot.keyClick(tab.view, Qt.Key.Key_3)  # absent
    assert statuses(page)[1:3] == ["迟到", "缺勤"]
    assert tab.view.selectionModel().selectedRows()[0].row() == 3
    assert tab.model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole).color() == RED_BG
    assert f"出勤 {len(expected) - 2} · 迟到 1 · 缺勤 1" in tab.summary.text()
    assert tab.model.index(1, 4).data() == teacher.name
    marks = clubs.roll_call(call.club.id)
    assert [marks.entries[i].status for i in (1, 2)] == ["late", "absent"]


def test_roll_call_by_mouse_marks_several_selected_pupils(qtbot, demo_db, clubs):
    page = open_page(qtbot, clubs, member(demo_db, "T001"))
    tab = page.roll_call
    qtbot.mouseClick(tab.all_present_button, Qt.MouseButton.LeftButton)
    select_rows(page, 0, 4)
    qtbot.mouseClick(tab.status_buttons["sick"], Qt.MouseButton.LeftButton)
    assert [statuses(page)[i] for i in (0, 4)] == ["病假", "病假"]
    assert tab.status_buttons["sick"].text() == "病假 (4)"


def test_members_without_service_today_cannot_be_marked(qtbot, demo_db, demo_services, clubs):
    listed = {
        p.student_id
        for band in demo_services.today.overview(TUESDAY).bands
        for c in band.classes
        for p in (*c.expected, *c.on_leave)
    }
    robot = next(c for c in clubs.clubs() if c.name == "机器人社团")
    absent_today = next(
        p for p in clubs.pupils_of_class(clubs.classes()[-1][0]) if p.student_id not in listed
    )  # a 六年级 pupil who does not stay on Tuesdays
    clubs.add_members(robot.id, [absent_today.student_id], member(demo_db, "A001"))
    page = open_page(qtbot, clubs, member(demo_db, "T001"))
    tab = page.roll_call
    row = [e.pupil.student_id for e in tab.current_call().entries].index(absent_today.student_id)
    assert statuses(page)[row] == "今天不参加课后服务"
    assert tab.model.index(row, 1).data(Qt.ItemDataRole.ForegroundRole).color() == GREY_FG
    select_rows(page, row)
    qtbot.keyClick(tab.view, Qt.Key.Key_1)
    assert statuses(page)[row] == "今天不参加课后服务"
    qtbot.mouseClick(tab.all_present_button, Qt.MouseButton.LeftButton)
    assert statuses(page)[row] == "今天不参加课后服务"
    assert tab.current_call().unmarked == 0


def test_a_teacher_without_a_club_today_is_told_so(qtbot, demo_db, clubs):
    page = open_page(qtbot, clubs, member(demo_db, "T005"))
    assert page.roll_call.empty_hint.isVisible()
    assert page.roll_call.empty_hint.text() == "今天没有您负责的社团活动，无需点名。"
    assert page.editor is None
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["社团点名", "学生现在在哪"]


def test_safety_officer_adds_a_club_and_members(qtbot, demo_db, clubs):
    officer = member(demo_db, "A001")
    page = open_page(qtbot, clubs, officer)
    editor = page.editor
    assert editor is not None
    page.tabs.setCurrentWidget(editor)
    before = editor.club_model.rowCount()
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    assert editor.form_box.title() == "新建社团"
    assert not editor.members_box.isEnabled()
    editor.name_edit.setText("围棋社")  # QTest cannot type characters beyond Latin-1
    editor.category_combo.setCurrentIndex(editor.category_combo.findData("leadership"))
    qtbot.keyClicks(editor.room_edit, "Lab 1")
    editor.teacher_combo.setCurrentIndex(editor.teacher_combo.findText("周建华(A001)"))
    editor.weekday_combo.setCurrentIndex(2)  # Wednesday
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.club_model.rowCount() == before + 1
    row = [c.name for c in editor.club_model.records()].index("围棋社")
    assert [editor.club_model.index(row, c).data() for c in range(6)] == [
        "围棋社", "领袖", "周三 第二课时", "Lab 1", "周建华", "0",
    ]  # fmt: skip
    assert editor.members_box.isEnabled()
    editor.class_combo.setCurrentIndex(editor.class_combo.findText("一(1)班"))
    editor.pupil_list.item(0).setSelected(True)
    editor.pupil_list.item(1).setSelected(True)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.member_model.rowCount() == 2
    assert editor.members_box.title() == "成员（2 人）"
    assert editor.club_model.index(row, 5).data() == "2"
    assert editor.pupil_list.item(0).text().endswith("（已在社团）")
    with demo_db.read() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq.desc())).all()[:3]
        actor = s.scalars(select(AuditEntry.actor).order_by(AuditEntry.seq.desc())).first()
    assert actions == ["club.member_add", "club.member_add", "club.create"]
    assert actor == "周建华(A001)"


def test_a_refused_club_is_explained_in_chinese(qtbot, demo_db, clubs):
    page = open_page(qtbot, clubs, member(demo_db, "A001"))
    editor = page.editor
    page.tabs.setCurrentWidget(editor)
    editor.start_new()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    boxes = [b for b in editor.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == ["请填写社团名称。"]
    boxes[0].close()


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        ("15:40", "现在应在：{cls}教室（第一课时 自主作业）"),
        ("16:40", "现在应在：机器人社团 · 科学楼302（第二课时）"),
        ("17:35", "已于 17:30 放学"),
    ],
)
def test_where_is_a_pupil_now(qtbot, demo_db, clubs, clock, moment, text):
    clock.set(dt.datetime.combine(TUESDAY, dt.time.fromisoformat(moment)))
    robot = next(c for c in clubs.clubs() if c.name == "机器人社团")
    call = clubs.roll_call(robot.id)
    pupil = next(
        e.pupil for e in call.entries if e.on_list and e.leave is None and e.pupil.grade >= 5
    )
    page = open_page(qtbot, clubs, member(demo_db, "T005"))
    page.tabs.setCurrentWidget(page.where)
    qtbot.keyClicks(page.where.search, pupil.student_no)
    assert page.where.results.count() == 1
    assert page.where.where_label.text() == text.format(cls=pupil.class_name)
    assert pupil.name in page.where.pupil_label.text()
    assert moment in page.where.time_label.text()
