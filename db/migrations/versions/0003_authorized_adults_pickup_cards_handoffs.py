"""authorized adults, pickup cards, handoffs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('institution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution')),
    sa.UniqueConstraint('name', name=op.f('uq_institution_name'))
    )
    op.create_table('photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_kind', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("owner_kind IN ('student', 'guardian', 'proxy', 'institution_staff', 'restriction')", name=op.f('ck_photo_owner_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo')),
    sa.UniqueConstraint('owner_kind', 'owner_id', name=op.f('uq_photo_owner_kind_owner_id'))
    )
    op.create_table('institution_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_institution_staff_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution_staff'))
    )
    with op.batch_alter_table('institution_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institution_staff_institution_id'), ['institution_id'], unique=False)

    op.create_table('institution_student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_institution_student_institution_id_institution')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_institution_student_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution_student')),
    sa.UniqueConstraint('institution_id', 'student_id', name=op.f('uq_institution_student_institution_id_student_id'))
    )
    with op.batch_alter_table('institution_student', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institution_student_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_institution_student_student_id'), ['student_id'], unique=False)

    op.create_table('proxy_authorization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('phoned_in_by', sa.String(length=50), nullable=False),
    sa.Column('written_note', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('valid_from <= valid_to', name=op.f('ck_proxy_authorization_range')),
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_proxy_authorization_created_by_staff')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_proxy_authorization_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proxy_authorization'))
    )
    with op.batch_alter_table('proxy_authorization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proxy_authorization_student_id'), ['student_id'], unique=False)

    op.create_table('restriction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('court_order', sa.Boolean(), nullable=False),
    sa.Column('court_order_date', sa.Date(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_restriction_created_by_staff')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_restriction_student_id_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restriction'))
    )
    with op.batch_alter_table('restriction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restriction_student_id'), ['student_id'], unique=False)

    op.create_table('pickup_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_no', sa.String(length=16), nullable=False),
    sa.Column('holder_kind', sa.String(length=20), nullable=False),
    sa.Column('guardian_id', sa.Integer(), nullable=True),
    sa.Column('institution_staff_id', sa.Integer(), nullable=True),
    sa.Column('proxy_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=200), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("(holder_kind = 'guardian' AND guardian_id IS NOT NULL) OR (holder_kind = 'institution_staff' AND institution_staff_id IS NOT NULL) OR (holder_kind = 'proxy' AND proxy_id IS NOT NULL)", name=op.f('ck_pickup_card_holder')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_pickup_card_version')),
    sa.ForeignKeyConstraint(['guardian_id'], ['guardian.id'], name=op.f('fk_pickup_card_guardian_id_guardian')),
    sa.ForeignKeyConstraint(['institution_staff_id'], ['institution_staff.id'], name=op.f('fk_pickup_card_institution_staff_id_institution_staff')),
    sa.ForeignKeyConstraint(['issued_by'], ['staff.id'], name=op.f('fk_pickup_card_issued_by_staff')),
    sa.ForeignKeyConstraint(['proxy_id'], ['proxy_authorization.id'], name=op.f('fk_pickup_card_proxy_id_proxy_authorization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pickup_card')),
    sa.UniqueConstraint('card_no', name=op.f('uq_pickup_card_card_no'))
    )
    with op.batch_alter_table('pickup_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pickup_card_guardian_id'), ['guardian_id'], unique=False)

    op.create_table('handoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('released_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('card_version', sa.Integer(), nullable=True),
    sa.Column('receiver_name', sa.String(length=50), nullable=False),
    sa.Column('receiver_relation', sa.String(length=20), nullable=False),
    sa.Column('guardian_id', sa.Integer(), nullable=True),
    sa.Column('proxy_id', sa.Integer(), nullable=True),
    sa.Column('institution_staff_id', sa.Integer(), nullable=True),
    sa.Column('station', sa.String(length=40), nullable=False),
    sa.Column('verified_by', sa.Integer(), nullable=True),
    sa.Column('early', sa.Boolean(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint("method IN ('card', 'identity_check', 'self', 'institution', 'custody')", name=op.f('ck_handoff_method')),
    sa.ForeignKeyConstraint(['card_id'], ['pickup_card.id'], name=op.f('fk_handoff_card_id_pickup_card')),
    sa.ForeignKeyConstraint(['guardian_id'], ['guardian.id'], name=op.f('fk_handoff_guardian_id_guardian')),
    sa.ForeignKeyConstraint(['institution_staff_id'], ['institution_staff.id'], name=op.f('fk_handoff_institution_staff_id_institution_staff')),
    sa.ForeignKeyConstraint(['proxy_id'], ['proxy_authorization.id'], name=op.f('fk_handoff_proxy_id_proxy_authorization')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_handoff_student_id_student')),
    sa.ForeignKeyConstraint(['verified_by'], ['staff.id'], name=op.f('fk_handoff_verified_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff')),
    sa.UniqueConstraint('student_id', 'on_date', name=op.f('uq_handoff_student_id_on_date'))
    )
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_on_date'), ['on_date'], unique=False)

    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_key_fingerprint', sa.String(length=64), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_column('card_key_fingerprint')

    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_on_date'))

    op.drop_table('handoff')
    with op.batch_alter_table('pickup_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pickup_card_guardian_id'))

    op.drop_table('pickup_card')
    with op.batch_alter_table('restriction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restriction_student_id'))

    op.drop_table('restriction')
    with op.batch_alter_table('proxy_authorization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proxy_authorization_student_id'))

    op.drop_table('proxy_authorization')
    with op.batch_alter_table('institution_student', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institution_student_student_id'))
        batch_op.drop_index(batch_op.f('ix_institution_student_institution_id'))

    op.drop_table('institution_student')
    with op.batch_alter_table('institution_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institution_staff_institution_id'))

    op.drop_table('institution_staff')
    op.drop_table('photo')
    op.drop_table('institution')
