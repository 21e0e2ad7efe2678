"""A duty station in its own process, driven over stdin with one JSON command per line.

The race and disk-fault harnesses (tests/reliability/races.py, disk.py) run one or two of these
on the database under test, so every handoff goes through the real core services of a separate
process. Each answer is one JSON line on stdout, written after the call returned.

Commands: ``scan`` (a card token; the verdict is kept under the driver's key, as the gate keeps
it on screen), ``go`` (wait for a wall-clock deadline, shared by every process on the machine,
then record the pending release), ``record`` (record at once, optionally with a webcam
snapshot), ``idle`` (close the pooled connections), ``grow`` (raise the file-size limit),
``quit``. Engine events note when the write lock was asked for and count unique-index
violations, so the driver can tell a real race from two calls that merely followed each other.

Run: python -m tests.reliability.race_station URL STATION STAFF_NO HH:MM [--fsize BYTES]
(AFTERSCHOOL_CARD_KEY names the card key file).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import signal
import sys
import time
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from core.clock import SimulatedClock
from core.errors import AfterSchoolError
from core.services import Services, build_services
from core.setup import open_database
from core.staff_types import StaffMember
from core.verdict_text import child_message, message
from core.verdict_types import ALREADY_RELEASED, CardVerdict, HandoffResult
from db.engine import Database
from db.models import Staff

DAY = dt.date(2026, 12, 1)  # the suite's Tuesday (tests/conftest.py TEST_NOW)
SPIN_S = 0.002  # the last stretch before a deadline is spun, not slept: sleep overshoots


class Probe:
    """When one record() call asked for the write lock, and its unique-index violations."""

    def __init__(self, db: Database) -> None:
        self.lock_asked: float | None = None
        self.integrity_errors = 0
        event.listen(db.engine, "before_cursor_execute", self._before)
        event.listen(db.engine, "handle_error", self._error)

    def reset(self) -> None:
        self.lock_asked = None
        self.integrity_errors = 0

    @staticmethod
    def _is_lock(statement: str) -> bool:
        # SQLite takes the write lock at BEGIN IMMEDIATE; PostgreSQL at the audit head's row lock.
        return statement.startswith("BEGIN IMMEDIATE") or "FOR UPDATE" in statement

    def _before(self, _conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if self.lock_asked is None and self._is_lock(statement):
            self.lock_asked = time.time()

    def _error(self, context: Any) -> None:
        if isinstance(context.sqlalchemy_exception, IntegrityError):
            self.integrity_errors += 1


class Station:
    """The gate's path: scan a card, keep the verdict, record the ticked children."""

    def __init__(self, url: str, name: str, staff_no: str, at: dt.time) -> None:
        self.db = open_database(url)
        self.name = name
        self.clock = SimulatedClock(dt.datetime.combine(DAY, at), advancing=False)
        self.services: Services = build_services(self.db, self.clock)
        with self.db.read() as s:
            st = s.execute(select(Staff).where(Staff.staff_no == staff_no)).scalar_one()
            self.member = StaffMember(st.id, st.staff_no, st.name, st.role, st.class_id)
        self.services.verdict.warm_up()
        self.probe = Probe(self.db)
        # Verdicts on screen, by the driver's key: (verdict, card token).
        self.pending: dict[str, tuple[CardVerdict, str]] = {}

    def run(self, cmd: dict[str, Any]) -> dict[str, Any]:
        op = cmd["op"]
        key = str(cmd.get("key", ""))
        if op == "scan":
            verdict = self.services.verdict.scan(cmd["token"], station=self.name)
            self.pending[key] = (verdict, cmd["token"])
            return {"verdict": verdict.verdict, "ok": verdict.ok}
        if op == "go":
            late = _wait_until(cmd["deadline"])
            return {"late": late, **self.record(key, cmd["ids"], None)}
        if op == "record":
            seed = cmd.get("snapshot")
            shot = None if seed is None else _snapshot(seed)
            digest = {"snapshot_sha256": hashlib.sha256(shot).hexdigest()} if shot else {}
            return {**self.record(key, cmd["ids"], shot), **digest}
        if op == "idle":
            self.db.dispose()
            return {}
        if op == "grow":
            _limit_file_size(None)
            return {}
        raise ValueError(f"unknown op {op!r}")

    def record(self, key: str, ids: list[int], snapshot: bytes | None) -> dict[str, Any]:
        verdict, token = self.pending[key]
        self.probe.reset()
        entered = time.time()
        try:
            results = self.services.handoffs.record(
                verdict, ids, self.member, station=self.name, snapshot=snapshot
            )
        except AfterSchoolError as exc:
            left = time.time()
            cause = exc.params.get("cause")
            return {
                "error": type(exc).__name__,
                "message": str(exc),
                "cause": cause,
                **self._times(entered, left),
            }
        except Exception as exc:  # noqa: BLE001 - the driver counts it as an unclear error
            left = time.time()
            return {"crash": type(exc).__name__, "message": str(exc), **self._times(entered, left)}
        left = time.time()
        answer = {"results": [_result(r) for r in results], **self._times(entered, left)}
        if not all(r.recorded for r in results):
            answer["texts"] = self._loser_texts(verdict, token, results)
        return answer

    def _times(self, entered: float, left: float) -> dict[str, Any]:
        p = self.probe
        return {
            "entered": entered,
            "left": left,
            "lock_asked": p.lock_asked,
            "integrity_errors": p.integrity_errors,
        }

    def _loser_texts(
        self, verdict: CardVerdict, token: str, results: list[HandoffResult]
    ) -> dict[str, Any]:
        """What the gate tells the teacher who lost: the result's words, then a fresh scan's."""
        words = {}
        for r in results:
            child = verdict.child(r.student_id)
            if not r.recorded and child is not None:
                gone = dataclasses.replace(child, verdict=ALREADY_RELEASED, released=r.release)
                words[str(r.student_id)] = child_message(gone)
        again = self.services.verdict.scan(token, station=self.name)
        return {
            "result": words,
            "rescan": message(again),
            "rescan_codes": {str(c.student_id): c.verdict for c in again.children},
        }


