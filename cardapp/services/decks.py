"""Decks in the database: the shipped ones refreshed at start, and who sees which (each organisation its
own). Storing an organisation's deck (create, copy, save, import a file) is in deck_editing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select

from cardapp.domain.accounts import Actor
from cardapp.domain.deck_export import LibraryFilter, deck_matches
from cardapp.domain.deck_format import Deck
from cardapp.domain.deck_library import DeckLibrary, LoadedDeck
from cardapp.services.errors import NotFound
from cardapp.store.database import Database
from cardapp.store.models import StoredDeck

SHIPPED = "shipped"


@dataclass(frozen=True)
class DeckSummary:
    id: int
    slug: str
    title: str
    languages: tuple[str, ...]
    organisation_id: int | None
    version: str = ""  # the stored content's hash: a save based on an older version is refused

    @property
    def shipped(self) -> bool:
        return self.organisation_id is None


def _summary(row: StoredDeck) -> DeckSummary:
    return DeckSummary(row.id, row.slug, row.title, tuple(row.languages.split(",")), row.organisation_id,
                       row.content_sha256)


def refresh_shipped_decks(database: Database, library: DeckLibrary, today: dt.date) -> int:
    """Store the shipped decks found at start; returns how many were new or changed."""
    changed = 0
    with database.transaction() as session:
        stored = {
            row.slug: row for row in session.scalars(select(StoredDeck).where(StoredDeck.source == SHIPPED))
        }
        for deck_id, loaded in library.decks.items():
            row = stored.get(deck_id)
            if row is not None and row.content_sha256 == loaded.sha256:
                continue
            if row is None:
                row = StoredDeck(slug=deck_id, source=SHIPPED)
                session.add(row)
            _fill(row, loaded, today)
            changed += 1
    return changed


def fill_row(row: StoredDeck, loaded: LoadedDeck, today: dt.date) -> None:
    """Put a validated deck into its database row."""
    _fill(row, loaded, today)


def _fill(row: StoredDeck, loaded: LoadedDeck, today: dt.date) -> None:
    deck = loaded.deck
    row.title = deck.title.get("en") or next(iter(deck.title.values()))
    row.languages = ",".join(deck.languages)
    row.content = deck.model_dump_json()
    row.content_sha256 = loaded.sha256
    row.updated_on = today


def visible_decks(database: Database, actor: Actor | None) -> list[DeckSummary]:
    """The shipped decks for everyone, plus the decks of the actor's own organisation (admins too)."""
    # The query form of Actor.may_see_organisation: only the actor's own organisation, never another's.
    own = actor.organisation_id if actor is not None else None
    with database.transaction() as session:
        query = select(StoredDeck).order_by(StoredDeck.organisation_id.is_not(None), StoredDeck.title)
        if own is None:
            query = query.where(StoredDeck.organisation_id.is_(None))
        else:
            query = query.where(or_(StoredDeck.organisation_id.is_(None), StoredDeck.organisation_id == own))
        return [_summary(row) for row in session.scalars(query)]


def open_deck(database: Database, actor: Actor | None, deck_id: int) -> tuple[DeckSummary, Deck]:
    """One deck the actor may see; another organisation's deck is simply not found."""
    with database.transaction() as session:
        row = session.get(StoredDeck, deck_id)
        if row is None or not (row.organisation_id is None
                               or (actor is not None and actor.may_see_organisation(row.organisation_id))):
            raise NotFound("deck.not_found")
        return _summary(row), Deck.model_validate_json(row.content)


def open_deck_by_slug(database: Database, actor: Actor, slug: str) -> tuple[DeckSummary, Deck]:
    """The deck with this id (slug) in the actor's own organisation; NotFound when it has none.

    What `cardapp decks export --organisation` asks: ids are unique only within an organisation.
    """
    with database.transaction() as session:
        row = session.scalar(select(StoredDeck).where(StoredDeck.organisation_id == actor.organisation_id,
                                                      StoredDeck.slug == slug))
        if row is None or not actor.may_see_organisation(row.organisation_id):
            raise NotFound("deck.not_found")
        return _summary(row), Deck.model_validate_json(row.content)

def search_library(database: Database, actor: Actor | None, wanted: LibraryFilter) -> list[tuple[DeckSummary, Deck]]:
    """The decks the actor may see that match the filter, shipped ones first."""
    found = []
    for summary in visible_decks(database, actor):
        _summary_again, deck = open_deck(database, actor, summary.id)
        if deck_matches(deck, wanted):
            found.append((summary, deck))
    return found

