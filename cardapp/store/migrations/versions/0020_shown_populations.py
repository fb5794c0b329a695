"""The populations a group was shown of each card, kept when the workshop or pulse that showed them is
deleted, so the differencing rule still weighs them (`store/shown_populations.py`); and how many sealed
pulse answers no key opened (deleted uncounted).

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shown_populations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('group_label', sa.String(length=60), nullable=True),
    sa.Column('card', sa.String(length=64), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_shown_populations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shown_populations')),
    )
    with op.batch_alter_table('shown_populations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shown_populations_organisation_id'), ['organisation_id'], unique=False)
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unopened", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("pulses", schema=None) as batch_op:
        batch_op.drop_column("unopened")
    with op.batch_alter_table('shown_populations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shown_populations_organisation_id'))
    op.drop_table('shown_populations')
