"""Typed SQLAlchemy models. Tables hold what the product needs and nothing that identifies a participant."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names let Alembic alter tables on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class StoredDeck(Base):
    """A deck's validated JSON text. Shipped decks are refreshed from decks/ at start."""

    __tablename__ = "decks"
    __table_args__ = (
        UniqueConstraint("source", "slug"),
        Index("ix_decks_source", "source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), doc="'shipped', or 'org-<id>' for an organisation's own")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True, default=None
    )
    title: Mapped[str] = mapped_column(String(200))
    languages: Mapped[str] = mapped_column(String(100), doc="comma-separated language codes")
    content: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    # A day is fine-grained enough for "last changed"; finer timestamps are not kept anywhere.
    updated_on: Mapped[dt.date] = mapped_column(Date)


class Organisation(Base):
    """An organisation whose decks and workshops only its own people see."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[dt.date] = mapped_column(Date)
    help_text: Mapped[str | None] = mapped_column(Text, default=None, doc="where to get help; shown at the end")
    # How long a finished workshop's report is kept before the retention job deletes it (promise 6).
    retention_days: Mapped[int] = mapped_column(Integer, default=365, server_default="365")


class User(Base):
    """A facilitator, organiser or admin. Participants never have accounts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    # Bumped when the password changes, so that every other signed-in browser is signed out.
    auth_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_on: Mapped[dt.date] = mapped_column(Date)


class Invitation(Base):
    """A one-time link to set a password: for an invited user, or for the first admin."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Only a hash of the link's token is kept: a leaked database does not open accounts.
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), doc="None for the first-admin set-up link")
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class Workshop(Base):
    """A workshop and where it stands: everything a restarted server needs to carry on."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deck_id: Mapped[int | None] = mapped_column(ForeignKey("decks.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    projector_language: Mapped[str] = mapped_column(String(8))
    languages: Mapped[str] = mapped_column(String(100), doc="comma-separated languages the cards have")
    # Unique while open; cleared when the workshop ends so the code can be used again.
    room_code: Mapped[str | None] = mapped_column(String(8), unique=True)
    projector_secret: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(8), default="draft")
    current_position: Mapped[int | None] = mapped_column(Integer, default=None)
    phase: Mapped[str] = mapped_column(String(16), default="card")
    min_answers: Mapped[int] = mapped_column(Integer)
    help_text: Mapped[str | None] = mapped_column(Text, default=None)
    created_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # How many phones took part, counted when the workshop ends; the report rounds small numbers.
    participant_count: Mapped[int | None] = mapped_column(Integer, default=None)
    # The deck's title when the workshop was made, so renaming or deleting the deck never changes a report.
    deck_title: Mapped[str | None] = mapped_column(String(200), default=None)


class AgendaItem(Base):
    """A copy of one card as this workshop uses it, so later deck edits never change it."""

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("workshop_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    card_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    card: Mapped[str] = mapped_column(Text, doc="the card's JSON, with its theme's content note")
    status: Mapped[str] = mapped_column(String(8), default="waiting", doc="waiting, open or closed")
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    reflections_open: Mapped[bool] = mapped_column(Boolean, default=False)
    round: Mapped[int] = mapped_column(Integer, default=1)
    # The highest round whose results the room has seen: only those outlive the workshop.
    revealed_rounds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shuffle_seed: Mapped[int] = mapped_column(Integer, default=0)
    # Filled when the workshop ends: the totals that outlive the per-person answers (promise 6).
    final_counts: Mapped[str | None] = mapped_column(Text, default=None)
    # The ledger of aggregates the room saw of this item, as JSON: [{"what": "round:1", "population": 6}].
    # A later aggregate over the same room is shown only if the differencing rule allows it.
    disclosures: Mapped[str | None] = mapped_column(Text, default=None)


class Participant(Base):
    """An anonymous phone: a hash of its random cookie token and its language, nothing else."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(8))
    # Tapped "Leave the workshop": no longer one of the M of "N of M answered" (a locked screen is not leaving).
    left: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class Answer(Base):
    """One participant's stance on one item in one round; no time, no device, no name."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("item_id", "participant_id", "round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer, default=1)
    choice: Mapped[str] = mapped_column(String(16))
    client_answer_id: Mapped[str] = mapped_column(String(64))


def random_public_id() -> str:
    """12 URL-safe random characters: an id that says nothing about when its row was made."""
    return secrets.token_urlsafe(9)[:12]


class Reflection(Base):
    """A written reflection waiting for, or past, the facilitator's moderation."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("item_id", "participant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    # Cleared when the workshop ends: the text stays, the link to the phone does not.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"),
                                                       index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), doc="pending, approved, rejected or held")
    # What the console knows it by: random, so ids say nothing about the order texts came in.
    public_id: Mapped[str] = mapped_column(String(16), unique=True, default=random_public_id)
    # Whether it reached the moderation queue: texts go there in batches, never one by one as sent.
    released: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Which batch of the projector it was shown in (1, 2, ...), None while not shown.
    shown_batch: Mapped[int | None] = mapped_column(Integer, default=None)


class PauseSignal(Base):
    """'I need a pause', counted per minute; nothing about who."""

    __tablename__ = "pause_signals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    minute: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PowerWalk(Base):
    """Where a power walk agenda item stands: the shown statement and its stage (intro to revealed)."""

    __tablename__ = "power_walks"

    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True)
    step: Mapped[int] = mapped_column(Integer, default=-1, doc="-1 for the explanation, else the statement shown")
    status: Mapped[str] = mapped_column(String(10), default="intro", doc="intro, walking, finished or revealed")


class PowerAnswer(Base):
    """Yes, No or Pass to one statement; deleted when the walk is revealed or the workshop ends."""

    __tablename__ = "power_answers"
    __table_args__ = (UniqueConstraint("item_id", "participant_id", "statement"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    statement: Mapped[int] = mapped_column(Integer)
    choice: Mapped[str] = mapped_column(String(4))


class PowerRole(Base):
    """The persona dealt to a phone in role-card mode; deleted with the answers."""

    __tablename__ = "power_roles"
    __table_args__ = (UniqueConstraint("item_id", "participant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[str] = mapped_column(String(64))


class RiskAnswer(Base):
    """How present one participant finds one risk factor; deleted when the workshop ends."""

    __tablename__ = "risk_answers"
    __table_args__ = (UniqueConstraint("item_id", "participant_id", "factor"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    factor: Mapped[str] = mapped_column(String(64), doc="the risk card's id")
    choice: Mapped[str] = mapped_column(String(16))
    client_answer_id: Mapped[str] = mapped_column(String(64))


class Agreement(Base):
    """What the group agreed, typed on the console: a guideline, a measure for a risk, a next topic."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), doc="guideline, measure or topic")
    factor: Mapped[str | None] = mapped_column(String(64), default=None, doc="the risk card a measure is for")
    text: Mapped[str] = mapped_column(Text)
