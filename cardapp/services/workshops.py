"""Setting up workshops and letting phones in: create, list, authorise screens, join by room code."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.deck_format import Deck
from cardapp.domain.lifecycle import Phase, WorkshopStatus
from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_line, has_hidden_characters
from cardapp.domain.workshops import AgendaCopy, card_title, new_room_code, normalised_room_code
from cardapp.services import audit, decks, run_sheets
from cardapp.services.agenda_building import gathered
from cardapp.services.errors import Forbidden, Invalid, NotFound
from cardapp.services.groups import chosen_group
from cardapp.services.workshop_access import check_runs_workshops_of
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Organisation, Participant, Workshop


@dataclass(frozen=True)
class WorkshopSummary:
    id: int
    title: str
    status: str
    room_code: str | None
    projector_secret: str
    projector_language: str
    languages: tuple[str, ...]
    organisation_id: int
    item_count: int
    created_on: dt.date
    help_text: str | None
    group_label: str | None = None  # None: the organisation's default group, the whole organisation


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _summary(session: Session, workshop: Workshop) -> WorkshopSummary:
    count = session.scalar(select(func.count(AgendaItem.id)).where(AgendaItem.workshop_id == workshop.id)) or 0
    return WorkshopSummary(
        workshop.id, workshop.title, workshop.status, workshop.room_code, workshop.projector_secret,
        workshop.projector_language, tuple(workshop.languages.split(",")), workshop.organisation_id, count,
        workshop.created_on, workshop.help_text, workshop.group_label,
    )


def create_workshop(
    database: Database, actor: Actor, deck_id: int, title: str, projector_language: str,
    card_ids: list[str], min_answers: int, today: dt.date, walk_mode: str = "self", group: str | None = None,
) -> WorkshopSummary:
    """A draft workshop with a copy of the chosen cards, in the chosen order, and a room code."""
    if actor.organisation_id is None or not actor.may_run_workshops_of(actor.organisation_id):
        raise Forbidden("workshop.forbidden")
    _summary_row, deck = decks.open_deck(database, actor, deck_id)
    if projector_language not in deck.languages:
        raise Invalid("workshop.language_not_in_deck")
    cleaned_title = workshop_title(title, deck.title.get(projector_language, deck.id))
    items = _agenda_items(deck, card_ids, walk_mode)
    return store_new_workshop(database, actor, NewWorkshop(
        deck_id=deck_id, deck_title=deck.title.get(projector_language, deck.id)[:200], title=cleaned_title,
        projector_language=projector_language, languages=tuple(deck.languages), items=items,
        min_answers=min_answers, today=today, group=group))


TITLE_LIMIT = 200


def workshop_title(typed: str, fallback: str) -> str:
    """The name typed for a new workshop, on one line, or `fallback` (the deck's or template's) when
    none was typed. Too long or holding invisible characters is refused, never cut or cleaned quietly:
    the name is on the projector and in the report."""
    cleaned = folded_line(typed)
    if len(cleaned) > TITLE_LIMIT:
        raise Invalid("workshop.title_too_long")
    if has_hidden_characters(cleaned):
        raise Invalid(HIDDEN_CHARACTERS)
    return cleaned or fallback[:TITLE_LIMIT]


@dataclass(frozen=True)
class NewWorkshop:
    """Everything a new draft workshop is made of; `planned` holds each item's planned minutes, if any."""

    deck_id: int | None
    deck_title: str
    title: str
    projector_language: str
    languages: tuple[str, ...]
    items: list[AgendaCopy]
    min_answers: int
    today: dt.date
    planned: tuple[int | None, ...] = ()
    opening_script: str | None = None
    closing_script: str | None = None
    group: str | None = None  # the group label as typed; None or empty: the whole organisation


