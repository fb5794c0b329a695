"""Signing in with the organisation's identity provider, through the whole redirect dance with a real
OpenID Connect provider: first sign-in makes the account, roles follow claims, strangers are refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.store.identity import IdentityProvider
from tests.support.accounts import PASSWORD, make_user, post_form, sign_in
from tests.support.oidc import Provider, running_provider, s256

CALLBACK = "http://localhost/signin/provider/callback"


@pytest.fixture
def settings(settings: dict[str, Any]) -> dict[str, Any]:
    return {**settings, "local_http_issuers": True}


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        running.register_client(CALLBACK)
        yield running


def provider_form(provider: Provider, **changes: str) -> dict[str, str]:
    form = {"display_name": "Teater ID", "issuer": provider.issuer, "client_id": provider.client_id,
            "client_secret": provider.client_secret, "allowed_domains": "teater.no", "role_claim": "groups",
            "rule_value": "cardapp-organisers", "rule_role": "organiser", "default_role": "facilitator",
            "enabled": "yes"}
    return {**form, **changes}


@pytest.fixture
def organisation(app: Flask, client: FlaskClient, provider: Provider) -> int:
    """Teater Nord with its provider set up by its organiser, who then signs out."""
    organisation_id = make_user(app, "boss@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "boss@teater.no")
    response = post_form(client, "/organisation/sign-in", provider_form(provider))
    assert response.status_code == 303, response.get_data(as_text=True)
    post_form(client, "/signout", {})
    assert organisation_id is not None
    return organisation_id


def start(client: FlaskClient, email: str) -> str:
    """From the sign-in page's email to the provider's authorization URL."""
    chosen = post_form(client, "/signin/provider", {"email": email})
    assert chosen.status_code == 200, chosen.get_data(as_text=True)
    page = chosen.get_data(as_text=True)
    assert "Sign in with Teater ID (Teater Nord)" in page
    started = client.get(re.search(r'href="(/signin/provider/\d+)"', page).group(1))
    assert started.status_code == 303, started.get_data(as_text=True)
    return str(started.headers["Location"])


def authorise_at_provider(authorization_url: str, sub: str) -> str:
    """The person signs in at the provider, which sends the browser back with a code: returns that address."""
    answer = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return str(answer.headers["Location"])


def sign_in_with_provider(client: FlaskClient, provider: Provider, sub: str, **claims: Any):  # type: ignore[no-untyped-def]
    provider.set_person(sub, **claims)
    back = authorise_at_provider(start(client, str(claims.get("email", "x@teater.no"))), sub)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def signed_in_user(client: FlaskClient) -> dict[str, Any] | None:
    user: dict[str, Any] | None = client.get("/api/session").get_json()["user"]
    return user


def test_first_sign_in_creates_the_account_in_the_organisation_with_the_mapped_role(
        app, client: FlaskClient, provider: Provider, organisation: int):
    response = sign_in_with_provider(client, provider, "kari-1", email="Kari@teater.no", email_verified=True,
                                     groups=["staff", "cardapp-organisers"])
    assert response.status_code == 303 and response.headers["Location"] == "/"
    user = signed_in_user(client)
    assert user is not None and user["role"] == "organiser" and user["organisation_id"] == organisation
    assert "kari@teater.no" in client.get("/account").get_data(as_text=True)
    assert client.get("/organisation").status_code == 200


def test_the_authorization_request_carries_state_nonce_and_an_s256_pkce_challenge(
        client: FlaskClient, provider: Provider, organisation: int):
    provider.set_person("ola-1", email="ola@teater.no")
    first = parse_qs(urlsplit(start(client, "ola@teater.no")).query)
    authorization = start(client, "ola@teater.no")
    query = parse_qs(urlsplit(authorization).query)
    assert query["code_challenge_method"] == ["S256"] and query["scope"] == ["openid email profile"]
    for name in ("state", "nonce", "code_challenge"):
        assert len(query[name][0]) >= 20 and query[name] != first[name]  # fresh for every start
    back = authorise_at_provider(authorization, "ola-1")
    client.get(f"{urlsplit(back).path}?{urlsplit(back).query}")
    sent = provider.guard.token_requests[-1]
    assert s256(sent["code_verifier"][0]) == query["code_challenge"][0]
    assert signed_in_user(client) is not None


def test_a_person_without_a_matching_group_gets_the_default_role_and_the_role_is_rechecked_each_time(
        app, client: FlaskClient, provider: Provider, organisation: int):
    sign_in_with_provider(client, provider, "ola-1", email="ola@teater.no", groups=["staff"])
    assert signed_in_user(client)["role"] == "facilitator"
    post_form(client, "/signout", {})
    sign_in_with_provider(client, provider, "ola-1", email="ola@teater.no", groups=["cardapp-organisers"])
    assert signed_in_user(client)["role"] == "organiser"


def test_someone_the_rules_no_longer_let_in_is_refused_and_signed_out_elsewhere(
        app, client: FlaskClient, provider: Provider, organisation: int):
    sign_in_with_provider(client, provider, "ola-1", email="ola@teater.no", groups=["staff"])
    other_browser = app.test_client()
    boss = app.test_client()
    sign_in(boss, "boss@teater.no")
    post_form(boss, "/organisation/sign-in", provider_form(provider, client_secret="", default_role=""))
    refused = sign_in_with_provider(other_browser, provider, "ola-1", email="ola@teater.no", groups=["staff"])
    assert refused.status_code == 403
    assert "gives you no role in cardapp" in refused.get_data(as_text=True)
    assert signed_in_user(other_browser) is None
    assert signed_in_user(client) is None  # the first browser's session ended too


@pytest.mark.parametrize(("claims", "message"), [
    ({"email": "eve@elsewhere.no"}, "not one this organisation lets in"),
    ({"email": "eve@teater.no", "email_verified": False}, "not verified"),
])
def test_a_person_whose_email_is_not_allowed_is_refused_with_a_clear_message(
        client: FlaskClient, provider: Provider, organisation: int, claims: dict[str, Any], message: str):
    provider.set_person("eve", **claims)
    back = authorise_at_provider(start(client, "boss@teater.no"), "eve")
    refused = client.get(f"{urlsplit(back).path}?{urlsplit(back).query}")
    assert refused.status_code == 403
    assert message in refused.get_data(as_text=True)
    assert signed_in_user(client) is None


def test_a_provider_can_never_open_an_admin_account_or_one_of_another_organisation(
        app, client: FlaskClient, provider: Provider, organisation: int):
    make_user(app, "root@teater.no", Role.ADMIN)
    make_user(app, "guest@teater.no", Role.FACILITATOR, "Festival Sør")
    for sub, email in (("root", "root@teater.no"), ("guest", "guest@teater.no")):
        refused = sign_in_with_provider(client, provider, sub, email=email, groups=["cardapp-organisers"])
        assert refused.status_code == 403
        assert "cannot open" in refused.get_data(as_text=True)
        assert signed_in_user(client) is None
    assert sign_in(client, "root@teater.no").status_code == 303  # their passwords still work


def test_an_existing_password_account_of_the_organisation_is_linked_and_keeps_its_password(
        app, client: FlaskClient, provider: Provider, organisation: int):
    make_user(app, "lise@teater.no", Role.FACILITATOR, "Teater Nord")
    sign_in_with_provider(client, provider, "lise-1", email="lise@teater.no", groups=["cardapp-organisers"])
    assert signed_in_user(client)["role"] == "organiser"
    post_form(client, "/signout", {})
    assert sign_in(client, "lise@teater.no", PASSWORD).status_code == 303


def test_an_account_made_by_the_provider_cannot_be_opened_with_any_password(
        app, client: FlaskClient, provider: Provider, organisation: int):
    sign_in_with_provider(client, provider, "ola-1", email="ola@teater.no")
    post_form(client, "/signout", {})
    for guess in ("", "cardapp-no-such-user-timing-guard", PASSWORD):
        assert sign_in(client, "ola@teater.no", guess).status_code in (401, 400)


def test_a_callback_with_another_state_is_refused(client: FlaskClient, provider: Provider, organisation: int):
    provider.set_person("ola-1", email="ola@teater.no")
    back = authorise_at_provider(start(client, "ola@teater.no"), "ola-1")
    query = parse_qs(urlsplit(back).query)
    refused = client.get(f"/signin/provider/callback?code={query['code'][0]}&state=forged")
    assert refused.status_code == 400
    assert "Start again from the sign-in page" in refused.get_data(as_text=True)
    assert signed_in_user(client) is None


def test_a_code_stolen_into_another_browser_does_not_sign_it_in(
        app, client: FlaskClient, provider: Provider, organisation: int):
    provider.set_person("ola-1", email="ola@teater.no")
    back = authorise_at_provider(start(client, "ola@teater.no"), "ola-1")
    attacker = app.test_client()
    refused = attacker.get(f"{urlsplit(back).path}?{urlsplit(back).query}")
    assert refused.status_code == 400
    assert signed_in_user(attacker) is None


def test_an_id_token_whose_signature_does_not_match_is_refused(
        client: FlaskClient, provider: Provider, organisation: int):
    provider.guard.spoil_id_token = True
    refused = sign_in_with_provider(client, provider, "ola-1", email="ola@teater.no")
    assert refused.status_code == 401
    assert "could not be verified" in refused.get_data(as_text=True)
    assert signed_in_user(client) is None


def test_an_expired_id_token_is_refused(app, client: FlaskClient, organisation: int):
    with running_provider(token_lifetime=timedelta(minutes=-10)) as stale:
        stale.register_client(CALLBACK)
        boss = app.test_client()
        sign_in(boss, "boss@teater.no")
        assert post_form(boss, "/organisation/sign-in", provider_form(stale)).status_code == 303
        refused = sign_in_with_provider(client, stale, "ola-1", email="ola@teater.no")
    assert refused.status_code == 401
    assert signed_in_user(client) is None


def test_an_issuer_that_differs_from_the_discovery_document_is_refused(
        app, client: FlaskClient, provider: Provider, organisation: int):
    provider.guard.announced_issuer = "https://login.attacker.example"
    refused = client.get(f"/signin/provider/{organisation}")
    assert refused.status_code == 502
    assert "names another issuer" in refused.get_data(as_text=True)


def test_the_client_secret_is_stored_sealed_and_never_shown_again(
        app, client: FlaskClient, provider: Provider, organisation: int):
    sign_in(client, "boss@teater.no")
    page = client.get("/organisation/sign-in").get_data(as_text=True)
    assert provider.client_id in page and provider.client_secret not in page
    with extensions.database.of(app).transaction() as session:
        sealed = session.query(IdentityProvider).one().client_secret_sealed
    assert provider.client_secret not in sealed
    # Saving again with the secret left empty keeps it: sign-in still works.
    assert post_form(client, "/organisation/sign-in", provider_form(provider, client_secret="")).status_code == 303
    post_form(client, "/signout", {})
    assert sign_in_with_provider(client, provider, "ola-1", email="ola@teater.no").status_code == 303


def test_facilitators_cannot_change_the_sign_in_settings(app, client: FlaskClient, organisation: int):
    make_user(app, "ola@teater.no", Role.FACILITATOR, "Teater Nord")
    sign_in(client, "ola@teater.no")
    assert client.get("/organisation/sign-in").status_code == 403
    assert post_form(client, "/organisation/sign-in", {"issuer": "https://evil.example"}).status_code == 403


@pytest.mark.parametrize(("changes", "message"), [
    ({"issuer": "http://login.example.org"}, "must be an https:// address"),
    ({"allowed_domains": ""}, "at least one email domain"),
    ({"rule_role": "admin"}, "organiser or facilitator role only"),
    ({"role_claim": "", "rule_value": "x"}, "Name the claim"),
])
def test_bad_settings_get_a_clear_message_and_keep_what_was_typed(
        app, client: FlaskClient, provider: Provider, changes: dict[str, str], message: str):
    make_user(app, "boss@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "boss@teater.no")
    response = post_form(client, "/organisation/sign-in", provider_form(provider, **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "Teater ID" in page and provider.client_secret not in page


def test_an_email_domain_without_a_provider_is_told_to_use_the_password(client: FlaskClient, organisation: int):
    response = post_form(client, "/signin/provider", {"email": "someone@elsewhere.no"},
                         headers={"Accept-Language": "nb"})
    assert response.status_code == 404
    assert "Logg inn med passord i stedet" in response.get_data(as_text=True)


def test_the_callback_is_rate_limited_per_address(client: FlaskClient, organisation: int):
    statuses = [client.get("/signin/provider/callback?code=x&state=y").status_code for _ in range(21)]
    assert statuses == [400] * 20 + [429]


def test_an_email_only_in_userinfo_is_used_when_unverified_emails_are_accepted_as_feide_needs(
        app, client: FlaskClient, provider: Provider, organisation: int):
    boss = app.test_client()
    sign_in(boss, "boss@teater.no")
    post_form(boss, "/organisation/sign-in", provider_form(provider, client_secret="", accept_unverified_email="yes"))
    provider.guard.userinfo_only = {"email": "kari@teater.no", "email_verified": False}
    assert sign_in_with_provider(client, provider, "kari-1").status_code == 303
    assert "kari@teater.no" in client.get("/account").get_data(as_text=True)


def test_userinfo_about_someone_else_than_the_id_token_is_refused(
        client: FlaskClient, provider: Provider, organisation: int):
    provider.guard.userinfo_only = {"email": "kari@teater.no", "sub": "somebody-else"}
    refused = sign_in_with_provider(client, provider, "kari-1")
    assert refused.status_code == 401
    assert signed_in_user(client) is None


def test_an_unverified_email_is_refused_unless_the_organisation_accepts_them(
        client: FlaskClient, provider: Provider, organisation: int):
    provider.guard.userinfo_only = {"email": "kari@teater.no", "email_verified": False}
    refused = sign_in_with_provider(client, provider, "kari-1")
    assert refused.status_code == 403 and "not verified" in refused.get_data(as_text=True)
