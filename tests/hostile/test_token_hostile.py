"""Random and near-valid card texts at the gate: never a crash, never a release, a clear code.

Texts go through the core verdict path the gate uses (``VerdictService.scan``, then
``HandoffService.record``, which must store nothing on a refusal) and through ``verify-card``
(one JSON object, exit 1). Near-valid texts are mutations of a real signed token: a character
changed, cut, extended, swapped, another prefix or version, another school's key, and genuine
signatures over claims no card in force has (expired, revoked, superseded, unknown).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.card_tokens import LATEST_EXPIRY, CardClaims, CardKey
from core.cards import GUARDIAN, CardService, HolderRef
from core.errors import ValidationError
from core.handoffs import HandoffService
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.services import Services
from core.staff_types import StaffMember
from core.verdict import VerdictService
from core.verdict_types import CARD_CODES, CardVerdict
from db.engine import Database
from db.models import Guardian, Handoff, Staff, Student
from main import main
from tests.hostile import examples

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 1)
AT = dt.datetime(2026, 12, 1, 17, 45)  # after every band's dismissal: a good card is "ok"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# What a scanner may add around a code and the reader ignores (card_tokens._STRIP).
TOLERATED = "".join(chr(c) for c in range(33)) + "\x7f\u00a0\u3000\ufeff"
JSON_KEYS = ["ok", "verdict", "message", "holder", "children"]


@dataclass
class Gate:
    """A school with one family whose children are present, and its cards."""

    db: Database
    url: str
    key: CardKey
    verdicts: VerdictService
    handoffs: HandoffService
    member: StaffMember
    children: list[int]
    good: str  # the father's card: "ok" at AT
    void: dict[str, str]  # genuinely signed tokens that must be refused, by expected code
    in_force: set[tuple[int, int]]  # (card id, version) of the cards that may release


@pytest.fixture
def gate(
    db: Database, services: Services, clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Gate:
    father = GuardianRecord("李伟", "父亲", "13800000001")
    mother = GuardianRecord("王芳", "母亲", "13800000002")
    aunt = GuardianRecord("李红", "姑姑", "13800000003")
    with db.write() as s:
        store_students(
            s,
            [
                StudentRecord("A1", "李小一", "男", 1, 1, guardians=(father, mother, aunt)),
                StudentRecord("A2", "李小二", "女", 3, 2, guardians=(father, mother, aunt)),
            ],
            ALL_FIELDS,
        )
        children = list(s.scalars(select(Student.id).order_by(Student.id)))
        staff = Staff(staff_no="D001", name="值班老师", role="duty_teacher")
        s.add(staff)
        s.flush()
        member = StaffMember(staff.id, "D001", "值班老师", "duty_teacher")
        people = dict(s.execute(select(Guardian.name, Guardian.id)).all())
    key = CardKey.generate()
    key.save(tmp_path / "card-key")
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    cards = CardService(db, clock, key, services.today)
    for sid in children:
        services.attendance.mark(sid, DAY, 1, "present", member)

    def token_of(card) -> str:  # noqa: ANN001
        return key.sign(CardClaims(card.id, card.version, card.expires_on))

    good = cards.issue(HolderRef(GUARDIAN, people["李伟"]), member)
    revoked = cards.issue(HolderRef(GUARDIAN, people["王芳"]), member)
    old = cards.issue(HolderRef(GUARDIAN, people["李红"]), member)
    void = {
        "revoked": token_of(revoked),
        "superseded": token_of(old),
        "expired": key.sign(CardClaims(good.id, good.version, DAY - dt.timedelta(days=1))),
        "unknown_card": key.sign(CardClaims(good.id + 1000, 1, good.expires_on)),
        "future_version": key.sign(CardClaims(good.id, good.version + 1, good.expires_on)),
        "forged": CardKey.generate().sign(CardClaims(good.id, good.version, good.expires_on)),
    }
    cards.revoke(revoked.id, member, "不再授权")
    new = cards.reissue(old.id, member, "卡丢失")
    in_force = {(good.id, good.version), (new.id, new.version)}
    url = db.url.render_as_string(hide_password=False)
    verdicts = VerdictService(db, clock, key, services.schedule)
    handoffs = HandoffService(db, clock, services.schedule)
    gate = Gate(db, url, key, verdicts, handoffs, member, children, token_of(good), void, in_force)
    assert verdicts.scan(gate.good, at=AT).ok, "the unmutated card must pass"
    return gate


def handoffs_stored(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Handoff)) or 0


def check_refused(gate: Gate, text: str) -> CardVerdict:
    """The gate's path: a refusal with a card-level code, and no handoff can be recorded."""
    verdict = gate.verdicts.scan(text, at=AT, station="hostile")

    assert not verdict.ok and verdict.verdict in CARD_CODES, (text, verdict.verdict)
    assert not verdict.releasable
    with pytest.raises(ValidationError) as refused:
        gate.handoffs.record(verdict, gate.children, gate.member)
    assert refused.value.code == "card_refused"
    return verdict


def same_token(text: str, good: str) -> bool:
    """Whether the reader must take ``text`` for ``good``: case and scanner padding aside."""
    return text.strip(TOLERATED).isascii() and text.strip(TOLERATED).upper() == good


# --- strategies --------------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Co"]), max_size=80),
    st.text(alphabet=B32 + "=-_ ", min_size=40, max_size=50).map(lambda s: "AS1" + s),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(100, 20_000)),
)


