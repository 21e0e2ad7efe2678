"""Attendance (R2) over a real database: roll call, corrections, leave, absent alerts, counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, func, select

from core.attendance import AttendanceService
from core.attendance_types import Counts
from core.errors import NotFoundError, ValidationError
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.staff_types import StaffMember
from db.engine import Database
from db.models import AttendanceMark, AuditEntry, Club, Leave, SchoolClass, Staff, Student

TUESDAY = dt.date(2026, 12, 1)
MONDAY = dt.date(2026, 11, 30)
WEDNESDAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 1, 15, 40)


def pupil(no: str, grade: int = 3, class_no: int = 2, **kw) -> StudentRecord:
    kw.setdefault("guardians", (GuardianRecord(f"家长{no}", "母亲", f"1381234{int(no):04d}"),))
    return StudentRecord(
        student_no=no, name=f"学生{no}", gender="女", grade=grade, class_no=class_no, **kw
    )


def add(db: Database, *records: StudentRecord) -> dict[str, int]:
    """Store pupils; returns their ids by student number."""
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)
        return {no: sid for no, sid in s.execute(select(Student.student_no, Student.id))}


def staff(db: Database, no: str = "T001", name: str = "王芳", class_id: int | None = None):
    with db.write() as s:
        row = Staff(staff_no=no, name=name, role="class_teacher", class_id=class_id)
        s.add(row)
        s.flush()
        return StaffMember(row.id, no, name, row.role, class_id)


def class_id(db: Database, grade: int = 3, class_no: int = 2) -> int:
    with db.read() as s:
        return s.scalar(
            select(SchoolClass.id).where(
                SchoolClass.grade == grade, SchoolClass.class_no == class_no
            )
        )


def audit_entries(db: Database, prefix: str = "") -> list[AuditEntry]:
    with db.read() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.startswith(prefix))
                .order_by(AuditEntry.seq)
            )
        )


@pytest.fixture
def attendance(db, services, clock) -> AttendanceService:
    return AttendanceService(db, clock, services.today)


@pytest.fixture
def school(db):
    """Class 三(2) with four pupils on Tuesday's list; 4 comes only on Mondays."""
    ids = add(db, pupil("1"), pupil("2"), pupil("3"), pupil("4", weekdays=(1,)))
    return ids, staff(db, class_id=class_id(db))


# --- the sheet ---


def test_class_sheet_lists_the_class_on_todays_list_unmarked(attendance, school):
    ids, _ = school
    sheet = attendance.class_sheet((3, 2), TUESDAY)
    assert [r.student_no for r in sheet.rows] == ["1", "2", "3"]
    assert all(r.status is None and r.shown is None for r in sheet.rows)
    assert (sheet.cls.name, sheet.band, sheet.service, sheet.period) == (
        "三(2)班",
        "三、四年级",
        True,
        1,
    )
    assert sheet.activity
    assert attendance.class_sheet(sheet.cls.id, TUESDAY) == sheet
    assert [r.student_no for r in attendance.class_sheet((3, 2), MONDAY).rows] == [
        "1",
        "2",
        "3",
        "4",
    ]


def test_a_day_without_service_has_an_empty_sheet(attendance, school):
    sheet = attendance.class_sheet((3, 2), dt.date(2026, 12, 5))
    assert (sheet.service, sheet.rows) == (False, ())


def test_unknown_class_is_not_found(attendance, school):
    with pytest.raises(NotFoundError):
        attendance.class_sheet((6, 9), TUESDAY)


# --- marking ---


@pytest.mark.parametrize("status", ["present", "late", "sick", "personal", "absent", "left_early"])
def test_a_mark_names_the_staff_member_and_is_audited(db, attendance, school, status):
    ids, teacher = school
    mark = attendance.mark(ids["2"], TUESDAY, 1, status, teacher)
    assert (mark.status, mark.marked_by_id, mark.marked_by, mark.marked_at) == (
        status,
        teacher.id,
        "王芳",
        NOW,
    )
    with db.read() as s:
        row = s.scalar(select(AttendanceMark))
        assert (row.student_id, row.status, row.marked_by, row.period) == (
            ids["2"],
            status,
            teacher.id,
            1,
        )
    [entry] = audit_entries(db, "attendance.")
    assert (entry.actor, entry.action, entry.entity, entry.entity_id) == (
        "王芳(T001)",
        "attendance.mark",
        "attendance_mark",
        str(mark.id),
    )
    assert json.loads(entry.payload)["status"] == status
    row = attendance.class_sheet((3, 2), TUESDAY).rows[1]
    assert (row.status, row.mark.marked_by) == (status, "王芳")


