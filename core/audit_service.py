"""Checks the audit chain, names the first bad entry, and reads a record's history (R10)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.clock import Clock, SystemClock
from core.errors import DatabaseUnavailableError, NotFoundError, ValidationError
from db import audit
from db.audit import GENESIS, ChainHead, RedactionLedger, content_digest, row_hash
from db.engine import Database
from db.models import AuditEntry

# Problem codes (stable, for the UI to put into words) and their short English texts.
EDITED = "edited"
REHASHED = "rehashed"
DELETED = "deleted"
INSERTED = "inserted"
REORDERED = "reordered"
TRUNCATED = "truncated"
TIP_REWRITTEN = "tip_rewritten"
CORRECTION = "audit.correction"


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the whole chain; on failure, the first entry that is wrong."""

    ok: bool
    entries: int
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    problem: str = ""
    at: dt.datetime | None = None
    code: str = ""
    # The recorded tip: a printed log can quote it, so that a chain rewritten from some entry
    # to the end (hashes recomputed, head updated) still disagrees with paper.
    head_hash: str = ""
    # Entries whose personal data an erasure took out (R12); they still verify.
    redacted: int = 0

    def line(self) -> str:
        """One English line: ``audit chain ok: 12 entries`` or where and why it is broken."""
        if self.ok:
            count = f"{self.entries} {'entry' if self.entries == 1 else 'entries'}"
            if self.redacted:
                count += f" ({self.redacted} redacted by erasure)"
            return f"audit chain ok: {count}"
        when = f" ({self.at:%Y-%m-%d %H:%M:%S})" if self.at is not None else ""
        return f"audit chain broken at entry {self.first_bad_seq}{when}: {self.problem}"


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as the UI and reports see it."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    payload: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class _Break:
    """The first entry the streaming pass could not accept, with what surrounds it."""

    row: Row[Any]
    before: Row[Any] | None  # the last accepted entry
    before2: Row[Any] | None  # the one accepted before that
    after: Row[Any] | None  # the entry that follows in seq order


def _scan(
    session: Session, head: ChainHead, ledger: RedactionLedger
) -> tuple[int, Row[Any] | None, _Break | None, list[int]]:
    """Walk the chain once.

    Returns the entries accepted, the last accepted row, the first break or None, and the
    redacted entries found not to match their erasure (``ledger``) before that break.
    """
    rows = audit.chain_rows(session)
    it: Iterator[Any] = iter(rows)  # plain unpacking: the fastest way through 100,000 rows
    prev_hash, expect, prev_id = GENESIS, 1, -(2**63)
    before: Row[Any] | None = None
    before2: Row[Any] | None = None
    count = 0
    misfits: list[int] = []
    try:
        for row in it:
            id_, seq, at, actor, action, entity, entity_id, payload, row_prev, digest, kept = row
            content = kept if kept is not None else content_digest(entity_id, payload)
            if (
                seq != expect
                or seq > head.seq
                or row_prev != prev_hash
                or id_ <= prev_id
                or audit.chain_hash(row_prev, seq, at, actor, action, entity, content) != digest
            ):
                return count, before, _Break(row, before, before2, next(it, None)), misfits
            if kept is not None or action == audit.ERASURE_ACTION:
                misfits.extend(ledger.see(seq, action, entity_id, payload, kept))
            before2, before = before, row
            prev_hash, prev_id = digest, id_
            expect += 1
            count += 1
        return count, before, None, misfits + ledger.finish()
    finally:
        rows.close()


def _rehash(r: Row[Any]) -> str:
    return row_hash(r)


def _diagnose(session: Session, head: ChainHead, b: _Break) -> tuple[Row[Any], str, str]:
    """Which entry is the first bad one, and why: (row, code, English problem)."""
    r, g1, g2, n = b.row, b.before, b.before2, b.after
    expect = g1.seq + 1 if g1 is not None else 1
    linked = g1.hash if g1 is not None else GENESIS
    if r.seq > head.seq or r.seq < expect:
        return r, INSERTED, "entry inserted out of chain"
    if r.seq > expect:
        return r, DELETED, f"sequence gap before seq {r.seq} (entry deleted)"
    intact = _rehash(r) == r.hash
    # The next entry still links to the last good one: r was slipped in between them.
    skipped = n is not None and n.prev_hash == linked
    if r.prev_hash != linked:
        two_back = g2.hash if g2 is not None else GENESIS
        if g1 is not None and r.prev_hash == two_back:
            return g1, INSERTED, "entry inserted out of chain"
        if any(s > r.seq for s in audit.seqs_with_hash(session, r.prev_hash)) or any(
            s != r.seq + 1 for s in audit.seqs_with_prev_hash(session, r.hash)
        ):
            return r, REORDERED, "entries reordered"
        if skipped:
            return r, INSERTED, "entry inserted out of chain"
        if intact:
            # r is consistent in itself: either r was rewritten whole, or its predecessor was
            # and r still names the old hash. Whoever still links to r tells which.
            r_is_original = (n.prev_hash == r.hash) if n is not None else head.hash == r.hash
            blamed = g1 if r_is_original and g1 is not None else r
            return blamed, REHASHED, "entry edited and its hash recomputed"
        return r, EDITED, "hash mismatch (entry edited)"
    if not intact:
        if skipped:
            return r, INSERTED, "entry inserted out of chain"
        return r, EDITED, "hash mismatch (entry edited)"
    # Only the physical order is wrong: rows were swapped whole, seq included. The row out of
    # place is the one that no longer fits between its neighbours.
    blamed = g1 if g1 is not None and (g2 is None or r.id > g2.id) else r
    return blamed, REORDERED, "entries reordered"


