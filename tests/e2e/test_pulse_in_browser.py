"""A pulse in Chromium: the organiser makes it from risk factors and prints the codes, six phones answer by
the QR link, a used code is refused, results stay hidden until the close (and below the minimum), and
the comparison page shows the risk map then and now.

The workshop it follows up is written into the server's database as a workshop ends (only its kept
totals): running a live risk map is the risk map's own browser test, and would double this one's time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Organisation, Workshop
from tests.e2e.test_programme_in_browser import DOC_IMAGES, organiser_page
from tests.support.screens import PHONE_VIEWPORT, Screens

pytestmark = pytest.mark.e2e

FACTORS = {
    "freelance-dependency": "Freelance work and dependence on the next job",
    "recruitment-through-networks": "Recruitment through networks",
    "hierarchies-and-competition": "Steep hierarchies and fierce competition",
}
# The workshop's six people: networks very present, freelance hardly, hierarchies too few to show.
KEPT = {"factors": [
    {"id": "freelance-dependency", "counts": {"not_at_all": 5, "somewhat": 1, "very": 0, "dont_know": 0}},
    {"id": "recruitment-through-networks", "counts": {"not_at_all": 0, "somewhat": 1, "very": 5, "dont_know": 0}},
    {"id": "hierarchies-and-competition", "total": 3},
]}
# Three months on, the six phones find freelance work more present and networks less.
NOW = {"Freelance work and dependence on the next job": "Very", "Recruitment through networks": "Not at all",
       "Steep hierarchies and fierce competition": "Somewhat"}


def snapshot(page: Page, name: str, tmp_path) -> None:
    """A screenshot for docs/pulse.md with CARDAPP_DOC_SCREENSHOTS=1, else a throwaway one."""
    folder = DOC_IMAGES if os.environ.get("CARDAPP_DOC_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / f"pulse-{name}.png"), type="png")


def ended_risk_map(live_server, title: str) -> None:
    """A workshop of Teater Nord that ended with its risk map's totals kept, as `end_map` leaves it."""
    database = Database(live_server.env["CARDAPP_DATABASE_URL"])
    try:
        with database.transaction() as session:
            organisation_id = session.scalar(select(Organisation.id).where(Organisation.name == "Teater Nord"))
            today = dt.date.today()
            workshop = Workshop(organisation_id=organisation_id, title=title, projector_language="en",
                                languages="en,nb", room_code=None, projector_secret="x" * 32, status="ended",
                                min_answers=5, created_on=today, ended_on=today, participant_count=5)
            session.add(workshop)
            session.flush()
            card = {"id": "risk-map", "kind": "risk_map", "text": {"en": "Risk map"},
                    "factors": [{"id": key, "name": {"en": name}} for key, name in FACTORS.items()]}
            session.add(AgendaItem(workshop_id=workshop.id, position=1, card_id="risk-map", kind="risk_map",
                                   card=json.dumps(card), status="closed", revealed=True, revealed_rounds=1,
                                   final_counts=json.dumps(KEPT)))
    finally:
        database.dispose()


def make_pulse(organiser: Page, title: str, minimum: str = "5", baseline: str | None = None) -> None:
    organiser.goto("/programme/pulses")
    organiser.get_by_label("Title").fill(title)
    organiser.get_by_label("Minimum answers").fill(minimum)
    if baseline:
        organiser.get_by_label("The workshop it follows up").select_option(label=baseline)
        organiser.get_by_label("The measure it is evidence for").select_option(label="Risk map")
    organiser.locator("summary", has_text="Risk map").first.click()
    for name in FACTORS.values():
        organiser.get_by_label(re.compile(r"^\s*" + re.escape(name) + r"\s*\(risk factor\)")).check()
    organiser.get_by_role("button", name="Make the pulse").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text(title)


def answer_by_link(screens: Screens, number: int, code: str) -> Page:
    phone = screens.page(f"phone{number}", viewport=PHONE_VIEWPORT)
    phone.goto(f"/pulse#{code}")
    expect(phone.get_by_label("Your code")).to_have_value(code)
    assert "#" not in phone.url  # the code left the address bar, and so the history
    phone.get_by_role("button", name="Continue").click()
    return phone


