"""Database outage at the gate (issue 8, item 2): a real station while its PostgreSQL goes away.

The station is the app's main window signed in as a duty teacher, with real services over a
database on a private PostgreSQL server (tests/reliability/pg_server.py). Cards reach the gate
through its real camera worker and decoder; only the webcam is replaced, by a picture of the
card a guardian holds up (or of nobody). Two faults:

- server stopped: the server stops while a verdict waits for its confirm, stays down while a
  confirm, a card and the identity check (F2) are tried, and starts again;
- connections killed: the server ends the station's connections while idle, in the middle of
  a release's write, and at its commit.

Checks, collected as ``problems``: the red banner and the gate's own Chinese message appear,
the camera keeps decoding, F2 still opens and a search says why it cannot work, no exception
escapes; afterwards the gate works again untouched; every green "recorded" has its row, no
child has two, every child meant to go ends with exactly one. Figures: seconds from the fault
to the banner, and from the server accepting connections again to the banner's "restored" and
to the first recorded handoff (target at most 10 s).

    python tests/reliability/outage.py        # POSIX with PostgreSQL's server binaries
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import psycopg  # noqa: E402
import qrcode  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import event  # noqa: E402

from core.clock import SimulatedClock  # noqa: E402
from core.services import Services, build_services  # noqa: E402
from core.setup import initialise, open_database  # noqa: E402
from core.verdict_types import ALREADY_RELEASED, CardVerdict, HandoffResult  # noqa: E402
from tests.reliability.pg_server import PrivateServer, missing_reason  # noqa: E402
from tests.ui.verdict_school import DAY, GateSchool, gate_school  # noqa: E402
from ui.gate_settings import GateConfig  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

NOW = dt.datetime.combine(DAY, dt.time(17, 40))  # every band dismissed: plain releases
TEMPLATE = "school"
TARGET_S = 10.0
WAIT_S = 15.0  # what any one step may take before it counts as not happening at all
OUTAGE_S = 6.0  # long enough for the gate's and the board's 5-second timers to fire
ADULTS = [
    ("王桂英", "奶奶", "13900001111"),
    ("李建国", "爷爷", "13900002222"),
    ("赵秀兰", "外婆", "13900003333"),
    ("陈志强", "爸爸", "13900004444"),
]
NOT_RECORDED = "未记录"  # the gate's words when a confirm failed
NOT_CHECKED = "未核验"  # ... when a card could not be checked
PAPER = "纸质"  # ... and the school's paper fallback they point to
DATABASE = "数据库"


@dataclass
class ScenarioResult:
    """What one fault did to the station."""

    name: str
    banner_lost_s: float | None = None  # fault -> red banner
    recovery_banner_s: float | None = None  # server accepting again -> banner "restored"
    recovery_handoff_s: float | None = None  # server accepting again -> a handoff recorded
    refused: int = 0  # scans and confirms the gate refused in its own words during the fault
    frames_decoded: int = 0  # camera frames decoded while the database was gone
    failed_after_recovery: int = 0  # attempts refused once the server took connections again
    lost: int = 0  # children meant to go who end without a standing handoff
    duplicated: int = 0  # rows beyond one per child and day
    false_recorded: int = 0  # green "recorded" with no row behind it
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line of figures."""

        def s(value: float | None) -> str:
            return "never" if value is None else f"{value:.2f} s"

        return (
            f"{self.name}: banner after {s(self.banner_lost_s)}; recovery: banner "
            f"{s(self.recovery_banner_s)}, first handoff {s(self.recovery_handoff_s)} "
            f"(target <= {TARGET_S:.0f} s); refused {self.refused}; frames decoded during the "
            f"outage {self.frames_decoded}; attempts failed after recovery "
            f"{self.failed_after_recovery}; lost {self.lost}; duplicated {self.duplicated}; "
            f'false "recorded" {self.false_recorded}; problems {len(self.problems)}'
        )


