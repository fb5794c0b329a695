"""The power walk through the real form, Socket.IO handlers and database: who receives what, what is
refused, and what is left once the walk is over."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.extensions import socketio
from cardapp.services import decks, workshops
from cardapp.store.models import AgendaItem, Base, Participant, PowerAnswer, PowerRole, PowerWalk
from tests.support.accounts import make_user, post_form, sign_in
from tests.support.workshops import Room, disconnect_all

NETWORK_STATEMENTS = 5


def open_walk(app, mode: str = "self", dimensions: tuple[str, ...] = ("network",), cards: tuple[str, ...] = (),
              email: str = "fasilitator@teater.no") -> Room:
    """A walk built through the "new workshop" form, with console and projector connected."""
    make_user(app, email, Role.FACILITATOR, "Teater Nord")
    database = extensions.database.of(app)
    deck_id = next(d.id for d in decks.visible_decks(database, None) if d.slug == "do-you-have-power")
    facilitator = app.test_client()
    assert sign_in(facilitator, email).status_code == 303
    form = {"deck": str(deck_id), "title": "Power walk", "language": "en", "walk_mode": mode,
            "dimension": list(dimensions), "card": list(cards)}
    created = post_form(facilitator, "/workshops/new", form)
    assert created.status_code == 303, created.get_data(as_text=True)
    workshop_id = int(re.search(r"/workshops/(\d+)/agenda", created.headers["Location"]).group(1))
    summary = workshops.workshop_summary(database, workshop_id)
    console = socketio.test_client(app, flask_test_client=facilitator,
                                   auth={"screen": "console", "workshop_id": workshop_id})
    projector = socketio.test_client(app, auth={"screen": "projector", "workshop_id": workshop_id,
                                                "secret": summary.projector_secret})
    return Room(app, workshop_id, summary.room_code or "", summary.projector_secret, console, projector)


@pytest.fixture
def walk(app):
    room = open_walk(app)
    yield room
    disconnect_all(room)


def started(room: Room, phones: int) -> int:
    for _ in range(phones):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    return room.last_state(room.console)["current"]["item_id"]


def step(room: Room, number: int) -> None:
    assert room.command(room.console, "show_power_statement", {"step": number}) == {"ok": True}


def answer(room: Room, phone, item_id: int, statement: int, choice: str) -> dict:
    return room.command(phone, "submit_power_answer", {"item_id": item_id, "statement": statement, "choice": choice})


def walk_through(room: Room, item_id: int, choices: list[list[str]]) -> None:
    """Phone n answers choices[n][i] to statement i, at the facilitator's pace."""
    for statement in range(len(choices[0])):
        step(room, statement)
        for phone, answers in zip(room.phones, choices, strict=False):
            if statement < len(answers):
                assert answer(room, phone, item_id, statement, answers[statement]) == {
                    "ok": True, "statement": statement, "choice": answers[statement]}


def mine(room: Room, phone, item_id: int) -> dict:
    ack = room.command(phone, "fetch_my_power_walk", {"item_id": item_id})
    assert ack["ok"], ack
    return ack


def count(app, model, **where) -> int:
    with extensions.database.of(app).transaction() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.scalar(query)


def test_chosen_statements_become_one_walk_on_the_agenda_and_the_phones_see_the_explanation_first(app, walk: Room):
    item_id = started(walk, phones=1)
    agenda = walk.last_state(walk.console)["agenda"]
    assert [item["kind"] for item in agenda] == ["power_walk"]
    on_phone = walk.last_state(walk.phones[0])["current"]
    assert on_phone["item_id"] == item_id and on_phone["phase"] == "card"
    assert on_phone["walk"]["status"] == "intro" and on_phone["walk"]["statement"] is None
    assert on_phone["walk"]["count"] == NETWORK_STATEMENTS and on_phone["walk"]["mode"] == "self"
    assert [d["title"] for d in on_phone["walk"]["dimensions"]] == ["Network"]


