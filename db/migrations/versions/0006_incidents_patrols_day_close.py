"""incidents patrols day close

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_log_issue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_log_issue')),
    sa.UniqueConstraint('on_date', 'version', name=op.f('uq_day_log_issue_on_date_version'))
    )
    with op.batch_alter_table('day_log_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_day_log_issue_on_date'), ['on_date'], unique=False)

    op.create_table('day_close',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by'], ['staff.id'], name=op.f('fk_day_close_closed_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_close')),
    sa.UniqueConstraint('on_date', name=op.f('uq_day_close_on_date'))
    )
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('happened_at', sa.DateTime(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('action_taken', sa.Text(), nullable=False),
    sa.Column('guardian_notified_at', sa.DateTime(), nullable=True),
    sa.Column('notified_by', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('injury', 'illness', 'conflict', 'other')", name=op.f('ck_incident_kind')),
    sa.ForeignKeyConstraint(['notified_by'], ['staff.id'], name=op.f('fk_incident_notified_by_staff')),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff.id'], name=op.f('fk_incident_recorded_by_staff')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_incident_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_on_date'), ['on_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_student_id'), ['student_id'], unique=False)

    op.create_table('patrol',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('inspector_id', sa.Integer(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('praise', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inspector_id'], ['staff.id'], name=op.f('fk_patrol_inspector_id_staff')),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff.id'], name=op.f('fk_patrol_recorded_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol'))
    )
    with op.batch_alter_table('patrol', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_on_date'), ['on_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('patrol', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_on_date'))

    op.drop_table('patrol')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_student_id'))
        batch_op.drop_index(batch_op.f('ix_incident_on_date'))

    op.drop_table('incident')
    op.drop_table('day_close')
    with op.batch_alter_table('day_log_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_day_log_issue_on_date'))

    op.drop_table('day_log_issue')
