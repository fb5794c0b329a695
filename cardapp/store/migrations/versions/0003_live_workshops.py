"""Live workshops: agenda copies, anonymous participants, answers, reflections, pause signals.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("workshops",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=False),
    sa.Column("created_by_id", sa.Integer(), nullable=True),
    sa.Column("deck_id", sa.Integer(), nullable=True),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("projector_language", sa.String(length=8), nullable=False),
    sa.Column("languages", sa.String(length=100), nullable=False),
    sa.Column("room_code", sa.String(length=8), nullable=True),
    sa.Column("projector_secret", sa.String(length=64), nullable=False),
    sa.Column("status", sa.String(length=8), nullable=False),
    sa.Column("current_position", sa.Integer(), nullable=True),
    sa.Column("phase", sa.String(length=16), nullable=False),
    sa.Column("min_answers", sa.Integer(), nullable=False),
    sa.Column("help_text", sa.Text(), nullable=True),
    sa.Column("created_on", sa.Date(), nullable=False),
    sa.Column("ended_on", sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_workshops_created_by_id_users"), ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["deck_id"], ["decks.id"], name=op.f("fk_workshops_deck_id_decks"), ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_workshops_organisation_id_organisations"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
    sa.UniqueConstraint("room_code", name=op.f("uq_workshops_room_code"))
    )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshops_organisation_id"), ["organisation_id"], unique=False)

    op.create_table("agenda_items",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("workshop_id", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("card_id", sa.String(length=64), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("card", sa.Text(), nullable=False),
    sa.Column("status", sa.String(length=8), nullable=False),
    sa.Column("revealed", sa.Boolean(), nullable=False),
    sa.Column("reflections_open", sa.Boolean(), nullable=False),
    sa.Column("round", sa.Integer(), nullable=False),
    sa.Column("shuffle_seed", sa.Integer(), nullable=False),
    sa.Column("final_counts", sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], name=op.f("fk_agenda_items_workshop_id_workshops"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    sa.UniqueConstraint("workshop_id", "position", name=op.f("uq_agenda_items_workshop_id"))
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_workshop_id"), ["workshop_id"], unique=False)

    op.create_table("participants",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("workshop_id", sa.Integer(), nullable=False),
    sa.Column("token_sha256", sa.String(length=64), nullable=False),
    sa.Column("language", sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], name=op.f("fk_participants_workshop_id_workshops"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
    sa.UniqueConstraint("token_sha256", name=op.f("uq_participants_token_sha256"))
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participants_workshop_id"), ["workshop_id"], unique=False)

    op.create_table("pause_signals",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("workshop_id", sa.Integer(), nullable=False),
    sa.Column("minute", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], name=op.f("fk_pause_signals_workshop_id_workshops"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_pause_signals"))
    )
    with op.batch_alter_table("pause_signals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pause_signals_workshop_id"), ["workshop_id"], unique=False)

    op.create_table("answers",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("item_id", sa.Integer(), nullable=False),
    sa.Column("participant_id", sa.Integer(), nullable=False),
    sa.Column("round", sa.Integer(), nullable=False),
    sa.Column("choice", sa.String(length=16), nullable=False),
    sa.Column("client_answer_id", sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(["item_id"], ["agenda_items.id"], name=op.f("fk_answers_item_id_agenda_items"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=op.f("fk_answers_participant_id_participants"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
    sa.UniqueConstraint("item_id", "participant_id", "round", name=op.f("uq_answers_item_id"))
    )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answers_item_id"), ["item_id"], unique=False)

    op.create_table("reflections",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("item_id", sa.Integer(), nullable=False),
    sa.Column("participant_id", sa.Integer(), nullable=True),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("status", sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(["item_id"], ["agenda_items.id"], name=op.f("fk_reflections_item_id_agenda_items"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=op.f("fk_reflections_participant_id_participants"), ondelete="SET NULL"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
    sa.UniqueConstraint("item_id", "participant_id", name=op.f("uq_reflections_item_id"))
    )
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reflections_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reflections_participant_id"), ["participant_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflections_participant_id"))
        batch_op.drop_index(batch_op.f("ix_reflections_item_id"))

    op.drop_table("reflections")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answers_item_id"))

    op.drop_table("answers")
    with op.batch_alter_table("pause_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pause_signals_workshop_id"))

    op.drop_table("pause_signals")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_workshop_id"))

    op.drop_table("participants")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_workshop_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshops_organisation_id"))

    op.drop_table("workshops")
