"""audit content digest

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

Each audit entry's hash now covers the SHA-256 of its record id and payload instead of the text
itself, so that an erasure of a child's data (R12) can take personal data out of old entries and
the chain still verifies. Every hash and the head are recomputed under the new formula, but only
after the whole chain was checked under the old one: an upgrade must never launder tampering.
The two formulas are written out here, frozen, rather than imported from db.audit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

GENESIS = '0' * 64
BATCH = 5000
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(',', ':')).encode

entries = sa.table(
    'audit_entry',
    sa.column('id', sa.Integer),
    sa.column('seq', sa.Integer),
    sa.column('at', sa.DateTime),
    sa.column('actor', sa.String),
    sa.column('action', sa.String),
    sa.column('entity', sa.String),
    sa.column('entity_id', sa.String),
    sa.column('payload', sa.Text),
    sa.column('prev_hash', sa.String),
    sa.column('hash', sa.String),
)
head = sa.table(
    'audit_head',
    sa.column('id', sa.Integer),
    sa.column('seq', sa.Integer),
    sa.column('hash', sa.String),
)

Formula = Callable[[str, Any], str]


class AuditChainBrokenError(RuntimeError):
    """The chain does not verify as it stands: re-hashing it would hide what was done."""


def _sha(value: list[Any]) -> str:
    return hashlib.sha256(_ENCODE(value).encode('utf-8')).hexdigest()


def _text_hash(prev: str, r: Any) -> str:
    """Revisions 0001-0006: the payload text itself is hashed."""
    at = r.at.isoformat(timespec='microseconds')
    return _sha([prev, r.seq, at, r.actor, r.action, r.entity, r.entity_id, r.payload])


def _digest_hash(prev: str, r: Any) -> str:
    """From 0007: the digest of record id and payload is hashed (see db.audit.chain_hash)."""
    at = r.at.isoformat(timespec='microseconds')
    content = f'{len(r.entity_id)}:{r.entity_id}{r.payload}'
    digest = hashlib.sha256(content.encode('utf-8')).hexdigest()
    return _sha([prev, r.seq, at, r.actor, r.action, r.entity, digest])


def _rows(conn: sa.Connection) -> Iterator[Any]:
    """Every entry in chain order, a batch at a time (keyset on seq, which is unique)."""
    last = None
    while True:
        stmt = sa.select(entries).order_by(entries.c.seq, entries.c.id).limit(BATCH)
        if last is not None:
            stmt = stmt.where(entries.c.seq > last)
        batch = conn.execute(stmt).all()
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def _verify(conn: sa.Connection, formula: Formula, when: str) -> None:
    """Raise AuditChainBrokenError unless the chain verifies under ``formula``, head included."""
    tip = conn.execute(sa.select(head.c.seq, head.c.hash).where(head.c.id == 1)).first()
    prev, expect, prev_id = GENESIS, 1, None
    for r in _rows(conn):
        problem = ''
        if r.seq != expect:
            problem = 'entries deleted, inserted or reordered'
        elif r.prev_hash != prev or (prev_id is not None and r.id <= prev_id):
            problem = 'entries reordered or replaced'
        elif formula(prev, r) != r.hash:
            problem = 'hash mismatch (entry edited)'
        if problem:
            raise AuditChainBrokenError(
                f'audit chain broken at entry {r.seq} ({r.at:%Y-%m-%d %H:%M:%S}): {problem}; '
                f'{when} refused, the database is unchanged'
            )
        prev, expect, prev_id = r.hash, expect + 1, r.id
    if tip is None or (tip.seq, tip.hash) != (expect - 1, prev):
        raise AuditChainBrokenError(
            f'audit chain broken at entry {expect - 1}: chain tip does not match the last entry; '
            f'{when} refused, the database is unchanged'
        )


def _rehash(conn: sa.Connection, formula: Formula) -> None:
    """Recompute every entry's links and hash and the head's hash under ``formula``."""
    prev = GENESIS
    update = (
        sa.update(entries)
        .where(entries.c.id == sa.bindparam('row_id'))
        .values(prev_hash=sa.bindparam('new_prev'), hash=sa.bindparam('new_hash'))
    )
    pending: list[dict[str, Any]] = []
    # _rows reads each batch whole before yielding it: no cursor is open during the updates.
    for r in _rows(conn):
        digest = formula(prev, r)
        pending.append({'row_id': r.id, 'new_prev': prev, 'new_hash': digest})
        prev = digest
        if len(pending) >= BATCH:
            conn.execute(update, pending)
            pending = []
    if pending:
        conn.execute(update, pending)
    conn.execute(sa.update(head).where(head.c.id == 1).values(hash=prev))


def upgrade() -> None:
    conn = op.get_bind()
    _verify(conn, _text_hash, 'upgrade to 0007')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted_digest', sa.String(length=64), nullable=True))
    _rehash(conn, _digest_hash)


def downgrade() -> None:
    conn = op.get_bind()
    redacted = sa.table('audit_entry', sa.column('redacted_digest', sa.String))
    count = conn.execute(
        sa.select(sa.func.count()).select_from(redacted).where(
            redacted.c.redacted_digest.is_not(None)
        )
    ).scalar_one()
    if count:
        # The old formula needs the original text, which an erasure removed for good.
        raise AuditChainBrokenError(
            f'{count} audit entries were redacted by an erasure: downgrade from 0007 refused'
        )
    _verify(conn, _digest_hash, 'downgrade from 0007')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('redacted_digest')
    _rehash(conn, _text_hash)
