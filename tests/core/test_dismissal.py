"""The dismissal board and what duty teachers record at dismissal (R3, R7-R9), real database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from core.dismissal import DismissalService
from core.dismissal_types import (
    ABSENT,
    CUSTODY,
    FLAGGED,
    GRADE_NOT_ALLOWED,
    HANDED_OVER,
    INSTITUTION,
    LEAVE,
    NO_CONSENT,
    SELF_RELEASED,
    STEP_CALL,
    STEP_CUSTODY,
    STEP_FLAGGED,
    STEP_NONE,
    STEP_OFFICER,
    UNMARKED,
    WAITING,
)
from core.errors import NotFoundError, ValidationError
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord
from core.services import Services
from core.staff_types import StaffMember
from db.engine import Database
from db.models import (
    AuditEntry,
    Club,
    ClubMember,
    CustodyTransfer,
    Enrolment,
    GroupTransfer,
    GuardianCall,
    Handoff,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    School,
    SchoolClass,
    Staff,
    Student,
)
from tests.core.test_verdict import DAY, FATHER, MOTHER, Gate, at, pupil

ZHANG = GuardianRecord("张强", "父亲", "13800000003")


@dataclass
class Afternoon:
    gate: Gate
    board: DismissalService
    duty: StaffMember
    other_duty: StaffMember
    teacher_id: int
    ids: dict[str, int]
    clock: object

    def at(self, hhmm: str, day: dt.date = DAY) -> None:
        self.clock.set(at(hhmm, day))  # type: ignore[attr-defined]

    def present(self, *nos: str, day: dt.date = DAY) -> None:
        for no in nos:
            self.gate.services.attendance.mark(self.ids[no], day, 1, "present", self.duty)

    def card_release(self, no: str, reason: str = "", holder: str = "李伟"):
        verdict = self.gate.verdicts.scan(self.gate.token(self.gate.guardian(holder)))
        return self.gate.handoffs.record(verdict, [self.ids[no]], self.duty, reason=reason)[0]

    def state(self, no: str) -> str:
        child = self.board.board().child(self.ids[no])
        assert child is not None
        return child.state


@pytest.fixture
def afternoon(db: Database, services: Services, clock, school: Gate) -> Afternoon:
    """The verdict tests' school plus self-release pupils, a club and teachers."""
    records = [
        pupil("A3", "李小三", 5, 1, FATHER, MOTHER),  # a third sibling, in a club
        pupil("B2", "王五", 1, 1, GuardianRecord("王刚", "父亲", "13800000005"), departure="self"),
        pupil("B3", "钱六", 4, 1, GuardianRecord("钱进", "父亲", "13800000006"), departure="self"),
        pupil("D1", "孙七", 5, 1, GuardianRecord("孙亮", "父亲", "13800000007")),
        pupil("D2", "周八", 5, 1, GuardianRecord("周平", "母亲", "13800000008")),
    ]
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)
        ids = dict(s.execute(select(Student.student_no, Student.id)).all())
        # B1 (grade 5, 自行离校) has the guardian's consent on file; B3 (grade 4) has not.
        s.execute(
            Enrolment.__table__.update()
            .where(Enrolment.student_id == ids["B1"])
            .values(self_release_consent_on=dt.date(2026, 9, 1))
        )
        other = Staff(staff_no="D002", name="钱老师", role="duty_teacher")
        teacher = Staff(
            staff_no="T051",
            name="班主任五一",
            role="class_teacher",
            class_id=s.scalar(
                select(SchoolClass.id).where(SchoolClass.grade == 5, SchoolClass.class_no == 1)
            ),
        )
        s.add_all([other, teacher])
        s.flush()
        club = Club(name="合唱", category="arts", weekday=DAY.isoweekday(), period=2)
        s.add(club)
        s.flush()
        s.add(ClubMember(club_id=club.id, student_id=ids["A3"]))
        inst = Institution(name="阳光托管")
        s.add(inst)
        s.flush()
        s.add(InstitutionStaff(institution_id=inst.id, name="托管刘老师", phone="13900000009"))
        s.add(InstitutionStudent(institution_id=inst.id, student_id=ids["C1"]))
        other_member = StaffMember(other.id, "D002", "钱老师", "duty_teacher")
        teacher_id = teacher.id
    return Afternoon(
        school,
        DismissalService(db, clock, services.schedule),
        school.member,
        other_member,
        teacher_id,
        ids,
        clock,
    )


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _audit(db: Database, action: str) -> int:
    with db.read() as s:
        return (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
            )
            or 0
        )


