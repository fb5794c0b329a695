"""Risk mapping and agreements through the real Socket.IO handlers."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, select

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.extensions import socketio
from cardapp.services.decks import visible_decks
from cardapp.store.models import AgendaItem, Agreement, Participant, RiskAnswer, Workshop
from tests.support.accounts import PASSWORD, make_user, post_form, sign_in
from tests.support.workshops import Room, disconnect_all, open_room

FACTORS = ["freelance-dependency", "recruitment-through-networks", "hierarchies-and-competition",
           "fear-of-repercussions"]


@pytest.fixture
def room(app):
    opened = open_room(app, FACTORS, deck_slug="risk-map")
    yield opened
    disconnect_all(opened)


def start_with_phones(room: Room, phones: int) -> dict:
    for _ in range(phones):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    # These factors' theme carries a content note: the map opens when the facilitator shows it.
    assert room.last_state(room.console)["current"]["phase"] == "content_note"
    assert room.command(room.console, "show_card") == {"ok": True}
    return room.last_state(room.console)["current"]


def rate(room: Room, phone, item_id: int, factor: str, choice: str) -> dict:
    # A new id for every send, as the phone makes one: a repeated id is a repeat, and changes nothing.
    return room.command(phone, "submit_risk_answer", {"item_id": item_id, "factor": factor, "choice": choice,
                                                      "answer_id": uuid.uuid4().hex})


def test_the_chosen_risk_cards_become_one_risk_map_answered_at_each_phones_pace(room: Room):
    current = start_with_phones(room, 2)
    assert [item["kind"] for item in room.last_state(room.console)["agenda"]] == ["risk_map"]
    on_phone = room.last_state(room.phones[0])["current"]
    assert [factor["id"] for factor in on_phone["risk_map"]["factors"]] == FACTORS
    assert on_phone["risk_map"]["choices"] == ["not_at_all", "somewhat", "very", "dont_know"]
    assert on_phone["risk_map"]["factors"][0]["name"] == "Freelance work and dependence on the next job"
    assert "notes" not in on_phone["risk_map"]["factors"][0]
    # Each phone goes through the list on its own, in any order.
    assert rate(room, room.phones[0], current["item_id"], FACTORS[3], "very")["ok"]
    assert rate(room, room.phones[1], current["item_id"], FACTORS[0], "somewhat")["ok"]
    assert rate(room, room.phones[0], current["item_id"], FACTORS[3], "somewhat")["choice"] == "somewhat"
    projector = room.last_state(room.projector)["current"]
    assert projector["risk_map"]["ranked"] is None and "mine" not in projector["risk_map"]


def test_the_reveal_ranks_factors_by_presence_and_hides_those_with_too_few_answers(app, room: Room):
    item_id = start_with_phones(room, 6)["item_id"]
    ratings = {
        FACTORS[0]: ["not_at_all"] * 4 + ["somewhat", "dont_know"],
        FACTORS[1]: ["very"] * 5 + ["somewhat"],
        FACTORS[2]: ["somewhat"] * 3,  # only three answered: below the minimum of five
        FACTORS[3]: ["somewhat"] * 3 + ["very"] * 2 + ["not_at_all"],
    }
    for factor, choices in ratings.items():
        for phone, choice in zip(room.phones, choices, strict=False):
            assert rate(room, phone, item_id, factor, choice)["ok"]
    assert room.command(room.console, "reveal_results") == {"ok": True}
    ranked = room.last_state(room.projector)["current"]["risk_map"]["ranked"]
    assert [row["id"] for row in ranked] == [FACTORS[1], FACTORS[3], FACTORS[0], FACTORS[2]]
    assert ranked[0]["counts"] == {"not_at_all": 0, "somewhat": 1, "very": 5, "dont_know": 0}
    assert ranked[0]["level"] == "high" and ranked[1]["level"] == "medium" and ranked[2]["level"] == "low"
    assert ranked[3] == {"id": FACTORS[2], "name": "Steep hierarchies and fierce competition", "suppressed": True,
                         "total": 3, "min_answers": 5, "score": None, "level": None}
    late = rate(room, room.phones[0], item_id, FACTORS[2], "very")
    assert late["error"]["code"] == "answers_closed"


def test_measures_reach_every_screen_as_they_are_written_and_agreements_stay_on_the_console(room: Room):
    start_with_phones(room, 1)
    room.command(room.console, "reveal_results")
    ack = room.command(room.console, "record_agreement",
                       {"kind": "measure", "factor": FACTORS[1], "text": "Open calls  for every role"})
    assert ack["ok"] and ack["agreement_id"] > 0
    for screen in (room.projector, room.phones[0], room.console):
        measures = room.last_state(screen)["current"]["risk_map"]["measures"]
        assert measures == [{"id": ack["agreement_id"], "factor": FACTORS[1], "text": "Open calls for every role"}]
    assert room.command(room.console, "record_agreement", {"kind": "guideline", "text": "We say stop."})["ok"]
    kinds = [agreement["kind"] for agreement in room.last_state(room.console)["agreements"]]
    assert kinds == ["measure", "guideline"]
    assert "agreements" not in room.last_state(room.projector)
    assert room.command(room.console, "remove_agreement", {"agreement_id": ack["agreement_id"]}) == {"ok": True}
    assert room.last_state(room.projector)["current"]["risk_map"]["measures"] == []


@pytest.mark.parametrize(("payload", "field", "message"), [
    ({"kind": "measure", "text": "No factor"}, "factor",
     "Say whether this is a guideline, a topic for next time, or a measure for one risk factor."),
    ({"kind": "measure", "factor": "not-a-factor", "text": "x"}, "factor",
     "That risk factor is not part of this workshop's risk map."),
    ({"kind": "guideline", "text": "See https://example.org"}, "text",
     "An agreement holds text only: no links, web addresses or markup."),
    ({"kind": "topic", "text": "x" * 301}, "text", "The message was not understood."),
    ({"kind": "wish", "text": "x"}, "kind", "The message was not understood."),
])
def test_bad_agreements_are_refused_with_a_reason_that_names_the_field(app, room: Room, payload, field, message):
    ack = room.command(room.console, "record_agreement", payload)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_payload" and ack["error"]["message"] == message
    assert list(ack["error"]["fields"]) == [field]
    with extensions.database.of(app).transaction() as session:
        assert session.scalar(select(func.count(Agreement.id))) == 0


def test_bad_risk_answers_get_clear_errors_and_phones_cannot_record_agreements(app, room: Room):
    item_id = start_with_phones(room, 1)["item_id"]
    phone = room.phones[0]
    assert rate(room, phone, item_id, "made-up", "very")["error"]["message"] == \
        "That risk factor is not part of this workshop's risk map."
    assert rate(room, phone, item_id, FACTORS[0], "extremely")["error"]["code"] == "invalid_payload"
    assert rate(room, phone, item_id + 99, FACTORS[0], "very")["error"]["code"] == "not_current_item"
    assert room.command(phone, "record_agreement", {"kind": "guideline", "text": "x"})["error"]["code"] == "forbidden"
    with extensions.database.of(app).transaction() as session:
        assert session.scalar(select(func.count(RiskAnswer.id))) == 0


def test_ending_keeps_only_totals_per_factor_and_deletes_every_answer(app, room: Room):
    item_id = start_with_phones(room, 5)["item_id"]
    for phone in room.phones:
        rate(room, phone, item_id, FACTORS[0], "very")
    rate(room, room.phones[0], item_id, FACTORS[1], "somewhat")
    room.command(room.console, "reveal_results")
    assert room.command(room.console, "end_workshop") == {"ok": True}
    with extensions.database.of(app).transaction() as session:
        assert session.scalar(select(func.count(RiskAnswer.id))) == 0
        assert session.scalar(select(func.count(Participant.id))) == 0
        kept = json.loads(session.get(AgendaItem, item_id).final_counts)
        assert kept["factors"][0] == {"id": FACTORS[0], "counts": {"not_at_all": 0, "somewhat": 0, "very": 5,
                                                                   "dont_know": 0}}
        assert kept["factors"][1] == {"id": FACTORS[1], "total": 1}
        assert session.get(Workshop, room.workshop_id).participant_count == 5


def test_a_risk_map_from_another_deck_joins_the_agenda_of_a_draft_workshop(app):
    room = open_room(app)  # three conversation cards
    try:
        facilitator = app.test_client()
        assert sign_in(facilitator, "fasilitator@teater.no", PASSWORD).status_code == 303
        database = extensions.database.of(app)
        risk_deck = next(d for d in visible_decks(database, None) if d.slug == "risk-map")
        page = facilitator.get(f"/workshops/{room.workshop_id}/add?deck={risk_deck.id}")
        assert page.status_code == 200 and FACTORS[0] in page.get_data(as_text=True)
        added = post_form(facilitator, f"/workshops/{room.workshop_id}/add",
                          {"deck": str(risk_deck.id), "card": FACTORS[:2]})
        assert added.status_code == 303
        assert post_form(facilitator, f"/workshops/{room.workshop_id}/add",
                         {"deck": str(risk_deck.id)}).status_code == 422  # nothing ticked
        agenda = facilitator.get(f"/workshops/{room.workshop_id}/agenda").get_data(as_text=True)
        assert agenda.count('class="card-kind"') == 4 and "Risk mapping" in agenda
        room.join_phone()
        room.command(room.console, "start_workshop")
        assert room.command(room.console, "show_item", {"position": 3}) == {"ok": True}
        shown = room.last_state(room.phones[0])["current"]
        assert shown["kind"] == "risk_map" and [f["id"] for f in shown["risk_map"]["factors"]] == FACTORS[:2]
        too_late = post_form(facilitator, f"/workshops/{room.workshop_id}/add", {"deck": str(risk_deck.id),
                                                                               "card": FACTORS[2:3]})
        assert too_late.status_code == 422
    finally:
        disconnect_all(room)


def test_one_phones_own_answers_never_reach_another_screen(app, room: Room):
    item_id = start_with_phones(room, 2)["item_id"]
    mine, other = room.phones
    for screen in (room.console, room.projector, other):
        room.forget(screen)
    assert rate(room, mine, item_id, FACTORS[0], "very")["ok"]
    assert room.command(room.console, "record_agreement", {"kind": "guideline", "text": "A new state for everyone"}
                        )["ok"]
    for screen in (room.console, room.projector, other):
        states = room.states(screen)
        assert states, "the agreement's broadcast never arrived, so nothing was checked"
        for state in states:
            assert "mine" not in state["current"]["risk_map"], "a broadcast carried one phone's answers"
    reconnected = socketio.test_client(app, flask_test_client=room.phone_browsers[0],
                                       auth={"screen": "phone", "workshop_id": room.workshop_id})
    try:
        assert room.last_state(reconnected)["current"]["risk_map"]["mine"] == {FACTORS[0]: "very"}
    finally:
        reconnected.disconnect()


def test_a_risk_map_of_a_hard_theme_starts_with_its_content_note(app):
    room = open_room(app, ["temporary-and-part-time-staff", "freelancers"], deck_slug="risk-map")
    try:
        phone = room.join_phone()
        room.command(room.console, "start_workshop")
        first = room.last_state(phone)["current"]
        assert first["phase"] == "content_note" and first["content_note"]
        room.command(room.console, "show_card")
        assert room.last_state(phone)["current"]["risk_map"]["factors"][1]["id"] == "freelancers"
    finally:
        disconnect_all(room)


def test_cards_cannot_be_added_to_another_organisations_workshop(app):
    room = open_room(app)
    make_user(app, "fasilitator@festival.no", Role.FACILITATOR, "Festival Sør")
    try:
        stranger = app.test_client()
        assert sign_in(stranger, "fasilitator@festival.no", PASSWORD).status_code == 303
        database = extensions.database.of(app)
        risk_deck = next(d for d in visible_decks(database, None) if d.slug == "risk-map")
        into_theirs = post_form(stranger, f"/workshops/{room.workshop_id}/add",
                                {"deck": str(risk_deck.id), "card": FACTORS[:1]})
        assert into_theirs.status_code == 404
        assert stranger.get(f"/workshops/{room.workshop_id}/add?deck={risk_deck.id}").status_code == 404
        assert len(room.last_state(room.console)["agenda"]) == 3
    finally:
        disconnect_all(room)
