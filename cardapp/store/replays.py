"""The answer ids already applied to an item and round, so that a repeat of any of them changes nothing.

A phone sends every answer with a random id of its own. Only the latest id sits on the answer row,
so an older send arriving again (a retry after a lost ack, a replay) used to look new: answer A,
change to B, and A again put A back; a replay after a withdrawal brought the answer back. Each id
applied is remembered here until the item stops taking answers, then deleted with its per-person
rows. The table links an id to nothing but its item and round: no participant, no time, and on
SQLite no rowid that would keep the order in which ids came (`sqlite_with_rowid=False`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from cardapp.store.database import UnitOfWork, connection_of
from cardapp.store.models import Base

# The rounds a power walk's answers are filed under: a walk has statements, not rounds.
WALK_ROUND = 0


class AppliedAnswerId(Base):
    """One answer id a phone sent that was applied to an item in a round; nothing about who sent it."""

    __tablename__ = "applied_answer_ids"
    __table_args__ = {"sqlite_with_rowid": False}

    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True)
    round: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[str] = mapped_column(String(64), primary_key=True)


_ids = AppliedAnswerId.__table__
TABLES = (AppliedAnswerId.__tablename__,)


def _insert_new(insert: Callable[..., Any]) -> Any:
    return (insert(_ids).values(item_id=bindparam("item_id"), round=bindparam("round"),
                                answer_id=bindparam("answer_id"))
            .on_conflict_do_nothing(index_elements=[_ids.c.item_id, _ids.c.round, _ids.c.answer_id]))


_INSERTS = {"sqlite": _insert_new(sqlite.insert), "postgresql": _insert_new(postgresql.insert)}


def first_use_of(unit: UnitOfWork, item_id: int, answer_round: int, answer_id: str) -> bool:
    """Remember `answer_id` for the item and round; False when it was applied before (a repeat).

    One statement: two sends of the same id at once (two tabs, two server processes) cannot both
    count as first, since the database keeps one row and the other insert changes nothing.
    """
    connection = connection_of(unit)
    done = connection.execute(_INSERTS[connection.dialect.name],
                              {"item_id": item_id, "round": answer_round, "answer_id": answer_id})
    return bool(done.rowcount)


def forget_answer_ids(session: Session, item_ids: Iterable[int]) -> None:
    """Delete the remembered ids of items that take no more answers (closed, revealed, or ended)."""
    wanted = list(item_ids)
    if wanted:
        session.execute(delete(AppliedAnswerId).where(AppliedAnswerId.item_id.in_(wanted)))