# --- the board through the afternoon ------------------------------------------------------


def test_waves_follow_the_winter_table_and_flags_come_at_dismissal_plus_grace(
    afternoon: Afternoon,
) -> None:
    af = afternoon
    af.present("A1", "A2", "B1", "C1", "D1", "D2", "A3", "B2", "B3")
    af.at("15:40")
    board = af.board.board()
    assert [(w.name, w.dismissal) for w in board.waves] == [
        ("一、二年级", at("17:10")),
        ("三、四年级", at("17:20")),
        ("五、六年级", at("17:30")),
    ]
    assert [w.flag_at for w in board.waves] == [at("17:20"), at("17:30"), at("17:40")]
    assert {c.state for c in board.children} == {WAITING}
    assert board.waves[0].waiting == 3  # A1, C1 and B2: the pupils of grades 1-2

    af.at("17:19")
    assert af.state("A1") == WAITING
    af.at("17:20")
    board = af.board.board()
    assert board.child(af.ids["A1"]).state == FLAGGED
    assert board.child(af.ids["A2"]).state == WAITING  # grade 3: flagged at 17:30
    # A flagged child comes with the phones to ring; a waiting one does not need them yet.
    assert board.child(af.ids["A1"]).phones == "李伟（父亲）13800000001、王芳（母亲）13800000002"
    assert board.child(af.ids["A2"]).phones == ""
    assert {c.student_id for c in board.flagged} == {af.ids[n] for n in ("A1", "C1", "B2")}

    # The escalation clock: +5 call, +15 custody, +30 safety officer.
    steps = []
    for hhmm in ("17:20", "17:24", "17:25", "17:35", "17:49", "17:50"):
        af.at(hhmm)
        b = af.board.board()
        steps.append(b.step_of(b.child(af.ids["A1"])))
    assert steps == [
        STEP_FLAGGED,
        STEP_FLAGGED,
        STEP_CALL,
        STEP_CUSTODY,
        STEP_CUSTODY,
        STEP_OFFICER,
    ]
    assert board.policy.next_step_at(at("17:20"), at("17:26")) == at("17:35")
    assert b.step_of(b.child(af.ids["A2"])) == STEP_CUSTODY  # grade 3: flagged at 17:30
    assert b.step_of(b.child(af.ids["D1"])) == STEP_CALL  # grade 5: flagged at 17:40


def test_states_of_children_not_present(afternoon: Afternoon) -> None:
    af = afternoon
    af.present("A1")
    svc = af.gate.services.attendance
    svc.mark(af.ids["A2"], DAY, 1, "absent", af.duty)
    svc.mark(af.ids["D1"], DAY, 1, "sick", af.duty)
    af.at("18:30")
    board = af.board.board()
    assert board.child(af.ids["A2"]).state == ABSENT
    assert board.child(af.ids["D1"]).state == LEAVE
    assert board.child(af.ids["D2"]).state == UNMARKED
    assert board.child(af.ids["A1"]).state == FLAGGED
    # Only present children are ever flagged.
    assert {c.student_id for c in board.flagged} == {af.ids["A1"]}


def test_a_per_date_earlier_dismissal_moves_the_countdown_and_the_flags(
    afternoon: Afternoon, services: Services
) -> None:
    af = afternoon
    band_id = af.board.board().waves[0].band_id
    services.schedule.add_override(
        DAY, "dismissal", band_id, "教研活动", dismissal=dt.time(16, 30), actor="t"
    )
    af.present("A1", "A2")
    af.at("16:40")
    board = af.board.board()
    assert board.waves[0].dismissal == at("16:30")
    assert board.waves[0].note == "教研活动"
    assert board.child(af.ids["A1"]).state == FLAGGED
    assert board.child(af.ids["A2"]).state == WAITING


def test_a_whole_school_no_service_day_has_no_waves_to_wait_for(
    afternoon: Afternoon, services: Services
) -> None:
    services.schedule.add_override(DAY, "no_service", None, "期中考试", actor="t")
    board = afternoon.board.board()
    assert not any(w.service for w in board.waves)
    assert board.children == ()


