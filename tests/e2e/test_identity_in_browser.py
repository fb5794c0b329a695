"""In Chromium: an organiser sets up the organisation's provider; a colleague signs in through it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cardapp.domain.accounts import Role
from cardapp.services import accounts
from cardapp.store.database import Database
from tests.support.accounts import NOW, PASSWORD, SYSTEM
from tests.support.browser import watch_console
from tests.support.oidc import running_provider

pytestmark = pytest.mark.e2e


def test_a_colleague_signs_in_with_the_organisations_provider_in_chromium(live_server_factory, browser):
    server = live_server_factory(CARDAPP_LOCAL_HTTP_ISSUERS="1")
    database = Database(server.env["CARDAPP_DATABASE_URL"])
    organisation = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    token = accounts.invite(database, SYSTEM, "boss@teater.no", Role.ORGANISER, organisation.id, NOW)
    accounts.accept_invitation(database, token, PASSWORD, NOW)
    database.dispose()

    with running_provider() as provider:
        provider.register_client(f"{server.url}/signin/provider/callback")
        provider.set_person("kari-1", email="kari@teater.no", groups=["cardapp-organisers"])

        boss = browser.new_context(base_url=server.url, locale="en-GB").new_page()
        boss_problems = watch_console(boss)
        boss.goto("/signin")
        boss.get_by_label("Email", exact=True).fill("boss@teater.no")
        boss.get_by_label("Password", exact=True).fill(PASSWORD)
        boss.get_by_role("button", name="Sign in", exact=True).click()
        boss.goto("/organisation")
        boss.get_by_role("link", name="Set up sign-in with your organisation's").click()
        expect(boss.locator("#redirect-uri")).to_have_text(f"{server.url}/signin/provider/callback")
        boss.get_by_label("Name on the button").fill("Teater ID")
        boss.get_by_label("Issuer").fill(provider.issuer)
        boss.get_by_label("Client id").fill(provider.client_id)
        boss.get_by_label("Client secret").fill(provider.client_secret)
        boss.get_by_label("Email domains that may sign in").fill("teater.no")
        boss.get_by_label("Claim with groups or roles").fill("groups")
        boss.get_by_label("Claim value of rule 1").fill("cardapp-organisers")
        boss.get_by_label("Role of rule 1").select_option("organiser")
        boss.get_by_role("button", name="Save").click()
        expect(boss.get_by_role("status")).to_have_text("Sign-in settings saved.")
        expect(boss.get_by_label("Client secret")).to_have_value("")
        assert provider.client_secret not in boss.content()

        kari = browser.new_context(base_url=server.url, locale="en-GB").new_page()
        kari.goto("/signin")
        kari.get_by_role("link", name="Sign in with your organisation's account").click()
        kari.get_by_label("Your work email").fill("kari@teater.no")
        kari.keyboard.press("Enter")
        kari.get_by_role("link", name="Sign in with Teater ID (Teater Nord)").click()
        expect(kari).to_have_url(re.compile(re.escape(provider.issuer) + "/oauth2/authorize"))
        kari.get_by_placeholder("sub").fill("kari-1")
        kari.get_by_role("button", name="Authorize").click()
        expect(kari).to_have_url(f"{server.url}/")
        expect(kari.get_by_role("link", name="Organisation")).to_be_visible()
        kari.goto("/account")
        expect(kari.get_by_text("Signed in as kari@teater.no (organiser)")).to_be_visible()
        kari_problems = watch_console(kari)  # cardapp's own pages from here on
        kari.goto("/organisation/sign-in")
        expect(kari.get_by_role("heading", level=1)).to_have_text("Sign-in with your identity provider")

    assert boss_problems == [] and kari_problems == []
    server.stop()
    log = server.log_text()
    for secret in (provider.client_secret, "kari@teater.no", PASSWORD):
        assert secret not in log
