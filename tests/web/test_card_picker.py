"""The card picker of a new workshop shows each card's minutes and intensity and filters without JavaScript."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cardapp.domain.accounts import Role
from tests.support.accounts import csrf_token, make_user, sign_in
from tests.support.decks import minimal_deck


def planned_deck() -> dict[str, object]:
    deck = minimal_deck()
    question, statement, power = deck["themes"][0]["cards"]  # type: ignore[index]
    question.update(minutes=15, intensity="deep", audience=["leaders"])
    statement.update(minutes=5, intensity="light", audience=["everyone"])
    power.update(minutes=2)  # no intensity: a filter by intensity cannot promise anything about it
    return deck


@pytest.fixture
def picker(app: Flask, client: FlaskClient) -> tuple[FlaskClient, int]:
    make_user(app, "kari@nord.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "kari@nord.no")
    created = client.post("/api/decks/new", json={"deck": planned_deck()}, headers={"X-CSRFToken": csrf_token(client)})
    assert created.status_code == 201
    return client, created.get_json()["id"]


def offered(page: str) -> list[str]:
    return re.findall(r'name="card" value="([^"]+)"', page)


def test_the_picker_shows_minutes_and_intensity_beside_each_card(picker):
    client, deck_id = picker
    page = client.get(f"/workshops/new?deck={deck_id}").get_data(as_text=True)
    assert offered(page) == ["who-decides", "hug-after-premiere", "knows-people"]
    assert "15 min · deep" in page and "5 min · light" in page and "2 min" in page


def test_filtering_by_intensity_and_minutes_offers_only_the_matching_cards(picker):
    client, deck_id = picker
    light = client.get(f"/workshops/new?deck={deck_id}&intensity=light&intensity=medium").get_data(as_text=True)
    assert offered(light) == ["hug-after-premiere"]
    assert "Showing 1 of 3 cards." in light
    short = client.get(f"/workshops/new?deck={deck_id}&max_minutes=10").get_data(as_text=True)
    assert offered(short) == ["hug-after-premiere", "knows-people"]
    assert 'name="max_minutes" type="number" min="1" max="240" inputmode="numeric" value="10"' in short


def test_filtering_by_audience_keeps_the_cards_written_for_everyone(picker):
    client, deck_id = picker
    leaders = client.get(f"/workshops/new?deck={deck_id}&audience=leaders").get_data(as_text=True)
    assert offered(leaders) == ["who-decides", "hug-after-premiere"]
    everyone = client.get(f"/workshops/new?deck={deck_id}&audience=everyone").get_data(as_text=True)
    assert offered(everyone) == ["hug-after-premiere"]


def test_a_filter_value_the_picker_cannot_use_is_named_and_every_card_is_offered(picker):
    client, deck_id = picker
    response = client.get(f"/workshops/new?deck={deck_id}&intensity=extreme")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The intensity &#34;extreme&#34; is not one we know." in page
    assert offered(page) == ["who-decides", "hug-after-premiere", "knows-people"]
    client.set_cookie("cardapp_lang", "nb")
    norwegian = client.get(f"/workshops/new?deck={deck_id}&max_minutes=lots").get_data(as_text=True)
    assert "Minutter må være et helt tall fra 1 til 240." in norwegian


def test_a_new_workshop_takes_its_group_from_the_form_and_keeps_it_until_the_start(picker):
    client, deck_id = picker
    page = client.get(f"/workshops/new?deck={deck_id}").get_data(as_text=True)
    assert 'name="group"' in page and 'list="group-labels"' in page and "withheld" in page
    made = client.post("/workshops/new", data={"csrf_token": csrf_token(client), "deck": str(deck_id),
                                               "language": "en", "group": " Stage  crew", "card": ["who-decides"]})
    assert made.status_code == 303, made.get_data(as_text=True)
    agenda = made.headers["Location"]
    assert 'value="Stage crew"' in client.get(agenda).get_data(as_text=True)
    workshop_id = agenda.split("/")[2]
    too_long = client.post(f"/workshops/{workshop_id}/group",
                           data={"csrf_token": csrf_token(client), "group": "x" * 61})
    assert too_long.status_code == 422 and "at most 60 characters" in too_long.get_data(as_text=True)
    for language, message in (("en", "cannot hold invisible or control characters"),
                              ("nb", "kan ikke inneholde usynlige tegn")):
        client.set_cookie("cardapp_lang", language)
        hidden = client.post(f"/workshops/{workshop_id}/group",
                             data={"csrf_token": csrf_token(client), "group": "Stage \u202ewerc"})
        assert hidden.status_code == 422 and message in hidden.get_data(as_text=True)
    client.delete_cookie("cardapp_lang")
    assert 'value="Stage crew"' in client.get(agenda).get_data(as_text=True)