@st.composite
def mutations(draw: st.DrawFn, token: str) -> str:
    """``token`` changed the ways a smudged, cut, re-typed or doctored card changes it."""
    text = list(token)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["replace", "delete", "insert", "swap", "cut", "extend"]))
        at = draw(st.integers(0, len(text) - 1)) if text else 0
        if op == "replace" and text:
            text[at] = draw(st.sampled_from(B32 + "018=/+-é中\x00"))
        elif op == "delete" and text:
            del text[at]
        elif op == "insert":
            text.insert(at, draw(st.sampled_from(B32 + "018")))
        elif op == "swap" and len(text) > 1:
            at = min(at, len(text) - 2)
            text[at], text[at + 1] = text[at + 1], text[at]
        elif op == "cut":
            del text[at:]
        else:
            text += draw(st.text(alphabet=B32, min_size=1, max_size=8))
    return "".join(text)


def versions(token: str) -> st.SearchStrategy[str]:
    """Another prefix or version in front of the same body."""
    body = token[3:]
    return st.sampled_from(["AS0", "AS2", "AS9", "AS", "BS1", "as2", "AS11", ""]).map(
        lambda prefix: prefix + body
    )


# --- the core path the gate uses ---------------------------------------------------------------


@examples(1.5)
@given(text=hostile_text)
def test_random_text_is_refused_as_unreadable(gate: Gate, text: str) -> None:
    verdict = check_refused(gate, text)

    assert verdict.verdict in ("unreadable", "forged")


@examples(1.5)
@given(data=st.data())
def test_a_mutated_token_never_releases_a_child(gate: Gate, data: st.DataObject) -> None:
    text = data.draw(st.one_of(mutations(gate.good), versions(gate.good)))
    if same_token(text, gate.good):
        return  # e.g. a swap of two equal characters: still the genuine card

    check_refused(gate, text)


@examples(0.5)
@given(
    claims=st.builds(
        CardClaims,
        card_id=st.integers(0, 2**32 - 1),
        version=st.integers(0, 2**16 - 1),
        expires_on=st.dates(dt.date(2000, 1, 1), LATEST_EXPIRY),
    )
)
def test_our_signature_on_claims_of_no_card_in_force_is_refused(
    gate: Gate, claims: CardClaims
) -> None:
    text = gate.key.sign(claims)
    if (claims.card_id, claims.version) in gate.in_force and claims.expires_on >= DAY:
        return  # a card in force, signed by the school itself: the database's expiry governs

    check_refused(gate, text)
    assert handoffs_stored(gate.db) == 0


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("revoked", "revoked"),
        ("superseded", "revoked"),
        ("expired", "expired"),
        ("unknown_card", "unknown_card"),
        ("future_version", "unknown_card"),
        ("forged", "forged"),
    ],
)
def test_a_genuine_looking_void_card_gets_its_own_refusal(gate: Gate, kind: str, code: str) -> None:
    verdict = check_refused(gate, gate.void[kind])

    assert verdict.verdict == code
    assert verdict.superseded == (kind == "superseded")


# --- verify-card -------------------------------------------------------------------------------


def verify(capsys: pytest.CaptureFixture[str], gate: Gate, text: str) -> tuple[int, dict, str]:
    """verify-card in-process; ``--`` keeps a text that starts with "-" from being an option."""
    capsys.readouterr()
    code = main(["--db", gate.url, "verify-card", "--at", AT.isoformat(), "--", text])
    out, err = capsys.readouterr()
    assert out.count("\n") == 1, (out, err)
    return code, json.loads(out), err


@examples(0.15)
@given(data=st.data())
def test_verify_card_refuses_hostile_text_with_exit_1_and_the_json_contract(
    capsys: pytest.CaptureFixture[str], gate: Gate, data: st.DataObject
) -> None:
    text = data.draw(
        st.one_of(
            hostile_text,
            mutations(gate.good),
            versions(gate.good),
            st.sampled_from(sorted(gate.void.values())),
        )
    )
    if same_token(text, gate.good):
        return

    code, verdict, err = verify(capsys, gate, text)

    assert (code, err) == (1, "")
    assert list(verdict) == JSON_KEYS and verdict["ok"] is False
    assert verdict["verdict"] in CARD_CODES and verdict["message"]
    assert all(c["verdict"] in CARD_CODES for c in verdict["children"])
    assert handoffs_stored(gate.db) == 0


def test_verify_card_still_accepts_the_genuine_card(
    capsys: pytest.CaptureFixture[str], gate: Gate
) -> None:
    code, verdict, _ = verify(capsys, gate, "\r\n" + gate.good.lower() + "\t")

    assert code == 0 and verdict["verdict"] == "ok"


def test_a_real_process_refuses_a_long_unicode_text_in_one_json_line(gate: Gate) -> None:
    text = "AS1" + "中\u202e\u200b\x1b[2J☃" * 2_000  # 32 kB: an argument must fit argv

    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", gate.url, "verify-card", "--", text],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )

    assert (done.returncode, done.stderr) == (1, "")
    assert json.loads(done.stdout)["verdict"] == "unreadable"


def test_a_card_reading_like_an_option_never_exits_0(
    capsys: pytest.CaptureFixture[str], gate: Gate
) -> None:
    capsys.readouterr()
    code = main(["--db", gate.url, "verify-card", "--help"])

    assert code != 0
