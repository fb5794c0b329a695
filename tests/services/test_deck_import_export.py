"""Decks as files and decks being edited: round trips, refused files, versions and past workshops."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Actor, Role
from cardapp.domain.deck_export import LibraryFilter, deck_file_text
from cardapp.domain.deck_library import deck_files, load_deck_folder
from cardapp.domain.deck_validation import check_deck_bytes
from cardapp.services import accounts, deck_editing, decks, workshops
from cardapp.services.errors import Conflict, DeckInvalid, Forbidden, NotFound
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, StoredDeck, Workshop
from tests.support.accounts import NOW, PASSWORD, SYSTEM
from tests.support.decks import minimal_deck

SHIPPED_FILES = deck_files(PROJECT_ROOT / "decks")


def person(database: Database, email: str, role: Role, organisation_id: int) -> Actor:
    token = accounts.invite(database, SYSTEM, email, role, organisation_id, NOW)
    return accounts.accept_invitation(database, token, PASSWORD, NOW).actor


def people(database: Database) -> tuple[Actor, Actor, Actor]:
    """An organiser and a facilitator of one organisation, and an organiser of another."""
    north = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    south = accounts.create_organisation(database, SYSTEM, "Festival Sør", NOW.date())
    return (person(database, "kari@nord.no", Role.ORGANISER, north.id),
            person(database, "ola@nord.no", Role.FACILITATOR, north.id),
            person(database, "sara@sor.no", Role.ORGANISER, south.id))


def shipped(database: Database) -> dict[str, int]:
    decks.refresh_shipped_decks(database, load_deck_folder(PROJECT_ROOT / "decks"), NOW.date())
    return {d.slug: d.id for d in decks.visible_decks(database, None)}


def deck_count(database: Database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count(StoredDeck.id))) or 0


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[p.stem for p in SHIPPED_FILES])
def test_every_shipped_deck_exported_and_imported_again_is_the_same_deck(database, path):
    organiser, _facilitator, _other = people(database)
    original = check_deck_bytes(path.read_bytes()).deck
    name, exported = deck_editing.export_deck(database, None, shipped(database)[original.id])
    assert name == path.name
    assert check_deck_bytes(exported.encode()).deck == original
    imported = deck_editing.import_deck_file(database, organiser, exported.encode(), NOW.date())
    assert decks.open_deck(database, organiser, imported.id)[1] == original
    assert deck_editing.export_deck(database, organiser, imported.id) == (name, exported)


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[p.stem for p in SHIPPED_FILES])
def test_every_shipped_deck_exports_as_its_own_file_byte_for_byte(path):
    # Every shipped file is written the canonical way (two-space JSON, fields in the model's order,
    # defaults left out), so an organiser who exports a shipped deck and diffs it sees no changes.
    deck = check_deck_bytes(path.read_bytes()).deck
    assert deck_file_text(deck) == path.read_text("utf-8")


def test_an_organisations_deck_is_found_by_its_id_for_export_and_no_other_organisations_is(database):
    organiser, facilitator, other = people(database)
    ours = deck_editing.create_deck(database, organiser, minimal_deck(author="Teater Nord"), NOW.date())
    deck_editing.create_deck(database, other, minimal_deck(author="Festival Sør"), NOW.date())
    summary, deck = decks.open_deck_by_slug(database, facilitator, "tiny-deck")
    assert (summary.id, deck.author) == (ours.id, "Teater Nord")
    assert deck_file_text(deck) == deck_editing.export_deck(database, organiser, ours.id)[1]
    with pytest.raises(NotFound):
        decks.open_deck_by_slug(database, organiser, "no-such-deck")
    with pytest.raises(NotFound):  # a shipped deck is exported from the files, not found here
        decks.open_deck_by_slug(database, organiser, next(iter(shipped(database))))


def ten_faults() -> dict:
    deck = minimal_deck(id="Not A Slug", colour="blue")
    del deck["title"]["nb"]
    del deck["author"]
    deck["license"] = "   "
    theme = deck["themes"][0]
    theme["title"]["en"] = "<b>Norms</b>"
    cards = theme["cards"]
    del cards[0]["notes"]
    cards[1]["scale"] = "maybe"
    cards[2]["text"]["en"] = "Read more at www.example.org"
    cards.append({"id": "poem", "kind": "poem", "text": {"en": "A poem", "nb": "Et dikt"}})
    return deck


def test_a_file_with_ten_faults_is_refused_with_ten_messages_and_nothing_is_stored(database):
    organiser, _facilitator, _other = people(database)
    with pytest.raises(DeckInvalid) as refused:
        deck_editing.import_deck_file(database, organiser, json.dumps(ten_faults()).encode(), NOW.date())
    assert [p.where for p in refused.value.problems] == [
        "$.id", "$.title.nb", "$.author", "$.license", "$.themes[0].title.en",
        "$.themes[0].cards[0].notes", "$.themes[0].cards[1].scale", "$.themes[0].cards[2].text.en",
        "$.themes[0].cards[3]", "$.colour",
    ], [f"{p.where}: {p.message}" for p in refused.value.problems]
    assert all(p.message for p in refused.value.problems)
    assert deck_count(database) == 0


def test_too_large_a_file_is_refused_before_it_is_read_as_json(database):
    organiser, _facilitator, _other = people(database)
    with pytest.raises(DeckInvalid) as refused:
        deck_editing.import_deck_file(database, organiser, b" " * (2 * 1024 * 1024 + 1), NOW.date())
    assert "a deck may be at most 2,097,152 bytes" in refused.value.problems[0].message
    assert deck_count(database) == 0


def test_an_organiser_copies_a_shipped_deck_that_only_their_organisation_sees(database):
    organiser, facilitator, other = people(database)
    shipped_id = shipped(database)["conversation-cards"]
    copy = deck_editing.copy_deck(database, organiser, shipped_id, NOW.date())
    again = deck_editing.copy_deck(database, organiser, shipped_id, NOW.date())
    assert (copy.slug, again.slug) == ("conversation-cards", "conversation-cards-2")
    assert copy.id in {d.id for d in decks.visible_decks(database, facilitator)}
    assert copy.id not in {d.id for d in decks.visible_decks(database, other)}
    with pytest.raises(NotFound):
        deck_editing.editable_deck(database, other, copy.id)
    assert deck_editing.editable_deck(database, organiser, copy.id).may_edit
    assert not deck_editing.editable_deck(database, facilitator, copy.id).may_edit
    with pytest.raises(Forbidden):
        deck_editing.copy_deck(database, facilitator, shipped_id, NOW.date())


def test_shipped_decks_and_other_peoples_decks_cannot_be_saved_or_deleted(database):
    organiser, facilitator, other = people(database)
    shipped_id = shipped(database)["risk-map"]
    data = deck_editing.editable_deck(database, organiser, shipped_id).data
    with pytest.raises(Forbidden) as refused:
        deck_editing.save_deck(database, organiser, shipped_id, data, "", NOW.date())
    assert refused.value.key == "deck.shipped_read_only"
    own = deck_editing.create_deck(database, organiser, minimal_deck(), NOW.date())
    with pytest.raises(Forbidden):
        deck_editing.save_deck(database, facilitator, own.id, minimal_deck(), own.version, NOW.date())
    with pytest.raises(NotFound):
        deck_editing.delete_deck(database, other, own.id)
    with pytest.raises(Forbidden):
        deck_editing.delete_deck(database, facilitator, own.id)
    assert deck_count(database) == len(SHIPPED_FILES) + 1


def test_the_second_of_two_saves_from_the_same_version_is_refused(database):
    organiser, _facilitator, _other = people(database)
    created = deck_editing.create_deck(database, organiser, minimal_deck(), NOW.date())
    first = minimal_deck(author="First organiser")
    second = minimal_deck(author="Second organiser")
    saved = deck_editing.save_deck(database, organiser, created.id, first, created.version, NOW.date())
    assert saved.version != created.version
    with pytest.raises(Conflict) as refused:
        deck_editing.save_deck(database, organiser, created.id, second, created.version, NOW.date())
    assert refused.value.key == "deck.changed_elsewhere"
    assert decks.open_deck(database, organiser, created.id)[1].author == "First organiser"


def test_an_invalid_save_stores_nothing_and_lists_every_problem(database):
    organiser, _facilitator, _other = people(database)
    created = deck_editing.create_deck(database, organiser, minimal_deck(), NOW.date())
    broken = minimal_deck()
    del broken["themes"][0]["cards"][0]["prompt"]["nb"]
    with pytest.raises(DeckInvalid) as refused:
        deck_editing.save_deck(database, organiser, created.id, broken, created.version, NOW.date())
    assert [(p.where, p.message) for p in refused.value.problems] == [
        ("$.themes[0].cards[0].prompt.nb", "missing text for language nb")]
    assert deck_editing.editable_deck(database, organiser, created.id).summary.version == created.version


def test_editing_or_deleting_a_deck_never_changes_a_past_workshop(database):
    organiser, facilitator, _other = people(database)
    created = deck_editing.create_deck(database, organiser, minimal_deck(), NOW.date())
    workshop = workshops.create_workshop(database, facilitator, created.id, "Autumn", "en",
                                         ["who-decides", "hug-after-premiere"], 5, NOW.date())
    before = workshops.agenda_titles(database, facilitator, workshop.id)
    edited = minimal_deck()
    edited["themes"][0]["cards"][0]["prompt"] = {"en": "Rewritten question?", "nb": "Omskrevet spørsmål?"}
    del edited["themes"][0]["cards"][1]
    deck_editing.save_deck(database, organiser, created.id, edited, created.version, NOW.date())
    assert workshops.agenda_titles(database, facilitator, workshop.id) == before
    deck_editing.delete_deck(database, organiser, created.id)
    assert workshops.agenda_titles(database, facilitator, workshop.id) == before
    with database.transaction() as session:
        assert session.get(Workshop, workshop.id).deck_id is None
        cards = [json.loads(item.card) for item in session.scalars(
            select(AgendaItem).where(AgendaItem.workshop_id == workshop.id).order_by(AgendaItem.position))]
    assert cards[0]["prompt"]["en"] == "Who decides what is normal here?"
    assert cards[1]["text"]["nb"] == "En klem etter premieren."


def test_the_library_finds_decks_by_words_theme_kind_and_language(database):
    organiser, _facilitator, _other = people(database)
    shipped(database)
    deck_editing.create_deck(database, organiser, minimal_deck(), NOW.date())

    def found(**wanted: str) -> list[str]:
        return sorted(s.slug for s, _deck in decks.search_library(database, organiser, LibraryFilter(**wanted)))

    assert "tiny-deck" in found()
    assert found(text="A HUG after  the premiere") == ["tiny-deck"]
    assert found(text="en klem etter") == ["tiny-deck"]
    assert "tiny-deck" in found(kind="power") and "conversation-cards" not in found(kind="power")
    assert found(kind="risk") == ["risk-map"]
    assert found(theme="normer", kind="statement") == sorted(
        s for s in found(theme="normer") if s in found(kind="statement"))
    assert found(language="de") == []
    assert found(text="no such words anywhere") == []
    assert "tiny-deck" not in {s.slug for s, _deck in decks.search_library(database, None, LibraryFilter())}
