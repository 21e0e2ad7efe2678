"""Dismissal figures: the board's refresh, and how soon a handoff at one station shows at another.

The board's refresh with 1,500 children present is benchmarks/dismissal_board.py, printed first.

Two real processes on one database: tests/live_station.py records handoffs one at a time and
prints the time right after each commit; this process watches (db.changes.ChangeWatcher, or the
window's ui.live.LiveUpdates with the gate's latest-handoffs list) and notes when each handoff
first appears in ``HandoffService.recent()``.

Run: python benchmarks/dismissal.py
PostgreSQL: AFTERSCHOOL_BENCH_PG, else AFTERSCHOOL_TEST_PG, an admin URL such as
postgresql+psycopg://afterschool:afterschool@127.0.0.1/postgres; a scratch database is created
there and dropped afterwards. Without either, only the SQLite figures are printed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core.clock import SimulatedClock  # noqa: E402
from core.services import build_services  # noqa: E402
from core.setup import initialise, open_database  # noqa: E402

STATION = ROOT / "tests" / "live_station.py"
COUNT = 20
INTERVAL_S = 0.5  # between two handoffs at the other station: a busy gate
TARGET_MS = 2000
BUILT_AT = dt.datetime(2026, 12, 1, 15, 40)  # the station's day (tests/live_station.py DAY)
CLOCK_AT = dt.datetime(2026, 12, 1, 17, 40)


class Station:
    """The other station: a subprocess that prepares its handoffs, then records them on ``go``."""

    def __init__(self, url: str, key_file: Path, count: int, interval: float) -> None:
        env = {**os.environ, "AFTERSCHOOL_CARD_KEY": str(key_file), "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, str(STATION), url, "handoffs", "--count", str(count)]
        self.proc = subprocess.Popen(
            [*cmd, "--interval", str(interval)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.committed: dict[int, float] = {}  # student id -> unix time after the commit
        self.ready = threading.Event()
        self.done = threading.Event()
        threading.Thread(target=self._read, name="station-output", daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            words = line.split()
            if words == ["ready"]:
                self.ready.set()
            elif words and words[0] == "handoff":
                self.committed[int(words[1])] = float(words[2])
        self.ready.set()
        self.done.set()

    def go(self) -> None:
        """Start recording (the watcher is listening by now)."""
        if not self.ready.wait(300) or self.proc.poll() is not None:
            raise RuntimeError("the other station did not get ready")
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def finish(self) -> None:
        """Wait for the process; a failure is an error of the benchmark."""
        if self.proc.wait(300) != 0:
            raise RuntimeError(f"the other station failed with code {self.proc.returncode}")


def delays_ms(committed: dict[int, float], shown: dict[int, float]) -> list[float]:
    """Per handoff: from its commit at the other station to its first showing here."""
    missing = set(committed) - set(shown)
    if missing:
        raise RuntimeError(f"{len(missing)} handoffs never showed here")
    return [(shown[sid] - committed[sid]) * 1000 for sid in committed]


def _services(url: str):  # noqa: ANN202
    db = open_database(url)
    return db, build_services(db, SimulatedClock(CLOCK_AT, advancing=False))


def watcher_delays(url: str, key_file: Path, count: int = COUNT) -> list[float]:
    """The watcher wakes; this process then reads the latest handoffs (no Qt)."""
    from db.changes import ChangeWatcher

    db, services = _services(url)
    watcher = ChangeWatcher(db)
    shown: dict[int, float] = {}
    try:
        station = Station(url, key_file, count, INTERVAL_S)
        station.ready.wait(300)
        last = watcher.current()
        station.go()
        deadline = time.monotonic() + 120
        while len(shown) < count and time.monotonic() < deadline:
            seq = watcher.wait(timeout=1.0)
            if seq == last:
                continue
            last = seq
            now = time.time()
            for line in services.handoffs.recent(limit=count + 5):
                shown.setdefault(line.student_id, now)
        station.finish()
        return delays_ms(station.committed, shown)
    finally:
        watcher.close()
        db.dispose()


def gate_list_delays(url: str, key_file: Path, count: int = COUNT) -> list[float]:
    """As the app does it: LiveUpdates (thread, coalescing) refreshes the gate's list widget."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.gate_recent import RecentHandoffs
    from ui.live import LiveUpdates

    app = QApplication.instance() or QApplication([])
    db, services = _services(url)
    officer = services.accounts.sign_in("A001", "1234")
    table = RecentHandoffs(services.handoffs, services.clock, officer)
    live = LiveUpdates(services.change_watcher)
    shown: dict[int, float] = {}
    loop = QEventLoop()

    def changed() -> None:
        table.refresh()
        now = time.time()
        for line in table.lines():
            shown.setdefault(line.student_id, now)
        if len(shown) >= count:
            loop.quit()

    live.changed.connect(changed)
    try:
        station = Station(url, key_file, count, INTERVAL_S)
        station.ready.wait(300)
        live.start()
        _spin(app, 1.5)  # the watcher's first read, before any handoff
        station.go()
        QTimer.singleShot(120_000, loop.quit)
        loop.exec()
        station.finish()
        return delays_ms(station.committed, shown)
    finally:
        live.stop()
        table.deleteLater()
        db.dispose()


