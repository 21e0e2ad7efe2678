"""Loaded first (``-p tests.qt_guard``): without Qt's system libraries, skip the desktop tests.

On a bare machine PySide6 installs but cannot load (libEGL, libxkbcommon … missing), and
pytest-qt would then stop the whole run. Blocking it lets every other test run, and the
desktop tests report the missing libraries as their skip reason.
"""

from __future__ import annotations

from typing import Any

QT_ERROR: str | None = None


def pytest_addhooks(pluginmanager: Any) -> None:
    """Block pytest-qt before it is loaded when Qt cannot be imported."""
    global QT_ERROR
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        QT_ERROR = (
            f"Qt cannot load ({exc}); on Debian/Ubuntu: apt-get install libgl1 libegl1 "
            "libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0"
        )
        pluginmanager.set_blocked("pytest-qt")


def pytest_addoption(parser: Any) -> None:
    """Declare pytest-qt's settings when it is blocked, so pyproject.toml stays valid."""
    if QT_ERROR:
        parser.addini("qt_api", "pytest-qt (blocked: Qt cannot load)")
        parser.addini("qt_log_level_fail", "pytest-qt (blocked: Qt cannot load)")
        parser.addini("qt_log_ignore", "pytest-qt (blocked: Qt cannot load)", type="linelist")
