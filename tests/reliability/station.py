"""A gate station in its own process that records family handoffs in a loop, for crash tests.

It opens the database the way the app does (``core.setup.open_database`` and ``initialise``,
which migrates an empty file and seeds the guidelines' defaults), builds its school if the
database has none (one transaction), then walks a simulated calendar: per service day, per
family in a fixed order, it marks the family's children present through the attendance
service, scans the guardian's real signed card (issued through the card service when the
guardian has none in force), ticks every child the verdict lets go (all siblings, as the gate
does) and records them with the handoff service's ``record()``: one transaction per family.

It keeps no memory of its own between launches: where to go on is read from the database (the
latest day with a handoff and the first family without one that day), so a station killed at
any moment resumes where the database says it stopped.

Each line it writes is one ``write()`` of a short line, so a kill never leaves half a line::

    START {"revision":null}         the database is open; its schema revision before start-up
    READY {"day":...,"family":...}  start-up done; resuming at that day and family
    TRY {"day":...,"family":...,"students":[...]}                  about to call record()
    ACK {"day":...,"family":...,"students":[...],"handoffs":[...]}  record() returned

``ACK`` comes only after ``record()`` returned, i.e. after the commit: it is what a teacher
would see as "recorded". Run by hand (the card key file is ``$AFTERSCHOOL_CARD_KEY``)::

    python -m tests.reliability.station --db sqlite:///school.db [--batches N]

``start_station`` launches one for the crash driver, in either of two ways: ``fork`` (POSIX)
through a multiprocessing fork server that has imported the app once, so each station is a new
process that opens the database from scratch without paying 2-3 s of imports; or ``spawn``, a
new interpreter per launch (``python -m tests.reliability.station``; Windows, and a check of
the real command). Like every multiprocessing child, a forked station first re-imports the
driver's main module (``-m`` modules and scripts by path; ``pytest.__main__`` is skipped), so
an entry script must keep its work under ``if __name__ == "__main__"``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from core.card_tokens import CardClaims
from core.cards import GUARDIAN, HolderRef
from core.clock import SimulatedClock
from core.roster_import import ALL_FIELDS, store_students
from core.roster_types import GuardianRecord, StudentRecord
from core.services import Services, build_services
from core.setup import initialise, open_database
from core.staff_types import StaffMember
from db import audit, migrate
from db.engine import Database
from db.models import Guardian, Handoff, Staff, Student

STATION = "南门"
START_DAY = dt.date(2026, 9, 1)
MARK_AT = dt.time(15, 40)  # period-1 roll call
RELEASE_AT = dt.time(17, 35)  # after every band's winter dismissal: no early-release reason
DUTY_NO = "D901"
# Family sizes in roster order: 10 only children, 12 pairs and 8 trios of siblings, mixed so
# that consecutive batches differ. 58 pupils; two batches in three carry siblings.
FAMILY_SIZES = (1, 2, 3, 2, 1, 2, 3, 1, 2, 3, 2, 1, 2, 3, 1) * 2
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = ("子涵", "浩然", "一诺", "欣怡", "宇轩", "雨桐", "思远", "俊熙")

Emit = Callable[[str], None]


def family_no(student_no: str) -> int:
    """The family index encoded in a harness pupil's number (``F007-2`` -> 7)."""
    return int(student_no[1:4])


def roster() -> list[StudentRecord]:
    """The harness school: each family's children share a father and a mother (family cards)."""
    records = []
    for fam, size in enumerate(FAMILY_SIZES):
        surname = SURNAMES[fam % len(SURNAMES)]
        parents = (
            GuardianRecord(f"{surname}父{fam}", "父亲", f"139{fam:08d}"),
            GuardianRecord(f"{surname}母{fam}", "母亲", f"138{fam:08d}"),
        )
        for k in range(size):
            # Siblings sit in different grades, so one batch spans several grade bands.
            records.append(
                StudentRecord(
                    f"F{fam:03d}-{k}",
                    f"{surname}{GIVEN[(fam + k) % len(GIVEN)]}{k}",
                    "男" if (fam + k) % 2 else "女",
                    (fam + 2 * k) % 6 + 1,
                    fam % 2 + 1,
                    guardians=parents,
                )
            )
    return records


@dataclass(frozen=True)
class Family:
    """One family as stored: its children's ids and both parents' guardian ids."""

    index: int
    student_ids: tuple[int, ...]
    guardian_ids: tuple[int, int]


