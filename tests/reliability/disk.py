"""A full disk and a read-only disk under a gate station: a clear error, never a false "recorded".

The school's SQLite file is put on a small tmpfs (root on Linux) and a station process
(tests/reliability/race_station.py) records handoffs with webcam snapshots:

1. healthy: a few handoffs are recorded;
2. read-only: the teacher has scanned, then the filesystem turns read-only
   (``mount -o remount,ro``); every confirm must fail with a clear error; back read-write, the
   same confirms are retried and must be recorded, without restarting the station;
3. full: handoffs with snapshots until the disk is full, and a few more (midway the station
   closes its connection, whose checkpoint finds no room, and opens a new one); then space is
   freed (a ballast file deleted) and recording must resume by itself.

Linux refuses a read-only remount while a file on it is open for writing, which the station's
pooled SQLite connection always has; so the station first closes its idle connections (as
after a pool recycle) and the refusal itself is reported. Without mount rights (not root, not
Linux) the full disk is a file-size limit on the station process (RLIMIT_FSIZE, SIGXFSZ
ignored: writes fail with EFBIG) and the read-only case is skipped with its reason.

Afterwards a fresh connection checks every answer: each "recorded" has its rows and its
snapshot byte for byte, each refusal stored nothing; the file passes integrity_check and
foreign_key_check and the audit chain verifies.

Run: python -m tests.reliability.disk [--rlimit]   (prints the figures as JSON)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.clock import SimulatedClock
from core.services import build_services
from core.setup import open_database
from db.models import Handoff, HandoffSnapshot
from tests.reliability.race_station import DAY
from tests.reliability.races import Family, StationProcess, build_school

FAMILIES = 110
HEALTHY = 3
READ_ONLY = 4
AFTER_FULL = 8  # refused attempts after the first, all on the full disk
AFTER_FREED = 4
ROOM = 2 * 1024 * 1024  # free bytes the handoffs may fill
BALLAST = 1024 * 1024  # deleted to free space at the end
STATION = ("东门", "D001", "17:35")
AUTO, TMPFS, RLIMIT = "auto", "tmpfs", "rlimit"
# Words a clear refusal uses: the disk is full, the database cannot be written or opened.
CLEAR_WORDS = ("full", "i/o error", "readonly", "read-only", "cannot be written", "unable to open")


class DiskFaultsUnavailableError(RuntimeError):
    """Neither a mount nor a file-size limit is possible here (e.g. Windows)."""


@dataclass
class DiskFigures:
    """What the disk-fault harness measured."""

    mode: str  # "tmpfs" (a real small filesystem) or "rlimit" (a file-size limit)
    attempts: int = 0  # record() calls
    recorded: int = 0  # ... that said "recorded"
    refused_clear: int = 0  # ... that raised a clear error (AfterSchoolError naming the cause)
    false_recorded: int = 0  # said "recorded" but the rows or the snapshot are not stored
    refused_but_stored: int = 0  # said "not recorded" but the rows are there
    unclear_errors: int = 0  # any other failure (a raw exception, a vague message)
    disk_full_at: int | None = None  # the attempt at which the disk was first full
    resumed_after_space_freed: int = 0  # recorded once space was freed (no restart)
    read_only: str = ""  # "tested", or why it was skipped
    remount_busy: bool = False  # ro remount refused while the station held the file open
    read_only_refused_clear: int = 0
    resumed_after_read_write: int = 0  # the same confirms recorded once read-write again
    integrity_ok: bool = False
    audit_chain_ok: bool = False
    messages: list[str] = field(default_factory=list)  # the distinct refusals, as raised
    seconds: float = 0.0


@dataclass
class _Attempt:
    family: Family
    phase: str
    answer: dict[str, Any]


class _Disk:
    """The small filesystem the school's file lives on, and how to break and mend it."""

    def __init__(self, workdir: Path, template: Path, mode: str) -> None:
        self.mnt = workdir / "mnt"
        self.mnt.mkdir()
        size = template.stat().st_size + BALLAST + ROOM
        mounted = mode == AUTO and _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", self.mnt)
        self.mode = TMPFS if mounted else ""
        if not self.mode:
            try:
                import resource  # noqa: F401 - POSIX only

                self.mode = RLIMIT
            except ImportError as exc:
                raise DiskFaultsUnavailableError(
                    "no mount rights and no RLIMIT_FSIZE here"
                ) from exc
        self.db_file = self.mnt / "school.db"
        self.ballast = self.mnt / "ballast"
        try:
            shutil.copyfile(template, self.db_file)
            if self.mode == TMPFS:
                self.ballast.write_bytes(b"\0" * BALLAST)
        except OSError:
            self.unmount()
            raise
        # The rlimit station may grow no file past this. The cap is per file: once the WAL is
        # folded into the file it has its room again, so half the tmpfs's room keeps it short.
        self.fsize = template.stat().st_size + ROOM // 2 if self.mode == RLIMIT else None
        self.forced = mode == RLIMIT

    def read_only(self) -> bool:
        return _mount("-o", "remount,ro", self.mnt)

    def read_write(self) -> None:
        if not _mount("-o", "remount,rw", self.mnt):
            raise RuntimeError("could not remount the test filesystem read-write")

    def free_space(self, station: StationProcess) -> None:
        if self.mode == TMPFS:
            self.ballast.unlink()
        else:
            station.ask({"op": "grow"})

    def unmount(self) -> None:
        if self.mode == TMPFS and not _mount_cmd("umount", self.mnt):
            _mount_cmd("umount", "-l", self.mnt)


