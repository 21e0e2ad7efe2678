"""The snapshot retention period (R12) in 设置 › 其他: shown, saved, refused, applied by the job."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from core.account_rules import NotAllowedError
from core.errors import ValidationError
from core.retention import run_retention
from core.services import Services
from core.staff_types import DUTY_TEACHER, StaffMember
from db.models import AuditEntry
from ui.settings_page import SettingsPage


@pytest.fixture
def officer(services: Services) -> StaffMember:
    return services.accounts.create_admin("A100", "李安全", "school-safe")


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: StaffMember) -> SettingsPage:
    widget = SettingsPage(
        services.schedule, services.dismissal_settings, officer, retention=services.retention
    )
    qtbot.addWidget(widget)
    widget.tabs.setCurrentWidget(widget.grace_tab)
    return widget


def test_the_officer_sets_the_period_and_the_audit_keeps_old_and_new(
    page: SettingsPage, services: Services, db
) -> None:
    group = page.grace_tab.retention_group
    assert group is not None
    assert group.title() == "个人信息"
    assert group.days_spin.value() == 30 and group.days_spin.suffix() == " 天"
    group.days_spin.setValue(14)
    group.save()
    assert group.status_label.text() == "已保存：14 天。"
    assert services.retention.days() == 14
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "school.retention")).one()
        assert '"new": 14' in entry.payload and '"old": 30' in entry.payload
    page.refresh()
    assert group.days_spin.value() == 14


def test_out_of_range_and_other_roles_are_refused(
    services: Services, officer: StaffMember, db
) -> None:
    with pytest.raises(ValidationError) as err:
        services.retention.set_days(0, officer)
    assert err.value.code == "retention_range"
    duty = StaffMember(officer.id + 999, "D900", "值班", DUTY_TEACHER)
    with pytest.raises(NotAllowedError):
        services.retention.set_days(7, duty)
    assert services.retention.days() == 30
    with db.read() as s:
        count = select(func.count()).where(AuditEntry.action == "school.retention")
        assert s.scalar(count) == 0


def test_the_job_applies_a_shorter_period(services: Services, officer: StaffMember, clock) -> None:
    services.retention.set_days(7, officer)
    now = clock.now().replace(tzinfo=None, microsecond=0) + dt.timedelta(days=8)
    report = run_retention(services, now)  # the next start, eight days later
    assert report.retention_days == 7
    assert report.cutoff == now - dt.timedelta(days=7)
