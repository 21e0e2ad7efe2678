"""Crash durability on SQLite: a gate station killed with SIGKILL at random moments, then checked.

The driver starts a real station process (``tests.reliability.station``: the app's start-up,
then family handoffs through the core services in a loop), keeps its own list of every handoff
the station acknowledged (an ``ACK`` line is written only after ``record()`` returned, i.e.
after the commit: what a teacher sees as "recorded"), kills it with SIGKILL, waits for it, and
checks the database file with fresh connections (``check_file``). After every kill it proves:

- **nothing acknowledged is lost**: every acknowledged handoff is stored, as the same row;
- **nothing is half-stored**: the station marks all of a family's children present, then
  ticks every child the verdict lets go, so a (day, family) with any standing handoff must
  hold every child of the family, in one batch holding nothing else, each row with its
  ``handoff.record`` audit entry and each child with the present mark committed before the
  scan; and no child has two standing handoffs on one day;
- ``PRAGMA integrity_check`` is ok, ``PRAGMA foreign_key_check`` is empty, and the schema is
  empty or at the newest revision (a migration is all or nothing);
- the audit chain verifies, by the check ``python main.py audit-verify`` runs;
- the app restarts cleanly: the next launch never dies by itself, a launch meant to be killed
  after its n-th acknowledgement gets there, and every episode ends with a launch that must
  acknowledge a batch and exit 0.

Kill moments: one launch in three is killed at a random time within its start-up or just
after; the first launches on a new file at a random time after the file was opened, i.e.
while migrating, seeding or importing the roster; the others after their 1st-3rd
acknowledgement plus a random part of one batch's time, so they land while marking, issuing a
card, scanning, inside ``record()`` or between batches. The figures say where the kills
landed, and how many batches cut off inside ``record()`` were found stored (whole) or absent:
both sides of the commit are hit. Every ``episode_kills`` kills the run starts over on a new,
empty database file.

Not covered here: power loss (SIGKILL keeps what the process had written in the OS cache; a
power cut also needs ``synchronous=FULL``, which db.engine sets) and the 2-3 s of Python imports
in ``fork`` mode, which touch no database (see ``tests.reliability.station``).

    python -m tests.reliability.crash --kills 1000 [--seed N] [--launch spawn] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import queue
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from core.audit_service import AuditService
from core.card_tokens import CardKey
from db.engine import Database
from db.migrate import head_revision
from tests.reliability.station import Launch, default_launch, family_no, start_station

EPISODE_KILLS = 30
WAIT_S = 120.0  # far beyond any healthy launch's time to its n-th acknowledgement
MAX_SELF_DEATHS = 5  # in a row: the station cannot start any more; stop instead of looping
KILLED = -signal.SIGKILL if hasattr(signal, "SIGKILL") else None

Key = tuple[int, str]  # (student id, day)
Acked = Mapping[Key, int | None]  # the handoff id the station acknowledged


@dataclass
class CrashFigures:
    """What a run did and found; the run is good when ``ok``."""

    kills: int = 0
    acknowledged: int = 0  # handoffs (children) the stations acknowledged
    lost: int = 0  # acknowledged handoffs not stored as acknowledged
    half_stored: int = 0  # (day, family) batches stored in part
    integrity_failures: int = 0  # checks with integrity_check not ok, or a half-migrated schema
    fk_failures: int = 0
    chain_failures: int = 0
    restart_failures: int = 0
    seconds: float = 0.0
    duplicates: int = 0  # children with two standing handoffs on one day
    batches: int = 0  # acknowledged batches
    sibling_batches: int = 0  # of which with two or three siblings
    launches: int = 0
    episodes: int = 0
    kills_starting: int = 0  # before start-up was done
    kills_migrating: int = 0  # of which on a file that was empty at launch, after opening it
    kills_before_first_ack: int = 0  # started, working on its first batch
    kills_in_record: int = 0  # after TRY, before its ACK: in record() or reading its ids back
    kills_between: int = 0  # after an ACK, outside record()
    kills_after_ack: int = 0  # launches that had acknowledged something
    in_doubt_stored: int = 0  # batches cut off inside record() and found stored
    in_doubt_absent: int = 0  # ... and found absent
    launch_mode: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every check passed after every kill, and something was acknowledged."""
        bad = (self.lost, self.half_stored, self.duplicates, self.integrity_failures)
        bad += (self.fk_failures, self.chain_failures, self.restart_failures)
        return not any(bad) and self.acknowledged > 0

    def line(self) -> str:
        """The figures as one line of ``name=value`` pairs."""
        return " ".join(
            f"{f.name}={getattr(self, f.name):.1f}"
            if f.name == "seconds"
            else f"{f.name}={getattr(self, f.name)}"
            for f in fields(self)
            if f.name != "problems"
        )

    def problem(self, text: str) -> None:
        """Keep the first problems found, for the report."""
        if len(self.problems) < 30:
            self.problems.append(text)


