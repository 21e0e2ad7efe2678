"""Redacted audit entries (R12) still verify, and redaction cannot launder tampering (R10).

Also migration 0007, which re-hashes the chain under the digest formula: a chain that verifies
at 0006 upgrades and verifies; a tampered one is refused and the database left unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import inspect, select, text

from core.audit_service import EDITED, verify_chain
from core.setup import open_database
from db import audit, migrate
from db.engine import Database
from db.models import AuditEntry
from main import main

T0 = dt.datetime(2026, 12, 1, 17, 12, 3, 250)
ERASURE = {"student_id": 7, "reason": "监护人申请"}


def _sql(db: Database, statement: str, **params: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def _redact(db: Database, seqs: list[int]) -> int:
    """Redact these entries the way an erase does; returns the erasure entry's seq."""
    with db.write() as s:
        erasure = audit.next_seq(s)
        digests = {}
        for entry in s.scalars(select(AuditEntry).where(AuditEntry.seq.in_(seqs))):
            kept = {
                k: v for k, v in json.loads(entry.payload).items() if k in ("date", "student_id")
            }
            digests[str(entry.seq)] = audit.redact(entry, entry.entity_id, kept, erasure)
        entry = audit.append(
            s, T0, "周建华(A001)", audit.ERASURE_ACTION, "student", 7,
            {**ERASURE, audit.ERASED_KEY: digests},
        )  # fmt: skip
        assert entry.seq == erasure
    return erasure


@pytest.fixture
def chain(db: Database) -> Database:
    """school.create (seq 1), three handoffs naming the receiver (2-4), an erasure of 3 (5)."""
    with db.write() as s:
        for i in range(3):
            payload = {"student_id": 7, "date": "2026-12-01", "receiver": "张三丰", "n": i}
            audit.append(s, T0, "王老师(D001)", "handoff.record", "handoff", 40 + i, payload)
    _redact(db, [3])
    return db


def test_a_redacted_entry_verifies_and_is_counted(chain: Database, capsys) -> None:  # noqa: ANN001
    with chain.read() as s:
        entry = audit.entry_by_seq(s, 3)
        assert json.loads(entry.payload) == {
            "date": "2026-12-01", "student_id": 7, "redacted": True, "erasure_seq": 5,
        }  # fmt: skip
        assert "张三丰" not in entry.payload and entry.redacted_digest is not None
    report = verify_chain(chain)
    assert (report.ok, report.entries, report.redacted) == (True, 5, 1)
    assert report.line() == "audit chain ok: 5 entries (1 redacted by erasure)"
    url = chain.url.render_as_string(hide_password=False)
    assert main(["--db", url, "audit-verify"]) == 0
    assert capsys.readouterr().out == "audit chain ok: 5 entries (1 redacted by erasure)\n"


def test_an_entry_redacted_again_by_a_later_erasure_still_verifies(chain: Database) -> None:
    second = _redact(chain, [3, 4])
    report = verify_chain(chain)
    assert report.ok, report.line()
    assert report.redacted == 2
    with chain.read() as s:
        assert json.loads(audit.entry_by_seq(s, 3).payload)["erasure_seq"] == second


@pytest.mark.parametrize(
    "statement",
    [
        # The redacted text changed after the erasure recorded it.
        "UPDATE audit_entry SET payload = '{\"student_id\": 8}' WHERE seq = 3",
        "UPDATE audit_entry SET entity_id = '49' WHERE seq = 3",
        # The kept digest changed or dropped: the entry's own hash no longer matches.
        "UPDATE audit_entry SET redacted_digest = NULL WHERE seq = 3",
        f"UPDATE audit_entry SET redacted_digest = '{'f' * 64}' WHERE seq = 3",
    ],
    ids=["payload", "entity_id", "digest-dropped", "digest-changed"],
)
def test_tampering_with_a_redacted_entry_is_detected_at_it(chain: Database, statement: str) -> None:
    _sql(chain, statement)
    report = verify_chain(chain)
    assert (report.ok, report.first_bad_seq, report.code) == (False, 3, EDITED), report.line()


@pytest.mark.parametrize("erasure_seq", [5, 99, 1], ids=["real-erasure", "no-erasure", "before"])
def test_passing_an_entry_off_as_redacted_is_detected(chain: Database, erasure_seq: int) -> None:
    # A forger keeps the entry's digest, so its hash still matches, and rewrites the text.
    with chain.read() as s:
        entry = audit.entry_by_seq(s, 2)
        digest = audit.content_digest(entry.entity_id, entry.payload)
    fake = audit.payload_text({"student_id": 7, "redacted": True, "erasure_seq": erasure_seq})
    _sql(
        chain,
        "UPDATE audit_entry SET payload = :p, redacted_digest = :d WHERE seq = 2",
        p=fake,
        d=digest,
    )
    report = verify_chain(chain)
    assert (report.ok, report.first_bad_seq, report.code) == (False, 2, EDITED), report.line()


