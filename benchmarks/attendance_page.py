"""Prints: switching the attendance page between two classes of 60 children (median of 21).

Target (issue 3): at most 100 ms. The school is a full one at its worst: 6 grades of 8 classes of
60 pupils, every pupil enrolled (2,880 on today's list, about a third marked), so the switch pays
for the whole school's list as the page does. Run: python benchmarks/attendance_page.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from core.attendance import AttendanceService  # noqa: E402
from core.attendance_types import ClassRef  # noqa: E402
from core.clock import SimulatedClock  # noqa: E402
from core.roster_import import ALL_FIELDS, store_students  # noqa: E402
from core.roster_types import GuardianRecord, StudentRecord  # noqa: E402
from core.services import build_services  # noqa: E402
from core.setup import initialise, open_database  # noqa: E402
from core.staff_types import StaffMember  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Staff  # noqa: E402

NOW = dt.datetime(2026, 12, 1, 15, 40)
GRADES, CLASSES, PUPILS = 6, 8, 60
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "子涵梓萱浩然一诺欣怡宇轩雨桐思远俊熙若汐"


def _records() -> list[StudentRecord]:
    out = []
    for grade in range(1, GRADES + 1):
        for class_no in range(1, CLASSES + 1):
            for seat in range(1, PUPILS + 1):
                n = len(out)
                surname = SURNAMES[n % len(SURNAMES)]
                out.append(
                    StudentRecord(
                        student_no=f"{2027 - grade}{grade:02d}{class_no:02d}{seat:02d}",
                        name=surname + GIVEN[n % 17 : n % 17 + 2],
                        gender="男" if n % 2 else "女",
                        grade=grade,
                        class_no=class_no,
                        notes="花生过敏" if n % 11 == 0 else "",
                        guardians=(
                            GuardianRecord(surname + "伟", "父亲", f"138{n:08d}"),
                            GuardianRecord("李芳", "母亲", f"139{n:08d}"),
                        ),
                    )
                )
    return out


def build_school(
    folder: Path,
) -> tuple[Database, AttendanceService, StaffMember, ClassRef, ClassRef]:
    """A temporary SQLite school with classes of 60 enrolled pupils and a class teacher."""
    clock = SimulatedClock(NOW, advancing=False)
    db = open_database(f"sqlite:///{(folder / 'school.db').as_posix()}")
    initialise(db, clock)
    with db.write() as s:
        store_students(s, _records(), ALL_FIELDS)
    attendance = AttendanceService(db, clock, build_services(db, clock).today)
    first, second = attendance.classes()[:2]
    with db.write() as s:
        staff = Staff(staff_no="T001", name="王芳", role="class_teacher", class_id=first.id)
        s.add(staff)
        s.flush()
        member = StaffMember(staff.id, "T001", "王芳", "class_teacher", first.id)
    # An afternoon under way: a third of the classes have taken the roll, with the odd absence.
    for ref in attendance.classes()[::3]:
        attendance.mark_all_present(ref.id, NOW.date(), member)
    for row in attendance.class_sheet(first.id, NOW.date()).rows[:3]:
        attendance.mark(row.student_id, NOW.date(), 1, "absent", member)
    return db, attendance, member, first, second


def bench_switch(runs: int = 21) -> float:
    """Median seconds to switch the shown page from one class of 60 to another and repaint."""
    from ui.attendance_page import AttendancePage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db, attendance, member, first, second = build_school(Path(tmp))
        page = AttendancePage(attendance, member)
        page.resize(1200, 650)
        page.show()
        app.processEvents()
        times = []
        for i in range(runs + 1):
            target = second if i % 2 == 0 else first
            t0 = time.perf_counter()
            page.show_class(target.id)
            app.processEvents()  # layout and paint of the new rows
            elapsed = time.perf_counter() - t0
            assert page.model.rowCount() == PUPILS
            if i:  # the first switch warms caches
                times.append(elapsed)
        page.close()
        page.deleteLater()
        app.processEvents()
        db.dispose()  # the temporary folder can go only once the file is closed (Windows)
    return statistics.median(times)


def main() -> None:
    """Print the figure."""
    median = bench_switch(21)
    print(
        "switching the attendance page between classes of 60 children (median of 21): "
        f"{median * 1000:.1f} ms (target <= 100 ms)"
    )


if __name__ == "__main__":
    main()
