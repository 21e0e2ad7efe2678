"""The attendance page as a class teacher uses it, in Chinese: keyboard, mouse, leave, alerts."""

from __future__ import annotations

import datetime as dt
import json
import re

from PySide6.QtCore import QCoreApplication, QDate, Qt
from sqlalchemy import select

from core.attendance import AttendanceService
from core.staff_types import StaffMember
from db.models import AttendanceMark, AuditEntry, Guardian, Staff, Student, StudentGuardian
from ui.attendance_model import RollCallModel
from ui.attendance_page import AttendancePage

TUESDAY = dt.date(2026, 12, 1)
STATUS = RollCallModel.STATUS


def member(db, staff_no: str) -> StaffMember:
    with db.read() as s:
        st = s.scalar(select(Staff).where(Staff.staff_no == staff_no))
        return StaffMember(st.id, st.staff_no, st.name, st.role, st.class_id)


def page_for(qtbot, demo_db, demo_services, clock, staff_no: str = "T005") -> AttendancePage:
    attendance = AttendanceService(demo_db, clock, demo_services.today)
    page = AttendancePage(attendance, member(demo_db, staff_no))
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    page.view.setFocus()
    return page


def statuses(page: AttendancePage) -> list[str]:
    return [page.model.index(r, STATUS).data() for r in range(page.model.rowCount())]


def cell(page: AttendancePage, row: int, col: int) -> str:
    return page.model.index(row, col).data()


def click_row(qtbot, page: AttendancePage, row: int) -> None:
    rect = page.view.visualRect(page.model.index(row, RollCallModel.NAME))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def marks(db) -> dict[int, tuple[str, int]]:
    """Today's marks (the demo's history has marks on the school days before)."""
    today = select(AttendanceMark).where(AttendanceMark.on_date == TUESDAY)
    with db.read() as s:
        return {m.student_id: (m.status, m.marked_by) for m in s.scalars(today)}


def test_class_teacher_sees_todays_list_of_own_class_unmarked(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T005")  # 二(1)班
    cls = demo_services.today.overview(TUESDAY).bands[0].classes[4]
    assert cls.name == "二(1)班"
    assert page.class_combo.currentText() == "二(1)班"
    names = [cell(page, r, RollCallModel.NAME) for r in range(page.model.rowCount())]
    assert sorted(names) == sorted(p.name for p in (*cls.expected, *cls.on_leave))
    assert set(statuses(page)) <= {"未点名", "病假", "事假"}
    assert statuses(page).count("未点名") == len(cls.expected)
    assert page.heading.text() == "考勤点名 · 2026年12月1日 周二"
    assert page.class_title.text().startswith("二(1)班 · 第一课时：")
    assert page.status_buttons["present"].text() == "出勤  1 / P"
    assert page.all_present_button.text() == "其余全部出勤  Ctrl+Enter"
    assert not page.banner.isVisible()
    assert page.view.currentIndex().row() == statuses(page).index("未点名")


def test_keyboard_alone_takes_the_roll(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    page.view.setCurrentIndex(page.model.index(0, RollCallModel.NAME))
    qtbot.keyClick(page.view, Qt.Key.Key_1)
    assert page.view.currentIndex().row() == 1
    qtbot.keyClick(page.view, Qt.Key.Key_L)
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    qtbot.keyClick(page.view, Qt.Key.Key_3)
    qtbot.keyClick(page.view, Qt.Key.Key_J)
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    assert page.view.currentIndex().row() == 6
    skipped = statuses(page)[2]
    assert skipped in ("未点名", "病假", "事假")  # passed over with the arrow key
    assert statuses(page)[:6] == ["出勤", "迟到", skipped, "病假", "事假", "缺勤"]
    qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    shown = statuses(page)
    assert "未点名" not in shown
    # Skipped pupil 3 was unmarked (or on leave): all-present filled or kept it.
    assert shown[2] in ("出勤", "病假", "事假")
    assert shown[:2] + shown[3:6] == ["出勤", "迟到", "病假", "事假", "缺勤"]
    t001 = member(demo_db, "T001")
    stored = marks(demo_db)
    assert {by for _, by in stored.values()} == {t001.id}
    assert stored[page.model.row_record(5).student_id] == ("absent", t001.id)
    counts = page.sheet().counts
    assert counts.unmarked == 0
    assert page.class_counts.text().startswith(f"应到 {counts.total} 人：出勤 {counts.attended} ")


def test_mouse_marks_the_clicked_pupil_and_moves_on(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    click_row(qtbot, page, 3)
    qtbot.mouseClick(page.status_buttons["late"], Qt.MouseButton.LeftButton)
    assert statuses(page)[3] == "迟到"
    assert page.view.currentIndex().row() == 4
    assert cell(page, 3, RollCallModel.MARKED_BY) == member(demo_db, "T001").name
    assert cell(page, 3, RollCallModel.MARKED_AT) == "15:40"
    qtbot.mouseClick(page.all_present_button, Qt.MouseButton.LeftButton)
    assert "未点名" not in statuses(page)


def test_absent_without_notice_shows_a_red_banner_and_row_with_phones_in_full(
    qtbot, demo_db, demo_services, clock
):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    row = statuses(page).index("未点名")
    pupil = page.model.row_record(row)
    page.view.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_5)
    assert page.banner.isVisible()
    text = page.banner.text()
    assert "缺勤未请假 1 人——请立即联系家长" in text
    assert pupil.name in text and "一(1)班" in text
    with demo_db.read() as s:
        phones = s.scalars(
            select(Guardian.phone)
            .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
            .where(StudentGuardian.student_id == pupil.student_id)
        ).all()
    assert phones and all(re.fullmatch(r"1\d{10}", p) and p in text for p in phones)
    assert "****" not in text
    index = page.model.index(row, RollCallModel.NAME)
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e1"
    # The parent phones back: a correction to sick leave ends the flag.
    page.view.setCurrentIndex(index)
    qtbot.keyClick(page.view, Qt.Key.Key_S)
    assert not page.banner.isVisible()


def test_counts_per_class_and_band_follow_each_key(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    class_row = page.class_model.row_of(page.current_class_id())

    def count(model, row, col):
        return int(model.index(row, col).data())

    before = count(page.class_model, class_row, page.class_model.ABSENT)
    band_before = count(page.band_model, 0, page.band_model.UNMARKED)
    school_before = count(page.band_model, 3, page.band_model.ABSENT)
    page.view.setCurrentIndex(page.model.index(statuses(page).index("未点名"), 0))
    qtbot.keyClick(page.view, Qt.Key.Key_5)
    assert count(page.class_model, class_row, page.class_model.ABSENT) == before + 1
    assert count(page.band_model, 0, page.band_model.UNMARKED) == band_before - 1
    assert count(page.band_model, 3, page.band_model.ABSENT) == school_before + 1
    assert page.band_model.index(3, 0).data() == "全校"
    assert "缺勤 1" in page.class_counts.text()
    # The class list kept its selection: it is also the class picker.
    assert page.class_view.selectionModel().selectedRows()[0].row() == class_row


def test_a_correction_updates_the_row_and_leaves_two_audit_entries(
    qtbot, demo_db, demo_services, clock
):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    row = statuses(page).index("未点名")
    page.view.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_5)
    qtbot.keyClick(page.view, Qt.Key.Key_Up)
    qtbot.keyClick(page.view, Qt.Key.Key_2)
    assert statuses(page)[row] == "迟到"
    with demo_db.read() as s:
        entries = s.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity == "attendance_mark",
                AuditEntry.at >= dt.datetime.combine(TUESDAY, dt.time()),  # not the history's
            )
            .order_by(AuditEntry.seq)
        ).all()
    t001 = member(demo_db, "T001")
    assert [(e.action, e.actor) for e in entries] == [
        ("attendance.mark", t001.actor),
        ("attendance.correct", t001.actor),
    ]
    assert [json.loads(e.payload)["status"] for e in entries] == ["absent", "late"]


