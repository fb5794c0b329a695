"""Groups of workshops and pulses (the differencing ledger holds across one group), and pulse answers
kept sealed until they are released into the counters.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_label", sa.String(length=60), nullable=True))
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_label", sa.String(length=60), nullable=True))
    op.create_table('pulse_pending',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('pulse_id', sa.Integer(), nullable=False),
    sa.Column('sealed', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['pulse_id'], ['pulses.id'], name=op.f('fk_pulse_pending_pulse_id_pulses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_pending')),
    # Rows in the order of their random ids, never in the order the answers came.
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('pulse_pending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pulse_pending_pulse_id'), ['pulse_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pulse_pending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pulse_pending_pulse_id'))
    op.drop_table('pulse_pending')
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.drop_column("group_label")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("group_label")
