"""The exact keys each screen receives in each state: a new key fails here until someone decides
that screen may have it (and declares it in `cardapp/services/payloads.py` or the exercise's part)."""

from __future__ import annotations

import uuid

import pytest

from tests.realtime.test_power_walk import open_walk
from tests.support.workshops import Room, disconnect_all, open_room

PHONE = {"screen", "language", "workshop", "current", "closing"}
SCREEN = PHONE | {"connected"}  # the facilitator's screens say how many phones are here; phones are not told
CONSOLE = SCREEN | {"agenda", "moderation", "pauses_recent", "agreements", "projector_url", "run_sheet"}
PROJECTOR = SCREEN | {"timer"}  # the calm countdown, null unless the facilitator shows it; never on a phone
WORKSHOP = {"id", "title", "status", "room_code", "join_url", "min_answers", "item_count"}
PHONE_CURRENT = {"position", "item_id", "card_id", "kind", "phase", "content_note", "text", "text_language",
                 "follow_ups", "prompts", "choices", "round", "answers_open", "results", "reflections"}
CURRENT = PHONE_CURRENT | {"answered"}  # no phone learns how many answered: it could ask at any moment
CONSOLE_CURRENT = CURRENT | {"notes"}
OWN_PHONE_CURRENT = PHONE_CURRENT | {"my_answer", "my_reflection_sent"}
WALK = {"mode", "status", "step", "count", "statement", "dimensions", "note", "picture", "debrief"}
MAP = {"factors", "choices", "ranked", "measures"}
FACTOR = {"id", "name", "description", "examples"}


@pytest.fixture
def room(app):
    opened = open_room(app)
    yield opened
    disconnect_all(opened)


def test_before_the_start_each_screen_gets_only_its_own_fields(room: Room):
    phone = room.join_phone()
    console, projector, own = room.last_state(room.console), room.last_state(room.projector), room.last_state(phone)
    assert set(console) == CONSOLE and set(projector) == PROJECTOR and set(own) == PHONE
    assert set(console["workshop"]) == set(projector["workshop"]) == set(own["workshop"]) == WORKSHOP
    assert set(console["moderation"]) == {"pending", "held", "approved", "questions"}
    assert set(console["moderation"]["questions"]) == {"pending", "held", "approved", "removable"}
    agenda_entry = {"position", "item_id", "kind", "title", "status", "revealed"}
    assert console["agenda"] and all(set(entry) == agenda_entry for entry in console["agenda"])


def test_a_shown_statement_reaches_each_screen_with_exactly_its_fields(room: Room):
    phone = room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    assert set(room.last_state(room.console)["current"]) == CONSOLE_CURRENT
    assert set(room.last_state(room.projector)["current"]) == CURRENT
    # A broadcast to all phones leaves out what belongs to one phone; its own snapshot holds it.
    assert set(room.last_state(phone)["current"]) == PHONE_CURRENT
    again = room.join_phone()
    assert set(room.last_state(again)["current"]) == OWN_PHONE_CURRENT
    assert set(room.last_state(again)["current"]["reflections"]) == {"open", "shown"}


def test_results_carry_counts_only_when_shown_and_the_minimum_only_when_suppressed(room: Room):
    for _ in range(5):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    item_id = room.last_state(room.console)["current"]["item_id"]
    for phone in room.phones[:4]:
        assert room.answer(phone, item_id, "agree")["ok"]
    room.command(room.console, "reveal_results")
    assert set(room.last_state(room.projector)["current"]["results"]) == {"suppressed", "total", "min_answers",
                                                                          "round"}
    room.command(room.console, "show_item", {"position": 1})
    second = room.last_state(room.console)["current"]["item_id"]
    for phone in room.phones:
        assert room.answer(phone, second, "both")["ok"]
    room.command(room.console, "reveal_results")
    assert set(room.last_state(room.projector)["current"]["results"]) == {"suppressed", "total", "counts", "round"}
    room.command(room.console, "start_second_round")
    for phone in room.phones:
        assert room.command(phone, "submit_answer", {"item_id": second, "choice": "agree", "round": 2,
                                                     "answer_id": uuid.uuid4().hex})["ok"]
    room.command(room.console, "reveal_results")
    assert set(room.last_state(room.projector)["current"]["results"]) == {
        "suppressed", "total", "counts", "round", "first_round", "shift"}


def test_an_ended_workshop_tells_phones_where_to_get_help_and_nothing_else(room: Room):
    phone = room.join_phone()
    room.command(room.console, "start_workshop")
    room.command(room.console, "end_workshop")
    ended = room.last_state(phone)
    assert set(ended) == PHONE and ended["current"] is None
    assert set(ended["closing"]) == {"help_text", "stored_text"}
    assert room.last_state(room.projector)["closing"] is None


def test_a_power_walk_part_has_notes_only_on_the_console(app):
    walk = open_walk(app)
    try:
        for _ in range(5):
            walk.join_phone()
        assert walk.command(walk.console, "start_workshop") == {"ok": True}
        assert walk.command(walk.console, "show_power_statement", {"step": 0}) == {"ok": True}
        console, projector = walk.last_state(walk.console)["current"], walk.last_state(walk.projector)["current"]
        phone = walk.last_state(walk.phones[0])["current"]
        assert set(phone) == PHONE_CURRENT | {"walk"}
        assert set(console) == CONSOLE_CURRENT | {"walk"} and set(console["walk"]) == WALK | {"notes"}
        assert set(projector) == CURRENT | {"walk"} and set(projector["walk"]) == WALK
        assert set(phone["walk"]) == WALK
        assert set(projector["walk"]["statement"]) == {"index", "text", "dimension"}
    finally:
        disconnect_all(walk)


def test_a_risk_map_part_gives_notes_to_the_console_and_own_answers_to_one_phone(app):
    room = open_room(app, ["freelance-dependency", "recruitment-through-networks"], deck_slug="risk-map")
    try:
        phone = room.join_phone()
        room.command(room.console, "start_workshop")
        console = room.last_state(room.console)["current"]["risk_map"]
        projector = room.last_state(room.projector)["current"]["risk_map"]
        assert set(console) == MAP and console["factors"]
        assert all(set(factor) == FACTOR | {"notes"} for factor in console["factors"])
        assert set(projector) == MAP and all(set(factor) == FACTOR for factor in projector["factors"])
        assert set(room.last_state(phone)["current"]["risk_map"]) == MAP  # the broadcast after start
        again = room.join_phone()
        assert set(room.last_state(again)["current"]["risk_map"]) == MAP | {"mine"}
    finally:
        disconnect_all(room)


def test_a_question_box_gives_totals_to_the_facilitators_screens_and_own_votes_to_one_phone(app):
    room = open_room(app)
    try:
        phone = room.join_phone()
        room.command(room.console, "start_workshop")
        room.command(room.console, "add_question_box")
        room.command(room.console, "show_item", {"position": 1})
        assert set(room.last_state(room.console)["current"]["question_box"]) == {"questions", "waiting_for_batch",
                                                                               "batch"}
        assert set(room.last_state(room.projector)["current"]["question_box"]) == {"questions"}
        assert set(room.last_state(phone)["current"]["question_box"]) == {"questions"}  # the broadcast
        again = room.join_phone()
        assert set(room.last_state(again)["current"]["question_box"]) == {"questions", "voted"}
    finally:
        disconnect_all(room)
