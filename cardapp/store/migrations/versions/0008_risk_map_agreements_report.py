"""Risk mapping answers, agreements, participant counts, revealed rounds and report retention.

Revision ID: 0008
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('factor', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_agreements_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreements_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('risk_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('factor', sa.String(length=64), nullable=False),
    sa.Column('choice', sa.String(length=16), nullable=False),
    sa.Column('client_answer_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_risk_answers_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_risk_answers_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_answers')),
    sa.UniqueConstraint('item_id', 'participant_id', 'factor', name=op.f('uq_risk_answers_item_id'))
    )
    with op.batch_alter_table('risk_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_answers_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_answers_participant_id'), ['participant_id'], unique=False)

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), server_default='365', nullable=False))

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participant_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('deck_title', sa.String(length=200), nullable=True))

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revealed_rounds', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('revealed_rounds')

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('deck_title')
        batch_op.drop_column('participant_count')

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('retention_days')

    with op.batch_alter_table('risk_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_answers_participant_id'))
        batch_op.drop_index(batch_op.f('ix_risk_answers_item_id'))

    op.drop_table('risk_answers')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreements_workshop_id'))

    op.drop_table('agreements')
