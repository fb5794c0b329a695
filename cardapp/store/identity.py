"""Tables for signing in without an invitation link: an organisation's identity provider, who signed
in through it, and password reset links. Only hashes of reset tokens and a sealed client secret are kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cardapp.store.models import Base


class IdentityProvider(Base):
    """An organisation's OpenID Connect provider (Entra ID, Google Workspace, Feide...): one per organisation."""

    __tablename__ = "identity_providers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), doc="shown on the button: Sign in with <name>")
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    # Encrypted with a key derived from CARDAPP_SECRET_KEY; never shown again once saved.
    client_secret_sealed: Mapped[str] = mapped_column(Text)
    extra_scopes: Mapped[str] = mapped_column(String(200), default="", doc="space-separated, beyond openid email")
    role_claim: Mapped[str] = mapped_column(String(100), default="")
    role_rules: Mapped[str] = mapped_column(Text, default="[]", doc="JSON list of {value, role}, first match wins")
    default_role: Mapped[str | None] = mapped_column(String(16), default=None, doc="None: refuse when no rule matches")
    allowed_domains: Mapped[str] = mapped_column(Text, doc="comma-separated email domains")
    accept_unverified_email: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_on: Mapped[dt.date] = mapped_column(Date)


class IdentityLink(Base):
    """This user signed in through this provider as this subject (the provider's stable `sub`)."""

    __tablename__ = "identity_links"
    __table_args__ = (UniqueConstraint("provider_id", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_providers.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class PasswordReset(Base):
    """A single-use, expiring link to choose a new password."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Only a hash of the link's token is kept: a leaked database does not open accounts.
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[bool] = mapped_column(Boolean, default=False)
