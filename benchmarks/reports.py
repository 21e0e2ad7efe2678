"""Prints: the daily supervision log PDF for a day with 1,500 handoffs, built and written.

Target (issue 7): at most 3 s. A full school (6 grades of 8 classes of 60 pupils), 1,500
children present and every one of them handed over between 17:10 and 17:40, a few on leave
and absent, read back the evening after.

Run: python benchmarks/reports.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attendance_page import _records  # noqa: E402
from core.clock import SimulatedClock  # noqa: E402
from core.daily_log import build_daily_log  # noqa: E402
from core.log_export import write_log  # noqa: E402
from core.roster_import import ALL_FIELDS, store_students  # noqa: E402
from core.services import Services, build_services  # noqa: E402
from core.setup import initialise, open_database  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import AttendanceMark, Handoff, Staff  # noqa: E402

DAY = dt.date(2026, 12, 1)
HANDOFFS = 1500
METHODS = ("card", "card", "card", "handheld", "identity_check", "institution")


def build_day(folder: Path) -> tuple[Database, Services]:
    """The full school with 1,500 children present and handed over, the evening after."""
    clock = SimulatedClock(dt.datetime.combine(DAY, dt.time(15, 0)), advancing=False)
    db = open_database(f"sqlite:///{(folder / 'school.db').as_posix()}")
    initialise(db, clock)
    with db.write() as s:
        store_students(s, _records(), ALL_FIELDS)
        duty = Staff(staff_no="D001", name="值班老师", role="duty_teacher")
        s.add(duty)
        s.flush()
        duty_id = duty.id
    services = build_services(db, clock)
    overview = services.today.overview(DAY)
    pupils = [p.student_id for b in overview.bands for c in b.classes for p in c.expected]
    present = pupils[:: max(1, len(pupils) // HANDOFFS)][:HANDOFFS]
    marked = dt.datetime.combine(DAY, dt.time(15, 35))
    # Bulk rows: the figure is about reading and printing them, not recording them.
    with db.write() as s:
        s.add_all(
            AttendanceMark(
                student_id=sid, on_date=DAY, period=1, status="present", marked_at=marked
            )
            for sid in present
        )
        s.add_all(
            Handoff(
                student_id=sid,
                on_date=DAY,
                released_at=dt.datetime.combine(DAY, dt.time(17, 10 + i % 30, i % 60)),
                method=METHODS[i % len(METHODS)],
                receiver_name="家长",
                receiver_relation="父亲",
                station="东门",
                verified_by=duty_id,
                override_reason="忘带卡，核对身份证" if i % len(METHODS) == 4 else "",
            )
            for i, sid in enumerate(present)
        )
    clock.set(dt.datetime.combine(DAY, dt.time(19, 0)))
    return db, services


@dataclass(frozen=True)
class LogFigures:
    """Seconds to build the log and to write its PDF, and the PDF's pages."""

    handoffs: int
    build_s: float
    write_s: float
    pages: int

    @property
    def total_s(self) -> float:
        """Build and write together."""
        return self.build_s + self.write_s


def bench_log_pdf(folder: Path) -> LogFigures:
    """Build the day's log and write it as a PDF, once (the safety officer prints it once)."""
    from pypdf import PdfReader

    db, services = build_day(folder)
    out = folder / "log.pdf"
    t = time.perf_counter()
    log = build_daily_log(db, services, DAY)
    built = time.perf_counter() - t
    t = time.perf_counter()
    write_log(log, out)
    written = time.perf_counter() - t
    db.dispose()
    return LogFigures(len(log.section("handoffs").rows), built, written, len(PdfReader(out).pages))


@dataclass(frozen=True)
class MonthFigures:
    """The monthly summary: children, pupil-days read, seconds to build and to write."""

    children: int
    marks: int
    build_s: float
    pdf_s: float
    xlsx_s: float


def bench_month(folder: Path) -> MonthFigures:
    """November for the full school: every pupil marked on every service day."""
    from core.report_export import write_month
    from core.reports import ReportService

    clock = SimulatedClock(dt.datetime(2026, 12, 1, 9, 0), advancing=False)
    db = open_database(f"sqlite:///{(folder / 'month.db').as_posix()}")
    initialise(db, clock)
    with db.write() as s:
        store_students(s, _records(), ALL_FIELDS)
    services = build_services(db, clock)
    data = services.schedule.load()
    days = [
        dt.date(2026, 11, d) for d in range(1, 31) if data.day(dt.date(2026, 11, d)).any_service
    ]
    ids = [
        p.student_id
        for b in services.today.overview(days[0]).bands
        for c in b.classes
        for p in (*c.expected, *c.on_leave)
    ]
    statuses = ("present",) * 18 + ("late", "sick", "personal", "absent")
    with db.write() as s:
        s.add_all(
            AttendanceMark(
                student_id=sid,
                on_date=day,
                period=1,
                status=statuses[(sid + day.day) % len(statuses)],
                marked_at=dt.datetime.combine(day, dt.time(15, 30)),
            )
            for day in days
            for sid in ids
        )
    reports = ReportService(db, services.schedule, services.dismissal, services.coverage)
    t = time.perf_counter()
    month = reports.monthly_summary(2026, 11)
    built = time.perf_counter() - t
    t = time.perf_counter()
    write_month(month, "基准小学", folder / "month.pdf")
    pdf_s = time.perf_counter() - t
    t = time.perf_counter()
    write_month(month, "基准小学", folder / "month.xlsx")
    xlsx_s = time.perf_counter() - t
    db.dispose()
    return MonthFigures(len(month.children), len(days) * len(ids), built, pdf_s, xlsx_s)


def main() -> None:
    """Print one line per figure."""
    with tempfile.TemporaryDirectory() as tmp:
        f = bench_log_pdf(Path(tmp))
    print(
        f"daily log PDF, {f.handoffs} handoffs ({f.pages} pages): {f.total_s:.2f} s "
        f"(build {f.build_s:.2f} s + PDF {f.write_s:.2f} s; target <= 3 s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        m = bench_month(Path(tmp))
    print(
        f"monthly summary, {m.children} children ({m.marks} pupil-days): "
        f"{m.build_s + m.pdf_s:.2f} s as PDF (build {m.build_s:.2f} s + PDF {m.pdf_s:.2f} s), "
        f"{m.build_s + m.xlsx_s:.2f} s as .xlsx (target <= 3 s)"
    )


if __name__ == "__main__":
    main()