def _mount(*args: str | Path) -> bool:
    return _mount_cmd("mount", *args)


def may_mount() -> bool:
    """Root on Linux with mount(8): the tmpfs can be used (else the file-size limit)."""
    return sys.platform.startswith("linux") and os.geteuid() == 0 and bool(shutil.which("mount"))


def _mount_cmd(*args: str | Path) -> bool:
    if not may_mount():
        return False
    done = subprocess.run([str(a) for a in args], capture_output=True, check=False)
    return done.returncode == 0


def run_disk_faults(workdir: Path, mode: str = AUTO) -> DiskFigures:
    """Run the three phases on a small disk under ``workdir``; see the module docstring.

    ``mode``: AUTO mounts a tmpfs where allowed, else limits the file size; RLIMIT forces
    the file-size limit (the fallback, tested on its own).

    Raises:
        DiskFaultsUnavailableError: neither is possible on this machine.
    """
    started = time.monotonic()
    template = workdir / "template.db"
    key_file = workdir / "card-key"
    db = open_database(f"sqlite:///{template.as_posix()}")
    try:
        families = build_school(db, FAMILIES, key_file)
    finally:
        db.dispose()  # the last connection folds the WAL into the file
    disk = _Disk(workdir, template, mode)
    figures = DiskFigures(disk.mode)
    url = f"sqlite:///{disk.db_file.as_posix()}"
    attempts: list[_Attempt] = []
    try:
        station = StationProcess(
            [url, *STATION], key_file, workdir / "station.log", fsize=disk.fsize
        )
        try:
            station.answer()  # ready
            healthy, read_only = families[:HEALTHY], families[HEALTHY : HEALTHY + READ_ONLY]
            for family in healthy:
                attempts.append(_record(station, family, "healthy", scan=True))
            _read_only_phase(station, disk, read_only, figures, attempts)
            _full_phase(station, disk, families[HEALTHY + READ_ONLY :], figures, attempts)
        finally:
            station.close()
        _score(figures, attempts)
        _check_stored(url, figures, attempts)
    finally:
        disk.unmount()
    figures.seconds = round(time.monotonic() - started, 1)
    return figures


def _record(station: StationProcess, family: Family, phase: str, *, scan: bool) -> _Attempt:
    """Scan (unless the verdict is still on screen) and confirm, with a webcam snapshot."""
    key = family.father
    if scan:
        seen = station.ask({"op": "scan", "key": key, "token": family.tokens[family.father]})
        if not seen.get("ok"):
            return _Attempt(family, phase, {"crash": "scan failed", "message": json.dumps(seen)})
    cmd = {"op": "record", "key": key, "ids": list(family.children), "snapshot": family.children[0]}
    return _Attempt(family, phase, station.ask(cmd))


def _read_only_phase(
    station: StationProcess,
    disk: _Disk,
    families: list[Family],
    figures: DiskFigures,
    attempts: list[_Attempt],
) -> None:
    if disk.mode != TMPFS:
        figures.read_only = (
            "skipped: the file-size limit was asked for"
            if disk.forced
            else "skipped: mounting is not permitted here (needs root on Linux)"
        )
        return
    for family in families:  # the teachers scanned; the verdicts are on screen
        station.ask({"op": "scan", "key": family.father, "token": family.tokens[family.father]})
    figures.remount_busy = not disk.read_only()
    if figures.remount_busy:
        station.ask({"op": "idle"})
        if not disk.read_only():
            figures.read_only = "skipped: the filesystem stayed busy with the station idle"
            return
    try:
        for family in families:
            attempts.append(_record(station, family, "read_only", scan=False))
    finally:
        disk.read_write()
    figures.read_only = "tested"
    for family in families:  # the same confirms again, on the same station
        attempts.append(_record(station, family, "read_write", scan=False))


