"""gate station: undo, snapshots, handheld and override methods

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OLD_METHODS = "method IN ('card', 'identity_check', 'self', 'institution', 'custody')"
NEW_METHODS = (
    "method IN ('card', 'handheld', 'identity_check', 'override', 'self', "
    "'institution', 'custody')"
)


def upgrade() -> None:
    op.create_table('handoff_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('station', sa.String(length=40), nullable=False),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_snapshot'))
    )
    with op.batch_alter_table('handoff_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_snapshot_taken_at'), ['taken_at'], unique=False)

    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('snapshot_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('replaced_status', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('undone_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('undone_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('undo_reason', sa.String(length=200), nullable=False, server_default=''))
        batch_op.drop_constraint(batch_op.f('uq_handoff_student_id_on_date'), type_='unique')
        batch_op.create_index(batch_op.f('ix_handoff_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('uq_handoff_standing', ['student_id', 'on_date'], unique=True, sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.create_foreign_key(batch_op.f('fk_handoff_snapshot_id_handoff_snapshot'), 'handoff_snapshot', ['snapshot_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_handoff_undone_by_staff'), 'staff', ['undone_by'], ['id'])
        batch_op.drop_constraint(batch_op.f('ck_handoff_method'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_handoff_method'), NEW_METHODS)



def downgrade() -> None:
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_handoff_undone_by_staff'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_handoff_snapshot_id_handoff_snapshot'), type_='foreignkey')
        batch_op.drop_index('uq_handoff_standing', sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_handoff_batch_id'))
        batch_op.create_unique_constraint(batch_op.f('uq_handoff_student_id_on_date'), ['student_id', 'on_date'])
        batch_op.drop_column('undo_reason')
        batch_op.drop_column('undone_by')
        batch_op.drop_column('undone_at')
        batch_op.drop_column('replaced_status')
        batch_op.drop_column('snapshot_id')
        batch_op.drop_column('batch_id')
        batch_op.drop_constraint(batch_op.f('ck_handoff_method'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_handoff_method'), OLD_METHODS)

    with op.batch_alter_table('handoff_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_snapshot_taken_at'))

    op.drop_table('handoff_snapshot')
