"""Clocks: --now parsing, a simulated clock that advances, and the demo's afternoon."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock as clock_module
from core.clock import SimulatedClock, SystemClock, parse_now
from core.setup import demo_clock


@pytest.mark.parametrize(
    "text",
    ["2026-12-01T17:05", "2026-12-01T17:05:00", "2026-12-01 17:05", " 2026-12-01T17:05 "],
)
def test_now_accepts_the_usual_forms(text):
    assert parse_now(text) == dt.datetime(2026, 12, 1, 17, 5)


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01T17:05", "17:05", "2026-12-01"])
def test_now_rejects_anything_else_with_the_expected_form(text):
    with pytest.raises(ValueError, match="2026-12-01T17:05"):
        parse_now(text)


def test_simulated_clock_advances_with_real_time(monkeypatch):
    ticks = iter([100.0, 100.0, 165.0])
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: next(ticks))
    clock = SimulatedClock(dt.datetime(2026, 12, 1, 17, 5))
    assert clock.now() == dt.datetime(2026, 12, 1, 17, 5)
    assert clock.now() == dt.datetime(2026, 12, 1, 17, 6, 5)
    assert clock.simulated


def test_system_clock_is_not_simulated():
    assert not SystemClock().simulated
    assert abs(SystemClock().now() - dt.datetime.now()) < dt.timedelta(seconds=5)


def test_demo_on_a_weekend_starts_on_the_next_school_day_afternoon(demo_db):
    saturday = SimulatedClock(dt.datetime(2026, 12, 5, 10, 0), advancing=False)
    clock = demo_clock(demo_db, saturday)
    assert clock.simulated
    assert clock.now().replace(second=0) == dt.datetime(2026, 12, 7, 16, 30)


def test_demo_on_a_school_day_keeps_the_clock(demo_db):
    tuesday = SimulatedClock(dt.datetime(2026, 12, 1, 9, 0), advancing=False)
    assert demo_clock(demo_db, tuesday) is tuesday
