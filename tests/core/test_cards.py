"""Pickup cards over a real database: issuing, family cards, selections, reissue, revoke, key."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.card_tokens import CardKey
from core.cards import GUARDIAN, CardKeyMismatchError, CardSelection, CardService, HolderRef
from core.errors import NotFoundError, ValidationError
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.staff_types import StaffMember
from db.models import AuditEntry, Guardian, PickupCard, Staff

FATHER = GuardianRecord("李伟", "父亲", "13800000001")
MOTHER = GuardianRecord("王芳", "母亲", "13800000002")


@pytest.fixture
def setup(db, clock, services):
    records = [
        StudentRecord("A1", "李小一", "男", 1, 1, guardians=(FATHER, MOTHER)),
        StudentRecord("A2", "李小二", "女", 3, 2, guardians=(FATHER, MOTHER)),
        StudentRecord(
            "B1", "张三", "男", 3, 2, guardians=(GuardianRecord("张强", "父亲", "13800000003"),)
        ),
        StudentRecord(
            "N1",
            "不参加",
            "男",
            3,
            2,
            after_school=False,
            guardians=(GuardianRecord("钱多", "母亲", "13800000005"),),
        ),
    ]
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)
        staff = Staff(staff_no="A001", name="周建华", role="safety_officer")
        s.add(staff)
        s.flush()
        member = StaffMember(staff.id, "A001", "周建华", "safety_officer")
    key = CardKey.generate()
    return CardService(db, clock, key, services.today), key, member


def holder(db, name: str) -> HolderRef:
    with db.read() as s:
        return HolderRef(GUARDIAN, s.scalar(select(Guardian.id).where(Guardian.name == name)))


def actions(db) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_issue_numbers_cards_and_expires_at_school_year_end(db, setup) -> None:
    cards, key, member = setup

    first = cards.issue(holder(db, "李伟"), member)
    second = cards.issue(holder(db, "王芳"), member)

    assert (first.card_no, second.card_no) == ("K000001", "K000002")
    assert first.version == 1 and first.expires_on == dt.date(2027, 8, 31)
    assert actions(db)[-2:] == ["card.issue", "card.issue"]
    assert "school.card_key" in actions(db)
    with pytest.raises(ValidationError) as err:
        cards.issue(holder(db, "李伟"), member)
    assert err.value.code == "card_exists"


def test_family_card_lists_siblings_in_other_classes(db, setup) -> None:
    cards, key, member = setup
    assert cards.issue_missing(CardSelection(class_name="三（2）班"), member) == 3
    assert cards.issue_missing(CardSelection(), member) == 0  # everyone has one now

    printed = {c.holder_name: c for c in cards.printable(CardSelection(class_name="3(2)班"))}

    assert set(printed) == {"李伟", "王芳", "张强"}  # 钱多's child is not in the service
    father = printed["李伟"]
    assert [(c.student_no, c.class_name) for c in father.children] == [
        ("A1", "一(1)班"),
        ("A2", "三(2)班"),
    ]
    assert father.relation == "父亲"
    claims = key.verify(father.token)
    assert (claims.card_id, claims.version) == (1, 1) or claims.version == 1
    assert "李" not in father.token and "A1" not in father.token


def test_selection_by_student_and_unknown_selections(db, setup) -> None:
    cards, _, member = setup
    assert cards.issue_missing(CardSelection(student_no="B1"), member) == 1

    assert [c.holder_name for c in cards.printable(CardSelection(student_no="B1"))] == ["张强"]
    assert cards.printable(CardSelection(student_no="A1")) == []  # no cards issued yet
    with pytest.raises(NotFoundError):
        cards.printable(CardSelection(class_name="七(9)班"))
    with pytest.raises(NotFoundError):
        cards.issue_missing(CardSelection(student_no="nope"), member)


def test_reissue_bumps_version_and_revoke_is_final(db, setup) -> None:
    cards, key, member = setup
    card = cards.issue(holder(db, "李伟"), member)

    again = cards.reissue(card.id, member, "卡丢失")
    with pytest.raises(ValidationError) as err:
        cards.reissue(card.id, member, "  ")
    assert err.value.code == "reason_required"
    gone = cards.revoke(card.id, member, "不再授权")

    assert (again.card_no, again.version) == (card.card_no, 2)
    assert gone.revoked_at is not None and gone.revoke_reason == "不再授权"
    assert actions(db)[-2:] == ["card.reissue", "card.revoke"]
    with pytest.raises(ValidationError):
        cards.reissue(card.id, member, "再补")
    assert cards.current_card(holder(db, "李伟")) is None
    assert cards.issue(holder(db, "李伟"), member).card_no == "K000002"


def test_another_key_on_this_pc_is_refused(db, clock, setup) -> None:
    cards, _, member = setup
    cards.issue(holder(db, "李伟"), member)
    stranger = CardService(db, clock, CardKey.generate())

    with pytest.raises(CardKeyMismatchError):
        stranger.issue(holder(db, "王芳"), member)
    with pytest.raises(CardKeyMismatchError):
        stranger.printable(CardSelection())
    with db.read() as s:
        assert s.scalar(select(PickupCard.id).where(PickupCard.card_no == "K000002")) is None
