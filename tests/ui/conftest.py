"""Desktop tests: a Chinese QApplication, or none at all when Qt cannot load on this machine."""

from __future__ import annotations

import pytest

from tests import qt_guard

# Without Qt these modules cannot even be imported; tests/test_environment.py reports why.
collect_ignore_glob = ["test_*.py"] if qt_guard.QT_ERROR else []


@pytest.fixture(scope="session", autouse=True)
def chinese(qapp):  # noqa: ANN001, ANN201
    """The app's and Qt's Chinese translations, as users see them."""
    from ui.i18n import install_translators

    translators = install_translators(qapp)
    assert translators, "the Chinese translation must load"
    yield translators
    for t in translators:
        qapp.removeTranslator(t)
