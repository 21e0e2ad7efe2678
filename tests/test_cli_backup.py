"""`backup` and `restore` end to end: real files, real processes, on SQLite and PostgreSQL.

A backup taken while another station keeps recording handoffs holds every handoff committed
before it started and passes every check; restoring it brings that state back and the app opens
it. A damaged or foreign file is refused with one line naming the failed check, and the current
database is proved untouched by hashing it before and after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from core.backup import backup_database
from core.setup import open_database
from main import main
from tests.conftest import PG_ADMIN, backend

ROOT = Path(__file__).resolve().parent.parent
STATION = ROOT / "tests" / "live_station.py"
DAY = dt.date(2026, 12, 1)  # live_station's day
SUFFIX = ".db" if backend() == "sqlite" else ".dump"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def standing_handoffs(url: str) -> set[int]:
    """The pupils handed over on live_station's day (undone ones left out)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT student_id FROM handoff WHERE on_date = :d AND undone_at IS NULL"),
                {"d": DAY},
            )
            return {r[0] for r in rows}
    finally:
        engine.dispose()


def fingerprint(url: str) -> str:
    """A hash of the database as stored: the file and its WAL (SQLite), every row (PostgreSQL)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        wal = Path(f"{path}-wal")
        return hashlib.sha256(
            path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        ).hexdigest()
    digest = hashlib.sha256()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            for table in sorted(inspect(conn).get_table_names()):
                rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1'))
                digest.update(repr((table, [tuple(r) for r in rows])).encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


def databases_like(url: str) -> list[str]:
    """The server's databases named after this one (a scratch or kept copy would show here)."""
    name = make_url(url).database or ""
    engine = create_engine(PG_ADMIN)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p ORDER BY 1"),
                {"p": f"{name}%"},
            )
            return [r[0] for r in rows]
    finally:
        engine.dispose()


def state(url: str) -> tuple[str, list[str]]:
    """Everything a refused restore must leave as it was."""
    if backend() == "sqlite":
        folder = Path(make_url(url).database or "").parent
        return fingerprint(url), sorted(p.name for p in folder.iterdir())
    return fingerprint(url), databases_like(url)


@pytest.fixture
def kept_databases() -> Iterator[list[str]]:
    """PostgreSQL databases a restore renamed aside: dropped after the test."""
    names: list[str] = []
    yield names
    if names and PG_ADMIN:
        engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _kept(line: str, kept_databases: list[str]) -> str:
    kept = line.rsplit("kept as ", 1)[1].strip()
    if backend() != "sqlite":
        kept_databases.append(kept)
    return kept


def _kept_url(url: str, kept: str) -> str:
    if backend() == "sqlite":
        return f"sqlite:///{Path(kept).as_posix()}"
    return make_url(url).set(database=kept).render_as_string(hide_password=False)


def _read_handoffs(stream, until: int) -> list[int]:
    """Handoffs the station acknowledged (committed), until ``until`` of them or its end."""
    seen: list[int] = []
    while len(seen) < until:
        line = stream.readline()
        if not line:
            break
        words = line.split()
        if words and words[0] == "handoff":
            seen.append(int(words[1]))
    return seen