def test_a_correction_updates_the_mark_and_leaves_two_audit_entries(db, attendance, school):
    ids, teacher = school
    other = staff(db, "T002", "李强")
    first = attendance.mark(ids["1"], TUESDAY, 1, "absent", teacher)
    second = attendance.mark(ids["1"], TUESDAY, 1, "late", other)
    assert first.id == second.id
    with db.read() as s:
        assert s.scalar(select(func.count(AttendanceMark.id))) == 1
        assert s.scalar(select(AttendanceMark.marked_by)) == other.id
    entries = audit_entries(db, "attendance.")
    assert [(e.action, e.actor) for e in entries] == [
        ("attendance.mark", "王芳(T001)"),
        ("attendance.correct", "李强(T002)"),
    ]
    payloads = [json.loads(e.payload) for e in entries]
    assert [(p["previous"], p["status"]) for p in payloads] == [
        (None, "absent"),
        ("absent", "late"),
    ]


def test_marking_the_same_status_again_changes_nothing(db, attendance, school):
    ids, teacher = school
    attendance.mark(ids["1"], TUESDAY, 1, "present", teacher)
    attendance.mark(ids["1"], TUESDAY, 1, "present", teacher)
    assert len(audit_entries(db, "attendance.")) == 1


@pytest.mark.parametrize(
    ("who", "day", "period", "status", "code"),
    [
        ("1", TUESDAY, 1, "here", "attendance_status"),
        ("1", TUESDAY, 3, "present", "attendance_period"),
        ("1", WEDNESDAY, 1, "present", "attendance_future"),
        ("4", TUESDAY, 1, "present", "not_on_list"),  # comes on Mondays only
        ("1", dt.date(2026, 11, 28), 1, "present", "not_on_list"),  # Saturday
    ],
)
def test_invalid_marks_are_refused_and_nothing_is_written(
    db, attendance, school, who, day, period, status, code
):
    ids, teacher = school
    with pytest.raises(ValidationError) as err:
        attendance.mark(ids[who], day, period, status, teacher)
    assert err.value.code == code
    assert audit_entries(db, "attendance.") == []


def test_a_past_day_can_be_corrected(attendance, school):
    ids, teacher = school
    assert attendance.mark(ids["4"], MONDAY, 1, "sick", teacher).on_date == MONDAY


def test_period_two_marks_use_the_same_service_and_stay_off_the_class_roll(db, attendance, school):
    ids, teacher = school
    with db.write() as s:
        club = Club(name="围棋", category="智力", weekday=2, period=2)
        s.add(club)
        s.flush()
        club_id = club.id
    mark = attendance.mark(ids["1"], TUESDAY, 2, "absent", teacher, club_id=club_id)
    assert (mark.period, mark.club_id) == (2, club_id)
    assert attendance.class_sheet((3, 2), TUESDAY).rows[0].status is None
    assert attendance.class_sheet((3, 2), TUESDAY, period=2).rows[0].status == "absent"
    assert json.loads(audit_entries(db, "attendance.")[0].payload)["club_id"] == club_id


def test_all_present_marks_only_unmarked_pupils_in_one_transaction(db, attendance, school):
    ids, teacher = school
    ids = add(db, pupil("5"), pupil("6"))
    attendance.add_leave(ids["3"], TUESDAY, TUESDAY, "sick", "发烧", "母亲", teacher)
    attendance.mark(ids["1"], TUESDAY, 1, "late", teacher)
    commits = []

    def count(_conn):
        commits.append(1)

    event.listen(db.engine, "commit", count)
    made = attendance.mark_all_present((3, 2), TUESDAY, teacher)
    event.remove(db.engine, "commit", count)
    assert len(commits) == 1
    assert sorted(m.student_id for m in made) == sorted(ids[no] for no in ("2", "5", "6"))
    assert all((m.status, m.marked_by_id) == ("present", teacher.id) for m in made)
    sheet = attendance.class_sheet((3, 2), TUESDAY)
    assert {r.student_no: r.shown for r in sheet.rows} == {
        "1": "late",
        "2": "present",
        "3": "sick",
        "5": "present",
        "6": "present",
    }
    entries = audit_entries(db, "attendance.")
    assert len(entries) == 1 + 3
    assert all(json.loads(e.payload).get("all_present") for e in entries[1:])
    assert attendance.mark_all_present((3, 2), TUESDAY, teacher) == ()