def test_a_handoff_after_the_flag_ends_it_and_is_marked_late(afternoon: Afternoon) -> None:
    af = afternoon
    af.present("A1", "A2")
    af.at("17:32")
    assert af.state("A1") == FLAGGED
    result = af.card_release("A1")
    assert result.recorded and result.late
    child = af.board.board().child(af.ids["A1"])
    assert child.state == HANDED_OVER
    assert child.release.receiver == "李伟" and child.release.late
    assert child.was_flagged
    assert af.board.board().step_of(child) == STEP_NONE  # the clock stops
    # Released before its flag time: not late, never flagged.
    af.at("17:25")
    af.card_release("A2")
    child = af.board.board().child(af.ids["A2"])
    assert child.state == HANDED_OVER and not child.release.late and not child.was_flagged


def test_institution_pickup_shows_as_left_with_institution(afternoon: Afternoon) -> None:
    af = afternoon
    af.present("C1")
    af.at("17:12")
    with af.gate.db.read() as s:
        staff_id = s.scalar(select(InstitutionStaff.id))
    from core.cards import INSTITUTION_STAFF, HolderRef

    verdict = af.gate.verdicts.scan(af.gate.token(HolderRef(INSTITUTION_STAFF, staff_id)))
    assert af.gate.handoffs.record(verdict, [af.ids["C1"]], af.duty)[0].recorded
    child = af.board.board().child(af.ids["C1"])
    assert child.state == INSTITUTION and child.release.receiver == "托管刘老师"


# --- self-release (R3) ----------------------------------------------------------------------


def test_self_release_needs_policy_and_consent_and_is_one_action(
    afternoon: Afternoon, db: Database
) -> None:
    af = afternoon
    af.present("B1", "B2", "B3", "A1")
    af.at("17:00")
    listed = {c.name: c.refusal for c in af.board.self_release_list()}
    assert listed == {"张三": "", "王五": GRADE_NOT_ALLOWED, "钱六": NO_CONSENT}
    assert [c.name for c in af.board.self_release_list()][0] == "张三"  # eligible first
    band5 = af.board.board().child(af.ids["B1"]).band_id
    assert [c.name for c in af.board.self_release_list(band5)] == ["张三"]

    with pytest.raises(ValidationError) as err:
        af.board.confirm_self_release([af.ids["B1"]], af.duty, "东门")
    assert err.value.code == "too_early"
    for no, code in (("B2", GRADE_NOT_ALLOWED), ("B3", NO_CONSENT), ("A1", "not_self_release")):
        af.at("17:45")
        with pytest.raises(ValidationError) as err:
            af.board.confirm_self_release([af.ids["B1"], af.ids[no]], af.duty, "东门")
        assert err.value.code == code
    assert _count(db, Handoff) == 0  # a refused batch writes nothing

    af.at("17:31")
    results = af.board.confirm_self_release([af.ids["B1"]], af.duty, "东门")
    assert [(r.recorded, r.release.method) for r in results] == [(True, "self")]
    child = af.board.board().child(af.ids["B1"])
    assert child.state == SELF_RELEASED and child.release.station == "东门"
    assert not child.release.late
    assert _audit(db, "handoff.record") == 1
    assert af.board.self_release_list(band5) == []
    # Confirmed again at another station: reported, not stored twice.
    again = af.board.confirm_self_release([af.ids["B1"]], af.other_duty, "西门")
    assert [r.recorded for r in again] == [False]
    assert again[0].release.station == "东门"
    assert _count(db, Handoff) == 1


def test_school_policy_and_a_future_consent_date(afternoon: Afternoon, db: Database) -> None:
    af = afternoon
    af.present("B1", "B2")
    with db.write() as s:
        s.get(School, 1).self_release_grades = (1 << 1) | (1 << 5)
        s.execute(
            Enrolment.__table__.update()
            .where(Enrolment.student_id == af.ids["B1"])
            .values(self_release_consent_on=dt.date(2026, 12, 2))
        )
    listed = {c.name: c.refusal for c in af.board.self_release_list()}
    assert listed == {"张三": NO_CONSENT, "王五": NO_CONSENT}


# --- group transfers (R9) -------------------------------------------------------------------


