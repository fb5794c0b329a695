"""Rules found in review: each would have let something slip past the promises."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.extensions import socketio
from cardapp.realtime.hub import hub
from cardapp.services import accounts, phones
from cardapp.store.models import AgendaItem, Reflection
from tests.support.accounts import SYSTEM, make_user, post_form, sign_in
from tests.support.workshops import card_ids_with, disconnect_all, open_room


@pytest.fixture
def question_room(app):
    _deck, questions = card_ids_with(app, kinds=("question",), count=2)
    room = open_room(app, card_ids=questions)
    for _ in range(5):
        room.join_phone()
    room.command(room.console, "start_workshop")
    room.command(room.console, "open_reflections")
    yield room
    disconnect_all(room)


def reflect(room, phone, text, reflection_id="refl-0001"):
    item_id = room.last_state(room.console)["current"]["item_id"]
    return room.command(phone, "submit_reflection", {"item_id": item_id, "text": text, "reflection_id": reflection_id})


def test_a_reflection_cannot_be_changed_after_it_was_sent(app, question_room):
    room = question_room
    assert reflect(room, room.phones[0], "A harmless thought.")["ok"]
    assert reflect(room, room.phones[0], "Something else entirely.", "refl-0002")["ok"]
    with extensions.database.of(app).transaction() as session:
        assert session.scalars(select(Reflection.text)).all() == ["A harmless thought."]


def test_written_reflections_close_with_the_answers_and_show_as_one_batch(question_room):
    room = question_room
    for number, phone in enumerate(room.phones):
        reflect(room, phone, f"Thought number {number}.", f"refl-{number:04d}")
    # They reach the queue together on the clock's next boundary, never one by one as they were sent.
    pending = room.wait_for_state(room.console, lambda s: len(s["moderation"]["pending"]) == 5)["moderation"]["pending"]
    for waiting in pending[:4]:
        room.command(room.console, "moderate_reflection", {"reflection_id": waiting["id"], "decision": "approve"})
    room.command(room.console, "close_answers")
    extra = room.join_phone()
    assert reflect(room, extra, "Too late now.", "refl-late")["error"]["code"] == "answers_closed"
    assert room.command(room.console, "open_reflections")["ok"] is False
    assert room.last_state(room.projector)["current"]["reflections"]["shown"] == []  # four: one still waits
    room.command(room.console, "moderate_reflection", {"reflection_id": pending[4]["id"], "decision": "approve"})
    assert len(room.last_state(room.projector)["current"]["reflections"]["shown"]) == 5


def test_ending_keeps_no_distribution_below_the_minimum_and_no_unshown_text(app, question_room):
    room = question_room
    reflect(room, room.phones[0], "Never approved.")
    room.command(room.console, "show_item", {"position": 1})
    item_id = room.last_state(room.console)["current"]["item_id"]
    database = extensions.database.of(app)
    with database.transaction() as session:  # two answers on a question card can only come from a bug;
        session.get(AgendaItem, item_id).card = json.dumps(  # use a statement scale to count them
            {**json.loads(session.get(AgendaItem, item_id).card), "kind": "statement", "scale": "agree_disagree"})
    for phone in room.phones[:2]:
        assert room.answer(phone, item_id, "agree")["ok"]
    room.command(room.console, "reveal_results")  # the room saw "too few", so only the total is kept
    room.command(room.console, "end_workshop")
    with database.transaction() as session:
        assert session.get(AgendaItem, item_id).final_counts == '{"1": {"total": 2}}'
        assert session.scalars(select(Reflection)).all() == []


def test_one_person_with_several_connections_shares_one_rate_limit(app, question_room):
    room = question_room
    browser = app.test_client()
    post_form(browser, "/join", {"code": room.room_code})
    tabs = [socketio.test_client(app, flask_test_client=browser, auth={"screen": "phone",
                                                                        "workshop_id": room.workshop_id})
            for _ in range(3)]
    acks = [room.command(tab, "signal_pause") for tab in tabs]
    assert [ack["ok"] for ack in acks] == [True, False, False]
    for tab in tabs:
        tab.disconnect()


def test_a_blocked_facilitator_loses_the_open_console_at_once(app):
    room = open_room(app)
    database = extensions.database.of(app)
    facilitator = next(u for u in accounts.list_users(database, SYSTEM) if u.email == "fasilitator@teater.no")
    accounts.update_user(database, SYSTEM, facilitator.id, Role.FACILITATOR, facilitator.organisation_id, False)
    ack = room.command(room.console, "start_workshop")
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    disconnect_all(room)


def test_join_links_never_come_from_a_phones_host_header(app):
    room = open_room(app)
    browser = app.test_client()
    post_form(browser, "/join", {"code": room.room_code})
    name = f"cardapp_p_{room.workshop_id}"
    browser.set_cookie(name, browser.get_cookie(name).value, domain="evil.example")
    hub.of(app).presence.base_urls.clear()  # as after a restart: the phone is first
    sneaky = socketio.test_client(app, flask_test_client=browser, headers={"Host": "evil.example"},
                                  auth={"screen": "phone", "workshop_id": room.workshop_id})
    assert sneaky.is_connected(), "the phone must really connect for this test to mean anything"
    room.command(room.console, "start_workshop")
    assert "evil.example" not in str(room.last_state(room.console))
    assert "evil.example" not in str(room.last_state(room.projector))
    sneaky.disconnect()
    disconnect_all(room)


def test_an_unexpected_failure_is_acked_and_logged_without_its_message(app, monkeypatch, caplog):
    room = open_room(app)
    phone = room.join_phone()
    room.command(room.console, "start_workshop")

    def broken(*_args, **_kwargs):
        raise RuntimeError("the answer was not_ok from participant 7")

    monkeypatch.setattr(phones, "submit_answers", broken)
    with caplog.at_level(logging.ERROR):
        ack = room.answer(phone, room.last_state(phone)["current"]["item_id"], "agree")
    assert ack["ok"] is False and ack["error"]["code"] == "server_error"
    assert "RuntimeError" in caplog.text and "participant 7" not in caplog.text
    assert phone.is_connected()
    disconnect_all(room)


def test_a_phone_that_rescans_the_code_stays_the_same_participant(app):
    room = open_room(app)
    browser = app.test_client()
    first = post_form(browser, "/join", {"code": room.room_code})
    again = post_form(browser, "/join", {"code": room.room_code})
    assert first.headers["Location"] == again.headers["Location"]
    assert "Set-Cookie" not in again.headers
    stranger = app.test_client().get(f"/w/{room.workshop_id}")
    assert stranger.status_code == 303 and stranger.headers["Location"] == "/join"
    disconnect_all(room)


def test_odd_input_on_workshop_pages_gets_an_answer_not_a_crash(app):
    room = open_room(app)
    client = app.test_client()
    assert client.get(f"/p/{room.workshop_id}/%C3%A9").status_code == 404
    make_user(app, "leder@teater.no", Role.FACILITATOR, "Teater Nord")
    sign_in(client, "leder@teater.no")
    assert client.get("/signin?next=/%09/evil.example").status_code == 200
    response = post_form(client, "/signin", {"email": "leder@teater.no", "password": "x", "next": "/\t/evil.example"})
    assert "evil.example" not in response.headers.get("Location", "")
    deck_id, cards = card_ids_with(app)
    created = post_form(client, "/workshops/new", {"deck": str(deck_id), "title": "T", "language": "en",
                                                   "card": cards[0], "draw": "-1"})
    assert created.status_code == 303
    agenda = created.headers["Location"]
    workshop_id = int(agenda.split("/")[2])
    second = post_form(client, "/workshops/new", {"deck": str(deck_id), "language": "en", "card": cards})
    second_id = int(second.headers["Location"].split("/")[2])
    moved = post_form(client, f"/workshops/{second_id}/agenda", {"position": "0", "action": "down"})
    assert moved.status_code == 303
    assert workshop_id != second_id
    disconnect_all(room)
