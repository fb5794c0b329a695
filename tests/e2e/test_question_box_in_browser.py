"""The question box in Chromium: a phone asks from an ordinary item through its calm "Ask a question
anonymously" control, the facilitator approves in the moderation panel, and the projector lists the
approved batch by votes after a phone's upvote."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.remote import Screen, joined_phone_cookie
from tests.support.screens import Screens

pytestmark = pytest.mark.e2e

STATEMENT = "Being professional means putting up with a fair bit."


def test_a_phone_asks_on_any_item_and_the_projector_lists_the_approved_batch(live_server, browser):
    screens = Screens(browser, live_server)
    facilitator = screens.facilitator()
    projector_url = screens.create_workshop(facilitator, "Conversation cards", "Questions", [STATEMENT])
    projector, code = screens.projector(projector_url)
    phone = screens.phones(code, ["en-GB"])[0]
    others = [Screen(live_server, {"screen": "phone", "workshop_id": int(projector_url.split("/")[-2])},
                     joined_phone_cookie(live_server, code)) for _ in range(4)]
    try:
        expect(phone.get_by_text("Ask a question anonymously")).to_be_hidden()  # nobody to read it before the start
        facilitator.locator("#start-workshop").click()
        facilitator.get_by_role("button", name="Add a question box after this item").click()
        expect(facilitator.locator("#agenda")).to_contain_text("Question box")

        # On the statement, not the question box: asking is open on every item, folded until opened.
        expect(phone.get_by_role("button", name="Send question")).to_be_hidden()
        phone.get_by_text("Ask a question anonymously").click()
        phone.get_by_label(re.compile("^Your question")).fill("Is this even legal?")
        phone.get_by_role("button", name="Send question").click()
        expect(phone.locator("#question-status")).to_have_text(re.compile("^Sent. Your question waits"))
        for number, other in enumerate(others):
            other.wait_for(lambda s: s.state is not None)
            assert other.call("ask_question", {"text": f"Question from the room {number}"}) == {"ok": True}

        queue = facilitator.locator("#question-queue-pending > li")
        expect(queue.first).to_be_visible()  # three or more together, on a boundary of the clock
        # Two more, so that whatever the boundary left waiting is never one question alone, which the
        # facilitator's button does not take in (it would be the last sender's).
        for number, other in enumerate(others[:2]):
            assert other.call("ask_question", {"text": f"One more from the room {number}"}) == {"ok": True}
        facilitator.get_by_role("button", name="Take waiting questions in now").click()  # any left waiting
        expect(queue).to_have_count(7)
        for left in range(7, 0, -1):
            expect(queue).to_have_count(left)
            filler = "One more from the room" in queue.first.inner_text()
            queue.first.get_by_role("button", name="Reject" if filler else "Approve").click()
        expect(queue).to_have_count(0)
        facilitator.locator("#next-item").click()
        listed = projector.locator("#question-box-list > li")
        expect(listed).to_have_count(5)
        expect(projector.locator("#question-box-list")).to_contain_text("Is this even legal? (0 votes)")

        upvote = phone.locator("#question-box-phone li", has_text="Is this even legal?").get_by_role("button")
        upvote.click()
        expect(upvote).to_have_text("Upvoted")
        expect(upvote).to_have_attribute("aria-pressed", "true")
        # Totals move together once the new votes reach the minimum (5): the room's four others join.
        for other in others:
            other.wait_for(lambda s: bool(s.state["current"].get("question_box", {}).get("questions")))
            wanted = next(q["id"] for q in other.state["current"]["question_box"]["questions"]
                          if q["text"] == "Is this even legal?")
            assert other.call("upvote_question", {"question_id": wanted})["ok"]
        expect(listed.first).to_have_text("Is this even legal? (5 votes)")  # most votes first, on the cadence
        console_list = facilitator.locator("#question-box-console")
        expect(console_list.locator("li").first).to_have_text("Is this even legal? (5 votes)")
        expect(console_list).not_to_contain_text("null")

        # Approved, then taken down: it leaves the projector and the phone at the next state.
        removable = facilitator.locator("#question-removable > li", has_text="Is this even legal?")
        removable.get_by_role("button", name="Take down").click()
        expect(removable).to_have_count(0)
        expect(listed).to_have_count(4)
        expect(projector.locator("#question-box-list")).not_to_contain_text("Is this even legal?")
        expect(phone.locator("#question-box-phone")).not_to_contain_text("Is this even legal?")
        screens.assert_no_problems()
    finally:
        for other in others:
            other.close()
