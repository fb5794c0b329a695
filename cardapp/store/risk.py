"""Risk-map answers: one per participant and factor, written in one statement on either database,
so two tabs of one phone answering at once change the answer instead of failing on the unique key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cardapp.store.models import RiskAnswer

_answers = RiskAnswer.__table__


def _upsert(insert: Callable[..., Any]) -> Any:
    statement = insert(_answers).values(
        item_id=bindparam("item_id"), participant_id=bindparam("participant_id"), factor=bindparam("factor"),
        choice=bindparam("choice"), client_answer_id=bindparam("client_answer_id"))
    return statement.on_conflict_do_update(
        index_elements=[_answers.c.item_id, _answers.c.participant_id, _answers.c.factor],
        set_={"choice": statement.excluded.choice, "client_answer_id": statement.excluded.client_answer_id})


_UPSERTS = {"sqlite": _upsert(sqlite.insert), "postgresql": _upsert(postgresql.insert)}


def store_risk_answer(session: Session, item_id: int, participant_id: int, factor: str, choice: str,
                      client_answer_id: str) -> None:
    connection = session.connection()
    connection.execute(_UPSERTS[connection.dialect.name], {
        "item_id": item_id, "participant_id": participant_id, "factor": factor, "choice": choice,
        "client_answer_id": client_answer_id})