def _result(r: HandoffResult) -> dict[str, Any]:
    rel = r.release
    return {
        "recorded": r.recorded,
        "student_id": r.student_id,
        "verdict": r.verdict,
        "release": {
            "released_at": rel.released_at.isoformat(),
            "receiver_name": rel.receiver_name,
            "receiver_relation": rel.receiver_relation,
            "station": rel.station,
            "method": rel.method,
            "verified_by": rel.verified_by,
        },
    }


def _wait_until(deadline: float) -> float:
    """Wait for a wall-clock moment (shared across processes); returns how late we woke, in s."""
    while (left := deadline - time.time()) > SPIN_S:
        time.sleep(left - SPIN_S)
    while time.time() < deadline:
        pass
    return time.time() - deadline


def _snapshot(seed: int) -> bytes:
    """A webcam-like 640x480 frame (a gradient and sensor noise) as the gate stores it, ~45 KB."""
    import numpy as np  # here: only the disk harness takes snapshots, and OpenCV is slow to load

    from core.snapshots import snapshot_jpeg

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:480, 0:640]
    base = ((x * 0.3 + y * 0.5 + seed) % 256).astype(np.int16)
    frame = base[:, :, None] + rng.integers(-20, 20, (480, 640, 3), dtype=np.int16)
    return snapshot_jpeg(np.clip(frame, 0, 255).astype(np.uint8))


def _limit_file_size(limit: int | None) -> None:
    """Cap (or lift) the size of any file this process writes: a disk that fills up."""
    import resource  # POSIX only: the disk harness skips elsewhere

    soft = resource.RLIM_INFINITY if limit is None else limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, resource.RLIM_INFINITY))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("station")
    parser.add_argument("staff_no")
    parser.add_argument("at", help="the station clock's time on DAY, HH:MM")
    parser.add_argument("--fsize", type=int, help="cap every file this process writes")
    args = parser.parse_args()
    station = Station(args.url, args.station, args.staff_no, dt.time.fromisoformat(args.at))
    if args.fsize:
        # A write past the cap must fail with EFBIG, as on a full disk, not kill the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _limit_file_size(args.fsize)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        if cmd["op"] == "quit":
            break
        try:
            answer = station.run(cmd)
        except Exception as exc:  # noqa: BLE001 - e.g. a scan on a broken disk: say it, go on
            answer = {"crash": type(exc).__name__, "message": str(exc)}
        print(json.dumps(answer), flush=True)
    station.db.dispose()


if __name__ == "__main__":
    main()
