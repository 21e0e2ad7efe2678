"""Starts the desktop app: logging, error dialog, Qt application, translation, database, window."""

from __future__ import annotations

import gc
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QCoreApplication, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from core.clock import Clock, SimulatedClock, SystemClock, parse_now
from core.errors import AfterSchoolError
from core.services import build_services
from core.setup import demo_clock, initialise, open_database
from ui.daily_jobs import purge_expired, start_daily_backup
from ui.i18n import chosen_locale, install_translators
from ui.main_window import MainWindow
from ui.style import apply_style

log = logging.getLogger(__name__)


def setup_logging() -> Path:
    """One rotating log file in the platform's log directory."""
    folder = Path(platformdirs.user_log_dir("afterschool", "afterschool"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "afterschool.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    log.critical("unhandled error\n%s", "".join(traceback.format_exception(kind, value, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "Unexpected error"),
            QCoreApplication.translate(
                "App",
                "Something went wrong: {error}\n\nThe details are in the "
                "log file. Your records so far are saved.",
            ).format(error=value),
        )


def _fail(title: str, text: str) -> int:
    QMessageBox.critical(None, title, text)
    return 1


def settle_memory() -> None:
    """Move everything loaded at start out of the garbage collector's sight.

    A full collection over the start-up objects (Qt wrappers, SQLAlchemy, numpy) took over
    100 ms, long enough to freeze the gate's screen mid-scan; frozen objects are not scanned.
    """
    gc.collect()
    gc.freeze()


def run_app(
    db_url: str | None,
    demo: bool,
    now: str | None,
    camera: str | None = None,
    lang: str | None = None,
) -> int:
    """Open the database and show the main window; returns the exit code."""
    log_path = setup_logging()
    qInstallMessageHandler(_qt_message)
    sys.excepthook = _excepthook
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("afterschool")
    app.setApplicationName("afterschool")
    # Kept alive for the app's lifetime; Chinese unless --lang / $AFTERSCHOOL_LANG say "en".
    translators = install_translators(app, chosen_locale(lang))  # noqa: F841
    apply_style(app)
    clock: Clock
    try:
        clock = SimulatedClock(parse_now(now)) if now else SystemClock()
    except ValueError:
        return _fail(
            QCoreApplication.translate("App", "Cannot start"),
            QCoreApplication.translate(
                "App", "The start time {now} is not understood; write it like 2026-12-01T17:05."
            ).format(now=now),
        )
    try:
        db = open_database(db_url, demo=demo)
        initialise(db, clock, demo=demo, actor="本机")
    except AfterSchoolError as exc:
        log.error("cannot open database: %s", exc)
        return _fail(
            QCoreApplication.translate("App", "Cannot open the database"),
            QCoreApplication.translate(
                "App",
                "The database cannot be opened: {reason}\n\nIf the school uses a shared "
                "server, check the network and that the server is running. Log file: {log}",
            ).format(reason=exc, log=log_path),
        )
    if demo and not now:
        clock = demo_clock(db, clock)
    services = build_services(db, clock)
    # R12 retention and the daily backup: at start here, then at midnight (MainWindow._tick).
    purge_expired(services)
    start_daily_backup(services)
    window = MainWindow(services, camera=camera)
    window.resize(1366, 768)
    window.showMaximized()
    QTimer.singleShot(0, settle_memory)
    if os.environ.get("AFTERSCHOOL_STARTUP_PROBE"):
        # benchmarks/startup_import.py times process start to this line, then the app quits.
        QTimer.singleShot(0, lambda: (print("main window shown", flush=True), app.quit()))
    code = app.exec()
    db.dispose()
    return code