def board_delays(url: str, key_file: Path, count: int = COUNT) -> list[float]:
    """As a duty station shows it: LiveUpdates refreshes the dismissal board page."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from core.dismissal_types import GONE
    from ui.dismissal_page import DismissalPage
    from ui.live import LiveUpdates

    app = QApplication.instance() or QApplication([])
    db, services = _services(url)
    officer = services.accounts.sign_in("A001", "1234")
    page = DismissalPage(services, officer, station="东门")
    page.resize(1366, 768)
    page.show()  # a visible station: timers run, rows repaint
    live = LiveUpdates(services.change_watcher)
    shown: dict[int, float] = {}
    loop = QEventLoop()

    def changed() -> None:
        page.live_refresh()
        app.processEvents()  # painted
        now = time.time()
        board = page.board
        assert board is not None
        for child in board.children:
            if child.state in GONE:
                shown.setdefault(child.student_id, now)
        if len(shown) >= count:
            loop.quit()

    live.changed.connect(changed)
    try:
        station = Station(url, key_file, count, INTERVAL_S)
        station.ready.wait(300)
        page.refresh()
        live.start()
        _spin(app, 1.5)
        station.go()
        QTimer.singleShot(120_000, loop.quit)
        loop.exec()
        station.finish()
        return delays_ms(station.committed, shown)
    finally:
        live.stop()
        page.close()
        page.deleteLater()
        db.dispose()


def _spin(app, seconds: float) -> None:  # noqa: ANN001
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


# --- databases ---


def _demo(url: str) -> None:
    db = open_database(url)
    initialise(db, SimulatedClock(BUILT_AT, advancing=False), demo=True)
    db.dispose()


@contextmanager
def sqlite_databases(tmp: Path) -> Iterator[Callable[[], str]]:
    """Fresh copies of one demo school file."""
    template = tmp / "template.db"
    _demo(f"sqlite:///{template.as_posix()}")

    def fresh() -> str:
        path = tmp / f"school-{uuid.uuid4().hex[:6]}.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path.as_posix()}"

    yield fresh


@contextmanager
def pg_databases(admin_url: str) -> Iterator[Callable[[], str]]:
    """Fresh databases from one demo template on the server; all dropped at the end."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    prefix = f"as_bench_{uuid.uuid4().hex[:6]}"
    names: list[str] = []

    def create(template: str | None = None) -> str:
        name = f"{prefix}_{len(names)}"
        with admin.connect() as c:
            c.execute(
                text(f'CREATE DATABASE "{name}"' + (f" TEMPLATE {template}" if template else ""))
            )
        names.append(name)
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    try:
        template_url = create()
        _demo(template_url)
        template = names[0]
        yield lambda: create(template)
    finally:
        with admin.connect() as c:
            for name in reversed(names):
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _line(what: str, delays: list[float]) -> str:
    median = statistics.median(delays)
    p95 = statistics.quantiles(delays, n=20)[-1]
    verdict = "met" if median <= TARGET_MS else "MISSED"
    return (
        f"{what}: {len(delays)} handoffs, median {median:.0f} ms, p95 {p95:.0f} ms, "
        f"max {max(delays):.0f} ms (target median <= {TARGET_MS} ms: {verdict})"
    )


def handoff_figures(name: str, fresh: Callable[[], str], key_file: Path) -> list[str]:
    """Both figures on one backend, each on its own copy of the demo school."""
    return [
        _line(
            f"{name}, handoff at another process to this one's watcher read",
            watcher_delays(fresh(), key_file),
        ),
        _line(
            f"{name}, handoff at another process to this one's gate list (LiveUpdates)",
            gate_list_delays(fresh(), key_file),
        ),
        _line(
            f"{name}, handoff at another process to this one's dismissal board (LiveUpdates)",
            board_delays(fresh(), key_file),
        ),
    ]


def main() -> None:
    from benchmarks.dismissal_board import main as board_main

    board_main()
    pg_admin = os.environ.get("AFTERSCHOOL_BENCH_PG") or os.environ.get("AFTERSCHOOL_TEST_PG")
    with tempfile.TemporaryDirectory() as tmp:
        key_file = Path(tmp) / "card-key"
        os.environ["AFTERSCHOOL_CARD_KEY"] = str(key_file)
        if pg_admin:
            with pg_databases(pg_admin) as fresh:
                for line in handoff_figures("PostgreSQL", fresh, key_file):
                    print(line, flush=True)
        else:
            print("PostgreSQL: skipped (set AFTERSCHOOL_BENCH_PG or AFTERSCHOOL_TEST_PG)")
        with sqlite_databases(Path(tmp)) as fresh:
            for line in handoff_figures("SQLite (one file)", fresh, key_file):
                print(line, flush=True)


if __name__ == "__main__":
    main()
