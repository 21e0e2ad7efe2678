"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_entry_seq'))
    )
    audit_head = op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    # The chain's tip exists from the start, so the first appends of two stations cannot race.
    op.bulk_insert(audit_head, [{'id': 1, 'seq': 0, 'hash': '0' * 64}])
    op.create_table('grade_band',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('grade_from', sa.Integer(), nullable=False),
    sa.Column('grade_to', sa.Integer(), nullable=False),
    sa.CheckConstraint('grade_from BETWEEN 1 AND 6 AND grade_to BETWEEN grade_from AND 6', name=op.f('ck_grade_band_grades')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_band')),
    sa.UniqueConstraint('name', name=op.f('uq_grade_band_name'))
    )
    op.create_table('guardian',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardian'))
    )
    with op.batch_alter_table('guardian', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guardian_phone'), ['phone'], unique=False)

    op.create_table('school',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('unaccompanied_grace_min', sa.Integer(), nullable=False),
    sa.Column('snapshot_retention_days', sa.Integer(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school'))
    )
    op.create_table('school_class',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('class_no', sa.Integer(), nullable=False),
    sa.CheckConstraint('class_no >= 1', name=op.f('ck_school_class_class_no')),
    sa.CheckConstraint('grade BETWEEN 1 AND 6', name=op.f('ck_school_class_grade')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_class')),
    sa.UniqueConstraint('grade', 'class_no', name=op.f('uq_school_class_grade_class_no'))
    )
    op.create_table('season',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_season')),
    sa.UniqueConstraint('starts_on', name=op.f('uq_season_starts_on'))
    )
    op.create_table('date_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('band_id', sa.Integer(), nullable=True),
    sa.Column('dismissal_time', sa.Time(), nullable=True),
    sa.Column('follows_weekday', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint("kind <> 'dismissal' OR dismissal_time IS NOT NULL", name=op.f('ck_date_override_time_given')),
    sa.CheckConstraint("kind <> 'makeup' OR follows_weekday BETWEEN 1 AND 5", name=op.f('ck_date_override_follows')),
    sa.CheckConstraint("kind IN ('no_service', 'dismissal', 'makeup')", name=op.f('ck_date_override_kind')),
    sa.ForeignKeyConstraint(['band_id'], ['grade_band.id'], name=op.f('fk_date_override_band_id_grade_band')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_date_override'))
    )
    with op.batch_alter_table('date_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_date_override_on_date'), ['on_date'], unique=False)

    op.create_table('season_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('season_id', sa.Integer(), nullable=False),
    sa.Column('band_id', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('dismissal_time', sa.Time(), nullable=False),
    sa.CheckConstraint('start_time < end_time', name=op.f('ck_season_window_window_order')),
    sa.ForeignKeyConstraint(['band_id'], ['grade_band.id'], name=op.f('fk_season_window_band_id_grade_band')),
    sa.ForeignKeyConstraint(['season_id'], ['season.id'], name=op.f('fk_season_window_season_id_season'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_season_window')),
    sa.UniqueConstraint('season_id', 'band_id', name=op.f('uq_season_window_season_id_band_id'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_no', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("role IN ('class_teacher', 'duty_teacher', 'safety_officer')", name=op.f('ck_staff_role')),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], name=op.f('fk_staff_class_id_school_class')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('staff_no', name=op.f('uq_staff_staff_no'))
    )
    op.create_table('student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_no', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('gender', sa.String(length=2), nullable=True),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['school_class.id'], name=op.f('fk_student_class_id_school_class')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student')),
    sa.UniqueConstraint('student_no', name=op.f('uq_student_student_no'))
    )
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_class_id'), ['class_id'], unique=False)

    op.create_table('timetable_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('band_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('activity', sa.String(length=60), nullable=False),
    sa.CheckConstraint('period IN (1, 2)', name=op.f('ck_timetable_entry_period')),
    sa.CheckConstraint('weekday BETWEEN 1 AND 7', name=op.f('ck_timetable_entry_weekday')),
    sa.ForeignKeyConstraint(['band_id'], ['grade_band.id'], name=op.f('fk_timetable_entry_band_id_grade_band')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timetable_entry')),
    sa.UniqueConstraint('band_id', 'weekday', 'period', name=op.f('uq_timetable_entry_band_id_weekday_period'))
    )
    op.create_table('enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('weekday_mask', sa.Integer(), nullable=False),
    sa.Column('departure', sa.String(length=12), nullable=False),
    sa.CheckConstraint("departure IN ('guardian', 'self', 'institution')", name=op.f('ck_enrolment_departure')),
    sa.CheckConstraint("status IN ('none', 'applied', 'approved', 'signed')", name=op.f('ck_enrolment_status')),
    sa.CheckConstraint('weekday_mask BETWEEN 0 AND 254', name=op.f('ck_enrolment_weekday_mask')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_enrolment_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment')),
    sa.UniqueConstraint('student_id', name=op.f('uq_enrolment_student_id'))
    )
    op.create_table('leave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('reported_by', sa.String(length=50), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('sick', 'personal')", name=op.f('ck_leave_kind')),
    sa.CheckConstraint('start_date <= end_date', name=op.f('ck_leave_range')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_leave_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave'))
    )
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_student_id'), ['student_id'], unique=False)

    op.create_table('student_guardian',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('guardian_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['guardian_id'], ['guardian.id'], name=op.f('fk_student_guardian_guardian_id_guardian')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_student_guardian_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student_guardian')),
    sa.UniqueConstraint('student_id', 'guardian_id', name=op.f('uq_student_guardian_student_id_guardian_id'))
    )
    with op.batch_alter_table('student_guardian', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_guardian_guardian_id'), ['guardian_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('student_guardian', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_guardian_guardian_id'))

    op.drop_table('student_guardian')
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_student_id'))

    op.drop_table('leave')
    op.drop_table('enrolment')
    op.drop_table('timetable_entry')
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_class_id'))

    op.drop_table('student')
    op.drop_table('staff')
    op.drop_table('season_window')
    with op.batch_alter_table('date_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_date_override_on_date'))

    op.drop_table('date_override')
    op.drop_table('season')
    op.drop_table('school_class')
    op.drop_table('school')
    with op.batch_alter_table('guardian', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guardian_phone'))

    op.drop_table('guardian')
    op.drop_table('grade_band')
    op.drop_table('audit_head')
    op.drop_table('audit_entry')