def test_the_projector_sees_the_statement_and_how_many_answered_and_nothing_else(walk: Room):
    item_id = started(walk, phones=3)
    step(walk, 0)
    projector = walk.last_state(walk.projector)["current"]
    assert projector["walk"]["statement"]["index"] == 0 and projector["walk"]["statement"]["text"]
    for phone, choice in zip(walk.phones, ["yes", "no", "pass"], strict=True):
        answer(walk, phone, item_id, 0, choice)
    step(walk, 1)
    step(walk, 0)
    walk.forget(walk.projector)
    step(walk, 0)
    seen = json.dumps(walk.states(walk.projector) + walk.events(walk.projector, "answer_count"))
    assert walk.last_state(walk.projector)["current"]["answered"] == 3
    assert '"yes"' not in seen and '"pass"' not in seen and '"steps"' not in seen
    assert walk.last_state(walk.projector)["current"]["walk"]["picture"] is None


def test_each_phone_gets_its_own_result_only_in_its_own_acknowledgement(walk: Room):
    item_id = started(walk, phones=5)
    choices = [["yes"] * 5, ["no"] * 5, ["yes", "no", "pass", "yes", "no"], ["pass"] * 5,
               ["no", "yes", "no", "no", "no"]]
    walk_through(walk, item_id, choices)
    assert mine(walk, walk.phones[0], item_id)["result"] is None  # not before the walk is finished
    assert walk.command(walk.console, "finish_power_walk") == {"ok": True}
    results = [mine(walk, phone, item_id)["result"] for phone in walk.phones]
    assert [r["steps"] for r in results] == [5, 0, 2, 0, 1]
    assert results[2]["passes"] == 1 and results[3]["reflection"] == "none" and results[0]["reflection"] == "many"
    assert results[0]["dimensions"] == [{"id": "network", "title": "Network", "yes": 5, "no": 0, "pass": 0,
                                         "statements": 5}]
    others = json.dumps([*walk.states(walk.console), *walk.states(walk.projector),
                         *(s for phone in walk.phones for s in walk.states(phone))])
    assert '"steps"' not in others and '"reflection"' not in others


def test_revealing_shows_the_picture_and_leaves_no_link_between_one_persons_answers(app, walk: Room):
    item_id = started(walk, phones=6)
    choices = [["yes"] * 5, ["no"] * 5, ["yes", "no", "pass", "yes", "no"], ["pass"] * 5,
               ["no", "yes", "no", "no", "no"], ["yes", "yes"]]  # the last one left after two statements
    walk_through(walk, item_id, choices)
    assert count(app, PowerAnswer, item_id=item_id) == 5 * 5 + 2
    assert walk.command(walk.console, "reveal_power_walk")["error"]["code"] == "answers_closed"
    walk.command(walk.console, "finish_power_walk")
    assert walk.command(walk.console, "reveal_power_walk") == {"ok": True}

    picture = walk.last_state(walk.projector)["current"]["walk"]["picture"]
    assert picture["suppressed"] is False and picture["completed"] == 5 and picture["partial"] == 1
    # Steps 0, 0, 1, 2 and 5: a bar of 0-1 steps would leave two people (2 and 5 steps) for the next,
    # so all five stand in one bar, and the one who took 5 steps is not alone at the end.
    assert picture["bars"] == [{"from": 0, "to": 5, "people": 5}]
    assert picture["passes"] == 6
    assert picture["dimensions"] == [{"id": "network", "title": "Network", "yes": 8, "no": 11, "pass": 6}]

    # The exercise is over: no per-person row is left, only the picture, which names nobody.
    assert count(app, PowerAnswer) == 0 and count(app, PowerRole) == 0
    assert count(app, Participant) == 6  # the workshop goes on; the phones stay joined
    with extensions.database.of(app).transaction() as session:
        kept = json.loads(session.get(AgendaItem, item_id).final_counts)
        participant_ids = set(session.scalars(select(Participant.id)))
    assert set(kept) == {"walk"} and set(kept["walk"]) == {
        "suppressed", "completed", "partial", "statements", "bars", "dimensions", "passes"}
    assert mine(walk, walk.phones[0], item_id) == {"ok": True, "answers": {}, "missed": [], "role": None,
                                                   "result": None, "deleted": True}
    assert participant_ids  # and none of them appears anywhere in what was kept:
    assert all(f'"{pid}"' not in json.dumps(kept) for pid in participant_ids)


