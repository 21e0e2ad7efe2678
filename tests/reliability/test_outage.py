"""The gate through a database outage on PostgreSQL (issue 8, item 2).

The real main window at the gate, signed in as the duty teacher, cards read by its camera
worker, on a private PostgreSQL server that is stopped, or whose connections to the station are
ended, while the gate scans (tests/reliability/outage.py says exactly what is done and checked).
Runs once, in CI's PostgreSQL run; about 30 s, most of it the outage itself and copying the demo
school onto the private server. Figures are printed (``-s``), never asserted against a clock.
"""

from __future__ import annotations

import pytest

from tests import qt_guard
from tests.conftest import backend
from tests.reliability.pg_server import missing_reason

if backend() != "postgresql":
    pytest.skip("runs once, in the PostgreSQL run (AFTERSCHOOL_TEST_PG)", allow_module_level=True)
if qt_guard.QT_ERROR or missing_reason():
    pytest.skip(qt_guard.QT_ERROR or missing_reason() or "", allow_module_level=True)

from sqlalchemy.engine import make_url  # noqa: E402

from tests.reliability.outage import (  # noqa: E402
    ScenarioResult,
    connections_killed,
    private_school,
    run_scenario,
    server_stopped,
)


@pytest.fixture(scope="module")
def chinese(qapp):  # noqa: ANN001, ANN201
    """The app's Chinese words: the gate's messages are checked as the teacher reads them."""
    from ui.i18n import install_translators

    translators = install_translators(qapp)
    yield translators
    for t in translators:
        qapp.removeTranslator(t)


@pytest.fixture(scope="module")
def server(_pg, _templates):  # noqa: ANN001, ANN201
    """A private server holding a copy of the suite's demo school (the shared one never stops)."""
    copy = _pg.create(template=_templates["demo"])
    source = make_url(_pg.url(copy)).set(drivername="postgresql")
    with private_school(source.render_as_string(hide_password=False)) as private:
        yield private


@pytest.fixture
def card_key(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))


def _report(result: ScenarioResult) -> None:
    print(result.line())
    assert not result.problems, "\n".join(result.problems)
    assert result.false_recorded == 0, 'a green "recorded" with nothing stored'
    assert result.lost == 0, "a handoff lost"
    assert result.duplicated == 0, "a child handed over twice"


def test_server_stopped_while_scanning_gate_refuses_then_resumes_by_itself(
    qtbot, chinese, server, card_key
) -> None:
    result = run_scenario(server, "stopped", server_stopped, qtbot.addWidget)

    _report(result)
    assert result.refused == 2  # the confirm and the card tried during the outage
    assert result.frames_decoded > 0  # the camera went on reading
    assert result.recovery_handoff_s is not None  # recorded again with no restart, no click


def test_station_connections_killed_nothing_recorded_twice_or_falsely(
    qtbot, chinese, server, card_key
) -> None:
    result = run_scenario(server, "killed", connections_killed, qtbot.addWidget)

    _report(result)
    assert result.refused == 2  # the kill inside the write and the kill at the commit
    assert result.recovery_handoff_s is not None
