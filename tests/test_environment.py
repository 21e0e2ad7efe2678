"""Says plainly when the desktop tests could not run on this machine."""

from __future__ import annotations

import pytest

from tests import qt_guard


def test_qt_loads_for_the_desktop_tests():
    if qt_guard.QT_ERROR:
        pytest.skip(qt_guard.QT_ERROR)
    from PySide6.QtWidgets import QApplication

    assert QApplication is not None
