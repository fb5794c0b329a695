"""The consent round in Chromium with six phones: each section of the guidelines answered on the phones,
the totals on the projector (one section suppressed: too few), an objection flagged without who, and
the totals in the guidelines' next version."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_programme_in_browser import organiser_page
from tests.support.screens import Screens

pytestmark = pytest.mark.e2e


def test_a_consent_round_with_six_phones_goes_into_the_next_version(live_server, browser):
    screens = Screens(browser, live_server)
    facilitator = screens.facilitator()
    organiser = organiser_page(screens)

    organiser.goto("/programme/plan")
    organiser.get_by_label("Date").fill("2027-05-05")
    organiser.get_by_label("Title").fill("Agreeing our guidelines")
    organiser.get_by_label("Deck").select_option(label="Risk map")
    organiser.get_by_role("button", name="Add", exact=True).click()
    facilitator.goto("/programme/plan?from=2027-05")
    facilitator.get_by_role("button", name=re.compile("^Make a draft workshop")).click()
    expect(facilitator.locator("main")).to_contain_text("The draft workshop is made")

    organiser.goto("/programme/guidelines")
    organiser.get_by_role("button", name="Make a new draft").click()
    organiser.get_by_label("Text in English").fill("# Our rules\n# We say stop\n- Anyone may say stop.\n"
                                                    "# Alcohol\n- No bar before the show.\n")
    organiser.get_by_label("Text in Norwegian bokmål").fill("# Våre regler\n# Vi sier stopp\n- Alle kan si stopp.\n"
                                                             "# Alkohol\n- Ingen bar før forestillingen.\n")
    organiser.get_by_role("button", name="Save as a new version").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Guidelines: Version 2")
    organiser.get_by_label("Add to the end of this draft workshop").select_option(label="Agreeing our guidelines")
    organiser.get_by_role("button", name="Add the consent round").click()
    expect(organiser.locator("main")).to_contain_text("The consent round is the last item of the workshop.")

    projector_url = facilitator.get_by_role("textbox", name=re.compile("Link for the projector")).input_value()
    projector, code = screens.projector(projector_url)
    facilitator.get_by_role("link", name="Open the console").click()
    expect(facilitator.locator("#connection-status")).to_have_text("Connected")
    phones = screens.phones(code, ["en-GB"] * 5 + ["nb-NO"])
    facilitator.locator("#start-workshop").click()
    facilitator.locator("#next-item").click()
    expect(projector.locator("#consent-heading")).to_have_text("Consent round on our guidelines")
    expect(projector.locator(".consent-guideline h3")).to_have_text(["We say stop", "Alcohol"])

    for number, phone in enumerate(phones):
        stop = phone.get_by_role("group", name=re.compile("We say stop|Vi sier stopp"))
        choice = ("I object" if number == 0 else "I can live with it") if number < 5 else "Jeg kan leve med den"
        button = stop.get_by_role("button", name=choice)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        if number < 3:  # only three answer the second section: too few to show
            alcohol = phone.get_by_role("group", name="Alcohol")
            alcohol.get_by_role("button", name="It needs changing").click()
            expect(alcohol.get_by_role("button", name="It needs changing")).to_have_attribute("aria-pressed", "true")
    expect(facilitator.locator("#count-answered")).to_contain_text("6 of 6")

    facilitator.locator("#reveal-results").click()
    results = projector.locator(".consent-guideline")
    expect(results.nth(0).locator(".consent-result")).to_have_text(
        "I can live with it 5 · It needs changing 0 · I object 1 (6 answers)")
    expect(results.nth(0).locator(".consent-flag")).to_have_text("An objection was raised")
    expect(results.nth(1).locator(".consent-result")).to_have_text("Too few answers to show (at least 5 needed)")
    expect(results.nth(1).locator(".consent-flag")).to_have_count(0)
    expect(phones[0].locator("#consent-progress")).to_have_text("Answers are closed")

    facilitator.locator("#end-workshop").click()
    facilitator.locator("#end-confirm-yes").click()
    expect(projector.locator("#ended-view")).to_be_visible()

    organiser.goto("/programme/guidelines")
    organiser.get_by_role("link", name="Version 3").click()
    document = organiser.locator(".document")
    expect(document).to_contain_text("We say stop: 5 can live with it, 0 say it needs changing, 1 object. "
                                     "An objection was raised")
    expect(document).to_contain_text("Alcohol: too few answers to show (at least 5 needed)")
    screens.assert_no_problems()
