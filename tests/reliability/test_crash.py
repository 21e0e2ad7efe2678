"""A gate station killed with SIGKILL again and again loses no acknowledged handoff (issue 8).

``tests.reliability.crash`` says what each check proves. SQLite only: on PostgreSQL a killed
station's transaction is the server's to finish or drop, and CI's SQLite run of the suite
already runs this. $AFTERSCHOOL_CRASH_KILLS sets the kills (default 300, CI's size: about 4
minutes on a busy 2-core machine; more by hand with ``python -m tests.reliability.crash
--kills 1000``). The figures are printed; ``-s`` shows them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import backend
from tests.reliability.crash import check_file, run_crash
from tests.reliability.station import Station

KILLS = int(os.environ.get("AFTERSCHOOL_CRASH_KILLS", "300"))

pytestmark = [
    pytest.mark.skipif(
        backend() == "postgresql",
        reason="an SQLite file's crash durability; the suite's SQLite run covers it",
    ),
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


def test_station_killed_at_random_moments_loses_and_half_stores_nothing(tmp_path: Path) -> None:
    figures = run_crash(KILLS, tmp_path, seed=int(os.environ.get("AFTERSCHOOL_CRASH_SEED", "0")))

    print("\ncrash:", figures.line())
    for problem in figures.problems:
        print("  problem:", problem)
    assert figures.kills == KILLS
    assert figures.lost == 0
    assert figures.half_stored == 0
    assert figures.duplicates == 0
    assert figures.integrity_failures == 0
    assert figures.fk_failures == 0
    assert figures.chain_failures == 0
    assert figures.restart_failures == 0
    # A harness that never acknowledged anything, or only killed stations still starting,
    # would prove nothing: most kills came after acknowledgements, with siblings in batches.
    assert figures.acknowledged > 0
    assert figures.sibling_batches > 0
    assert figures.kills_after_ack * 3 >= KILLS


def test_checks_catch_a_lost_a_half_stored_handoff_and_a_broken_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The checks themselves, on a file damaged behind the app's back: a harness whose checks
    # could not fail would report zeros whatever happened.
    monkeypatch.setenv("AFTERSCHOOL_CARD_KEY", str(tmp_path / "card-key"))
    path = tmp_path / "school.db"
    lines: list[str] = []
    station = Station(f"sqlite:///{path.as_posix()}", lines.append)
    station.run(3)
    station.db.dispose()
    batches = [json.loads(x.partition(" ")[2]) for x in lines if x.startswith("ACK")]
    acked = {
        (sid, b["day"]): hid
        for b in batches
        for sid, hid in zip(b["students"], b["handoffs"], strict=True)
    }
    trio = next(b for b in batches if len(b["students"]) == 3)
    assert check_file(path, acked).problems() == []

    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM handoff WHERE id = ?", (trio["handoffs"][1],))
        con.execute("UPDATE audit_entry SET actor = 'someone' WHERE seq = 2")
    con.close()
    found = check_file(path, acked)

    day = trio["day"]
    assert found.lost == {(trio["students"][1], day)}
    assert set(found.half) == {(day, trio["family"])}
    assert found.chain.startswith("audit chain broken at entry 2")
    assert found.integrity == [] and found.foreign_keys == []
