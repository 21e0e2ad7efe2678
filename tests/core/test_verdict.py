"""The release verdict (R3–R6) over a real database: one row per code, siblings, keys, times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from core.card_tokens import CardClaims, CardKey
from core.cards import GUARDIAN, INSTITUTION_STAFF, PROXY, CardService, HolderRef
from core.errors import ValidationError
from core.handoffs import HandoffService
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.services import Services
from core.staff_types import StaffMember
from core.verdict import VerdictService
from core.verdict_text import message, verdict_json
from db.engine import Database
from db.models import (
    AttendanceMark,
    AuditEntry,
    Guardian,
    Handoff,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    ProxyAuthorization,
    Restriction,
    School,
    Staff,
    Student,
)

DAY = dt.date(2026, 12, 1)
FATHER = GuardianRecord("李伟", "父亲", "13800000001")
MOTHER = GuardianRecord("王芳", "母亲", "13800000002")


def at(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    h, m = hhmm.split(":")
    return dt.datetime.combine(day, dt.time(int(h), int(m)))


def pupil(no: str, name: str, grade: int, class_no: int, *guardians, **kw) -> StudentRecord:
    return StudentRecord(no, name, "男", grade, class_no, guardians=guardians, **kw)


@dataclass
class Gate:
    db: Database
    services: Services
    key: CardKey
    cards: CardService
    verdicts: VerdictService
    handoffs: HandoffService
    member: StaffMember
    ids: dict[str, int]

    def guardian(self, name: str) -> HolderRef:
        with self.db.read() as s:
            return HolderRef(GUARDIAN, s.scalar(select(Guardian.id).where(Guardian.name == name)))

    def token(self, holder: HolderRef) -> str:
        card = self.cards.current_card(holder) or self.cards.issue(holder, self.member)
        return self.key.sign(CardClaims(card.id, card.version, card.expires_on))

    def present(self, *nos: str, status: str = "present") -> None:
        for no in nos:
            self.services.attendance.mark(self.ids[no], DAY, 1, status, self.member)

    def release(self, sid: int, verdict, member, override_reason: str = ""):
        return self.handoffs.record(verdict, [sid], member, reason=override_reason)[0]

    def add(self, row: object) -> int:
        with self.db.write() as s:
            s.add(row)
            s.flush()
            return row.id  # type: ignore[attr-defined]


@pytest.fixture
def school(db: Database, services: Services, clock) -> Gate:
    records = [
        pupil("A1", "李小一", 1, 1, FATHER, MOTHER),
        pupil("A2", "李小二", 3, 2, FATHER, MOTHER),
        pupil("B1", "张三", 5, 1, GuardianRecord("张强", "父亲", "13800000003"), departure="self"),
        pupil(
            "C1",
            "赵四",
            1,
            2,
            GuardianRecord("赵刚", "父亲", "13800000004"),
            departure="institution",
        ),
    ]
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)
        ids = dict(s.execute(select(Student.student_no, Student.id)).all())
        staff = Staff(staff_no="D001", name="值班老师", role="duty_teacher")
        s.add(staff)
        s.flush()
        member = StaffMember(staff.id, "D001", "值班老师", "duty_teacher")
    key = CardKey.generate()
    verdicts = VerdictService(db, clock, key, services.schedule)
    return Gate(
        db,
        services,
        key,
        CardService(db, clock, key, services.today),
        verdicts,
        HandoffService(db, clock, services.schedule),
        member,
        ids,
    )


# --- one row per verdict code -------------------------------------------------------------


def _nothing(sc: Gate) -> str:
    sc.present("A1", "A2")
    return sc.token(sc.guardian("李伟"))


def _unreadable(sc: Gate) -> str:
    return "https://example.com/not-a-card"


def _forged(sc: Gate) -> str:
    good = sc.token(sc.guardian("李伟"))
    flip = "A" if good[-2] != "A" else "B"
    return good[:-2] + flip + good[-1]


def _other_school(sc: Gate) -> str:
    sc.token(sc.guardian("李伟"))
    return CardKey.generate().sign(CardClaims(1, 1, DAY))


def _unknown(sc: Gate) -> str:
    sc.token(sc.guardian("李伟"))
    return sc.key.sign(CardClaims(999, 1, DAY))


def _revoked(sc: Gate) -> str:
    token = sc.token(sc.guardian("李伟"))
    sc.cards.revoke(sc.cards.current_card(sc.guardian("李伟")).id, sc.member, "不再授权")
    return token


def _superseded(sc: Gate) -> str:
    token = sc.token(sc.guardian("李伟"))
    sc.cards.reissue(sc.cards.current_card(sc.guardian("李伟")).id, sc.member, "卡丢失")
    return token


def _expired(sc: Gate) -> str:
    sc.present("A1", "A2")
    card = sc.cards.issue(sc.guardian("李伟"), sc.member, expires_on=DAY)
    return sc.key.sign(CardClaims(card.id, card.version, card.expires_on))


def _restricted(sc: Gate) -> str:
    sc.present("A1", "A2")
    sc.add(
        Restriction(student_id=sc.ids["A1"], name="李伟", note="法院禁令", created_at=at("08:00"))
    )
    return sc.token(sc.guardian("李伟"))


def _restricted_by_phone(sc: Gate) -> str:
    sc.present("A1", "A2")
    sc.add(
        Restriction(
            student_id=sc.ids["A2"], name="李某", phone="+86 138 0000 0001", created_at=at("08:00")
        )
    )
    return sc.token(sc.guardian("李伟"))


def _proxy_expired(sc: Gate) -> str:
    sc.present("A1")
    pid = sc.add(
        ProxyAuthorization(
            student_id=sc.ids["A1"],
            name="邻居王阿姨",
            relation="邻居",
            valid_from=DAY - dt.timedelta(days=3),
            valid_to=DAY,
            created_at=at("08:00"),
        )
    )
    token = sc.token(HolderRef(PROXY, pid))
    with sc.db.write() as s:
        s.get(ProxyAuthorization, pid).revoked_at = at("12:00")
    return token


def _not_marked(sc: Gate) -> str:
    return sc.token(sc.guardian("李伟"))


def _on_leave(sc: Gate) -> str:
    sc.present("A1", "A2")
    for no in ("A1", "A2"):
        sc.services.attendance.add_leave(sc.ids[no], DAY, DAY, "sick", "发烧", "母亲", sc.member)
    return sc.token(sc.guardian("李伟"))


def _released(sc: Gate) -> str:
    sc.present("A1", "A2")
    token = sc.token(sc.guardian("王芳"))
    first = sc.verdicts.scan(token, at=at("17:30"), station="东门")
    sc.handoffs.record(first, [sc.ids["A1"], sc.ids["A2"]], sc.member)
    return sc.token(sc.guardian("李伟"))


def _self(sc: Gate) -> str:
    sc.present("B1")
    return sc.token(sc.guardian("张强"))


def _institution(sc: Gate) -> str:
    sc.present("C1")
    iid = sc.add(Institution(name="阳光托管"))
    sc.add(InstitutionStudent(institution_id=iid, student_id=sc.ids["C1"]))
    return sc.token(sc.guardian("赵刚"))


def _institution_staff(sc: Gate) -> str:
    sc.present("C1")
    iid = sc.add(Institution(name="阳光托管"))
    sc.add(InstitutionStudent(institution_id=iid, student_id=sc.ids["C1"]))
    staff = sc.add(InstitutionStaff(institution_id=iid, name="托管刘老师"))
    return sc.token(HolderRef(INSTITUTION_STAFF, staff))


ROWS: list[tuple[str, Callable[[Gate], str], str, str, dict[str, str]]] = [
    ("ok", _nothing, "17:30", "ok", {"A1": "ok", "A2": "ok"}),
    ("unreadable", _unreadable, "17:30", "unreadable", {}),
    ("forged", _forged, "17:30", "forged", {}),
    ("other_school", _other_school, "17:30", "forged", {}),
    ("unknown_card", _unknown, "17:30", "unknown_card", {}),
    ("revoked", _revoked, "17:30", "revoked", {"A1": "revoked", "A2": "revoked"}),
    ("superseded", _superseded, "17:30", "revoked", {"A1": "revoked", "A2": "revoked"}),
    ("expired", _expired, "17:30", "ok", {"A1": "ok", "A2": "ok"}),
    ("expired_next_day", _expired, "2026-12-02 17:30", "expired", {"A1": "expired"}),
    ("restricted", _restricted, "17:30", "restricted", {"A1": "restricted", "A2": "ok"}),
    ("restricted_phone", _restricted_by_phone, "17:30", "restricted", {"A2": "restricted"}),
    ("not_authorized", _proxy_expired, "17:30", "not_authorized", {"A1": "not_authorized"}),
    ("not_present", _not_marked, "17:30", "not_present", {"A1": "not_present"}),
    ("on_leave", _on_leave, "17:30", "not_present", {"A1": "not_present", "A2": "not_present"}),
    ("already_released", _released, "17:35", "already_released", {"A1": "already_released"}),
    ("early", _nothing, "17:00", "early_needs_reason", {"A1": "early_needs_reason"}),
    ("self_release", _self, "17:40", "self_release", {"B1": "self_release"}),
    ("institution", _institution, "17:30", "institution", {"C1": "institution"}),
    ("institution_staff", _institution_staff, "17:30", "ok", {"C1": "ok"}),
]


@pytest.mark.parametrize(
    ("arrange", "when", "overall", "children"),
    [r[1:] for r in ROWS],
    ids=[r[0] for r in ROWS],
)
def test_verdict_table(school: Gate, arrange, when, overall, children) -> None:
    token = arrange(school)
    moment = dt.datetime.fromisoformat(when) if "-" in when else at(when)

    verdict = school.verdicts.scan(token, at=moment, station="东门")

    assert verdict.verdict == overall
    assert verdict.ok == (overall == "ok")
    got = {c.student_no: c.verdict for c in verdict.children}
    for no, code in children.items():
        assert got[no] == code
    assert message(verdict)


def test_superseded_card_has_its_own_message(school: Gate) -> None:
    old = _superseded(school)
    new = school.token(school.guardian("李伟"))

    verdict = school.verdicts.scan(old, at=at("17:30"))

    assert verdict.verdict == "revoked" and verdict.superseded
    assert message(verdict) == "此卡已挂失补办，旧卡作废"
    assert school.verdicts.scan(new, at=at("17:30")).verdict != "revoked"
    revoked = _revoked(school)
    assert message(school.verdicts.scan(revoked, at=at("17:30"))) != message(verdict)


def test_restricted_is_an_alert_and_cannot_be_overridden(school: Gate) -> None:
    verdict = school.verdicts.scan(_restricted(school), at=at("17:30"))

    assert verdict.alert
    assert not verdict.child(school.ids["A1"]).can_override
    with pytest.raises(ValidationError) as err:
        school.release(school.ids["A2"], verdict, school.member, override_reason="x")
    assert err.value.code == "restricted"


def test_siblings_on_one_card_get_their_own_verdicts(school: Gate) -> None:
    school.present("A1")  # the younger one; the older one is on leave
    school.services.attendance.add_leave(
        school.ids["A2"], DAY, DAY, "personal", "", "母亲", school.member
    )
    token = school.token(school.guardian("王芳"))

    verdict = school.verdicts.scan(token, at=at("17:15"))

    assert verdict.ok
    assert [c.student_no for c in verdict.releasable] == ["A1"]
    older = verdict.child(school.ids["A2"])
    assert older.verdict == "not_present" and older.attendance == "personal"
    assert older.can_override
    assert verdict_json(verdict)["children"][1]["class_name"] == "三(2)班"


def test_already_released_says_by_whom_when_and_where(school: Gate) -> None:
    school.verdicts.scan(_released(school), at=at("17:35"))  # records the handoff at the clock
    token = school.token(school.guardian("李伟"))

    child = school.verdicts.scan(token, at=at("17:40")).child(school.ids["A1"])

    assert child.released.receiver_name == "王芳"
    assert child.released.station == "东门"
    assert child.released.verified_by == "值班老师"
    assert (
        "王芳（母亲）在东门接走"
        in verdict_json(school.verdicts.scan(token))["children"][0]["message"]
    )


@pytest.mark.parametrize(
    ("when", "code"), [("17:09", "early_needs_reason"), ("17:10", "ok"), ("17:11", "ok")]
)
def test_early_pickup_before_band_dismissal(school: Gate, when: str, code: str) -> None:
    school.present("A1")
    token = school.token(school.guardian("李伟"))

    child = school.verdicts.scan(token, at=at(when)).child(school.ids["A1"])

    assert child.verdict == code
    if code != "ok":
        assert child.dismissal == dt.time(17, 10)


def test_station_with_another_key_file_says_wrong_key(school: Gate, db, clock, services) -> None:
    token = school.token(school.guardian("李伟"))  # fixes the school's fingerprint
    other = VerdictService(db, clock, CardKey.generate(), services.schedule)

    assert other.scan(token, at=at("17:30")).verdict == "wrong_key"
    assert school.verdicts.scan(CardKey.generate().sign(CardClaims(1, 1, DAY))).verdict == "forged"


def test_identity_check_releases_with_a_reason(school: Gate, clock) -> None:
    school.present("A1")
    clock.set(at("17:20"))
    verdict = school.verdicts.check_person(
        school.ids["A1"], school.guardian("李伟"), station="东门"
    )
    assert verdict.ok and verdict.identity_check and verdict.holder.card_no == ""

    with pytest.raises(ValidationError):
        school.release(school.ids["A1"], verdict, school.member)
    done = school.release(
        school.ids["A1"], verdict, school.member, override_reason="忘带卡，核对身份证"
    )

    assert done.recorded and done.release.method == "identity_check"
    stranger = school.verdicts.check_person(school.ids["B1"], school.guardian("李伟"))
    assert stranger.verdict == "not_authorized"


def test_second_station_gets_already_released_not_a_second_row(school: Gate, clock) -> None:
    school.present("A1")
    clock.set(at("17:20"))
    father = school.verdicts.scan(school.token(school.guardian("李伟")), station="东门")
    mother = school.verdicts.scan(school.token(school.guardian("王芳")), station="西门")

    first = school.release(school.ids["A1"], father, school.member)
    second = school.release(school.ids["A1"], mother, school.member)

    assert first.recorded and not second.recorded
    assert second.verdict == "already_released" and second.release.station == "东门"
    with school.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Handoff)) == 1
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "handoff.record")
            )
            == 1
        )


def test_early_release_needs_reason_and_marks_left_early(school: Gate, clock) -> None:
    school.present("A1")
    clock.set(at("16:30"))
    verdict = school.verdicts.scan(school.token(school.guardian("李伟")), station="东门")

    with pytest.raises(ValidationError) as err:
        school.release(school.ids["A1"], verdict, school.member)
    assert err.value.code == "reason_required"
    done = school.release(school.ids["A1"], verdict, school.member, override_reason="看牙医")

    assert done.early
    with school.db.read() as s:
        row = s.scalar(select(Handoff))
        assert row.override_reason == "看牙医" and row.note == "override:early_needs_reason"
        assert (
            s.scalar(
                select(AttendanceMark.status).where(AttendanceMark.student_id == school.ids["A1"])
            )
            == "left_early"
        )


def test_scan_reads_only_the_card_and_its_children(school: Gate, db) -> None:
    school.present("A1", "A2")
    token = school.token(school.guardian("李伟"))
    school.verdicts.scan(token, at=at("17:30"))  # warms the schedule cache
    statements: list[str] = []
    from sqlalchemy import event

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        school.verdicts.scan(token, at=at("17:30"))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)

    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 8
    assert all("FROM student " not in s or "WHERE" in s for s in selects)


def test_school_fingerprint_recorded_on_first_issue(school: Gate) -> None:
    school.token(school.guardian("李伟"))
    with school.db.read() as s:
        assert s.get(School, 1).card_key_fingerprint == school.key.fingerprint
