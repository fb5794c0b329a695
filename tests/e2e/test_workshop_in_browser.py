"""A whole workshop in Chromium: facilitator, projector and five phones against the real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.accounts import PASSWORD
from tests.support.screens import Screens

pytestmark = pytest.mark.e2e

STATEMENT = "Being professional means putting up with a fair bit."
REFLECTION = "We joke about it instead of talking about it, number {}."


def test_a_whole_workshop_from_creation_to_the_closing_screen(live_server, browser):
    screens = Screens(browser, live_server)
    facilitator = screens.facilitator()
    projector_url = screens.create_workshop(facilitator, "Conversation cards", "Autumn workshop",
                                            [STATEMENT, "'But where are you really from?'"])
    projector, code = screens.projector(projector_url)
    expect(projector.locator("#join-qr")).to_be_visible()
    phones = screens.phones(code, ["nb-NO"] + ["en-GB"] * 4)
    expect(projector.locator("#joined-count")).to_contain_text("5")

    # Card 1: a statement. Only three answer, so the result stays hidden.
    facilitator.locator("#start-workshop").click()
    expect(projector.locator("#card-text")).to_have_text(STATEMENT)
    expect(phones[0].locator("#card-text")).to_have_text("Å være profesjonell betyr å tåle en del.")
    for phone in phones[1:4]:
        phone.get_by_role("button", name="Agree", exact=True).click()
        expect(phone.get_by_role("button", name="Agree", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(facilitator.locator("#count-answered")).to_contain_text("3 of 5")
    expect(projector.locator("#answer-status")).to_contain_text("3")
    facilitator.locator("#reveal-results").click()
    expect(projector.locator(".results-suppressed")).to_contain_text("Too few answers to show")
    expect(projector.locator(".results-row")).to_have_count(0)
    expect(phones[4].get_by_text(re.compile("Answers are closed"))).to_be_visible()

    # Card 2: the racism theme's content note comes first, then the card, then reflections.
    facilitator.locator("#next-item").click()
    expect(projector.locator("#note-text")).not_to_be_empty()
    expect(phones[2].locator("#note-view")).to_be_visible()
    expect(projector.locator("#card-text")).to_be_hidden()
    facilitator.locator("#show-card").click()
    expect(projector.locator("#card-text")).to_contain_text("where are you really from?")
    facilitator.locator("#open-reflections").click()
    for number, phone in enumerate(phones):
        phone.locator("#reflection-text").fill(REFLECTION.format(number))
        phone.locator("#reflection-text").press("Tab")
        phone.get_by_role("button", name=re.compile("Send reflection|Send refleksjon")).click()
        expect(phone.locator("#reflection-sent")).to_be_visible()
    pending = facilitator.locator("#moderation-pending li")
    # Texts reach the queue in batches on the clock's boundaries, never one by one as they are sent;
    # closing the answers sends whatever still waits.
    expect(projector.locator("#reflections-list li")).to_have_count(0)
    facilitator.locator("#close-answers").click()
    expect(pending).to_have_count(5)
    for left in (4, 3, 2, 1):
        pending.first.get_by_role("button", name="Approve").click()
        expect(pending).to_have_count(left)
        expect(projector.locator("#reflections-list li")).to_have_count(0)  # fewer than five approved
    pending.first.get_by_role("button", name="Approve").click()
    expect(projector.locator("#reflections-list li")).to_have_count(5)

    # End: every phone shows the closing screen.
    facilitator.locator("#end-workshop").click()
    facilitator.locator("#end-confirm-yes").click()
    for phone in phones:
        expect(phone.locator("#closing-view")).to_be_visible()
    expect(phones[0].locator("#closing-stored")).to_contain_text("er koblingen mellom svarene dine slettet")
    expect(projector.locator("#ended-view")).to_be_visible()

    screens.assert_no_problems()

    tokens = [cookie["value"] for phone in phones for cookie in phone.context.cookies()
              if cookie["name"].startswith("cardapp_p_")]
    assert len(tokens) == 5
    live_server.stop()
    log = live_server.log_text()
    for secret in (*tokens, PASSWORD, "leder@teater.no", "HeadlessChrome", REFLECTION.format(1)[:20]):
        assert secret not in log, f"{secret!r} appears in the server log"
    assert not re.search(r"\bagree\b", log), "an answer appears in the server log"  # not "agreements"
    assert set(re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", log)) <= {"127.0.0.1"}
    assert all(f"127.0.0.1:{live_server.port}" in line for line in log.splitlines() if "127.0.0.1" in line)
