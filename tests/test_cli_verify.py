"""verify-card on the command line: one JSON object, exit 0 for a release, 1 for a refusal."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from core.card_tokens import CardClaims, CardKey
from core.cards import GUARDIAN, CardService, HolderRef
from core.clock import SimulatedClock
from core.staff_types import StaffMember
from db.models import AttendanceMark, Guardian, StudentGuardian
from main import main
from tests.conftest import TEST_NOW


@pytest.fixture
def card(demo_db, tmp_path, monkeypatch):
    """A demo guardian's card and the key file; the guardian's children marked present."""
    key = CardKey.generate()
    path = tmp_path / "card-key"
    key.save(path)
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(path))
    with demo_db.write() as s:
        gid, sid = s.execute(
            select(StudentGuardian.guardian_id, StudentGuardian.student_id).order_by(
                StudentGuardian.id
            )
        ).first()
        for (child,) in s.execute(
            select(StudentGuardian.student_id).where(StudentGuardian.guardian_id == gid)
        ):
            s.add(
                AttendanceMark(
                    student_id=child,
                    on_date=TEST_NOW.date(),
                    period=1,
                    status="present",
                    marked_at=TEST_NOW,
                )
            )
        name = s.scalar(select(Guardian.name).where(Guardian.id == gid))
    member = StaffMember(1, "A001", "周建华", "safety_officer")
    cards = CardService(demo_db, SimulatedClock(TEST_NOW, advancing=False), key)
    info = cards.issue(HolderRef(GUARDIAN, gid), member)
    token = key.sign(CardClaims(info.id, info.version, info.expires_on))
    return demo_db.url.render_as_string(hide_password=False), token, name, info.card_no


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_card_prints_the_json_contract(capsys, card) -> None:
    url, token, name, card_no = card

    code, out, err = run(capsys, "--db", url, "verify-card", token, "--at", "2026-12-01T17:45")

    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["ok", "verdict", "message", "holder", "children"]
    assert data["ok"] is True and data["verdict"] == "ok"
    assert data["message"].startswith("可以接走")
    assert data["holder"] == {
        "name": name,
        "relation": data["holder"]["relation"],
        "card_no": card_no,
    }
    assert data["children"]
    for child in data["children"]:
        assert list(child) == ["student_no", "name", "class_name", "verdict", "message"]
    assert out.count("\n") == 1


def test_refusals_exit_1_with_json(capsys, card) -> None:
    url, token, _, _ = card

    early = run(capsys, "--db", url, "verify-card", token, "--at", "2026-12-01T16:00")
    junk = run(capsys, "--db", url, "verify-card", "hello")

    assert early[0] == 1 and json.loads(early[1])["verdict"] == "early_needs_reason"
    assert junk[0] == 1
    assert json.loads(junk[1]) == {
        "ok": False,
        "verdict": "unreadable",
        "message": json.loads(junk[1])["message"],
        "holder": None,
        "children": [],
    }


def test_bad_time_and_wrong_key_file_are_one_line_errors(capsys, card, tmp_path, monkeypatch):
    url, token, _, _ = card
    code, out, err = run(capsys, "--db", url, "verify-card", token, "--at", "tomorrow")
    assert code == 2 and out == "" and err.count("\n") == 1 and "--at" in err

    other = tmp_path / "other-key"
    CardKey.generate().save(other)
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(other))
    code, out, err = run(capsys, "--db", url, "verify-card", token)
    assert code == 1 and out == "" and err.startswith("error:") and err.count("\n") == 1
