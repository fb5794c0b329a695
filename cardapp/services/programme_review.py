"""Use cases of 'What we agreed last time': add it to a draft workshop, show it, mark an action in the room."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from cardapp.domain import review as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.programme import ActionStatus, ProgrammeRuleBroken
from cardapp.services.errors import Conflict, Invalid, NotFound
from cardapp.services.programme_access import draft_workshop_to_run, invalid, readable_organisation
from cardapp.services.programme_actions import collect_agreements, record_action
from cardapp.services.shown_items import workshop_of
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.programme import ProgrammeAction


def draft_workshops(database: Database, actor: Actor) -> list[tuple[int, str]]:
    """(id, title) of the organisation's draft workshops, newest first, for the programme page's choice."""
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        return [(row.id, row.title) for row in session.scalars(select(Workshop).where(
            Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.DRAFT)
            .order_by(Workshop.id.desc()))]


def add_review(database: Database, actor: Actor, workshop_id: int, titles: Mapping[str, str]) -> int:
    """The review as the first item of a draft workshop, with the open and carried-over actions of now."""
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        workshop = draft_workshop_to_run(session, actor, organisation_id, workshop_id)
        items = sorted(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)),
                       key=lambda item: item.position, reverse=True)
        if any(item.kind == rules.KIND for item in items):
            raise Conflict("programme.review_already_added")
        collect_agreements(session, organisation_id)
        open_ids = list(session.scalars(select(ProgrammeAction.id).where(
            ProgrammeAction.organisation_id == organisation_id,
            ProgrammeAction.status != ActionStatus.DONE.value).order_by(ProgrammeAction.noted_on, ProgrammeAction.id)))
        try:
            card = rules.review_card(titles, open_ids)
        except ProgrammeRuleBroken as error:
            raise invalid(error) from None
        for item in items:  # positions are unique: move the last first
            item.position += 1
            session.flush()
        session.add(AgendaItem(workshop_id=workshop.id, position=0, card_id=rules.CARD_ID, kind=rules.KIND,
                               card=json.dumps(card, ensure_ascii=False),
                               shuffle_seed=random.SystemRandom().randrange(2**31)))
        return len(open_ids)


def review_view(session: Any, workshop: Workshop, item: AgendaItem) -> dict[str, Any]:
    """The actions of the item's card, as they stand now: text, where from, status."""
    ids = [int(value) for value in json.loads(item.card).get("actions", [])]
    rows = {row.id: row for row in session.scalars(select(ProgrammeAction).where(
        ProgrammeAction.id.in_(ids), ProgrammeAction.organisation_id == workshop.organisation_id))}
    return {"actions": [{"id": row.id, "kind": row.kind, "factor_name": row.factor_name, "text": row.text,
                         "status": row.status} for row in (rows.get(i) for i in ids) if row is not None]}


def mark_action(database: Database, actor: Actor, workshop_id: int, item_id: int, action_id: int,
                status: str) -> str:
    """From the console of a running workshop: one reviewed action is done or carried over."""
    try:
        new_status = rules.reviewed_status(status)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        if workshop.status != WorkshopStatus.OPEN:
            raise Invalid("programme.review_not_running")
        item = session.get(AgendaItem, item_id)
        if item is None or item.workshop_id != workshop.id or item.kind != rules.KIND:
            raise NotFound("programme.no_such_action")
        if action_id not in json.loads(item.card).get("actions", []):
            raise NotFound("programme.no_such_action")
        action = session.get(ProgrammeAction, action_id)
        if action is None or action.organisation_id != workshop.organisation_id:
            raise NotFound("programme.no_such_action")
        if action.status != new_status.value:
            record_action(session, actor, AuditAction.ACTION_STATUS_CHANGED, action)
        action.status = new_status.value
        return new_status.value
