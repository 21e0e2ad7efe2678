"""The safety records page: incidents and patrols entered through their forms, in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel

from core.incidents import IncidentDraft, PatrolDraft
from tests.core.test_clubs import MONDAY, TUESDAY, School, at, build_school
from ui.incidents_dialogs import to_qdatetime
from ui.incidents_page import IncidentsPage


@pytest.fixture
def school(db, services) -> School:
    return build_school(db, services)


def make_page(qtbot, services, member) -> IncidentsPage:
    page = IncidentsPage(services, member)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    return page


def cells(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def select(view, row: int) -> None:
    view.selectionModel().select(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_a_teacher_records_an_incident_and_it_is_listed(qtbot, services, school):
    page = make_page(qtbot, services, school.staff["T001"])
    assert page.incident_title.text() == "事故/事件（0）"

    dialog = page.open_incident()
    assert dialog.windowTitle() == "记录事故"
    assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == [
        "受伤",
        "生病",
        "冲突",
        "其他",
    ]
    assert dialog.happened.dateTime() == to_qdatetime(at(15, 40))  # now, by the service clock
    dialog.kind.setCurrentIndex(dialog.kind.findData("illness"))
    dialog.happened.setDateTime(to_qdatetime(at(15, 25)))
    dialog.pupil.search.setText("anan")
    assert dialog.pupil.student_id == school.pupils["A"]  # the only match is chosen
    assert dialog.pupil.chosen.text() == "学生：安安 三(2)班"
    dialog.description.setPlainText("自习时说头疼，额头发热")
    dialog.action.setPlainText("送医务室量体温 37.8℃，休息")
    assert not dialog.notified_at.isEnabled()
    dialog.notified.setChecked(True)
    assert dialog.notifier.currentText() == "王芳(T001)"  # the signed-in teacher by default
    assert dialog.save()

    assert not dialog.isVisible()
    assert cells(page.incident_model) == [
        [
            "15:25",
            "生病",
            "安安\n三(2)班",
            "自习时说头疼，额头发热",
            "送医务室量体温 37.8℃，休息",
            "15:40 王芳(T001)",
            "王芳(T001)",
        ]
    ]
    assert page.incident_title.text() == "事故/事件（1）"


def test_a_refused_incident_is_explained_in_chinese_and_nothing_is_saved(qtbot, services, school):
    page = make_page(qtbot, services, school.staff["D001"])
    dialog = page.open_incident()
    dialog.action.setPlainText("劝开")
    assert not dialog.save()
    assert dialog.isVisible() and dialog.message.text() == "请填写事情经过。"

    dialog.description.setPlainText("两名学生在门口推搡")
    dialog.happened.setDateTime(to_qdatetime(at(16, 0)))
    assert not dialog.save()
    assert dialog.message.text() == "2026-12-01 16:00 晚于当前时间，请检查时间。"

    dialog.happened.setDateTime(to_qdatetime(at(15, 30)))
    dialog.notified.setChecked(True)
    dialog.notified_at.setDateTime(to_qdatetime(at(15, 20)))
    assert not dialog.save()
    assert dialog.message.text().startswith("通知家长的时间不能早于事故发生时间")
    assert services.safety.incidents(TUESDAY) == []
    dialog.close()


def test_the_recorder_adds_the_notice_later_and_the_row_says_corrected(qtbot, services, school):
    teacher = school.staff["T001"]
    services.safety.record_incident(
        teacher,
        IncidentDraft("injury", at(15, 10), "摔倒擦伤", "消毒包扎", school.pupils["B"]),
    )
    page = make_page(qtbot, services, teacher)
    assert cells(page.incident_model)[0][5] == "尚未通知"
    assert not page.correct_incident_button.isEnabled()
    select(page.incident_view, 0)
    assert page.correct_incident_button.isEnabled()

    dialog = page.open_incident_correction()
    assert dialog.windowTitle() == "更正事故记录"
    assert dialog.pupil.chosen.text() == "学生：贝贝 三(2)班"
    dialog.notified.setChecked(True)
    assert dialog.notified_at.dateTime() == to_qdatetime(at(15, 40))
    assert dialog.save()

    row = cells(page.incident_model)[0]
    assert row[5] == "15:40 王芳(T001)"
    assert row[6] == "王芳(T001)\n已更正 1 次"


def test_another_teacher_may_not_correct_and_is_told_so(qtbot, services, school):
    services.safety.record_incident(
        school.staff["T001"], IncidentDraft("other", at(15, 10), "丢失水杯", "已登记")
    )
    page = make_page(qtbot, services, school.staff["T002"])
    select(page.incident_view, 0)
    dialog = page.open_incident_correction()
    dialog.action.setPlainText("已找到")
    assert not dialog.save()
    assert dialog.message.text().startswith("您无权进行此操作")
    dialog.close()


def test_a_duty_teacher_records_the_daily_patrol(qtbot, services, school):
    page = make_page(qtbot, services, school.staff["D001"])
    assert page.patrol_hint.text() == "今天还没有巡查记录（一天一巡查）。"
    assert not page.record_patrol_button.isHidden()

    dialog = page.open_patrol()
    assert dialog.windowTitle() == "记录巡查"
    assert dialog.inspector.currentText() == "赵军(D001)"
    assert not dialog.save()
    assert dialog.message.text() == "请填写巡查情况。"
    dialog.inspector.setCurrentIndex(dialog.inspector.findData(school.staff["A001"].id))
    dialog.at.setDateTime(to_qdatetime(at(15, 30)))
    dialog.findings.setPlainText("各班均有老师看护，秩序良好")
    dialog.praise.setPlainText("三(2)班自主作业安静")
    dialog.problems.setPlainText("走廊放学时拥挤")
    assert dialog.save()

    assert cells(page.patrol_model) == [
        [
            "15:30",
            "周建华(A001)",
            "各班均有老师看护，秩序良好",
            "三(2)班自主作业安静",
            "走廊放学时拥挤",
            "赵军(D001)",
        ]
    ]
    assert page.patrol_hint.text() == ""
    assert page.patrol_title.text() == "巡查记录（1）"


def test_a_class_teacher_sees_patrols_but_does_not_record_them(qtbot, services, school):
    services.safety.record_patrol(
        school.staff["A001"], PatrolDraft(at(15, 30), school.staff["A001"].id, "秩序良好")
    )
    page = make_page(qtbot, services, school.staff["T001"])
    assert page.record_patrol_button.isHidden() and page.correct_patrol_button.isHidden()
    assert cells(page.patrol_model)[0][1] == "周建华(A001)"
    select(page.patrol_view, 0)
    assert page.open_patrol_correction() is None


def test_an_earlier_day_shows_its_own_records(qtbot, services, school):
    teacher = school.staff["T001"]
    services.safety.record_incident(
        teacher, IncidentDraft("conflict", at(16, 0, MONDAY), "争抢玩具", "调解")
    )
    page = make_page(qtbot, services, teacher)
    assert page.incident_model.rowCount() == 0

    page.show_date(MONDAY)

    assert page.heading.text().startswith("安全记录 · 2026年11月30日")
    assert cells(page.incident_model)[0][:2] == ["16:00", "冲突"]
    assert page.patrol_hint.text() == ""  # only today's missing patrol is pointed out
    dialog = page.open_incident()
    assert dialog.happened.dateTime() == to_qdatetime(dt.datetime.combine(MONDAY, dt.time(15, 40)))
    dialog.close()
    page.show_today()
    assert page.current_date() == TUESDAY and page.incident_model.rowCount() == 0


def test_live_refresh_shows_another_stations_record(qtbot, services, school):
    page = make_page(qtbot, services, school.staff["D001"])
    services.safety.record_incident(
        school.staff["T003"], IncidentDraft("injury", at(15, 35), "手指夹伤", "冷敷")
    )
    page.live_refresh()
    assert cells(page.incident_model)[0][6] == "张敏(T003)"
