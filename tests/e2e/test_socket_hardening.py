"""Socket.IO rules that only the real transport shows: authorisation, validation, rate limits."""

from __future__ import annotations

import pytest

from tests.support.remote import Screen, create_workshop, joined_phone_cookie, signed_in_facilitator

pytestmark = pytest.mark.e2e


@pytest.fixture
def workshop_screens(live_server):
    facilitator = signed_in_facilitator(live_server)
    workshop = create_workshop(live_server, facilitator, ["norms-statement-professional"])
    cookie = "; ".join(f"{k}={v}" for k, v in facilitator.cookies.items())
    console = Screen(live_server, {"screen": "console", "workshop_id": workshop["id"]}, cookie)
    phone = Screen(live_server, {"screen": "phone", "workshop_id": workshop["id"]},
                   joined_phone_cookie(live_server, workshop["code"]))
    yield console, phone
    console.close()
    phone.close()


def test_a_participant_sending_a_facilitator_command_gets_an_error_and_changes_nothing(workshop_screens):
    console, phone = workshop_screens
    for event in ("start_workshop", "reveal_results", "end_workshop", "moderate_reflection"):
        ack = phone.call(event, {})
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden", event
    assert console.call("start_workshop") == {"ok": True}
    console.wait_for(lambda s: s.state["workshop"]["status"] == "open")
    assert phone.client.connected


def test_bad_input_gets_a_readable_error_and_the_connection_stays(workshop_screens):
    console, phone = workshop_screens
    console.call("start_workshop")
    phone.wait_for(lambda s: s.state["current"] is not None)
    ack = phone.call("submit_answer", {"item_id": -1, "choice": "x" * 40, "answer_id": "short", "extra": 1})
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_payload"
    assert set(ack["error"]["fields"]) == {"item_id", "choice", "answer_id", "extra"}
    assert ack["error"]["message"] == "The message was not understood."
    assert phone.client.connected and phone.answer("agree")["ok"]


def test_answers_are_rate_limited_per_connection_on_the_real_server(workshop_screens):
    console, phone = workshop_screens
    console.call("start_workshop")
    phone.wait_for(lambda s: s.state["current"] is not None)
    codes = [phone.answer("agree").get("error", {}).get("code") for _ in range(14)]
    assert codes[:10] == [None] * 10
    assert "rate_limited" in codes[10:]
    assert phone.client.connected