# --- the checks ----------------------------------------------------------------------------


@dataclass
class Findings:
    """What one check of a database file found; ``problems`` says it in words."""

    integrity: list[str] = field(default_factory=list)  # integrity_check's lines, when not ok
    foreign_keys: list[Any] = field(default_factory=list)
    schema: str = "head"  # head | empty | the revision of a half-migrated file
    chain: str = ""  # audit-verify's line when the chain does not verify
    lost: set[Key] = field(default_factory=set)
    half: dict[tuple[str, int], list[Any]] = field(default_factory=dict)  # (day, family) -> rows
    duplicates: set[Key] = field(default_factory=set)
    stored: set[tuple[str, int]] = field(default_factory=set)  # (day, family) with handoffs

    def problems(self) -> list[str]:
        """One line per problem."""
        out = [f"integrity_check: {'; '.join(self.integrity[:3])}"] if self.integrity else []
        out += [f"foreign_key_check: {self.foreign_keys[:3]}"] if self.foreign_keys else []
        out += (
            [f"schema half-migrated: {self.schema}"] if self.schema not in ("head", "empty") else []
        )
        out += [self.chain] if self.chain else []
        out += [f"acknowledged handoff of student {s} on {d} not stored" for s, d in self.lost]
        out += [f"family {f} on {d} half-stored: {rows}" for (d, f), rows in self.half.items()]
        out += [f"two handoffs of student {s} on {d}" for s, d in self.duplicates]
        return out


def check_file(path: Path, acked: Acked) -> Findings:
    """Every check of the module docstring on a database file no process is writing."""
    found = Findings()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        found.integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        found.foreign_keys = con.execute("PRAGMA foreign_key_check").fetchall()
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            revision = con.execute("SELECT max(version_num) FROM alembic_version").fetchone()[0]
        found.schema = "head" if revision == head_revision() else str(revision or "empty")
        if found.schema == "empty" and tables:
            found.schema = f"no revision, {len(tables)} tables"
        rows = _rows(con) if found.schema == "head" else None
    finally:
        con.close()
    if found.integrity == ["ok"]:
        found.integrity = []
    if rows is None:
        found.lost = set(acked)
        return found
    _check_handoffs(found, acked, *rows)
    database = Database(f"sqlite:///{path.as_posix()}")
    try:
        report = AuditService(database).verify()
        found.chain = "" if report.ok else report.line()
    except Exception as exc:  # a chain that cannot even be read fails the check, with why
        found.chain = f"audit-verify failed: {exc}"
    finally:
        database.dispose()
    return found


