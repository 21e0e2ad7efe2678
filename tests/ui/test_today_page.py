"""The today page as a class teacher or duty teacher sees it, in Chinese."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from core.clock import SimulatedClock
from core.services import build_services
from ui.today_page import TodayPage

TUESDAY = dt.date(2026, 12, 1)


def texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def page_for(qtbot, services) -> TodayPage:
    page = TodayPage(services)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    return page


def test_band_cards_show_each_window_and_dismissal_from_the_guidelines(qtbot, demo_services):
    page = page_for(qtbot, demo_services)
    cards = [(c.title.text(), c.window.text(), c.dismissal.text()) for c in page.cards]
    assert cards == [
        ("一、二年级", "延时服务 15:10—17:10", "放学\n17:10"),
        ("三、四年级", "延时服务 15:20—17:20", "放学\n17:20"),
        ("五、六年级", "延时服务 15:30—17:30", "放学\n17:30"),
    ]
    assert page.cards[0].periods.text() == "第一课时：自主阅读　　第二课时：体育锻炼"
    assert "2026年12月1日 周二" in page.heading.text()


def test_counts_on_cards_and_classes_match_the_list(qtbot, demo_services):
    page = page_for(qtbot, demo_services)
    overview = demo_services.today.overview(TUESDAY)
    band = overview.bands[0]
    assert page.cards[0].counts.text() == f"应到 {band.expected} 人 · 请假 {band.on_leave} 人"
    assert texts(page.class_model, 0)[:4] == ["一(1)班", "一(2)班", "一(3)班", "一(4)班"]
    assert texts(page.class_model, 1)[0] == str(len(band.classes[0].expected))
    assert f"今日应到 {overview.expected} 人" in page.summary.text()


def test_choosing_a_class_lists_its_pupils_with_masked_phones_and_leave(qtbot, demo_services):
    page = page_for(qtbot, demo_services)
    overview = demo_services.today.overview(TUESDAY)
    with_leave = next(
        (i, c) for i, c in enumerate(c for b in overview.bands for c in b.classes) if c.on_leave
    )
    row, cls = with_leave
    page.class_view.selectRow(row)
    names = texts(page.pupil_model, 1)
    assert names == [p.name for p in (*cls.expected, *cls.on_leave)]
    status = texts(page.pupil_model, 3)
    assert status[-1] in ("病假", "事假")
    assert status[0] == "应到"
    guardians = " ".join(texts(page.pupil_model, 5))
    assert "****" in guardians
    assert not any(ch.isdigit() and len(g) >= 11 for g in guardians.split() for ch in g[3:7])
    assert page.pupil_title.text().startswith(cls.name)


def test_a_weekend_says_no_service_and_names_the_next_day(qtbot, demo_services):
    page = page_for(qtbot, demo_services)
    page.show_date(dt.date(2026, 12, 5))
    assert page.empty_hint.isVisible()
    assert "这一天没有课后服务" in page.empty_hint.text()
    assert "下一个服务日：2026年12月7日 周一" in page.empty_hint.text()
    assert page.cards[0].window.text() == "今日无课后服务"
    assert page.class_model.rowCount() == 0
    page.today_button.click()
    assert page.class_model.rowCount() == 24


def test_a_school_without_a_class_list_points_to_the_import(qtbot, services):
    page = page_for(qtbot, services)
    assert page.empty_hint.isVisible()
    assert "导入班级名单" in page.empty_hint.text()
    assert page.import_button.isVisible()
    with qtbot.waitSignal(page.import_requested):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)


def test_an_override_shows_on_the_card_after_refresh(qtbot, demo_services):
    page = page_for(qtbot, demo_services)
    band = demo_services.schedule.load().bands[2]
    demo_services.schedule.add_override(
        TUESDAY, "dismissal", band.id, "暴雨预警", dismissal=dt.time(16, 30), actor="t"
    )
    page.refresh()
    assert page.cards[2].dismissal.text() == "放学\n16:30"
    assert page.cards[2].note.text() == "今日调整：暴雨预警"
    assert page.cards[0].note.isHidden()


def test_the_page_follows_the_clock_to_the_next_day(qtbot, demo_db):
    clock = SimulatedClock(dt.datetime(2026, 12, 1, 23, 59), advancing=False)
    page = page_for(qtbot, build_services(demo_db, clock))
    clock.set(dt.datetime(2026, 12, 2, 15, 0))
    page.show_today()
    assert "2026年12月2日 周三" in page.heading.text()