class Station:
    """The loop, over the real core services and one simulated clock."""

    def __init__(self, url: str, emit: Emit) -> None:
        self.emit = emit
        self.clock = SimulatedClock(dt.datetime.combine(START_DAY, dt.time(15, 0)), False)
        self.db: Database = open_database(url)
        self.say("START", {"revision": migrate.current_revision(self.db)})
        initialise(self.db, self.clock, actor="crash-station")
        self.duty = self._school()
        self.services: Services = build_services(self.db, self.clock)
        self.key = self.services.card_key()
        self.families = self._families()
        self.day, self.next_family = self._resume()
        self.say("READY", {"day": self.day.isoformat(), "family": self.next_family})

    def say(self, word: str, data: dict[str, Any]) -> None:
        """One line, written whole."""
        self.emit(f"{word} {json.dumps(data, separators=(',', ':'))}\n")

    def _school(self) -> StaffMember:
        """Store the roster and the duty teacher on first start: all in one transaction."""
        with self.db.write() as s:
            if not s.scalar(select(func.count(Student.id))):
                store_students(s, roster(), ALL_FIELDS)
                s.add(Staff(staff_no=DUTY_NO, name="值班老师", role="duty_teacher"))
                s.flush()
                audit.append(
                    s, self.clock.now(), "crash-station", "roster.import", "student", "", {}
                )
            staff = s.execute(select(Staff).where(Staff.staff_no == DUTY_NO)).scalar_one()
            return StaffMember(staff.id, staff.staff_no, staff.name, staff.role, staff.class_id)

    def _families(self) -> list[Family]:
        with self.db.read() as s:
            pupils = s.execute(select(Student.student_no, Student.id).order_by(Student.student_no))
            by_family: dict[int, list[int]] = {}
            for no, sid in pupils:
                by_family.setdefault(family_no(no), []).append(sid)
            phones = dict(s.execute(select(Guardian.phone, Guardian.id)).all())
        return [
            Family(fam, tuple(ids), (phones[f"139{fam:08d}"], phones[f"138{fam:08d}"]))
            for fam, ids in sorted(by_family.items())
        ]

    def _resume(self) -> tuple[dt.date, int]:
        """The first (day, family) without a handoff, read from the database alone."""
        with self.db.read() as s:
            last = s.scalar(select(func.max(Handoff.on_date)))
            if last is None:
                return self._service_day(START_DAY), 0
            done = {
                family_no(no)
                for no in s.scalars(
                    select(Student.student_no)
                    .join(Handoff, Handoff.student_id == Student.id)
                    .where(Handoff.on_date == last)
                )
            }
        for family in self.families:
            if family.index not in done:
                return last, family.index
        return self._service_day(last + dt.timedelta(days=1)), 0

    def _service_day(self, start: dt.date) -> dt.date:
        day = self.services.schedule.next_service_day(start)
        if day is None:
            raise RuntimeError(f"no service day after {start}")
        return day

    def run(self, batches: int | None) -> None:
        """Record family after family; stop after ``batches`` acknowledgements (None: never)."""
        done = 0
        while batches is None or done < batches:
            self.release(self.families[self.next_family])
            done += 1
            self.next_family += 1
            if self.next_family == len(self.families):
                self.day, self.next_family = self._service_day(self.day + dt.timedelta(1)), 0

    def release(self, family: Family) -> None:
        """One family at the gate: roll call marks, the card scan, the recorded handoff."""
        day = self.day
        self.clock.set(dt.datetime.combine(day, MARK_AT))
        for sid in family.student_ids:
            self.services.attendance.mark(sid, day, 1, "present", self.duty)
        # Father and mother take turns, so both family cards are in use.
        holder = HolderRef(GUARDIAN, family.guardian_ids[day.toordinal() % 2])
        moment = dt.datetime.combine(day, RELEASE_AT) + dt.timedelta(seconds=family.index)
        self.clock.set(moment)
        cards = self.services.cards
        card = cards.current_card(holder) or cards.issue(holder, self.duty)
        token = self.key.sign(CardClaims(card.id, card.version, card.expires_on))
        verdict = self.services.verdict.scan(token, station=STATION)
        ticked = [c.student_id for c in verdict.releasable]
        batch = {"day": day.isoformat(), "family": family.index, "students": ticked}
        self.say("TRY", batch)
        results = self.services.handoffs.record(verdict, ticked, self.duty, station=STATION)
        recorded = [r.student_id for r in results if r.recorded]
        with self.db.read() as s:
            ids = dict(
                s.execute(
                    select(Handoff.student_id, Handoff.id).where(
                        Handoff.student_id.in_(recorded),
                        Handoff.on_date == day,
                        Handoff.undone_at.is_(None),
                    )
                ).all()
            )
        batch.update(students=recorded, handoffs=[ids.get(sid) for sid in recorded])
        self.say("ACK", batch)