# --- leave ---


def test_leave_over_a_range_shows_on_each_day_without_a_mark(db, services, attendance, school):
    ids, teacher = school
    leave = attendance.add_leave(
        ids["2"], MONDAY, WEDNESDAY, "personal", "回老家", "父亲（电话）", teacher
    )
    for day, shown in (
        (MONDAY, "personal"),
        (TUESDAY, "personal"),
        (WEDNESDAY, "personal"),
        (dt.date(2026, 12, 3), None),
    ):
        row = attendance.class_sheet((3, 2), day).rows[1]
        assert (row.student_no, row.shown, row.status) == ("2", shown, None), day
    row = attendance.class_sheet((3, 2), TUESDAY).rows[1]
    assert (row.leave_reason, row.leave_reported_by) == ("回老家", "父亲（电话）")
    on_leave = services.today.overview(TUESDAY).bands[1].classes[0].on_leave
    assert [p.student_no for p in on_leave] == ["2"]
    with db.read() as s:
        assert s.scalar(select(Leave.created_by).where(Leave.id == leave.id)) == teacher.id
    [entry] = audit_entries(db, "leave.")
    assert (entry.action, entry.actor, entry.entity_id) == (
        "leave.add",
        "王芳(T001)",
        str(leave.id),
    )
    assert attendance.leaves_of(ids["2"], TUESDAY) == (leave,)


def test_a_mark_wins_over_a_leave(attendance, school):
    ids, teacher = school
    attendance.add_leave(ids["1"], TUESDAY, TUESDAY, "sick", "", "母亲", teacher)
    attendance.mark(ids["1"], TUESDAY, 1, "present", teacher)
    assert attendance.class_sheet((3, 2), TUESDAY).rows[0].shown == "present"


@pytest.mark.parametrize(
    ("start", "end", "kind", "reason", "reported_by", "code"),
    [
        (TUESDAY, TUESDAY, "holiday", "", "母亲", "leave_kind"),
        (WEDNESDAY, TUESDAY, "sick", "", "母亲", "leave_range"),
        (TUESDAY, TUESDAY + dt.timedelta(days=180), "sick", "", "母亲", "leave_too_long"),
        (TUESDAY, TUESDAY, "sick", "", "  ", "leave_reported_by"),
        (TUESDAY, TUESDAY, "sick", "", "母" * 51, "leave_reported_by_too_long"),
        (TUESDAY, TUESDAY, "sick", "咳" * 201, "母亲", "leave_reason_too_long"),
        (MONDAY, TUESDAY, "sick", "", "母亲", "leave_overlap"),
    ],
)
def test_invalid_leave_is_refused_with_a_stable_code(
    db, attendance, school, start, end, kind, reason, reported_by, code
):
    ids, teacher = school
    attendance.add_leave(ids["1"], TUESDAY, WEDNESDAY, "sick", "", "母亲", teacher)
    with pytest.raises(ValidationError) as err:
        attendance.add_leave(ids["1"], start, end, kind, reason, reported_by, teacher)
    assert err.value.code == code
    assert len(audit_entries(db, "leave.")) == 1


def test_a_longest_allowed_leave_and_an_adjacent_one_are_accepted(attendance, school):
    ids, teacher = school
    attendance.add_leave(
        ids["1"], TUESDAY, TUESDAY + dt.timedelta(days=179), "sick", "", "母", teacher
    )
    attendance.add_leave(ids["1"], MONDAY, MONDAY, "sick", "", "母", teacher)
    assert len(attendance.leaves_of(ids["1"], MONDAY)) == 2


def test_cancelling_a_leave_puts_the_pupil_back_on_the_list(db, attendance, school):
    ids, teacher = school
    leave = attendance.add_leave(ids["1"], TUESDAY, TUESDAY, "sick", "", "母亲", teacher)
    attendance.cancel_leave(leave.id, teacher)
    assert attendance.class_sheet((3, 2), TUESDAY).rows[0].shown is None
    assert attendance.leaves_of(ids["1"], TUESDAY)[0].cancelled
    assert [e.action for e in audit_entries(db, "leave.")] == ["leave.add", "leave.cancel"]
    with pytest.raises(ValidationError) as err:
        attendance.cancel_leave(leave.id, teacher)
    assert err.value.code == "leave_cancelled"
    with pytest.raises(NotFoundError):
        attendance.cancel_leave(9999, teacher)
    # A cancelled leave no longer blocks a new one on the same days.
    attendance.add_leave(ids["1"], TUESDAY, TUESDAY, "personal", "", "父亲", teacher)


