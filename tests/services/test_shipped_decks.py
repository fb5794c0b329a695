from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from cardapp.domain.deck_library import load_deck_folder
from cardapp.services.decks import refresh_shipped_decks
from cardapp.store.database import Database
from cardapp.store.models import StoredDeck
from tests.support.decks import minimal_deck, write_deck

TODAY = dt.date(2026, 11, 22)


def stored_decks(database: Database) -> dict[str, StoredDeck]:
    with database.transaction() as session:
        return {row.slug: row for row in session.scalars(select(StoredDeck))}


def test_shipped_decks_are_stored_once_and_refreshed_when_their_file_changes(tmp_path: Path, database: Database):
    decks = tmp_path / "decks"
    decks.mkdir()
    write_deck(decks, "tiny.json", minimal_deck())

    assert refresh_shipped_decks(database, load_deck_folder(decks), TODAY) == 1
    assert refresh_shipped_decks(database, load_deck_folder(decks), TODAY) == 0

    changed = minimal_deck(title={"en": "Renamed", "nb": "Nytt navn"})
    write_deck(decks, "tiny.json", changed)
    assert refresh_shipped_decks(database, load_deck_folder(decks), TODAY) == 1
    row = stored_decks(database)["tiny-deck"]
    assert row.title == "Renamed"
    assert row.languages == "en,nb"
    assert json.loads(row.content)["title"]["nb"] == "Nytt navn"


def test_a_broken_deck_file_is_reported_and_the_others_still_load(tmp_path: Path, database: Database):
    decks = tmp_path / "decks"
    decks.mkdir()
    write_deck(decks, "good.json", minimal_deck())
    write_deck(decks, "broken.json", '{"schema_version": 1,')
    write_deck(decks, "same-id.json", minimal_deck())
    library = load_deck_folder(decks)
    assert list(library.decks) == ["tiny-deck"]
    reported = {broken.path.name: [p.message for p in broken.problems] for broken in library.broken}
    assert reported["broken.json"] == [
        "invalid JSON at line 1, column 22: Expecting property name enclosed in double quotes"
    ]
    assert reported["same-id.json"] == ["deck id 'tiny-deck' is also used by good.json"]
    refresh_shipped_decks(database, library, TODAY)
    assert list(stored_decks(database)) == ["tiny-deck"]