def _rows(con: sqlite3.Connection) -> tuple[dict[int, int], list[Any], set[int]]:
    """Pupils' families, standing handoffs, and handoffs lacking their audit entry or mark."""
    family_of = {
        sid: family_no(no) for sid, no in con.execute("SELECT id, student_no FROM student")
    }
    handoffs = con.execute(
        "SELECT id, student_id, on_date, batch_id FROM handoff WHERE undone_at IS NULL"
    ).fetchall()
    audited = {
        int(x)
        for (x,) in con.execute("SELECT entity_id FROM audit_entry WHERE action = 'handoff.record'")
    }
    unmarked = {
        hid
        for (hid,) in con.execute(
            "SELECT h.id FROM handoff h LEFT JOIN attendance_mark m ON m.student_id = h.student_id"
            " AND m.on_date = h.on_date AND m.period = 1 AND m.status = 'present'"
            " WHERE m.id IS NULL"
        )
    }
    return family_of, handoffs, unmarked | ({h[0] for h in handoffs} - audited)


def _check_handoffs(
    found: Findings, acked: Acked, family_of: dict[int, int], handoffs: list[Any], bad: set[int]
) -> None:
    members: dict[int, set[int]] = defaultdict(set)
    for sid, fam in family_of.items():
        members[fam].add(sid)
    stored: dict[Key, list[int]] = defaultdict(list)
    groups: dict[tuple[str, int], list[tuple[int, int, int | None]]] = defaultdict(list)
    in_batch: dict[int | None, set[tuple[str, int]]] = defaultdict(set)
    for hid, sid, day, batch in handoffs:
        stored[(sid, day)].append(hid)
        groups[(day, family_of[sid])].append((sid, hid, batch))
        in_batch[batch].add((day, family_of[sid]))
    found.duplicates = {key for key, ids in stored.items() if len(ids) > 1}
    found.lost = {key for key, hid in acked.items() if hid is None or hid not in stored[key]}
    found.stored = set(groups)
    for (day, fam), rows in groups.items():
        batches = {batch for _, _, batch in rows}
        whole = (
            {sid for sid, _, _ in rows} == members[fam]
            and len(batches) == 1
            and in_batch[next(iter(batches))] == {(day, fam)}
            and not bad.intersection(hid for _, hid, _ in rows)
        )
        if not whole:
            found.half[(day, fam)] = rows


# --- one database: launches, kills and checks ----------------------------------------------


@dataclass
class _Run:
    """State shared by the episodes of one run."""

    fig: CrashFigures
    rng: random.Random
    workdir: Path
    key: Path
    mode: str
    setup_s: float  # opening to start-up done on an empty file (migrations, seeding, roster)
    ready_s: float  # launch to start-up done on a migrated file
    batch_s: float = 0.05  # between two acknowledgements
    self_deaths: int = 0

    def start(self, url: str, batches: int | None, err: Path) -> Launch:
        self.fig.launches += 1
        return start_station(self.mode, url, batches, self.key, err)


