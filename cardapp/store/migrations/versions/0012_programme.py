"""The organisation's programme: measures, evidence, year plan, follow-up actions, guideline versions,
and the consent round's answers while it runs.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guideline_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('texts', sa.Text(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('adopted_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_guideline_versions_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guideline_versions')),
    sa.UniqueConstraint('organisation_id', 'number', name=op.f('uq_guideline_versions_organisation_id'))
    )
    with op.batch_alter_table('guideline_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guideline_versions_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('programme_measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('default_key', sa.String(length=32), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('responsible', sa.String(length=120), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_programme_measures_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_measures')),
    sa.UniqueConstraint('organisation_id', 'default_key', name=op.f('uq_programme_measures_organisation_id'))
    )
    with op.batch_alter_table('programme_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_measures_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('programmes',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('in_label_programme', sa.Boolean(), nullable=False),
    sa.Column('awarded_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_programmes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_programmes'))
    )
    op.create_table('measure_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('workshop_title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['programme_measures.id'], name=op.f('fk_measure_evidence_measure_id_programme_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_measure_evidence_workshop_id_workshops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_evidence')),
    sa.UniqueConstraint('measure_id', 'workshop_id', name=op.f('uq_measure_evidence_measure_id'))
    )
    with op.batch_alter_table('measure_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_evidence_measure_id'), ['measure_id'], unique=False)

    op.create_table('planned_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('group_name', sa.String(length=200), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['deck_id'], ['decks.id'], name=op.f('fk_planned_conversations_deck_id_decks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['programme_measures.id'], name=op.f('fk_planned_conversations_measure_id_programme_measures'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_planned_conversations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_planned_conversations_workshop_id_workshops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_conversations'))
    )
    with op.batch_alter_table('planned_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planned_conversations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('consent_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('guideline', sa.String(length=16), nullable=False),
    sa.Column('choice', sa.String(length=16), nullable=False),
    sa.Column('client_answer_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_consent_answers_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_consent_answers_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_answers')),
    sa.UniqueConstraint('item_id', 'participant_id', 'guideline', name=op.f('uq_consent_answers_item_id'))
    )
    with op.batch_alter_table('consent_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_answers_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_answers_participant_id'), ['participant_id'], unique=False)

    op.create_table('programme_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=True),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('workshop_title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('factor_name', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('responsible', sa.String(length=120), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_programme_actions_agreement_id_agreements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_programme_actions_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_programme_actions_workshop_id_workshops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_actions')),
    sa.UniqueConstraint('agreement_id', name=op.f('uq_programme_actions_agreement_id'))
    )
    with op.batch_alter_table('programme_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_actions_organisation_id'), ['organisation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('programme_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_actions_organisation_id'))

    op.drop_table('programme_actions')
    with op.batch_alter_table('consent_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_answers_participant_id'))
        batch_op.drop_index(batch_op.f('ix_consent_answers_item_id'))

    op.drop_table('consent_answers')
    with op.batch_alter_table('planned_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planned_conversations_organisation_id'))

    op.drop_table('planned_conversations')
    with op.batch_alter_table('measure_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_evidence_measure_id'))

    op.drop_table('measure_evidence')
    op.drop_table('programmes')
    with op.batch_alter_table('programme_measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_measures_organisation_id'))

    op.drop_table('programme_measures')
    with op.batch_alter_table('guideline_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guideline_versions_organisation_id'))

    op.drop_table('guideline_versions')
