"""staff sign-in, attendance, clubs, duty

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('club',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('room', sa.String(length=40), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('period IN (1, 2)', name=op.f('ck_club_period')),
    sa.CheckConstraint('weekday BETWEEN 1 AND 5', name=op.f('ck_club_weekday')),
    sa.ForeignKeyConstraint(['teacher_id'], ['staff.id'], name=op.f('fk_club_teacher_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_club'))
    )
    op.create_table('attendance_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('club_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('marked_by', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('present', 'late', 'sick', 'personal', 'absent', 'left_early')", name=op.f('ck_attendance_mark_status')),
    sa.CheckConstraint('period IN (1, 2)', name=op.f('ck_attendance_mark_period')),
    sa.ForeignKeyConstraint(['club_id'], ['club.id'], name=op.f('fk_attendance_mark_club_id_club')),
    sa.ForeignKeyConstraint(['marked_by'], ['staff.id'], name=op.f('fk_attendance_mark_marked_by_staff')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_attendance_mark_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_mark')),
    sa.UniqueConstraint('student_id', 'on_date', 'period', name=op.f('uq_attendance_mark_student_id_on_date_period'))
    )
    with op.batch_alter_table('attendance_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_mark_on_date'), ['on_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_mark_student_id'), ['student_id'], unique=False)

    op.create_table('club_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('club_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['club_id'], ['club.id'], name=op.f('fk_club_member_club_id_club'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_club_member_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_club_member')),
    sa.UniqueConstraint('club_id', 'student_id', name=op.f('uq_club_member_club_id_student_id'))
    )
    with op.batch_alter_table('club_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_club_member_student_id'), ['student_id'], unique=False)

    op.create_table('duty_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('group_kind', sa.String(length=8), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('club_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.CheckConstraint("(group_kind = 'class' AND class_id IS NOT NULL AND club_id IS NULL) OR (group_kind = 'club' AND club_id IS NOT NULL AND class_id IS NULL) OR (group_kind = 'gate' AND class_id IS NULL AND club_id IS NULL)", name=op.f('ck_duty_assignment_group_ref')),
    sa.CheckConstraint("group_kind IN ('class', 'club', 'gate')", name=op.f('ck_duty_assignment_group_kind')),
    sa.CheckConstraint('(weekday IS NULL) <> (on_date IS NULL)', name=op.f('ck_duty_assignment_when')),
    sa.CheckConstraint('period IN (1, 2)', name=op.f('ck_duty_assignment_period')),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], name=op.f('fk_duty_assignment_class_id_school_class')),
    sa.ForeignKeyConstraint(['club_id'], ['club.id'], name=op.f('fk_duty_assignment_club_id_club')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_assignment_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_assignment'))
    )
    with op.batch_alter_table('duty_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_assignment_staff_id'), ['staff_id'], unique=False)

    op.create_table('duty_checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('group_kind', sa.String(length=8), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('club_id', sa.Integer(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("group_kind IN ('class', 'club', 'gate')", name=op.f('ck_duty_checkin_group_kind')),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], name=op.f('fk_duty_checkin_class_id_school_class')),
    sa.ForeignKeyConstraint(['club_id'], ['club.id'], name=op.f('fk_duty_checkin_club_id_club')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_checkin_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_checkin')),
    sa.UniqueConstraint('staff_id', 'on_date', 'period', 'group_kind', 'class_id', 'club_id', name=op.f('uq_duty_checkin_staff_id_on_date_period_group_kind_class_id_club_id'))
    )
    with op.batch_alter_table('duty_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_checkin_on_date'), ['on_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_checkin_staff_id'), ['staff_id'], unique=False)

    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_leave_created_by_staff'), 'staff', ['created_by'], ['id'])

    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idle_lock_min', sa.Integer(), server_default='5', nullable=False))

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_hash', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('secret_hash')

    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_column('idle_lock_min')

    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_leave_created_by_staff'), type_='foreignkey')
        batch_op.drop_column('created_by')

    with op.batch_alter_table('duty_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_checkin_staff_id'))
        batch_op.drop_index(batch_op.f('ix_duty_checkin_on_date'))

    op.drop_table('duty_checkin')
    with op.batch_alter_table('duty_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_assignment_staff_id'))

    op.drop_table('duty_assignment')
    with op.batch_alter_table('club_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_club_member_student_id'))

    op.drop_table('club_member')
    with op.batch_alter_table('attendance_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_mark_student_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_mark_on_date'))

    op.drop_table('attendance_mark')
    op.drop_table('club')
