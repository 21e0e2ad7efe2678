"""Appends hash-chained audit entries in the caller's transaction, and reads them back (R10)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Result, Row, func, insert, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, AuditHead

GENESIS = "0" * 64
# An erasure of one child's data (R12) is an entry of its own; its payload maps each entry it
# redacted (seq as text) to the digest of that entry's new content.
ERASURE_ACTION = "privacy.erase"
ERASED_KEY = "redacted_entries"
# A redacted payload says so, and names its erasure entry.
REDACTED_KEY = "redacted"
ERASURE_SEQ_KEY = "erasure_seq"
# PostgreSQL: every append notifies this channel (payload: the new seq), so other stations'
# db.changes watchers wake at the commit instead of at their next poll.
CHANGES_CHANNEL = "afterschool_changes"
# One encoder for every hash: json.dumps would build a new one per call, a third of the cost
# of verifying a long chain. Same settings, so the same bytes as before.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class ChainHead(NamedTuple):
    """The tip the appends have recorded: the last sequence number and its hash."""

    seq: int
    hash: str


def content_digest(entity_id: str, payload: str) -> str:
    """SHA-256 of the part of an entry an erasure may replace: its record id and payload text.

    The id's length comes first, so no two (id, payload) pairs give the same text; the payload
    is not escaped again, which keeps a 100,000-entry check as fast as hashing the text itself.
    """
    return hashlib.sha256(f"{len(entity_id)}:{entity_id}{payload}".encode()).hexdigest()


def chain_hash(
    prev_hash: str,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    digest: str,
) -> str:
    """SHA-256 over the previous hash, every field and the content digest.

    The hash covers the payload through its digest, so an erasure can replace a payload that
    holds a child's personal data and keep the digest: the chain still verifies (R10, R12).
    """
    body = _ENCODE(
        [prev_hash, seq, at.isoformat(timespec="microseconds"), actor, action, entity, digest]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def entry_hash(
    prev_hash: str,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    payload: str,
) -> str:
    """The hash of an entry as appended, so any edit breaks the chain."""
    digest = content_digest(entity_id, payload)
    return chain_hash(prev_hash, seq, at, actor, action, entity, digest)


def row_hash(row: Any) -> str:
    """The hash an entry row (``CHAIN_COLUMNS``) should carry, redacted or not."""
    digest = row.redacted_digest
    if digest is None:
        digest = content_digest(row.entity_id, row.payload)
    return chain_hash(row.prev_hash, row.seq, row.at, row.actor, row.action, row.entity, digest)


def payload_text(payload: dict[str, Any] | None) -> str:
    """The stored (and hashed) form of a payload: sorted JSON, dates as ISO text."""
    return json.dumps(payload or {}, ensure_ascii=False, sort_keys=True, default=str)


def _locked_head(session: Session) -> AuditHead:
    # Locking the head row serialises appends across stations on PostgreSQL; on SQLite the
    # write transaction (BEGIN IMMEDIATE) already holds the database lock. populate_existing:
    # a head loaded earlier in this session without the lock must not supply a stale tip.
    return session.execute(
        select(AuditHead)
        .where(AuditHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def append(
    session: Session,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int = "",
    payload: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; must run inside the write transaction of the change it records."""
    head = _locked_head(session)
    text = payload_text(payload)
    at = at.replace(tzinfo=None)
    seq = head.seq + 1
    digest = entry_hash(head.hash, seq, at, actor, action, entity, str(entity_id), text)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        payload=text,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(entry)
    head.seq = seq
    head.hash = digest
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Queued with the transaction: sent on commit, dropped on rollback.
        session.execute(select(func.pg_notify(CHANGES_CHANNEL, str(seq))))
    return entry


class AuditRecord(NamedTuple):
    """One entry to append with ``append_many``: ``append``'s arguments after the session."""

    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str | int = ""
    payload: dict[str, Any] | None = None


def append_many(session: Session, entries: Sequence[AuditRecord]) -> None:
    """Append the entries in the given order, in one insert: the chain ``append`` would build.

    For thousands of entries at once (the demo's history), where appending one by one would
    cost seconds; same lock, same hashes, one notification.
    """
    if not entries:
        return
    head = _locked_head(session)
    seq, prev = head.seq, head.hash
    rows = []
    for e in entries:
        seq += 1
        ref, text, at = str(e.entity_id), payload_text(e.payload), e.at.replace(tzinfo=None)
        digest = entry_hash(prev, seq, at, e.actor, e.action, e.entity, ref, text)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": ref,
                "payload": text,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    session.connection().execute(insert(AuditEntry), rows)
    head.seq, head.hash = seq, prev
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_notify(CHANGES_CHANNEL, str(seq))))


# --- erasure (R12): personal data taken out of entries, the chain still verifiable ---


def next_seq(session: Session) -> int:
    """Lock the chain's head: the seq the next append in this transaction will get."""
    return _locked_head(session).seq + 1


