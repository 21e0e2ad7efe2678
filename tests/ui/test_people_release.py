"""Departure mode and 自行离校 consent on the authorized-adults page, over the demo school."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from core.dismissal_settings import DismissalSettings
from core.people import PeopleService
from core.services import Services
from core.staff_types import StaffMember
from db.engine import Database
from db.models import Enrolment, SchoolClass, Student
from ui.people_dialogs import ConsentDialog
from ui.people_page import PeoplePage

TERM_START = dt.date(2026, 9, 1)
TODAY = dt.date(2026, 12, 1)


def pupil(db: Database, grades: tuple[int, ...], departure: str, consent: bool) -> int:
    """The first pupil of these grades with this departure mode and consent state."""
    on = Enrolment.self_release_consent_on
    with db.read() as s:
        sid = s.scalar(
            select(Student.id)
            .join(Enrolment)
            .join(SchoolClass, Student.class_id == SchoolClass.id)
            .where(
                SchoolClass.grade.in_(grades),
                Enrolment.departure == departure,
                on.is_not(None) if consent else on.is_(None),
            )
            .order_by(Student.student_no)
            .limit(1)
        )
    assert sid is not None
    return sid


@pytest.fixture
def member(demo_services: Services) -> StaffMember:
    return demo_services.accounts.sign_in("A001", "1234")


@pytest.fixture
def release(demo_services: Services) -> DismissalSettings:
    return demo_services.dismissal_settings


@pytest.fixture
def page(
    qtbot: QtBot, demo_services: Services, member: StaffMember, release: DismissalSettings
) -> PeoplePage:
    widget = PeoplePage(PeopleService(demo_services._db, demo_services.clock), member, release)
    qtbot.addWidget(widget)
    return widget


def shown(page: PeoplePage) -> str:
    assert page.release_box is not None
    return page.release_box.text_label.text()


def test_self_release_pupil_with_consent_shows_date_and_may_leave(
    page: PeoplePage, demo_db: Database
) -> None:
    page.select_student(pupil(demo_db, (4, 5, 6), "self", consent=True))
    text = shown(page)
    assert "放学方式：自行离校" in text
    assert "家长自行离校同意书：2026-09-01 已收" in text
    assert "放学时可自行离校" in text
    assert page.release_box is not None and page.release_box.withdraw_button is not None


def test_missing_consent_is_said_in_red(page: PeoplePage, demo_db: Database) -> None:
    page.select_student(pupil(demo_db, (3, 4, 5, 6), "self", consent=False))
    text = shown(page)
    assert "<span style='color:#b3261e'><b>未收到同意书</b></span>" in text
    assert "不能自行离校，须由家长接走" in text
    assert page.release_box is not None
    assert page.release_box.withdraw_button is None
    assert page.release_box.record_button is not None
    assert page.release_box.record_button.text() == "登记同意书…"


def test_young_pupil_is_told_the_policy_forbids_it(page: PeoplePage, demo_db: Database) -> None:
    page.select_student(pupil(demo_db, (1, 2), "self", consent=True))
    text = shown(page)
    assert "本校不允许一、二年级自行离校" in text
    assert "不能自行离校" in text


def test_policy_text_follows_the_settings(
    page: PeoplePage, demo_db: Database, release: DismissalSettings, member: StaffMember
) -> None:
    release.set_self_release_grades({4, 5, 6}, member)
    page.select_student(pupil(demo_db, (1, 2), "self", consent=True))
    assert "本校不允许一、二、三年级自行离校" in shown(page)


def test_guardian_pickup_shows_only_the_mode(page: PeoplePage, demo_db: Database) -> None:
    page.select_student(pupil(demo_db, (3,), "guardian", consent=False))
    assert shown(page) == "放学方式：家长接送"
    assert page.release_box is not None and page.release_box.record_button is None


def test_record_consent_defaults_to_today_and_is_stored(
    page: PeoplePage, demo_db: Database, release: DismissalSettings
) -> None:
    sid = pupil(demo_db, (3, 4, 5, 6), "self", consent=False)
    page.select_student(sid)
    dialog = page.record_consent()
    assert isinstance(dialog, ConsentDialog)
    assert dialog.windowTitle() == "家长自行离校同意书"
    assert dialog.date_edit.date() == QDate(2026, 12, 1)
    assert dialog.date_edit.maximumDate() == QDate(2026, 12, 1)
    dialog.date_edit.setDate(QDate(2026, 11, 20))
    dialog.save()
    assert release.consent_of(sid) == dt.date(2026, 11, 20)
    assert "家长自行离校同意书：2026-11-20 已收" in shown(page)
    assert "放学时可自行离校" in shown(page)


def test_withdraw_consent_after_confirmation(
    page: PeoplePage, demo_db: Database, release: DismissalSettings
) -> None:
    sid = pupil(demo_db, (4, 5, 6), "self", consent=True)
    page.select_student(sid)
    box = page.withdraw_consent()
    assert box.text() == "撤回同意书？撤回后该学生将不能再自行离校。"
    box.button(QMessageBox.StandardButton.Yes).click()
    assert release.consent_of(sid) is None
    assert "未收到同意书" in shown(page)


def test_withdraw_answered_no_keeps_the_consent(
    page: PeoplePage, demo_db: Database, release: DismissalSettings
) -> None:
    sid = pupil(demo_db, (4, 5, 6), "self", consent=True)
    page.select_student(sid)
    page.withdraw_consent().button(QMessageBox.StandardButton.No).click()
    assert release.consent_of(sid) == TERM_START


def test_a_refused_consent_stays_in_the_dialog_in_chinese(
    page: PeoplePage,
    demo_db: Database,
    release: DismissalSettings,
    demo_services: Services,
) -> None:
    sid = pupil(demo_db, (3, 4, 5, 6), "self", consent=False)
    page.select_student(sid)
    dialog = page.record_consent()
    # The clock moves back (another day's demo) after the dialog opened: today is the limit.
    demo_services.clock.set(dt.datetime(2026, 11, 1, 9, 0))  # type: ignore[attr-defined]
    dialog.save()
    assert dialog.error_label.text() == "同意书的收到日期不能晚于今天。"
    assert release.consent_of(sid) is None


def test_without_the_settings_service_the_page_shows_adults_only(
    qtbot: QtBot, demo_services: Services, member: StaffMember, demo_db: Database
) -> None:
    widget = PeoplePage(demo_services.people, member)
    qtbot.addWidget(widget)
    widget.select_student(pupil(demo_db, (4, 5, 6), "self", consent=True))
    assert widget.release_box is None
    assert set(widget.sections) == {"guardians", "proxies", "institutions", "restrictions"}