def test_an_erasure_entry_is_never_redacted(chain: Database) -> None:
    with chain.write() as s:
        entry = audit.entry_by_seq(s, 5)
        with pytest.raises(ValueError, match="never redacted"):
            audit.redact(entry, "7", {}, 6)


# --- migration 0007 ---


def _text_hash(prev: str, seq: int, at: dt.datetime, rest: tuple[str, ...]) -> str:
    """Revisions 0001-0006's formula: the payload text itself is hashed."""
    body = json.dumps(
        [prev, seq, at.isoformat(timespec="microseconds"), *rest],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


ENTRIES = sa.table(
    "audit_entry",
    *(sa.column(c) for c in ("seq", "actor", "action", "entity", "entity_id", "payload")),
    sa.column("at", sa.DateTime),
    sa.column("prev_hash"),
    sa.column("hash"),
)


def _at_0006_with_chain(url: str, n: int = 40) -> tuple[Database, list[str]]:
    """A database at revision 0006 holding a valid chain of ``n`` entries (old formula)."""
    db = open_database(url)
    cfg = migrate.alembic_config()
    with db.setup_transaction() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    rows, prev = [], audit.GENESIS
    for seq in range(1, n + 1):
        at = T0 + dt.timedelta(seconds=seq, microseconds=seq)
        payload = json.dumps({"receiver": "张三丰", "n": seq}, ensure_ascii=False, sort_keys=True)
        rest = ("王老师(T001)", "handoff.record", "handoff", str(seq), payload)
        digest = _text_hash(prev, seq, at, rest)
        row = dict(zip(("actor", "action", "entity", "entity_id", "payload"), rest, strict=True))
        rows.append({**row, "seq": seq, "at": at, "prev_hash": prev, "hash": digest})
        prev = digest
    with db.engine.begin() as conn:
        conn.execute(sa.insert(ENTRIES), rows)
        conn.execute(text("UPDATE audit_head SET seq = :n, hash = :h"), {"n": n, "h": prev})
    return db, [r["hash"] for r in rows]


def _hashes(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT hash FROM audit_entry ORDER BY seq")).scalars())


def test_a_valid_chain_at_0006_upgrades_and_verifies(fresh_url: str) -> None:
    db, old = _at_0006_with_chain(fresh_url)
    try:
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
        report = verify_chain(db)
        assert (report.ok, report.entries, report.redacted) == (True, 40, 0), report.line()
        new = _hashes(db)
        assert len(new) == 40 and not set(new) & set(old)  # every hash under the new formula
        with db.read() as s:
            assert audit.chain_head(s) == audit.ChainHead(40, new[-1])
    finally:
        db.dispose()


@pytest.mark.parametrize(
    "statement, seq",
    [
        ('UPDATE audit_entry SET payload = \'{"n": 7, "receiver": "李四"}\' WHERE seq = 7', 7),
        ("DELETE FROM audit_entry WHERE seq = 12", 13),
        ("UPDATE audit_head SET hash = '" + "e" * 64 + "'", 40),
    ],
    ids=["edited", "deleted", "tip"],
)
def test_a_tampered_chain_at_0006_refuses_the_upgrade_and_changes_nothing(
    fresh_url: str, statement: str, seq: int
) -> None:
    db, _old = _at_0006_with_chain(fresh_url)
    try:
        _sql(db, statement)
        before = _hashes(db)
        with pytest.raises(RuntimeError, match=rf"entry {seq}\b.*refused"):
            migrate.upgrade(db)
        assert migrate.current_revision(db) == "0006"
        columns = {c["name"] for c in inspect(db.engine).get_columns("audit_entry")}
        assert "redacted_digest" not in columns
        assert _hashes(db) == before
    finally:
        db.dispose()


def test_a_downgrade_restores_the_old_hashes_unless_entries_were_redacted(fresh_url: str) -> None:
    db, old = _at_0006_with_chain(fresh_url)
    cfg = migrate.alembic_config()

    def to(revision: str) -> None:
        with db.setup_transaction() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision) if revision == "0006" else command.upgrade(
                cfg, revision
            )

    try:
        to("0007")
        to("0006")
        assert _hashes(db) == old
        to("0007")
        _sql(db, "UPDATE audit_entry SET redacted_digest = hash WHERE seq = 3")
        with pytest.raises(RuntimeError, match="redacted"):
            to("0006")
        assert migrate.current_revision(db) == "0007"
    finally:
        db.dispose()