def test_with_too_few_who_completed_the_projector_gets_only_too_few(walk: Room):
    item_id = started(walk, phones=3)
    walk_through(walk, item_id, [["yes"] * 5, ["no"] * 5, ["pass"] * 5])
    walk.command(walk.console, "finish_power_walk")
    walk.command(walk.console, "reveal_power_walk")
    picture = walk.last_state(walk.projector)["current"]["walk"]["picture"]
    assert picture == {"suppressed": True, "completed": 3, "partial": 0, "min_answers": 5}


def test_ending_the_workshop_mid_walk_keeps_nothing_of_a_walk_the_room_never_saw(app, walk: Room):
    item_id = started(walk, phones=2)
    walk_through(walk, item_id, [["yes", "no"], ["no", "no"]])
    assert walk.command(walk.console, "end_workshop") == {"ok": True}
    assert count(app, PowerAnswer) == 0 and count(app, PowerRole) == 0 and count(app, Participant) == 0
    with extensions.database.of(app).transaction() as session:
        # No picture, not even "too few": the room never saw one, so no report may claim one.
        assert session.get(AgendaItem, item_id).final_counts is None
        assert session.get(PowerWalk, item_id).status == "walking"
    # No table anywhere still holds a row that ties something to one phone.
    with extensions.database.of(app).transaction() as session:
        linked = {table.name: session.scalar(select(func.count()).select_from(table)
                                             .where(table.c.participant_id.is_not(None)))
                  for table in Base.metadata.sorted_tables if "participant_id" in table.c}
    assert "power_answers" in linked and set(linked.values()) == {0}, linked


def test_a_walk_finished_but_never_revealed_keeps_nothing_at_the_end(app, walk: Room):
    item_id = started(walk, phones=5)
    walk_through(walk, item_id, [["yes"] * 5] * 5)  # enough for a picture, had it been shown
    assert walk.command(walk.console, "finish_power_walk") == {"ok": True}
    assert walk.command(walk.console, "end_workshop") == {"ok": True}
    assert count(app, PowerAnswer) == 0 and count(app, PowerRole) == 0
    with extensions.database.of(app).transaction() as session:
        assert session.get(AgendaItem, item_id).final_counts is None


def test_a_revealed_walk_keeps_its_picture_when_the_workshop_ends(app, walk: Room):
    item_id = started(walk, phones=5)
    walk_through(walk, item_id, [["yes"] * 5, ["no"] * 5, ["yes"] * 5, ["pass"] * 5, ["yes", "no", "no", "no", "no"]])
    walk.command(walk.console, "finish_power_walk")
    assert walk.command(walk.console, "reveal_power_walk") == {"ok": True}
    shown = walk.last_state(walk.projector)["current"]["walk"]["picture"]
    assert walk.command(walk.console, "end_workshop") == {"ok": True}
    with extensions.database.of(app).transaction() as session:
        kept = json.loads(session.get(AgendaItem, item_id).final_counts)["walk"]
        assert session.get(PowerWalk, item_id).status == "revealed"
    assert kept["suppressed"] is False and kept["completed"] == 5 and kept["bars"] == shown["bars"]


def test_in_role_mode_each_phone_is_dealt_its_own_persona_and_keeps_it(app):
    room = open_walk(app, mode="roles", dimensions=("all",))
    try:
        item_id = started(room, phones=6)
        assert room.last_state(room.projector)["current"]["walk"]["mode"] == "roles"
        roles = [mine(room, phone, item_id)["role"] for phone in room.phones]
        assert all(role["name"] and role["description"] for role in roles)
        assert len({role["id"] for role in roles}) == 6  # 16 personas: nobody shares one while others are left
        assert mine(room, room.phones[0], item_id)["role"] == roles[0]
        assert count(app, PowerRole, item_id=item_id) == 6
        assert "role-" not in json.dumps(room.states(room.projector) + room.states(room.console))
        step(room, 0)
        answer(room, room.phones[0], item_id, 0, "yes")
        room.command(room.console, "finish_power_walk")
        room.command(room.console, "reveal_power_walk")
        assert count(app, PowerRole) == 0
    finally:
        disconnect_all(room)


