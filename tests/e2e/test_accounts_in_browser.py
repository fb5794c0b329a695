"""From a fresh server to two organisations that cannot see each other's decks, in Chromium."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.accounts import PASSWORD
from tests.support.browser import watch_console
from tests.support.decks import minimal_deck

pytestmark = pytest.mark.e2e


def setup_link(log: str) -> str:
    match = re.search(r"no admin account yet: open (http://\S+/setup/\S+) to create the first admin", log)
    assert match, log
    return match.group(1)


def choose_password(page: Page) -> None:
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the new password again").fill(PASSWORD)


def import_deck_as(page: Page, deck: dict) -> int:
    token = page.request.get("/api/session").json()["csrf_token"]
    response = page.request.post("/api/decks", data=json.dumps(deck),
                                 headers={"Content-Type": "application/json", "X-CSRFToken": token})
    assert response.status == 201, response.text()
    return int(response.json()["id"])


def test_from_first_start_to_two_organisations_that_cannot_see_each_other(live_server, browser):
    admin = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    problems = {"admin": watch_console(admin)}
    admin.goto(setup_link(live_server.log_text()))
    expect(admin.get_by_role("heading", level=1)).to_have_text("Create the first admin")
    admin.get_by_label("Your organisation's name").fill("Teater Nord")
    admin.get_by_label("Email", exact=True).fill("admin@example.org")
    choose_password(admin)
    admin.get_by_role("button", name="Create admin account").click()
    expect(admin.get_by_role("status")).to_contain_text("a member of Teater Nord")
    admin.get_by_role("link", name="Admin").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("People and organisations")

    admin.get_by_label("Name of the new organisation").fill("Festival Sør")
    admin.get_by_role("button", name="Create organisation").click()
    expect(admin.get_by_role("status").first).to_contain_text("Organisation Festival Sør created.")

    links = {}
    for email, role, organisation in (("kari@teater.no", "organiser", "Teater Nord"),
                                       ("ola@festival.no", "facilitator", "Festival Sør")):
        admin.get_by_label("Email", exact=True).fill(email)
        admin.get_by_label("Role", exact=True).select_option(role)
        admin.get_by_label("Organisation", exact=True).select_option(label=organisation)
        admin.get_by_role("button", name="Make invitation link").click()
        links[email] = admin.get_by_role("textbox", name="Invitation link").input_value()

    people = {}
    for email, link in links.items():
        page = browser.new_context(base_url=live_server.url, locale="nb-NO").new_page()
        problems[email] = watch_console(page)
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Ta imot invitasjonen")
        expect(page.get_by_text(email)).to_be_visible()
        page.get_by_label("Nytt passord", exact=True).fill(PASSWORD)
        page.get_by_label("Skriv det nye passordet en gang til").fill(PASSWORD)
        page.get_by_role("button", name="Opprett kontoen min").click()
        expect(page.get_by_role("status")).to_contain_text("Kontoen din er klar")
        people[email] = page

    kari, ola = people["kari@teater.no"], people["ola@festival.no"]
    deck_id = import_deck_as(kari, minimal_deck())
    kari.goto("/decks/")
    expect(kari.get_by_role("link", name="Liten kortstokk")).to_be_visible()
    ola.goto("/decks/")
    expect(ola.get_by_role("link", name="Samtalekort")).to_be_visible()
    expect(ola.get_by_role("link", name="Liten kortstokk")).to_have_count(0)
    ola.goto(f"/decks/{deck_id}")
    expect(ola.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")

    # The facilitator signs out and back in; the admin page stays closed to them.
    ola.get_by_role("button", name="Logg ut").click()
    ola.get_by_role("link", name="Logg inn").click()
    ola.get_by_label("E-post").fill("ola@festival.no")
    ola.get_by_label("Passord", exact=True).fill(PASSWORD)
    ola.get_by_role("button", name="Logg inn").click()
    ola.goto("/admin/users")
    expect(ola.get_by_role("heading", level=1)).to_have_text("Ikke tillatt")

    # The only console lines allowed are the deliberate 403 and 404 statuses of the pages above.
    unexpected = {who: [p for p in found if "status of 403" not in p and "status of 404" not in p]
                  for who, found in problems.items()}
    assert unexpected == {who: [] for who in problems}

    live_server.stop()
    log = live_server.log_text()
    for secret in (PASSWORD, "kari@teater.no", "ola@festival.no", "admin@example.org", "HeadlessChrome"):
        assert secret not in log
    addresses = re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", log)
    assert set(addresses) <= {"127.0.0.1"}
    assert all(f"127.0.0.1:{live_server.port}" in line for line in log.splitlines() if "127.0.0.1" in line), \
        "an address appears in the log other than the server's own listening address"