@dataclass
class OutageFigures:
    """Both scenarios; the totals are what benchmarks/reliability.py reports."""

    server_stopped: ScenarioResult
    connections_killed: ScenarioResult

    @property
    def scenarios(self) -> list[ScenarioResult]:
        """Both results."""
        return [self.server_stopped, self.connections_killed]

    @property
    def recovery_s(self) -> dict[str, float | None]:
        """Seconds to the first recorded handoff after the server accepted connections again."""
        return {r.name: r.recovery_handoff_s for r in self.scenarios}

    @property
    def lost(self) -> int:
        """Handoffs lost over both scenarios (target 0)."""
        return sum(r.lost for r in self.scenarios)

    @property
    def duplicated(self) -> int:
        """Duplicate handoffs over both scenarios (target 0)."""
        return sum(r.duplicated for r in self.scenarios)

    @property
    def false_recorded(self) -> int:
        """Green "recorded" messages with nothing stored (target 0)."""
        return sum(r.false_recorded for r in self.scenarios)


# --- the webcam and the station ------------------------------------------------------------


def card_picture(text: str, size: tuple[int, int] = (640, 480), scale: int = 5) -> np.ndarray:
    """A webcam frame of a card held up: the QR code on a grey background."""
    qr = qrcode.QRCode(border=4)
    qr.add_data(text)
    qr.make(fit=True)
    modules = np.where(np.array(qr.get_matrix(), dtype=bool), 0, 255).astype(np.uint8)
    code = np.kron(modules, np.ones((scale, scale), np.uint8))
    w, h = size
    frame = np.full((h, w), 160, np.uint8)
    y, x = (h - code.shape[0]) // 2, (w - code.shape[1]) // 2
    frame[y : y + code.shape[0], x : x + code.shape[1]] = code
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


class HeldCards:
    """The gate's webcam (a FrameSource): shows the card the harness holds up, or nobody."""

    live = True
    description = "webcam in front of the harness"

    def __init__(self, fps: float = 15.0) -> None:
        self._period = 1.0 / fps
        self._lock = threading.Lock()
        self._empty = np.full((480, 640, 3), 160, np.uint8)
        self._shown = self._empty
        self._pictures: dict[str, np.ndarray] = {}

    def hold(self, text: str | None) -> None:
        """Hold a card up (``None``: lower it)."""
        picture = self._empty
        if text is not None:
            picture = self._pictures.setdefault(text, card_picture(text))
        with self._lock:
            self._shown = picture

    def open(self) -> None:
        """Nothing to open."""

    def read(self) -> np.ndarray:
        """The next frame, at the webcam's pace."""
        time.sleep(self._period)
        with self._lock:
            return self._shown.copy()

    def close(self) -> None:
        """Nothing to release."""


@dataclass
class Outcome:
    """What the gate showed after a card or a key."""

    verdict: CardVerdict | None = None  # a fresh verdict on screen
    recorded: list[HandoffResult] | None = None  # handoff_recorded fired
    band: str = ""  # the verdict band's headline and detail
    result: str = ""  # the result line under the verdict
    result_ok: bool = False

    @property
    def words(self) -> str:
        """Everything the gate said, for checks on the wording."""
        return f"{self.band}\n{self.result}"


def qwait(seconds: float) -> None:
    """Wait while the event loop runs (QTest.qWait would keep the GIL from the camera's threads)."""
    loop = QEventLoop()
    QTimer.singleShot(max(1, int(seconds * 1000)), loop.quit)
    loop.exec()