def test_bad_answers_get_clear_errors_and_keep_the_connection(app, walk: Room):
    item_id = started(walk, phones=1)
    phone = walk.phones[0]
    early = answer(walk, phone, item_id, 0, "yes")
    assert early["error"]["code"] == "answers_closed" and "not taking answers" in early["error"]["message"]
    step(walk, 1)
    wrong = answer(walk, phone, item_id, 0, "maybe")
    assert wrong["error"]["code"] == "invalid_payload" and "choice" in wrong["error"]["fields"]
    ahead = answer(walk, phone, item_id, 3, "yes")
    not_shown = "There is no such statement in this walk, or it has not been shown yet."
    assert ahead["error"] == {"code": "invalid_payload", "message": not_shown, "fields": {"statement": not_shown}}
    assert walk.command(phone, "submit_power_answer", {"item_id": item_id, "statement": -1, "choice": "yes"}
                        )["error"]["code"] == "invalid_payload"
    assert walk.command(phone, "submit_power_answer", "yes")["error"]["code"] == "invalid_payload"
    assert answer(walk, phone, item_id, 0, "pass")["ok"]  # catching up on an earlier statement is fine

    other = open_walk(app, email="annen@teater.no")
    try:
        other_item = started(other, phones=0)
        refused = answer(walk, phone, other_item, 0, "yes")
        assert refused["error"]["code"] == "not_current_item"
        fetched = walk.command(phone, "fetch_my_power_walk", {"item_id": other_item})
        assert fetched["error"]["code"] == "not_current_item"
    finally:
        disconnect_all(other)

    assert walk.command(phone, "finish_power_walk")["error"]["code"] == "forbidden"
    walk.command(walk.console, "finish_power_walk")
    closed = answer(walk, phone, item_id, 1, "yes")
    assert closed["error"]["code"] == "answers_closed"
    assert walk.command(walk.console, "show_power_statement", {"step": 2})["error"]["code"] == "answers_closed"
    assert walk.command(walk.console, "show_power_statement", {"step": "two"})["error"]["code"] == "invalid_payload"
    assert phone.is_connected()
    assert count(app, PowerAnswer, item_id=item_id) == 1


def test_walk_commands_on_an_ordinary_card_are_refused(app):
    from tests.support.workshops import open_room

    room = open_room(app)
    try:
        item_id = started(room, phones=1)
        assert room.command(room.console, "show_power_statement", {"step": 0})["error"]["code"] == "not_current_item"
        refused = answer(room, room.phones[0], item_id, 0, "yes")
        assert refused["error"] == {"code": "not_current_item", "message": "The item on screen is not a power walk."}
    finally:
        disconnect_all(room)


def test_the_new_workshop_form_refuses_an_unknown_mode_with_a_clear_message(app):
    make_user(app, "fasilitator@teater.no", Role.FACILITATOR, "Teater Nord")
    database = extensions.database.of(app)
    deck_id = next(d.id for d in decks.visible_decks(database, None) if d.slug == "do-you-have-power")
    facilitator = app.test_client()
    sign_in(facilitator, "fasilitator@teater.no")
    refused = post_form(facilitator, "/workshops/new", {"deck": str(deck_id), "language": "en",
                                                         "walk_mode": "sideways", "dimension": "money"})
    assert refused.status_code == 422
    assert "Choose how people take part: as themselves, or with role cards." in refused.get_data(as_text=True)
    assert count(app, AgendaItem) == 0


def test_answering_again_changes_the_answer_and_never_counts_twice(app, walk: Room):
    item_id = started(walk, phones=1)
    step(walk, 0)
    phone = walk.phones[0]
    for choice in ("yes", "yes", "pass"):
        assert answer(walk, phone, item_id, 0, choice)["ok"]
    assert count(app, PowerAnswer, item_id=item_id) == 1
    assert mine(walk, phone, item_id)["answers"] == {"0": "pass"}
    second = walk.join_phone()  # another person, who joined late: nothing of the first phone's
    assert mine(walk, second, item_id)["answers"] == {}


def shown_text(room: Room) -> str:
    return room.last_state(room.projector)["current"]["walk"]["statement"]["text"]


