"""Tables of a pulse: the questionnaire, its codes' hashes while it is open, and its tallies.

There is no table of responses. Sending answers marks one code used and adds one to a counter per
question and choice, in one transaction; so no row, key, order or time ties an answer to a code or
to the moment it came. Every counter exists from the moment the pulse opens (all at zero, in the
questions' order), so not even the order in which rows were made says what the first person chose.
A code row holds a keyed hash and a flag, never a time; the codes are deleted when the pulse closes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from cardapp.store.models import Base


class Pulse(Base):
    """A questionnaire of an organisation, open from `opened_on` until `closes_on` (or closed earlier)."""

    __tablename__ = "pulses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[str] = mapped_column(Text, doc="JSON: the questions, copied from the decks")
    min_answers: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    made_on: Mapped[dt.date] = mapped_column(Date)
    opened_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # The workshop it follows up ("then"), and the measure it evidences on the programme page.
    baseline_workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"),
                                                             default=None)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("programme_measures.id", ondelete="SET NULL"),
                                                   default=None)
    codes_issued: Mapped[int] = mapped_column(Integer, default=0)
    # Answers counted by day (see domain.pulse.DailyCount): only the latest day, cleared at the close.
    answered_before: Mapped[int] = mapped_column(Integer, default=0)
    answered_day: Mapped[dt.date | None] = mapped_column(Date, default=None)
    answered_on_day: Mapped[int] = mapped_column(Integer, default=0)
    # Set at the close: how many answered in all. The tallies say the same per question.
    responses: Mapped[int | None] = mapped_column(Integer, default=None)
    # Set at the close: the questions withheld and why (JSON {card: reason}); their tallies are deleted.
    withheld: Mapped[str | None] = mapped_column(Text, default=None)
    # The group it is for (domain/groups.py); None is the organisation's default group, the whole of it.
    group_label: Mapped[str | None] = mapped_column(String(60), default=None)
    # Sealed answers deleted uncounted because no key here opened them (a database restored without its
    # `pulse_keys/`): said on the pulse's page only from the minimum on (services/pulse_release.py).
    unopened: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PulseCode(Base):
    """A single-use code as a keyed hash (HMAC with the server's secret) and whether it was used."""

    __tablename__ = "pulse_codes"
    # Rows kept in hash order on SQLite, never in the order the codes were printed (see issue_codes).
    __table_args__ = {"sqlite_with_rowid": False}

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    pulse_id: Mapped[int] = mapped_column(ForeignKey("pulses.id", ondelete="CASCADE"), index=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class PulseTally(Base):
    """How many chose `choice` for question `card` of a pulse."""

    __tablename__ = "pulse_tallies"

    pulse_id: Mapped[int] = mapped_column(ForeignKey("pulses.id", ondelete="CASCADE"), primary_key=True)
    card: Mapped[str] = mapped_column(String(64), primary_key=True)
    choice: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class PulsePending(Base):
    """One person's answers, sealed with a release key kept outside the database, until the next release
    adds them into the counters: a random id, the pulse, the sealed answers; no time, no code."""

    __tablename__ = "pulse_pending"
    __table_args__ = {"sqlite_with_rowid": False}  # kept in the order of the random ids

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    pulse_id: Mapped[int] = mapped_column(ForeignKey("pulses.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[str] = mapped_column(Text)


TABLES = (PulseCode.__tablename__, PulseTally.__tablename__, PulsePending.__tablename__, Pulse.__tablename__)


def use_code(session: Session, code_hash: str) -> bool:
    """Mark an unused code used in one statement; False if it is unknown or was used (two phones at once
    with the same code: exactly one of them changes the row)."""
    result = session.execute(update(PulseCode).where(PulseCode.code_hash == code_hash,
                                                     PulseCode.used.is_(False)).values(used=True))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def add_many(session: Session, pulse_id: int, card: str, choice: str, count: int) -> None:
    """`count` more for a question's choice, as an update in place of a counter made at the opening."""
    session.execute(update(PulseTally).where(PulseTally.pulse_id == pulse_id, PulseTally.card == card,
                                             PulseTally.choice == choice).values(count=PulseTally.count + count))


def touch_tallies(session: Session, pulse_id: int) -> None:
    """Rewrite every counter of a pulse in one transaction (at the close): on PostgreSQL each row's
    version then carries the same transaction, not the one of the last person who chose it."""
    session.execute(update(PulseTally).where(PulseTally.pulse_id == pulse_id).values(count=PulseTally.count + 0))
