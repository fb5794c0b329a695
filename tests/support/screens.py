"""A workshop in Chromium as people open it: the facilitator's account and console, the projector
and the phones, each in its own browser context, with every console error collected."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.support.accounts import PASSWORD
from tests.support.browser import watch_console
from tests.support.live_server import LiveServer
from tests.support.remote import invitation_link

PHONE_VIEWPORT = {"width": 360, "height": 740}
PROJECTOR_VIEWPORT = {"width": 1280, "height": 800}
# The browser asks for /favicon.ico on some pages; that 404 is no problem of the page.
HARMLESS = ("status of 404",)


class Screens:
    def __init__(self, browser: Any, server: LiveServer) -> None:
        self.browser = browser
        self.server = server
        self.problems: dict[str, list[str]] = {}

    def page(self, name: str, locale: str = "en-GB", **options: Any) -> Page:
        page: Page = self.browser.new_context(base_url=self.server.url, locale=locale, **options).new_page()
        self.problems[name] = watch_console(page)
        return page

    def facilitator(self, email: str = "leder@teater.no") -> Page:
        """A facilitator who accepted an invitation and is signed in."""
        page = self.page("facilitator")
        page.goto(invitation_link(self.server, email))
        page.get_by_label("New password", exact=True).fill(PASSWORD)
        page.get_by_label("Type the new password again").fill(PASSWORD)
        page.get_by_role("button", name="Create my account").click()
        return page

    def create_workshop(self, facilitator: Page, deck: str, title: str, cards: list[str]) -> str:
        """Picks `cards` (by the start of their text) from `deck`, opens the console; returns the projector link."""
        facilitator.get_by_role("link", name="Workshops").click()
        facilitator.get_by_label("Deck").select_option(label=deck)
        facilitator.get_by_role("button", name="Choose cards").click()
        facilitator.get_by_label("Name", exact=True).fill(title)
        for card in cards:
            facilitator.get_by_label(re.compile(re.escape(card[:60]))).check()
        facilitator.get_by_role("button", name="Create workshop").click()
        projector_url: str = facilitator.get_by_role("textbox", name=re.compile("Link for the projector")).input_value()
        facilitator.get_by_role("link", name="Open the console").click()
        expect(facilitator.locator("#connection-status")).to_have_text("Connected")
        return projector_url

    def projector(self, url: str) -> tuple[Page, str]:
        """The big screen and the room code it shows."""
        page = self.page("projector", viewport=PROJECTOR_VIEWPORT)
        page.goto(url)
        code = page.locator("#room-code")
        expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
        return page, code.inner_text()

    def phones(self, code: str, locales: list[str]) -> list[Page]:
        """One phone per locale, joined by typing the room code (in lower case, as people do)."""
        joined = []
        for number, locale in enumerate(locales):
            phone = self.page(f"phone{number}", locale=locale, viewport=PHONE_VIEWPORT)
            phone.goto("/join")
            phone.get_by_label(re.compile("Room code|Romkode")).fill(code.lower())
            phone.get_by_role("button", name=re.compile("^(Join|Bli med)$")).click()
            expect(phone.locator("#connection-status")).to_have_text(re.compile("Connected|Tilkoblet"))
            joined.append(phone)
        return joined

    def assert_no_problems(self) -> None:
        found = {name: [p for p in problems if not any(h in p for h in HARMLESS)]
                 for name, problems in self.problems.items()}
        assert found == {name: [] for name in found}