def _consistent_read(db: Database) -> Session:
    session = Session(db.engine, expire_on_commit=False)
    if not db.is_sqlite:
        # Head and rows from one snapshot, so stations appending meanwhile are not mistaken
        # for entries inserted after the tip. (SQLite's read transaction is a snapshot already.)
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return session


def _misfit_report(session: Session, seq: int, entries: int, head: ChainHead) -> ChainReport:
    rows = audit.rows_where_seq(session, [seq])
    row = rows[0] if rows else None
    return ChainReport(
        ok=False,
        entries=entries,
        first_bad_seq=seq,
        first_bad_id=row.id if row is not None else None,
        problem="hash mismatch (redacted entry differs from its erasure record)",
        at=row.at if row is not None else None,
        code=EDITED,
        head_hash=head.hash,
    )


def verify_chain(db: Database) -> ChainReport:
    """Recompute every hash and link, in seq order, and compare the end with the recorded tip.

    A redacted entry verifies through the digest kept of what was appended, and must be exactly
    what the later erasure entry recorded (``db.audit.RedactionLedger``).
    """
    ledger = RedactionLedger()
    with _consistent_read(db) as s:
        head = audit.chain_head(s)
        count, last, broken, misfits = _scan(s, head, ledger)
        if misfits and (broken is None or min(misfits) < broken.row.seq):
            return _misfit_report(s, min(misfits), audit.entry_count(s), head)
        if broken is not None:
            bad, code, problem = _diagnose(s, head, broken)
            return ChainReport(
                ok=False,
                entries=audit.entry_count(s),
                first_bad_seq=bad.seq,
                first_bad_id=bad.id,
                problem=problem,
                at=bad.at,
                code=code,
                head_hash=head.hash,
            )
    last_seq, last_hash = (last.seq, last.hash) if last is not None else (0, GENESIS)
    if last_seq < head.seq:
        return ChainReport(
            ok=False,
            entries=count,
            first_bad_seq=last_seq + 1,
            problem="chain tip does not match the last entry (entries removed at the end)",
            code=TRUNCATED,
            head_hash=head.hash,
        )
    if last_hash != head.hash:
        return ChainReport(
            ok=False,
            entries=count,
            first_bad_seq=last_seq,
            first_bad_id=last.id if last is not None else None,
            problem="chain tip does not match the last entry (last entry rewritten)",
            at=last.at if last is not None else None,
            code=TIP_REWRITTEN,
            head_hash=head.hash,
        )
    return ChainReport(ok=True, entries=count, head_hash=head.hash, redacted=ledger.redacted)


def _record(e: AuditEntry) -> AuditRecord:
    try:
        payload = json.loads(e.payload)
    except ValueError:
        payload = {"raw": e.payload}
    if not isinstance(payload, dict):
        payload = {"value": payload}
    return AuditRecord(e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, payload)


def history(db: Database, entity: str, entity_id: str | int) -> list[AuditRecord]:
    """Every entry about one record, newest last."""
    with db.read() as s:
        return [_record(e) for e in audit.entries_for(s, entity, entity_id)]


def recent(db: Database, limit: int = 100) -> list[AuditRecord]:
    """The last ``limit`` entries of the whole log, newest last."""
    with db.read() as s:
        return [_record(e) for e in audit.latest_entries(s, limit)]


def record_correction(
    db: Database,
    at: dt.datetime,
    actor: str,
    seq: int,
    reason: str,
    changes: dict[str, Any] | None = None,
) -> AuditRecord:
    """Correct an entry the only way R10 allows: a new entry about the same record.

    Raises:
        ValidationError: no reason was given.
        NotFoundError: there is no entry ``seq``.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("correction_reason", "a correction needs a reason")
    with db.write() as s:
        wrong = audit.entry_by_seq(s, seq)
        if wrong is None:
            raise NotFoundError(f"audit entry {seq} not found")
        payload: dict[str, Any] = {"corrects_seq": seq, "reason": reason}
        if changes:
            payload["changes"] = changes
        entry = audit.append(s, at, actor, CORRECTION, wrong.entity, wrong.entity_id, payload)
        return _record(entry)


@contextmanager
def _database_errors(what: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        raise DatabaseUnavailableError(f"cannot {what}: {reason}") from exc


class AuditService:
    """The audit log for the UI: chain check, a record's history, recent entries, corrections.

    Database failures come out as ``DatabaseUnavailableError``, so callers need no SQLAlchemy.
    """

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()

    def verify(self) -> ChainReport:
        """Check the whole chain (about a second per 100,000 entries)."""
        with _database_errors("check the audit log"):
            return verify_chain(self._db)

    def history(self, entity: str, entity_id: str | int) -> list[AuditRecord]:
        """Every entry about one record, newest last."""
        with _database_errors("read the audit log"):
            return history(self._db, entity, entity_id)

    def recent(self, limit: int = 100) -> list[AuditRecord]:
        """The last ``limit`` entries, newest last."""
        with _database_errors("read the audit log"):
            return recent(self._db, limit)

    def correct(
        self, seq: int, reason: str, actor: str, changes: dict[str, Any] | None = None
    ) -> AuditRecord:
        """Append a correction of entry ``seq`` (never an edit of it)."""
        with _database_errors("store the correction"):
            return record_correction(self._db, self._clock.now(), actor, seq, reason, changes)
