"""The hot queries of a live workshop, for every answer (the tick's counts are in `answer_counts`).

Built once with bind parameters and run on a connection (a use case's Session's, or the one of
`Database.statements()` on the answer path): constructing SQLAlchemy statements and going through the
ORM cost more than SQLite itself here (see docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from cardapp.store.database import UnitOfWork, connection_of
from cardapp.store.models import AgendaItem, Answer, Workshop

_answers = Answer.__table__
_items = AgendaItem.__table__
_workshops = Workshop.__table__

_CURRENT_ITEM = (
    select(_workshops.c.status.label("workshop_status"), _workshops.c.phase, _items.c.id.label("item_id"),
           _items.c.status.label("item_status"), _items.c.round, _items.c.card, _items.c.reflections_open)
    .select_from(_workshops.outerjoin(_items, and_(_items.c.workshop_id == _workshops.c.id,
                                                   _items.c.position == _workshops.c.current_position)))
    .where(_workshops.c.id == bindparam("workshop_id"))
    # On PostgreSQL the workshop row is held until the answers commit: a facilitator's reveal or
    # close (which locks it for update) waits for them, so no answer checked against the open card
    # is stored after the card closed (a batch of answers spans many round trips). SQLite ignores
    # it: there one transaction writes at a time.
    .with_for_update(read=True, of=_workshops)
)

_STORED_CHOICE = select(_answers.c.choice).where(
    _answers.c.item_id == bindparam("item_id"), _answers.c.participant_id == bindparam("participant_id"),
    _answers.c.round == bindparam("round"))


def _upsert(insert: Callable[..., Any]) -> Any:
    statement = insert(_answers).values(
        item_id=bindparam("item_id"), participant_id=bindparam("participant_id"), round=bindparam("round"),
        choice=bindparam("choice"), client_answer_id=bindparam("client_answer_id"))
    return statement.on_conflict_do_update(
        index_elements=[_answers.c.item_id, _answers.c.participant_id, _answers.c.round],
        set_={"choice": statement.excluded.choice, "client_answer_id": statement.excluded.client_answer_id},
        # A resend of an answer already stored changes nothing, even if a newer one came since.
        where=_answers.c.client_answer_id != statement.excluded.client_answer_id,
    ).returning(_answers.c.choice)


_UPSERTS = {"sqlite": _upsert(sqlite.insert), "postgresql": _upsert(postgresql.insert)}

def current_item_row(unit: UnitOfWork, workshop_id: int) -> Any:
    """(workshop status, phase, item id, item status, round, card JSON, reflections open) of the shown
    item; the item's fields are None when nothing is shown, and the row is None without a workshop."""
    return connection_of(unit).execute(_CURRENT_ITEM, {"workshop_id": workshop_id}).one_or_none()


def store_answer(unit: UnitOfWork, item_id: int, participant_id: int, answer_round: int, choice: str,
                 client_answer_id: str) -> str:
    """Insert or change one answer in a single statement; returns the choice now stored.

    The unique key (item, participant, round) makes two connections of one phone, or a resend
    after a reconnect, count once.
    """
    connection = connection_of(unit)
    key = {"item_id": item_id, "participant_id": participant_id, "round": answer_round}
    stored = connection.execute(_UPSERTS[connection.dialect.name],
                                {**key, "choice": choice, "client_answer_id": client_answer_id}).scalar_one_or_none()
    if stored is None:  # the same send again: nothing changed
        stored = connection.execute(_STORED_CHOICE, key).scalar_one()
    return str(stored)


def current_choice(unit: UnitOfWork, item_id: int, participant_id: int, answer_round: int) -> str | None:
    """The choice this participant has stored for the item and round, or None."""
    found = connection_of(unit).execute(_STORED_CHOICE, {"item_id": item_id, "participant_id": participant_id,
                                                          "round": answer_round}).scalar()
    return None if found is None else str(found)


def answered_first_round(unit: UnitOfWork, item_id: int, participant_id: int) -> bool:
    """Whether this participant answered the first round of the item."""
    return connection_of(unit).execute(_STORED_CHOICE, {"item_id": item_id, "participant_id": participant_id,
                                                         "round": 1}).first() is not None
