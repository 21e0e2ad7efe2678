"""Recording handoffs: siblings in one transaction, R4 in the database, undo, the gate's list."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.errors import ValidationError
from core.handoffs import HandoffService
from core.schedule_service import ScheduleService
from db import audit
from db.models import AttendanceMark, AuditEntry, Handoff, HandoffSnapshot
from tests.core.test_verdict import DAY, Gate, at

JPEG = b"\xff\xd8\xff\xe0" + b"snapshot" * 100


def _count(gate: Gate, model=Handoff, **where) -> int:
    with gate.db.read() as s:
        query = select(func.count()).select_from(model)
        for k, v in where.items():
            query = query.where(getattr(model, k) == v)
        return s.scalar(query)


def _mark(gate: Gate, no: str) -> str | None:
    with gate.db.read() as s:
        return s.scalar(
            select(AttendanceMark.status).where(
                AttendanceMark.student_id == gate.ids[no], AttendanceMark.on_date == DAY
            )
        )


def _siblings_at(school: Gate, clock, when: str = "17:35"):
    school.present("A1", "A2")
    clock.set(at(when))
    return school.verdicts.scan(school.token(school.guardian("王芳")), station="东门")


def test_siblings_are_stored_together_with_one_snapshot(school: Gate, clock) -> None:
    verdict = _siblings_at(school, clock)

    results = school.handoffs.record(
        verdict, [school.ids["A1"], school.ids["A2"]], school.member, snapshot=JPEG
    )

    assert [r.recorded for r in results] == [True, True]
    with school.db.read() as s:
        rows = s.scalars(select(Handoff).order_by(Handoff.id)).all()
        assert {r.student_id for r in rows} == {school.ids["A1"], school.ids["A2"]}
        assert len({r.batch_id for r in rows}) == 1 and rows[0].batch_id == rows[0].id
        assert len({r.snapshot_id for r in rows}) == 1 and rows[0].snapshot_id is not None
        assert all(r.method == "card" and r.station == "东门" for r in rows)
        assert all(r.receiver_name == "王芳" and r.receiver_relation == "母亲" for r in rows)
        assert all(r.verified_by == school.member.id and r.late for r in rows)
        assert s.scalar(select(HandoffSnapshot.image)) == JPEG
    assert _count(school, AuditEntry, action="handoff.record") == 2
    assert school.handoffs.snapshot(results[0].student_id and rows[0].id) == JPEG


def test_unticked_sibling_stays_waiting(school: Gate, clock) -> None:
    verdict = _siblings_at(school, clock, "17:25")

    school.handoffs.record(verdict, [school.ids["A2"]], school.member, method="handheld")

    again = school.verdicts.scan(school.token(school.guardian("李伟")))
    assert again.child(school.ids["A1"]).verdict == "ok"
    assert again.child(school.ids["A2"]).verdict == "already_released"
    with school.db.read() as s:
        assert s.scalar(select(Handoff.method)) == "handheld"


def test_a_failure_inside_the_batch_stores_nothing(school: Gate, clock, monkeypatch) -> None:
    verdict = _siblings_at(school, clock)
    real = audit.append
    calls = []

    def failing(*args, **kwargs):
        calls.append(args[3])
        if len(calls) == 2:  # the second sibling's entry
            raise OSError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(audit, "append", failing)
    with pytest.raises(OSError):
        school.handoffs.record(verdict, [school.ids["A1"], school.ids["A2"]], school.member)

    assert _count(school) == 0 and _count(school, HandoffSnapshot) == 0
    assert _count(school, AuditEntry, action="handoff.record") == 0


def test_a_restricted_or_unoverridable_child_refuses_the_whole_batch(school: Gate, clock) -> None:
    school.present("A1", "A2")
    clock.set(at("17:35"))
    verdict = school.verdicts.scan(school.token(school.guardian("王芳")))
    ok_id = school.ids["A1"]
    release = verdict.child(ok_id)
    assert release.ok

    with pytest.raises(ValidationError) as err:
        school.handoffs.record(verdict, [ok_id, school.ids["B1"]], school.member)
    assert err.value.code == "child_not_covered"
    with pytest.raises(ValidationError) as err:
        school.handoffs.record(verdict, [], school.member)
    assert err.value.code == "nothing_selected"
    assert _count(school) == 0


def test_override_needs_reason_corrects_roll_call_and_is_stored_as_override(
    school: Gate, clock
) -> None:
    clock.set(at("17:35"))  # nobody marked A1: not present (R5)
    verdict = school.verdicts.scan(school.token(school.guardian("李伟")), station="东门")
    child = verdict.child(school.ids["A1"])
    assert child.verdict == "not_present"

    with pytest.raises(ValidationError) as err:
        school.handoffs.record(verdict, [child.student_id], school.member)
    assert err.value.code == "reason_required"
    (done,) = school.handoffs.record(
        verdict, [child.student_id], school.member, reason="点名漏记，已核实在校"
    )

    assert done.recorded and done.release.method == "override"
    assert _mark(school, "A1") == "present"
    with school.db.read() as s:
        row = s.scalar(select(Handoff))
        assert row.override_reason == "点名漏记，已核实在校" and row.replaced_status == ""


def test_the_database_allows_one_standing_handoff_per_child_and_day(school: Gate, clock) -> None:
    verdict = _siblings_at(school, clock)
    school.handoffs.record(verdict, [school.ids["A1"]], school.member)

    with pytest.raises(IntegrityError), school.db.write() as s:
        s.add(
            Handoff(
                student_id=school.ids["A1"],
                on_date=DAY,
                released_at=at("17:40"),
                method="card",
            )
        )
        s.flush()


def test_two_stations_racing_store_exactly_one(school: Gate, clock, db, services) -> None:
    school.present("A1")
    clock.set(at("17:35"))
    father = school.verdicts.scan(school.token(school.guardian("李伟")), station="东门")
    mother = school.verdicts.scan(school.token(school.guardian("王芳")), station="西门")
    other = HandoffService(db, clock, ScheduleService(db, clock))
    barrier = threading.Barrier(2)
    results = {}

    def go(name, service, verdict):
        barrier.wait()
        results[name] = service.record(verdict, [school.ids["A1"]], school.member)[0]

    threads = [
        threading.Thread(target=go, args=("east", school.handoffs, father)),
        threading.Thread(target=go, args=("west", other, mother)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(r.recorded for r in results.values()) == [False, True]
    loser = next(r for r in results.values() if not r.recorded)
    winner = next(r for r in results.values() if r.recorded)
    assert loser.verdict == "already_released"
    assert loser.release.station == winner.release.station
    assert _count(school) == 1


def test_undo_within_a_minute_lets_the_child_wait_again(school: Gate, clock) -> None:
    school.present("A1")
    clock.set(at("16:50"))  # early: marks 早退
    verdict = school.verdicts.scan(school.token(school.guardian("李伟")), station="东门")
    (done,) = school.handoffs.record(verdict, [school.ids["A1"]], school.member, reason="看牙医")
    assert done.early and _mark(school, "A1") == "left_early"
    (line,) = school.handoffs.recent()

    clock.set(at("16:50") + dt.timedelta(seconds=59))
    school.handoffs.undo(line.id, school.member, "扫错了")

    assert _mark(school, "A1") == "present"
    (line,) = school.handoffs.recent()
    assert line.undone_at is not None and not line.undoable(clock.now())
    assert _count(school) == 1  # kept, marked undone
    assert _count(school, AuditEntry, action="handoff.undo") == 1
    assert school.services.audit.verify().ok
    again = school.verdicts.scan(school.token(school.guardian("李伟")))
    assert again.child(school.ids["A1"]).verdict == "early_needs_reason"
    with pytest.raises(ValidationError) as err:
        school.handoffs.undo(line.id, school.member)
    assert err.value.code == "already_undone"
    (second,) = school.handoffs.record(again, [school.ids["A1"]], school.member, reason="看牙医")
    assert second.recorded


def test_undo_after_a_minute_is_refused(school: Gate, clock) -> None:
    verdict = _siblings_at(school, clock)
    school.handoffs.record(verdict, [school.ids["A1"]], school.member)
    (line,) = school.handoffs.recent()

    clock.set(at("17:35") + dt.timedelta(seconds=61))
    with pytest.raises(ValidationError) as err:
        school.handoffs.undo(line.id, school.member)

    assert err.value.code == "undo_expired"
    assert school.handoffs.recent()[0].undone_at is None


def test_recent_lists_the_latest_twenty_newest_first(school: Gate, clock, services) -> None:
    school.present("A1", "A2")
    for i, (no, station) in enumerate((("A1", "东门"), ("A2", "西门"))):
        clock.set(at("17:35") + dt.timedelta(minutes=i))
        verdict = school.verdicts.scan(school.token(school.guardian("王芳")), station=station)
        school.handoffs.record(verdict, [school.ids[no]], school.member)

    lines = school.handoffs.recent()
    assert [(x.student_name, x.station, x.class_name) for x in lines] == [
        ("李小二", "西门", "三(2)班"),
        ("李小一", "东门", "一(1)班"),
    ]
    assert [x.student_name for x in school.handoffs.recent(station="东门")] == ["李小一"]
    assert lines[0].verified_by == "值班老师" and lines[0].undoable(clock.now())
    assert len(school.handoffs.recent(limit=1)) == 1


def test_snapshots_older_than_retention_are_purged(school: Gate, clock) -> None:
    verdict = _siblings_at(school, clock)
    school.handoffs.record(verdict, [school.ids["A1"]], school.member, snapshot=JPEG)

    clock.set(at("17:35") + dt.timedelta(days=29))
    assert school.handoffs.purge_snapshots() == 0
    clock.set(at("17:35") + dt.timedelta(days=31))
    assert school.handoffs.purge_snapshots() == 1

    assert _count(school, HandoffSnapshot) == 0 and _count(school) == 1
    with school.db.read() as s:
        assert s.scalar(select(Handoff.snapshot_id)) is None


def test_an_adult_not_on_the_list_is_never_released_even_with_a_reason(school: Gate, clock) -> None:
    school.present("B1")
    clock.set(at("17:35"))
    verdict = school.verdicts.check_person(school.ids["B1"], school.guardian("李伟"))
    assert verdict.verdict == "not_authorized"

    with pytest.raises(ValidationError) as err:
        school.handoffs.record(verdict, [school.ids["B1"]], school.member, reason="他说是舅舅")

    assert err.value.code == "not_overridable"
    assert _count(school) == 0
