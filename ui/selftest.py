"""`--selftest`: prove an installed copy works before a school relies on it.

It writes and reads a throw-away database through the app's own migrations and services, reads
a printed card's QR code through the gate's decoder, and opens the main window with the
Chinese translation (offscreen when there is no screen), then exits 0. Each step prints one
line; the first failure prints one line and exits 1. The school's own database is never
touched.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

OWN_ENV = ("AFTERSCHOOL_CARD_KEY", "AFTERSCHOOL_ARCHIVE", "AFTERSCHOOL_BACKUP_DAILY")


def run_selftest(out: Callable[[str], None] = print) -> int:
    """Run every check; 0 when all pass."""
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="afterschool-selftest-") as name:
        folder = Path(name)
        # A key of its own: the school's card key must never be created or read here.
        saved = {k: os.environ.get(k) for k in OWN_ENV}
        os.environ["AFTERSCHOOL_CARD_KEY"] = str(folder / "card-key")
        os.environ["AFTERSCHOOL_ARCHIVE"] = str(folder / "archive")
        os.environ["AFTERSCHOOL_BACKUP_DAILY"] = "0"
        try:
            return _steps(folder, out)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _steps(folder: Path, out: Callable[[str], None]) -> int:
    steps: list[tuple[str, Callable[[Path], str]]] = [
        ("database", _database),
        ("qr", _qr),
        ("window", _window),
    ]
    for label, step in steps:
        try:
            detail = step(folder)
        except Exception as exc:  # noqa: BLE001 - the one line is the whole point
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            out(f"selftest: {label} FAILED: {type(exc).__name__}: {first}")
            traceback.print_exc(file=sys.stderr)
            return 1
        out(f"selftest: {label} ok ({detail})")
    out("selftest: all checks passed")
    return 0


ADMIN = ("S001", "自检管理员", "selftest-pass-1")


def _database(folder: Path) -> str:
    from core.clock import SimulatedClock
    from core.services import build_services
    from core.setup import initialise, open_database

    db = open_database(f"sqlite:///{(folder / 'selftest.db').as_posix()}")
    try:
        clock = SimulatedClock(dt.datetime(2026, 12, 1, 16, 30), advancing=False)
        initialise(db, clock)  # every migration, as on a new school's PC
        services = build_services(db, clock)
        number, name, secret = ADMIN
        services.accounts.create_admin(number, name, secret)
        member = services.accounts.sign_in(number, secret)
        services.schedule.set_grace_minutes(12, member.actor)
        grace = services.schedule.load().grace_min
        report = services.audit.verify()
        if grace != 12 or not report.ok:
            raise RuntimeError(f"read back {grace} minutes, audit chain ok={report.ok}")
        return f"written and read back, {report.entries} audit entries verified"
    finally:
        db.dispose()


def _qr(folder: Path) -> str:
    import qrcode

    from core.qr_decode import decode_image_file

    text = "AFTERSCHOOL-SELFTEST-二维码"
    path = folder / "card.png"
    qrcode.make(text).save(path)
    found = decode_image_file(path)
    if found != [text]:
        raise RuntimeError(f"decoded {found!r}")
    return "a generated card read back"


def _window(folder: Path) -> str:
    from PySide6.QtWidgets import QApplication

    from core.clock import SimulatedClock
    from core.services import build_services
    from core.setup import open_database
    from ui.i18n import install_translators
    from ui.main_window import MainWindow
    from ui.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    translators = install_translators(app)
    apply_style(app)
    db = open_database(f"sqlite:///{(folder / 'selftest.db').as_posix()}")
    try:
        clock = SimulatedClock(dt.datetime(2026, 12, 1, 16, 30), advancing=False)
        services = build_services(db, clock)
        member = services.accounts.sign_in(ADMIN[0], ADMIN[2])
        window = MainWindow(services, member)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        pages = window.nav.count()
        label = window.nav.item(0).text() if pages else ""
        window.close()
        app.processEvents()
        del translators
        if pages == 0 or label != "今日名单":
            raise RuntimeError(f"{pages} pages, first page {label!r} (translation missing?)")
        return f"{pages} pages, in Chinese, platform {app.platformName()}"
    finally:
        db.dispose()