def test_a_phone_catches_up_on_the_statements_it_missed_which_only_it_is_told(app, walk: Room):
    item_id = started(walk, phones=2)
    steady, dropped = walk.phones
    texts = []
    for number in range(3):
        step(walk, number)
        texts.append(shown_text(walk))
        assert answer(walk, steady, item_id, number, "yes")["ok"]
    assert answer(walk, dropped, item_id, 1, "no")["ok"]  # the other phone was away for statements 1 and 3

    assert mine(walk, dropped, item_id)["missed"] == [{"index": 0, "text": texts[0], "dimension": "Network"}]
    assert mine(walk, steady, item_id)["missed"] == []  # the shown statement is not "missed"
    norwegian = walk.join_phone("nb")  # joined late: every earlier statement, in its own language
    late = mine(walk, norwegian, item_id)["missed"]
    assert [s["index"] for s in late] == [0, 1] and all(s["text"] and s["text"] not in texts for s in late)
    assert {s["dimension"] for s in late} == {"Nettverk"}

    assert answer(walk, dropped, item_id, 0, "pass") == {"ok": True, "statement": 0, "choice": "pass"}
    assert answer(walk, dropped, item_id, 2, "yes")["ok"]
    assert mine(walk, dropped, item_id)["missed"] == []
    # Nobody else is ever sent what one phone missed.
    broadcast = json.dumps([*walk.states(walk.console), *walk.states(walk.projector),
                            *(s for phone in walk.phones for s in walk.states(phone))])
    assert '"missed"' not in broadcast

    for number in range(3, NETWORK_STATEMENTS):
        step(walk, number)
        for phone in (steady, dropped):
            assert answer(walk, phone, item_id, number, "no")["ok"]
    assert walk.command(walk.console, "finish_power_walk") == {"ok": True}
    assert mine(walk, norwegian, item_id)["missed"] == []  # finished: nothing more to catch up on
    assert answer(walk, norwegian, item_id, 0, "yes")["error"]["code"] == "answers_closed"
    assert walk.command(walk.console, "reveal_power_walk") == {"ok": True}
    picture = walk.last_state(walk.projector)["current"]["walk"]["picture"]
    # The phone that caught up counts as having walked it all; the late one only partly.
    assert picture == {"suppressed": True, "completed": 2, "partial": 0, "min_answers": 5}


def test_two_tabs_of_one_phone_show_the_same_persona_and_share_its_answers(app):
    room = open_walk(app, mode="roles")
    try:
        started(room, phones=0)
        browser = app.test_client()
        assert post_form(browser, "/join", {"code": room.room_code}).status_code == 303
        tabs = [socketio.test_client(app, flask_test_client=browser,
                                     auth={"screen": "phone", "workshop_id": room.workshop_id}) for _ in range(2)]
        room.phones.extend(tabs)
        item_id = room.last_state(room.console)["current"]["item_id"]
        first, second = (mine(room, tab, item_id) for tab in tabs)
        assert first["role"] and second["role"] == first["role"]
        assert count(app, PowerRole, item_id=item_id) == 1
        step(room, 0)
        assert answer(room, tabs[0], item_id, 0, "yes")["ok"]
        assert answer(room, tabs[1], item_id, 0, "no")["ok"]
        assert mine(room, tabs[0], item_id)["answers"] == {"0": "no"}
        assert count(app, PowerAnswer, item_id=item_id) == 1
    finally:
        disconnect_all(room)


def test_a_second_console_window_moves_the_same_walk(app, walk: Room):
    item_id = started(walk, phones=1)
    second = socketio.test_client(app, flask_test_client=walk.console.flask_test_client,
                                  auth={"screen": "console", "workshop_id": walk.workshop_id})
    walk.phones.append(second)  # disconnected with the rest
    assert walk.command(second, "show_power_statement", {"step": 0}) == {"ok": True}  # creates the walk's row
    step(walk, 1)  # the first window finds it there
    assert walk.command(second, "show_power_statement", {"step": 2}) == {"ok": True}
    assert count(app, PowerWalk, item_id=item_id) == 1
    assert walk.last_state(walk.projector)["current"]["walk"]["step"] == 2
