"""Tables of the question box: the questions of a live workshop and the phones' upvotes.

Neither table has a counting key or a time: a question's key is its random public id and a vote's
key is the pair (question, phone), so neither the keys nor SQLite's row order (`WITHOUT ROWID`) say
in which order questions or votes came. When the workshop ends, every row of both is deleted; the
questions the room saw live on, with their shown totals, in the question box item's `final_counts`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, bindparam
from sqlalchemy import false as sa_false
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from cardapp.store.models import Base, random_public_id


class Question(Base):
    """One question sent by a phone, waiting for, or past, the facilitator's moderation."""

    __tablename__ = "questions"
    __table_args__ = {"sqlite_with_rowid": False}

    # Random: the console and the phones know a question by it, and it says nothing about when it came.
    public_id: Mapped[str] = mapped_column(String(16), primary_key=True, default=random_public_id)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"),
                                                       index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), doc="pending, approved, rejected or held")
    # Whether it reached the moderation queue: questions go there in batches, never one by one as sent.
    released: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Which batch of the projector it joined (1, 2, ...), None while not shown.
    shown_batch: Mapped[int | None] = mapped_column(Integer, default=None)
    # The votes as the screens last showed them: moved only on a boundary of the count cadence.
    shown_votes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class QuestionVote(Base):
    """One phone's upvote of one approved question: at most one (the key), never a time."""

    __tablename__ = "question_votes"
    __table_args__ = {"sqlite_with_rowid": False}

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.public_id", ondelete="CASCADE"),
                                             primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"),
                                                primary_key=True, index=True)


_votes = QuestionVote.__table__


def _insert_new(insert: Callable[..., Any]) -> Any:
    return (insert(_votes).values(question_id=bindparam("question_id"), participant_id=bindparam("participant_id"))
            .on_conflict_do_nothing(index_elements=[_votes.c.question_id, _votes.c.participant_id]))


_INSERTS = {"sqlite": _insert_new(sqlite.insert), "postgresql": _insert_new(postgresql.insert)}


def add_vote(session: Session, question_id: str, participant_id: int) -> bool:
    """One phone's vote, once: False when it voted before. One statement, so two taps at once (two tabs,
    two server processes) cannot both count."""
    connection = session.connection()
    done = connection.execute(_INSERTS[connection.dialect.name],
                              {"question_id": question_id, "participant_id": participant_id})
    return bool(done.rowcount)
