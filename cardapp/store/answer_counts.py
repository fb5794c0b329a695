"""How many have answered the shown item of each open workshop, by what each exercise counts.

The store's registry of exercises: one count per agenda item kind, all run in the one query of a
tick (and of a snapshot). A card counts its answers in the current round, a walk the answers to its
shown statement, a risk map the people who rated any factor. A new exercise adds its count here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, bindparam, case, func, select

from cardapp.domain.consent import KIND as CONSENT_KIND
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.power_walk import KIND as WALK_KIND
from cardapp.domain.risk_map import KIND as MAP_KIND
from cardapp.store.models import AgendaItem, Answer, PowerAnswer, PowerWalk, RiskAnswer, Workshop
from cardapp.store.programme import ConsentAnswer

_items = AgendaItem.__table__
_workshops = Workshop.__table__
_answers = Answer.__table__
_power_answers = PowerAnswer.__table__
_walks = PowerWalk.__table__
_risk_answers = RiskAnswer.__table__
_consent_answers = ConsentAnswer.__table__

_CARD_ANSWERS = (select(func.count(_answers.c.id))
                 .where(_answers.c.item_id == _items.c.id, _answers.c.round == _items.c.round)
                 .correlate(_items).scalar_subquery())
COUNTS_BY_KIND: dict[str, Any] = {
    WALK_KIND: (select(func.count(_power_answers.c.id))
                .select_from(_power_answers.join(_walks, _walks.c.item_id == _power_answers.c.item_id))
                .where(_power_answers.c.item_id == _items.c.id, _power_answers.c.statement == _walks.c.step)
                .correlate(_items).scalar_subquery()),
    MAP_KIND: (select(func.count(func.distinct(_risk_answers.c.participant_id)))
               .where(_risk_answers.c.item_id == _items.c.id)
               .correlate(_items).scalar_subquery()),
    CONSENT_KIND: (select(func.count(func.distinct(_consent_answers.c.participant_id)))
                   .where(_consent_answers.c.item_id == _items.c.id)
                   .correlate(_items).scalar_subquery()),
}
_COUNTED = case(*((_items.c.kind == kind, count) for kind, count in COUNTS_BY_KIND.items()), else_=_CARD_ANSWERS)
_ANSWER_COUNTS = (
    select(_workshops.c.id, _items.c.id, _items.c.round, _COUNTED)
    .select_from(_workshops.join(_items, and_(_items.c.workshop_id == _workshops.c.id,
                                              _items.c.position == _workshops.c.current_position)))
    .where(_workshops.c.id.in_(bindparam("workshop_ids", expanding=True)),
           _workshops.c.status == WorkshopStatus.OPEN.value)
)


def answered_counts(session: Any, workshop_ids: Iterable[int]) -> dict[int, tuple[int, int, int]]:
    """For each open workshop: (current item id, round, answers so far), in one query."""
    rows = session.connection().execute(_ANSWER_COUNTS, {"workshop_ids": list(workshop_ids)}).all()
    return {workshop_id: (item_id, answer_round, count) for workshop_id, item_id, answer_round, count in rows}
