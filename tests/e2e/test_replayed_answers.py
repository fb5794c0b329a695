"""Issue 14.5: a repeat of any answer id already applied changes nothing, on every kind of item.

The attacker resends packets a phone sent before (a flaky network does it too, after a lost ack):
answer A, change to B, then A again used to put A back, and a replay after a withdrawal brought the
answer back, and a replayed withdrawal took back a later answer. Each repeat is acked with the
answer stored now; the ids are forgotten when the item closes, with nothing that ties them to a phone.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from contextlib import closing

import pytest
from playwright.sync_api import expect

from tests.support.remote_workshop import RISKS, every_kind_workshop
from tests.support.screens import Screens

AUDITION = "At an audition for a two-year ensemble contract"

pytestmark = pytest.mark.e2e


def remembered_ids(workdir, item_id: int) -> int:
    with closing(sqlite3.connect(workdir / "cardapp.sqlite3")) as connection:
        return int(connection.execute("SELECT count(*) FROM applied_answer_ids WHERE item_id = ?",
                                      (item_id,)).fetchone()[0])


def test_an_old_answer_sent_again_changes_nothing_and_is_acked_with_the_answer_stored_now(live_server):
    room = every_kind_workshop(live_server, phones=6)
    try:
        statement = room.show(1)
        first, second = room.phones[0].state["current"]["choices"][:2]
        changer, withdrawer, *others = room.phones

        def send(phone, choice: str, answer_id: str) -> dict:
            return phone.call("submit_answer", {"item_id": statement, "choice": choice, "answer_id": answer_id})

        assert send(changer, first, "changer-first-send")["choice"] == first
        assert send(changer, second, "changer-second-send")["choice"] == second
        assert send(changer, first, "changer-first-send") == {"ok": True, "answer_id": "changer-first-send",
                                                              "choice": second}
        assert send(withdrawer, first, "withdrawer-send")["choice"] == first
        withdrawal = {"item_id": statement, "withdrawal_id": "withdrawer-takes-back"}
        assert withdrawer.call("withdraw_answer", withdrawal) == {"ok": True}
        assert send(withdrawer, first, "withdrawer-send") == {"ok": True, "answer_id": "withdrawer-send",
                                                              "choice": None}
        # Back in with a new answer; the old withdrawal arriving again must not take it back.
        assert send(withdrawer, second, "withdrawer-again")["choice"] == second
        assert withdrawer.call("withdraw_answer", withdrawal) == {"ok": True}
        assert send(withdrawer, second, "withdrawer-again")["choice"] == second
        for phone in others:
            assert send(phone, first, uuid.uuid4().hex)["ok"]

        assert remembered_ids(live_server.workdir, statement) == 9
        assert room.console.call("reveal_results") == {"ok": True}
        room.console.wait_for(lambda s: s.state["current"]["results"] is not None)
        results = room.console_state()["current"]["results"]
        assert (results["total"], results["counts"][first], results["counts"][second]) == (6, 4, 2)
        assert remembered_ids(live_server.workdir, statement) == 0  # closed: forgotten with nothing to catch

        risk_map = room.show(2)

        def rate(choice: str, answer_id: str) -> dict:
            return changer.call("submit_risk_answer", {"item_id": risk_map, "factor": RISKS[0], "choice": choice,
                                                       "answer_id": answer_id})

        assert rate("very", "risk-first-send")["choice"] == "very"
        assert rate("somewhat", "risk-second-send")["choice"] == "somewhat"
        assert rate("very", "risk-first-send")["choice"] == "somewhat"

        walk = room.show(3)
        assert room.console.call("show_power_statement", {"step": 0})["ok"]

        def step(choice: str, answer_id: str) -> dict:
            return changer.call("submit_power_answer", {"item_id": walk, "statement": 0, "choice": choice,
                                                        "answer_id": answer_id})

        assert step("yes", "walk-first-send") == {"ok": True, "statement": 0, "choice": "yes"}
        assert step("no", "walk-second-send") == {"ok": True, "statement": 0, "choice": "no"}
        assert step("yes", "walk-first-send") == {"ok": True, "statement": 0, "choice": "no"}
        assert changer.call("fetch_my_power_walk", {"item_id": walk})["answers"] == {"0": "no"}
        assert room.console.call("finish_power_walk") == {"ok": True}
        assert remembered_ids(live_server.workdir, walk) == 0
    finally:
        room.close()


def test_in_chromium_a_phone_withdraws_answers_again_and_withdraws_once_more(live_server, browser):
    """The phone makes a new id for every answer and every withdrawal, so none is taken for a repeat."""
    screens = Screens(browser, live_server)
    facilitator = screens.facilitator()
    screens.create_workshop(facilitator, "OK or not OK?", "Withdrawing", [AUDITION])
    code = facilitator.locator("#room-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    [phone] = screens.phones(code.inner_text(), ["en-GB"])
    facilitator.locator("#start-workshop").click()
    withdraw = phone.get_by_role("button", name="Withdraw my answer")
    for label in ("OK", "Not OK"):
        button = phone.get_by_role("button", name=label, exact=True)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(facilitator.locator("#count-answered")).to_contain_text("1 of 1")
        withdraw.click()
        expect(phone.locator("#phone-message")).to_have_text("Your answer is withdrawn.")
        expect(button).to_have_attribute("aria-pressed", "false")
        # A withdrawal makes no event of its own on other screens (docs/privacy.md, "Timing"): the
        # console still says "1 of 1" until the next answer or full state.
        facilitator.wait_for_timeout(2500)
        expect(facilitator.locator("#count-answered")).to_contain_text("1 of 1")
    screens.assert_no_problems()
