"""The organisation's year in Chromium: plan a conversation, make its draft workshop, run it and record
agreements, follow them up as actions, draft and adopt the guidelines, download the .docx and the
evidence pack, and check what they hold (and that nothing in them is about a person).

With CARDAPP_DOC_SCREENSHOTS=1 the walk also writes the screenshots of docs/programme.md.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.support.accounts import PASSWORD
from tests.support.remote import invitation_link
from tests.support.screens import Screens

pytestmark = pytest.mark.e2e

DOC_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def organiser_page(screens: Screens) -> Page:
    page = screens.page("organiser", viewport={"width": 1100, "height": 800})
    page.goto(invitation_link(screens.server, "arrangor@teater.no", role="organiser"))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the new password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    return page


def snapshot(page: Page, name: str, tmp_path: Path) -> None:
    """A small screenshot for the organisers' guide (or a throwaway one in an ordinary run)."""
    folder = DOC_IMAGES if os.environ.get("CARDAPP_DOC_SCREENSHOTS") == "1" else tmp_path
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / f"programme-{name}.png"), type="png")


def test_a_year_from_the_plan_to_adopted_guidelines_and_the_evidence_pack(live_server, browser, tmp_path):
    screens = Screens(browser, live_server)
    facilitator = screens.facilitator()
    organiser = organiser_page(screens)

    # The organiser plans a conversation; the plan reads as a list by month.
    organiser.get_by_role("link", name="Programme").first.click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Programme")
    expect(organiser.locator(".measure h3")).to_have_count(6)
    organiser.get_by_role("link", name="Year plan").click()
    organiser.get_by_label("Date").fill("2027-02-10")
    organiser.get_by_label("Title").fill("Power and roles on tour")
    organiser.get_by_label("Group", exact=True).fill("Freelancers on the spring tour")
    organiser.get_by_label("Deck").select_option(label="Risk map")
    organiser.get_by_role("button", name="Add", exact=True).click()
    expect(organiser.locator("#month-2027-02")).to_contain_text("10 February 2027: Power and roles on tour")
    expect(organiser.locator("#month-2027-02")).to_contain_text("Group: Freelancers on the spring tour")
    organiser.get_by_label("Date").fill("2027-04-14")
    organiser.get_by_label("Title").fill("Follow-up on tour")
    organiser.get_by_label("Deck").select_option(label="Risk map")
    organiser.get_by_role("button", name="Add", exact=True).click()
    organiser.goto("/programme/plan?from=2027-02")
    snapshot(organiser, "year-plan", tmp_path)
    with organiser.expect_download() as ics:
        organiser.get_by_role("link", name="Download for a calendar (.ics)").click()
    assert "SUMMARY:Power and roles on tour" in Path(ics.value.path()).read_text("utf-8")

    # The facilitator turns it into a draft workshop in one step, runs it and records agreements.
    facilitator.goto("/programme/plan?from=2027-02")
    facilitator.get_by_role("button", name=re.compile("^Make a draft workshop.*Power and roles on tour")).click()
    expect(facilitator.locator("main")).to_contain_text("The draft workshop is made")
    facilitator.get_by_role("link", name="Open the console").click()
    expect(facilitator.locator("#connection-status")).to_have_text("Connected")
    facilitator.locator("#start-workshop").click()
    for text in ("Anyone can say stop, and we stop.", "We name one contact person per production."):
        facilitator.get_by_label("Agreement, in the workshop's language").fill(text)
        facilitator.get_by_role("button", name="Record agreement").click()
        expect(facilitator.locator("#agreement-status")).to_have_text("Recorded.")
    facilitator.locator("#end-workshop").click()
    facilitator.locator("#end-confirm-yes").click()

    # The agreements are the organisation's actions now; the organiser gives one a role and a date.
    organiser.get_by_role("link", name="Programme").first.click()
    action = organiser.locator(".action", has_text="We name one contact person per production.")
    expect(action).to_contain_text('from "Power and roles on tour"')
    expect(action.locator(".status")).to_have_text("open")
    action.get_by_label("Responsible role").fill("Production manager")
    action.get_by_label("Due date").fill("2027-04-01")
    action.get_by_role("button", name=re.compile("^Save")).click()
    expect(organiser.locator(".action", has_text="We name one contact person")).to_contain_text("Production manager")
    expect(organiser.locator(".action", has_text="We name one contact person")).to_contain_text("due 1 April 2027")
    risk_map = organiser.locator(".measure").first
    risk_map.locator("summary").click()
    risk_map.get_by_label("Status").select_option(label="done")
    risk_map.get_by_label("Responsible role").fill("Safety representative")
    risk_map.get_by_label(re.compile("Power and roles on tour")).check()
    risk_map.get_by_role("button", name=re.compile("^Save")).click()
    risk_map = organiser.locator(".measure").first
    expect(risk_map.locator(".status")).to_have_text("done")
    expect(risk_map).to_contain_text("Report: Power and roles on tour")
    snapshot(organiser, "page", tmp_path)

    # The next workshop starts with "What we agreed last time": on the projector as text, marked on the console.
    facilitator.goto("/programme/plan?from=2027-02")
    facilitator.get_by_role("button", name=re.compile("^Make a draft workshop.*Follow-up on tour")).click()
    facilitator.get_by_role("link", name="Programme").first.click()
    facilitator.get_by_label('Start a draft workshop with "What we agreed last time"').select_option(
        label="Follow-up on tour")
    facilitator.get_by_role("button", name="Add to this workshop").click()
    expect(facilitator.locator("main")).to_contain_text("with 2 action(s) to review")
    projector_url = facilitator.get_by_role("textbox", name=re.compile("Link for the projector")).input_value()
    projector, _code = screens.projector(projector_url)
    facilitator.get_by_role("link", name="Open the console").click()
    expect(facilitator.locator("#connection-status")).to_have_text("Connected")
    facilitator.locator("#start-workshop").click()
    expect(projector.locator("#review-heading")).to_have_text("What we agreed last time")
    reviewed = projector.locator(".review-list li")
    expect(reviewed).to_have_text(["Anyone can say stop, and we stop. (open)",
                                   "We name one contact person per production. (open)"])
    facilitator.locator("#review-console").get_by_role("button", name="Done").first.click()
    expect(reviewed.first).to_have_text("Anyone can say stop, and we stop. (done)")
    expect(facilitator.locator("#review-console").get_by_role("button", name="Done").first).to_have_attribute(
        "aria-pressed", "true")
    facilitator.locator("#end-workshop").click()
    facilitator.locator("#end-confirm-yes").click()
    expect(projector.locator("#ended-view")).to_be_visible()

    # The guidelines: a draft from the agreements and the template, adopted by the board.
    organiser.get_by_role("link", name="Guidelines", exact=True).click()
    organiser.get_by_role("button", name="Make a new draft").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Guidelines: Version 1")
    expect(organiser.locator(".document")).to_contain_text("Anyone can say stop, and we stop.")
    organiser.get_by_label("Adopted by").fill("The board")
    organiser.get_by_label("Adopted on").fill("2027-03-01")
    organiser.get_by_role("button", name="Record as adopted").click()
    expect(organiser.locator("#adoption")).to_have_text("Adopted on 1 March 2027 by The board.")
    snapshot(organiser, "guidelines", tmp_path)
    with organiser.expect_download() as word:
        organiser.get_by_role("link", name="Download in Norwegian bokmål (.docx)").click()
    text = "\n".join(p.text for p in docx.Document(word.value.path()).paragraphs)
    assert text.startswith("Våre retningslinjer for et trygt arbeidsmiljø")
    assert "Anyone can say stop, and we stop." in text and "hørt hver for seg" in text
    assert text.rstrip().endswith("Vedtatt 2027-03-01 av The board.")  # the Word file keeps ISO

    # The evidence pack: totals, the actions and the adopted guidelines; nothing about a person.
    with organiser.expect_download() as pack_download:
        organiser.get_by_role("link", name="Evidence pack (.zip)").click()
    pack = zipfile.ZipFile(io.BytesIO(Path(pack_download.value.path()).read_bytes()))
    assert set(pack.namelist()) == {"summary.json", "measures.csv", "risk_maps.csv", "actions.csv",
                                    "guidelines-v1-en.docx", "guidelines-v1-nb.docx"}
    summary = json.loads(pack.read("summary.json"))
    assert summary["workshops_held_per_measure"]["Risk map"] == 1
    assert summary["actions_by_status"] == {"open": 1, "done": 1, "carried_over": 0}
    actions = pack.read("actions.csv").decode("utf-8-sig")
    assert "We name one contact person per production.,guideline" not in actions  # words, not codes
    assert "Production manager" in actions and "Power and roles on tour" in actions
    everything = " ".join(pack.read(name).decode("utf-8-sig") for name in pack.namelist() if name[-4:] != "docx")
    assert not re.search(r"\d{1,2}:\d{2}", everything)
    for per_person in ("leder@teater.no", "arrangor@teater.no", "participant", "token"):
        assert per_person not in everything
    screens.assert_no_problems()
