from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from cardapp.domain.accounts import Actor, Role
from cardapp.services import accounts, deck_editing, decks
from cardapp.services.errors import Conflict, DeckInvalid, Forbidden, NotFound
from cardapp.store.database import Database
from cardapp.store.models import StoredDeck
from tests.support.accounts import NOW, SYSTEM
from tests.support.decks import minimal_deck


def organisers(database: Database) -> tuple[Actor, Actor]:
    north = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    south = accounts.create_organisation(database, SYSTEM, "Festival Sør", NOW.date())
    return Actor(1, Role.ORGANISER, north.id), Actor(2, Role.ORGANISER, south.id)


def test_an_organisations_deck_is_invisible_to_other_organisations(database):
    north, south = organisers(database)
    stored = deck_editing.import_deck_file(database, north, json.dumps(minimal_deck()).encode(), NOW.date())
    assert [d.slug for d in decks.visible_decks(database, north)] == ["tiny-deck"]
    assert decks.visible_decks(database, south) == []
    assert decks.visible_decks(database, None) == []
    with pytest.raises(NotFound):
        decks.open_deck(database, south, stored.id)
    assert decks.open_deck(database, north, stored.id)[1].id == "tiny-deck"



def test_a_server_admin_sees_the_shipped_decks_and_their_own_organisations_but_no_others(database):
    north, south = organisers(database)
    northern = deck_editing.create_deck(database, north, minimal_deck(), NOW.date())
    southern = deck_editing.create_deck(database, south, minimal_deck(id="southern"), NOW.date())
    outside_admin = Actor(9, Role.ADMIN, None)
    member_admin = Actor(10, Role.ADMIN, south.organisation_id)
    assert decks.visible_decks(database, outside_admin) == []
    assert [d.slug for d in decks.visible_decks(database, member_admin)] == ["southern"]
    for admin, deck in ((outside_admin, northern), (outside_admin, southern), (member_admin, northern)):
        with pytest.raises(NotFound):
            decks.open_deck(database, admin, deck.id)
    assert decks.open_deck(database, member_admin, southern.id)[1].id == "southern"


def test_an_invalid_deck_is_refused_with_every_problem_and_nothing_is_stored(database):
    north, _south = organisers(database)
    deck = minimal_deck()
    del deck["themes"][0]["cards"][0]["prompt"]["nb"]
    deck["themes"][0]["cards"][1]["text"]["en"] = "<b>bold</b>"
    with pytest.raises(DeckInvalid) as refused:
        deck_editing.import_deck_file(database, north, json.dumps(deck).encode(), NOW.date())
    assert [p.where for p in refused.value.problems] == [
        "$.themes[0].cards[0].prompt.nb", "$.themes[0].cards[1].text.en"
    ]
    with database.transaction() as session:
        assert session.scalar(select(func.count(StoredDeck.id))) == 0


def test_facilitators_cannot_add_decks_and_ids_are_unique_per_organisation(database):
    north, south = organisers(database)
    raw = json.dumps(minimal_deck()).encode()
    with pytest.raises(Forbidden):
        deck_editing.import_deck_file(database, Actor(3, Role.FACILITATOR, north.organisation_id), raw, NOW.date())
    deck_editing.import_deck_file(database, north, raw, NOW.date())
    with pytest.raises(Conflict):
        deck_editing.import_deck_file(database, north, raw, NOW.date())
    deck_editing.import_deck_file(database, south, raw, NOW.date())  # the same id in another organisation is fine