def test_leave_over_a_date_range_from_the_dialog(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    row = statuses(page).index("未点名")
    pupil = page.model.row_record(row)
    page.view.setCurrentIndex(page.model.index(row, 0))
    dialog = page.open_leave_dialog()
    assert dialog.student_id() == pupil.student_id
    dialog.reported_by.setText("父亲（电话）")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.error.text() == "请选择病假或事假。"
    dialog.personal.setChecked(True)
    dialog.end.setDate(QDate(2026, 12, 3))
    dialog.reason.setText("回老家")
    with qtbot.waitSignal(page.attendance_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    row = page.sheet().row_of(pupil.student_id)
    assert statuses(page)[row] == "事假"
    assert cell(page, row, RollCallModel.NOTE).startswith("事假 · 回老家 · 告知人：父亲（电话）")
    on_leave = demo_services.today.overview(dt.date(2026, 12, 3)).bands[0].classes[0].on_leave
    assert pupil.student_id in {p.student_id for p in on_leave}
    # All present leaves the pupil on leave.
    qtbot.keyClick(page.view, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert statuses(page)[row] == "事假"
    assert pupil.student_id not in marks(demo_db)


def test_cancelling_leave_in_the_dialog_puts_the_pupil_back(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    row = statuses(page).index("未点名")
    page.view.setCurrentIndex(page.model.index(row, 0))
    dialog = page.open_leave_dialog()
    dialog.sick.setChecked(True)
    dialog.reported_by.setText("母亲")
    dialog.save()
    assert statuses(page)[row] == "病假"
    dialog = page.open_leave_dialog()
    assert dialog.history.item(0).text().startswith("病假 12月1日—12月1日：—（告知人 母亲，登记人 ")
    dialog.history.setCurrentRow(0)
    with qtbot.waitSignal(page.attendance_changed):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.history.item(0).text().endswith("（已撤销）")
    assert statuses(page)[row] == "未点名"


def test_safety_officer_picks_any_class_by_list_or_by_click(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "A001")
    assert page.class_combo.currentText() == "一(1)班"
    assert not page.own_class_button.isVisible()
    page.class_combo.setCurrentIndex(page.class_combo.findText("五(3)班"))
    assert page.class_title.text().startswith("五(3)班")
    cls = demo_services.today.overview(TUESDAY).bands[2].classes[2]
    assert page.model.rowCount() == cls.enrolled
    rect = page.class_view.visualRect(page.class_model.index(1, 0))
    qtbot.mouseClick(page.class_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.class_combo.currentText() == "一(2)班"
    assert page.class_title.text().startswith("一(2)班")


def test_class_teacher_returns_to_own_class(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T010")
    own = page.current_class_id()
    page.class_combo.setCurrentIndex(0)
    assert page.current_class_id() != own
    qtbot.mouseClick(page.own_class_button, Qt.MouseButton.LeftButton)
    assert page.current_class_id() == own


def test_left_early_is_shown_but_has_no_key(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    row = statuses(page).index("未点名")
    pupil = page.model.row_record(row)
    page._attendance.mark(pupil.student_id, TUESDAY, 1, "left_early", member(demo_db, "D001"))
    page.refresh()
    assert statuses(page)[row] == "早退"
    assert "left_early" not in page.status_buttons
    assert "（出勤中含早退 1）" in page.class_counts.text()


def test_an_error_is_said_in_chinese_and_the_cursor_stays(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    row = statuses(page).index("未点名")
    pupil = page.model.row_record(row)
    with demo_db.write() as s:
        s.get(Student, pupil.student_id).active = False  # left the school meanwhile
    page.view.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_1)
    assert page.message.text() == "该生不在这一天的课后服务名单上，请刷新页面。"
    assert page.view.currentIndex().row() == row
    assert marks(demo_db) == {}


def test_a_day_without_service_says_so(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    page.date_edit.setDate(QDate(2026, 11, 28))  # Saturday
    assert page.empty_hint.isVisible()
    assert page.empty_hint.text() == "本班这一天没有课后服务。"
    assert not page.all_present_button.isEnabled()
    page.today_button.click()
    assert page.view.isVisible() and page.model.rowCount() > 0


def test_the_date_cannot_go_past_today(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    assert page.date_edit.maximumDate() == QDate(2026, 12, 1)


def test_chinese_strings_are_complete():
    missing = [
        s
        for s in ("Present", "Not marked", "Absent")
        if QCoreApplication.translate("AttendanceText", s) == s
    ]
    assert missing == []


def test_row_colors_tell_late_and_absent_apart(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_2)
    qtbot.keyClick(page.view, Qt.Key.Key_5)
    late = page.model.index(0, STATUS).data(Qt.ItemDataRole.BackgroundRole).color().name()
    absent = page.model.index(1, STATUS).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert (late, absent) == ("#fef3c7", "#fde2e1")
    assert page.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"


def test_leave_for_a_child_marked_absent_ends_the_flag(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    row = statuses(page).index("未点名")
    pupil = page.model.row_record(row)
    page.view.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_5)
    assert page.banner.isVisible()
    page.view.setCurrentIndex(page.model.index(row, 0))
    dialog = page.open_leave_dialog()
    dialog.sick.setChecked(True)
    dialog.reason.setText("发烧")
    dialog.reported_by.setText("母亲（回电）")
    dialog.save()
    assert statuses(page)[row] == "病假"
    assert "发烧" in cell(page, row, RollCallModel.NOTE)
    assert not page.banner.isVisible()
    assert marks(demo_db)[pupil.student_id] == ("sick", member(demo_db, "T001").id)


def test_switching_class_shows_marks_made_at_another_station(qtbot, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    own = page.current_class_id()
    other = AttendanceService(demo_db, clock, demo_services.today)
    pupil = page.model.row_record(statuses(page).index("未点名"))
    other.mark(pupil.student_id, TUESDAY, 1, "late", member(demo_db, "T002"))
    page.class_combo.setCurrentIndex(1)
    page.show_class(own)
    row = page.sheet().row_of(pupil.student_id)
    assert statuses(page)[row] == "迟到"
    assert cell(page, row, RollCallModel.MARKED_BY) == member(demo_db, "T002").name


def test_models_pass_qts_model_tester(qtbot, qtmodeltester, demo_db, demo_services, clock):
    page = page_for(qtbot, demo_db, demo_services, clock, "T001")
    qtbot.keyClick(page.view, Qt.Key.Key_5)
    for model in (page.model, page.class_model, page.band_model):
        qtmodeltester.check(model, force_py=True)


def test_history_of_a_corrected_mark_lists_both_entries(qtbot, demo_db, demo_services):
    teacher = member(demo_db, "T001")
    page = AttendancePage(demo_services.attendance, teacher, audit=demo_services.audit)
    qtbot.addWidget(page)
    page.show()
    page.view.setFocus()
    first = page.model.index(0, RollCallModel.NAME)
    page.view.setCurrentIndex(first)
    page.mark_current("absent")
    page.view.setCurrentIndex(first)
    page.mark_current("present")
    page.view.setCurrentIndex(first)
    dialog = page.open_history()
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 2
    assert [r.action for r in dialog.model.records()] == ["attendance.mark", "attendance.correct"]
    assert {r.actor for r in dialog.model.records()} == {teacher.actor}