def wait_for(predicate: Callable[[], bool], timeout_s: float = WAIT_S) -> bool:
    """Run the event loop until ``predicate()`` holds; False on timeout."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        qwait(0.01)
    return True


class GateStation:
    """The main window at the gate, signed in as the duty teacher, and what it showed."""

    def __init__(self, services: Services, register: Callable[[QWidget], None] | None) -> None:
        self.services = services
        self.errors: list[str] = []
        self._hook = sys.excepthook
        sys.excepthook = self._unhandled  # chained: pytest-qt's hook still sees everything
        duty = services.accounts.sign_in("D001", "1234")
        self.window = MainWindow(services, duty)
        if register is not None:
            register(self.window)
        gate = self.window.gate_page
        assert gate is not None, "a duty teacher's window has the gate"
        self.gate = gate
        # This PC's settings as the harness wants them (not stored: the settings file is shared).
        gate.config = GateConfig(station="东门", camera="webcam", muted=True)
        gate.sounds.muted = self.window.monitor.sounds.muted = True
        gate.panel.set_auto_confirm(None)
        gate.large_button.setChecked(False)
        self.camera = HeldCards()
        gate._opener = lambda _spec: self.camera  # the webcam is the edge of the machine
        self.verdicts: list[CardVerdict] = []
        self.greens: list[list[HandoffResult]] = []
        self.decoded: list[str] = []
        self.lost_at: list[float] = []
        self.restored_at: list[float] = []
        gate.verdict_shown.connect(self.verdicts.append)
        gate.handoff_recorded.connect(self.greens.append)
        live = self.window.live
        live.connection_lost.connect(lambda _detail: self.lost_at.append(time.monotonic()))
        live.connection_restored.connect(lambda: self.restored_at.append(time.monotonic()))
        self.window.resize(1366, 768)
        self.window.show()
        assert gate.worker is not None, "showing the gate starts its camera"
        gate.worker.codes_decoded.connect(lambda texts, _frame: self.decoded.extend(texts))
        if not wait_for(lambda: gate.worker is not None and gate.worker.state == "running"):
            raise RuntimeError("the gate's camera did not start")
        qwait(1.0)  # the change watcher has read the database once

    def _unhandled(self, kind: type[BaseException], value: BaseException, tb: Any) -> None:
        self.errors.append(f"{kind.__name__}: {value}".splitlines()[0])
        self._hook(kind, value, tb)

    def close(self) -> None:
        """Close the window (camera and watcher stop) and put the exception hook back."""
        self.window.close()
        qwait(0.05)
        sys.excepthook = self._hook

    # --- what the gate shows ---

    @property
    def frames_decoded(self) -> int:
        """Camera frames decoded so far."""
        worker = self.gate.worker
        return worker.stats.decoded if worker is not None else 0

    def _outcome(self, verdicts: int, greens: int) -> Outcome:
        panel = self.gate.panel
        band = f"{panel.band.headline.text()}\n{panel.band.detail.text()}"
        shown = not panel.result_label.isHidden()
        return Outcome(
            verdict=self.verdicts[-1] if len(self.verdicts) > verdicts else None,
            recorded=self.greens[-1] if len(self.greens) > greens else None,
            band=band,
            result=panel.result_label.text() if shown else "",
            result_ok=shown and panel.result_label.property("state") == "ok",
        )

    def show_card(self, token: str) -> Outcome:
        """A guardian holds the card to the camera until it is read, then lowers it."""
        verdicts, greens, seen = len(self.verdicts), len(self.greens), len(self.decoded)
        self.camera.hold(token)
        read = wait_for(lambda: token in self.decoded[seen:])
        self.camera.hold(None)
        if not read:
            raise RuntimeError("the camera never read the card")
        return self._outcome(verdicts, greens)

    def type_card(self, token: str) -> Outcome:
        """The handheld scanner types the card's code and Enter (a deliberate new read)."""
        verdicts, greens = len(self.verdicts), len(self.greens)
        QTest.keyClicks(self.gate.panel, token)
        QTest.keyClick(self.gate.panel, Qt.Key.Key_Return)
        return self._outcome(verdicts, greens)

    def confirm(self) -> Outcome:
        """The teacher presses Space."""
        verdicts, greens = len(self.verdicts), len(self.greens)
        QTest.keyClick(self.gate.panel, Qt.Key.Key_Space)
        return self._outcome(verdicts, greens)

    def manual_search(self, text: str) -> tuple[bool, str]:
        """F2, type a search, read what the dialog says; (dialog opened, its message)."""
        QTest.keyClick(self.gate.panel, Qt.Key.Key_F2)
        dialog = self.gate.manual_dialog
        if dialog is None or not wait_for(dialog.isVisible, 5):
            return False, ""
        QTest.keyClicks(dialog.search, text)
        said = dialog.hit_count.text()
        dialog.reject()
        return True, said

    def holder_shown(self) -> str:
        """The adult of the verdict on screen ("" when none)."""
        v = self.gate.panel.verdict
        return v.holder.name if v is not None and v.holder is not None else ""

    def listed(self) -> list[int]:
        """The children in the gate's list of latest handoffs."""
        return [line.student_id for line in self.gate.recent.lines()]

    @property
    def banner_lost(self) -> bool:
        """The red "database cannot be reached" banner is up."""
        return self.window.db_banner.showing_lost


# --- the school and its database -----------------------------------------------------------


@dataclass
class Family:
    """One adult with a card, and the children they collect."""

    name: str
    student_ids: list[int]
    token: str