class _Episode:
    """One database file, from empty, through many kills, to a last clean launch."""

    def __init__(self, run: _Run, index: int) -> None:
        self.run = run
        self.folder = run.workdir / f"episode-{index:03d}"
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("school.db*"):
            old.unlink()
        self.path = self.folder / "school.db"
        self.url = f"sqlite:///{self.path.as_posix()}"
        self.acked: dict[Key, int | None] = {}
        self.lost: set[Key] = set()
        self.half: set[tuple[str, int]] = set()
        self.duplicates: set[Key] = set()
        self.started = False  # a launch has finished start-up on this file
        self.launches = 0
        self._t0 = self._opened = self._last_ack = 0.0  # monotonic times of the current launch

    # --- following a launch ---

    def _follow(
        self, launch: Launch, lines: list[str], until: float, stop: Callable[[], bool]
    ) -> str:
        """Take lines until ``until`` ('time'), ``stop()`` ('stop') or the end ('end')."""
        while not stop():
            left = until - time.monotonic()
            if left <= 0:
                return "time"
            try:
                event = launch.events.get(timeout=left)
            except queue.Empty:
                return "time"
            if event is None:
                launch.ended = True
                return "end"
            self._take(event, lines)
        return "stop"

    def _take(self, event: tuple[float, str], lines: list[str]) -> None:
        at, line = event
        word, _, rest = line.partition(" ")
        run = self.run
        if word == "START":
            self._opened = at
        elif word == "READY":
            if self.started:
                run.ready_s = 0.7 * run.ready_s + 0.3 * (at - self._t0)
            else:
                run.setup_s = max(at - max(self._opened, self._t0), 0.5 * run.setup_s)
                self.started = True
        elif word == "ACK":
            if any(x.startswith("ACK") for x in lines):
                run.batch_s = 0.8 * run.batch_s + 0.2 * (at - self._last_ack)
            self._last_ack = at
            data = json.loads(rest)
            for sid, hid in zip(data["students"], data["handoffs"], strict=True):
                self.acked[(sid, data["day"])] = hid
            run.fig.acknowledged += len(data["students"])
            run.fig.batches += 1
            run.fig.sibling_batches += len(data["students"]) > 1
        lines.append(line)

    def _finish(self, launch: Launch, lines: list[str]) -> int | None:
        """Wait for the process, then take every line it wrote: the pipe keeps them."""
        code = launch.wait(30)
        if self._follow(launch, lines, time.monotonic() + 10, lambda: launch.ended) == "time":
            self.run.fig.problem(f"{self.folder.name}: output did not end after exit")
        return code

    def _launch(self, batches: int | None) -> Launch:
        self.launches += 1
        err = self.folder / f"launch-{self.launches:04d}.err"
        launch = self.run.start(self.url, batches, err)
        self._t0 = time.monotonic()
        return launch

    # --- one kill ---

    def cycle(self, timed: bool) -> bool:
        """Launch, kill at the chosen moment, check. False when the station died by itself."""
        run, fig = self.run, self.run.fig
        launch = self._launch(None)
        lines: list[str] = []
        acks = lambda: sum(x.startswith("ACK") for x in lines)  # noqa: E731
        if timed and not self.started:
            # An empty file: the kill falls after opening, in migrations, seeding or roster.
            how = self._follow(launch, lines, self._t0 + WAIT_S, lambda: bool(lines))
            if how == "time":
                fig.restart_failures += 1
                fig.problem(f"{self.folder.name}: database not open within {WAIT_S:.0f} s")
            elif how == "stop":
                until = time.monotonic() + run.rng.uniform(0, run.setup_s * 1.2)
                how = self._follow(launch, lines, until, lambda: False)
        elif timed:
            until = self._t0 + run.rng.uniform(0, run.ready_s * 1.5)
            how = self._follow(launch, lines, until, lambda: False)
        else:
            wanted = run.rng.randint(1, 3)
            how = self._follow(launch, lines, self._t0 + WAIT_S, lambda: acks() >= wanted)
            if how == "time":
                fig.restart_failures += 1
                fig.problem(f"{self.folder.name}: no ACK {wanted} within {WAIT_S:.0f} s")
            elif how == "stop":
                time.sleep(run.rng.uniform(0, run.batch_s))
        if how != "end":
            launch.kill()
        code = self._finish(launch, lines)
        if how == "end" or (KILLED is not None and code != KILLED):
            fig.restart_failures += 1
            run.self_deaths += 1
            fig.problem(
                f"{self.folder.name}: station died by itself (exit {code}): {launch.stderr_tail()}"
            )
            return False
        run.self_deaths = 0
        fig.kills += 1
        self.check(self._classify(lines))
        return True

    def _classify(self, lines: list[str]) -> tuple[str, int] | None:
        """Count where the kill landed; the (day, family) cut off inside record(), if any."""
        fig = self.run.fig
        words = [x.partition(" ")[0] for x in lines]
        work = [x for x in lines if x.startswith(("TRY", "ACK"))]
        fig.kills_after_ack += "ACK" in words
        if "READY" not in words:
            fig.kills_starting += 1
            fig.kills_migrating += bool(lines) and '"revision":null' in lines[0]
        elif not work:
            fig.kills_before_first_ack += 1
        elif work[-1].startswith("TRY"):
            fig.kills_in_record += 1
            batch = json.loads(work[-1].partition(" ")[2])
            return batch["day"], batch["family"]
        else:
            fig.kills_between += 1
        return None

    def finish(self) -> None:
        """The last launch on this file: start, acknowledge one batch, exit 0."""
        fig = self.run.fig
        launch = self._launch(1)
        lines: list[str] = []
        if self._follow(launch, lines, self._t0 + WAIT_S, lambda: False) != "end":
            launch.kill()
        code = self._finish(launch, lines)
        if code != 0 or not any(x.startswith("ACK") for x in lines):
            fig.restart_failures += 1
            fig.problem(
                f"{self.folder.name}: last launch failed (exit {code}): {launch.stderr_tail()}"
            )
        self.check(None)
        fig.lost += len(self.lost)
        fig.half_stored += len(self.half)
        fig.duplicates += len(self.duplicates)

    def check(self, doubt: tuple[str, int] | None) -> None:
        """Check the file; count each problem once, however many checks see it again."""
        fig = self.run.fig
        found = check_file(self.path, self.acked)
        fig.integrity_failures += bool(found.integrity) or found.schema not in ("head", "empty")
        fig.fk_failures += bool(found.foreign_keys)
        fig.chain_failures += bool(found.chain)
        for text in found.problems():
            text = f"{self.folder.name}: {text}"
            if text not in fig.problems:  # a lost row is found again by every later check
                fig.problem(text)
        self.lost |= found.lost
        self.half |= set(found.half)
        self.duplicates |= found.duplicates
        if doubt is not None:
            if doubt in found.stored:
                fig.in_doubt_stored += 1
            else:
                fig.in_doubt_absent += 1


