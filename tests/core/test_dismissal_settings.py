"""Dismissal settings: the self-release policy, escalation minutes and consent dates (R3, R7)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import delete, func, select

from core.account_rules import NotAllowedError
from core.clock import SimulatedClock
from core.dismissal_settings import (
    DismissalPolicy,
    DismissalSettings,
    grades_from_mask,
    mask_from_grades,
)
from core.errors import NotFoundError, ValidationError
from core.services import Services
from core.setup import initialise, open_database
from core.staff_types import StaffMember
from db.engine import Database
from db.models import AuditEntry, Enrolment, School, SchoolClass, Student

TODAY = dt.date(2026, 12, 1)
TERM_START = dt.date(2026, 9, 1)


def audit_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditEntry.id))) or 0


def last_audit(db: Database) -> AuditEntry:
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        s.expunge(entry)
        return entry


def school_row(db: Database) -> tuple[int, int, int, int]:
    with db.read() as s:
        school = s.get(School, 1)
        assert school is not None
        return (
            school.self_release_grades,
            school.escalate_call_min,
            school.escalate_custody_min,
            school.escalate_officer_min,
        )


def pupils(db: Database, departure: str, grade: int) -> list[tuple[int, str, dt.date | None]]:
    with db.read() as s:
        return [
            (r.id, r.student_no, r.self_release_consent_on)
            for r in s.execute(
                select(Student.id, Student.student_no, Enrolment.self_release_consent_on)
                .join(Enrolment)
                .join(SchoolClass, Student.class_id == SchoolClass.id)
                .where(Enrolment.departure == departure, SchoolClass.grade == grade)
                .order_by(Student.student_no)
            )
        ]


@pytest.fixture
def settings(demo_services: Services) -> DismissalSettings:
    return demo_services.dismissal_settings


@pytest.fixture
def officer(demo_services: Services) -> StaffMember:
    return demo_services.accounts.sign_in("A001", "1234")


@pytest.fixture
def teacher(demo_services: Services) -> StaffMember:
    return demo_services.accounts.sign_in("T001", "1234")


@pytest.fixture
def pupil(demo_db: Database) -> tuple[int, str, dt.date | None]:
    """A grade-5 pupil who goes home alone, with the consent the demo gave."""
    return pupils(demo_db, "self", 5)[0]


# --- the policy ------------------------------------------------------------------------------


def test_defaults_allow_grades_three_to_six_and_escalate_at_5_15_30(services: Services) -> None:
    assert services.dismissal_settings.policy() == DismissalPolicy(
        frozenset({3, 4, 5, 6}), 5, 15, 30, 10
    )


def test_policy_includes_the_grace_period_from_the_schedule(services: Services) -> None:
    services.schedule.set_grace_minutes(20, "王老师")
    assert services.dismissal_settings.policy().grace_min == 20


def test_grade_mask_round_trips() -> None:
    assert mask_from_grades({3, 4, 5, 6}) == 0b1111000
    assert grades_from_mask(0b1111000) == {3, 4, 5, 6}
    assert grades_from_mask(mask_from_grades(())) == frozenset()


def test_policy_tells_allowed_grades() -> None:
    policy = DismissalPolicy(frozenset({3, 4}), 5, 15, 30, 10)
    assert policy.allows_grade(3)
    assert not policy.allows_grade(2)


# --- self-release grades ---------------------------------------------------------------------


def test_sets_self_release_grades_with_old_and_new_in_the_audit(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    settings.set_self_release_grades([4, 5, 6, 5], officer)
    assert settings.policy().self_release_grades == {4, 5, 6}
    assert school_row(demo_db)[0] == 0b1110000
    entry = last_audit(demo_db)
    assert (entry.action, entry.entity, entry.entity_id) == (
        "school.self_release_grades",
        "school",
        "1",
    )
    assert entry.actor == officer.actor
    assert json.loads(entry.payload) == {"old": [3, 4, 5, 6], "new": [4, 5, 6]}


def test_no_grade_may_leave_alone_when_the_set_is_empty(
    settings: DismissalSettings, officer: StaffMember
) -> None:
    settings.set_self_release_grades([], officer)
    assert settings.policy().self_release_grades == frozenset()


@pytest.mark.parametrize("grades", [[0, 3], [3, 7], [-1]])
def test_refuses_grades_outside_one_to_six_and_writes_nothing(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database, grades: list[int]
) -> None:
    before, audits = school_row(demo_db), audit_count(demo_db)
    with pytest.raises(ValidationError) as err:
        settings.set_self_release_grades(grades, officer)
    assert err.value.code == "grade_range"
    assert (school_row(demo_db), audit_count(demo_db)) == (before, audits)


def test_setting_the_same_grades_records_nothing(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    audits = audit_count(demo_db)
    settings.set_self_release_grades({6, 5, 4, 3}, officer)
    assert audit_count(demo_db) == audits


# --- escalation minutes ----------------------------------------------------------------------


def test_sets_escalation_minutes_with_audit(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    settings.set_escalation(10, 20, 45, officer)
    policy = settings.policy()
    assert (policy.call_min, policy.custody_min, policy.officer_min) == (10, 20, 45)
    entry = last_audit(demo_db)
    assert (entry.action, entry.actor) == ("school.escalation", officer.actor)
    assert json.loads(entry.payload) == {
        "old": {"call": 5, "custody": 15, "officer": 30},
        "new": {"call": 10, "custody": 20, "officer": 45},
    }


def test_accepts_the_edges_of_the_range(settings: DismissalSettings, officer: StaffMember) -> None:
    settings.set_escalation(1, 2, 240, officer)
    assert settings.policy().officer_min == 240


@pytest.mark.parametrize(
    ("minutes", "code"),
    [
        ((0, 15, 30), "escalation_range"),
        ((5, 15, 241), "escalation_range"),
        ((-5, 15, 30), "escalation_range"),
        ((15, 15, 30), "escalation_call_custody"),
        ((20, 15, 30), "escalation_call_custody"),
        ((5, 30, 30), "escalation_custody_officer"),
        ((5, 30, 20), "escalation_custody_officer"),
    ],
)
def test_refuses_out_of_range_or_unordered_minutes_and_writes_nothing(
    settings: DismissalSettings,
    officer: StaffMember,
    demo_db: Database,
    minutes: tuple[int, int, int],
    code: str,
) -> None:
    before, audits = school_row(demo_db), audit_count(demo_db)
    with pytest.raises(ValidationError) as err:
        settings.set_escalation(*minutes, officer)
    assert err.value.code == code
    assert (school_row(demo_db), audit_count(demo_db)) == (before, audits)


def test_setting_the_same_minutes_records_nothing(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    audits = audit_count(demo_db)
    settings.set_escalation(5, 15, 30, officer)
    assert audit_count(demo_db) == audits


# --- only the safety officer -----------------------------------------------------------------


def test_a_class_teacher_may_change_nothing(
    settings: DismissalSettings,
    teacher: StaffMember,
    demo_db: Database,
    pupil: tuple[int, str, dt.date | None],
) -> None:
    before, audits = school_row(demo_db), audit_count(demo_db)
    for change in (
        lambda: settings.set_self_release_grades([1, 2, 3, 4, 5, 6], teacher),
        lambda: settings.set_escalation(10, 20, 40, teacher),
        lambda: settings.set_consent(pupil[0], None, teacher),
    ):
        with pytest.raises(NotAllowedError) as err:
            change()
        assert err.value.code == "settings_not_allowed"
    assert (school_row(demo_db), audit_count(demo_db)) == (before, audits)
    assert settings.consent_of(pupil[0]) == pupil[2]


def test_a_deactivated_officer_may_change_nothing(
    demo_services: Services, settings: DismissalSettings, officer: StaffMember
) -> None:
    # Another officer deactivates this one on another station; the signed-in object is stale.
    other = demo_services.accounts.add_staff(officer, "A002", "钱安全", "safety_officer", "9753")
    demo_services.accounts.deactivate(
        StaffMember(other.id, "A002", "钱安全", "safety_officer"), officer.id
    )
    with pytest.raises(NotAllowedError):
        settings.set_escalation(10, 20, 40, officer)


# --- consent dates ---------------------------------------------------------------------------


def test_demo_self_release_pupils_of_allowed_grades_have_consent_but_one(
    demo_db: Database,
) -> None:
    older = [p for g in (3, 4, 5, 6) for p in pupils(demo_db, "self", g)]
    assert len(older) >= 30
    assert sum(1 for p in older if p[2] is None) == 1
    assert {p[2] for p in older if p[2] is not None} == {TERM_START}
    young = pupils(demo_db, "self", 1) + pupils(demo_db, "self", 2)
    assert young, "the board must show a grade the policy does not allow"


def test_records_a_consent_date_with_audit(
    settings: DismissalSettings,
    officer: StaffMember,
    demo_db: Database,
    pupil: tuple[int, str, dt.date | None],
) -> None:
    sid, student_no, old = pupil
    settings.set_consent(sid, TODAY, officer)
    assert settings.consent_of(sid) == TODAY
    entry = last_audit(demo_db)
    assert (entry.action, entry.entity, entry.entity_id, entry.actor) == (
        "enrolment.self_release_consent",
        "student",
        student_no,
        officer.actor,
    )
    assert json.loads(entry.payload) == {
        "old": old.isoformat() if old else None,
        "new": TODAY.isoformat(),
        "departure": "self",
    }


def test_withdraws_a_consent_with_audit(
    settings: DismissalSettings,
    officer: StaffMember,
    demo_db: Database,
    pupil: tuple[int, str, dt.date | None],
) -> None:
    sid = pupil[0]
    settings.set_consent(sid, TERM_START, officer)
    settings.set_consent(sid, None, officer)
    assert settings.consent_of(sid) is None
    entry = last_audit(demo_db)
    assert json.loads(entry.payload)["new"] is None
    assert json.loads(entry.payload)["old"] == TERM_START.isoformat()
    assert settings.release_state(sid).may_leave_alone is False


def test_refuses_a_consent_date_after_today_and_writes_nothing(
    settings: DismissalSettings,
    officer: StaffMember,
    demo_db: Database,
    pupil: tuple[int, str, dt.date | None],
    clock: SimulatedClock,
) -> None:
    sid, _no, old = pupil
    audits = audit_count(demo_db)
    with pytest.raises(ValidationError) as err:
        settings.set_consent(sid, clock.now().date() + dt.timedelta(days=1), officer)
    assert err.value.code == "consent_future"
    assert settings.consent_of(sid) == old
    assert audit_count(demo_db) == audits


def test_consent_received_today_by_the_clock_is_accepted(
    settings: DismissalSettings, officer: StaffMember, clock: SimulatedClock, demo_db: Database
) -> None:
    sid = pupil_without_consent(demo_db)
    clock.set(dt.datetime(2027, 1, 4, 8, 0))
    settings.set_consent(sid, dt.date(2027, 1, 4), officer)
    assert settings.consent_of(sid) == dt.date(2027, 1, 4)


def pupil_without_consent(db: Database) -> int:
    for grade in (4, 5, 6):
        for sid, _no, on in pupils(db, "self", grade):
            if on is None:
                return sid
    raise AssertionError("the demo has a self-release pupil without consent")


def test_unknown_pupil_is_not_found(settings: DismissalSettings, officer: StaffMember) -> None:
    with pytest.raises(NotFoundError):
        settings.set_consent(999_999, TODAY, officer)
    with pytest.raises(NotFoundError):
        settings.consent_of(999_999)


def test_pupil_without_enrolment_is_not_found_and_nothing_is_written(
    settings: DismissalSettings,
    officer: StaffMember,
    demo_db: Database,
    pupil: tuple[int, str, dt.date | None],
) -> None:
    with demo_db.write() as s:
        s.execute(delete(Enrolment).where(Enrolment.student_id == pupil[0]))
    audits = audit_count(demo_db)
    with pytest.raises(NotFoundError):
        settings.set_consent(pupil[0], TODAY, officer)
    with pytest.raises(NotFoundError):
        settings.consent_of(pupil[0])
    assert audit_count(demo_db) == audits


def test_release_state_combines_policy_and_consent(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    young = (pupils(demo_db, "self", 1) + pupils(demo_db, "self", 2))[0][0]
    state = settings.release_state(young)
    assert (state.departure, state.grade_allowed, state.consent_on) == ("self", False, TERM_START)
    assert not state.may_leave_alone
    settings.set_self_release_grades(range(1, 7), officer)
    assert settings.release_state(young).may_leave_alone


# --- both at once (the settings page's save button) ------------------------------------------


def test_set_policy_stores_grades_and_minutes_with_one_audit_entry_each(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    audits = audit_count(demo_db)
    settings.set_policy({5, 6}, 3, 10, 20, officer)
    assert settings.policy() == DismissalPolicy(frozenset({5, 6}), 3, 10, 20, 10)
    assert audit_count(demo_db) == audits + 2


def test_set_policy_with_bad_minutes_stores_not_even_the_grades(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    before, audits = school_row(demo_db), audit_count(demo_db)
    with pytest.raises(ValidationError) as err:
        settings.set_policy({5, 6}, 20, 10, 30, officer)
    assert err.value.code == "escalation_call_custody"
    assert (school_row(demo_db), audit_count(demo_db)) == (before, audits)


def test_set_policy_changing_only_minutes_writes_one_entry(
    settings: DismissalSettings, officer: StaffMember, demo_db: Database
) -> None:
    audits = audit_count(demo_db)
    settings.set_policy({3, 4, 5, 6}, 5, 15, 40, officer)
    assert audit_count(demo_db) == audits + 1
    assert last_audit(demo_db).action == "school.escalation"


def test_demo_built_on_a_day_without_service_still_shows_both_refusals(fresh_url: str) -> None:
    # Nobody is on a Sunday's list; the demo must still build (it once stopped here).
    db = open_database(fresh_url)
    try:
        initialise(db, SimulatedClock(dt.datetime(2026, 11, 29, 16, 20), advancing=False), True)
        older = [p for g in (3, 4, 5, 6) for p in pupils(db, "self", g)]
        assert sum(1 for p in older if p[2] is None) == 1
        assert pupils(db, "self", 1) + pupils(db, "self", 2)
    finally:
        db.dispose()
