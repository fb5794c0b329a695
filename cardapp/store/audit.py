"""The audit log's table: who changed what and when, per organisation; never anything about participants."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cardapp.store.models import Base


class AuditEntry(Base):
    """One change by a signed-in person (or the server), kept as long as the organisation's retention period."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_organisation_at", "organisation_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None: a change outside any organisation (an admin's own account); only admins see those.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    # Who, as they were at the time: no foreign key, so the entry keeps saying who it was. None: the server.
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(300))
    # A code the page translates, such as a member's new role; never free text.
    detail: Mapped[str | None] = mapped_column(String(40))
    # To the minute (domain.audit.to_the_minute): enough to account for a change, no finer.
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
