"""Day close (R8): refused with the unaccounted children, done with the log archived, re-issued."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import func, select

from core.daily_log import build_daily_log
from core.day_close import DayCloseService, pdf_log_writer
from core.errors import ValidationError
from db.models import AuditEntry, DayClose, DayLogIssue
from tests.core.test_dismissal import Afternoon, afternoon  # noqa: F401 (a fixture)
from tests.core.test_verdict import DAY


@pytest.fixture
def closing(afternoon: Afternoon, db, services, tmp_path: Path) -> DayCloseService:  # noqa: F811
    writer = pdf_log_writer(lambda day: build_daily_log(db, services, day))
    return DayCloseService(db, afternoon.clock, services.dismissal, writer, tmp_path / "archive")


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_close_is_refused_while_a_present_child_is_unaccounted(
    afternoon: Afternoon,  # noqa: F811
    closing: DayCloseService,
    db,
    tmp_path: Path,
) -> None:
    af = afternoon
    af.present("A1", "B1", "D1")
    af.at("17:45")
    with pytest.raises(ValidationError) as err:
        closing.close(DAY, af.duty)
    assert err.value.code == "unaccounted"
    assert err.value.params["names"] == ["一(1)班 李小一", "五(1)班 张三", "五(1)班 孙七"]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(DayClose)) == 0
    assert not list((tmp_path / "archive").glob("*"))  # nothing half-written

    # A handoff, a self-release and a custody account for all three.
    af.card_release("A1")
    af.board.confirm_self_release([af.ids["B1"]], af.duty)
    af.board.take_custody(af.ids["D1"], af.other_duty.id, af.duty)
    issue = closing.close(DAY, af.duty)
    assert issue.version == 1 and issue.path.exists()
    assert hashlib.sha256(issue.path.read_bytes()).hexdigest() == issue.sha256
    text = _text(issue.path)
    assert "李小一" in text and "留校看护" in text and "第 1 页" in text
    status = closing.status(DAY)
    assert status.closed and status.corrections == 0 and status.closed_by == "值班老师(D001)"
    with pytest.raises(ValidationError) as err:
        closing.close(DAY, af.duty)
    assert err.value.code == "already_closed"


def test_a_correction_after_close_gets_a_reissued_log(
    afternoon: Afternoon,  # noqa: F811
    closing: DayCloseService,
    db,
) -> None:
    af = afternoon
    af.present("A1")
    af.at("17:30")
    af.card_release("A1")
    first = closing.close(DAY, af.duty)
    # Next morning the class teacher corrects a roll-call mark of the closed day.
    af.at("18:10")
    af.gate.services.attendance.mark(af.ids["D1"], DAY, 1, "sick", af.duty)
    assert closing.status(DAY).corrections == 1
    with pytest.raises(ValidationError):
        closing.reissue(DAY, af.duty, "  ")
    second = closing.reissue(DAY, af.duty, "补录孙七病假")
    assert second.version == 2 and second.path != first.path and first.path.exists()
    text = _text(second.path)
    assert "第2版，更正后重新出具：补录孙七病假" in text
    assert "第2版" not in _text(first.path)
    status = closing.status(DAY)
    assert [i.version for i in status.issues] == [1, 2] and status.corrections == 0
    with db.read() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("day.%"))).all()
        assert actions == ["day.close", "day.reissue"]
        assert s.scalar(select(func.count()).select_from(DayLogIssue)) == 2


def test_a_day_in_the_future_cannot_be_closed(afternoon, closing) -> None:  # noqa: F811
    afternoon.at("12:00")
    with pytest.raises(ValidationError) as err:
        closing.close(DAY.replace(day=2), afternoon.duty)
    assert err.value.code == "future_day"


def test_corrections_after_close_are_reissued_by_themselves_and_listed(
    afternoon: Afternoon,  # noqa: F811
    closing: DayCloseService,
    db,
    services,
    tmp_path: Path,
) -> None:
    af = afternoon
    af.present("A1", "D1")
    af.at("17:40")
    af.card_release("A1")
    af.board.take_custody(af.ids["D1"], af.other_duty.id, af.duty)
    first = closing.close(DAY, af.duty)
    assert closing.reissue_due(af.duty) == []  # nothing changed since the close

    # After the close: 孙七's father collects him from custody, and a leave is entered late
    # for 周八 over a range that covers the closed day (its audit entry names no "date").
    af.at("18:40")
    af.card_release("D1", holder="孙亮")
    services.attendance.add_leave(
        af.ids["D2"], DAY, DAY + dt.timedelta(days=1), "sick", "发烧", "母亲电话", af.duty
    )
    # Another day's change is not a correction of this one.
    af.at("15:30", DAY + dt.timedelta(days=1))
    af.present("A1", day=DAY + dt.timedelta(days=1))

    issued = closing.reissue_due(af.duty)
    assert [i.version for i in issued] == [2]
    assert first.path.exists() and issued[0].path.name == f"看管记录-{DAY}-第2版.pdf"
    text = _text(issued[0].path)
    assert "第2版，更正后重新出具：日结后有 2 项更正，自动重新出具" in text
    assert "日结后的更正" in text
    assert "补录接领" in text and "孙七" in text and "孙亮（父亲）" in text
    assert "补录请假" in text and "周八" in text and "病假" in text
    assert "日结后的更正" not in _text(first.path)
    assert closing.status(DAY).corrections == 0
    # Nothing new: no third issue, and a second station finds nothing to do either.
    assert closing.reissue_due(af.duty) == []
    writer = pdf_log_writer(lambda day: build_daily_log(db, services, day))
    other = DayCloseService(db, af.clock, services.dismissal, writer, tmp_path / "archive")
    assert other.reissue_due(af.other_duty) == []

    # A station that saw the correction before another re-issued it stores no duplicate.
    af.at("09:00", DAY + dt.timedelta(days=1))
    services.attendance.mark(af.ids["A1"], DAY, 1, "late", af.duty)
    with pytest.raises(ValidationError) as err:
        other.reissue(DAY, af.other_duty, "补录", after_seq=first_seq(db))
    assert err.value.code == "already_reissued"
    assert [i.version for i in other.reissue_due(af.other_duty)] == [3]
    assert closing.reissue_due(af.duty) == []
    third = _text(closing.status(DAY).issues[-1].path)
    assert "更正考勤" in third and "出勤→迟到" in third and "补录接领" in third
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(DayLogIssue)) == 3


def first_seq(db) -> int:
    with db.read() as s:
        return s.scalar(select(DayLogIssue.audit_seq).where(DayLogIssue.version == 1))
