"""The "OK or not OK?" exercise through the real Socket.IO handlers: rounds, shift, refusals."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.store.models import AgendaItem, Answer
from tests.support.accounts import PASSWORD, make_user, sign_in
from tests.support.workshops import Room, card_ids_with, disconnect_all, open_room

SCENARIOS = ["audition-family-plans", "tour-shared-room", "premiere-hug-from-director"]


@pytest.fixture
def room(app):
    opened = open_room(app, SCENARIOS, deck_slug="ok-or-not-ok")
    yield opened
    disconnect_all(opened)


def start_with_phones(room: Room, phones: int) -> int:
    for _ in range(phones):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    return room.last_state(room.console)["current"]["item_id"]


def answer_all(room: Room, item_id: int, choices: list[str], round_shown: int | None = None) -> None:
    for phone, choice in zip(room.phones, choices, strict=True):
        payload = {"item_id": item_id, "choice": choice, "answer_id": f"{id(phone):x}-{round_shown}-{choice}"}
        if round_shown is not None:
            payload["round"] = round_shown
        assert room.command(phone, "submit_answer", payload)["ok"]


def stored_answers(app, item_id: int) -> list[tuple[int, str]]:
    with extensions.database.of(app).transaction() as session:
        return sorted(session.execute(select(Answer.round, Answer.choice).where(Answer.item_id == item_id)).all())


def test_phones_offer_the_four_stances_and_the_projector_shows_only_the_count(room: Room):
    item_id = start_with_phones(room, 2)
    on_phone = room.last_state(room.phones[0])["current"]
    assert on_phone["choices"] == ["ok", "not_ok", "depends", "unsure"]
    assert on_phone["round"] == 1 and on_phone["answers_open"]
    answer_all(room, item_id, ["ok", "not_ok"])
    projector = room.last_state(room.projector)["current"]
    assert projector["results"] is None and "my_answer" not in projector


def test_a_second_round_shows_both_distributions_and_how_the_room_moved(app, room: Room):
    item_id = start_with_phones(room, 6)
    answer_all(room, item_id, ["ok", "ok", "ok", "not_ok", "depends", "unsure"], round_shown=1)
    assert room.command(room.console, "reveal_results") == {"ok": True}
    first = room.last_state(room.projector)["current"]["results"]
    assert first == {"suppressed": False, "total": 6, "round": 1,
                     "counts": {"ok": 3, "not_ok": 1, "depends": 1, "unsure": 1}}

    assert room.command(room.console, "start_second_round") == {"ok": True}
    again = room.last_state(room.phones[0])["current"]
    assert again["round"] == 2 and again["answers_open"] and again.get("my_answer") is None
    assert room.last_state(room.projector)["current"]["results"] is None  # nothing while people answer

    answer_all(room, item_id, ["ok", "not_ok", "not_ok", "not_ok", "not_ok", "depends"], round_shown=2)
    assert room.command(room.console, "reveal_results") == {"ok": True}
    both = room.last_state(room.projector)["current"]["results"]
    assert both["round"] == 2
    assert both["first_round"]["counts"] == {"ok": 3, "not_ok": 1, "depends": 1, "unsure": 1}
    assert both["counts"] == {"ok": 1, "not_ok": 4, "depends": 1, "unsure": 0}
    assert both["shift"] == [{"choice": "ok", "change": -2}, {"choice": "not_ok", "change": 3},
                             {"choice": "unsure", "change": -1}]
    assert stored_answers(app, item_id).count((1, "ok")) == 3
    assert len(stored_answers(app, item_id)) == 12


def test_the_shift_is_not_shown_when_a_round_had_too_few_answers(room: Room):
    item_id = start_with_phones(room, 6)
    answer_all(room, item_id, ["ok"] * 6)
    room.command(room.console, "close_answers")
    room.command(room.console, "start_second_round")
    for phone in room.phones[:3]:
        assert room.answer(phone, item_id, "not_ok")["ok"]
    room.command(room.console, "reveal_results")
    results = room.last_state(room.projector)["current"]["results"]
    assert results["suppressed"] is True and results["total"] == 3 and "counts" not in results
    # The second round shows no distribution, so nothing can be subtracted from the first.
    assert results["first_round"] == {"suppressed": False, "total": 6,
                                      "counts": {"ok": 6, "not_ok": 0, "depends": 0, "unsure": 0}}
    assert results["shift"] is None and results["not_compared"] == "too_few"


def test_a_second_round_is_refused_while_answers_are_open_on_a_question_and_a_third_time(app):
    _deck, questions = card_ids_with(app, kinds=("question",), count=1)
    room = open_room(app, questions + ["norms-statement-professional"])
    try:
        start_with_phones(room, 1)
        refused = room.command(room.console, "start_second_round")
        assert refused["error"] == {"code": "round_not_possible",
                                    "message": "Only a statement people take a stand on can be asked again."}
        room.command(room.console, "show_item", {"position": 1})
        open_first = room.command(room.console, "start_second_round")
        assert open_first["error"]["message"] == "Close the answers of the first round before you ask again."
        room.command(room.console, "close_answers")
        assert room.command(room.console, "start_second_round") == {"ok": True}
        room.command(room.console, "close_answers")
        third = room.command(room.console, "start_second_round")
        assert third["error"]["message"] == "This statement has already been asked a second time."
        assert room.last_state(room.console)["current"]["round"] == 2
    finally:
        disconnect_all(room)


def test_changing_ones_mind_before_close_counts_once(app, room: Room):
    item_id = start_with_phones(room, 1)
    for choice in ("ok", "not_ok", "depends", "not_ok"):
        assert room.answer(room.phones[0], item_id, choice)["choice"] == choice
    assert stored_answers(app, item_id) == [(1, "not_ok")]


def test_late_repeated_wrong_and_foreign_answers_get_clear_errors_and_store_nothing(app, room: Room):
    item_id = start_with_phones(room, 2)
    phone, other = room.phones
    # repeated: the same answer id three times is one answer
    for _ in range(3):
        assert room.answer(phone, item_id, "ok", answer_id="same-answer-1")["ok"]
    # wrong value
    wrong = room.answer(other, item_id, "agree")
    assert wrong["error"] == {"code": "invalid_payload", "message": "That is not one of the choices for this card.",
                              "fields": {"choice": "That is not one of the choices for this card."}}
    # another workshop's scenario
    elsewhere = open_room(app, SCENARIOS[:1], email="fasilitator@festival.no", deck_slug="ok-or-not-ok")
    try:
        assert elsewhere.command(elsewhere.console, "start_workshop") == {"ok": True}
        foreign_item = elsewhere.last_state(elsewhere.console)["current"]["item_id"]
        foreign = room.answer(other, foreign_item, "ok")
        assert foreign["error"]["code"] == "not_current_item"
        assert stored_answers(app, foreign_item) == []
    finally:
        disconnect_all(elsewhere)
    # late: after the facilitator closed answers
    room.command(room.console, "close_answers")
    late = room.answer(other, item_id, "not_ok")
    assert late["error"] == {"code": "answers_closed",
                             "message": "Answers to this card are closed, so your answer was not counted."}
    # a first-round tap that arrives after the second round began
    room.command(room.console, "start_second_round")
    stale = room.command(other, "submit_answer", {"item_id": item_id, "choice": "ok", "answer_id": "late-tap-1",
                                                  "round": 1})
    assert stale["error"]["code"] == "not_current_item"
    assert stored_answers(app, item_id) == [(1, "ok")]
    assert phone.is_connected() and other.is_connected()


def test_a_scenario_added_on_the_spot_comes_next_in_the_projectors_language(app, room: Room):
    start_with_phones(room, 1)
    ack = room.command(room.console, "add_scenario", {"text": "  The producer asks an intern to\n drive him home.  "})
    assert ack == {"ok": True, "position": 1}
    agenda = room.last_state(room.console)["agenda"]
    assert [item["position"] for item in agenda] == [0, 1, 2, 3]
    assert agenda[1]["title"] == "The producer asks an intern to drive him home."
    assert room.command(room.console, "show_item", {"position": 1}) == {"ok": True}
    on_phone = room.last_state(room.phones[0])["current"]
    assert on_phone["text"] == "The producer asks an intern to drive him home."
    assert on_phone["choices"] == ["ok", "not_ok", "depends", "unsure"]
    with extensions.database.of(app).transaction() as session:
        assert session.scalar(select(func.count(AgendaItem.id)).where(
            AgendaItem.workshop_id == room.workshop_id)) == 4


@pytest.mark.parametrize(("text", "message"), [
    ("   ", "A scenario needs 1 to 700 characters."),
    ("x" * 701, "The message was not understood."),  # longer than the payload allows: refused unread
    ("See <b>this</b>", "A scenario holds text only: no links, web addresses or markup."),
    ("Read www.example.com first", "A scenario holds text only: no links, web addresses or markup."),
])
def test_a_bad_scenario_is_refused_with_a_reason_and_nothing_is_added(room: Room, text: str, message: str):
    ack = room.command(room.console, "add_scenario", {"text": text})
    assert ack["ok"] is False and ack["error"]["message"] == message
    assert list(ack["error"]["fields"]) == ["text"]
    assert len(room.last_state(room.console)["agenda"]) == 3


def test_phones_cannot_add_scenarios_or_start_rounds(room: Room):
    phone = room.join_phone()
    for event, payload in (("add_scenario", {"text": "Hello"}), ("start_second_round", {})):
        assert room.command(phone, event, payload)["error"]["code"] == "forbidden"


def test_the_results_page_lists_each_scenario_with_its_rounds_and_hides_small_ones(app, room: Room):
    facilitator = app.test_client()
    assert sign_in(facilitator, "fasilitator@teater.no", PASSWORD).status_code == 303
    item_id = start_with_phones(room, 6)
    before_end = facilitator.get(f"/workshops/{room.workshop_id}/results")
    assert before_end.status_code == 409
    assert "once the workshop has ended" in before_end.get_data(as_text=True)

    answer_all(room, item_id, ["ok", "ok", "ok", "not_ok", "depends", "unsure"])
    room.command(room.console, "reveal_results")
    room.command(room.console, "start_second_round")
    answer_all(room, item_id, ["ok", "not_ok", "not_ok", "not_ok", "not_ok", "depends"])
    room.command(room.console, "reveal_results")
    room.command(room.console, "show_item", {"position": 1})
    room.command(room.console, "show_card")  # the shared-room scenario opens with its content note
    second = room.last_state(room.console)["current"]["item_id"]
    for phone in room.phones[:3]:
        room.answer(phone, second, "not_ok")
    room.command(room.console, "reveal_results")
    room.command(room.console, "show_item", {"position": 2})
    for phone in room.phones:  # answered but never revealed: the report leaves it out
        room.answer(phone, room.last_state(room.console)["current"]["item_id"], "ok")
    assert room.command(room.console, "end_workshop") == {"ok": True}

    page = facilitator.get(f"/workshops/{room.workshop_id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    first_section, second_section = html.split('id="statement-1"')
    assert "Round 1" in first_section and "Round 2" in first_section
    assert "3 (50%)" in first_section and "4 (67%)" in first_section
    assert "“Not OK”: 3 more in round 2" in first_section
    assert "“OK”: 2 fewer in round 2" in first_section
    assert "Too few answers to show (at least 5 needed)." in second_section
    assert not re.search(r"\d+ \(\d+ %\)", second_section)  # no count of any answer below the minimum
    assert 'id="statement-2"' not in html  # answered but never revealed, so nothing to report

    make_user(app, "fasilitator@festival.no", Role.FACILITATOR, "Festival Sør")
    stranger = app.test_client()
    sign_in(stranger, "fasilitator@festival.no", PASSWORD)
    assert stranger.get(f"/workshops/{room.workshop_id}/results").status_code == 404


def test_the_second_round_asks_only_the_first_rounds_people_and_compares_only_like_with_like(app, room: Room):
    item_id = start_with_phones(room, 6)
    answer_all(room, item_id, ["ok"] * 6)
    room.command(room.console, "reveal_results")
    room.command(room.console, "start_second_round")
    latecomer = room.join_phone()
    refused = room.answer(latecomer, item_id, "not_ok")
    assert refused["error"]["code"] == "not_in_first_round"
    # One of the six does not answer again: comparing 6 with 5 would show what that one person said.
    for phone in room.phones[:5]:
        assert room.answer(phone, item_id, "not_ok")["ok"]
    room.command(room.console, "reveal_results")
    results = room.last_state(room.projector)["current"]["results"]
    # The room saw the first round (6): the second (5) is the one withheld, with the reason.
    assert results["first_round"] == {"suppressed": False, "total": 6,
                                      "counts": {"ok": 6, "not_ok": 0, "depends": 0, "unsure": 0}}
    assert results == {**results, "suppressed": True, "total": 5, "withheld": "differs_from_earlier"}
    assert "counts" not in results
    assert results["shift"] is None and results["not_compared"] == "different_totals"
    assert stored_answers(app, item_id).count((2, "not_ok")) == 5


def test_a_late_withdrawal_from_the_first_round_leaves_the_second_round_alone(app, room: Room):
    item_id = start_with_phones(room, 1)
    phone = room.phones[0]
    room.answer(phone, item_id, "ok")
    room.command(room.console, "close_answers")
    room.command(room.console, "start_second_round")
    room.answer(phone, item_id, "not_ok")
    stale = room.command(phone, "withdraw_answer", {"item_id": item_id, "round": 1})
    assert stale["error"]["code"] == "not_current_item"
    assert stored_answers(app, item_id) == [(1, "ok"), (2, "not_ok")]


def test_a_scenario_typed_on_the_spot_tells_phones_which_language_it_is_in(room: Room):
    phone = room.join_phone(language="nb")
    room.command(room.console, "start_workshop")
    room.command(room.console, "add_scenario", {"text": "The producer asks an intern to drive him home."})
    room.command(room.console, "show_item", {"position": 1})
    shown = room.last_state(phone)["current"]
    assert shown["text_language"] == "en" and room.last_state(phone)["language"] == "nb"
