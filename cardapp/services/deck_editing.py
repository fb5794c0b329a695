"""Organisers adapt decks: create, copy a shipped deck, save edits, delete, export and import files.

Every save runs the same validator as `cardapp decks validate`; nothing invalid is stored. The stored
content's hash is the deck's version: a save that started from an older version is refused, so two
organisers editing the same deck never silently overwrite each other. Workshops keep their own copy
of the cards they use (AgendaItem), so nothing here changes a past workshop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.deck_export import deck_file_name, deck_file_text, free_slug
from cardapp.domain.deck_format import MAX_DECK_BYTES, Deck
from cardapp.domain.deck_library import LoadedDeck
from cardapp.domain.deck_validation import DeckProblem, check_deck_bytes, check_deck_data
from cardapp.services import audit
from cardapp.services.decks import DeckSummary, fill_row, open_deck
from cardapp.services.errors import Conflict, DeckInvalid, Forbidden, NotFound
from cardapp.store.database import Database
from cardapp.store.models import StoredDeck


@dataclass(frozen=True)
class EditableDeck:
    """A deck as the editor loads it: its data in the file format, its version, and what the actor may do."""

    summary: DeckSummary
    data: dict[str, Any]
    may_edit: bool


def check_draft(data: Any) -> tuple[DeckProblem, ...]:
    """Every problem of a draft deck, as `cardapp decks validate` reports them; nothing is stored."""
    size = len(json.dumps(data, ensure_ascii=False).encode())
    if size > MAX_DECK_BYTES:
        return (DeckProblem("$", f"deck is {size:,} bytes; a deck may be at most {MAX_DECK_BYTES:,} bytes"),)
    return check_deck_data(data).problems


def editable_deck(database: Database, actor: Actor | None, deck_id: int) -> EditableDeck:
    """The deck for the editor; another organisation's deck is simply not found."""
    summary, deck = open_deck(database, actor, deck_id)
    may_edit = actor is not None and actor.may_edit_decks_of(summary.organisation_id)
    return EditableDeck(summary, json.loads(deck_file_text(deck)), may_edit)


def create_deck(database: Database, actor: Actor, data: Any, today: dt.date) -> DeckSummary:
    """Store a new deck in the actor's organisation, or DeckInvalid with every problem."""
    organisation_id = _editable_organisation(actor)
    deck = _valid(data)
    with database.transaction() as session:
        if deck.id in _slugs(session, organisation_id):
            raise Conflict("deck.exists", id=deck.id)
        return _store(session, actor, StoredDeck(slug=deck.id, source=_source(organisation_id),
                                          organisation_id=organisation_id), deck, today)


def copy_deck(database: Database, actor: Actor, deck_id: int, today: dt.date) -> DeckSummary:
    """A copy of a deck the actor may see, as a deck of the actor's organisation to adapt."""
    organisation_id = _editable_organisation(actor)
    _summary, deck = open_deck(database, actor, deck_id)
    with database.transaction() as session:
        slug = free_slug(deck.id, _slugs(session, organisation_id))
        copied = deck.model_copy(update={"id": slug})
        return _store(session, actor, StoredDeck(slug=slug, source=_source(organisation_id),
                                          organisation_id=organisation_id), copied, today)


def save_deck(
    database: Database, actor: Actor, deck_id: int, data: Any, version: str, today: dt.date
) -> DeckSummary:
    """Replace a deck's content if nobody saved it since `version` was loaded."""
    deck = _valid(data)
    with database.transaction() as session:
        row = _row_to_edit(session, actor, deck_id)
        if row.content_sha256 != version:
            raise Conflict("deck.changed_elsewhere")
        if deck.id != row.slug and deck.id in _slugs(session, row.organisation_id):
            raise Conflict("deck.exists", id=deck.id)
        row.slug = deck.id
        return _store(session, actor, row, deck, today)


def delete_deck(database: Database, actor: Actor, deck_id: int) -> str:
    """Delete an organisation's deck; workshops that used it keep their own copy of its cards."""
    with database.transaction() as session:
        row = _row_to_edit(session, actor, deck_id)
        title = row.title
        audit.record(session, actor, AuditAction.DECK_DELETED, SubjectKind.DECK, row.id, title,
                     organisation_id=row.organisation_id)
        session.delete(row)
        return title


def export_deck(database: Database, actor: Actor | None, deck_id: int) -> tuple[str, str]:
    """The file name and text of a deck the actor may see, in the shipped format."""
    _summary, deck = open_deck(database, actor, deck_id)
    return deck_file_name(deck), deck_file_text(deck)


def import_deck_file(
    database: Database, actor: Actor, raw: bytes, today: dt.date, replace: bool = False
) -> DeckSummary:
    """Store a deck file in the actor's organisation; with `replace`, a deck with the same id is updated."""
    organisation_id = _editable_organisation(actor)
    check = check_deck_bytes(raw)
    if check.deck is None:
        raise DeckInvalid(check.problems)
    deck = check.deck
    with database.transaction() as session:
        row = session.scalar(select(StoredDeck).where(StoredDeck.source == _source(organisation_id),
                                                      StoredDeck.slug == deck.id))
        if row is not None and not replace:
            raise Conflict("deck.exists", id=deck.id)
        if row is None:
            row = StoredDeck(slug=deck.id, source=_source(organisation_id), organisation_id=organisation_id)
        return _store(session, actor, row, deck, today)


def _valid(data: Any) -> Deck:
    problems = check_draft(data)
    if problems:
        raise DeckInvalid(problems)
    check = check_deck_data(data)
    assert check.deck is not None
    return check.deck


def _editable_organisation(actor: Actor) -> int:
    if actor.organisation_id is None or not actor.may_edit_decks_of(actor.organisation_id):
        raise Forbidden("deck.forbidden")
    return actor.organisation_id


def _row_to_edit(session: Session, actor: Actor, deck_id: int) -> StoredDeck:
    # Locked (on PostgreSQL) until the save commits: two saves from the same version then run one
    # after the other, and the second sees the changed version and is refused, never overwriting.
    row = session.get(StoredDeck, deck_id, with_for_update=True)
    if row is None or not (row.organisation_id is None or actor.may_see_organisation(row.organisation_id)):
        raise NotFound("deck.not_found")
    if row.organisation_id is None:
        raise Forbidden("deck.shipped_read_only")
    if not actor.may_edit_decks_of(row.organisation_id):
        raise Forbidden("deck.forbidden")
    return row


def _source(organisation_id: int) -> str:
    return f"org-{organisation_id}"


def _slugs(session: Session, organisation_id: int | None) -> set[str]:
    return set(session.scalars(select(StoredDeck.slug).where(StoredDeck.organisation_id == organisation_id)))


def _store(session: Session, actor: Actor, row: StoredDeck, deck: Deck, today: dt.date) -> DeckSummary:
    text = deck_file_text(deck)
    created = row.id is None
    fill_row(row, LoadedDeck(deck, path=None, sha256=hashlib.sha256(text.encode()).hexdigest()), today)
    session.add(row)
    try:
        with session.begin_nested():  # a double-clicked copy, or two creates with one id at once
            session.flush()
    except IntegrityError:
        raise Conflict("deck.exists", id=deck.id) from None
    audit.record(session, actor, AuditAction.DECK_CREATED if created else AuditAction.DECK_CHANGED,
                 SubjectKind.DECK, row.id, row.title, organisation_id=row.organisation_id)
    return DeckSummary(row.id, row.slug, row.title, tuple(row.languages.split(",")), row.organisation_id,
                       row.content_sha256)
