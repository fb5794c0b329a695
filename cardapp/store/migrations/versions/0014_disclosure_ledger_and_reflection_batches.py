"""The differencing ledger of each agenda item, and reflections released and shown in batches.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disclosures", sa.Text(), nullable=True))
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("released", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("shown_batch", sa.Integer(), nullable=True))
    # Reflections kept from ended workshops get random ids too; they were shown, so batch 1.
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, status FROM reflections")).all()
    for reflection_id, status in rows:
        connection.execute(sa.text("UPDATE reflections SET public_id = :p, released = :r, shown_batch = :b "
                                   "WHERE id = :i"),
                           {"p": secrets.token_urlsafe(9)[:12], "r": True,
                            "b": 1 if status == "approved" else None, "i": reflection_id})
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=16), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_reflections_public_id"), ["public_id"])


def downgrade() -> None:
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_reflections_public_id"), type_="unique")
        batch_op.drop_column("shown_batch")
        batch_op.drop_column("released")
        batch_op.drop_column("public_id")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_column("disclosures")
