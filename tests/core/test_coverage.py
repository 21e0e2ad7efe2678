"""Duty and coverage (R9): assignments, check-in, and the board's flags and counts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.coverage_types import COVERED, IDLE, UNCOVERED, WAITING, AssignmentDraft, Group
from core.errors import ValidationError
from db.models import AttendanceMark, AuditEntry, DutyCheckin
from tests.core.test_clubs import TUESDAY, School, at, audit_count, build_school, with_members

NEXT_TUESDAY = dt.date(2026, 12, 8)


@pytest.fixture
def school(db, services) -> School:
    return build_school(db, services)


def duty(school: School, who: str, group: Group, period: int = 1, **when) -> list[int]:
    if not when:
        when = {"weekdays": (2,)}
    return school.coverage.duty.assign(
        AssignmentDraft(school.staff[who].id, group, period, **when), school.staff["A001"]
    )


def mark(school: School, pupil: str, status: str, period: int = 1) -> None:
    with school.db.write() as s:
        s.add(
            AttendanceMark(
                student_id=school.pupils[pupil],
                on_date=TUESDAY,
                period=period,
                status=status,
                marked_at=at(15, 30),
            )
        )


def class_32(school: School) -> Group:
    return Group.of_class(school.classes["3-2"])


def line(school: School, group: Group, period: int = 1, day: dt.date = TUESDAY):
    board = school.coverage.board(day, period)
    return next(g for g in board.groups if g.group == group)


@pytest.mark.parametrize(
    ("assigned", "checked_in", "statuses", "state", "present"),
    [
        (False, False, (), IDLE, 0),
        (True, False, (), WAITING, 0),
        (True, False, ("present",), UNCOVERED, 1),
        (False, False, ("present", "late"), UNCOVERED, 2),
        (True, True, ("present", "late"), COVERED, 2),
        (True, True, (), COVERED, 0),
        (True, False, ("absent", "sick"), WAITING, 0),  # absent children are not in the room
    ],
)
def test_board_flags_a_group_with_children_and_no_teacher(
    school, clock, assigned, checked_in, statuses, state, present
):
    if assigned:
        duty(school, "T001", class_32(school))
    for pupil, status in zip("AB", statuses, strict=False):
        mark(school, pupil, status)
    if checked_in:
        school.coverage.check_in(school.staff["T001"])
    got = line(school, class_32(school))
    assert (got.state, got.present, got.expected) == (state, present, 2)  # A, B; C on leave
    assert [t.staff.staff_no for t in got.missing] == (
        ["T001"] if assigned and not checked_in else []
    )


def test_board_counts_update_with_each_mark_and_check_in(school):
    duty(school, "T001", class_32(school))
    board = school.coverage.board(TUESDAY, 1)
    assert (board.count(WAITING), board.count(UNCOVERED), board.present) == (1, 0, 0)
    mark(school, "A", "present")
    board = school.coverage.board(TUESDAY, 1)
    assert (board.count(WAITING), board.count(UNCOVERED), board.present) == (0, 1, 1)
    school.coverage.check_in(school.staff["T001"])
    board = school.coverage.board(TUESDAY, 1)
    assert (board.count(COVERED), board.count(UNCOVERED)) == (1, 0)


def test_at_period_2_club_children_count_in_the_club_from_their_class_mark(school):
    club_id = with_members(school, "A")
    duty(school, "T001", class_32(school), period=2)
    duty(school, "T003", Group.of_club(club_id), period=2)
    mark(school, "A", "present")
    mark(school, "B", "present")
    club = line(school, Group.of_club(club_id), 2)
    own = line(school, class_32(school), 2)
    assert (club.expected, club.present, club.state, club.room) == (1, 1, UNCOVERED, "科学楼302")
    assert (own.expected, own.present, own.state) == (1, 1, UNCOVERED)
    mark(school, "A", "absent", period=2)  # the club's roll call says otherwise
    assert line(school, Group.of_club(club_id), 2).present == 0


def test_a_dated_duty_replaces_the_weekly_one_for_that_group_and_slot(school):
    duty(school, "T001", class_32(school), weekdays=(1, 2, 3, 4, 5))
    duty(school, "T002", Group.of_class(school.classes["5-1"]), weekdays=(2,))
    duty(school, "D001", class_32(school), on_date=TUESDAY)
    names = [t.staff.staff_no for t in line(school, class_32(school)).teachers]
    assert names == ["D001"]
    assert [
        t.staff.staff_no for t in line(school, class_32(school), day=NEXT_TUESDAY).teachers
    ] == ["T001"]
    other = line(school, Group.of_class(school.classes["5-1"]))
    assert [t.staff.staff_no for t in other.teachers] == ["T002"]  # other groups keep theirs
    with pytest.raises(ValidationError) as err:
        school.coverage.check_in(school.staff["T001"])
    assert err.value.code == "not_assigned"
    assert [s.name for s in school.coverage.check_in(school.staff["D001"])] == ["三(2)班"]


def test_children_per_teacher(school):
    duty(school, "T001", class_32(school))
    duty(school, "T001", Group.of_class(school.classes["3-1"]))
    duty(school, "T003", class_32(school))
    for pupil in "ABF":
        mark(school, pupil, "present")
    school.coverage.check_in(school.staff["T001"])
    school.coverage.check_in(school.staff["T003"])
    board = school.coverage.board(TUESDAY, 1)
    loads = {t.staff.staff_no: (t.groups, t.children, t.checked_in) for t in board.teachers}
    assert loads == {
        "T001": (("三(1)班", "三(2)班"), 3, True),
        "T003": (("三(2)班",), 2, True),
    }
    assert line(school, class_32(school)).per_teacher == 1  # 2 children, 2 teachers
    assert line(school, Group.of_class(school.classes["3-1"])).per_teacher == 1


@pytest.mark.parametrize(
    ("clock_at", "period", "code"),
    [
        ("15:00", 1, None),  # early arrival counts for the coming period
        ("15:40", 1, None),
        ("16:25", 2, None),  # period 1 of 三、四年级 ended at 16:20
        ("17:25", None, "slot_over"),
    ],
)
def test_one_click_check_in_takes_the_current_slot(school, clock, clock_at, period, code):
    duty(school, "T001", class_32(school), period=1)
    duty(school, "T001", class_32(school), period=2)
    clock.set(dt.datetime.combine(TUESDAY, dt.time.fromisoformat(clock_at)))
    if code:
        with pytest.raises(ValidationError) as err:
            school.coverage.check_in(school.staff["T001"])
        assert err.value.code == code
        return
    before = audit_count(school.db)
    slots = school.coverage.check_in(school.staff["T001"])
    assert [(s.period, s.checked_in_at) for s in slots] == [(period, clock.now())]
    assert audit_count(school.db) == before + 1
    with school.db.read() as s:
        row = s.scalar(select(DutyCheckin))
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (row.staff_id, row.period, row.class_id) == (
        school.staff["T001"].id,
        period,
        school.classes["3-2"],
    )
    assert (entry.action, entry.actor) == ("duty.checkin", "王芳(T001)")


def test_check_in_once_per_slot_and_only_with_a_duty(school, clock):
    with pytest.raises(ValidationError) as err:
        school.coverage.check_in(school.staff["T001"])
    assert err.value.code == "not_assigned"
    duty(school, "T001", class_32(school))
    school.coverage.check_in(school.staff["T001"])
    with pytest.raises(ValidationError) as err:
        school.coverage.check_in(school.staff["T001"])
    assert err.value.code == "already_checked_in"
    with school.db.read() as s:
        assert s.scalar(select(func.count(DutyCheckin.id))) == 1
    slots = school.coverage.my_slots(school.staff["T001"])
    assert [(s.name, s.start, s.end) for s in slots] == [
        ("三(2)班", dt.time(15, 20), dt.time(16, 20))
    ]
    assert slots[0].checked_in_at == at(15, 40)


def test_gate_duty_runs_to_the_last_dismissal_plus_grace(school, clock):
    duty(school, "D001", Group.gate(), period=2, weekdays=(1, 2, 3, 4, 5))
    (slot,) = school.coverage.my_slots(school.staff["D001"])
    assert (slot.start, slot.end) == (dt.time(16, 10), dt.time(17, 40))
    clock.set(at(17, 35))
    assert school.coverage.check_in(school.staff["D001"])[0].group == Group.gate()
    gate = line(school, Group.gate(), 2)
    assert (gate.state, gate.expected) == (COVERED, 0)
    assert Group.gate() not in [g.group for g in school.coverage.board(TUESDAY, 1).groups]


@pytest.mark.parametrize(
    ("when", "period", "who", "group", "code"),
    [
        ({"weekdays": (2,), "on_date": TUESDAY}, 1, "T001", "class", "assignment_when"),
        ({}, 1, "T001", "class", "assignment_when"),
        ({"weekdays": (6,)}, 1, "T001", "class", "assignment_weekday"),
        ({"weekdays": (2,)}, 3, "T001", "class", "assignment_period"),
        ({"on_date": dt.date(2026, 11, 30)}, 1, "T001", "class", "assignment_past"),
        ({"weekdays": (2,)}, 1, None, "class", "staff_unknown"),
        ({"weekdays": (2,)}, 1, "T001", "nowhere", "group_unknown"),
        ({"weekdays": (3,)}, 2, "T003", "club", "club_slot"),  # the club meets on Tuesday
        ({"weekdays": (2,)}, 1, "T003", "club", "club_slot"),  # at period 2
        ({"on_date": dt.date(2026, 12, 2)}, 2, "T003", "club", "club_slot"),
        ({"weekdays": (2,)}, 1, "T001", "again", "assignment_exists"),
    ],
)
def test_assignment_rules(school, when, period, who, group, code):
    club_id = with_members(school, "A")
    groups = {
        "class": class_32(school),
        "again": class_32(school),
        "club": Group.of_club(club_id),
        "nowhere": Group.of_class(9999),
    }
    if group == "again":
        duty(school, "T001", class_32(school))
    staff_id = school.staff[who].id if who else 9999
    before = audit_count(school.db)
    with pytest.raises(ValidationError) as err:
        school.coverage.duty.assign(
            AssignmentDraft(staff_id, groups[group], period, **when), school.staff["A001"]
        )
    assert err.value.code == code
    assert audit_count(school.db) == before


def test_only_the_safety_officer_assigns(school):
    with pytest.raises(ValidationError) as err:
        school.coverage.duty.assign(
            AssignmentDraft(school.staff["T001"].id, class_32(school), 1, weekdays=(2,)),
            school.staff["T001"],
        )
    assert err.value.code == "not_allowed"


def test_assigning_a_week_and_removing_one_day_with_audit(school):
    before = audit_count(school.db)
    ids = duty(school, "T001", class_32(school), weekdays=(1, 2, 3, 4, 5))
    assert len(ids) == 5
    monday = school.coverage.duty.assignments(weekday=1)
    assert [(a.staff.staff_no, a.group_name, a.period) for a in monday] == [("T001", "三(2)班", 1)]
    school.coverage.duty.unassign(monday[0].id, school.staff["A001"])
    assert school.coverage.duty.assignments(weekday=1) == []
    assert len(school.coverage.duty.assignments(weekday=2)) == 1
    with school.db.read() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert actions[-6:] == ["duty.assign"] * 5 + ["duty.unassign"]
    assert audit_count(school.db) == before + 6


def test_dated_assignments_are_listed_by_date(school):
    duty(school, "D001", class_32(school), on_date=NEXT_TUESDAY)
    dated = school.coverage.duty.assignments(on_date=NEXT_TUESDAY)
    assert [(a.staff.staff_no, a.on_date, a.weekday) for a in dated] == [
        ("D001", NEXT_TUESDAY, None)
    ]
    assert school.coverage.duty.assignments(weekday=2) == []


@pytest.mark.parametrize(
    ("moment", "period"), [("15:00", 1), ("15:40", 1), ("16:09", 1), ("16:10", 2), ("17:00", 2)]
)
def test_the_board_opens_on_the_period_the_first_band_is_in(school, moment, period):
    assert school.coverage.current_period(at(*map(int, moment.split(":")))) == period


def test_a_weekend_board_has_no_service(school):
    board = school.coverage.board(dt.date(2026, 12, 5), 1)
    assert (board.service, board.groups) == (False, ())


def test_group_choices_list_classes_clubs_and_the_gate(school):
    club_id = with_members(school, "A")
    choices = school.coverage.duty.groups()
    assert [c.name for c in choices] == ["三(1)班", "三(2)班", "五(1)班", "机器人社团", ""]
    assert choices[3].group == Group.of_club(club_id)
    assert (choices[3].weekday, choices[3].period) == (2, 2)
    assert choices[-1].group == Group.gate()


def test_a_teacher_who_keeps_the_group_at_period_2_stays_checked_in(school, clock):
    club_id = with_members(school, "A")
    duty(school, "T001", class_32(school), period=1)
    duty(school, "T001", class_32(school), period=2)
    duty(school, "T003", Group.of_class(school.classes["3-1"]), period=1)
    duty(school, "T003", Group.of_club(club_id), period=2)
    school.coverage.check_in(school.staff["T001"])
    school.coverage.check_in(school.staff["T003"])
    assert [s.checked_in_at for s in school.coverage.my_slots(school.staff["T001"])] == [
        at(15, 40),
        at(15, 40),
    ]
    with pytest.raises(ValidationError) as err:
        school.coverage.check_in(school.staff["T001"])
    assert err.value.code == "already_checked_in"
    mark(school, "A", "present")
    mark(school, "B", "present")
    assert line(school, class_32(school), 2).state == COVERED
    club = line(school, Group.of_club(club_id), 2)
    assert club.state == UNCOVERED  # T003 moves from 三(1)班 to the club: a new check-in
    clock.set(at(16, 25))
    assert [s.name for s in school.coverage.check_in(school.staff["T003"])] == ["机器人社团"]
    assert line(school, Group.of_club(club_id), 2).state == COVERED


def test_flagged_groups_come_first_on_the_board(school):
    duty(school, "T001", Group.of_class(school.classes["3-1"]))
    duty(school, "T002", Group.of_class(school.classes["5-1"]))
    mark(school, "B", "present")
    school.coverage.check_in(school.staff["T002"])
    names = [(g.name, g.state) for g in school.coverage.board(TUESDAY, 1).groups]
    assert names == [("三(2)班", UNCOVERED), ("三(1)班", WAITING), ("五(1)班", COVERED)]
