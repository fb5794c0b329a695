"""Organisations, users and invitations; decks may belong to an organisation.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("organisations",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("slug", sa.String(length=64), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=False),
    sa.Column("created_on", sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    sa.UniqueConstraint("slug", name=op.f("uq_organisations_slug"))
    )
    op.create_table("users",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("email", sa.String(length=254), nullable=False),
    sa.Column("password_hash", sa.String(length=255), nullable=False),
    sa.Column("role", sa.String(length=16), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=True),
    sa.Column("auth_version", sa.Integer(), nullable=False),
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.Column("created_on", sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_users_organisation_id_organisations"), ondelete="RESTRICT"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    sa.UniqueConstraint("email", name=op.f("uq_users_email"))
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_organisation_id"), ["organisation_id"], unique=False)

    op.create_table("invitations",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("token_sha256", sa.String(length=64), nullable=False),
    sa.Column("email", sa.String(length=254), nullable=True),
    sa.Column("role", sa.String(length=16), nullable=False),
    sa.Column("organisation_id", sa.Integer(), nullable=True),
    sa.Column("invited_by_id", sa.Integer(), nullable=True),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("used", sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(["invited_by_id"], ["users.id"], name=op.f("fk_invitations_invited_by_id_users"), ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_invitations_organisation_id_organisations"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
    sa.UniqueConstraint("token_sha256", name=op.f("uq_invitations_token_sha256"))
    )
    with op.batch_alter_table("decks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_decks_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_decks_organisation_id_organisations"), "organisations", ["organisation_id"], ["id"], ondelete="CASCADE")



def downgrade() -> None:
    with op.batch_alter_table("decks", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_decks_organisation_id_organisations"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_decks_organisation_id"))
        batch_op.drop_column("organisation_id")

    op.drop_table("invitations")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_organisation_id"))

    op.drop_table("users")
    op.drop_table("organisations")
