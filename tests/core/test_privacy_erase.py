"""A child's data on request (R12): the export holds all of it, the erase leaves no trace of it.

Over the demo school (ten closed days of history): one pupil whose guardians have no other
child gets distinctive names, a proxy, a ban, cards, a call, an incident, leave and a snapshot,
each through the services, so the audit log names them too. The export must hold every piece;
after the erase no text column of any table and no audit entry holds any of them, every count
per day and class is unchanged, and the audit chain still verifies.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import String, Text, func, or_, select, text, update

from core.account_rules import NotAllowedError
from core.audit_service import verify_chain
from core.card_tokens import load_or_create
from core.cards import GUARDIAN, PROXY, HolderRef
from core.errors import ValidationError
from core.incidents import IncidentDraft
from core.privacy import PrivacyService
from core.privacy_records import ERASED_PUPIL, MARK
from core.services import Services
from db import audit
from db.models import (
    AuditEntry,
    Base,
    Guardian,
    Handoff,
    HandoffSnapshot,
    Incident,
    PickupCard,
    SchoolClass,
    Student,
    StudentGuardian,
)
from tests.conftest import TEST_NOW

CHILD = "欧阳星辰"
FATHER, MOTHER = "欧阳明远", "司马慧兰"
FATHER_PHONE, MOTHER_PHONE = "13900001111", "13900002222"
PROXY_NAME, PROXY_PHONE = "慕容云", "13900003333"
BANNED, BANNED_PHONE = "上官烈", "13900004444"
TODAY = TEST_NOW.date()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FRAME = b"\xff\xd8\xff\xe0" + b"\x01" * 64


def _only_family_child(s) -> int:  # noqa: ANN001
    """A pupil with a call and late pickups in the history whose guardians have no other child."""
    shared = (
        select(StudentGuardian.student_id)
        .join(
            StudentGuardian.__table__.alias("other"),
            text("other.guardian_id = student_guardian.guardian_id"),
        )
        .where(text("other.student_id <> student_guardian.student_id"))
    )
    row = s.execute(
        text(
            "SELECT s.id FROM student s WHERE s.id NOT IN ("
            + str(shared.compile(compile_kwargs={"literal_binds": True}))
            + ") AND EXISTS (SELECT 1 FROM guardian_call c WHERE c.student_id = s.id)"
            " AND EXISTS (SELECT 1 FROM handoff h WHERE h.student_id = s.id AND h.late)"
            " ORDER BY s.id LIMIT 1"
        )
    ).first()
    assert row is not None, "the demo school has such a pupil"
    return int(row[0])


@pytest.fixture
def family(demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The pupil (id), with every kind of record the erase must reach."""
    sv, db = demo_services, demo_services._db
    key_file = tmp_path / "card.key"
    load_or_create(key_file)
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(key_file))
    officer = sv.accounts.sign_in("A001", "1234")
    with db.write() as s:
        sid = _only_family_child(s)
        s.execute(update(Student).where(Student.id == sid).values(name=CHILD, notes="过敏"))
        gids = list(
            s.scalars(
                select(StudentGuardian.guardian_id)
                .where(StudentGuardian.student_id == sid)
                .order_by(StudentGuardian.position)
            )
        )
        other = s.scalar(select(Student.id).where(Student.id != sid).order_by(Student.id))
        handoff = s.scalar(select(Handoff.id).where(Handoff.student_id == sid).limit(1))
        frame = HandoffSnapshot(taken_at=TEST_NOW, station="东门", image=FRAME)
        s.add(frame)
        s.flush()
        s.execute(update(Handoff).where(Handoff.id == handoff).values(snapshot_id=frame.id))
    assert len(gids) == 2
    people = sv.people
    people.update_guardian(officer, sid, gids[0], FATHER, "父亲", FATHER_PHONE)
    people.update_guardian(officer, sid, gids[1], MOTHER, "母亲", MOTHER_PHONE)
    proxy = people.add_proxy(
        officer, sid, PROXY_NAME, "邻居", PROXY_PHONE, TODAY, TODAY,
        f"{FATHER}（父亲）", f"{CHILD}的邻居",
    )  # fmt: skip
    people.add_restriction(officer, sid, BANNED, BANNED_PHONE, f"不得接走{CHILD}")
    people.set_photo(officer, "proxy", proxy, PNG)
    for holder in (HolderRef(GUARDIAN, gids[0]), HolderRef(PROXY, proxy)):
        sv.cards.issue(holder, officer)
    sv.attendance.add_leave(
        sid, TODAY + dt.timedelta(days=2), TODAY + dt.timedelta(days=2), "sick",
        f"{CHILD}发烧", FATHER, officer,
    )  # fmt: skip
    happened = TEST_NOW - dt.timedelta(minutes=10)
    sv.safety.record_incident(
        officer, IncidentDraft("injury", happened, f"{CHILD}摔倒", f"已通知{FATHER}", sid)
    )
    sv.safety.record_incident(
        officer, IncidentDraft("conflict", happened, f"与{CHILD}争执", "已调解", other)
    )
    sv.dismissal.log_call(
        sid, "no_answer", officer, guardian_id=gids[0], callee=FATHER, note=f"{MOTHER}未接"
    )
    return sid


