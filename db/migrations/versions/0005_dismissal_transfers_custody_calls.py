"""dismissal board: group transfers, custody, calls, self-release policy

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('custody_transfer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('station', sa.String(length=40), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff.id'], name=op.f('fk_custody_transfer_recorded_by_staff')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_custody_transfer_student_id_student')),
    sa.ForeignKeyConstraint(['teacher_id'], ['staff.id'], name=op.f('fk_custody_transfer_teacher_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_transfer'))
    )
    with op.batch_alter_table('custody_transfer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_transfer_on_date'), ['on_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_custody_transfer_student_id'), ['student_id'], unique=False)

    op.create_table('guardian_call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('guardian_id', sa.Integer(), nullable=True),
    sa.Column('callee', sa.String(length=50), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('station', sa.String(length=40), nullable=False),
    sa.CheckConstraint("result IN ('no_answer', 'on_the_way', 'other_arrangement', 'notified')", name=op.f('ck_guardian_call_result')),
    sa.ForeignKeyConstraint(['guardian_id'], ['guardian.id'], name=op.f('fk_guardian_call_guardian_id_guardian')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_guardian_call_staff_id_staff')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_guardian_call_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardian_call'))
    )
    with op.batch_alter_table('guardian_call', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guardian_call_on_date'), ['on_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_guardian_call_student_id'), ['student_id'], unique=False)

    op.create_table('group_transfer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('group_kind', sa.String(length=8), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('club_id', sa.Integer(), nullable=True),
    sa.Column('from_staff_id', sa.Integer(), nullable=False),
    sa.Column('to_staff_id', sa.Integer(), nullable=False),
    sa.Column('head_count', sa.Integer(), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('station', sa.String(length=40), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint("group_kind IN ('class', 'club')", name=op.f('ck_group_transfer_group_kind')),
    sa.CheckConstraint('head_count >= 0', name=op.f('ck_group_transfer_head_count')),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], name=op.f('fk_group_transfer_class_id_school_class')),
    sa.ForeignKeyConstraint(['club_id'], ['club.id'], name=op.f('fk_group_transfer_club_id_club')),
    sa.ForeignKeyConstraint(['from_staff_id'], ['staff.id'], name=op.f('fk_group_transfer_from_staff_id_staff')),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff.id'], name=op.f('fk_group_transfer_recorded_by_staff')),
    sa.ForeignKeyConstraint(['to_staff_id'], ['staff.id'], name=op.f('fk_group_transfer_to_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_transfer'))
    )
    with op.batch_alter_table('group_transfer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_transfer_on_date'), ['on_date'], unique=False)

    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('self_release_consent_on', sa.Date(), nullable=True))

    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.add_column(sa.Column('self_release_grades', sa.Integer(), server_default='120', nullable=False))
        batch_op.add_column(sa.Column('escalate_call_min', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('escalate_custody_min', sa.Integer(), server_default='15', nullable=False))
        batch_op.add_column(sa.Column('escalate_officer_min', sa.Integer(), server_default='30', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_column('escalate_officer_min')
        batch_op.drop_column('escalate_custody_min')
        batch_op.drop_column('escalate_call_min')
        batch_op.drop_column('self_release_grades')

    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_column('self_release_consent_on')

    with op.batch_alter_table('group_transfer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_transfer_on_date'))

    op.drop_table('group_transfer')
    with op.batch_alter_table('guardian_call', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guardian_call_student_id'))
        batch_op.drop_index(batch_op.f('ix_guardian_call_on_date'))

    op.drop_table('guardian_call')
    with op.batch_alter_table('custody_transfer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_transfer_student_id'))
        batch_op.drop_index(batch_op.f('ix_custody_transfer_on_date'))

    op.drop_table('custody_transfer')
