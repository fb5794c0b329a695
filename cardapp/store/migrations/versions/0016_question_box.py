"""The question box: questions sent from phones and their upvotes, keyed by random ids, with no time.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('questions',
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('released', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('shown_batch', sa.Integer(), nullable=True),
    sa.Column('shown_votes', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_questions_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_questions_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('public_id', name=op.f('pk_questions')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('question_votes',
    sa.Column('question_id', sa.String(length=16), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_question_votes_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.public_id'], name=op.f('fk_question_votes_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'participant_id', name=op.f('pk_question_votes')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('question_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_votes_participant_id'), ['participant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('question_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_votes_participant_id'))

    op.drop_table('question_votes')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_questions_participant_id'))

    op.drop_table('questions')
