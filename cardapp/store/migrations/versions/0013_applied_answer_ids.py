"""Remembered answer ids (a repeat changes nothing), and ended workshops keep only the rounded count.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The participant count as the report shows it (cardapp.domain.report.kept_participant_count),
# written as SQL that both databases run: 0 below the minimum ("fewer than"), else the nearest 5,
# never below the smallest multiple of 5 at or above the minimum.
_ROUNDED = """
UPDATE workshops SET participant_count = CASE
    WHEN participant_count < min_answers THEN 0
    WHEN (participant_count + 2) / 5 * 5 < (min_answers + 4) / 5 * 5 THEN (min_answers + 4) / 5 * 5
    ELSE (participant_count + 2) / 5 * 5
END
WHERE participant_count IS NOT NULL
"""


def upgrade() -> None:
    op.create_table(
        "applied_answer_ids",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["agenda_items.id"],
                                name=op.f("fk_applied_answer_ids_item_id_agenda_items"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "round", "answer_id", name=op.f("pk_applied_answer_ids")),
        sqlite_with_rowid=False,
    )
    # Exact counts of workshops that ended before this version: only what their report shows stays.
    op.execute(_ROUNDED)


def downgrade() -> None:
    op.drop_table("applied_answer_ids")
