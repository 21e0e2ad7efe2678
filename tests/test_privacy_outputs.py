"""R12 on everything the app prints or exports: phones masked (138****5678) except full exports.

The demo school's busiest day for 无人接领 is printed in every format, every report and the cards
are written, the command line is run, and each file is read back as a reader would: no phone
number of anyone on file may appear in full, except in the safety officer's full exports and
``students --json`` (the administrator's roster export, whose contract holds full phones).
One copy of the demo database serves the whole module; each output is made on first use.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from core.attendance_types import ABSENT
from core.card_tokens import CardClaims
from core.cards import GUARDIAN, CardService, HolderRef
from core.clock import SimulatedClock
from core.demo import DEMO_PIN
from core.log_export import write_log
from core.report_export import write_month, write_week
from core.roster import canonical_class_name
from core.services import Services, build_services, load_card_key
from core.setup import open_database
from core.today import mask_phone
from db.engine import Database
from db.models import (
    AuditEntry,
    Base,
    Guardian,
    GuardianCall,
    Institution,
    InstitutionStaff,
    ProxyAuthorization,
    Restriction,
    SchoolClass,
    Staff,
    Student,
    StudentGuardian,
)
from main import main
from tests import qt_guard
from tests.conftest import TEST_NOW, _copy

MASKED = re.compile(r"1\d\d\*{4}\d{4}")
# Digits (or the mask's stars) split over two lines of a PDF table cell are joined again.
_WRAPPED = re.compile(r"(?<=[\d*])\s+(?=[\d*])")


@dataclass
class School:
    """The demo school at TEST_NOW, its printed day and every phone number on file."""

    db: Database
    url: str
    services: Services
    folder: Path
    day: dt.date  # the history day with the most 无人接领 children
    phones: set[str]  # everyone's: guardians, proxies, institutions, restrictions, staff
    printed: set[str]  # the guardians' phones a log of ``day`` prints (absent or flagged)
    made: dict[str, str] = field(default_factory=dict)  # output name -> its text
    seconds: dict[str, float] = field(default_factory=dict)


def _read(path: Path) -> str:
    """The text a reader of the file sees."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        return _WRAPPED.sub("", text)
    if suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v]
        book.close()
        return "\n".join(cells)
    if suffix == ".csv":
        raw = path.read_text(encoding="utf-8-sig")
        return "\n".join(cell for row in csv.reader(io.StringIO(raw)) for cell in row)
    raise AssertionError(f"no reader for {path}")


NOW_ARG = ("--now", f"{TEST_NOW:%Y-%m-%dT%H:%M}")  # the demo's day, whatever the PC's date


