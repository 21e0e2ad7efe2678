"""Clocks passed into every rule: the wall clock, or a simulated one starting at a chosen time."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the school's local time."""

    @property
    def simulated(self) -> bool:
        """True when the time shown is not the real time."""
        ...

    def now(self) -> dt.datetime:
        """The current local time, naive (the school works in one time zone)."""
        ...


class SystemClock:
    """The PC's own clock."""

    simulated = False

    def now(self) -> dt.datetime:
        """The current local time."""
        return dt.datetime.now().replace(microsecond=0)


class SimulatedClock:
    """Starts at ``start`` and advances with real time (``--now``, the demo's afternoon)."""

    simulated = True

    def __init__(self, start: dt.datetime, advancing: bool = True) -> None:
        self._start = start.replace(tzinfo=None)
        self._t0 = time.monotonic()
        self._advancing = advancing

    def now(self) -> dt.datetime:
        """The simulated local time."""
        if not self._advancing:
            return self._start
        return self._start + dt.timedelta(seconds=int(time.monotonic() - self._t0))

    def set(self, moment: dt.datetime) -> None:
        """Jump to another moment (tests)."""
        self._start = moment.replace(tzinfo=None)
        self._t0 = time.monotonic()


def parse_now(text: str) -> dt.datetime:
    """Parse ``--now`` (``2026-12-01T17:05``, also with a space or seconds).

    Raises:
        ValueError: with an English message naming the expected form.
    """
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    raise ValueError(f"--now: expected a time like 2026-12-01T17:05, got {text!r}")
