from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from cardapp import extensions
from tests.support.decks import minimal_deck, write_deck


@pytest.fixture
def settings(settings, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    write_deck(decks, "tiny.json", minimal_deck())
    write_deck(decks, "broken.json", "{ not json")
    return {**settings, "decks_dir": decks}


def test_the_deck_list_shows_the_loaded_decks_and_skips_broken_files(client: FlaskClient):
    page = client.get("/decks/").get_data(as_text=True)
    assert "Tiny deck" in page and "1 themes, 3 cards" in page


def deck_id(client: FlaskClient, slug: str) -> int:
    return next(d["id"] for d in client.get("/api/decks").get_json()["decks"] if d["slug"] == slug)


def test_a_deck_reads_in_the_visitors_language(client: FlaskClient):
    response = client.get(f"/decks/{deck_id(client, 'tiny-deck')}", headers={"Accept-Language": "nb"})
    page = response.get_data(as_text=True)
    assert "Hvem bestemmer hva som er normalt her?" in page
    assert "Who decides what is normal here?" not in page


def test_an_unknown_deck_is_not_found(client: FlaskClient):
    assert client.get("/decks/9999").status_code == 404
    assert client.get("/decks/nope").status_code == 404


def test_the_server_starts_even_when_a_deck_file_is_broken(app, caplog):
    assert "tiny-deck" in extensions.decks.of(app).decks
    assert [b.path.name for b in extensions.decks.of(app).broken] == ["broken.json"]