def _cli(*argv: str) -> str:
    """Run the command line in-process at TEST_NOW; its stdout (a failure fails the test)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*NOW_ARG, *argv])
    assert code == 0, err.getvalue()
    return out.getvalue()


def _every_phone(db: Database) -> set[str]:
    columns = (
        Guardian.phone,
        ProxyAuthorization.phone,
        Institution.phone,
        InstitutionStaff.phone,
        Restriction.phone,
        Staff.phone,
    )
    with db.read() as s:
        return {p for column in columns for p in s.scalars(select(column)) if p}


def _guardian_phones(db: Database, student_ids: set[int]) -> set[str]:
    with db.read() as s:
        return set(
            s.scalars(
                select(Guardian.phone)
                .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
                .where(StudentGuardian.student_id.in_(student_ids), Guardian.phone.is_not(None))
            )
        )


def _add_other_adults(db: Database, day: dt.date, student_id: int) -> None:
    """A 代接 and a do-not-release person with phones, so they are on file too."""
    with db.write() as s:
        noon = dt.datetime.combine(day, dt.time(12))
        s.add(
            ProxyAuthorization(
                student_id=student_id,
                name="邻居钱阿姨",
                relation="邻居",
                phone="13700001111",
                valid_from=day,
                valid_to=day,
                phoned_in_by="母亲来电",
                created_at=noon,
            )
        )
        s.add(Restriction(student_id=student_id, name="某某", phone="13700002222", created_at=noon))


@pytest.fixture(scope="module")
def school(_templates, _pg, tmp_path_factory) -> Iterator[School]:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("privacy")
    url = _copy("demo", _templates, _pg, folder)
    db = open_database(url)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AFTERSCHOOL_CARD_KEY", str(folder / "card-key"))
        services = build_services(db, SimulatedClock(TEST_NOW, advancing=False))
        with db.read() as s:
            day = s.execute(
                select(GuardianCall.on_date)
                .group_by(GuardianCall.on_date)
                .order_by(func.count(func.distinct(GuardianCall.student_id)).desc())
                .limit(1)
            ).scalar_one()
        board = services.dismissal.board(day)
        flagged = {c.student_id for c in board.children if c.was_flagged}
        absent = {
            r.student_id
            for c in services.attendance.day_sheet(day).classes
            for r in c.rows
            if r.shown == ABSENT
        }
        _add_other_adults(db, day, min(flagged))
        yield School(
            db,
            url,
            services,
            folder,
            day,
            _every_phone(db),
            _guardian_phones(db, flagged | absent),
        )
    db.dispose()


# --- the outputs: name -> how to make it (returns the file, or the text printed) -----------


def _log(full: bool, suffix: str) -> Callable[[School], Path | str]:
    def make(sc: School) -> Path:
        out = sc.folder / f"log-{'full' if full else 'masked'}{suffix}"
        write_log(sc.services.daily_log(sc.day, full_phones=full), out)
        return out

    return make


def _cli_log(full: bool, suffix: str) -> Callable[[School], Path | str]:
    def make(sc: School) -> Path:
        out = sc.folder / f"cli-log-{'full' if full else 'masked'}{suffix}"
        extra = ["--full-phones"] if full else []
        _cli("--db", sc.url, "export-log", "--date", f"{sc.day}", "--out", str(out), *extra)
        return out

    return make


def _archive(sc: School) -> Path:
    officer = sc.services.accounts.sign_in("A001", DEMO_PIN)
    return sc.services.day_close.reissue(sc.day, officer, "隐私检查：重新出具").path


def _week(suffix: str) -> Callable[[School], Path | str]:
    def make(sc: School) -> Path:
        out = sc.folder / f"week{suffix}"
        week = sc.services.reports.weekly_diagnosis(sc.day)
        write_week(week, sc.services.schedule.load().school_name, out)
        return out

    return make


def _month(suffix: str) -> Callable[[School], Path | str]:
    def make(sc: School) -> Path:
        out = sc.folder / f"month{suffix}"
        month = sc.services.reports.monthly_summary(sc.day.year, sc.day.month)
        write_month(month, sc.services.schedule.load().school_name, out)
        return out

    return make


def _flagged_class(sc: School) -> str:
    """The class of a child whose guardians' phones the day's log prints."""
    with sc.db.read() as s:
        grade, class_no = s.execute(
            select(SchoolClass.grade, SchoolClass.class_no)
            .join(Student, Student.class_id == SchoolClass.id)
            .join(StudentGuardian, StudentGuardian.student_id == Student.id)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .where(Guardian.phone.in_(sorted(sc.printed)))
            .limit(1)
        ).one()
    return canonical_class_name(grade, class_no)


def _cards(sc: School) -> Path:
    out = sc.folder / "cards.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AFTERSCHOOL_CARD_KEY", str(sc.folder / "card-key"))
        _cli("--db", sc.url, "cards", "--out", str(out), "--class", _flagged_class(sc))
    return out


def _verify_card(sc: School) -> str:
    with sc.db.read() as s:
        gid = s.scalar(select(Guardian.id).where(Guardian.phone.in_(sorted(sc.printed))).limit(1))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AFTERSCHOOL_CARD_KEY", str(sc.folder / "card-key"))
        key = load_card_key(sc.db)
        cards = CardService(sc.db, sc.services.clock, key)
        holder = HolderRef(GUARDIAN, gid)
        member = sc.services.accounts.sign_in("A001", DEMO_PIN)
        card = cards.current_card(holder) or cards.issue(holder, member)
        token = key.sign(CardClaims(card.id, card.version, card.expires_on))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main([*NOW_ARG, "--db", sc.url, "verify-card", token, "--at", f"{sc.day}T17:40"])
    return out.getvalue()


def _students_json(sc: School) -> str:
    return _cli("--db", sc.url, "students", "--json")


# Printed with the guardians' phones masked.
MASKED_OUTPUTS: dict[str, Callable[[School], Path | str]] = {
    "daily log PDF": _log(False, ".pdf"),
    "daily log xlsx": _log(False, ".xlsx"),
    "daily log CSV": _log(False, ".csv"),
    "export-log PDF": _cli_log(False, ".pdf"),
    "export-log xlsx": _cli_log(False, ".xlsx"),
    "archived log PDF (day close, re-issue)": _archive,
}
# The safety officer's full exports (R12's one exception).
FULL_OUTPUTS: dict[str, Callable[[School], Path | str]] = {
    "daily log PDF, full phones": _log(True, ".pdf"),
    "daily log xlsx, full phones": _log(True, ".xlsx"),
    "daily log CSV, full phones": _log(True, ".csv"),
    "export-log --full-phones CSV": _cli_log(True, ".csv"),
}
# Print no phone at all, masked or not (a phone added later must come with its mask here).
PHONELESS_OUTPUTS: dict[str, Callable[[School], Path | str]] = {
    "weekly diagnosis PDF": _week(".pdf"),
    "weekly diagnosis xlsx": _week(".xlsx"),
    "monthly summary PDF": _month(".pdf"),
    "monthly summary xlsx": _month(".xlsx"),
    "pickup cards PDF": _cards,
    "verify-card JSON": _verify_card,
}
ALL_OUTPUTS = {**MASKED_OUTPUTS, **FULL_OUTPUTS, **PHONELESS_OUTPUTS, "students": _students_json}


def text_of(sc: School, name: str) -> str:
    """The output's text, made on first use."""
    if name not in sc.made:
        started = time.perf_counter()
        result = ALL_OUTPUTS[name](sc)
        sc.made[name] = _read(result) if isinstance(result, Path) else result
        sc.seconds[name] = time.perf_counter() - started
        print(f"\n{name}: {len(sc.made[name])} characters in {sc.seconds[name]:.2f} s")
    return sc.made[name]