def _secrets(student_no: str) -> list[str]:
    masked = [p[:3] + "****" + p[7:] for p in (FATHER_PHONE, MOTHER_PHONE)]
    return [CHILD, student_no, FATHER, MOTHER, FATHER_PHONE, MOTHER_PHONE, *masked,
            PROXY_NAME, PROXY_PHONE, BANNED, BANNED_PHONE]  # fmt: skip


def _traces(db, secrets: list[str]) -> list[str]:  # noqa: ANN001
    """Every (table.column, secret) where a secret is still stored, in any text column."""
    found = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text):
                    continue
                values = conn.execute(
                    select(column).where(
                        or_(*(column.contains(x, autoescape=True) for x in secrets))
                    )
                ).scalars()
                found += [
                    f"{table.name}.{column.name}: {x}" for v in values for x in secrets if x in v
                ]
    return found


def _counts(sv: Services, days: list[dt.date]) -> dict[str, object]:
    """Every count per day and class a report shows."""
    db = sv._db
    with db.read() as s:
        handoffs = s.execute(
            select(Handoff.on_date, Student.class_id, func.count())
            .join(Student, Student.id == Handoff.student_id)
            .where(Handoff.undone_at.is_(None))
            .group_by(Handoff.on_date, Student.class_id)
            .order_by(Handoff.on_date, Student.class_id)
        ).all()
    month = sv.reports.monthly_summary(2026, 11)
    weeks = [sv.reports.weekly_diagnosis(d) for d in dict.fromkeys(days)]
    logs = [sv.daily_log(d) for d in days]
    return {
        "handoffs": [tuple(r) for r in handoffs],
        "month": sorted(
            (c.student_id, c.class_name, c.enrolled, c.attended, c.leave, c.absent, c.unmarked)
            for c in month.children
        ),
        "weeks": [
            sorted(
                (
                    c.class_id,
                    c.enrolled,
                    c.attended,
                    c.leave,
                    len(c.absences),
                    c.late_pickups,
                    len(c.repeat_families),
                    len(c.flagged),
                    len(c.incidents),
                    len(c.coverage_gaps),
                )
                for c in w.classes
            )  # fmt: skip
            for w in weeks
        ],
        "log_totals": [log.section("totals").rows for log in logs],
        "log_rows": [
            {sec.key: len(sec.rows) for sec in log.sections if sec.key not in ("summary", "audit")}
            for log in logs
        ],
    }


