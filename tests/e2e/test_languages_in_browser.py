"""Five languages in one room, in Chromium: phones in English, bokmål, nynorsk, Danish and Swedish (each
from its browser's language), the projector in nynorsk as the facilitator chose; plural forms for 0, 1
and 2 on the console in every language; the language switcher without JavaScript.

Expected words come from the catalogues (cardapp.i18n) and the deck file, and each is checked to differ
between the languages it must tell apart, so a page that fell back to another language fails."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from cardapp.i18n import translate, translate_plural
from tests.support.browser import watch_console
from tests.support.live_server import LiveServer
from tests.support.remote import Screen, signed_in_facilitator
from tests.support.remote_workshop import cookie_header

pytestmark = pytest.mark.e2e

LANGUAGES = {"en": "en-GB", "nb": "nb-NO", "nn": "nn-NO", "da": "da-DK", "sv": "sv-SE"}
NAMES = {"en": "English", "nb": "Norsk bokmål", "nn": "Norsk nynorsk", "da": "Dansk", "sv": "Svenska"}
DECK = json.loads((Path(__file__).resolve().parents[2] / "decks" / "ok-or-not-ok.json").read_text("utf-8"))
CARD = next(card for theme in DECK["themes"] for card in theme["cards"] if card["kind"] == "statement")
# What a person reads for 0, 1 and 2 moderators, written out: the catalogues' plural forms must give these.
MODERATORS = {
    "en": ["0 moderators", "1 moderator", "2 moderators"],
    "nb": ["0 moderatorer", "1 moderator", "2 moderatorer"],
    "nn": ["0 moderatorar", "1 moderator", "2 moderatorar"],
    "da": ["0 moderatorer", "1 moderator", "2 moderatorer"],
    "sv": ["0 moderatorer", "1 moderator", "2 moderatorer"],
}


class Room:
    def __init__(self, server: LiveServer, facilitator: requests.Session, workshop_id: int, code: str,
                 secret: str) -> None:
        self.server, self.facilitator = server, facilitator
        self.id, self.code, self.secret = workshop_id, code, secret


def nynorsk_workshop(server: LiveServer, email: str) -> Room:
    """An "OK or not OK?" workshop of one statement whose big screen speaks nynorsk."""
    facilitator = signed_in_facilitator(server, email)
    decks = facilitator.get(f"{server.url}/api/decks", timeout=10).json()["decks"]
    deck_id = next(deck["id"] for deck in decks if deck["slug"] == DECK["id"])
    token = facilitator.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    created = facilitator.post(f"{server.url}/workshops/new", allow_redirects=False, timeout=10, data={
        "deck": deck_id, "title": "Fem språk", "language": "nn", "card": [CARD["id"]], "csrf_token": token})
    assert created.status_code == 303, created.text
    workshop_id = int(re.search(r"/workshops/(\d+)/agenda", created.headers["Location"]).group(1))
    agenda = facilitator.get(f"{server.url}/workshops/{workshop_id}/agenda", timeout=10).text
    code = re.search(r'class="room-code">([A-Z0-9]{6})<', agenda).group(1)
    secret = re.search(rf"/p/{workshop_id}/([A-Za-z0-9_-]+)", agenda).group(1)
    return Room(server, facilitator, workshop_id, code, secret)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("languages"), {})
    live.start()
    failed = True
    try:
        yield live
        failed = False
    finally:
        live.stop()
        if failed:
            print(f"\n----- log of cardapp serve -----\n{live.log_text()}")


def page_in(browser: Any, server: LiveServer, locale: str, problems: list[str], **options: Any) -> Page:
    page: Page = browser.new_context(base_url=server.url, locale=locale, **options).new_page()
    problems += watch_console(page)
    return page


def differs(key: str, *languages: str, **params: Any) -> None:
    """The catalogues really tell these languages apart for `key` (else the check below proves nothing)."""
    assert len({translate(key, language, **params) for language in languages}) == len(languages), key


def test_phones_in_five_languages_and_the_projector_in_nynorsk(server: LiveServer, browser: Any):
    room = nynorsk_workshop(server, "fem.sprak@teater.no")
    problems: list[str] = []
    projector = page_in(browser, server, "en-GB", problems, viewport={"width": 1280, "height": 720})
    projector.goto(f"/p/{room.id}/{room.secret}")
    differs("live.waiting", "nn", "nb", "en")
    expect(projector.locator("html")).to_have_attribute("lang", "nn")
    expect(projector.locator("#waiting-heading")).to_have_text(translate("live.waiting", "nn"))

    differs("live.phone.waiting", *LANGUAGES)
    phones: dict[str, Page] = {}
    for language, locale in LANGUAGES.items():
        phone = page_in(browser, server, locale, problems, viewport={"width": 360, "height": 740})
        phone.goto("/join")
        phone.locator("#code").fill(room.code.lower())
        phone.locator("#code").press("Enter")
        expect(phone.locator("html")).to_have_attribute("lang", language)
        expect(phone.locator("#waiting-text")).to_have_text(translate("live.phone.waiting", language))
        expect(phone.locator(f'#language-picker [data-language="{language}"]')).to_have_attribute(
            "aria-pressed", "true")
        phones[language] = phone
    expect(projector.locator("#joined-count")).to_have_text(translate_plural("live.projector.joined", 5, "nn"))

    console = Screen(server, {"screen": "console", "workshop_id": room.id}, cookie_header(room.facilitator))
    try:
        assert console.call("start_workshop") == {"ok": True}
        assert console.call("show_item", {"position": 0})["ok"]
        console.wait_for(lambda s: bool(s.state["current"]))
        if console.state["current"]["phase"] == "content_note":
            assert console.call("show_card")["ok"]
        assert len({CARD["text"][language] for language in LANGUAGES}) == 5
        expect(projector.locator("#card-text")).to_have_text(CARD["text"]["nn"])
        for language, phone in phones.items():
            expect(phone.locator("#card-text")).to_have_text(CARD["text"][language])
            expect(phone.locator("#card-text")).to_have_attribute("lang", language)
            expect(phone.locator("#answer-heading")).to_have_text(translate("live.phone.choose", language))
            first = phone.locator("#choices button").first
            choice = console.state["current"]["choices"][0]
            expect(first).to_have_text(re.compile(re.escape(translate(f"live.choice.{choice}", language))))
            first.click()
            expect(phone.locator("#answer-status")).not_to_be_empty()
        console.wait_for(lambda s: s.answered == 5)
        assert console.call("reveal_results")["ok"]
        assert translate_plural("live.results.total", 5, "nn") != translate_plural("live.results.total", 5, "en")
        expect(projector.locator("#results")).to_contain_text(translate_plural("live.results.total", 5, "nn"))
        expect(projector.locator("#results")).to_contain_text(translate(f"live.choice.{choice}", "nn"))
    finally:
        console.close()
    assert problems == []


def test_plural_forms_for_0_1_and_2_in_every_language(server: LiveServer, browser: Any):
    room = nynorsk_workshop(server, "flertall@teater.no")
    # The team line counts people, not tabs: two colleagues of the organisation open the moderator view.
    colleagues = [browser.new_context(base_url=server.url, locale="en-GB") for _ in range(2)]
    for number, colleague in enumerate(colleagues):
        session = signed_in_facilitator(server, f"medleiar{number}@teater.no")
        colleague.add_cookies(browser_cookies(server, session))
    problems: list[str] = []
    for language, written in MODERATORS.items():
        assert [translate_plural("live.team.moderators", n, language) for n in (0, 1, 2)] == written
        context = browser.new_context(base_url=server.url, locale=LANGUAGES[language])
        context.add_cookies([*browser_cookies(server, room.facilitator),
                             {"name": "cardapp_lang", "value": language, "url": server.url}])
        console = context.new_page()
        problems += watch_console(console)
        console.goto(f"/workshops/{room.id}/console")
        expect(console.locator("html")).to_have_attribute("lang", language)
        team = console.locator("#team-count")
        one_facilitator = translate_plural("live.team.facilitators", 1, language)
        moderators: list[Page] = []
        for count in (0, 1, 2):
            if count:
                moderator = colleagues[count - 1].new_page()
                problems += watch_console(moderator)
                moderator.goto(f"/workshops/{room.id}/moderate")
                moderators.append(moderator)
            expect(team).to_have_text(translate("live.team.line", language, facilitators=one_facilitator,
                                                moderators=written[count]))
        for moderator in moderators:
            moderator.close()
        context.close()
    for colleague in colleagues:
        colleague.close()
    assert problems == []


def browser_cookies(server: LiveServer, session: requests.Session) -> list[dict[str, str]]:
    return [{"name": name, "value": value, "url": server.url} for name, value in session.cookies.items()]


def test_the_language_switcher_works_without_javascript(server: LiveServer, browser: Any):
    context = browser.new_context(base_url=server.url, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto("/join")
    differs("nav.decks", *LANGUAGES)
    for language, name in [*NAMES.items(), ("en", "English")]:
        page.locator(".language-switcher summary").click()
        page.locator(".language-switcher").get_by_role("button", name=name, exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page).to_have_url(re.compile(r"/join$"))
        expect(page.locator(".language-switcher summary")).to_contain_text(name)
        expect(page.locator(f'.language-switcher button[value="{language}"]')).to_have_attribute(
            "aria-current", "true")
        expect(page.get_by_role("link", name=translate("nav.join", language), exact=True)).to_be_visible()
    context.close()