# --- absent alerts ---


def test_absent_without_notice_alerts_with_guardian_phones_in_full(db, attendance, school):
    ids, teacher = school
    add(db, pupil("9", grade=1, class_no=1))
    attendance.mark(ids["2"], TUESDAY, 1, "absent", teacher)
    attendance.mark(ids["1"], TUESDAY, 1, "sick", teacher)
    [alert] = attendance.absent_alerts(TUESDAY)
    assert (alert.name, alert.class_name, alert.period, alert.marked_by) == (
        "学生2",
        "三(2)班",
        1,
        "王芳",
    )
    assert [(g.name, g.relation, g.phone) for g in alert.guardians] == [
        ("家长2", "母亲", "13812340002")
    ]
    assert attendance.absent_alerts(TUESDAY, class_id(db, 1, 1)) == ()
    attendance.mark(ids["2"], TUESDAY, 1, "late", teacher)
    assert attendance.absent_alerts(TUESDAY) == ()


# --- counts ---


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ({}, Counts(total=3, unmarked=3)),
        ({"1": "present", "2": "present", "3": "present"}, Counts(total=3, present=3)),
        ({"1": "late", "2": "absent"}, Counts(total=3, late=1, absent=1, unmarked=1)),
        ({"1": "sick", "2": "personal", "3": "left_early"}, Counts(total=3, leave=2, left_early=1)),
    ],
)
def test_counts_per_class_band_and_school(db, attendance, school, marks, expected):
    ids, teacher = school
    add(db, pupil("7", grade=4, class_no=1), pupil("8", grade=1, class_no=1))
    for no, status in marks.items():
        attendance.mark(ids[no], TUESDAY, 1, status, teacher)
    day = attendance.day_sheet(TUESDAY)
    assert day.class_sheet(class_id(db)).counts == expected
    bands = dict(day.band_counts())
    assert bands["三、四年级"] == expected + Counts(total=1, unmarked=1)
    assert bands["一、二年级"] == Counts(total=1, unmarked=1)
    assert bands["五、六年级"] == Counts()
    assert day.counts == expected + Counts(total=2, unmarked=2)


def test_a_leave_counts_as_leave_until_marked(attendance, school):
    ids, teacher = school
    attendance.add_leave(ids["1"], TUESDAY, TUESDAY, "sick", "", "母亲", teacher)
    assert attendance.class_sheet((3, 2), TUESDAY).counts == Counts(total=3, leave=1, unmarked=2)


def test_spliced_marks_give_the_same_counts_as_reading_again(attendance, school):
    ids, teacher = school
    day = attendance.day_sheet(TUESDAY)
    made = [attendance.mark(ids["1"], TUESDAY, 1, "absent", teacher)]
    made += attendance.mark_all_present((3, 2), TUESDAY, teacher)
    assert day.with_marks(made) == attendance.day_sheet(TUESDAY)


def test_demo_school_day_sheet_matches_todays_list(demo_db, demo_services, clock):
    attendance = AttendanceService(demo_db, clock, demo_services.today)
    overview = demo_services.today.overview(TUESDAY)
    day = attendance.day_sheet(TUESDAY)
    assert len(day.classes) == 24
    assert day.counts == Counts(
        total=overview.expected + overview.on_leave,
        leave=overview.on_leave,
        unmarked=overview.expected,
    )


def test_rereading_a_sheet_sees_marks_and_leave_from_another_station(attendance, school):
    ids, teacher = school
    sheet = attendance.class_sheet((3, 2), TUESDAY)
    attendance.mark(ids["1"], TUESDAY, 1, "absent", teacher)
    attendance.add_leave(ids["2"], TUESDAY, TUESDAY, "sick", "咳嗽", "母亲", teacher)
    again = attendance.reread(sheet)
    assert [r.shown for r in again.rows] == ["absent", "sick", None]
    assert again == attendance.class_sheet((3, 2), TUESDAY)
