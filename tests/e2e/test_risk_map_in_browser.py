"""Risk mapping in Chromium: six phones at their own pace, the ranked heat map, measures and agreements."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.screens import Screens

pytestmark = pytest.mark.e2e

FREELANCE = "Freelance work and dependence on the next job"
NETWORKS = "Recruitment through networks"
HIERARCHIES = "Steep hierarchies and fierce competition"


def rate(phone: Page, factor: str, label: str) -> None:
    group = phone.get_by_role("group", name=factor)
    button = group.get_by_role("button", name=label, exact=True)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_a_risk_map_with_six_phones_measures_and_agreements(live_server, browser):
    screens = Screens(browser, live_server)
    facilitator = screens.facilitator()
    projector_url = screens.create_workshop(facilitator, "Risk map", "Risks in our house",
                                            [FREELANCE, NETWORKS, HIERARCHIES])
    projector, code = screens.projector(projector_url)
    phones = screens.phones(code, ["en-GB"] * 6)

    facilitator.locator("#start-workshop").click()
    facilitator.locator("#show-card").click()  # the risk themes open with a content note
    expect(projector.locator("#risk-heading")).to_have_text("How present is this in our workplace?")
    expect(projector.locator(".risk-names li")).to_have_text([FREELANCE, NETWORKS, HIERARCHIES])
    # Each phone answers at its own pace: some start at the bottom, some skip one.
    for number, phone in enumerate(phones):
        rate(phone, HIERARCHIES, "Not at all" if number < 4 else "Somewhat")
        rate(phone, NETWORKS, "Very" if number < 5 else "Somewhat")
        if number < 3:
            rate(phone, FREELANCE, "Somewhat")
        expect(phone.locator("#risk-progress")).to_have_text(f"You have answered {3 if number < 3 else 2} of 3.")
    expect(projector.locator("#risk-answered")).to_have_text("6 people have answered")
    expect(facilitator.locator("#count-answered")).to_contain_text("6 of 6")
    expect(projector.locator(".risk-counts")).to_have_count(0)

    facilitator.locator("#reveal-results").click()
    ranked = projector.locator(".risk-rank")
    expect(ranked).to_have_count(3)
    expect(ranked.nth(0)).to_contain_text(NETWORKS)
    expect(ranked.nth(0).locator(".risk-level")).to_have_text("Very present")
    expect(ranked.nth(0).locator(".risk-counts")).to_have_text(
        "Very 5 · Somewhat 1 · Not at all 0 · Don't know 0 (6 answers)")
    expect(ranked.nth(1)).to_contain_text(HIERARCHIES)
    expect(ranked.nth(1).locator(".risk-level")).to_have_text("Hardly present")
    expect(ranked.nth(2)).to_contain_text(FREELANCE)
    expect(ranked.nth(2).locator(".risk-level")).to_have_text("Too few answers to show (at least 5 needed)")
    expect(phones[0].get_by_text("Answers are closed")).to_be_visible()

    # The facilitator picks the top factor and types the group's measures; the projector follows.
    facilitator.get_by_label(f"Measure for “{NETWORKS}”").fill("Open calls for every role, also small ones")
    facilitator.get_by_role("button", name="Add measure").first.click()
    expect(ranked.nth(0).locator(".risk-measures li")).to_have_text(["Open calls for every role, also small ones"])
    facilitator.get_by_label("What kind of agreement").select_option(label="Guideline for our group")
    facilitator.get_by_label("Agreement, in the workshop's language").fill("Anyone can say stop, and we stop.")
    facilitator.get_by_role("button", name="Record agreement").click()
    expect(facilitator.locator("#agreement-status")).to_have_text("Recorded.")
    facilitator.get_by_label("What kind of agreement").select_option(label="Topic for the next conversation")
    facilitator.get_by_label("Agreement, in the workshop's language").fill("How we hire freelancers")
    facilitator.get_by_role("button", name="Record agreement").click()
    expect(facilitator.locator("#agreements-list li")).to_have_count(3)
    expect(projector.locator("body")).not_to_contain_text("Anyone can say stop")

    facilitator.locator("#end-workshop").click()
    facilitator.locator("#end-confirm-yes").click()
    expect(projector.locator("#ended-view")).to_be_visible()
    tokens = [cookie["value"] for phone in phones for cookie in phone.context.cookies()
              if cookie["name"].startswith("cardapp_p_")]

    # The report: the ranked map with its measures and the agreements, on the page and in both files.
    facilitator.goto("/workshops")
    facilitator.get_by_role("link", name=re.compile("^Report")).click()
    expect(facilitator.get_by_role("heading", level=1)).to_contain_text("Risks in our house")
    expect(facilitator.locator("main")).to_contain_text("Open calls for every role, also small ones")
    expect(facilitator.locator("main")).to_contain_text("Anyone can say stop, and we stop.")
    with facilitator.expect_download() as csv_download:
        facilitator.get_by_role("link", name="Download as CSV (spreadsheet)").click()
    csv_text = Path(csv_download.value.path()).read_text("utf-8-sig")
    with facilitator.expect_download() as json_download:
        facilitator.get_by_role("link", name="Download as JSON").click()
    report = json.loads(Path(json_download.value.path()).read_text("utf-8"))
    risk_map = next(section for section in report["risk_maps"])
    assert [factor["name"] for factor in risk_map["factors"]] == [NETWORKS, HIERARCHIES, FREELANCE]
    assert risk_map["factors"][0]["counts"] == {"not_at_all": 0, "somewhat": 1, "very": 5, "dont_know": 0}
    assert risk_map["factors"][0]["measures"] == ["Open calls for every role, also small ones"]
    assert risk_map["factors"][2]["suppressed"] is True and "counts" not in risk_map["factors"][2]
    assert {a["text"] for a in report["agreements"]} == {"Anyone can say stop, and we stop.", "How we hire freelancers"}
    for text in (NETWORKS, "Open calls for every role, also small ones", "How we hire freelancers"):
        assert text in csv_text
    for exported in (csv_text, json.dumps(report, ensure_ascii=False)):
        assert not any(token in exported for token in tokens)
        assert not re.search(r"\d{2}:\d{2}", exported)  # no time of day, only the date
        assert "participant_id" not in exported

    screens.assert_no_problems()
