"""The year plan: conversations over twelve months, its iCalendar export, and a draft workshop from a plan entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.programme import (
    MAX_GROUP,
    MAX_TITLE,
    Month,
    ProgrammeRuleBroken,
    by_month,
    cleaned_line,
    parsed_date,
    within_plan,
)
from cardapp.services import audit, decks, workshops
from cardapp.services.errors import Conflict, Forbidden, Invalid
from cardapp.services.programme_access import editable_organisation, invalid, owned, readable_organisation
from cardapp.store.database import Database
from cardapp.store.models import StoredDeck, Workshop
from cardapp.store.programme import PlannedConversation, ProgrammeMeasure


@dataclass(frozen=True)
class Conversation:
    id: int
    planned_on: dt.date
    title: str
    group_name: str
    deck_id: int | None
    deck_title: str | None
    measure_id: int | None
    workshop_id: int | None
    workshop_status: str | None


@dataclass(frozen=True)
class NewConversation:
    """What the plan's form sends."""

    planned_on: str
    title: str
    group_name: str
    deck_id: int | None
    measure_id: int | None


def conversations(database: Database, actor: Actor) -> list[Conversation]:
    """Every planned conversation of the actor's organisation, in date order."""
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        return _conversations(session, organisation_id)


def year_plan(database: Database, actor: Actor, first: Month) -> list[tuple[Month, list[Conversation]]]:
    """The twelve months from `first`, each with its conversations (empty months too)."""
    planned = [(c.planned_on, c) for c in conversations(database, actor) if within_plan(c.planned_on, first)]
    return by_month(first, planned)


def _conversations(session: Session, organisation_id: int) -> list[Conversation]:
    rows = session.execute(
        select(PlannedConversation, StoredDeck.title, Workshop.status)
        .outerjoin(StoredDeck, StoredDeck.id == PlannedConversation.deck_id)
        .outerjoin(Workshop, Workshop.id == PlannedConversation.workshop_id)
        .where(PlannedConversation.organisation_id == organisation_id)
        .order_by(PlannedConversation.planned_on, PlannedConversation.id)).all()
    return [Conversation(c.id, c.planned_on, c.title, c.group_name, c.deck_id, deck_title, c.measure_id,
                         c.workshop_id if status else None, status) for c, deck_title, status in rows]


def add_conversation(database: Database, actor: Actor, new: NewConversation) -> int:
    """A conversation on the plan; its deck must be one the organisation may use."""
    organisation_id = editable_organisation(actor)
    try:
        planned_on = parsed_date(new.planned_on, required=True)
        title = cleaned_line(new.title, MAX_TITLE)
        group_name = cleaned_line(new.group_name, MAX_GROUP, required=False)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    if new.deck_id is not None:
        decks.open_deck(database, actor, new.deck_id)  # another organisation's deck is not found
    with database.transaction() as session:
        if new.measure_id is not None:
            owned(session.get(ProgrammeMeasure, new.measure_id), organisation_id, "programme.no_such_measure")
        conversation = PlannedConversation(organisation_id=organisation_id, planned_on=planned_on, title=title,
                                           group_name=group_name, deck_id=new.deck_id, measure_id=new.measure_id)
        session.add(conversation)
        session.flush()
        _record(session, actor, AuditAction.CONVERSATION_ADDED, conversation)
        return conversation.id


def remove_conversation(database: Database, actor: Actor, conversation_id: int) -> None:
    organisation_id = editable_organisation(actor)
    with database.transaction() as session:
        conversation = owned(session.get(PlannedConversation, conversation_id), organisation_id,
                             "programme.no_such_conversation")
        _record(session, actor, AuditAction.CONVERSATION_REMOVED, conversation)
        session.delete(conversation)


def _record(session: Session, actor: Actor, action: AuditAction, conversation: PlannedConversation) -> None:
    audit.record(session, actor, action, SubjectKind.CONVERSATION, conversation.id, conversation.title,
                 organisation_id=conversation.organisation_id)


def make_draft_workshop(database: Database, actor: Actor, conversation_id: int, language: str, min_answers: int,
                        today: dt.date) -> int:
    """A draft workshop from a planned conversation: its title and all of its deck's cards, in one step.

    The facilitator trims the agenda afterwards, as for any draft. Facilitators may do this too: they run
    the organisation's workshops.
    """
    organisation_id = readable_organisation(actor)
    if not actor.may_run_workshops_of(organisation_id):
        raise Forbidden("workshop.forbidden")
    with database.transaction() as session:
        conversation = owned(session.get(PlannedConversation, conversation_id), organisation_id,
                             "programme.no_such_conversation")
        planned = _conversations(session, organisation_id)
        current = next(c for c in planned if c.id == conversation.id)
        if current.workshop_id is not None:
            raise Conflict("programme.already_drafted")
        if conversation.deck_id is None:
            raise Invalid("programme.no_deck")
        deck_id, title = conversation.deck_id, conversation.title
    _summary, deck = decks.open_deck(database, actor, deck_id)
    projector_language = language if language in deck.languages else deck.languages[0]
    created = workshops.create_workshop(database, actor, deck_id, title, projector_language,
                                        [card.id for card in deck.cards()], min_answers, today)
    with database.transaction() as session:
        # Only if no other click drafted it meanwhile; otherwise this draft is removed again. The refusal
        # is raised after the block: raised inside, it would roll the removal back and leave the draft.
        claimed = session.scalar(update(PlannedConversation).where(
            PlannedConversation.id == conversation_id, PlannedConversation.workshop_id.is_(None))
            .values(workshop_id=created.id).returning(PlannedConversation.id))
        if claimed is None:
            draft = session.get(Workshop, created.id)
            if draft is not None:  # its creation is in the log, so its removal is too
                audit.record_workshop(session, actor, AuditAction.WORKSHOP_DELETED, draft)
            session.execute(delete(Workshop).where(Workshop.id == created.id))
        else:
            _record(session, actor, AuditAction.CONVERSATION_DRAFTED,
                    owned(session.get(PlannedConversation, conversation_id), organisation_id,
                          "programme.no_such_conversation"))
    if claimed is None:
        raise Conflict("programme.already_drafted")
    return created.id
