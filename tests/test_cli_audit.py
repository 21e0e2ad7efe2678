"""`audit-verify`: one line and exit 0 when intact; one line on stderr and exit 1 when broken."""

from __future__ import annotations

import re

from sqlalchemy import create_engine, text

from core.schedule_service import ScheduleService
from main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tamper(url: str, statement: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def test_intact_chain_prints_the_count_and_exits_0(capsys, db_url):
    code, out, err = run(capsys, "--db", db_url, "audit-verify")
    assert (code, out, err) == (0, "audit chain ok: 1 entry\n", "")


def test_demo_chain_verifies(capsys, demo_db):
    url = demo_db.url.render_as_string(hide_password=False)
    demo_db.dispose()
    code, out, err = run(capsys, "--db", url, "audit-verify")
    assert code == 0, err
    assert re.fullmatch(r"audit chain ok: \d+ entries\n", out)


def test_edited_entry_is_named_on_one_stderr_line_and_exits_1(capsys, db_url):
    tamper(db_url, "UPDATE audit_entry SET actor = '某人' WHERE seq = 1")
    code, out, err = run(capsys, "--db", db_url, "audit-verify")
    assert code == 1
    assert out == ""
    assert err == (
        "audit chain broken at entry 1 (2026-12-01 15:40:00): hash mismatch (entry edited)\n"
    )


def test_deleted_entry_is_reported_with_the_gap(capsys, db, db_url, clock):
    for minutes in (11, 12, 13):
        ScheduleService(db, clock).set_grace_minutes(minutes, "周建华")
    db.dispose()
    tamper(db_url, "DELETE FROM audit_entry WHERE seq = 2")
    code, out, err = run(capsys, "--db", db_url, "audit-verify")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "audit chain broken at entry 3 (2026-12-01 15:40:00): "
        "sequence gap before seq 3 (entry deleted)"
    ]


def test_unreachable_database_is_one_error_line(capsys, tmp_path):
    code, out, err = run(capsys, "--db", f"sqlite:///{tmp_path}/no/such/dir/x.db", "audit-verify")
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: ")