def store_new_workshop(database: Database, actor: Actor, new: NewWorkshop) -> WorkshopSummary:
    """A draft workshop with its agenda copies in order, a room code and, from a template, its run-sheet."""
    if actor.organisation_id is None or not actor.may_run_workshops_of(actor.organisation_id):
        raise Forbidden("workshop.forbidden")
    for _attempt in range(20):
        try:
            with database.transaction() as session:
                organisation = session.get(Organisation, actor.organisation_id)
                group_label = chosen_group(session, actor.organisation_id, new.group)
                workshop = Workshop(
                    help_text=organisation.help_text if organisation else None,
                    organisation_id=actor.organisation_id, created_by_id=actor.user_id, deck_id=new.deck_id,
                    deck_title=new.deck_title, title=new.title, projector_language=new.projector_language,
                    languages=",".join(new.languages), room_code=new_room_code(),
                    projector_secret=secrets.token_urlsafe(24), status=WorkshopStatus.DRAFT,
                    phase=Phase.CARD, min_answers=new.min_answers, created_on=new.today,
                    group_label=group_label,
                )
                session.add(workshop)
                session.flush()
                for position, (card_id, kind, card_json) in enumerate(new.items):
                    item = AgendaItem(workshop_id=workshop.id, position=position, card_id=card_id, kind=kind,
                                      card=card_json, shuffle_seed=random.SystemRandom().randrange(2**31))
                    session.add(item)
                    if position < len(new.planned):
                        session.flush()
                        run_sheets.plan(session, item.id, new.planned[position])
                if new.opening_script or new.closing_script:
                    sheet = run_sheets.sheet_of(session, workshop.id)
                    sheet.opening_script, sheet.closing_script = new.opening_script, new.closing_script
                audit.record_workshop(session, actor, audit.AuditAction.WORKSHOP_CREATED, workshop)
                session.flush()
                return _summary(session, workshop)
        except IntegrityError:
            continue  # the room code was taken by another open workshop: draw another
    raise Invalid("workshop.no_room_code")


def add_agenda_cards(database: Database, actor: Actor, workshop_id: int, deck_id: int, card_ids: list[str],
                     walk_mode: str = "self") -> int:
    """Cards from another deck, shipped or the organisation's own, at the end of a draft workshop's agenda.

    Returns how many agenda items were added (a power walk or a risk map counts as one).
    """
    _summary_row, deck = decks.open_deck(database, actor, deck_id)
    items = _agenda_items(deck, card_ids, walk_mode)
    with database.transaction() as session:
        workshop = _draft(session, actor, workshop_id)
        if workshop.projector_language not in deck.languages:
            raise Invalid("workshop.deck_lacks_language")
        last = session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.workshop_id == workshop.id))
        start = 0 if last is None else last + 1
        for offset, (card_id, kind, card_json) in enumerate(items):
            session.add(AgendaItem(workshop_id=workshop.id, position=start + offset, card_id=card_id, kind=kind,
                                   card=card_json, shuffle_seed=random.SystemRandom().randrange(2**31)))
        return len(items)


def _agenda_items(deck: Deck, card_ids: list[str], walk_mode: str) -> list[tuple[str, str, str]]:
    """Copies of the chosen cards; power statements become one walk and risk cards one risk map."""
    return gathered(deck, _agenda_copies(deck, card_ids), walk_mode)


def agenda_copies(deck: Deck, card_ids: list[str]) -> list[AgendaCopy]:
    """Copies of the chosen cards of one deck, in the order given, each with its theme's content note."""
    return _agenda_copies(deck, card_ids)


def _agenda_copies(deck: Deck, card_ids: list[str]) -> list[tuple[str, str, str]]:
    if not card_ids:
        raise Invalid("workshop.no_cards")
    if len(set(card_ids)) != len(card_ids):
        raise Invalid("workshop.card_twice")
    by_id = {}
    for theme in deck.themes:
        for card in theme.cards:
            data = card.model_dump(mode="json", exclude_none=True)
            if "content_note" not in data and theme.content_note:
                data["content_note"] = theme.content_note
            data["theme_title"] = theme.title
            by_id[card.id] = (card.id, card.kind, json.dumps(data, ensure_ascii=False))
    unknown = [card_id for card_id in card_ids if card_id not in by_id]
    if unknown:
        raise Invalid("workshop.unknown_card")
    return [by_id[card_id] for card_id in card_ids]


def list_workshops(database: Database, actor: Actor) -> list[WorkshopSummary]:
    with database.transaction() as session:
        # Only the actor's own organisation's: a server admin outside it sees none (see Actor).
        query = select(Workshop).where(Workshop.organisation_id == actor.organisation_id).order_by(Workshop.id.desc())
        return [_summary(session, workshop) for workshop in session.scalars(query)]


def workshop_for(database: Database, actor: Actor, workshop_id: int) -> WorkshopSummary:
    """A workshop the actor may run; another organisation's workshop is simply not found."""
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop.not_found")
        check_runs_workshops_of(actor, workshop.organisation_id)
        return _summary(session, workshop)


def workshop_summary(database: Database, workshop_id: int) -> WorkshopSummary | None:
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        return _summary(session, workshop) if workshop else None


