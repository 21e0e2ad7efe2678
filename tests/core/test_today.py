"""Today's list (R1) over a real database: enrolment status, service days, leave, overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.services import Services
from core.today import mask_phone
from db.engine import Database
from db.models import Enrolment, Leave, Student

TUESDAY = dt.date(2026, 12, 1)


def pupil(no: str, grade: int = 3, class_no: int = 2, **kw) -> StudentRecord:
    return StudentRecord(
        student_no=no, name=f"学生{no}", gender="男", grade=grade, class_no=class_no, **kw
    )


def add(db: Database, *records: StudentRecord) -> None:
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)


def expected_numbers(services: Services, day: dt.date = TUESDAY) -> set[str]:
    ov = services.today.overview(day)
    return {p.student_no for b in ov.bands for c in b.classes for p in c.expected}


def set_status(db: Database, no: str, status: str) -> None:
    with db.write() as s:
        st = s.scalar(select(Student).where(Student.student_no == no))
        s.scalar(select(Enrolment).where(Enrolment.student_id == st.id)).status = status


@pytest.mark.parametrize(
    ("status", "on_list"),
    [("signed", True), ("approved", False), ("applied", False), ("none", False)],
)
def test_only_signed_enrolments_are_on_the_list(db, services, status, on_list):
    add(db, pupil("1"))
    set_status(db, "1", status)
    assert ("1" in expected_numbers(services)) is on_list


@pytest.mark.parametrize(
    ("weekdays", "date", "on_list"),
    [
        ((1, 3, 5), dt.date(2026, 11, 30), True),  # Monday
        ((1, 3, 5), TUESDAY, False),
        ((2, 4), TUESDAY, True),
        ((1, 2, 3, 4, 5), dt.date(2026, 12, 5), False),  # Saturday: no service at all
    ],
)
def test_service_days_decide_the_list(db, services, weekdays, date, on_list):
    add(db, pupil("1", weekdays=weekdays))
    assert ("1" in expected_numbers(services, date)) is on_list


def test_not_enrolled_pupil_is_not_on_the_list(db, services):
    add(db, pupil("1", after_school=False), pupil("2"))
    assert expected_numbers(services) == {"2"}


def test_inactive_pupil_is_not_on_the_list(db, services):
    add(db, pupil("1"))
    with db.write() as s:
        s.scalar(select(Student)).active = False
    assert expected_numbers(services) == set()


@pytest.mark.parametrize(
    ("start", "end", "cancelled", "on_leave"),
    [
        (TUESDAY, TUESDAY, False, True),
        (TUESDAY - dt.timedelta(days=1), TUESDAY + dt.timedelta(days=2), False, True),
        (TUESDAY + dt.timedelta(days=1), TUESDAY + dt.timedelta(days=2), False, False),
        (TUESDAY - dt.timedelta(days=3), TUESDAY - dt.timedelta(days=1), False, False),
        (TUESDAY, TUESDAY, True, False),
    ],
)
def test_leave_covering_the_day_moves_pupil_to_on_leave(
    db, services, start, end, cancelled, on_leave
):
    add(db, pupil("1"))
    with db.write() as s:
        sid = s.scalar(select(Student.id))
        s.add(
            Leave(student_id=sid, kind="sick", start_date=start, end_date=end, cancelled=cancelled)
        )
    ov = services.today.overview(TUESDAY)
    cls = ov.bands[1].classes[0]
    assert (len(cls.on_leave), len(cls.expected)) == ((1, 0) if on_leave else (0, 1))
    assert ov.bands[1].enrolled == 1


def test_pupils_are_grouped_by_band_and_class_with_counts(db, services):
    add(db, pupil("1", 1, 1), pupil("2", 2, 3), pupil("3", 2, 3), pupil("4", 6, 1))
    ov = services.today.overview(TUESDAY)
    shape = [[(c.name, len(c.expected)) for c in b.classes] for b in ov.bands]
    assert shape == [[("一(1)班", 1), ("二(3)班", 2)], [], [("六(1)班", 1)]]
    assert [b.expected for b in ov.bands] == [3, 0, 1]
    assert ov.expected == 4


def test_band_without_service_lists_nobody(db, services):
    add(db, pupil("1", 1), pupil("2", 5))
    services.schedule.add_override(
        TUESDAY, "no_service", services.schedule.load().bands[0].id, "一二年级春游", actor="t"
    )
    assert expected_numbers(services) == {"2"}


def test_makeup_saturday_uses_the_followed_weekday_enrolment(db, services):
    saturday = dt.date(2026, 12, 5)
    add(db, pupil("mon", weekdays=(1,)), pupil("fri", weekdays=(5,)))
    services.schedule.add_override(saturday, "makeup", None, "调休", follows_weekday=1, actor="t")
    assert expected_numbers(services, saturday) == {"mon"}


def test_guardian_phones_are_masked_on_the_list(db, services):
    add(db, pupil("1", guardians=(GuardianRecord("张伟", "父亲", "13812345678"),)))
    p = services.today.overview(TUESDAY).bands[1].classes[0].expected[0]
    assert services.today.guardians_of([p.student_id]) == {p.student_id: "张伟(父亲) 138****5678"}


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13812345678", "138****5678"), ("0519-86123456", "0519-****3456"), (None, ""), ("", "")],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_demo_school_has_a_working_afternoon(demo_services):
    ov = demo_services.today.overview(TUESDAY)
    assert ov.schedule.any_service
    assert len([c for b in ov.bands for c in b.classes]) == 24
    assert 250 < ov.expected < 600
    assert all(b.expected > 0 for b in ov.bands)


@pytest.mark.parametrize("day", [TUESDAY, dt.date(2026, 12, 2), dt.date(2026, 12, 5)])
def test_one_pupil_check_agrees_with_the_whole_list(demo_services, demo_db, day):
    ov = demo_services.today.overview(day)
    listed = {p.student_id for b in ov.bands for c in b.classes for p in (*c.expected, *c.on_leave)}
    with demo_db.read() as s:
        everyone = s.scalars(select(Student.id)).all()
    assert {sid for sid in everyone if demo_services.today.on_list(sid, day)} == listed
