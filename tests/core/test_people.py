"""Authorized adults: search by name/pinyin/initials, proxies, restrictions, photos, audit."""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select

from core.account_rules import NotAllowedError
from core.errors import ValidationError
from core.people import PeopleService
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.staff_types import StaffMember
from db.engine import Database
from db.models import AuditEntry, Staff

TODAY = dt.date(2026, 12, 1)
MUM = GuardianRecord("王芳", "母亲", "13812345678")


def _png(width: int = 2) -> bytes:
    """A tiny valid PNG, built without Qt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(width))
    ihdr = struct.pack(">IIBBBBB", width, width, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _member(db: Database, staff_no: str) -> StaffMember:
    with db.read() as s:
        st = s.scalars(select(Staff).where(Staff.staff_no == staff_no)).one()
        return StaffMember(st.id, st.staff_no, st.name, st.role, st.class_id)


@pytest.fixture
def people(demo_db: Database, clock) -> PeopleService:  # noqa: ANN001
    # Two 张三 in different classes, siblings sharing their mother, a polyphonic surname.
    records = [
        StudentRecord("9001", "张三", "男", 3, 2, guardians=(MUM,)),
        StudentRecord("9002", "张三", "男", 5, 1),
        StudentRecord("9003", "张小妹", "女", 1, 1, guardians=(MUM,)),
        StudentRecord("9004", "曾小明", "男", 2, 3),
    ]
    with demo_db.write() as s:
        store_students(s, records, ALL_FIELDS)
    return PeopleService(demo_db, clock)


@pytest.fixture
def officer(demo_db: Database) -> StaffMember:
    return _member(demo_db, "A001")


def _id(people: PeopleService, student_no: str) -> int:
    return people.search(student_no)[0].student_id


def _audit(db: Database, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_search_finds_same_name_pupils_told_apart_by_class(people: PeopleService) -> None:
    hits = [h for h in people.search("张三") if h.name == "张三"]
    assert {(h.student_no, h.class_name) for h in hits} >= {
        ("9001", "三(2)班"),
        ("9002", "五(1)班"),
    }


@pytest.mark.parametrize("query", ["zhangsan", "ZhangSan", "zhang san", "zs", "zhangs"])
def test_search_by_pinyin_and_initials(people: PeopleService, query: str) -> None:
    numbers = {h.student_no for h in people.search(query)}
    assert {"9001", "9002"} <= numbers


@pytest.mark.parametrize("query", ["zengxiaoming", "cengxiaoming", "zxm", "zengxm"])
def test_search_accepts_every_reading_of_a_polyphonic_surname(
    people: PeopleService, query: str
) -> None:
    assert "9004" in {h.student_no for h in people.search(query)}


def test_search_by_student_number_ranks_exact_first(people: PeopleService) -> None:
    hits = people.search("9003")
    assert hits[0].student_no == "9003"
    assert hits[0].name == "张小妹"


def test_search_empty_query_finds_nothing(people: PeopleService) -> None:
    assert people.search("  ") == []


def test_guardian_edit_shows_for_every_sibling(
    people: PeopleService, officer: StaffMember, demo_db: Database
) -> None:
    first, sister = _id(people, "9001"), _id(people, "9003")
    card = people.pupil_card(first)
    mum = card.guardians[0]
    assert mum.siblings == ("张小妹",)
    assert mum.phone == "13812345678" and mum.phone_masked == "138****5678"

    people.update_guardian(officer, first, mum.guardian_id, "王芳芳", "妈妈", "139 0000 1111")

    other = people.pupil_card(sister).guardians[0]
    assert (other.name, other.phone) == ("王芳芳", "13900001111")
    assert people.pupil_card(first).guardians[0].relation == "母亲"
    entry = _audit(demo_db, "guardian.update")[-1]
    assert entry.actor == officer.actor
    assert "13900001111" not in entry.payload  # masked in the append-only log (R12)


def test_add_guardian_reuses_the_same_adult_and_unlinks_per_pupil(
    people: PeopleService, officer: StaffMember
) -> None:
    pupil, sister = _id(people, "9002"), _id(people, "9003")
    gid = people.add_guardian(officer, pupil, "王芳", "母亲", "13812345678")
    assert gid == people.pupil_card(sister).guardians[0].guardian_id
    with pytest.raises(ValidationError) as exc:
        people.add_guardian(officer, pupil, "王芳", "母亲", "13812345678")
    assert exc.value.code == "guardian_linked"
    people.remove_guardian(officer, pupil, gid)
    assert people.pupil_card(pupil).guardians == ()
    assert people.pupil_card(sister).guardians[0].guardian_id == gid


def test_invalid_phone_is_refused_with_a_stable_code(
    people: PeopleService, officer: StaffMember
) -> None:
    with pytest.raises(ValidationError) as exc:
        people.add_guardian(officer, _id(people, "9002"), "李四", "父亲", "12345")
    assert exc.value.code == "phone_invalid"


def test_proxy_is_active_only_within_its_dates(
    people: PeopleService, officer: StaffMember, demo_db: Database
) -> None:
    pupil = _id(people, "9001")
    one_day = people.add_proxy(
        officer, pupil, "赵阿姨", "邻居", "", TODAY, TODAY, "王芳（母亲）", "微信截图"
    )
    later = TODAY + dt.timedelta(days=3)
    people.add_proxy(officer, pupil, "钱叔叔", "", "13900002222", later, later, "王芳", "")

    assert [p.name for p in people.active_proxies(pupil, TODAY)] == ["赵阿姨"]
    assert people.active_proxies(pupil, TODAY + dt.timedelta(days=1)) == []
    assert [p.name for p in people.active_proxies(pupil, later)] == ["钱叔叔"]
    card_proxy = people.pupil_card(pupil).proxies[0]
    assert card_proxy.one_day and card_proxy.phoned_in_by == "王芳（母亲）"
    assert card_proxy.written_note == "微信截图"

    people.revoke_proxy(officer, one_day)
    assert people.active_proxies(pupil, TODAY) == []
    assert json.loads(_audit(demo_db, "proxy.add")[0].payload)["phoned_in_by"] == "王芳（母亲）"
    assert _audit(demo_db, "proxy.revoke")[0].entity_id == str(one_day)


def test_proxy_dates_and_caller_are_checked(people: PeopleService, officer: StaffMember) -> None:
    pupil = _id(people, "9001")
    cases = [
        ((TODAY, TODAY - dt.timedelta(days=1), "王芳"), "proxy_range"),
        ((TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1), "王芳"), "proxy_past"),
        ((TODAY, TODAY, " "), "caller_empty"),
    ]
    for (start, end, caller), code in cases:
        with pytest.raises(ValidationError) as exc:
            people.add_proxy(officer, pupil, "赵阿姨", "", "", start, end, caller)
        assert exc.value.code == code


def test_class_teacher_may_add_a_proxy_but_not_a_restriction(
    people: PeopleService, demo_db: Database
) -> None:
    teacher = _member(demo_db, "T001")
    pupil = _id(people, "9001")
    people.add_proxy(teacher, pupil, "赵阿姨", "", "", TODAY, TODAY, "王芳")
    with pytest.raises(NotAllowedError):
        people.add_restriction(teacher, pupil, "某人")


def test_restriction_listed_until_lifted(
    people: PeopleService, officer: StaffMember, demo_db: Database
) -> None:
    pupil = _id(people, "9001")
    with pytest.raises(ValidationError) as exc:
        people.add_restriction(officer, pupil, "张某", court_order=True)
    assert exc.value.code == "court_order_date"
    rid = people.add_restriction(
        officer, pupil, "张某", "13700001234", "离婚判决", True, dt.date(2026, 5, 4)
    )
    entry = people.pupil_card(pupil).restrictions[0]
    assert (entry.name, entry.court_order, entry.court_order_date) == (
        "张某",
        True,
        dt.date(2026, 5, 4),
    )
    people.deactivate_restriction(officer, rid)
    assert people.pupil_card(pupil).restrictions == ()
    assert [e.action for e in _audit(demo_db, "restriction.add")] == ["restriction.add"]
    assert _audit(demo_db, "restriction.deactivate")[0].actor == officer.actor


def test_institution_staff_authorized_for_named_children(
    people: PeopleService, officer: StaffMember
) -> None:
    pupil, other = _id(people, "9001"), _id(people, "9002")
    inst = people.add_institution(officer, "小蜜蜂托管", "0519-86123456")
    people.add_institution_staff(officer, inst, "周老师", "13600001111")
    people.authorize_institution(officer, inst, pupil)
    card = people.pupil_card(pupil)
    assert [i.name for i in card.institutions] == ["小蜜蜂托管"]
    assert [m.name for m in card.institutions[0].staff] == ["周老师"]
    assert people.pupil_card(other).institutions == ()
    people.unauthorize_institution(officer, inst, pupil)
    assert people.pupil_card(pupil).institutions == ()
    # Still registered once unauthorized (the demo's own 阳光托管中心 is listed too).
    assert [i.name for i in people.institutions()].count("小蜜蜂托管") == 1


def test_set_photo_checks_the_image(people: PeopleService, officer: StaffMember) -> None:
    pupil = _id(people, "9001")
    for data, code in (
        (b"", "photo_empty"),
        (b"GIF89a....", "photo_not_image"),
        (b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024), "photo_too_large"),
    ):
        with pytest.raises(ValidationError) as exc:
            people.set_photo(officer, "student", pupil, data)
        assert exc.value.code == code
    people.set_photo(officer, "student", pupil, _png())
    assert people.photo("student", pupil) == _png()
    assert people.search("9001")[0].has_photo


def test_import_photos_matches_student_numbers_and_phones(
    people: PeopleService, officer: StaffMember, demo_db: Database, tmp_path: Path
) -> None:
    (tmp_path / "9001.PNG").write_bytes(_png())
    (tmp_path / "9001.jpg").write_bytes(b"\xff\xd8\xff\xe0jpeg")  # second photo of 9001
    (tmp_path / "138-1234-5678.png").write_bytes(_png(3))
    (tmp_path / "99999999.png").write_bytes(_png())
    (tmp_path / "9002.png").write_bytes(b"not an image")
    (tmp_path / "readme.txt").write_text("ignored")

    report = people.import_photos(officer, tmp_path)

    assert {(m.file, m.owner_kind) for m in report.matched} == {
        ("9001.PNG", "student"),
        ("138-1234-5678.png", "guardian"),
    }
    assert report.duplicates == ("9001.jpg",)
    assert report.unmatched == ("99999999.png",)
    assert report.rejected == (("9002.png", "photo_not_image"),)
    sister = people.pupil_card(_id(people, "9003"))
    assert sister.guardians[0].has_photo
    assert people.photo("student", _id(people, "9001")) == _png()
    entry = _audit(demo_db, "photo.import")[0]
    assert entry.actor == officer.actor


def test_import_photos_missing_folder(
    people: PeopleService, officer: StaffMember, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError) as exc:
        people.import_photos(officer, tmp_path / "nope")
    assert exc.value.code == "folder_missing"
