"""The home page in a real Chromium against the real server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_home_page_switches_to_bokmal_and_remembers_it_without_console_errors(live_server, page):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversations that make work safer")

    page.locator(".language-switcher summary").click()
    page.get_by_role("button", name="Norsk bokmål").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Samtaler som gjør arbeidsplassen tryggere")
    expect(page.locator(".language-switcher summary")).to_contain_text("Norsk bokmål")
    page.locator(".language-switcher summary").click()
    expect(page.get_by_role("button", name="Norsk bokmål")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("button", name="English")).to_have_attribute("lang", "en")

    page.goto(live_server.url + "/join")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bli med i en workshop")
    assert page.problems == []


def test_a_participant_with_a_wrong_code_is_told_what_a_code_looks_like(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join with a room code").click()
    page.get_by_label("Room code").fill("HELLO")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("That is not a room code")
    expect(page.get_by_label("Room code")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Room code")).to_have_value("HELLO")
    # The form answers 422 on purpose; Chromium logs that status, and nothing else may appear.
    assert [problem for problem in page.problems if "status of 422" not in problem] == []


def test_every_asset_comes_from_cardapp_itself(live_server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/decks/")
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(live_server.url) for url in requested), requested
    assert page.problems == []


def test_the_home_page_is_usable_on_a_small_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nb-NO")
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    expect(phone.locator("html")).to_have_attribute("lang", "nb")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways on a 320 px wide phone ({width} px)"
    button = phone.get_by_role("link", name="Bli med via romkode").bounding_box()
    assert button and button["height"] >= 44
    # The language switcher opens without sideways scrolling, every language a 44 px target on screen.
    phone.locator(".language-switcher summary").click()
    for name in ("English", "Norsk bokmål"):
        box = phone.get_by_role("button", name=name).bounding_box()
        assert box and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 320, (name, box)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