def families(school: GateSchool, sizes: list[int]) -> list[Family]:
    """Adults with cards for present pupils; ``sizes`` children each (siblings share one)."""
    pupils = school.pupils(sum(sizes))
    out = []
    for adult, size in zip(ADULTS, sizes, strict=False):
        mine, pupils = pupils[:size], pupils[size:]
        holder = school.family(mine, adult)
        ids = [p.student_id for p in mine]
        school.present(*ids)
        out.append(Family(adult[0], ids, school.token(holder)))
    return out


def prepare_template(server: PrivateServer, source_uri: str | None) -> None:
    """The demo school in database TEMPLATE: copied from ``source_uri``, else built (slow)."""
    server.create_database(TEMPLATE)
    if source_uri is not None:
        dump = subprocess.run(
            [str(server.bindir / "pg_dump"), "-Fc", "-d", source_uri],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(
            [
                str(server.bindir / "pg_restore"),
                "--no-owner",
                "--no-acl",
                "-d",
                server.conninfo(TEMPLATE),
            ],
            input=dump,
            capture_output=True,
            check=True,
        )
        return
    db = open_database(server.url(TEMPLATE))
    try:
        initialise(db, SimulatedClock(NOW, advancing=False), demo=True)
    finally:
        db.dispose()


def handoff_rows(server: PrivateServer, database: str) -> dict[int, list[str]]:
    """Every handoff of the day per child: receiver names (undone ones too)."""
    with psycopg.connect(server.conninfo(database)) as conn:
        rows = conn.execute(
            "SELECT student_id, receiver_name FROM handoff WHERE on_date = %s", (DAY,)
        ).fetchall()
    out: dict[int, list[str]] = {}
    for sid, receiver in rows:
        out.setdefault(int(sid), []).append(str(receiver))
    return out


def settle(result: ScenarioResult, station: GateStation, fams: list[Family], rows: Any) -> None:
    """Compare what the gate showed with what the database holds, and tally the problems."""
    names = {sid: f.name for f in fams for sid in f.student_ids}
    for results in station.greens:
        for r in results:
            if r.recorded and names.get(r.student_id) not in rows.get(r.student_id, []):
                result.false_recorded += 1
    for sid in names:
        stored = rows.get(sid, [])
        result.lost += int(not stored)
        result.duplicated += max(0, len(stored) - 1)
    report = station.services.audit.verify()
    if not report.ok:
        result.problems.append(f"audit chain broken after the outage: {report.problem}")
    result.problems.extend(f"unhandled exception: {e}" for e in station.errors)


def expect(result: ScenarioResult, ok: bool, problem: str) -> bool:
    """Note ``problem`` unless ``ok``; returns ``ok``."""
    if not ok:
        result.problems.append(problem)
    return ok


def expect_refused(result: ScenarioResult, out: Outcome, marker: str, what: str) -> None:
    """The gate said, in its own Chinese words, that nothing happened, and pointed to paper."""
    words = out.words
    expect(result, out.recorded is None and not out.result_ok, f"{what}: shown as recorded")
    if expect(result, marker in words and DATABASE in words, f"{what}: gate said {words!r}"):
        result.refused += 1
    expect(result, PAPER in words, f"{what}: no word of the paper fallback: {words!r}")


def expect_recorded(result: ScenarioResult, out: Outcome, fam: Family, what: str) -> bool:
    """The release went through: green, every child of the family."""
    ids = sorted(r.student_id for r in out.recorded or [] if r.recorded)
    return expect(result, out.result_ok and ids == sorted(fam.student_ids), f"{what}: {out}")


def expect_already(result: ScenarioResult, station: GateStation, out: Outcome, fam: Family) -> None:
    """A card whose handoff is stored gives "already handed over", and Space writes nothing."""
    v = out.verdict
    codes = {c.verdict for c in v.children} if v is not None else set()
    expect(result, codes == {ALREADY_RELEASED}, f"{fam.name} again: {codes or out.words!r}")
    again = station.confirm()
    expect(result, again.recorded is None, f"{fam.name} again: Space recorded a second time")


def retry_until_recorded(
    result: ScenarioResult, station: GateStation, fam: Family, deadline: float
) -> float | None:
    """The teacher rescans and confirms every quarter second until it records; when it did."""
    while time.monotonic() < deadline:
        out = station.type_card(fam.token)
        if out.verdict is not None and out.verdict.ok:
            out = station.confirm()
            if out.recorded and all(r.recorded for r in out.recorded):
                return time.monotonic()
        result.failed_after_recovery += 1
        qwait(0.25)
    return None


# --- the two faults ------------------------------------------------------------------------


def server_stopped(
    server: PrivateServer, station: GateStation, school: GateSchool
) -> tuple[ScenarioResult, list[Family]]:
    """Stop the server while a verdict waits, try everything, start it again."""
    result = ScenarioResult("server stopped")
    fams = a, b, c = families(school, [2, 1, 1])
    station.show_card(a.token)
    expect_recorded(result, station.confirm(), a, "before the outage")
    out = station.show_card(b.token)
    expect(result, out.verdict is not None and out.verdict.ok, f"{b.name} before: {out}")

    fault = time.monotonic()
    server.stop("fast")
    if expect(result, wait_for(lambda: station.banner_lost), "no red banner"):
        result.banner_lost_s = time.monotonic() - fault
    decoded = station.frames_decoded
    panel = station.gate.panel
    expect_refused(result, station.confirm(), NOT_RECORDED, f"{b.name} confirmed in the outage")
    expect(result, station.holder_shown() == b.name, f"{b.name}'s verdict left: no retry")
    expect_refused(result, station.show_card(c.token), NOT_CHECKED, f"{c.name} in the outage")
    expect(result, panel.verdict is None, f"{b.name}'s children still shown to {c.name}")
    opened, said = station.manual_search("w")
    expect(result, opened, "F2 did not open the identity check")
    expect(result, DATABASE in said, f"identity check search in the outage said {said!r}")
    qwait(max(0.0, fault + OUTAGE_S - time.monotonic()))
    result.frames_decoded = station.frames_decoded - decoded
    expect(result, result.frames_decoded > 0, "the camera stopped decoding")
    title = station.gate.recent.title.text()
    expect(result, DATABASE in title, f"the latest handoffs not marked out of date: {title!r}")

    pg_ctl = server.start(wait=False)
    try:
        up = server.wait_accepting(pause=qwait)
        done = retry_until_recorded(result, station, b, up + 2 * WAIT_S)
    finally:
        if pg_ctl is not None:
            pg_ctl.wait()
    if expect(result, done is not None, "no handoff recorded after the server returned"):
        result.recovery_handoff_s = (done or up) - up
    if expect(result, wait_for(lambda: bool(station.restored_at)), "banner never restored"):
        result.recovery_banner_s = station.restored_at[0] - up
    listed = wait_for(lambda: b.student_ids[0] in station.listed())
    expect(result, listed and DATABASE not in station.gate.recent.title.text(), "list not back")
    expect_already(result, station, station.show_card(a.token), a)
    station.show_card(c.token)
    expect_recorded(result, station.confirm(), c, f"{c.name} after the outage")
    expect_already(result, station, station.type_card(b.token), b)
    return result, list(fams)


@contextlib.contextmanager
def kill_inside_write(server: PrivateServer, services: Services, at: str) -> Iterator[list[int]]:
    """The server ends the station's connection at its next INSERT (``at="insert"``) or COMMIT.

    The kill is real (pg_terminate_backend); the engine's events only choose the moment.
    """
    engine = services._db.engine
    killed: list[int] = []

    def before_insert(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if not killed and statement.lstrip().upper().startswith("INSERT"):
            killed.append(cursor.connection.info.backend_pid)
            server.terminate_pid(killed[-1])

    def before_commit(conn: Any) -> None:
        if not killed:
            killed.append(conn.connection.dbapi_connection.info.backend_pid)
            server.terminate_pid(killed[-1])

    name, hook = (
        ("commit", before_commit) if at == "commit" else ("before_cursor_execute", before_insert)
    )
    event.listen(engine, name, hook)
    try:
        yield killed
    finally:
        event.remove(engine, name, hook)


def connections_killed(
    server: PrivateServer, station: GateStation, school: GateSchool
) -> tuple[ScenarioResult, list[Family]]:
    """End the station's connections while idle, inside a release's write, and at its commit."""
    result = ScenarioResult("connections killed")
    database = station.services._db.url.database or ""
    fams = a, b, c, d = families(school, [2, 1, 1, 1])
    station.show_card(a.token)
    expect_recorded(result, station.confirm(), a, "before the kill")
    out = station.show_card(b.token)
    expect(result, out.verdict is not None and out.verdict.ok, f"{b.name} before: {out}")

    # The server takes connections all along: recovery counts from the kill.
    fault = time.monotonic()
    expect(result, server.terminate(database) > 0, "no station connection to end")
    out = station.confirm()
    if out.recorded:
        done: float | None = time.monotonic()
    else:
        result.failed_after_recovery += 1
        done = retry_until_recorded(result, station, b, fault + WAIT_S)
    if expect(result, done is not None, "no handoff recorded after the kill"):
        result.recovery_handoff_s = (done or fault) - fault
    if expect(result, wait_for(lambda: bool(station.lost_at)), "no red banner"):
        result.banner_lost_s = station.lost_at[0] - fault
    if expect(result, wait_for(lambda: bool(station.restored_at)), "banner never restored"):
        result.recovery_banner_s = station.restored_at[0] - fault

    for fam, at in ((c, "insert"), (d, "commit")):
        out = station.type_card(fam.token)
        expect(result, out.verdict is not None and out.verdict.ok, f"{fam.name}: {out}")
        with kill_inside_write(server, station.services, at) as killed:
            out = station.confirm()
        expect(result, bool(killed), f"the kill at {at} did not happen")
        expect_refused(result, out, NOT_RECORDED, f"{fam.name} killed at {at}")
        expect_recorded(result, station.confirm(), fam, f"{fam.name} retried after {at}")
    for fam in fams:
        expect_already(result, station, station.type_card(fam.token), fam)
    return result, list(fams)


# --- running ---------------------------------------------------------------------------------

Scenario = Callable[[PrivateServer, GateStation, GateSchool], tuple[ScenarioResult, list[Family]]]


def run_scenario(
    server: PrivateServer,
    database: str,
    scenario: Scenario,
    register: Callable[[QWidget], None] | None = None,
) -> ScenarioResult:
    """One fault on a fresh copy of the demo school (the card key file from the environment)."""
    server.create_database(database, template=TEMPLATE)
    clock = SimulatedClock(NOW, advancing=False)
    db = open_database(server.url(database))
    try:
        services = build_services(db, clock)
        school = gate_school(services, clock)
        station = GateStation(services, register)
        try:
            result, fams = scenario(server, station, school)
        finally:
            station.close()
        settle(result, station, fams, handoff_rows(server, database))
        return result
    finally:
        db.dispose()


@contextlib.contextmanager
def private_school(source_uri: str | None = None) -> Iterator[PrivateServer]:
    """A private server holding the demo school as TEMPLATE; removed afterwards."""
    server = PrivateServer.create()
    try:
        prepare_template(server, source_uri)
        yield server
    finally:
        server.remove()


def run_outage(
    workdir: Path,
    *,
    source_uri: str | None = None,
    register: Callable[[QWidget], None] | None = None,
) -> OutageFigures:
    """Both faults on a private server; ``source_uri`` copies the demo school from elsewhere.

    Needs a QApplication. The card key file is made in ``workdir``.
    """
    key = os.environ.get("AFTERSCHOOL_CARD_KEY")
    os.environ["AFTERSCHOOL_CARD_KEY"] = str(workdir / "card-key")
    try:
        with private_school(source_uri) as server:
            return OutageFigures(
                run_scenario(server, "stopped", server_stopped, register),
                run_scenario(server, "killed", connections_killed, register),
            )
    finally:
        if key is None:
            os.environ.pop("AFTERSCHOOL_CARD_KEY", None)
        else:
            os.environ["AFTERSCHOOL_CARD_KEY"] = key


def main() -> int:
    """Print the figures; exit 1 when a check failed or recovery took over the target."""
    reason = missing_reason()
    if reason:
        print(f"outage: skipped: {reason}", file=sys.stderr)
        return 0
    app = QApplication.instance() or QApplication(sys.argv)
    from ui.i18n import install_translators

    translators = install_translators(app)  # noqa: F841 - the gate's Chinese words are checked
    with tempfile.TemporaryDirectory(prefix="as-outage-") as tmp:
        figures = run_outage(Path(tmp))
    bad = False
    for r in figures.scenarios:
        print(r.line())
        for problem in r.problems:
            print(f"  problem: {problem}")
        slow = r.recovery_handoff_s is None or r.recovery_handoff_s > TARGET_S
        bad = bad or bool(r.problems) or slow
    print(
        f"outage: handoffs lost {figures.lost}, duplicated {figures.duplicated}, "
        f'false "recorded" {figures.false_recorded}'
    )
    return 1 if bad or figures.lost or figures.duplicated or figures.false_recorded else 0


if __name__ == "__main__":
    sys.exit(main())
