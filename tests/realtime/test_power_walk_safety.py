"""A safer power walk: sensitive statements stay out of an "as yourself" walk unless chosen knowingly,
and the deck's own debrief questions reach the projector after the picture, never before."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from cardapp import extensions
from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Role
from cardapp.domain.deck_library import load_deck_folder
from cardapp.services import decks
from cardapp.store.models import AgendaItem
from tests.realtime.test_power_walk import open_walk, started, walk_through
from tests.support.accounts import make_user, post_form, sign_in
from tests.support.workshops import disconnect_all

POWER = load_deck_folder(PROJECT_ROOT / "decks").decks["do-you-have-power"].deck
SENSITIVE = {card.id for card in POWER.cards() if card.kind == "power" and card.sensitive}


@pytest.fixture
def facilitator(app: Flask) -> tuple[FlaskClient, int]:
    """A signed-in facilitator and the id of the shipped power deck."""
    make_user(app, "fasilitator@teater.no", Role.FACILITATOR, "Teater Nord")
    client = app.test_client()
    sign_in(client, "fasilitator@teater.no")
    database = extensions.database.of(app)
    return client, next(d.id for d in decks.visible_decks(database, None) if d.slug == "do-you-have-power")


def create(facilitator: tuple[FlaskClient, int], **form: object):  # type: ignore[no-untyped-def]
    client, deck_id = facilitator
    return post_form(client, "/workshops/new", {"deck": str(deck_id), "title": "Walk", "language": "en", **form})


def walk_statements(app: Flask) -> list[str]:
    with extensions.database.of(app).transaction() as session:
        cards = [json.loads(card) for card in session.scalars(select(AgendaItem.card))]
    return [statement["id"] for card in cards if card["kind"] == "power_walk" for statement in card["statements"]]


def test_the_deck_marks_the_statements_that_could_out_someone_as_sensitive():
    assert {"mn-private-life", "mn-really-from", "mn-building-works", "js-ill-for-a-month"} <= SENSITIVE
    assert len(POWER.debrief) == 5


def test_a_whole_deck_walk_as_yourselves_leaves_the_sensitive_statements_out(app, facilitator):
    assert create(facilitator, walk_mode="self", dimension="all").status_code == 303
    chosen = walk_statements(app)
    assert chosen and not SENSITIVE & set(chosen)
    assert len(chosen) == sum(1 for card in POWER.cards() if card.kind == "power") - len(SENSITIVE)


def test_sensitive_statements_come_in_when_included_knowingly_ticked_one_by_one_or_with_role_cards(app, facilitator):
    assert create(facilitator, walk_mode="self", dimension="majority-norm", include_sensitive="yes").status_code == 303
    assert create(facilitator, walk_mode="self", dimension="network", card="mn-really-from").status_code == 303
    assert create(facilitator, walk_mode="roles", dimension="money").status_code == 303
    with extensions.database.of(app).transaction() as session:
        walks = [json.loads(card) for card in session.scalars(select(AgendaItem.card).order_by(AgendaItem.id))]
        majority, ticked, roles = ([s["id"] for s in walk["statements"]] for walk in walks)
    in_majority_norm = {card.id for card in POWER.cards() if card.kind == "power" and card.dimension == "majority-norm"}
    assert set(majority) == in_majority_norm
    assert "mn-really-from" in ticked
    assert "mo-safety-net" in roles


def test_a_walk_as_yourselves_of_only_sensitive_statements_is_refused_with_a_way_out(app, facilitator):
    refused = create(facilitator, walk_mode="self", dimension="majority-norm")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Every statement you chose by dimension is sensitive" in page
    assert re.search(r'name="include_sensitive" value="yes"', page)
    assert walk_statements(app) == []


def test_the_picker_counts_the_sensitive_statements_of_each_dimension(facilitator):
    client, deck_id = facilitator
    page = client.get(f"/workshops/new?deck={deck_id}").get_data(as_text=True)
    majority = sum(1 for card in POWER.cards() if card.kind == "power" and card.dimension == "majority-norm")
    assert f"Belonging to the majority norm</span> ({majority} statements, {majority} sensitive)" in page
    assert "Include sensitive statements when people answer as themselves" in page


def test_the_projector_gets_the_decks_debrief_questions_only_with_the_picture(app):
    room = open_walk(app)
    try:
        item_id = started(room, phones=5)
        walk_through(room, item_id, [["yes"] * 5, ["no"] * 5, ["yes", "no"] * 2 + ["pass"], ["pass"] * 5, ["no"] * 5])
        assert room.last_state(room.projector)["current"]["walk"]["debrief"] == []
        room.command(room.console, "finish_power_walk")
        assert room.last_state(room.projector)["current"]["walk"]["debrief"] == []
        assert room.command(room.console, "reveal_power_walk") == {"ok": True}
        shown = room.last_state(room.projector)["current"]["walk"]
        assert shown["picture"]["suppressed"] is False
        assert shown["debrief"] == [question["en"] for question in POWER.debrief]
    finally:
        disconnect_all(room)
