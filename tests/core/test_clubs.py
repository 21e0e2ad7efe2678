"""Clubs (走班): editing, members, the club roll call, where a child is now, the demo clubs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from core.club_types import CATEGORIES, E_CATEGORIES, X_CATEGORIES, ClubDraft, period_times
from core.clubs import ClubService
from core.coverage import CoverageService
from core.demo_clubs import add_demo_clubs
from core.errors import ValidationError
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import StudentRecord
from core.schedule import Band, BandDay
from core.services import Services
from core.staff_types import StaffMember
from db.engine import Database
from db.models import (
    AttendanceMark,
    AuditEntry,
    Club,
    ClubMember,
    DutyAssignment,
    Enrolment,
    Leave,
    SchoolClass,
    Staff,
    Student,
)

TUESDAY = dt.date(2026, 12, 1)
MONDAY = dt.date(2026, 11, 30)
SATURDAY = dt.date(2026, 12, 5)


@dataclass
class School:
    """A small school: pupils by letter, staff by number, and the services over it."""

    db: Database
    clubs: ClubService
    coverage: CoverageService
    pupils: dict[str, int]
    staff: dict[str, StaffMember]
    classes: dict[str, int]


def at(hh: int, mm: int, day: dt.date = TUESDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm))


def audit_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditEntry.id))) or 0


def build_school(db: Database, services: Services) -> School:
    """三(2)班: A (robot club), B, C (sick today), D (Mon/Wed/Fri only); 五(1)班: E; 三(1)班: F."""
    records = [
        StudentRecord("A", "安安", "男", 3, 2),
        StudentRecord("B", "贝贝", "女", 3, 2),
        StudentRecord("C", "晨晨", "男", 3, 2),
        StudentRecord("D", "丁丁", "女", 3, 2, weekdays=(1, 3, 5)),
        StudentRecord("E", "恩恩", "男", 5, 1),
        StudentRecord("F", "芳芳", "女", 3, 1),
    ]
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)
        pupils = {st.student_no: st.id for st in s.scalars(select(Student))}
        classes = {f"{c.grade}-{c.class_no}": c.id for c in s.scalars(select(SchoolClass))}
        s.add(Leave(student_id=pupils["C"], kind="sick", start_date=TUESDAY, end_date=TUESDAY))
        people = [
            Staff(staff_no="A001", name="周建华", role="safety_officer"),
            Staff(staff_no="T001", name="王芳", role="class_teacher", class_id=classes["3-2"]),
            Staff(staff_no="T002", name="李强", role="class_teacher", class_id=classes["5-1"]),
            Staff(staff_no="T003", name="张敏", role="class_teacher", class_id=classes["3-1"]),
            Staff(staff_no="D001", name="赵军", role="duty_teacher"),
        ]
        s.add_all(people)
        s.flush()
        staff = {
            p.staff_no: StaffMember(p.id, p.staff_no, p.name, p.role, p.class_id) for p in people
        }
    clubs = ClubService(db, services.clock, services.schedule, services.today)
    coverage = CoverageService(db, services.clock, services.schedule, services.today)
    return School(db, clubs, coverage, pupils, staff, classes)


@pytest.fixture
def school(db: Database, services: Services) -> School:
    return build_school(db, services)


def robot_club(school: School, teacher: str = "T003", weekday: int = 2) -> int:
    club_id = school.clubs.save_club(
        None,
        ClubDraft("机器人社团", "maker", "科学楼302", school.staff[teacher].id, weekday),
        school.staff["A001"],
    )
    return club_id


def with_members(school: School, *letters: str, **kw: int) -> int:
    club_id = robot_club(school, **kw)
    school.clubs.add_members(club_id, [school.pupils[x] for x in letters], school.staff["A001"])
    return club_id


# --- the period split ---


def band_day(start: dt.time, end: dt.time, dismissal: dt.time | None = None) -> BandDay:
    return BandDay(
        Band(1, "三、四年级", 3, 4),
        True,
        start,
        end,
        dismissal or end,
        "自主作业",
        "兴趣活动",
        "",
        False,
    )


@pytest.mark.parametrize(
    ("start", "end", "middle"),
    [
        (dt.time(15, 20), dt.time(17, 20), dt.time(16, 20)),
        (dt.time(15, 10), dt.time(17, 10), dt.time(16, 10)),
        (dt.time(15, 30), dt.time(17, 30), dt.time(16, 30)),
        (dt.time(15, 20), dt.time(16, 5), dt.time(15, 42)),  # 22.5 minutes: rounded down
    ],
)
def test_the_window_splits_into_equal_halves(start, end, middle):
    times = period_times(band_day(start, end))
    assert times is not None
    assert (times.period1, times.period2, times.dismissal) == (start, middle, end)


@pytest.mark.parametrize(
    ("clock", "period"),
    [("15:19", None), ("15:20", 1), ("16:19", 1), ("16:20", 2), ("17:19", 2), ("17:20", None)],
)
def test_period_at_follows_the_split(clock, period):
    times = period_times(band_day(dt.time(15, 20), dt.time(17, 20)))
    assert times is not None
    assert times.period_at(dt.time.fromisoformat(clock)) == period


def test_no_service_has_no_periods():
    day = BandDay(Band(1, "x", 3, 4), False, None, None, None, "", "", "", False)
    assert period_times(day) is None


# --- where a child is now ---


@pytest.mark.parametrize(
    ("pupil", "moment", "kind", "detail"),
    [
        ("B", at(15, 20), "class", (1, "自主作业", "")),
        ("E", at(15, 20), "not_started", dt.time(15, 30)),
        ("A", at(15, 10), "not_started", dt.time(15, 20)),
        ("A", at(16, 19), "class", (1, "自主作业", "")),
        ("A", at(16, 20), "club", (2, "兴趣活动", "机器人社团 科学楼302")),
        ("B", at(16, 20), "class", (2, "兴趣活动", "")),
        ("E", at(16, 20), "class", (1, "自主作业", "")),  # grades 5-6 split at 16:30
        ("E", at(17, 25), "class", (2, "体育锻炼", "")),
        ("A", at(17, 20), "dismissed", dt.time(17, 20)),
        ("E", at(17, 40), "dismissed", dt.time(17, 30)),
        ("C", at(15, 40), "leave", "sick"),
        ("C", at(16, 40), "leave", "sick"),
        ("D", at(15, 40), "no_service", None),  # not one of D's service days
        ("A", at(16, 30, SATURDAY), "no_service", None),
        ("A", at(16, 30, MONDAY), "class", (2, "兴趣活动", "")),  # the club meets on Tuesdays
        ("D", at(16, 30, MONDAY), "class", (2, "兴趣活动", "")),
    ],
)
def test_where_a_child_should_be(school, pupil, moment, kind, detail):
    with_members(school, "A")
    where = school.clubs.where_now(school.pupils[pupil], moment)
    assert where.kind == kind
    if kind in ("class", "club"):
        assert (where.period, where.activity, f"{where.club_name} {where.room}".strip()) == detail
        assert where.class_name == ("五(1)班" if pupil == "E" else "三(2)班")
    elif kind in ("not_started", "dismissed"):
        assert where.time == detail
    elif kind == "leave":
        assert where.leave == detail


@pytest.mark.parametrize(
    ("period", "status", "moment", "kind"),
    [
        (1, "sick", at(15, 40), "leave"),
        (1, "sick", at(16, 40), "leave"),  # period 2 falls back to the period-1 mark
        (1, "absent", at(15, 40), "absent"),
        (1, "present", at(16, 40), "club"),
        (2, "absent", at(16, 40), "absent"),
        (2, "left_early", at(16, 40), "left"),
        (2, "present", at(15, 40), "class"),  # a period-2 mark says nothing of period 1
    ],
)
def test_marks_change_where_a_child_is(school, period, status, moment, kind):
    with_members(school, "A")
    with school.db.write() as s:
        s.add(
            AttendanceMark(
                student_id=school.pupils["A"],
                on_date=TUESDAY,
                period=period,
                status=status,
                marked_at=at(15, 30),
            )
        )
    assert school.clubs.where_now(school.pupils["A"], moment).kind == kind


def test_where_now_uses_the_clock_by_default(school, clock):
    with_members(school, "A")
    clock.set(at(16, 25))
    assert school.clubs.where_now(school.pupils["A"]).club_name == "机器人社团"


# --- editing clubs ---


def test_saving_a_club_appends_its_audit_entry(school):
    before = audit_count(school.db)
    club_id = robot_club(school)
    info = school.clubs.club(club_id)
    assert (info.name, info.category, info.room, info.teacher_name, info.weekday, info.period) == (
        "机器人社团",
        "maker",
        "科学楼302",
        "张敏",
        2,
        2,
    )
    with school.db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert audit_count(school.db) == before + 1
    assert (entry.action, entry.actor, entry.entity_id) == (
        "club.create",
        "周建华(A001)",
        str(club_id),
    )


def test_changing_a_club_records_old_and_new(school):
    club_id = robot_club(school)
    school.clubs.save_club(
        club_id, ClubDraft("机器人社团", "maker", "科学楼303", None, 2), school.staff["A001"]
    )
    with school.db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry.action == "club.update"
    assert '"room": "科学楼303"' in entry.payload and '"room": "科学楼302"' in entry.payload
    before = audit_count(school.db)
    school.clubs.save_club(
        club_id, ClubDraft("机器人社团", "maker", "科学楼303", None, 2), school.staff["A001"]
    )
    assert audit_count(school.db) == before  # nothing changed, nothing recorded


@pytest.mark.parametrize(
    ("name", "category", "room", "teacher", "weekday", "period", "code"),
    [
        ("  ", "maker", "", None, 2, 2, "club_name_empty"),
        ("长" * 61, "maker", "", None, 2, 2, "club_name_too_long"),
        ("棋社", "chess", "", None, 2, 2, "club_category"),
        ("棋社", "maker", "房" * 41, None, 2, 2, "room_too_long"),
        ("棋社", "maker", "", None, 6, 2, "club_weekday"),
        ("棋社", "maker", "", None, 2, 3, "club_period"),
        ("棋社", "maker", "", "nobody", 2, 2, "teacher_unknown"),
        ("机器人社团", "maker", "", None, 2, 2, "club_name_taken"),
        ("棋社", "maker", "", "T003", 2, 2, "teacher_clash"),
    ],
)
def test_club_rules(school, name, category, room, teacher, weekday, period, code):
    robot_club(school)  # 机器人社团, Tuesday period 2, run by T003
    teacher_id = school.staff[teacher].id if teacher in school.staff else teacher and 9999
    draft = ClubDraft(name, category, room, teacher_id, weekday, period)
    with pytest.raises(ValidationError) as err:
        school.clubs.save_club(None, draft, school.staff["A001"])
    assert err.value.code == code
    assert len(school.clubs.clubs()) == 1


def test_only_the_safety_officer_edits_clubs(school):
    with pytest.raises(ValidationError) as err:
        school.clubs.save_club(None, ClubDraft("棋社", "maker", "", None, 2), school.staff["T001"])
    assert err.value.code == "not_allowed"


def test_categories_are_the_x_and_e_courses():
    assert set(X_CATEGORIES) | set(E_CATEGORIES) == set(CATEGORIES)
    assert len(X_CATEGORIES) == 5 and len(E_CATEGORIES) == 4


def test_members_are_added_once_and_removed_with_audit(school):
    club_id = robot_club(school)
    officer = school.staff["A001"]
    before = audit_count(school.db)
    assert school.clubs.add_members(club_id, [school.pupils["A"], school.pupils["E"]], officer) == 2
    assert school.clubs.add_members(club_id, [school.pupils["A"]], officer) == 0
    assert [p.name for p in school.clubs.members(club_id)] == ["安安", "恩恩"]
    assert school.clubs.club(club_id).members == 2
    assert school.clubs.remove_members(club_id, [school.pupils["A"]], officer) == 1
    assert [p.class_name for p in school.clubs.members(club_id)] == ["五(1)班"]
    assert audit_count(school.db) == before + 3


def test_a_pupil_has_one_club_per_slot(school):
    with_members(school, "A")
    officer = school.staff["A001"]
    chess = school.clubs.save_club(None, ClubDraft("棋社", "leadership", "", None, 2), officer)
    with pytest.raises(ValidationError) as err:
        school.clubs.add_members(chess, [school.pupils["A"]], officer)
    assert (err.value.code, err.value.params["name"]) == ("member_clash", "安安")
    monday = school.clubs.save_club(None, ClubDraft("围棋社", "leadership", "", None, 1), officer)
    assert school.clubs.add_members(monday, [school.pupils["A"]], officer) == 1
    with pytest.raises(ValidationError) as err:  # moving it to Tuesday would clash too
        school.clubs.save_club(monday, ClubDraft("围棋社", "leadership", "", None, 2), officer)
    assert err.value.code == "member_clash"


def test_a_stopped_club_keeps_its_members_and_leaves_the_timetable(school):
    club_id = with_members(school, "A")
    school.clubs.set_active(club_id, False, school.staff["A001"])
    assert school.clubs.clubs(include_inactive=False) == []
    assert school.clubs.club(club_id).members == 1
    assert school.clubs.where_now(school.pupils["A"], at(16, 40)).kind == "class"


def test_finding_pupils_by_name_or_number(school):
    assert [p.name for p in school.clubs.find_pupils("芳")] == ["芳芳"]
    assert [p.student_no for p in school.clubs.find_pupils("A")] == ["A"]
    assert school.clubs.find_pupils("  ") == []
    assert school.clubs.find_pupils("%") == []  # typed text, not a LIKE pattern


# --- the club roll call ---


def marks(db: Database) -> dict[str, tuple[str, int | None, int | None]]:
    with db.read() as s:
        rows = s.execute(
            select(
                Student.student_no,
                AttendanceMark.status,
                AttendanceMark.club_id,
                AttendanceMark.marked_by,
            )
            .join(Student, Student.id == AttendanceMark.student_id)
            .where(AttendanceMark.period == 2)
        ).all()
    return {no: (status, club, by) for no, status, club, by in rows}


def test_roll_call_lists_members_with_list_and_leave(school):
    club_id = with_members(school, "A", "C", "D")
    call = school.clubs.roll_call(club_id, TUESDAY)
    assert call.meets
    assert [(e.pupil.name, e.on_list, e.leave, e.status) for e in call.entries] == [
        ("安安", True, None, None),
        ("晨晨", True, "sick", None),
        ("丁丁", False, None, None),
    ]
    assert call.expected == 2
    assert not school.clubs.roll_call(club_id, MONDAY).meets


def test_all_present_then_exceptions(school):
    club_id = with_members(school, "A", "B", "C", "D")
    teacher = school.staff["T003"]
    before = audit_count(school.db)
    assert school.clubs.mark_all_present(club_id, teacher) == 2  # C on leave, D not today
    assert school.clubs.mark(club_id, [school.pupils["B"]], "late", teacher) == 1
    assert school.clubs.mark(club_id, [school.pupils["B"]], "late", teacher) == 0
    got = marks(school.db)
    assert got == {
        "A": ("present", club_id, teacher.id),
        "B": ("late", club_id, teacher.id),
    }
    assert audit_count(school.db) == before + 3
    with school.db.read() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()[-3:]
    assert actions == ["attendance.mark", "attendance.mark", "attendance.correct"]
    call = school.clubs.roll_call(club_id)
    assert (call.count("present"), call.count("late"), call.unmarked, call.on_leave) == (1, 1, 0, 1)


def test_a_class_mark_at_period_2_becomes_the_clubs(school):
    club_id = with_members(school, "A")
    with school.db.write() as s:
        s.add(
            AttendanceMark(
                student_id=school.pupils["A"],
                on_date=TUESDAY,
                period=2,
                status="absent",
                marked_at=at(16, 0),
            )
        )
    school.clubs.mark(club_id, [school.pupils["A"]], "present", school.staff["T003"])
    assert marks(school.db)["A"][:2] == ("present", club_id)


@pytest.mark.parametrize(
    ("who", "pupil", "status", "day", "code"),
    [
        ("T001", "A", "present", TUESDAY, "not_allowed"),  # not the club's teacher
        ("T003", "F", "present", TUESDAY, "not_member"),
        ("T003", "D", "present", TUESDAY, "not_on_list"),
        ("T003", "A", "left_early", TUESDAY, "status_invalid"),
        ("T003", "A", "present", MONDAY, "club_not_today"),
        ("T003", "A", "present", dt.date(2026, 12, 8), "future_date"),
    ],
)
def test_roll_call_rules(school, who, pupil, status, day, code):
    club_id = with_members(school, "A", "D")
    with pytest.raises(ValidationError) as err:
        school.clubs.mark(club_id, [school.pupils[pupil]], status, school.staff[who], day)
    assert err.value.code == code
    assert marks(school.db) == {}


def test_a_teacher_on_duty_for_the_club_and_the_officer_may_take_its_roll_call(school):
    club_id = with_members(school, "A")
    with school.db.write() as s:
        s.add(
            DutyAssignment(
                staff_id=school.staff["D001"].id,
                group_kind="club",
                club_id=club_id,
                period=2,
                on_date=TUESDAY,
            )
        )
    assert school.clubs.mark(club_id, [school.pupils["A"]], "late", school.staff["D001"]) == 1
    assert school.clubs.mark(club_id, [school.pupils["A"]], "present", school.staff["A001"]) == 1
    assert [c.name for c in school.clubs.roll_call_clubs(school.staff["D001"])] == ["机器人社团"]
    assert school.clubs.roll_call_clubs(school.staff["T001"]) == []
    assert school.clubs.roll_call_clubs(school.staff["T003"], MONDAY) == []


# --- the demo clubs ---


def demo_clubs(db: Database) -> list[tuple[str, str, int, list[str]]]:
    with db.read() as s:
        clubs = s.scalars(select(Club).order_by(Club.id)).all()
        return [
            (
                c.name,
                c.room,
                c.weekday,
                sorted(
                    s.scalars(
                        select(Student.student_no)
                        .join(ClubMember, ClubMember.student_id == Student.id)
                        .where(ClubMember.club_id == c.id)
                    )
                ),
            )
            for c in clubs
        ]


def ensure_demo_clubs(db: Database) -> None:
    with db.write() as s:
        add_demo_clubs(s, at(15, 0))


def test_demo_clubs_are_deterministic_and_added_once(demo_db):
    ensure_demo_clubs(demo_db)
    first = demo_clubs(demo_db)
    with demo_db.write() as s:
        assert add_demo_clubs(s, at(15, 0)) == 0
    assert demo_clubs(demo_db) == first
    assert 8 <= len(first) <= 10
    assert all(len(members) >= 10 for *_, members in first)
    assert {"科学楼302", "体育馆"} <= {room for _, room, *_ in first}
    assert {wd for _, _, wd, _ in first} == {1, 2, 3, 4, 5}


def test_demo_club_members_are_grades_3_to_6_enrolled_that_day_one_club_each(demo_db):
    ensure_demo_clubs(demo_db)
    with demo_db.read() as s:
        rows = s.execute(
            select(ClubMember.student_id, Club.weekday, SchoolClass.grade, Enrolment.weekday_mask)
            .join(Club, Club.id == ClubMember.club_id)
            .join(Student, Student.id == ClubMember.student_id)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .join(Enrolment, Enrolment.student_id == Student.id)
        ).all()
        categories = set(s.scalars(select(Club.category)))
    assert all(3 <= grade <= 6 and mask & (1 << wd) for _, wd, grade, mask in rows)
    slots = [(sid, wd) for sid, wd, _, _ in rows]
    assert len(slots) == len(set(slots))
    assert categories <= set(CATEGORIES)
    assert len(categories & set(X_CATEGORIES)) == 5 and categories & set(E_CATEGORIES)


def test_demo_duties_cover_every_class_club_and_the_gate(demo_db):
    ensure_demo_clubs(demo_db)
    with demo_db.read() as s:
        duties = s.execute(
            select(
                Staff.staff_no,
                Staff.role,
                Staff.class_id,
                DutyAssignment.group_kind,
                DutyAssignment.class_id,
                DutyAssignment.club_id,
                DutyAssignment.period,
                DutyAssignment.weekday,
            ).join(Staff, Staff.id == DutyAssignment.staff_id)
        ).all()
        club_teachers = set(s.execute(select(Club.teacher_id, Club.id, Club.weekday)).all())
        staff_ids = dict(s.execute(select(Staff.staff_no, Staff.id)).all())
    own = {(no, wd) for no, role, cls, kind, gcls, _, p, wd in duties if p == 1 and cls == gcls}
    teachers = {no for no, role, *_ in duties if role == "class_teacher"}
    assert len(teachers) == 24
    assert own == {(no, wd) for no in teachers for wd in range(1, 6)}
    clubs = {
        (staff_ids[no], club, wd) for no, _, _, kind, _, club, _, wd in duties if kind == "club"
    }
    assert clubs == club_teachers
    gate = {(no, wd) for no, role, _, kind, *_, wd in duties if kind == "gate"}
    assert gate == {(f"D00{i}", wd) for i in (1, 2, 3) for wd in range(1, 6)}
    assert all(p == 2 for *_, kind, _, _, p, _ in duties if kind != "class")
    period2 = {(gcls, wd) for *_, kind, gcls, _, p, wd in duties if kind == "class" and p == 2}
    assert len(period2) == 24 * 5  # every class has someone at period 2 on every weekday
