"""A whole simulated afternoon across two processes: the board here, a duty station there.

Three waves leave (17:10 / 17:20 / 17:30), parents come late, a 自行离校 pupil is let go, a
class is handed over short of one child, a flagged child is called about and kept by a teacher.
The station is a real second Python process on the same database (SQLite file or PostgreSQL);
this process sees each of its commits through the change watcher, then reads the board.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.card_tokens import load_or_create
from core.clock import SimulatedClock
from core.dismissal_types import (
    CUSTODY,
    FLAGGED,
    HANDED_OVER,
    INSTITUTION,
    SELF_RELEASED,
    STEP_CALL,
    STEP_CUSTODY,
    WAITING,
)
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.services import Services, build_services
from db.changes import ChangeWatcher
from db.engine import Database
from db.models import (
    Club,
    ClubMember,
    Enrolment,
    Institution,
    InstitutionStaff,
    InstitutionStudent,
    SchoolClass,
    Staff,
    Student,
)

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 12, 1)


def _pupil(no: str, name: str, grade: int, class_no: int, *guardians, **kw) -> StudentRecord:
    return StudentRecord(no, name, "男", grade, class_no, guardians=guardians, **kw)


FATHER = GuardianRecord("李伟", "父亲", "13800000001")
MOTHER = GuardianRecord("王芳", "母亲", "13800000002")
PUPILS = [
    # wave 1: grades 1-2, dismissal 17:10, flagged from 17:20
    _pupil("A1", "李小一", 1, 1, FATHER, MOTHER),
    _pupil("B2", "王五", 1, 1, GuardianRecord("王刚", "父亲", "13800000005"), departure="self"),
    _pupil(
        "C1", "赵四", 1, 2, GuardianRecord("赵刚", "父亲", "13800000004"), departure="institution"
    ),
    # wave 2: grades 3-4, dismissal 17:20, flagged from 17:30
    _pupil("A2", "李小二", 3, 2, FATHER, MOTHER),
    _pupil("B3", "钱六", 4, 1, GuardianRecord("钱进", "父亲", "13800000006"), departure="self"),
    # wave 3: grades 5-6, dismissal 17:30, flagged from 17:40
    _pupil("B1", "张三", 5, 1, GuardianRecord("张强", "父亲", "13800000003"), departure="self"),
    _pupil("D1", "孙七", 5, 1, GuardianRecord("孙亮", "父亲", "13800000007")),
    _pupil("D2", "周八", 5, 1, GuardianRecord("周平", "母亲", "13800000008")),
    _pupil("A3", "李小三", 5, 2, FATHER, MOTHER),  # in the choir at period 2
]


class Station:
    """The other process: one JSON command in, one JSON answer out (after its commit)."""

    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.afternoon_station", url, DAY.isoformat()],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self._read() == {"ready": True}

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the station process died"
        return json.loads(line)

    def do(self, **cmd: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def afternoon(
    db: Database, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Services, Station, SimulatedClock, dict[str, int]]]:
    key_file = tmp_path / "card.key"
    load_or_create(key_file)
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(key_file))
    with db.write() as s:
        store_students(s, PUPILS, ALL_FIELDS)
        ids = {no: sid for no, sid in s.execute(select(Student.student_no, Student.id))}
        s.execute(
            Enrolment.__table__.update()
            .where(Enrolment.student_id == ids["B1"])
            .values(self_release_consent_on=dt.date(2026, 9, 1))
        )
        five_one = s.scalar(
            select(SchoolClass.id).where(SchoolClass.grade == 5, SchoolClass.class_no == 1)
        )
        s.add_all(
            [
                Staff(staff_no="D001", name="值班赵老师", role="duty_teacher"),
                Staff(staff_no="D002", name="值班钱老师", role="duty_teacher"),
                Staff(
                    staff_no="T051", name="班主任孙老师", role="class_teacher", class_id=five_one
                ),
                Staff(staff_no="T099", name="合唱周老师", role="class_teacher"),
            ]
        )
        club = Club(name="合唱", category="arts", weekday=DAY.isoweekday(), period=2)
        s.add(club)
        inst = Institution(name="阳光托管")
        s.add(inst)
        s.flush()
        s.add(ClubMember(club_id=club.id, student_id=ids["A3"]))
        s.add(InstitutionStaff(institution_id=inst.id, name="托管刘老师", phone="13900000009"))
        s.add(InstitutionStudent(institution_id=inst.id, student_id=ids["C1"]))
    env = {**os.environ, "AFTERSCHOOL_CARD_KEY": str(key_file), "PYTHONPATH": str(ROOT)}
    station = Station(db_url, env)
    clock = SimulatedClock(dt.datetime.combine(DAY, dt.time(15, 0)), advancing=False)
    try:
        yield build_services(db, clock), station, clock, ids
    finally:
        station.close()


def test_a_whole_afternoon_across_two_processes(afternoon, db: Database) -> None:  # noqa: ANN001
    services, station, clock, ids = afternoon
    watcher = ChangeWatcher(db)
    seen = watcher.current()

    def step(hhmm: str, **cmd: Any) -> dict[str, Any]:
        """The station acts at ``hhmm``; this process notices, then looks at the board then."""
        nonlocal seen
        answer = station.do(at=hhmm, **cmd)
        assert answer["ok"], answer
        # The watcher wakes on the other process's commit (NOTIFY on PostgreSQL, the change
        # counter on SQLite); the generous timeout only guards against a hang.
        for _ in range(50):
            now_seq = watcher.wait(timeout=2.0)
            if now_seq != seen:
                break
        assert now_seq != seen, "the other process's change was not seen"
        seen = now_seq
        h, m = (int(x) for x in hhmm.split(":"))
        clock.set(dt.datetime.combine(DAY, dt.time(h, m)))
        return answer

    def board_at(hhmm: str):  # noqa: ANN202
        h, m = (int(x) for x in hhmm.split(":"))
        clock.set(dt.datetime.combine(DAY, dt.time(h, m)))
        return services.dismissal.board()

    def states(board) -> dict[str, str]:  # noqa: ANN001
        return {no: board.child(sid).state for no, sid in ids.items()}

    # 15:35 roll call (the class teachers' marks reach the board from the other process).
    step("15:35", op="present", nos=list(ids), by="D001")
    board = board_at("16:00")
    assert set(states(board).values()) == {WAITING}
    assert [w.waiting for w in board.waves] == [3, 2, 4]

    # Wave 1 at 17:10: the institution collects 赵四; 王五 may not leave alone (grade 1).
    step("17:12", op="card", holder="托管刘老师", nos=["C1"])
    answer = station.do(at="17:13", op="self", nos=["B2"])
    assert answer == {"ok": False, "error": "grade_not_allowed"}
    step("17:15", op="card", holder="王刚", nos=["B2"], reason="家长来接")
    board = board_at("17:15")
    assert states(board)["C1"] == INSTITUTION and states(board)["B2"] == HANDED_OVER
    assert board.waves[0].waiting == 1  # 李小一: her father is late

    # Wave 1's grace ends at 17:20: 李小一 is flagged at every station.
    board = board_at("17:20")
    assert [c.name for c in board.flagged] == ["李小一"]
    # Wave 2: the mother takes 李小二 on time, not her sister (the father is coming for her).
    step("17:22", op="card", holder="王芳", nos=["A2"])
    step("17:26", op="call", no="A1", guardian="李伟", result="on_the_way")
    board = board_at("17:26")
    assert board.step_of(board.child(ids["A1"])) == STEP_CALL
    assert board.child(ids["A1"]).last_call.result == "on_the_way"

    # Wave 3 at 17:30: the class comes to the gate short of one child; 张三 leaves alone.
    answer = step(
        "17:30", op="transfer", group="五(1)班", **{"from": "T051", "to": "D001"}, count=2
    )
    assert answer["mismatch"] and answer["expected"] == 3
    board = board_at("17:30")
    assert [(t.group_name, t.head_count, t.expected) for t in board.mismatches] == [
        ("五(1)班", 2, 3)
    ]
    assert [c.name for c in board.flagged] == ["李小一", "钱六"]  # 钱六: no consent on file
    step("17:31", op="self", nos=["B1"])
    step("17:31", op="transfer", group="合唱", **{"from": "T099", "to": "D002"}, count=1)
    # The recount after 周八 was found in the toilets.
    step("17:33", op="transfer", group="五(1)班", **{"from": "T051", "to": "D001"}, count=2)
    board = board_at("17:33")
    assert board.mismatches == ()
    assert states(board)["B1"] == SELF_RELEASED

    # Late parents.
    answer = step("17:34", op="card", holder="李伟", nos=["A1"])
    assert answer["late"] == [True]
    step("17:38", op="card", holder="孙亮", nos=["D1"])
    step("17:41", op="card", holder="钱进", nos=["B3"], reason="家长来接")
    board = board_at("17:41")
    assert states(board)["A1"] == HANDED_OVER and board.child(ids["A1"]).release.late
    assert not board.child(ids["D1"]).release.late
    assert board.child(ids["B3"]).release.late and board.child(ids["B3"]).was_flagged
    duty = {d.name: d.total for d in board.duty_counts}
    assert duty == {"值班赵老师": 1, "值班钱老师": 1}  # 周八 and 李小三 still waiting

    # 17:40 wave 3 flagged; 李小三 is collected, 周八's mother does not answer: custody.
    step("17:42", op="card", holder="李伟", nos=["A3"])
    step("17:45", op="call", no="D2", guardian="周平", result="no_answer")
    board = board_at("17:56")
    assert board.step_of(board.child(ids["D2"])) == STEP_CUSTODY
    step("17:56", op="custody", no="D2", teacher="D002")
    board = board_at("18:00")
    assert states(board)["D2"] == CUSTODY and board.flagged == ()
    assert board.child(ids["D2"]).custody.teacher == "值班钱老师"
    assert {w.name: w.waiting for w in board.waves} == {
        "一、二年级": 0,
        "三、四年级": 0,
        "五、六年级": 0,
    }

    # The whole afternoon, as every station sees it.
    final = states(board)
    assert final == {
        "A1": HANDED_OVER,
        "A2": HANDED_OVER,
        "A3": HANDED_OVER,
        "B1": SELF_RELEASED,
        "B2": HANDED_OVER,
        "B3": HANDED_OVER,
        "C1": INSTITUTION,
        "D1": HANDED_OVER,
        "D2": CUSTODY,
    }
    # Flagged at some point: collected late, or still kept by a teacher.
    assert {c.name for c in board.children if c.was_flagged} == {"李小一", "钱六", "李小三", "周八"}
    families = services.dismissal.late_families(DAY, DAY)
    assert [(f.guardian, f.count) for f in families] == [("李伟（父亲）", 1), ("钱进（父亲）", 1)]
    assert FLAGGED not in final.values()
    watcher.close()