def test_backup_while_a_station_writes_holds_every_committed_handoff_and_restores(
    demo_db, tmp_path, capsys, kept_databases
):
    url = _url(demo_db)
    demo_db.dispose()
    out = tmp_path / f"while-writing{SUFFIX}"
    env = {
        **os.environ,
        "AFTERSCHOOL_CARD_KEY": str(tmp_path / "card-key"),
        "PYTHONPATH": str(ROOT),
    }
    station = subprocess.Popen(
        [sys.executable, str(STATION), url, "handoffs", "--count", "30", "--interval", "0.05"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert station.stdout.readline().strip() == "ready"
        station.stdin.write("go\n")
        station.stdin.flush()
        committed_before = set(_read_handoffs(station.stdout, until=6))

        backup = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", url, "backup", "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            check=False,
        )

        later = _read_handoffs(station.stdout, until=10_000)
        station.wait(timeout=120)
    finally:
        if station.poll() is None:
            station.kill()
            station.wait()
        station.stdin.close()
        station.stdout.close()
        err = station.stderr.read()
        station.stderr.close()
    assert station.returncode == 0, err
    assert backup.returncode == 0, backup.stderr
    assert backup.stderr == ""
    assert re.fullmatch(rf"backed up .+ to {re.escape(str(out))} \(.+\)\n", backup.stdout)
    acknowledged = committed_before | set(later)
    assert len(acknowledged) == 30

    # The backup passes every check (integrity, schema, audit chain) and replaces the database.
    code, text_out, err = run(capsys, "--db", url, "restore", "--from", str(out), "--yes")

    assert code == 0, err
    checked, restored = text_out.splitlines()
    assert checked.startswith(f"checked {out}: integrity ok, foreign keys ok")
    assert "audit chain ok" in checked
    held = standing_handoffs(url)
    assert committed_before <= held <= acknowledged
    # Nothing is lost by restoring: the replaced database, kept aside, holds every handoff.
    kept = _kept(restored, kept_databases)
    assert standing_handoffs(_kept_url(url, kept)) == acknowledged
    # The app opens the restored database: it migrates, and its audit chain verifies.
    code, verified, err = run(capsys, "--db", url, "audit-verify")
    assert code == 0, err
    assert verified.startswith("audit chain ok")
    print(
        f"{len(committed_before)} handoffs committed before the backup, {len(held)} in it, "
        f"{len(acknowledged)} recorded in all"
    )


def test_restore_without_yes_changes_nothing_and_asks_for_it(db, tmp_path, capsys):
    url = _url(db)
    out = tmp_path / f"copy{SUFFIX}"
    backup_database(db, out)
    db.dispose()
    before = state(url)

    code, out_text, err = run(capsys, "--db", url, "restore", "--from", str(out))

    assert code == 2
    assert out_text.startswith(f"checked {out}: integrity ok")
    assert len(err.splitlines()) == 1
    assert err.startswith("error: restore would replace ") and "--yes" in err
    assert state(url) == before


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "flipped":
        # 64 KiB in the middle turned over: page headers and rows, whatever lies there.
        middle = len(data) // 2 // 4096 * 4096
        damaged = bytes(b ^ 0xFF for b in data[middle : middle + 65536])
        path.write_bytes(data[:middle] + damaged + data[middle + 65536 :])
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "text":
        path.write_text("姓名,班级\n张三,三(2)班\n", encoding="utf-8")


def _tampered_backup(db, tmp_path: Path, table: str, column: str, value: str) -> Path:
    """A backup of this database taken while one value was edited with plain SQL.

    The edit is put back afterwards, so the database itself is valid again.
    """
    url = _url(db)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            where = " WHERE seq = 1" if table == "audit_entry" else ""
            original = conn.execute(text(f"SELECT {column} FROM {table}{where}")).scalar_one()
            conn.execute(text(f"UPDATE {table} SET {column} = :v{where}"), {"v": value})
        out = tmp_path / f"tampered{SUFFIX}"
        backup_database(db, out)
        with engine.begin() as conn:
            conn.execute(text(f"UPDATE {table} SET {column} = :v{where}"), {"v": original})
    finally:
        engine.dispose()
    return out


# Which check each damage trips (a dump's table of contents may still read when cut short).
DAMAGE = {
    "flipped": {"integrity", "audit chain", "file"},
    "truncated": {"integrity", "file"},
    "text": {"file"},
}
TAMPERING = {
    "chain_edited": (("audit_entry", "actor", "某人"), "audit chain"),
    "newer_revision": (("alembic_version", "version_num", "9999_newer_app"), "schema revision"),
}


@pytest.mark.parametrize("how", [*DAMAGE, *TAMPERING])
def test_refuses_a_bad_backup_with_one_line_and_leaves_the_database_untouched(
    how, db, tmp_path, capsys
):
    url = _url(db)
    if how in DAMAGE:
        bad = tmp_path / f"damaged{SUFFIX}"
        backup_database(db, bad)
        _damage(bad, how)
        expected = DAMAGE[how]
    else:
        edit, check = TAMPERING[how]
        bad = _tampered_backup(db, tmp_path, *edit)
        expected = {check}
    db.dispose()
    before = state(url)

    code, out, err = run(capsys, "--db", url, "restore", "--from", str(bad), "--yes")

    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1, err
    found = re.match(r"error: restore refused, (.+?) check failed: .+; the current database", err)
    assert found and found.group(1) in expected, err
    assert err.rstrip().endswith("the current database was not changed")
    assert state(url) == before


def test_refuses_while_a_station_has_the_database_open(db, tmp_path, capsys, kept_databases):
    url = _url(db)
    out = tmp_path / f"copy{SUFFIX}"
    backup_database(db, out)
    db.dispose()
    station = open_database(url)
    with station.engine.connect() as conn:  # a station idling between two scans
        conn.execute(text("SELECT 1"))
        before = state(url)

        code, _, err = run(capsys, "--db", url, "restore", "--from", str(out), "--yes")

        assert code == 1
        assert len(err.splitlines()) == 1
        assert "is open" in err and "close the app on every PC" in err
        assert state(url) == before
    station.dispose()
    # Once every station is closed, the same restore goes through.
    code, restored, err = run(capsys, "--db", url, "restore", "--from", str(out), "--yes")
    assert code == 0, err
    _kept(restored.splitlines()[-1], kept_databases)


@pytest.mark.skipif(backend() != "sqlite", reason="SQLite's write-ahead log")
def test_restore_after_a_crash_keeps_the_last_writes_aside_and_no_stale_log(db, tmp_path, capsys):
    url = _url(db)
    path = db.sqlite_path
    out = tmp_path / "copy.db"
    backup_database(db, out)
    db.dispose()
    # A station dies mid-afternoon: its last write is only in the write-ahead log.
    crash = (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0'); "
        "c.execute(\"UPDATE school SET name = '断电前写入'\"); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", crash, str(path)], check=True, timeout=60)
    assert Path(f"{path}-wal").stat().st_size > 0

    code, text_out, err = run(capsys, "--db", url, "restore", "--from", str(out), "--yes")

    assert code == 0, err
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    kept = Path(_kept(text_out.splitlines()[-1], []))
    names = {}
    for label, file in (("restored", path), ("kept", kept)):
        con = sqlite3.connect(file)
        try:
            names[label] = con.execute("SELECT name FROM school").fetchone()[0]
        finally:
            con.close()
    assert names["kept"] == "断电前写入"  # nothing the crashed station wrote is lost
    assert names["restored"] != "断电前写入"  # and none of it leaked into the restored file