def projector_may_watch(database: Database, workshop_id: int, secret: str) -> bool:
    summary = workshop_summary(database, workshop_id)
    return summary is not None and secrets.compare_digest(summary.projector_secret.encode(), secret.encode())


def open_workshop_by_code(database: Database, typed_code: str) -> WorkshopSummary:
    """The workshop a typed room code opens, while it is open or about to start."""
    code = normalised_room_code(typed_code)
    if code is None:
        raise Invalid("join.invalid_code")
    with database.transaction() as session:
        workshop = session.scalar(select(Workshop).where(Workshop.room_code == code,
                                                         Workshop.status != WorkshopStatus.ENDED))
        if workshop is None:
            raise NotFound("join.no_such_room")
        return _summary(session, workshop)


def join_workshop(database: Database, workshop_id: int, language: str) -> str:
    """A new anonymous participant; returns the random token for its cookie (only a hash is kept)."""
    token = secrets.token_urlsafe(32)
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None or workshop.status == WorkshopStatus.ENDED:
            raise NotFound("join.no_such_room")
        languages = workshop.languages.split(",")
        session.add(Participant(workshop_id=workshop_id, token_sha256=token_hash(token),
                                language=language if language in languages else workshop.projector_language))
    return token


def participant_cookie(workshop_id: int) -> str:
    """The name of the HttpOnly cookie that holds a phone's token for one workshop."""
    return f"cardapp_p_{workshop_id}"


def _participant_of(session: Session, workshop_id: int, token: str) -> Participant | None:
    """The participant a phone's token stands for, in this workshop only."""
    participant = session.scalar(select(Participant).where(Participant.token_sha256 == token_hash(token)))
    return participant if participant is not None and participant.workshop_id == workshop_id else None


def participant_for(database: Database, workshop_id: int, token: str | None) -> tuple[int, str] | None:
    """(id, language) of the participant a phone's cookie stands for, in this workshop only."""
    if not token:
        return None
    with database.transaction() as session:
        participant = _participant_of(session, workshop_id, token)
        if participant is None:
            return None
        return participant.id, participant.language


def phone_back_in_room(database: Database, workshop_id: int, token: str | None) -> tuple[int, str] | None:
    """`participant_for` for a phone that connects: one that had left is in the room again."""
    if not token:
        return None
    with database.transaction() as session:
        participant = _participant_of(session, workshop_id, token)
        if participant is None:
            return None
        if participant.left:
            participant.left = False
        return participant.id, participant.language


def move_agenda_item(database: Database, actor: Actor, workshop_id: int, position: int, offset: int) -> None:
    """Swap an item of a draft workshop's agenda with its neighbour (offset -1 or +1)."""
    with database.transaction() as session:
        workshop = _draft(session, actor, workshop_id)
        rows = session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id))
        items = {item.position: item for item in rows}
        other = position + offset
        if position not in items or other not in items:
            raise NotFound("workshop.no_such_item")
        first, second = items[position], items[other]
        # Positions are unique: park one item out of the way while the other moves.
        first.position = -1
        session.flush()
        second.position = position
        session.flush()
        first.position = other


def remove_agenda_item(database: Database, actor: Actor, workshop_id: int, position: int) -> None:
    with database.transaction() as session:
        workshop = _draft(session, actor, workshop_id)
        items = sorted(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)),
                       key=lambda item: item.position)
        if len(items) <= 1:
            raise Invalid("workshop.no_cards")
        doomed = next((item for item in items if item.position == position), None)
        if doomed is None:
            raise NotFound("workshop.no_such_item")
        session.delete(doomed)
        session.flush()
        for new_position, item in enumerate(i for i in items if i is not doomed):
            item.position = new_position
            session.flush()


def agenda_titles(database: Database, actor: Actor, workshop_id: int) -> list[tuple[int, str, str]]:
    """(position, kind, main text in the projector's language) of each agenda item."""
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop.not_found")
        check_runs_workshops_of(actor, workshop.organisation_id)
        rows = session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop_id)
                               .order_by(AgendaItem.position))
        titles = []
        for item in rows:
            titles.append((item.position, item.kind, card_title(json.loads(item.card), workshop.projector_language)))
        return titles


def _draft(session: Session, actor: Actor, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("workshop.not_found")
    check_runs_workshops_of(actor, workshop.organisation_id)
    if workshop.status != WorkshopStatus.DRAFT:
        raise Invalid("workshop.already_started")
    return workshop