def test_the_export_holds_everything_and_the_erase_leaves_no_trace(
    demo_services: Services, family: int, tmp_path: Path
) -> None:
    sv, db, sid = demo_services, demo_services._db, family
    officer = sv.accounts.sign_in("A001", "1234")
    privacy = PrivacyService(db, sv.clock)
    with db.read() as s:
        student_no = s.get(Student, sid).student_no
        class_id = s.get(Student, sid).class_id
        call_day = s.scalar(
            text("SELECT min(on_date) FROM guardian_call WHERE student_id = :s"), {"s": sid}
        )
    call_day = dt.date.fromisoformat(str(call_day))
    secrets = _secrets(student_no)
    assert _traces(db, secrets), "the arrangement stored the names"

    # The export, before: every piece is in it.
    out = tmp_path / "export.zip"
    result = privacy.export(officer, sid, out)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        doc = json.loads(z.read("export.json").decode("utf-8"))
        assert z.read("snapshots/" + Path(doc["handoffs"][0]["snapshot"] or "x").name) == FRAME
    everything = json.dumps(doc, ensure_ascii=False)
    for secret in (CHILD, student_no, FATHER, MOTHER, FATHER_PHONE, MOTHER_PHONE, PROXY_NAME,
                   PROXY_PHONE, BANNED, BANNED_PHONE, f"{CHILD}发烧", f"{CHILD}摔倒"):  # fmt: skip
        assert secret in everything, secret
    assert doc["pupil"]["name"] == CHILD and doc["pupil"]["class"]
    assert {g["name"] for g in doc["guardians"]} == {FATHER, MOTHER}
    assert len(doc["guardians"][0]["cards"]) == 1 and len(doc["proxies"][0]["cards"]) == 1
    assert doc["handoffs"] and doc["calls"] and doc["attendance"] and doc["leave"]
    assert f"{CHILD}摔倒" in [i["description"] for i in doc["incidents"]]
    assert any(e["action"] == "guardian.update" for e in doc["audit_entries"])
    assert "photos/pupil.jpg" in names or "photos/pupil.png" in names
    assert f"photos/proxy-{doc['proxies'][0]['id']}.png" in names
    assert result.audit_entries == len(doc["audit_entries"]) > 10
    exported = audit_entries(db, "privacy.export")
    assert [(e.actor, e.entity_id, json.loads(e.payload)) for e in exported] == [
        (officer.actor, str(sid), {"student_id": sid})
    ]

    days = [call_day, TODAY]
    before = _counts(sv, days)
    erased = privacy.erase(officer, sid, "监护人书面申请删除（2026-12-01 收到）", CHILD)

    # No trace left, in any text column of any table, audit payloads and record ids included.
    assert _traces(db, secrets) == []
    with db.read() as s:
        pupil = s.get(Student, sid)
        assert (pupil.name, pupil.student_no, pupil.class_id) == (
            ERASED_PUPIL,
            f"已删除-{sid}",
            class_id,
        )
        assert s.scalar(select(func.count()).select_from(HandoffSnapshot)) == 0
        assert all(
            (h.receiver_name, h.snapshot_id) == ("", None)
            for h in s.scalars(select(Handoff).where(Handoff.student_id == sid))
        )
        assert (
            s.scalar(
                select(func.count()).select_from(PickupCard).where(PickupCard.revoked_at.is_(None))
            )
            == 0
        )
        other_text = s.scalar(select(Incident.description).where(Incident.kind == "conflict"))
        assert other_text == f"与{MARK}争执"  # another child's record keeps its words
        assert s.scalars(select(Guardian.phone).where(Guardian.name == "已删除")).all() == [
            None,
            None,
        ]
    assert (erased.guardians_erased, erased.cards_revoked, erased.snapshots_deleted) == (2, 2, 1)
    assert erased.archived_days  # the demo's closed days had the child on them

    # Every count per day and class is the same.
    assert _counts(sv, days) == before

    # The chain verifies; the erasure entry names the child by id only.
    report = verify_chain(db)
    assert report.ok, report.line()
    assert report.redacted == erased.redacted_entries > 10
    (entry,) = audit_entries(db, audit.ERASURE_ACTION)
    payload = json.loads(entry.payload)
    assert (entry.actor, entry.entity_id, payload["student_id"]) == (officer.actor, str(sid), sid)
    assert payload["reason"] == "监护人书面申请删除（2026-12-01 收到）"
    assert len(payload[audit.ERASED_KEY]) == erased.redacted_entries
    print(
        f"erase: {erased.redacted_entries} audit entries redacted, "
        f"{erased.texts_scrubbed} other texts scrubbed, {report.entries} entries verified"
    )