def _older_backup(url: str, out: Path, *statements: str) -> None:
    """A backup made by an older version of the app (schema 0005), edited by ``statements``."""
    from alembic import command

    from db import migrate

    old = open_database(url)
    cfg = migrate.alembic_config()
    with old.setup_transaction() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    if statements:
        _execute(url, *statements)
    backup_database(old, out)
    old.dispose()


def test_restores_an_older_backup_by_upgrading_it(fresh_url, tmp_path, capsys, kept_databases):
    from db import migrate

    out = tmp_path / f"old{SUFFIX}"
    _older_backup(fresh_url, out)

    code, text_out, err = run(capsys, "--db", fresh_url, "restore", "--from", str(out), "--yes")

    assert code == 0, err
    assert f"schema revision 0005 (upgraded to {migrate.head_revision()})" in text_out
    _kept(text_out.splitlines()[-1], kept_databases)
    assert run(capsys, "--db", fresh_url, "audit-verify")[0] == 0


def test_refuses_an_older_backup_whose_chain_was_edited(db, fresh_url, tmp_path, capsys):
    out = tmp_path / f"old{SUFFIX}"
    # An entry slipped in with plain SQL: its hash is not the chain's.
    _older_backup(
        fresh_url,
        out,
        "INSERT INTO audit_entry (id, seq, at, actor, action, entity, entity_id, payload, "
        "prev_hash, hash) VALUES (1, 1, '2026-11-30 17:00:00', '某人', 'handoff.record', "
        "'student', '1', '{}', '" + "0" * 64 + "', '" + "f" * 64 + "')",
        "UPDATE audit_head SET seq = 1, hash = '" + "f" * 64 + "'",
    )
    url = _url(db)
    db.dispose()
    before = state(url)

    code, _, err = run(capsys, "--db", url, "restore", "--from", str(out), "--yes")

    assert code == 1
    assert err.startswith("error: restore refused, audit chain check failed: audit chain broken")
    assert len(err.splitlines()) == 1
    assert state(url) == before


def test_backup_errors_are_one_line_and_leave_no_file(tmp_path, capsys):
    missing = tmp_path / "nowhere.db"
    out = tmp_path / "copy.db"

    url = f"sqlite:///{missing.as_posix()}"
    code, text_out, err = run(capsys, "--db", url, "backup", "--out", str(out))

    assert (code, text_out) == (1, "")
    assert err == f"error: no database at {missing}\n"
    assert not missing.exists()  # a backup never creates the database it was asked to copy
    assert list(tmp_path.iterdir()) == []

    code, _, err = run(capsys, "--db", url, "backup", "--out", str(tmp_path / "no" / "copy.db"))
    assert code == 2
    assert err == f"error: folder does not exist: {tmp_path / 'no'}\n"


def test_restore_of_a_missing_file_is_a_usage_error(db_url, tmp_path, capsys):
    code, _, err = run(capsys, "--db", db_url, "restore", "--from", str(tmp_path / "x.db"))

    assert code == 2
    assert err == f"error: no such file: {tmp_path / 'x.db'}\n"