# --- the run -------------------------------------------------------------------------------


def run_crash(
    kills: int,
    workdir: Path,
    seed: int = 0,
    *,
    launch: str | None = None,
    episode_kills: int = EPISODE_KILLS,
    progress: Callable[[str], None] | None = None,
) -> CrashFigures:
    """Kill a station ``kills`` times on SQLite, checking the file after each kill.

    ``launch`` is ``fork`` or ``spawn`` (default: ``default_launch()``); ``progress``, when
    given, gets the figures so far after each episode.
    """
    mode = launch or default_launch()
    fig = CrashFigures(launch_mode=mode)
    workdir.mkdir(parents=True, exist_ok=True)
    key = workdir / "card-key"
    if not key.exists():
        CardKey.generate().save(key)
    fork = mode == "fork"
    rng = random.Random(seed)
    run = _Run(fig, rng, workdir, key, mode, setup_s=1.0, ready_s=0.3 if fork else 4.0)
    t0 = time.monotonic()
    attempts = 0
    while fig.kills < kills and run.self_deaths < MAX_SELF_DEATHS:
        episode = _Episode(run, fig.episodes)
        fig.episodes += 1
        target = min(kills, fig.kills + episode_kills)
        while fig.kills < target and run.self_deaths < MAX_SELF_DEATHS:
            episode.cycle(timed=episode.launches < 2 or attempts % 3 == 0)
            attempts += 1
        episode.finish()
        fig.seconds = time.monotonic() - t0
        if progress is not None:
            progress(f"after episode {fig.episodes}: {fig.line()}")
    return fig


def main(argv: list[str] | None = None) -> int:
    """Run the harness from the command line and print the figures; exit 1 on any failure."""
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.crash")
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--launch", choices=("fork", "spawn"), default=None)
    parser.add_argument("--episode-kills", type=int, default=EPISODE_KILLS)
    parser.add_argument("--workdir", type=Path, default=None, help="kept; default: a temp dir")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        workdir = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        fig = run_crash(
            args.kills,
            workdir,
            args.seed,
            launch=args.launch,
            episode_kills=args.episode_kills,
            progress=lambda text: print(text, file=sys.stderr, flush=True),
        )
    for text in fig.problems:
        print("problem:", text)
    print(fig.line())
    return 0 if fig.ok and fig.kills == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