def _leaked(sc: School, text: str) -> list[str]:
    return sorted(p for p in sc.phones if p in text)


def test_the_printed_day_has_phones_to_print(school: School) -> None:
    # Without absent or flagged children the log would print no phone and prove nothing.
    assert len(school.printed) >= 4
    assert school.printed <= school.phones
    assert {"13700001111", "13700002222"} <= school.phones


@pytest.mark.parametrize("name", list(MASKED_OUTPUTS))
def test_printed_logs_show_phones_masked_only(school: School, name: str) -> None:
    text = text_of(school, name)
    assert _leaked(school, text) == []
    assert {mask_phone(p) for p in school.printed} <= set(MASKED.findall(text))


@pytest.mark.parametrize("name", list(FULL_OUTPUTS))
def test_the_full_export_shows_the_phones_to_call(school: School, name: str) -> None:
    text = text_of(school, name)
    assert school.printed <= set(_leaked(school, text))
    assert "完整显示" in text  # the export says what it is


@pytest.mark.parametrize("name", list(PHONELESS_OUTPUTS))
def test_reports_and_cards_print_no_phone(school: School, name: str) -> None:
    text = text_of(school, name)
    assert text.strip()  # something was printed and read back
    assert _leaked(school, text) == []
    assert MASKED.findall(text) == []


def test_students_json_is_the_administrators_roster_with_full_phones(school: School) -> None:
    # Not a printed log: the class list as the school's own scripts read it (roster-format.md).
    data = json.loads(text_of(school, "students"))
    printed = {g["phone"] for pupil in data for g in pupil["guardians"] if g["phone"]}
    with school.db.read() as s:
        assert printed == set(s.scalars(select(Guardian.phone).where(Guardian.phone.is_not(None))))
    assert not any("id_card" in key or "身份证" in key for key in data[0])


def test_the_audit_log_keeps_no_full_phone(school: School) -> None:
    # Entries cannot be changed (R10) and the history dialogs show them: phones go in masked.
    with school.db.read() as s:
        payloads = "\n".join(s.scalars(select(AuditEntry.payload)))
    assert len(payloads) > 100_000  # the demo's ten days of history
    assert _leaked(school, payloads) == []


def test_no_identity_card_number_is_stored() -> None:
    # R12: the class-list import ignores such a column; no table has a place for one.
    names = {c.name.lower() for table in Base.metadata.tables.values() for c in table.columns}
    assert not [n for n in names if "id_card" in n or "idcard" in n or "identity" in n]


@pytest.mark.skipif(bool(qt_guard.QT_ERROR), reason=qt_guard.QT_ERROR or "")
def test_the_wall_board_shows_names_but_no_phone(
    qtbot,  # noqa: ANN001
    demo_services: Services,
    clock: SimulatedClock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from ui.dismissal_page import DismissalPage
    from ui.wall_board import WallBoard

    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    officer = demo_services.accounts.sign_in("A001", DEMO_PIN)
    day = TEST_NOW.date()
    for key in ((1, 1), (3, 1), (5, 1)):  # one class of each band, nobody collected
        demo_services.attendance.mark_all_present(key, day, officer)
    clock.set(dt.datetime.combine(day, dt.time(17, 45)))  # every band past dismissal + grace
    page = DismissalPage(demo_services, officer, station="东门")
    qtbot.addWidget(page)
    phones = _every_phone(demo_services._db)  # noqa: SLF001
    with_phones = [c for c in page.board.children if c.phones]
    assert len(with_phones) >= 3  # the board itself holds the phones to ring

    wall = WallBoard(page)  # built, never shown
    qtbot.addWidget(wall)
    wall.show_board(page.board)
    text = wall.texts()

    assert all(c.name in text for c in with_phones)
    assert [p for p in phones if p in text] == [] and MASKED.findall(text) == []
    guardians = {n for c in with_phones for n in re.findall(r"([^、\d（]+)（", c.phones)}
    words = set(text.split())  # whole names: 沈明 is a guardian, 沈明轩 a child
    pupils = {c.name for c in page.board.children}
    assert guardians and not (guardians & words) - pupils
