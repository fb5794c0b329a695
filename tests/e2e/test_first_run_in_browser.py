"""The README's "Running a workshop", followed word for word on a fresh server, in Chromium: from the
set-up link that `make run` prints to a started workshop with a phone joined."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts_in_browser import choose_password, setup_link
from tests.support.screens import Screens

pytestmark = pytest.mark.e2e

STATEMENT = "Being professional means putting up with a fair bit."


def test_the_first_admin_runs_a_workshop_straight_from_the_set_up_link(live_server, browser):
    screens = Screens(browser, live_server)
    admin = screens.page("admin")
    admin.goto(setup_link(live_server.log_text()))
    admin.get_by_label("Your organisation's name").fill("Teater Nord")
    admin.get_by_label("Email", exact=True).fill("admin@teater.no")
    choose_password(admin)
    admin.get_by_role("button", name="Create admin account").click()
    expect(admin.get_by_role("status")).to_contain_text("You are the admin of this server and a member of Teater Nord")
    expect(admin.get_by_role("heading", level=2, name="Your organisation's workshops")).to_be_visible()

    projector_url = screens.create_workshop(admin, "Conversation cards", "First workshop", [STATEMENT])
    projector, code = screens.projector(projector_url)
    phone = screens.phones(code, ["en-GB"])[0]
    expect(projector.locator("#joined-count")).to_contain_text("1")
    admin.locator("#start-workshop").click()
    expect(projector.locator("#card-text")).to_have_text(STATEMENT)
    expect(phone.locator("#card-text")).to_have_text(STATEMENT)
    phone.get_by_role("button", name="Agree", exact=True).click()
    expect(admin.locator("#count-answered")).to_contain_text(re.compile(r"1 of 1"))

    admin.goto("/workshops/")
    expect(admin.get_by_role("row", name=re.compile("First workshop"))).to_be_visible()
    screens.assert_no_problems()
