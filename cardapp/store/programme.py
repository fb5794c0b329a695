"""Tables of an organisation's programme: its measures, year plan, follow-up actions and guidelines.

All of it is the organisation's own record, kept after its workshops end and their reports are
deleted: nothing here names, counts or times a participant. Workshops are linked with SET NULL, so a
deleted workshop leaves the programme whole (its title and day are copied where they are shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from cardapp.store.models import Base


class Programme(Base):
    """An organisation's place in the label programme: whether it takes part and when it was awarded."""

    __tablename__ = "programmes"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    in_label_programme: Mapped[bool] = mapped_column(Boolean, default=True)
    awarded_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class ProgrammeMeasure(Base):
    """One measure: one of the six defaults (by key, named in the interface text) or the organisation's own."""

    __tablename__ = "programme_measures"
    __table_args__ = (UniqueConstraint("organisation_id", "default_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    default_key: Mapped[str | None] = mapped_column(String(32), default=None)
    title: Mapped[str | None] = mapped_column(String(200), default=None, doc="the organisation's own name")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    responsible: Mapped[str | None] = mapped_column(String(120), default=None, doc="a role, never a name")
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    link: Mapped[str | None] = mapped_column(String(500), default=None, doc="external evidence (http or https)")


class MeasureEvidence(Base):
    """A workshop of the organisation that counts towards a measure (its report is the evidence)."""

    __tablename__ = "measure_evidence"
    __table_args__ = (UniqueConstraint("measure_id", "workshop_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("programme_measures.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    workshop_title: Mapped[str] = mapped_column(String(200))


class PlannedConversation(Base):
    """A conversation on the year plan; once a draft workshop is made from it, that workshop."""

    __tablename__ = "planned_conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    planned_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    group_name: Mapped[str] = mapped_column(String(200), default="")
    deck_id: Mapped[int | None] = mapped_column(ForeignKey("decks.id", ondelete="SET NULL"), default=None)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("programme_measures.id", ondelete="SET NULL"),
                                                   default=None)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"), default=None)


class ProgrammeAction(Base):
    """An agreement or measure of a workshop, followed up: its text is copied, so it outlives the report."""

    __tablename__ = "programme_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    # Unique: each agreement becomes one action, however often the programme is read.
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id", ondelete="SET NULL"),
                                                     unique=True, default=None)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"), default=None)
    workshop_title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), doc="guideline, measure or topic")
    factor_name: Mapped[str | None] = mapped_column(String(200), default=None)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    responsible: Mapped[str | None] = mapped_column(String(120), default=None, doc="a role, never a name")
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    noted_on: Mapped[dt.date] = mapped_column(Date, doc="the day the workshop ended")


class GuidelineVersion(Base):
    """One version of the organisation's guidelines, one text per interface language; adopted ones are final."""

    __tablename__ = "guideline_versions"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    texts: Mapped[str] = mapped_column(Text, doc='JSON: {"en": "...", "nb": "..."}')
    made_on: Mapped[dt.date] = mapped_column(Date)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    adopted_by: Mapped[str | None] = mapped_column(String(120), default=None, doc="the body: board, management")


class ConsentAnswer(Base):
    """One phone's answer to one guideline of a consent round; deleted when the workshop ends."""

    __tablename__ = "consent_answers"
    __table_args__ = (UniqueConstraint("item_id", "participant_id", "guideline"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    guideline: Mapped[str] = mapped_column(String(16))
    choice: Mapped[str] = mapped_column(String(16))
    client_answer_id: Mapped[str] = mapped_column(String(64))


_consent = ConsentAnswer.__table__


def _upsert(insert: Callable[..., Any]) -> Any:
    statement = insert(_consent).values(
        item_id=bindparam("item_id"), participant_id=bindparam("participant_id"), guideline=bindparam("guideline"),
        choice=bindparam("choice"), client_answer_id=bindparam("client_answer_id"))
    return statement.on_conflict_do_update(
        index_elements=[_consent.c.item_id, _consent.c.participant_id, _consent.c.guideline],
        set_={"choice": statement.excluded.choice, "client_answer_id": statement.excluded.client_answer_id})


_UPSERTS = {"sqlite": _upsert(sqlite.insert), "postgresql": _upsert(postgresql.insert)}


def store_consent_answer(session: Session, item_id: int, participant_id: int, guideline: str, choice: str,
                         client_answer_id: str) -> None:
    """One statement on either database, so two tabs of one phone change the answer rather than fail."""
    connection = session.connection()
    connection.execute(_UPSERTS[connection.dialect.name], {
        "item_id": item_id, "participant_id": participant_id, "guideline": guideline, "choice": choice,
        "client_answer_id": client_answer_id})
