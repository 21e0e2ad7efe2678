"""Appends hash-chained audit entries in the caller's transaction (R10)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, AuditHead

GENESIS = "0" * 64


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
    """SHA-256 over the previous hash and every field, so any edit breaks the chain."""
    body = json.dumps(
        [
            prev_hash,
            seq,
            at.isoformat(timespec="microseconds"),
            actor,
            action,
            entity,
            entity_id,
            payload,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


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
    # Locking the head row serialises appends across stations on PostgreSQL; on SQLite the
    # write transaction (BEGIN IMMEDIATE) already holds the database lock.
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    text = json.dumps(payload or {}, ensure_ascii=False, sort_keys=True, default=str)
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
    return entry
