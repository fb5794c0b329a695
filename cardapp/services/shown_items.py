"""Finding what a command acts on: the workshop a facilitator may run, the item a phone may answer.

Shared by the live workshop and its exercises, so each checks the same way.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from sqlalchemy.orm import Session

from cardapp.domain import lifecycle
from cardapp.domain.accounts import Actor
from cardapp.domain.workshops import NotCurrentItem, WorkshopNotOpen, choices_for
from cardapp.services.errors import NotFound
from cardapp.services.workshop_access import check_runs_workshops_of
from cardapp.store.answers import current_item_row
from cardapp.store.database import UnitOfWork
from cardapp.store.models import Workshop


def workshop_of(session: Session, workshop_id: int, actor: Actor | None = None) -> Workshop:
    """The workshop; with an `actor`, only if they may run it.

    A facilitator's command locks the row (on PostgreSQL), so two commands at once, such as two
    scenarios added or the end pressed twice, run one after the other.
    """
    workshop = session.get(Workshop, workshop_id, with_for_update=actor is not None)
    if workshop is None:
        raise NotFound("workshop.not_found")
    if actor is not None:
        check_runs_workshops_of(actor, workshop.organisation_id)
    return workshop


def shown_item(unit: UnitOfWork, workshop_id: int, item_id: int) -> Any:
    """The card a phone acts on, if it is the one shown in an open workshop; else the reason why not.

    One query: this runs for every answer.
    """
    return check_shown_item(current_item_row(unit, workshop_id), item_id)


def check_shown_item(row: Any, item_id: int) -> Any:
    """`row` (from `current_item_row`) if its workshop is open and shows `item_id`; else the reason why not."""
    if row is None:
        raise NotFound("workshop.not_found")
    lifecycle.require_open(row.workshop_status)
    if row.item_id is None:
        raise WorkshopNotOpen("socket.workshop_not_open")
    if row.item_id != item_id:
        raise NotCurrentItem("socket.not_current_item")
    return row


def accepting_answers(row: Any) -> bool:
    return lifecycle.accepting_answers(row.item_status, row.phase)


@functools.lru_cache(maxsize=256)
def offered_choices(card_json: str) -> tuple[str, ...]:
    """The stances a phone may send for a shown card, from the card as stored. Parsed once per card
    text, not on every answer: a card with its texts in every language is a few KB of JSON."""
    return choices_for(json.loads(card_json))
