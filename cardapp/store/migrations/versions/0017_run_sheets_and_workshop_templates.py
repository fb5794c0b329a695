"""Run-sheets (the facilitator's clock, timer and scripts; planned and spent minutes per item) and
organisations' workshop templates.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('run_sheets',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('opening_script', sa.Text(), nullable=True),
    sa.Column('closing_script', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('current_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('current_item_id', sa.Integer(), nullable=True),
    sa.Column('timer_length', sa.Integer(), nullable=False),
    sa.Column('timer_left', sa.Integer(), nullable=False),
    sa.Column('timer_running_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timer_on_projector', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_run_sheets_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', name=op.f('pk_run_sheets'))
    )
    op.create_table('run_sheet_items',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('planned_minutes', sa.Integer(), nullable=True),
    sa.Column('spent_minutes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_run_sheet_items_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_run_sheet_items'))
    )
    op.create_table('workshop_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('updated_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_workshop_templates_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_templates'))
    )
    with op.batch_alter_table('workshop_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_templates_organisation_id'), ['organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workshop_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_templates_organisation_id'))
    op.drop_table('workshop_templates')
    op.drop_table('run_sheet_items')
    op.drop_table('run_sheets')
