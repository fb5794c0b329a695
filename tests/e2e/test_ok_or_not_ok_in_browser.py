"""The "OK or not OK?" exercise in Chromium: a facilitator, a projector and six phones, real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.screens import Screens

pytestmark = pytest.mark.e2e

AUDITION = ("At an audition for a two-year ensemble contract, the artistic director asks a singer whether she "
            "is planning to have children in the next few years.")
AUDITION_PROMPT = "Why might the artistic director want to know? Is that reason good enough?"
TOUR = ("To save money on tour, the tour manager books a double room for himself and the young production "
        "assistant. She finds out at the hotel reception.")
ON_THE_SPOT = "At the Christmas party the board chair asks a new technician to sit on his lap for a photo."


def choose(phone: Page, label: str) -> None:
    button = phone.get_by_role("button", name=label, exact=True)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def result_row(page: Page, label: str, nth: int = 0):
    return page.locator(".results-row").filter(
        has=page.locator(".results-label", has_text=re.compile(f"^{re.escape(label)}$"))).nth(nth)


def test_three_scenarios_with_a_second_round_and_a_too_few_case(live_server, browser):
    screens = Screens(browser, live_server)
    facilitator = screens.facilitator()
    projector_url = screens.create_workshop(facilitator, "OK or not OK?", "Boundaries at the theatre", [AUDITION, TOUR])
    projector, code = screens.projector(projector_url)
    phones = screens.phones(code, ["en-GB"] * 5 + ["nb-NO"])
    expect(projector.locator("#joined-count")).to_contain_text("6")

    # Scenario 1, first round: everyone takes a stand; one changes their mind and counts once.
    facilitator.locator("#start-workshop").click()
    expect(projector.locator("#card-text")).to_have_text(AUDITION)
    expect(projector.locator("#card-list")).not_to_contain_text(AUDITION_PROMPT)  # prompts wait for the reveal
    for phone, label in zip(phones[:5], ["OK", "OK", "Not OK", "It depends", "Unsure"], strict=True):
        choose(phone, label)
    choose(phones[5], "Ikke OK")
    choose(phones[0], "Not OK")  # a change of mind before close
    expect(facilitator.locator("#count-answered")).to_contain_text("6 of 6")
    expect(projector.locator("#answer-status")).to_contain_text("6")
    expect(projector.locator(".results-row")).to_have_count(0)
    facilitator.locator("#reveal-results").click()
    expect(projector.locator(".results-caption")).to_have_text("6 answers")
    expect(result_row(projector, "Not OK")).to_contain_text("3 (50%)")
    expect(result_row(projector, "OK")).to_contain_text("1 (17%)")
    expect(result_row(projector, "It depends")).to_contain_text("1 (17%)")
    expect(result_row(projector, "Unsure")).to_contain_text("1 (17%)")
    expect(projector.locator("#card-list")).to_contain_text(AUDITION_PROMPT)
    expect(facilitator.locator("#current-notes-text")).not_to_be_empty()
    expect(projector.locator(".facilitator-notes")).to_have_count(0)

    # Second round after the talk: the phones ask again, the projector shows both rounds and the shift.
    facilitator.get_by_role("button", name="Ask again (second round)").click()
    expect(phones[1].locator("#round-note")).to_have_text("Second round: after the talk, what do you think now?")
    expect(phones[5].locator("#round-note")).to_have_text(re.compile("Andre runde"))
    expect(projector.locator("#round-hint")).to_be_visible()
    expect(projector.locator("#results")).to_be_hidden()
    for phone, label in zip(phones[:5], ["Not OK", "Not OK", "Not OK", "Not OK", "Unsure"], strict=True):
        choose(phone, label)
    choose(phones[5], "Ikke OK")
    expect(facilitator.locator("#count-answered")).to_contain_text("6 of 6")
    facilitator.locator("#reveal-results").click()
    figures = projector.locator(".results-round-pair figure")
    expect(figures).to_have_count(2)
    expect(figures.nth(0).locator("figcaption")).to_have_text("First round · 6 answers")
    expect(figures.nth(1).locator("figcaption")).to_have_text("Second round · 6 answers")
    expect(result_row(projector, "Not OK", 1)).to_contain_text("5 (83%)")
    shift = projector.locator(".results-shift-list li")
    expect(shift).to_have_text(["1 person fewer now says “OK”", "2 more people now say “Not OK”",
                                "1 person fewer now says “It depends”"])

    # Scenario 2: only three answer with a minimum of five, so nothing but "too few" is shown.
    facilitator.locator("#next-item").click()
    facilitator.locator("#show-card").click()  # the shared-room scenario opens with a content note
    expect(projector.locator("#card-text")).to_have_text(TOUR)
    for phone in phones[:3]:
        choose(phone, "Not OK")
    facilitator.locator("#reveal-results").click()
    expect(projector.locator(".results-suppressed")).to_have_text("Too few answers to show (at least 5 needed)")
    expect(projector.locator(".results-row")).to_have_count(0)

    # Scenario 3, typed on the console on the spot; it comes next, in the projector's language.
    facilitator.get_by_label("Scenario, in the projector's language").fill(ON_THE_SPOT)
    facilitator.get_by_role("button", name="Add after the current card").click()
    expect(facilitator.locator("#add-scenario-status")).to_have_text("Added as card 3.")
    facilitator.locator("#next-item").click()
    expect(projector.locator("#card-text")).to_have_text(ON_THE_SPOT)
    expect(phones[5].locator("#card-text")).to_have_text(ON_THE_SPOT)
    for phone in phones[:5]:
        choose(phone, "Not OK")
    facilitator.locator("#reveal-results").click()
    expect(result_row(projector, "Not OK")).to_contain_text("5 (100%)")

    facilitator.locator("#end-workshop").click()
    facilitator.locator("#end-confirm-yes").click()
    expect(projector.locator("#ended-view")).to_be_visible()

    # After the workshop: the results page keeps each scenario's totals, nothing per person.
    facilitator.goto("/workshops")
    facilitator.get_by_role("link", name=re.compile("^Report")).click()
    first = facilitator.locator("section.result-statement").nth(0)
    expect(first.get_by_role("columnheader")).to_have_text(["Answer", "Round 1", "Round 2"])
    expect(first.get_by_role("row", name=re.compile("^Not OK"))).to_have_text(re.compile(r"3 \(50%\)\s*5 \(83%\)"))
    expect(first.locator(".results-shift-list li").nth(1)).to_have_text("“Not OK”: 2 more in round 2")
    second = facilitator.locator("section.result-statement").nth(1)
    expect(second).to_contain_text("Too few answers to show (at least 5 needed).")
    expect(second.get_by_role("table")).to_have_count(0)
    third = facilitator.locator("section.result-statement").nth(2)
    expect(third).to_contain_text(ON_THE_SPOT)

    screens.assert_no_problems()
