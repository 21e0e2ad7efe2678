"""Two stations release the same child at the same instant: exactly one handoff, every round.

Two station processes (tests/reliability/race_station.py) open the same database, each with its
own ``Database`` and services. In every round both scan a card of the same family, then record
the release of the same children at one wall-clock deadline, so the two ``record()`` calls
overlap. Every fourth round the second station scans the other parent's card (two parents at
two gates); every third round the family has two children released together.

Checked per round: one station recorded each child, the other got ``already_released`` carrying
the winner's station, teacher, time and adult, and the gate's words (core/verdict_text.py) for
the loser name the winner's station and adult; afterwards exactly one handoff row per child and
an intact audit chain. The race is shown to be real by the timings: both calls inside
``record()`` at once, and the loser asking for the write lock before the winner's commit.

Run: python -m tests.reliability.races [--url URL] [--rounds N]   (default: an SQLite file)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select

from core.card_tokens import load_or_create
from core.cards import CardSelection, CardService, school_key_fingerprint
from core.clock import SimulatedClock
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.services import build_services
from core.setup import initialise, open_database
from core.staff_types import StaffMember
from db.engine import Database
from db.models import Handoff, Staff, Student
from tests.reliability.race_station import DAY

ROOT = Path(__file__).resolve().parents[2]
ENV_ROUNDS = "AFTERSCHOOL_RACE_ROUNDS"
DEFAULT_ROUNDS = 200
SIBLINGS_EVERY = 3  # every third family has two children, released together
TWO_PARENTS_EVERY = 4  # every fourth round the second station scans the other parent's card
# (name, staff number, clock) of the two stations: different teachers and minutes, so the
# loser's words can only name the winner if they came from the winner's row.
STATIONS = (("东门", "D001", "17:35"), ("西门", "D002", "17:36"))
GO_AFTER_S = 0.02  # the deadline is this far ahead when both stations hold their verdicts
ANSWER_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Family:
    """One family of the race school: the parents' card tokens and the children's ids."""

    father: str  # guardian names, as on the cards
    mother: str
    tokens: dict[str, str]  # guardian name -> card token
    children: tuple[int, ...]


@dataclass
class RaceFigures:
    """What the race harness measured."""

    backend: str
    rounds: int = 0
    children: int = 0
    duplicate_releases: int = 0  # handoff rows beyond one per child (target 0)
    missing_releases: int = 0  # children with no handoff at all (target 0)
    both_said_recorded: int = 0  # children both stations were told were recorded (target 0)
    losers_told_correctly: int = 0  # rounds whose loser got the winner's details and words
    overlapped: int = 0  # rounds where both processes were inside record() at once
    loser_waited: int = 0  # rounds where the loser asked for the write lock while the winner
    # was still inside record(): the loser's transaction really waited behind the winner's
    lost_at_precheck: int = 0  # losers stopped by the check under the write lock
    lost_at_unique_index: int = 0  # losers stopped by the database's unique index
    wins: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    audit_chain_ok: bool = False
    median_skew_ms: float = 0.0  # how far apart the two stations entered record()
    sample_loser_text: str = ""
    setup_seconds: float = 0.0  # building the school and starting the two stations
    seconds: float = 0.0


# --- the school ---------------------------------------------------------------------------


def build_school(db: Database, families: int, key_file: Path) -> list[Family]:
    """One family per round, all children present on DAY, and three staff.

    Each family's father holds a card; in the two-gate rounds the mother holds one too.
    """
    clock = SimulatedClock(dt.datetime.combine(DAY, dt.time(15, 40)), advancing=False)
    initialise(db, clock)
    records = []
    for i in range(families):
        parents = [GuardianRecord(f"家长{i:03d}甲", "父亲", f"137{i:05d}001")]
        if _two_parents(i):  # fewer cards to issue: the setup is most of the cost
            parents.append(GuardianRecord(f"家长{i:03d}乙", "母亲", f"137{i:05d}002"))
        for k in range(2 if i % SIBLINGS_EVERY == 1 else 1):
            records.append(
                StudentRecord(
                    f"R{i:04d}{k}",
                    f"学生{i:03d}{'甲乙'[k]}",
                    "女" if k else "男",
                    (i + k) % 6 + 1,
                    i % 2 + 1,
                    guardians=tuple(parents),
                )
            )
    with db.write() as s:
        store_students(s, records, ALL_FIELDS)
        staff = [
            Staff(staff_no="A001", name="安全负责人", role="safety_officer"),
            *(
                Staff(staff_no=no, name=f"{name}值班老师", role="duty_teacher")
                for name, no, _ in STATIONS
            ),
        ]
        s.add_all(staff)
        s.flush()
        officer = StaffMember(staff[0].id, "A001", staff[0].name, staff[0].role)
        ids = dict(s.execute(select(Student.student_no, Student.id)).all())
    services = build_services(db, clock)
    key = load_or_create(key_file, expected_fingerprint=school_key_fingerprint(db))
    cards = CardService(db, clock, key)
    cards.issue_missing(CardSelection(), officer)
    for cls in services.attendance.classes():
        services.attendance.mark_all_present(cls.id, DAY, officer)
    tokens = {c.holder_name: c.token for c in cards.printable(CardSelection())}
    out = []
    for i in range(families):
        father, mother = f"家长{i:03d}甲", f"家长{i:03d}乙"
        kids = tuple(ids[f"R{i:04d}{k}"] for k in range(2 if i % SIBLINGS_EVERY == 1 else 1))
        cards = {n: tokens[n] for n in (father, mother) if n in tokens}
        out.append(Family(father, mother, cards, kids))
    return out


def _two_parents(i: int) -> bool:
    return i % TWO_PARENTS_EVERY == 3


# --- station processes --------------------------------------------------------------------


class StationProcess:
    """A race_station child process and a thread turning its stdout into a queue of answers."""

    def __init__(self, args: list[str], key_file: Path, log: Path, fsize: int | None = None):
        env = {**os.environ, "AFTERSCHOOL_CARD_KEY": str(key_file), "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "tests.reliability.race_station", *args]
        if fsize:
            cmd += ["--fsize", str(fsize)]
        self.log = log
        self._err: IO[bytes] = log.open("wb")
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._err,
            text=True,
            encoding="utf-8",
        )
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._answers.put(line)
        self._answers.put(None)

    def send(self, cmd: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def answer(self, timeout: float = ANSWER_TIMEOUT_S) -> dict[str, Any]:
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty:
            line = None
        if line is None:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"station gave no answer; its stderr ends:\n{tail}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, cmd: dict[str, Any]) -> dict[str, Any]:
        self.send(cmd)
        return self.answer()

    def close(self) -> None:
        """Ask the station to quit; kill it if it does not."""
        try:
            if self.proc.poll() is None:
                self.send({"op": "quit"})
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            with contextlib.suppress(OSError):
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
            self._reader.join(timeout=30)  # at the process's end of output
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self._err.close()


# --- the race -----------------------------------------------------------------------------


def run_races(url: str, rounds: int, workdir: Path) -> RaceFigures:
    """Race two station processes ``rounds`` times on the database at ``url``."""
    started = time.monotonic()
    db = open_database(url)
    figures = RaceFigures("sqlite" if db.is_sqlite else "postgresql")
    key_file = workdir / "card-key"
    try:
        families = build_school(db, rounds, key_file)
    finally:
        db.dispose()
    stations = [
        StationProcess([url, name, no, at], key_file, workdir / f"station-{no}.log")
        for name, no, at in STATIONS
    ]
    skews: list[float] = []
    try:
        for st in stations:
            st.answer()  # ready
        figures.setup_seconds = round(time.monotonic() - started, 1)
        for i, family in enumerate(families):
            answers = _race_round(stations, family, i)
            _judge(figures, family, answers)
            skews.append(abs(answers[0]["entered"] - answers[1]["entered"]))
    finally:
        for st in stations:
            st.close()
    _count_rows(url, families, figures)
    figures.rounds = len(families)
    figures.children = sum(len(f.children) for f in families)
    figures.median_skew_ms = round(sorted(skews)[len(skews) // 2] * 1000, 2) if skews else 0.0
    figures.seconds = round(time.monotonic() - started, 1)
    return figures


def _race_round(stations: list[StationProcess], family: Family, i: int) -> list[dict[str, Any]]:
    cards = [family.father, family.mother if _two_parents(i) else family.father]
    for st, holder in zip(stations, cards, strict=True):
        st.send({"op": "scan", "token": family.tokens[holder]})
    for st in stations:
        if not st.answer()["ok"]:
            raise RuntimeError(f"round {i}: the card was refused before the race")
    deadline = time.time() + GO_AFTER_S
    for st in stations:
        st.send({"op": "go", "deadline": deadline, "ids": list(family.children)})
    answers = [st.answer() for st in stations]
    for (name, _, _), holder, a in zip(STATIONS, cards, answers, strict=True):
        a["station"], a["holder"] = name, holder
    return answers


def _judge(figures: RaceFigures, family: Family, answers: list[dict[str, Any]]) -> None:
    """Score one round: who won each child, and what the loser was told."""
    for a in answers:
        if "results" not in a:
            figures.errors.append(f"{a['station']}: {a.get('error') or a.get('crash')}: {a}")
            return
    by_station = [{r["student_id"]: r for r in a["results"]} for a in answers]
    told_right = True
    loser_index: int | None = None
    for sid in family.children:
        got = [b.get(sid) for b in by_station]
        recorded = [r is not None and r["recorded"] for r in got]
        if all(recorded):
            figures.both_said_recorded += 1
            told_right = False
            continue
        if not any(recorded):
            told_right = False
            continue
        win = recorded.index(True)
        lose = 1 - win
        loser_index = lose
        figures.wins[answers[win]["station"]] = figures.wins.get(answers[win]["station"], 0) + 1
        told_right &= _loser_told(answers[win], answers[lose], got[win], got[lose], sid)
    if loser_index is None:
        return
    if told_right:
        figures.losers_told_correctly += 1
        if not figures.sample_loser_text:
            texts = answers[loser_index]["texts"]
            figures.sample_loser_text = " / ".join([*texts["result"].values(), texts["rescan"]])
    winner, loser = answers[1 - loser_index], answers[loser_index]
    if loser["integrity_errors"]:
        figures.lost_at_unique_index += 1
    else:
        figures.lost_at_precheck += 1
    if max(winner["entered"], loser["entered"]) < min(winner["left"], loser["left"]):
        figures.overlapped += 1
    if loser["lock_asked"] is not None and loser["lock_asked"] < winner["left"]:
        figures.loser_waited += 1


def _loser_told(
    winner: dict[str, Any],
    loser: dict[str, Any],
    won: dict[str, Any],
    lost: dict[str, Any] | None,
    sid: int,
) -> bool:
    """The loser's result carries the winner's release, and its words name station and adult."""
    if lost is None or lost["verdict"] != "already_released":
        return False
    release = won["release"]
    if lost["release"] != release or release["station"] != winner["station"]:
        return False
    if release["receiver_name"] != winner["holder"]:
        return False
    texts = loser.get("texts", {})
    words = texts.get("result", {}).get(str(sid), "")
    rescan = texts.get("rescan", "")
    at = dt.datetime.fromisoformat(release["released_at"]).strftime("%H:%M")
    named = all(
        release["station"] in w and winner["holder"] in w and at in w for w in (words, rescan)
    )
    code = texts.get("rescan_codes", {}).get(str(sid))
    return named and code == "already_released"


def _count_rows(url: str, families: list[Family], figures: RaceFigures) -> None:
    """A fresh connection counts the handoff rows per child and checks the audit chain."""
    db = open_database(url)
    try:
        ids = [sid for f in families for sid in f.children]
        with db.read() as s:
            rows = Counter(
                dict(
                    s.execute(
                        select(Handoff.student_id, func.count())
                        .where(Handoff.on_date == DAY)  # undone rows too: none may exist
                        .group_by(Handoff.student_id)
                    ).all()
                )
            )
        figures.duplicate_releases = sum(max(0, rows[sid] - 1) for sid in ids)
        figures.missing_releases = sum(1 for sid in ids if rows[sid] == 0)
        clock = SimulatedClock(dt.datetime.combine(DAY, dt.time(18, 0)), advancing=False)
        figures.audit_chain_ok = build_services(db, clock).audit.verify().ok
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a migrated or empty database (default: a new SQLite file)")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get(ENV_ROUNDS, 200)))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="races-") as tmp:
        url = args.url or f"sqlite:///{Path(tmp, 'race.db').as_posix()}"
        figures = run_races(url, args.rounds, Path(tmp))
    print(json.dumps(asdict(figures), ensure_ascii=False, indent=2))
    sys.exit(0 if figures.duplicate_releases == 0 and not figures.errors else 1)


if __name__ == "__main__":
    main()
