"""A workshop driven through the real Socket.IO handlers: who receives what, and what is refused."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select

from cardapp import extensions
from cardapp.extensions import socketio
from cardapp.realtime.handlers import COMMANDS
from cardapp.realtime.hub import hub
from cardapp.store.models import AgendaItem, Answer, Participant
from tests.support.workshops import Room, card_ids_with, disconnect_all, open_room


@pytest.fixture
def room(app):
    opened = open_room(app)
    yield opened
    disconnect_all(opened)


def started(room: Room, phones: int = 0) -> int:
    for _ in range(phones):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    return room.last_state(room.console)["current"]["item_id"]


def wait_for_count(room: Room, client, answered: int) -> dict:
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        counts = room.events(client, "answer_count")
        if counts and counts[-1]["answered"] == answered:
            return counts[-1]
        time.sleep(0.05)
    raise AssertionError(f"no answer_count of {answered}")


def test_each_screen_receives_its_own_share_of_the_state_on_connect(room: Room):
    console, projector = room.last_state(room.console), room.last_state(room.projector)
    assert console["screen"] == "console" and len(console["agenda"]) == 3
    assert "agenda" not in projector and "moderation" not in projector and "projector_url" not in projector
    assert console["workshop"]["room_code"] == room.room_code
    phone = room.join_phone()
    assert room.last_state(phone)["screen"] == "phone"


def test_cards_advance_on_every_screen_and_notes_stay_on_the_console(room: Room):
    phone = room.join_phone()
    item_id = started(room)
    console = room.last_state(room.console)["current"]
    projector = room.last_state(room.projector)["current"]
    on_phone = room.last_state(phone)["current"]
    assert console["item_id"] == projector["item_id"] == on_phone["item_id"] == item_id
    assert console["notes"] and "notes" not in projector and "notes" not in on_phone
    assert on_phone["choices"] == ["agree", "disagree", "both", "unsure"]
    assert room.command(room.console, "show_item", {"position": 1}) == {"ok": True}
    assert room.last_state(phone)["current"]["position"] == 1


def test_results_stay_hidden_below_minimum_answers_then_show_at_five(room: Room):
    item_id = started(room, phones=5)
    for phone, choice in zip(room.phones[:4], ["agree", "agree", "disagree", "unsure"], strict=True):
        assert room.answer(phone, item_id, choice)["ok"]
    assert room.command(room.console, "reveal_results") == {"ok": True}
    hidden = room.last_state(room.projector)["current"]["results"]
    assert hidden == {"suppressed": True, "total": 4, "min_answers": 5, "round": 1}
    assert "counts" not in str(room.states(room.console)[-1]["current"]["results"])

    room.command(room.console, "show_item", {"position": 1})
    second = room.last_state(room.console)["current"]["item_id"]
    for phone in room.phones:
        room.answer(phone, second, "both")
    room.command(room.console, "reveal_results")
    assert room.last_state(room.projector)["current"]["results"] == {
        "suppressed": False, "total": 5, "round": 1, "counts": {"agree": 0, "disagree": 0, "both": 5, "unsure": 0}}


def test_screens_get_only_coalesced_counts_while_answers_come_in(room: Room):
    item_id = started(room, phones=5)
    room.forget(room.projector)
    for phone in room.phones:
        ack = room.answer(phone, item_id, "agree")
        assert ack["ok"] and ack["choice"] == "agree"
    count = wait_for_count(room, room.projector, 5)
    assert count == {"item_id": item_id, "round": 1, "answered": 5, "connected": 5}
    received = room.seen[id(room.projector)]
    assert not any("agree" in str(event["args"]) for event in received), "a distribution leaked before reveal"
    for phone in room.phones:
        assert room.events(phone, "answer_count") == [], "phones get no counts"


def test_a_repeated_send_changes_nothing_and_a_new_choice_replaces_the_old(app, room: Room):
    item_id = started(room, phones=1)
    phone = room.phones[0]
    for _ in range(3):
        assert room.answer(phone, item_id, "agree", answer_id="a1b2c3d4e5")["ok"]
    assert room.answer(phone, item_id, "disagree")["choice"] == "disagree"
    with extensions.database.of(app).transaction() as session:
        assert session.execute(select(Answer.choice)).scalars().all() == ["disagree"]
    assert room.command(phone, "withdraw_answer", {"item_id": item_id}) == {"ok": True}
    with extensions.database.of(app).transaction() as session:
        assert session.scalar(select(func.count(Answer.id))) == 0


def test_an_answer_after_answers_closed_is_refused_with_a_clear_message(room: Room):
    item_id = started(room, phones=1)
    room.command(room.console, "close_answers")
    ack = room.answer(room.phones[0], item_id, "agree")
    message = "Answers to this card are closed, so your answer was not counted."
    assert ack == {"ok": False, "error": {"code": "answers_closed", "message": message}}
    stale = room.answer(room.phones[0], item_id + 1, "agree")
    assert stale["error"]["code"] == "not_current_item"


def test_a_participant_cannot_send_a_facilitator_command(room: Room):
    phone = room.join_phone()
    for event in ("start_workshop", "end_workshop", "reveal_results", "show_item"):
        ack = room.command(phone, event, {"position": 0} if event == "show_item" else {})
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden", event
    assert room.last_state(room.console)["workshop"]["status"] == "draft"
    assert phone.is_connected()
    projector_ack = room.command(room.projector, "submit_answer", {"item_id": 1, "choice": "ok", "answer_id": "x" * 10})
    assert projector_ack["error"]["code"] == "forbidden"


def test_bad_payloads_get_an_error_ack_and_keep_the_connection(room: Room):
    item_id = started(room, phones=1)
    phone = room.phones[0]
    ack = room.command(phone, "submit_answer", {"item_id": "seven", "choice": "agree", "answer_id": "<script>"})
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_payload"
    assert set(ack["error"]["fields"]) == {"item_id", "answer_id"}
    assert phone.emit("submit_answer", ["not", "an", "object"], callback=True)["error"]["code"] == "invalid_payload"
    assert room.answer(phone, item_id, "sideways")["error"]["code"] == "invalid_payload"
    assert phone.is_connected() and room.answer(phone, item_id, "agree")["ok"]


def test_answers_are_rate_limited_per_connection(room: Room):
    item_id = started(room, phones=1)
    acks = [room.answer(room.phones[0], item_id, "agree")["ok"] for _ in range(12)]
    assert acks[:10] == [True] * 10 and acks[10:] == [False, False]
    assert room.answer(room.phones[0], item_id, "agree")["error"]["code"] == "rate_limited"


def test_a_content_note_comes_before_its_card(app):
    deck_id, racism = card_ids_with(app, kinds=("question",), count=100)
    room = open_room(app, card_ids=[card for card in racism if card.startswith("racism")][:1])
    phone = room.join_phone()
    started(room)
    first = room.last_state(phone)["current"]
    assert first["phase"] == "content_note" and first["content_note"] and first["text"] is None
    assert room.command(room.console, "show_card") == {"ok": True}
    assert room.last_state(phone)["current"]["text"]
    disconnect_all(room)


def test_reflections_go_through_moderation_and_show_only_when_enough(app):
    _deck, questions = card_ids_with(app, kinds=("question",), count=1)
    room = open_room(app, card_ids=questions)
    item_id = started(room, phones=6)
    room.command(room.console, "open_reflections")
    for number, phone in enumerate(room.phones):
        text = "din jævla homse" if number == 5 else f"We laugh it off too quickly, number {number}."
        assert room.command(phone, "submit_reflection", {"item_id": item_id, "text": text,
                                                         "reflection_id": f"refl{number}xyz"})["ok"]
    # Two batches of three reach the queue on the clock's boundaries, not as each is sent.
    moderation = room.wait_for_state(room.console, lambda s: len(s["moderation"]["pending"]) == 5)["moderation"]
    assert moderation["held"] == 1
    assert "moderation" not in room.last_state(room.projector)
    for pending in moderation["pending"][:4]:
        room.command(room.console, "moderate_reflection", {"reflection_id": pending["id"], "decision": "approve"})
    room.command(room.console, "close_answers")
    assert room.last_state(room.projector)["current"]["reflections"]["shown"] == []
    room.command(room.console, "moderate_reflection", {"reflection_id": moderation["pending"][4]["id"],
                                                       "decision": "approve"})
    shown = room.last_state(room.projector)["current"]["reflections"]["shown"]
    assert len(shown) == 5 and not any("homse" in text for text in shown)
    disconnect_all(room)


def test_pause_signals_reach_only_the_console_as_a_count_once_their_minute_is_over(app, room: Room):
    started(room, phones=2)
    broadcaster = hub.of(app)
    # The hub's clock stands still before the taps: the ticks during the second below must not cross a
    # real minute's end and count the taps early (which made this test fail now and then).
    before_the_taps = dt.datetime.now(dt.UTC)
    broadcaster.now = lambda: before_the_taps
    try:
        for phone in room.phones:
            assert room.command(phone, "signal_pause") == {"ok": True}
        assert room.command(room.phones[0], "signal_pause")["error"]["code"] == "rate_limited"
        time.sleep(1)  # several ticks: the taps themselves send nothing to any screen
        assert room.events(room.console, "pause_count") == []
        broadcaster.now = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)  # the taps' minute has ended
        with app.app_context():
            broadcaster._send_pauses()
    finally:
        broadcaster.now = lambda: dt.datetime.now(dt.UTC)
    assert [count["recent"] for count in room.events(room.console, "pause_count")] == [2]
    assert room.events(room.projector, "pause_count") == []


def test_ending_deletes_every_link_between_answers_and_keeps_totals(app, room: Room):
    item_id = started(room, phones=5)
    for phone in room.phones:
        room.answer(phone, item_id, "agree")
    room.command(room.console, "reveal_results")
    room.command(room.console, "show_item", {"position": 1})
    unrevealed = room.last_state(room.console)["current"]["item_id"]
    for phone in room.phones:
        room.answer(phone, unrevealed, "agree")
    assert room.command(room.console, "end_workshop") == {"ok": True}
    closing = room.last_state(room.phones[0])["closing"]
    assert "the link between your answers has been deleted" in closing["stored_text"]
    assert "116 123" in closing["help_text"]
    with extensions.database.of(app).transaction() as session:
        assert session.scalar(select(func.count(Answer.id))) == 0
        assert session.scalar(select(func.count(Participant.id))) == 0
        assert session.get(AgendaItem, item_id).final_counts == '{"1": {"agree": 5}}'
        assert session.get(AgendaItem, unrevealed).final_counts is None  # the room never saw it
    again = socketio.test_client(app, auth={"screen": "phone", "workshop_id": room.workshop_id})
    assert not again.is_connected()


def test_a_facilitator_of_another_organisation_cannot_open_the_console(app, room: Room):
    from cardapp.domain.accounts import Role
    from tests.support.accounts import make_user, sign_in

    make_user(app, "other@festival.no", Role.FACILITATOR, "Festival Sør")
    outsider = app.test_client()
    sign_in(outsider, "other@festival.no")
    console = socketio.test_client(app, flask_test_client=outsider,
                                   auth={"screen": "console", "workshop_id": room.workshop_id})
    assert not console.is_connected()
    wrong_secret = socketio.test_client(app, auth={"screen": "projector", "workshop_id": room.workshop_id,
                                                   "secret": "guess"})
    assert not wrong_secret.is_connected()


def test_every_handled_event_is_documented_in_the_protocol():
    from cardapp.config import PROJECT_ROOT

    protocol = (PROJECT_ROOT / "docs" / "protocol.md").read_text("utf-8")
    # The registry fills when the handler modules are imported: no app has to be built first.
    events = [command.event for command in COMMANDS]
    assert len(events) >= 24, events
    assert [event for event in events if f"`{event}`" not in protocol] == []


def test_the_closing_screen_shows_where_the_organisation_says_to_get_help(app):
    from cardapp.domain.accounts import Role
    from cardapp.services import accounts
    from tests.support.accounts import SYSTEM, make_user, post_form, sign_in

    make_user(app, "arrangor@teater.no", Role.ORGANISER, "Teater Nord")
    organiser = app.test_client()
    sign_in(organiser, "arrangor@teater.no")
    help_text = "Talk to Kari, our safety representative, in room 2."
    assert post_form(organiser, "/organisation", {"help_text": help_text}).status_code == 303
    database = extensions.database.of(app)
    actor = next(u for u in accounts.list_users(database, SYSTEM) if u.email == "arrangor@teater.no").actor
    assert accounts.organisation_help_text(database, actor) == help_text
    room = open_room(app)
    started(room, phones=1)
    room.command(room.console, "end_workshop")
    assert room.last_state(room.phones[0])["closing"]["help_text"] == help_text
    disconnect_all(room)