def stdout_emit(line: str) -> None:
    """Write a line to stdout in one system call (never a half line when killed)."""
    os.write(sys.stdout.fileno(), line.encode("utf-8"))


def forked_main(url: str, batches: int | None, key_path: str, err_path: str, conn: Any) -> None:
    """The station as a fork server's child: lines go to ``conn``, stderr to ``err_path``."""
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(err, 2)
    os.close(err)
    os.environ["AFTERSCHOOL_CARD_KEY"] = key_path
    # send_bytes of a short message is one write() on a pipe: atomic, whole or not at all.
    Station(url, lambda line: conn.send_bytes(line.encode("utf-8"))).run(batches)


def main(argv: list[str] | None = None) -> int:
    """Run the station until killed (or ``--batches`` acknowledgements)."""
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.station")
    parser.add_argument("--db", required=True, metavar="URL")
    parser.add_argument("--batches", type=int, default=None, metavar="N")
    args = parser.parse_args(argv)
    Station(args.db, stdout_emit).run(args.batches)
    return 0


# --- launching stations for the crash driver -----------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


class Launch:
    """One station process; its output lines arrive on ``events`` (None at the end)."""

    pid: int

    def __init__(self, err_path: Path) -> None:
        self.err_path = err_path
        self.events: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self.ended = False  # the end of output was taken from ``events``

    def _pump(self, chunks: Iterator[bytes]) -> None:
        try:
            for raw in chunks:
                self.events.put((time.monotonic(), raw.decode("utf-8").rstrip("\n")))
        finally:
            self.events.put(None)

    def stderr_tail(self) -> str:
        """The end of what the station wrote to stderr."""
        try:
            text = self.err_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join(text.strip().splitlines()[-6:])

    def kill(self) -> None:
        """SIGKILL on POSIX: no handler, no atexit, no flush. Windows: TerminateProcess."""
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        else:
            self._terminate()

    def _terminate(self) -> None:
        raise NotImplementedError

    def wait(self, timeout: float) -> int | None:
        """The exit code (negative: the signal), None when still running after ``timeout``."""
        raise NotImplementedError


class ForkLaunch(Launch):
    """A child of the multiprocessing fork server, which imported this module once."""

    _ctx: Any = None

    def __init__(self, url: str, batches: int | None, key: Path, err: Path) -> None:
        super().__init__(err)
        if ForkLaunch._ctx is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([__name__])
            ForkLaunch._ctx = ctx
        reader, writer = ForkLaunch._ctx.Pipe(duplex=False)
        self.proc = ForkLaunch._ctx.Process(
            target=forked_main, args=(url, batches, str(key), str(err), writer), daemon=True
        )
        self.proc.start()
        writer.close()  # the child holds the only write end now: its death ends our reads
        self.pid = self.proc.pid

        def messages() -> Iterator[bytes]:
            with reader:
                while True:
                    try:
                        yield reader.recv_bytes()
                    except (EOFError, OSError):
                        return

        threading.Thread(target=self._pump, args=(messages(),), daemon=True).start()

    def _terminate(self) -> None:
        self.proc.kill()

    def wait(self, timeout: float) -> int | None:
        self.proc.join(timeout)
        code: int | None = self.proc.exitcode
        if code is not None:
            self.proc.close()
        return code


class SpawnLaunch(Launch):
    """``python -m tests.reliability.station``: a new interpreter per launch."""

    def __init__(self, url: str, batches: int | None, key: Path, err: Path) -> None:
        super().__init__(err)
        cmd = [sys.executable, "-m", __name__, "--db", url]
        if batches is not None:
            cmd += ["--batches", str(batches)]
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "AFTERSCHOOL_CARD_KEY": str(key), "PYTHONPATH": path}
        with err.open("wb") as err_file:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err_file
            )
        self.pid = self.proc.pid
        out = self.proc.stdout
        assert out is not None

        def lines() -> Iterator[bytes]:
            with out:
                yield from iter(out.readline, b"")

        threading.Thread(target=self._pump, args=(lines(),), daemon=True).start()

    def _terminate(self) -> None:
        self.proc.kill()

    def wait(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None


def default_launch() -> str:
    """``fork`` where a fork server exists (POSIX), else ``spawn``."""
    return "fork" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def start_station(mode: str, url: str, batches: int | None, key: Path, err: Path) -> Launch:
    """Start a station on ``url`` (``batches`` None: until killed); stderr goes to ``err``."""
    cls = ForkLaunch if mode == "fork" else SpawnLaunch
    return cls(url, batches, key, err)


if __name__ == "__main__":
    sys.exit(main())