def test_group_transfer_with_head_count_mismatch_is_flagged(
    afternoon: Afternoon, db: Database
) -> None:
    af = afternoon
    af.present("A3", "B1", "D1", "D2")
    af.at("17:28")
    groups = {g.name: g for g in af.board.groups()}
    five_one = groups["五(1)班"]
    # A3 goes to the choir in period 2 and comes with the club, not with the class.
    assert sorted(five_one.expected) == ["周八", "孙七", "张三"]
    assert five_one.teacher == "班主任五一" and five_one.transferred is None
    assert groups["合唱"].expected == ("李小三",)

    info = af.board.transfer_group(
        "class", five_one.group_id, af.teacher_id, af.duty.id, 2, af.duty
    )
    assert info.mismatch and (info.head_count, info.expected) == (2, 3)
    board = af.board.board()
    assert [t.group_name for t in board.mismatches] == ["五(1)班"]
    assert board.child(af.ids["D1"]).duty_teacher == "值班老师"
    assert _audit(db, "dismissal.group_transfer") == 1

    # The recount matches: the mismatch is gone, both transfers are kept.
    af.at("17:29")
    af.board.transfer_group("class", five_one.group_id, af.teacher_id, af.duty.id, 3, af.duty)
    assert af.board.board().mismatches == ()
    assert _count(db, GroupTransfer) == 2


def test_group_transfer_counts_exclude_children_gone_or_in_custody(afternoon: Afternoon) -> None:
    af = afternoon
    af.present("B1", "D1", "D2")
    af.at("17:31")
    af.board.confirm_self_release([af.ids["B1"]], af.duty)
    groups = {g.name: g for g in af.board.groups()}
    assert sorted(groups["五(1)班"].expected) == ["周八", "孙七"]


def test_group_transfer_is_validated(afternoon: Afternoon, db: Database) -> None:
    af = afternoon
    cls = next(g for g in af.board.groups() if g.group_kind == "class")
    cases = [
        (("team", cls.group_id, af.teacher_id, af.duty.id, 1), ValidationError),
        (("class", cls.group_id, af.duty.id, af.duty.id, 1), ValidationError),
        (("class", cls.group_id, af.teacher_id, af.duty.id, -1), ValidationError),
        (("class", 99999, af.teacher_id, af.duty.id, 1), NotFoundError),
        (("class", cls.group_id, af.teacher_id, 99999, 1), NotFoundError),
    ]
    for args, error in cases:
        with pytest.raises(error):
            af.board.transfer_group(*args, af.duty)
    assert _count(db, GroupTransfer) == 0


def test_counts_per_duty_teacher_after_each_wave(afternoon: Afternoon) -> None:
    af = afternoon
    af.present("A1", "B2", "D1", "D2", "A3")
    af.at("17:25")
    groups = {g.name: g for g in af.board.groups()}
    af.board.transfer_group(
        "class", groups["五(1)班"].group_id, af.teacher_id, af.other_duty.id, 2, af.duty
    )
    counts = {d.name: d.per_band for d in af.board.board().duty_counts}
    band1, band3 = (w.band_id for w in af.board.board().waves if w.grade_from in (1, 5))
    # Grades 5-6 are not dismissed yet: only the first two waves are counted.
    assert counts == {"钱老师": {band1: 0, band1 + 1: 0}, "": {band1: 2, band1 + 1: 0}}
    af.at("17:35")
    counts = {d.name: d.per_band for d in af.board.board().duty_counts}
    assert counts["钱老师"][band3] == 2 and counts[""][band3] == 1  # A3 came with the club


# --- custody and calls (R7) -----------------------------------------------------------------


def test_custody_transfer_ends_the_flag_until_the_guardian_comes(
    afternoon: Afternoon, db: Database
) -> None:
    af = afternoon
    af.present("A1", "A2")
    af.at("17:05")
    with pytest.raises(ValidationError) as err:
        af.board.take_custody(af.ids["A1"], af.duty.id, af.duty)
    assert err.value.code == "too_early"
    af.at("17:36")
    af.board.take_custody(af.ids["A1"], af.other_duty.id, af.duty, "东门", "在值班室")
    child = af.board.board().child(af.ids["A1"])
    assert child.state == CUSTODY and child.custody.teacher == "钱老师" and child.was_flagged
    assert _audit(db, "dismissal.custody") == 1
    # The guardian comes at last: a late handoff.
    af.at("18:05")
    assert af.card_release("A1").late
    child = af.board.board().child(af.ids["A1"])
    assert child.state == HANDED_OVER and child.release.late and child.was_flagged
    with pytest.raises(ValidationError) as err:
        af.board.take_custody(af.ids["A1"], af.duty.id, af.duty)
    assert err.value.code == "already_released"
    with pytest.raises(ValidationError) as err:
        af.board.take_custody(af.ids["D1"], af.duty.id, af.duty)
    assert err.value.code == "not_present"
    assert _count(db, CustodyTransfer) == 1


