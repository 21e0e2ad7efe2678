"""Prints: 2,500-pupil .xlsx import, today's list for the whole school, process start to window.

Targets (issue 2): import at most 3 s, today's list at most 50 ms, start to main window at most
3 s; each a median of several runs. Run: python benchmarks/startup_import.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.clock import SimulatedClock  # noqa: E402
from core.roster_import import RosterService  # noqa: E402
from core.services import build_services  # noqa: E402
from core.setup import initialise, open_database  # noqa: E402
from tests.data.roster_files import make_school_rows, write_xlsx  # noqa: E402

NOW = dt.datetime(2026, 12, 1, 15, 40)


def fresh_db(folder: Path, name: str):  # noqa: ANN201
    db = open_database(f"sqlite:///{(folder / name).as_posix()}")
    initialise(db, SimulatedClock(NOW, advancing=False))
    return db


def bench_import(folder: Path, runs: int = 5) -> tuple[float, object]:
    path = write_xlsx(folder / "school.xlsx", make_school_rows(2500, seed=7))
    times = []
    db = None
    for i in range(runs):
        db = fresh_db(folder, f"import{i}.db")
        service = RosterService(db, SimulatedClock(NOW, advancing=False))
        t0 = time.perf_counter()
        summary = service.import_file(path, None, "bench")
        times.append(time.perf_counter() - t0)
        assert summary.added == 2500, summary
        if i < runs - 1:
            db.dispose()
    return statistics.median(times), db


def bench_today(db, runs: int = 20) -> tuple[float, int]:  # noqa: ANN001
    services = build_services(db, SimulatedClock(NOW, advancing=False))
    services.today.overview()  # warm the connection pool
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ov = services.today.overview()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), ov.expected


def bench_start(folder: Path, runs: int = 5) -> float:
    url = f"sqlite:///{(folder / 'demo.db').as_posix()}"
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", url, "init", "--demo"],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "AFTERSCHOOL_STARTUP_PROBE": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--db", url, "--demo"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        times.append(time.perf_counter() - t0)
        proc.wait(timeout=60)
        assert line.startswith("main window shown"), line
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        import_s, db = bench_import(folder)
        print(f"import 2,500-student .xlsx (median of 5): {import_s:.2f} s (target <= 3 s)")
        today_s, expected = bench_today(db)
        print(
            f"today's list, whole school, {expected} pupils expected (median of 20): "
            f"{today_s * 1000:.1f} ms (target <= 50 ms)"
        )
        db.dispose()
        start_s = bench_start(folder)
        print(f"process start to main window shown (median of 5): {start_s:.2f} s (target <= 3 s)")


if __name__ == "__main__":
    main()
