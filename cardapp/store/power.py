"""The power walk's rows that two connections may write at the same moment, each in one statement.

Two tabs of one phone, two console windows, or two server processes can race to create the same
row. A plain "select, then insert if missing" lets both see nothing and both insert, and the second
fails on the unique key (an IntegrityError the phone would only see as a server error). Here every
such write is an insert that leaves an existing row alone, or changes it, in the database itself;
the SQL for that differs per database, so it lives here and not in the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cardapp.store.models import PowerAnswer, PowerRole, PowerWalk

_answers = PowerAnswer.__table__
_roles = PowerRole.__table__
_walks = PowerWalk.__table__


def _answer_upsert(insert: Callable[..., Any]) -> Any:
    statement = insert(_answers).values(item_id=bindparam("item_id"), participant_id=bindparam("participant_id"),
                                        statement=bindparam("statement"), choice=bindparam("choice"))
    return statement.on_conflict_do_update(
        index_elements=[_answers.c.item_id, _answers.c.participant_id, _answers.c.statement],
        set_={"choice": statement.excluded.choice})


def _role_insert(insert: Callable[..., Any]) -> Any:
    return insert(_roles).values(
        item_id=bindparam("item_id"), participant_id=bindparam("participant_id"), role_id=bindparam("role_id"),
    ).on_conflict_do_nothing(index_elements=[_roles.c.item_id, _roles.c.participant_id])


def _walk_insert(insert: Callable[..., Any]) -> Any:
    return insert(_walks).values(
        item_id=bindparam("item_id"), step=bindparam("step"), status=bindparam("status"),
    ).on_conflict_do_nothing(index_elements=[_walks.c.item_id])


_ANSWER_UPSERTS = {"sqlite": _answer_upsert(sqlite.insert), "postgresql": _answer_upsert(postgresql.insert)}
_ROLE_INSERTS = {"sqlite": _role_insert(sqlite.insert), "postgresql": _role_insert(postgresql.insert)}
_WALK_INSERTS = {"sqlite": _walk_insert(sqlite.insert), "postgresql": _walk_insert(postgresql.insert)}

_POSITION = select(_walks.c.status, _walks.c.step).where(_walks.c.item_id == bindparam("item_id"))
_DEALT = select(_roles.c.role_id).where(_roles.c.item_id == bindparam("item_id"),
                                        _roles.c.participant_id == bindparam("participant_id"))


def store_power_answer(session: Session, item_id: int, participant_id: int, statement: int, choice: str) -> None:
    """Insert or change one answer; the unique key (item, participant, statement) makes it count once."""
    connection = session.connection()
    connection.execute(_ANSWER_UPSERTS[connection.dialect.name], {
        "item_id": item_id, "participant_id": participant_id, "statement": statement, "choice": choice})


def keep_first_role(session: Session, item_id: int, participant_id: int, role_id: str) -> str:
    """Deal `role_id` unless this participant already holds a persona; returns the one they hold.

    When two tabs of one phone deal at once, the database keeps the first insert and the second
    changes nothing (on PostgreSQL it waits for the first to commit); both then read the same row.
    """
    connection = session.connection()
    key = {"item_id": item_id, "participant_id": participant_id}
    connection.execute(_ROLE_INSERTS[connection.dialect.name], {**key, "role_id": role_id})
    return str(connection.execute(_DEALT, key).scalar_one())


def dealt_role(session: Session, item_id: int, participant_id: int) -> str | None:
    """The persona this participant holds, if one was dealt."""
    found = session.connection().execute(_DEALT, {"item_id": item_id, "participant_id": participant_id}).scalar()
    return None if found is None else str(found)


def ensure_walk_row(session: Session, item_id: int, step: int, status: str) -> PowerWalk:
    """The walk's state row, created with `step` and `status` if it does not exist yet.

    Created in the database's own "insert unless there" statement, so two console commands at once
    (two windows, two server processes) never both insert it.
    """
    connection = session.connection()
    connection.execute(_WALK_INSERTS[connection.dialect.name], {"item_id": item_id, "step": step, "status": status})
    row = session.get(PowerWalk, item_id)
    assert row is not None  # inserted above, or already there
    return row


def walk_position(session: Session, item_id: int) -> tuple[str, int] | None:
    """(status, step) of a walk, or None before the facilitator first moved it."""
    row = session.connection().execute(_POSITION, {"item_id": item_id}).one_or_none()
    return None if row is None else (str(row.status), int(row.step))