def redact(entry: AuditEntry, entity_id: str, payload: dict[str, Any], erasure_seq: int) -> str:
    """Replace an entry's record id and payload for the erasure entry ``erasure_seq``.

    The digest of what was appended is kept (``redacted_digest``), so the entry's hash still
    verifies; the new payload says it was redacted and by which erasure. Returns the digest of
    the new content, which the erasure entry must record (``ERASED_KEY``).
    """
    if entry.action == ERASURE_ACTION:
        raise ValueError("an erasure entry is the record of redactions: never redacted")
    if entry.redacted_digest is None:
        entry.redacted_digest = content_digest(entry.entity_id, entry.payload)
    entry.entity_id = entity_id
    entry.payload = payload_text({**payload, REDACTED_KEY: True, ERASURE_SEQ_KEY: erasure_seq})
    return content_digest(entry.entity_id, entry.payload)


def _json_object(payload: str) -> dict[str, Any]:
    try:
        data = json.loads(payload)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class RedactionLedger:
    """Follows the chain to check each redacted entry against the erasure that redacted it.

    A redacted entry's hash covers the digest of what was appended; the erasure entry, appended
    later, records the digest of what the entry holds since. So neither can be changed unseen,
    and no entry can be passed off as redacted without an erasure entry that names it.
    """

    def __init__(self) -> None:
        self.redacted = 0
        self._pending: dict[int, tuple[int, str]] = {}  # seq -> (its erasure's seq, digest)

    def see(
        self, seq: int, action: str, entity_id: str, payload: str, redacted_digest: str | None
    ) -> list[int]:
        """Take the next entry in chain order; returns the seqs this entry shows are wrong."""
        bad: list[int] = []
        if redacted_digest is not None:
            self.redacted += 1
            erasure = _json_object(payload).get(ERASURE_SEQ_KEY)
            if type(erasure) is not int or erasure <= seq:
                bad.append(seq)
            else:
                self._pending[seq] = (erasure, content_digest(entity_id, payload))
        if action == ERASURE_ACTION:
            bad.extend(self._close(seq, payload))
        return bad

    def finish(self) -> list[int]:
        """Redacted entries whose erasure entry never came."""
        return sorted(self._pending)

    def _close(self, seq: int, payload: str) -> list[int]:
        listed = _json_object(payload).get(ERASED_KEY)
        bad: list[int] = []
        for key, digest in (listed if isinstance(listed, dict) else {}).items():
            ref = int(key) if str(key).isdigit() else -1
            claim = self._pending.get(ref)
            if claim is not None and claim[0] > seq:
                continue  # redacted again by a later erasure, which checks it
            if claim != (seq, digest):
                bad.append(ref)
            self._pending.pop(ref, None)
        for ref, (erasure, _digest) in list(self._pending.items()):
            if erasure == seq:  # claims this erasure, which does not name it
                bad.append(ref)
                del self._pending[ref]
        return bad


# --- reading: query functions for core; they take the session and never commit ---

CHAIN_COLUMNS = (
    AuditEntry.id,
    AuditEntry.seq,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.payload,
    AuditEntry.prev_hash,
    AuditEntry.hash,
    AuditEntry.redacted_digest,
)


def chain_head(session: Session) -> ChainHead:
    """The recorded tip (seq 0 and the genesis hash before the first append)."""
    row = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    return ChainHead(row.seq, row.hash)


def chain_rows(session: Session, batch: int = 10_000) -> Result[Any]:
    """Every entry as a plain row in chain order, fetched in batches.

    A server-side cursor on PostgreSQL, so a long chain never sits in memory whole; close the
    result when stopping early.
    """
    # id breaks ties only if someone dropped the unique constraint on seq to add duplicates.
    stmt = select(*CHAIN_COLUMNS).order_by(AuditEntry.seq, AuditEntry.id)
    # Through the session's connection: plain Core rows, without the ORM's per-row work.
    return session.connection().execute(stmt.execution_options(yield_per=batch))


def rows_where_seq(session: Session, seqs: Sequence[int]) -> list[Row[Any]]:
    """The entries with these sequence numbers, in chain order."""
    stmt = select(*CHAIN_COLUMNS).where(AuditEntry.seq.in_(list(seqs))).order_by(AuditEntry.seq)
    return list(session.execute(stmt))


def seqs_with_hash(session: Session, digest: str) -> list[int]:
    """Sequence numbers of the entries whose own hash is ``digest``."""
    return list(session.scalars(select(AuditEntry.seq).where(AuditEntry.hash == digest)))


def seqs_with_prev_hash(session: Session, digest: str) -> list[int]:
    """Sequence numbers of the entries that name ``digest`` as their predecessor's hash."""
    return list(session.scalars(select(AuditEntry.seq).where(AuditEntry.prev_hash == digest)))


def entries_for(session: Session, entity: str, entity_id: str | int) -> list[AuditEntry]:
    """Every entry about one record, oldest first."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.seq)
    )
    return list(session.scalars(stmt))


def entry_by_seq(session: Session, seq: int) -> AuditEntry | None:
    """The entry with this sequence number, if any."""
    return session.scalar(select(AuditEntry).where(AuditEntry.seq == seq))


def latest_entries(session: Session, limit: int) -> list[AuditEntry]:
    """The last ``limit`` entries, oldest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    return list(reversed(session.scalars(stmt).all()))


def entry_count(session: Session) -> int:
    """How many entries the table holds."""
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
