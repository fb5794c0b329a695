"""The co-facilitator in Chromium: the console offers the moderator view's address with a QR code, and the
moderator view draws the console's own moderation panel (reflections and the question box's queue) with
no agenda control, while the console says how many of the team are here."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.screens import Screens

pytestmark = pytest.mark.e2e

STATEMENT = "Being professional means putting up with a fair bit."


def test_the_moderator_view_shows_the_moderation_queue_and_no_agenda_controls(live_server, browser):
    screens = Screens(browser, live_server)
    console = screens.facilitator()
    screens.create_workshop(console, "Conversation cards", "Two of us", [STATEMENT])
    link = console.get_by_role("link", name="Open moderator view on another device")
    expect(link).to_be_visible()
    address = console.get_by_label("Moderator view address").input_value()
    assert address.endswith("/moderate") and "secret" not in address and address == link.get_attribute("href")
    qr = console.get_by_role("img", name="QR code with the moderator view's address")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")

    # The second device is signed in as itself (here the same person's second tab): no secret in the address.
    moderator = console.context.new_page()
    moderator.goto(address)
    expect(moderator.locator("#connection-status")).to_have_text("Connected")
    expect(moderator.get_by_role("heading", name="Reflections to read")).to_be_visible()
    expect(moderator.get_by_role("group", name="Questions from the question box")).to_be_visible()
    expect(moderator.locator("#count-pauses")).to_have_text("Pause signals in the last 5 minutes: 0")
    for control in ("Start the workshop", "Next card", "End workshop…", "Add a question box after this item"):
        expect(moderator.get_by_role("button", name=control)).to_have_count(0)
    expect(moderator.locator("#agenda")).to_have_count(0)
    expect(console.locator("#team-count")).to_have_text("Your team here: 1 facilitator, 1 moderator")
    expect(moderator.locator("#team-count")).to_have_text("Your team here: 1 facilitator, 1 moderator")

    # A command on the console reaches the moderator view at once.
    console.get_by_role("button", name="Start the workshop").click()
    expect(moderator.locator("#current-text")).to_have_text(STATEMENT)
    moderator.close()
    expect(console.locator("#team-count")).to_have_text("Your team here: 1 facilitator, 0 moderators")
    screens.assert_no_problems()
