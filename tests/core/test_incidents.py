"""Incidents and the daily patrol (R13): who records, what is refused, and the audit (R10)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from core.errors import NotFoundError, ValidationError
from core.incidents import MAX_TEXT, IncidentDraft, PatrolDraft, SafetyRecords
from db.models import AuditEntry, Incident, Patrol, Staff
from tests.core.test_clubs import TUESDAY, School, at, build_school

MONDAY = TUESDAY - dt.timedelta(days=1)


@pytest.fixture
def school(db, services) -> School:
    return build_school(db, services)


@pytest.fixture
def safety(school: School, services) -> SafetyRecords:
    return services.safety


def fall(school: School, **changes) -> IncidentDraft:
    """安安 fell in the yard at 15:10; the teacher cleaned the graze and told the mother."""
    draft = IncidentDraft(
        "injury",
        at(15, 10),
        "操场跑步时摔倒，膝盖擦伤",
        "校医消毒包扎",
        school.pupils["A"],
        at(15, 20),
        school.staff["T001"].id,
    )
    return dataclasses.replace(draft, **changes)


def walk(school: School, **changes) -> PatrolDraft:
    draft = PatrolDraft(at(15, 30), school.staff["A001"].id, "各班秩序良好", "三(2)班安静", "")
    return dataclasses.replace(draft, **changes)


def counts(school: School) -> tuple[int, int, int]:
    with school.db.read() as s:
        return (
            s.scalar(select(func.count(Incident.id))) or 0,
            s.scalar(select(func.count(Patrol.id))) or 0,
            s.scalar(select(func.count(AuditEntry.id))) or 0,
        )


def audit_of(school: School, action: str) -> list[tuple[str, str, dict]]:
    with school.db.read() as s:
        rows = s.execute(
            select(AuditEntry.actor, AuditEntry.entity_id, AuditEntry.payload)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.seq)
        ).all()
    return [(actor, entity_id, json.loads(payload)) for actor, entity_id, payload in rows]


# --- incidents ---


def test_a_teacher_records_an_incident_with_names_and_an_audit_entry(school, safety):
    teacher = school.staff["T001"]

    entry = safety.record_incident(teacher, fall(school))

    assert (entry.kind, entry.student_name, entry.class_name) == ("injury", "安安", "三(2)班")
    assert entry.on_date == TUESDAY and entry.happened_at == at(15, 10)
    assert entry.guardian_notified_at == at(15, 20) and entry.notified_by == "王芳(T001)"
    assert entry.recorded_by == "王芳(T001)" and entry.recorded_at == at(15, 40)
    assert entry.corrections == 0
    assert safety.incidents(TUESDAY) == [entry]
    [(actor, entity_id, payload)] = audit_of(school, "incident.record")
    assert (actor, entity_id) == ("王芳(T001)", str(entry.id))
    assert payload["date"] == "2026-12-01" and payload["kind"] == "injury"
    assert payload["student_id"] == school.pupils["A"] and payload["notified_by"] == teacher.id


@pytest.mark.parametrize("who", ["T001", "D001", "A001"])
def test_every_role_records_incidents(school, safety, who):
    safety.record_incident(school.staff[who], fall(school))
    assert len(safety.incidents(TUESDAY)) == 1


def test_an_incident_may_name_no_pupil_and_no_notice_yet(school, safety):
    entry = safety.record_incident(
        school.staff["D001"],
        IncidentDraft("conflict", at(15, 35), "两位家长在校门口争执", "劝离并报告安全员"),
    )
    assert (entry.student_id, entry.student_name, entry.class_name) == (None, "", "")
    assert entry.guardian_notified_at is None and entry.notified_by == ""


def test_a_notifier_without_a_notice_time_is_not_stored(school, safety):
    entry = safety.record_incident(
        school.staff["T001"], fall(school, guardian_notified_at=None, notified_by=5)
    )
    assert entry.notified_by_id is None


def test_texts_are_trimmed(school, safety):
    entry = safety.record_incident(
        school.staff["T001"], fall(school, description="  摔倒 \n", action_taken=" 包扎 ")
    )
    assert (entry.description, entry.action_taken) == ("摔倒", "包扎")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "fire"}, "incident_kind"),
        ({"happened_at": at(15, 41)}, "in_future"),
        ({"guardian_notified_at": at(15, 45)}, "in_future"),
        ({"guardian_notified_at": at(15, 5)}, "notified_before"),
        ({"notified_by": None}, "notifier_required"),
        ({"description": "  "}, "description_required"),
        ({"action_taken": ""}, "action_required"),
        ({"description": "很" * (MAX_TEXT + 1)}, "text_too_long"),
        ({"action_taken": "很" * (MAX_TEXT + 1)}, "text_too_long"),
    ],
)
def test_refused_incidents_write_nothing(school, safety, changes, code):
    before = counts(school)
    with pytest.raises(ValidationError) as refused:
        safety.record_incident(school.staff["T001"], fall(school, **changes))
    assert refused.value.code == code
    assert counts(school) == before


def test_the_incident_may_be_told_at_the_minute_it_happened(school, safety):
    entry = safety.record_incident(
        school.staff["T001"], fall(school, guardian_notified_at=at(15, 10))
    )
    assert entry.guardian_notified_at == entry.happened_at


@pytest.mark.parametrize("field", ["student_id", "notified_by"])
def test_unknown_pupil_or_notifier_is_not_found_and_nothing_is_written(school, safety, field):
    before = counts(school)
    with pytest.raises(NotFoundError):
        safety.record_incident(school.staff["T001"], fall(school, **{field: 9999}))
    assert counts(school) == before


def test_an_inactive_notifier_or_recorder_is_refused(school, safety):
    with school.db.write() as s:
        s.get(Staff, school.staff["T002"].id).active = False
    before = counts(school)
    with pytest.raises(NotFoundError):
        safety.record_incident(
            school.staff["T001"], fall(school, notified_by=school.staff["T002"].id)
        )
    with pytest.raises(ValidationError) as refused:
        safety.record_incident(school.staff["T002"], fall(school))
    assert refused.value.code == "not_allowed"
    assert counts(school) == before


def test_incidents_are_listed_per_day_by_time(school, safety):
    teacher = school.staff["T001"]
    late = safety.record_incident(
        teacher, fall(school, happened_at=at(15, 30), guardian_notified_at=None)
    )
    early = safety.record_incident(teacher, fall(school, happened_at=at(15, 0)))
    old = safety.record_incident(
        teacher,
        fall(school, happened_at=at(15, 0) - dt.timedelta(days=1), guardian_notified_at=None),
    )
    assert [e.id for e in safety.incidents(TUESDAY)] == [early.id, late.id]
    assert [e.id for e in safety.incidents(MONDAY)] == [old.id]


# --- corrections ---


def test_the_recorder_adds_the_notice_later_and_the_audit_keeps_both(school, safety, clock):
    teacher = school.staff["T001"]
    entry = safety.record_incident(teacher, fall(school, guardian_notified_at=None))
    clock.set(at(15, 55))

    fixed = safety.correct_incident(
        teacher,
        entry.id,
        dataclasses.replace(
            entry.draft(), guardian_notified_at=at(15, 50), notified_by=school.staff["D001"].id
        ),
    )

    assert fixed.guardian_notified_at == at(15, 50) and fixed.notified_by == "赵军(D001)"
    assert fixed.corrections == 1 and fixed.recorded_at == at(15, 40)
    assert safety.incidents(TUESDAY) == [fixed]
    [(actor, entity_id, payload)] = audit_of(school, "incident.correct")
    assert (actor, entity_id) == ("王芳(T001)", str(entry.id))
    assert payload["before"] == {
        "date": "2026-12-01",
        "guardian_notified_at": None,
        "notified_by": None,
    }
    assert payload["after"] == {
        "date": "2026-12-01",
        "guardian_notified_at": "2026-12-01 15:50:00",
        "notified_by": school.staff["D001"].id,
    }


def test_only_the_recorder_or_the_safety_officer_corrects(school, safety):
    entry = safety.record_incident(school.staff["T001"], fall(school))
    changed = dataclasses.replace(entry.draft(), action_taken="校医消毒包扎，家长接回")
    before = counts(school)
    for other in ("T002", "D001"):
        with pytest.raises(ValidationError) as refused:
            safety.correct_incident(school.staff[other], entry.id, changed)
        assert refused.value.code == "not_allowed"
    assert counts(school) == before
    fixed = safety.correct_incident(school.staff["A001"], entry.id, changed)
    assert fixed.action_taken == "校医消毒包扎，家长接回"
    assert audit_of(school, "incident.correct")[0][0] == "周建华(A001)"


def test_a_correction_is_checked_like_a_record(school, safety):
    teacher = school.staff["T001"]
    entry = safety.record_incident(teacher, fall(school))
    before = counts(school)
    with pytest.raises(ValidationError) as unchanged:
        safety.correct_incident(teacher, entry.id, entry.draft())
    with pytest.raises(ValidationError) as early:
        safety.correct_incident(
            teacher, entry.id, dataclasses.replace(entry.draft(), guardian_notified_at=at(15, 0))
        )
    with pytest.raises(NotFoundError):
        safety.correct_incident(teacher, 9999, entry.draft())
    assert (unchanged.value.code, early.value.code) == ("no_change", "notified_before")
    assert counts(school) == before
    assert safety.incidents(TUESDAY) == [entry]


def test_a_correction_to_another_day_names_both_days(school, safety):
    teacher = school.staff["T001"]
    entry = safety.record_incident(teacher, fall(school, guardian_notified_at=None))
    yesterday = at(15, 10) - dt.timedelta(days=1)
    safety.correct_incident(
        teacher, entry.id, dataclasses.replace(entry.draft(), happened_at=yesterday)
    )
    assert safety.incidents(TUESDAY) == []
    assert [e.id for e in safety.incidents(MONDAY)] == [entry.id]
    payload = audit_of(school, "incident.correct")[0][2]
    assert (payload["before"]["date"], payload["after"]["date"]) == ("2026-12-01", "2026-11-30")


# --- patrols ---


def test_a_duty_teacher_records_the_officers_patrol(school, safety):
    entry = safety.record_patrol(school.staff["D001"], walk(school))
    assert (entry.inspector, entry.recorded_by) == ("周建华(A001)", "赵军(D001)")
    assert (entry.findings, entry.praise, entry.problems) == ("各班秩序良好", "三(2)班安静", "")
    assert entry.on_date == TUESDAY and entry.at == at(15, 30)
    assert safety.patrols(TUESDAY) == [entry]
    [(actor, entity_id, payload)] = audit_of(school, "patrol.record")
    assert (actor, entity_id) == ("赵军(D001)", str(entry.id))
    assert payload["date"] == "2026-12-01" and payload["inspector_id"] == school.staff["A001"].id


def test_who_may_patrol(school, safety):
    assert safety.may_patrol(school.staff["D001"]) and safety.may_patrol(school.staff["A001"])
    assert not safety.may_patrol(school.staff["T001"])
    before = counts(school)
    with pytest.raises(ValidationError) as refused:
        safety.record_patrol(school.staff["T001"], walk(school))
    assert refused.value.code == "not_allowed"
    assert counts(school) == before


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"at": at(15, 41)}, "in_future"),
        ({"findings": " "}, "findings_required"),
        ({"praise": "好" * (MAX_TEXT + 1)}, "text_too_long"),
        ({"problems": "差" * (MAX_TEXT + 1)}, "text_too_long"),
    ],
)
def test_refused_patrols_write_nothing(school, safety, changes, code):
    before = counts(school)
    with pytest.raises(ValidationError) as refused:
        safety.record_patrol(school.staff["A001"], walk(school, **changes))
    assert refused.value.code == code
    assert counts(school) == before


def test_an_unknown_inspector_is_not_found(school, safety):
    before = counts(school)
    with pytest.raises(NotFoundError):
        safety.record_patrol(school.staff["A001"], walk(school, inspector_id=9999))
    assert counts(school) == before


def test_a_patrol_is_corrected_with_old_and_new_in_the_audit(school, safety):
    duty = school.staff["D001"]
    entry = safety.record_patrol(duty, walk(school))
    with pytest.raises(ValidationError) as refused:
        safety.correct_patrol(school.staff["T001"], entry.id, entry.draft())
    assert refused.value.code == "not_allowed"

    fixed = safety.correct_patrol(
        duty, entry.id, dataclasses.replace(entry.draft(), problems="走廊拥挤")
    )

    assert fixed.problems == "走廊拥挤" and fixed.corrections == 1
    payload = audit_of(school, "patrol.correct")[0][2]
    assert payload == {
        "before": {"date": "2026-12-01", "problems": ""},
        "after": {"date": "2026-12-01", "problems": "走廊拥挤"},
    }


def test_staff_for_the_pickers_are_the_active_ones(school, safety):
    with school.db.write() as s:
        s.get(Staff, school.staff["T002"].id).active = False
    assert [c.staff_no for c in safety.staff()] == ["A001", "D001", "T001", "T003"]
