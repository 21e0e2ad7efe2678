"""The demo's simulated past: ten school days of records before the demo day (built at TEST_NOW)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from core.coverage_types import UNCOVERED
from core.demo_history import history_days
from core.dismissal_types import HANDED_OVER
from core.reports import ReportService
from core.services import Services
from db.engine import Database
from db.models import (
    AttendanceMark,
    AuditEntry,
    CustodyTransfer,
    GroupTransfer,
    GuardianCall,
    Handoff,
    Incident,
    Patrol,
)
from tests.conftest import TEST_NOW

TODAY = TEST_NOW.date()


@pytest.fixture
def days(demo_db: Database) -> list[dt.date]:
    with demo_db.read() as s:
        return history_days(s, TODAY)


def test_the_ten_school_days_before_the_demo_day_have_marks_and_handoffs(demo_db, days):
    assert len(days) == 10
    assert all(d.isoweekday() <= 5 and d < TODAY for d in days)
    assert days[0] == dt.date(2026, 11, 17) and days[-1] == dt.date(2026, 11, 30)
    with demo_db.read() as s:
        marked = dict(
            s.execute(
                select(AttendanceMark.on_date, func.count()).group_by(AttendanceMark.on_date)
            ).all()
        )
        handed = dict(
            s.execute(select(Handoff.on_date, func.count()).group_by(Handoff.on_date)).all()
        )
    assert set(marked) == set(handed) == set(days)  # nothing on the demo day itself
    assert all(marked[d] > 250 and handed[d] > 250 for d in days)


def test_every_pupil_who_came_leaves_exactly_once_a_day(demo_db, days):
    with demo_db.read() as s:
        came = defaultdict(set)
        for sid, on in s.execute(
            select(AttendanceMark.student_id, AttendanceMark.on_date).where(
                AttendanceMark.period == 1,
                AttendanceMark.status.in_(("present", "late", "left_early")),
            )
        ):
            came[on].add(sid)
        left = Counter(
            s.execute(
                select(Handoff.on_date, Handoff.student_id).where(Handoff.undone_at.is_(None))
            ).all()
        )
    assert max(left.values()) == 1  # R4
    for day in days:
        assert {sid for on, sid in left if on == day} == came[day]


def test_statuses_cover_late_absent_and_leave(demo_services: Services, days):
    counts: Counter[str] = Counter()
    leave = 0
    for day in days:
        sheet = demo_services.attendance.day_sheet(day)
        counts.update(r.status for c in sheet.classes for r in c.rows if r.status)
        leave += sum(1 for c in sheet.classes for r in c.rows if r.leave)
    assert counts["present"] > 3000
    assert counts["late"] >= 10 and counts["absent"] >= 10 and counts["left_early"] >= 10
    assert leave >= 10


def test_pickups_show_every_way_of_leaving(demo_db):
    with demo_db.read() as s:
        rows = s.scalars(select(Handoff)).all()
    by_method = Counter(h.method for h in rows)
    assert by_method["card"] > by_method["handheld"] > 0
    checked = [h for h in rows if h.method == "identity_check"]
    assert checked and all(h.override_reason and h.guardian_id for h in checked)
    alone = [h for h in rows if h.method == "self"]
    assert alone and all(h.receiver_name == "" and not h.late for h in alone)
    assert any(h.institution_staff_id for h in rows if h.method == "institution")
    early = [h for h in rows if h.early]
    assert early and all(h.override_reason and h.replaced_status for h in early)
    assert sum(h.late for h in rows) >= 10


def test_early_pickup_marks_the_child_left_early(demo_db):
    with demo_db.read() as s:
        early = s.scalars(select(Handoff).where(Handoff.early.is_(True))).first()
        assert early is not None
        mark = s.scalar(
            select(AttendanceMark).where(
                AttendanceMark.student_id == early.student_id,
                AttendanceMark.on_date == early.on_date,
                AttendanceMark.period == 1,
            )
        )
    assert mark is not None and mark.status == "left_early"
    assert early.released_at.time() < dt.time(17, 10)


def test_flagged_child_is_called_kept_and_collected_late(demo_db, demo_services: Services):
    with demo_db.read() as s:
        custody = s.scalars(select(CustodyTransfer)).one()
        calls = s.scalars(
            select(GuardianCall)
            .where(GuardianCall.student_id == custody.student_id)
            .order_by(GuardianCall.at)
        ).all()
        handoff = s.scalars(
            select(Handoff).where(
                Handoff.student_id == custody.student_id, Handoff.on_date == custody.on_date
            )
        ).one()
    assert [c.result for c in calls] == ["no_answer", "on_the_way"]
    assert all("（" in c.callee and c.guardian_id and c.staff_id for c in calls)
    assert calls[-1].at < custody.at < handoff.released_at
    child = demo_services.dismissal.board(custody.on_date).child(custody.student_id)
    assert child is not None and child.state == HANDED_OVER and child.was_flagged
    assert child.flag_at is not None and handoff.late
    assert handoff.released_at >= child.flag_at + dt.timedelta(minutes=20)
    assert handoff.verified_by == custody.teacher_id


def test_no_child_is_left_waiting_on_a_history_day(demo_services: Services, days):
    for day in days:
        board = demo_services.dismissal.board(day)
        assert board.children
        assert [c.name for c in board.children if c.still_waiting] == []


def test_each_class_is_handed_over_with_one_recount(demo_db, days):
    with demo_db.read() as s:
        rows = s.scalars(select(GroupTransfer)).all()
    per_day = Counter(t.on_date for t in rows if t.group_kind == "class")
    assert all(per_day[d] >= 20 for d in days)
    short = [t for t in rows if t.head_count != t.expected]
    assert len(short) == 1 and short[0].head_count == short[0].expected - 1
    recount = [
        t
        for t in rows
        if (t.on_date, t.class_id) == (short[0].on_date, short[0].class_id) and t.at > short[0].at
    ]
    assert len(recount) == 1 and recount[0].head_count == recount[0].expected


def test_incidents_and_a_patrol_every_day(demo_db, days):
    with demo_db.read() as s:
        incidents = s.scalars(select(Incident)).all()
        patrols = s.scalars(select(Patrol)).all()
    injury = next(i for i in incidents if i.kind == "injury")
    assert injury.guardian_notified_at == injury.happened_at + dt.timedelta(minutes=10)
    assert injury.description and injury.action_taken and injury.notified_by
    assert sorted(p.on_date for p in patrols) == days
    assert all(p.findings for p in patrols)


def test_coverage_has_one_gap_in_ten_days(demo_services: Services, days):
    gaps = [
        (day, period, g.name)
        for day in days
        for period in (1, 2)
        for g in demo_services.coverage.board(day, period).groups
        if g.state == UNCOVERED
    ]
    assert len(gaps) == 1


def test_weekly_diagnosis_names_a_family_late_three_times(demo_services: Services):
    sv = demo_services
    week = ReportService(sv._db, sv.schedule, sv.dismissal, sv.coverage).weekly_diagnosis(
        dt.date(2026, 11, 23)
    )
    assert len(week.service_days) == 5
    repeat = [f for c in week.classes for f in c.repeat_families]
    assert any(f.endswith("3 次") for f in repeat)
    assert sum(c.late_pickups for c in week.classes) >= 5
    assert any(c.flagged for c in week.classes) and any(c.incidents for c in week.classes)


def test_audit_chain_verifies_and_history_runs_in_time_order(
    demo_db, demo_services: Services, days: list[dt.date]
):
    assert demo_services.audit.verify().ok
    with demo_db.read() as s:
        history = s.execute(
            select(AuditEntry.at, AuditEntry.action)
            .where(AuditEntry.at < dt.datetime.combine(TODAY, dt.time()))
            .order_by(AuditEntry.seq)
        ).all()
        handoffs = s.scalar(select(func.count(Handoff.id)))
    # The set-up closes the past days afterwards (each at 18:30, through the real day close):
    # those come last in the chain, in their own time order.
    closes = [at for at, action in history if action == "day.close"]
    times = [at for at, action in history if action != "day.close"]
    assert times == sorted(times)
    assert [action for _at, action in history[-len(closes) :]] == ["day.close"] * len(closes)
    assert closes == sorted(closes) and len(closes) == len(days)
    actions = Counter(action for _at, action in history)
    assert actions["handoff.record"] == handoffs
    assert {"attendance.mark", "attendance.correct", "leave.add", "duty.checkin"} <= set(actions)
    assert {"dismissal.call", "dismissal.custody", "dismissal.group_transfer"} <= set(actions)
    assert {"incident.record", "patrol.record"} <= set(actions)