def _full_phase(
    station: StationProcess,
    disk: _Disk,
    todo: list[Family],
    figures: DiskFigures,
    attempts: list[_Attempt],
) -> None:
    refused: list[Family] = []
    left = iter(todo)
    for family in left:
        attempt = _record(station, family, "full", scan=True)
        attempts.append(attempt)
        if "results" not in attempt.answer:
            if figures.disk_full_at is None:
                figures.disk_full_at = len(attempts)
            refused.append(family)
            if len(refused) == AFTER_FULL // 2:
                # Closing the last connection checkpoints the WAL into the file, which has
                # no room to grow; the next confirm opens the database afresh on a full disk.
                station.ask({"op": "idle"})
            if len(refused) > AFTER_FULL:
                break
    disk.free_space(station)
    # The teacher confirms the last refused family again, then the afternoon goes on.
    again = refused[-1:] + list(left)[: AFTER_FREED - 1]
    for i, family in enumerate(again):
        attempts.append(_record(station, family, "freed", scan=i > 0 or not refused))


def _score(figures: DiskFigures, attempts: list[_Attempt]) -> None:
    for a in attempts:
        figures.attempts += 1
        answer = a.answer
        if "results" in answer:
            if all(r["recorded"] for r in answer["results"]):
                figures.recorded += 1
                if a.phase == "freed":
                    figures.resumed_after_space_freed += 1
                if a.phase == "read_write":
                    figures.resumed_after_read_write += 1
            else:
                figures.unclear_errors += 1  # already released: the harness lost track
            continue
        text = f"{answer.get('error') or answer.get('crash')}: {answer.get('message', '')}"
        if answer.get("cause"):
            text += f" (cause: {answer['cause']})"
        clear = "error" in answer and any(w in text.lower() for w in CLEAR_WORDS)
        if clear:
            figures.refused_clear += 1
            if a.phase == "read_only":
                figures.read_only_refused_clear += 1
        else:
            figures.unclear_errors += 1
        if text not in figures.messages:
            figures.messages.append(text)


def _check_stored(url: str, figures: DiskFigures, attempts: list[_Attempt]) -> None:
    """A fresh connection: every "recorded" is stored with its snapshot, no refusal is."""
    db = open_database(url)
    try:
        with db.read() as s:
            rows = {
                r.student_id: r.image
                for r in s.execute(
                    select(Handoff.student_id, HandoffSnapshot.image)
                    .outerjoin(HandoffSnapshot, HandoffSnapshot.id == Handoff.snapshot_id)
                    .where(Handoff.on_date == DAY, Handoff.undone_at.is_(None))
                )
            }
        said = {}  # family -> the answer that recorded it, if any
        for a in attempts:
            if "results" in a.answer and all(r["recorded"] for r in a.answer["results"]):
                said[a.family.father] = a.answer
        for a in attempts:
            stored = [sid in rows for sid in a.family.children]
            answer = said.get(a.family.father)
            if a.answer is answer:
                digest = answer.get("snapshot_sha256")
                intact = all(
                    rows.get(sid) is not None
                    and hashlib.sha256(rows[sid] or b"").hexdigest() == digest
                    for sid in a.family.children
                )
                if not all(stored) or not intact:
                    figures.false_recorded += 1
            elif answer is None and any(stored):
                figures.refused_but_stored += 1
        clock = SimulatedClock(dt.datetime.combine(DAY, dt.time(18, 0)), advancing=False)
        figures.audit_chain_ok = build_services(db, clock).audit.verify().ok
    finally:
        db.dispose()
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        figures.integrity_ok = ok and not conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rlimit", action="store_true", help="force the file-size limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="disk-faults-") as tmp:
        try:
            figures = run_disk_faults(Path(tmp), RLIMIT if args.rlimit else AUTO)
        except DiskFaultsUnavailableError as exc:
            print(f"disk faults: {exc}", file=sys.stderr)
            sys.exit(2)
    print(json.dumps(asdict(figures), ensure_ascii=False, indent=2))
    sys.exit(0 if figures.false_recorded == 0 and figures.unclear_errors == 0 else 1)


if __name__ == "__main__":
    main()