def test_a_pulse_from_printed_codes_to_then_and_now(live_server, browser, tmp_path):
    screens = Screens(browser, live_server)
    organiser = organiser_page(screens)
    ended_risk_map(live_server, "Spring risk map")

    make_pulse(organiser, "Summer follow-up", baseline="Spring risk map")
    organiser.get_by_label("How many codes").fill("7")
    organiser.get_by_role("button", name="Issue codes").click()
    slips = organiser.locator(".code-slip")
    expect(slips).to_have_count(7)
    expect(organiser.locator(".code-slip svg")).to_have_count(7)
    codes = organiser.locator(".slip-code code").all_inner_texts()
    assert all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code) for code in codes) and len(set(codes)) == 7
    snapshot(organiser, "code-sheet", tmp_path)
    expect(organiser.locator("#plain-list")).to_contain_text(f"{codes[6]}\t{live_server.url}/pulse#{codes[6]}")
    organiser.get_by_role("link", name="Back to the pulse").click()
    organiser.get_by_role("button", name="Open the pulse").click()
    expect(organiser.locator("#pulse-status")).to_have_text("Open")

    for number, code in enumerate(codes[:6]):
        phone = answer_by_link(screens, number, code)
        for factor, choice in NOW.items():
            phone.get_by_role("group", name=re.compile(re.escape(factor))).get_by_label(choice, exact=True).check()
        if number == 0:
            snapshot(phone, "phone", tmp_path)
            # Send works once: a second tap would reach the server with a spent code and answer "already used".
            # Hold the first submit in the page to see the button the person would tap again.
            phone.evaluate("""() => {
                const form = document.getElementById("pulse-answers-form");
                form.addEventListener("submit", (event) => event.preventDefault(), {once: true});
                form.requestSubmit();
            }""")
            expect(phone.get_by_role("button", name="Send my answers")).to_be_disabled()
            phone.evaluate("document.getElementById('pulse-answers-form').submit()")
        else:
            phone.get_by_role("button", name="Send my answers").click()
        expect(phone.get_by_role("status")).to_have_text("Your answers are counted.")
    again = answer_by_link(screens, 6, codes[0])
    expect(again.get_by_role("alert")).to_contain_text("This code has already been used")
    # The refusal's status (409 Conflict) is the only thing that browser reports.
    assert all("status of 409" in problem for problem in screens.problems.pop("phone6"))

    # While open: today's answers are not counted yet, and no result shows.
    organiser.reload()
    expect(organiser.locator("#answered")).to_contain_text("fewer than 5 (up to the end of yesterday")
    expect(organiser.locator("#results-hidden")).to_be_visible()
    organiser.get_by_role("button", name="Close now").click()
    expect(organiser.locator("#answered")).to_have_text("6")
    expect(organiser.locator(".pulse-results")).to_have_count(3)

    organiser.get_by_role("link", name="Compare with the workshop it follows up").click()
    rows = organiser.locator("#risk-then-now tbody tr")
    expect(rows).to_have_count(3)
    snapshot(organiser, "then-and-now", tmp_path)
    expect(rows.filter(has_text=FACTORS["recruitment-through-networks"])).to_contain_text("less present")
    expect(rows.filter(has_text=FACTORS["freelance-dependency"])).to_contain_text("more present")
    expect(rows.filter(has_text=FACTORS["hierarchies-and-competition"])).to_contain_text("too few answered")
    organiser.get_by_role("link", name="Programme").first.click()
    expect(organiser.locator(".trend")).to_contain_text(
        "Summer follow-up compared with Spring risk map: 1 less present, 1 more present")

    # A pulse that closes below its minimum shows no distribution at all.
    make_pulse(organiser, "Too quiet", minimum="7")
    organiser.get_by_role("button", name="Open the pulse").click()
    organiser.get_by_role("button", name="Close now").click()
    expect(organiser.locator(".suppressed")).to_have_count(3)
    expect(organiser.locator(".pulse-results")).to_have_count(0)
    screens.assert_no_problems()
