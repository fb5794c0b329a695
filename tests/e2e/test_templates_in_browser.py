"""From the shipped two-hour template to a run-sheet in Chromium: one step to the workshop, planned
minutes on the console, and a discussion timer that reaches the projector and never the phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.accounts import PASSWORD
from tests.support.remote import invitation_link
from tests.support.screens import Screens

pytestmark = pytest.mark.e2e


def test_a_workshop_from_the_two_hour_template_runs_with_a_run_sheet_and_a_calm_timer(live_server, browser):
    screens = Screens(browser, live_server)
    organiser = screens.page("organiser")
    organiser.goto(invitation_link(live_server, "organiser@teater.no", role="organiser"))
    organiser.get_by_label("New password", exact=True).fill(PASSWORD)
    organiser.get_by_label("Type the new password again").fill(PASSWORD)
    organiser.get_by_role("button", name="Create my account").click()

    organiser.get_by_role("link", name="Workshops").click()
    organiser.get_by_label("Template", exact=True).select_option(label="The two-hour label session (120 min)")
    organiser.get_by_role("button", name="Create the workshop").click()
    expect(organiser.locator("ol.agenda > li")).to_have_count(11)
    projector_url = organiser.get_by_role("textbox", name=re.compile("Link for the projector")).input_value()
    organiser.get_by_role("link", name="Open the console").click()
    expect(organiser.locator("#connection-status")).to_have_text("Connected")
    expect(organiser.locator("#runsheet-session")).to_have_text("Whole session: 120 min planned")
    expect(organiser.locator(".runsheet-item").first).to_contain_text("Planned 10 min")
    expect(organiser.locator(".runsheet-item")).to_have_count(11)

    projector, code = screens.projector(projector_url)
    [phone] = screens.phones(code, ["en-GB"])
    organiser.locator("#start-workshop").click()
    # Counted to the minute from the start, so a minute may turn while the test runs.
    expect(organiser.locator("#runsheet-session")).to_have_text(re.compile(r"^Whole session: [01] of 120 min$"))
    current = organiser.locator(".runsheet-item.is-current")
    expect(current).to_contain_text(re.compile(r"Planned 10 min · [01] min so far"))

    expect(organiser.get_by_label("Minutes", exact=True)).to_have_value("10")  # the item's planned minutes
    organiser.get_by_role("button", name="Set", exact=True).click()
    organiser.get_by_role("button", name="Start", exact=True).click()
    expect(organiser.locator("#timer-state")).to_have_text("Running")
    organiser.get_by_role("button", name="Show on the projector").click()
    expect(projector.locator("#projector-timer")).to_have_text(re.compile(r"^Time left: (10:00|09:[0-5]\d)$"))
    organiser.get_by_role("button", name="Pause", exact=True).click()
    expect(organiser.locator("#timer-state")).to_have_text("Paused · Shown on the projector")
    organiser.get_by_role("button", name="Reset", exact=True).click()
    expect(projector.locator("#projector-timer")).to_have_text("Time left: 10:00")
    expect(organiser.locator("#timer-display")).to_have_text("10:00")

    expect(phone.locator("#projector-timer")).to_have_count(0)
    expect(phone.locator("body")).not_to_contain_text("Time left")
    organiser.get_by_role("button", name="Take off the projector").click()
    expect(projector.locator("#projector-timer")).to_be_hidden()
    screens.assert_no_problems()
