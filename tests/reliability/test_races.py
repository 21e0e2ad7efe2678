"""Two station processes release the same child at the same instant: one handoff, every time.

Runs on the suite's backend (SQLite here, PostgreSQL in CI's second run), 200 rounds by default
($AFTERSCHOOL_RACE_ROUNDS). The figures are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from tests.reliability.races import DEFAULT_ROUNDS, ENV_ROUNDS, run_races


def test_two_stations_racing_for_one_child_store_one_handoff_and_tell_the_loser(
    db_url: str, tmp_path: Path
) -> None:
    rounds = int(os.environ.get(ENV_ROUNDS, DEFAULT_ROUNDS))

    figures = run_races(db_url, rounds, tmp_path)

    print("\nraces:", json.dumps(asdict(figures), ensure_ascii=False))
    assert figures.errors == []
    assert figures.rounds == rounds
    assert figures.duplicate_releases == 0
    assert figures.missing_releases == 0
    assert figures.both_said_recorded == 0
    # The loser is told "already handed over" with the winner's station, teacher, time and
    # adult, and the gate's words name that station and adult.
    assert figures.losers_told_correctly == rounds
    assert figures.audit_chain_ok
    # A race that never raced proves nothing: the two record() calls did overlap.
    assert figures.overlapped > 0