def audit_entries(db, action: str) -> list[AuditEntry]:  # noqa: ANN001
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_only_the_safety_officer_may_export_or_erase(
    demo_services: Services, tmp_path: Path
) -> None:
    sv, db = demo_services, demo_services._db
    privacy = PrivacyService(db, sv.clock)
    with db.read() as s:
        sid, name, no = s.execute(select(Student.id, Student.name, Student.student_no)).first()
    out = tmp_path / "out"
    out.mkdir()
    for staff_no in ("D001", "T001"):
        member = sv.accounts.sign_in(staff_no, "1234")
        with pytest.raises(NotAllowedError):
            privacy.export(member, sid, out / "x.zip")
        with pytest.raises(NotAllowedError):
            privacy.erase(member, sid, "家长申请", name)
        with pytest.raises(NotAllowedError):
            privacy.child(member, no)
    assert list(out.iterdir()) == []
    with db.read() as s:
        assert s.get(Student, sid).name == name


def test_the_erase_refuses_a_wrong_name_or_a_reason_that_names_the_child(
    demo_services: Services,
) -> None:
    sv, db = demo_services, demo_services._db
    officer = sv.accounts.sign_in("A001", "1234")
    privacy = PrivacyService(db, sv.clock)
    with db.read() as s:
        sid, name, no = s.execute(select(Student.id, Student.name, Student.student_no)).first()
    entries = verify_chain(db).entries
    refusals = [
        ("家长申请", name + "x", "erase_name_mismatch"),
        ("家长申请", "", "erase_name_mismatch"),
        ("  ", name, "erase_reason_empty"),
        (f"{name}的家长申请", name, "erase_reason_personal"),
        (f"学号{no}", name, "erase_reason_personal"),
    ]
    for reason, typed, code in refusals:
        with pytest.raises(ValidationError) as caught:
            privacy.erase(officer, sid, reason, typed)
        assert caught.value.code == code
    assert verify_chain(db).entries == entries  # nothing written
    with db.read() as s:
        assert s.get(Student, sid).name == name
    privacy.erase(officer, sid, "家长申请", f" {name} ")
    with pytest.raises(ValidationError) as caught:
        privacy.erase(officer, sid, "家长申请", ERASED_PUPIL)
    assert caught.value.code == "already_erased"


def test_a_siblings_guardians_keep_their_data_and_only_the_link_goes(
    demo_services: Services,
) -> None:
    sv, db = demo_services, demo_services._db
    officer = sv.accounts.sign_in("A001", "1234")
    with db.read() as s:
        gid, sid, sibling = s.execute(
            text(
                "SELECT a.guardian_id, a.student_id, b.student_id FROM student_guardian a "
                "JOIN student_guardian b ON a.guardian_id = b.guardian_id "
                "AND a.student_id < b.student_id ORDER BY a.student_id LIMIT 1"
            )
        ).one()
        name = s.get(Student, sid).name
        guardian = s.get(Guardian, gid)
        kept = (guardian.name, guardian.phone)
    result = PrivacyService(db, sv.clock).erase(officer, sid, "家长申请", name)
    assert result.guardian_links_removed >= 1
    with db.read() as s:
        guardian = s.get(Guardian, gid)
        assert (guardian.name, guardian.phone) == kept
        links = set(s.scalars(select(StudentGuardian.student_id).where(
            StudentGuardian.guardian_id == gid
        )))  # fmt: skip
        assert sibling in links and sid not in links
        assert s.get(SchoolClass, s.get(Student, sid).class_id) is not None
    assert verify_chain(db).ok
