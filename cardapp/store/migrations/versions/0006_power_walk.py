"""The power walk: where each walk stands, and its per-person rows while it runs.

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("power_walks",
    sa.Column("item_id", sa.Integer(), nullable=False),
    sa.Column("step", sa.Integer(), nullable=False),
    sa.Column("status", sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(["item_id"], ["agenda_items.id"], name=op.f("fk_power_walks_item_id_agenda_items"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("item_id", name=op.f("pk_power_walks"))
    )
    op.create_table("power_answers",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("item_id", sa.Integer(), nullable=False),
    sa.Column("participant_id", sa.Integer(), nullable=False),
    sa.Column("statement", sa.Integer(), nullable=False),
    sa.Column("choice", sa.String(length=4), nullable=False),
    sa.ForeignKeyConstraint(["item_id"], ["agenda_items.id"], name=op.f("fk_power_answers_item_id_agenda_items"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=op.f("fk_power_answers_participant_id_participants"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_power_answers")),
    sa.UniqueConstraint("item_id", "participant_id", "statement", name=op.f("uq_power_answers_item_id"))
    )
    with op.batch_alter_table("power_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_power_answers_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_power_answers_participant_id"), ["participant_id"], unique=False)
    op.create_table("power_roles",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("item_id", sa.Integer(), nullable=False),
    sa.Column("participant_id", sa.Integer(), nullable=False),
    sa.Column("role_id", sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(["item_id"], ["agenda_items.id"], name=op.f("fk_power_roles_item_id_agenda_items"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=op.f("fk_power_roles_participant_id_participants"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_power_roles")),
    sa.UniqueConstraint("item_id", "participant_id", name=op.f("uq_power_roles_item_id"))
    )
    with op.batch_alter_table("power_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_power_roles_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_power_roles_participant_id"), ["participant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("power_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_power_roles_participant_id"))
        batch_op.drop_index(batch_op.f("ix_power_roles_item_id"))
    op.drop_table("power_roles")
    with op.batch_alter_table("power_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_power_answers_participant_id"))
        batch_op.drop_index(batch_op.f("ix_power_answers_item_id"))
    op.drop_table("power_answers")
    op.drop_table("power_walks")
