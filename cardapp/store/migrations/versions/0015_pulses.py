"""Pulses: anonymous questionnaires between workshops, their single-use codes' hashes and their tallies.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pulses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('questions', sa.Text(), nullable=False),
    sa.Column('min_answers', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('baseline_workshop_id', sa.Integer(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('codes_issued', sa.Integer(), nullable=False),
    sa.Column('answered_before', sa.Integer(), nullable=False),
    sa.Column('answered_day', sa.Date(), nullable=True),
    sa.Column('answered_on_day', sa.Integer(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=True),
    sa.Column('withheld', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['baseline_workshop_id'], ['workshops.id'], name=op.f('fk_pulses_baseline_workshop_id_workshops'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['programme_measures.id'], name=op.f('fk_pulses_measure_id_programme_measures'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_pulses_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulses'))
    )
    with op.batch_alter_table('pulses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pulses_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('pulse_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('pulse_id', sa.Integer(), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['pulse_id'], ['pulses.id'], name=op.f('fk_pulse_codes_pulse_id_pulses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code_hash', name=op.f('pk_pulse_codes')),
    # Without a rowid, SQLite keeps the rows in the order of their hashes, not in the order the codes
    # were printed: a used flag in row 7 must not say "the seventh code on the sheet".
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('pulse_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pulse_codes_pulse_id'), ['pulse_id'], unique=False)

    op.create_table('pulse_tallies',
    sa.Column('pulse_id', sa.Integer(), nullable=False),
    sa.Column('card', sa.String(length=64), nullable=False),
    sa.Column('choice', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pulse_id'], ['pulses.id'], name=op.f('fk_pulse_tallies_pulse_id_pulses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pulse_id', 'card', 'choice', name=op.f('pk_pulse_tallies'))
    )


def downgrade() -> None:
    op.drop_table('pulse_tallies')
    with op.batch_alter_table('pulse_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pulse_codes_pulse_id'))
    op.drop_table('pulse_codes')
    with op.batch_alter_table('pulses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pulses_organisation_id'))
    op.drop_table('pulses')
