"""What the new-pulse form offers: the risk factors and statements of the decks the organiser may see,
the ended workshops a pulse may follow up, and the measures it may evidence."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cardapp.domain.accounts import Actor
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.workshops import localized
from cardapp.services.decks import open_deck, visible_decks
from cardapp.services.programme_access import ensure_programme, readable_organisation
from cardapp.store.database import Database
from cardapp.store.models import Workshop
from cardapp.store.programme import ProgrammeMeasure

ASKABLE = ("risk", "statement")


@dataclass(frozen=True)
class CardChoice:
    value: str  # "<deck id>:<card id>", as the form sends it back
    kind: str
    text: str


@dataclass(frozen=True)
class DeckChoice:
    title: str
    themes: tuple[tuple[str, tuple[CardChoice, ...]], ...]


@dataclass(frozen=True)
class FormChoices:
    decks: tuple[DeckChoice, ...]
    workshops: tuple[tuple[int, str], ...]
    measures: tuple[tuple[int, str | None, str | None], ...]  # id, default key, own title


def form_choices(database: Database, actor: Actor, language: str) -> FormChoices:
    organisation_id = readable_organisation(actor)
    decks = []
    for summary in visible_decks(database, actor):
        _summary, deck = open_deck(database, actor, summary.id)
        themes = []
        for theme in deck.themes:
            cards = tuple(CardChoice(f"{summary.id}:{card.id}", card.kind,
                                     localized(dict(getattr(card, "name", None) or getattr(card, "text", {})),
                                               language, deck.languages[0]) or card.id)
                          for card in theme.cards if card.kind in ASKABLE)
            if cards:
                themes.append((localized(dict(theme.title), language, deck.languages[0]) or theme.id, cards))
        if themes:
            decks.append(DeckChoice(localized(dict(deck.title), language, deck.languages[0]) or summary.title,
                                    tuple(themes)))
    ensure_programme(database, organisation_id)
    with database.transaction() as session:
        workshops = session.execute(select(Workshop.id, Workshop.title).where(
            Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.ENDED)
            .order_by(Workshop.ended_on.desc(), Workshop.id.desc())).all()
        measures = session.execute(select(ProgrammeMeasure.id, ProgrammeMeasure.default_key, ProgrammeMeasure.title)
                                   .where(ProgrammeMeasure.organisation_id == organisation_id,
                                          ProgrammeMeasure.hidden.is_(False))
                                   .order_by(ProgrammeMeasure.position, ProgrammeMeasure.id)).all()
    return FormChoices(tuple(decks), tuple((wid, title) for wid, title in workshops),
                       tuple((mid, key, title) for mid, key, title in measures))
