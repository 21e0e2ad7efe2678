"""A duty station's window shows what another process records, without a restart.

The other station is a real second process (tests/afternoon_station.py) on the same SQLite file
or PostgreSQL database; this window learns of its commits only through its live updates.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.dismissal_types import FLAGGED, HANDED_OVER, SELF_RELEASED, WAITING
from core.staff_types import StaffMember
from db.models import Staff
from tests.test_afternoon import DAY, afternoon  # noqa: F401 (a fixture)
from ui.dismissal_page import DismissalPage
from ui.main_window import MainWindow

SETTLE_MS = 15_000  # a guard against a hang, not a speed claim


def test_the_board_follows_another_process(qtbot, afternoon, db):  # noqa: ANN001, F811
    services, station, clock, ids = afternoon
    with db.read() as s:
        row = s.execute(select(Staff).where(Staff.staff_no == "D001")).scalar_one()
        duty = StaffMember(row.id, row.staff_no, row.name, row.role)
    window = MainWindow(services, duty)
    qtbot.addWidget(window)
    window.monitor.sounds.muted = True
    window.open_board()
    page = window.pages.currentWidget()
    assert isinstance(page, DismissalPage)

    def state(no: str) -> str | None:
        child = page.board.child(ids[no]) if page.board else None
        return child.state if child else None

    clock.set(dt.datetime.combine(DAY, dt.time(17, 25)))
    assert station.do(at="15:35", op="present", nos=list(ids), by="D001")["ok"]
    qtbot.waitUntil(lambda: state("A1") == FLAGGED, timeout=SETTLE_MS)
    assert state("D1") == WAITING
    # The alarm reached this station: on the board its own red bar names the child (the
    # window's bar, shown on other pages, would only repeat it).
    assert "李小一" in page.banner.text() and not page.banner.isHidden()
    assert window.alert_banner.isHidden()

    assert station.do(at="17:25", op="card", holder="李伟", nos=["A1"])["ok"]
    qtbot.waitUntil(lambda: state("A1") == HANDED_OVER, timeout=SETTLE_MS)
    assert page.board.child(ids["A1"]).release.late

    clock.set(dt.datetime.combine(DAY, dt.time(17, 31)))
    assert station.do(at="17:31", op="self", nos=["B1"])["ok"]
    qtbot.waitUntil(lambda: state("B1") == SELF_RELEASED, timeout=SETTLE_MS)
    window.close()