def test_calls_are_logged_with_whom_and_result(afternoon: Afternoon, db: Database) -> None:
    af = afternoon
    af.present("A1")
    af.at("17:26")
    detail = af.board.child_detail(af.ids["A1"])
    assert [(g.name, g.relation, g.phone) for g in detail.guardians] == [
        ("李伟", "父亲", "13800000001"),
        ("王芳", "母亲", "13800000002"),
    ]
    father = detail.guardians[0].guardian_id
    af.board.log_call(af.ids["A1"], "no_answer", af.duty, guardian_id=father)
    af.at("17:28")
    af.board.log_call(
        af.ids["A1"],
        "on_the_way",
        af.duty,
        guardian_id=detail.guardians[1].guardian_id,
        note="十分钟到",
    )
    af.board.log_call(af.ids["A1"], "notified", af.duty, callee="安全负责人")
    detail = af.board.child_detail(af.ids["A1"])
    assert [(c.at, c.callee, c.result, c.note) for c in detail.calls] == [
        (at("17:26"), "李伟（父亲）", "no_answer", ""),
        (at("17:28"), "王芳（母亲）", "on_the_way", "十分钟到"),
        (at("17:28"), "安全负责人", "notified", ""),
    ]
    child = af.board.board().child(af.ids["A1"])
    assert child.calls == 3 and child.last_call.result == "notified"
    bad = [
        ({"result": "busy", "guardian_id": father}, "bad_result"),
        ({"result": "no_answer"}, "callee_required"),
        ({"result": "no_answer", "callee": "   "}, "callee_required"),
        ({"result": "no_answer", "guardian_id": 99999}, "not_guardian"),
        ({"result": "no_answer", "callee": "x", "note": "长" * 201}, "note_too_long"),
    ]
    for kwargs, code in bad:
        with pytest.raises(ValidationError) as err:
            af.board.log_call(af.ids["A1"], member=af.duty, **kwargs)
        assert err.value.code == code
    assert _count(db, GuardianCall) == 3
    assert _audit(db, "dismissal.call") == 3


def test_late_pickups_are_counted_per_family_across_weeks(afternoon: Afternoon) -> None:
    af = afternoon
    # Siblings A1 and A2 share their father: one family, counted by days.
    days = [DAY - dt.timedelta(days=n) for n in (0, 1, 7, 14)]
    for day in days:
        if day.isoweekday() > 5:
            continue
        af.at("15:30", day)
        af.present("A1", "A2", day=day)
        af.at("17:45", day)
        verdict = af.gate.verdicts.scan(af.gate.token(af.gate.guardian("李伟")))
        af.gate.handoffs.record(verdict, [af.ids["A1"], af.ids["A2"]], af.duty)
    af.at("15:30", DAY - dt.timedelta(days=6))
    af.present("D1", day=DAY - dt.timedelta(days=6))
    af.at("17:50", DAY - dt.timedelta(days=6))
    verdict = af.gate.verdicts.scan(af.gate.token(af.gate.guardian("孙亮")))
    af.gate.handoffs.record(verdict, [af.ids["D1"]], af.duty)
    af.at("18:00")
    families = af.board.late_families(DAY - dt.timedelta(days=28), DAY)
    assert [(f.guardian, f.count, sorted(f.children)) for f in families] == [
        ("李伟（父亲）", 4, ["李小一", "李小二"]),
        ("孙亮（父亲）", 1, ["孙七"]),
    ]
    assert families[0].phone == "138****0001"  # printed: masked (R12)
    assert af.board.child_detail(af.ids["A2"]).family_late == 4
    assert af.board.late_families(DAY, DAY)[0].count == 1
