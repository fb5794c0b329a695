"""The first run leads somewhere: the set-up link creates the first admin and their organisation, the
admin can run a workshop at once, and nobody is shown a form that would refuse them."""

from __future__ import annotations

import datetime as dt
import html
import re

from flask import Flask
from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.services import accounts
from tests.support.accounts import NOW, PASSWORD, SYSTEM, make_user, post_form, sign_in


def setup_token(app: Flask) -> str:
    return accounts.create_setup_link(extensions.database.of(app), dt.datetime.now(dt.UTC))


def set_up(client: FlaskClient, token: str, organisation: str, **headers: str):  # type: ignore[no-untyped-def]
    return post_form(client, f"/setup/{token}", {"organisation": organisation, "email": "admin@teater.no",
                                                  "password": PASSWORD, "confirm": PASSWORD}, headers=headers)


def deck_id(client: FlaskClient, slug: str = "conversation-cards") -> int:
    return next(deck["id"] for deck in client.get("/api/decks").get_json()["decks"] if deck["slug"] == slug)


def create_workshop(client: FlaskClient, title: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/workshops/new", {"deck": str(deck_id(client)), "title": title, "language": "en",
                                                "card": "norms-statement-professional"})


def test_the_set_up_page_asks_for_the_organisation_with_the_admins_details(app: Flask, client: FlaskClient):
    page = html.unescape(client.get(f"/setup/{setup_token(app)}").get_data(as_text=True))
    assert '<label for="organisation">Your organisation\'s name</label>' in page
    assert re.search(r'<input id="organisation" name="organisation"[^>]*required', page)
    norsk = client.get(f"/setup/{setup_token(app)}", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert "Navnet på organisasjonen din" in norsk


def test_the_first_admin_belongs_to_the_organisation_they_named_and_can_run_a_workshop_at_once(
        app: Flask, client: FlaskClient):
    response = set_up(client, setup_token(app), "  Teater   Nord ")
    assert response.status_code == 303 and response.headers["Location"] == "/workshops/"
    page = html.unescape(client.get("/workshops/").get_data(as_text=True))
    assert "You are the admin of this server and a member of Teater Nord" in page
    assert 'action="/workshops/new"' in page
    user = client.get("/api/session").get_json()["user"]
    assert user["role"] == "admin"
    organisations = accounts.list_organisations(extensions.database.of(app), SYSTEM)
    assert [(o.id, o.name) for o in organisations] == [(user["organisation_id"], "Teater Nord")]

    created = create_workshop(client, "First workshop")
    assert created.status_code == 303, created.get_data(as_text=True)
    agenda = client.get(created.headers["Location"]).get_data(as_text=True)
    code = re.search(r'class="room-code">([A-Z0-9]{6})<', agenda).group(1)
    phone = app.test_client()
    joined = post_form(phone, "/join", {"code": code.lower()})
    assert joined.status_code == 303 and re.fullmatch(r"/w/\d+", joined.headers["Location"])


def test_a_set_up_without_an_organisation_name_is_refused_and_the_link_still_works(app: Flask, client: FlaskClient):
    token = setup_token(app)
    refused = set_up(client, token, " ", **{"Accept-Language": "nb"})
    assert refused.status_code == 422
    assert "Et organisasjonsnavn må ha 2 til 200 tegn." in refused.get_data(as_text=True)
    assert not accounts.admin_exists(extensions.database.of(app))
    assert set_up(client, token, "Teater Nord").status_code == 303


def test_naming_an_organisation_that_exists_at_set_up_joins_it(app: Flask, client: FlaskClient):
    database = extensions.database.of(app)
    existing = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    assert set_up(client, setup_token(app), "teater nord").status_code == 303
    assert client.get("/api/session").get_json()["user"]["organisation_id"] == existing.id
    assert len(accounts.list_organisations(database, SYSTEM)) == 1


def test_an_admin_without_an_organisation_is_told_what_to_do_instead_of_shown_a_form_that_refuses(
        app: Flask, client: FlaskClient):
    make_user(app, "admin@example.org", Role.ADMIN)
    sign_in(client, "admin@example.org")
    page = client.get("/workshops/").get_data(as_text=True)
    assert 'action="/workshops/new"' not in page
    assert "your account belongs to none, so you cannot create one yet" in page
    assert '<a href="/admin/users">Go to Admin</a>' in page
    refused = client.get(f"/workshops/new?deck={deck_id(client)}", headers={"Accept": "application/json"})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "forbidden"
    assert "your account belongs to none" in refused.get_json()["error"]["message"]


def test_an_admin_sees_only_their_own_organisations_workshops_under_an_honest_heading(app: Flask,
                                                                                      client: FlaskClient):
    for email, organisation in (("kari@teater.no", "Teater Nord"), ("ola@festival.no", "Festival Sør")):
        make_user(app, email, Role.FACILITATOR, organisation)
        sign_in(client, email)
        assert create_workshop(client, f"Workshop of {organisation}").status_code == 303
        post_form(client, "/signout", {})
    # A server admin is no member of either: the list has none of their workshops (docs/privacy.md).
    make_user(app, "admin@example.org", Role.ADMIN)
    sign_in(client, "admin@example.org")
    page = html.unescape(client.get("/workshops/").get_data(as_text=True))
    assert "Workshop of" not in page
    post_form(client, "/signout", {})
    make_user(app, "admin2@example.org", Role.ADMIN, "Teater Nord")
    sign_in(client, "admin2@example.org")
    page = html.unescape(client.get("/workshops/").get_data(as_text=True))
    assert "Your organisation's workshops" in page and "Workshop of Teater Nord" in page
    assert "Festival Sør" not in page

    post_form(client, "/signout", {})
    sign_in(client, "kari@teater.no")
    own = html.unescape(client.get("/workshops/").get_data(as_text=True))
    assert "Your organisation's workshops" in own and "Festival Sør" not in own
    assert "Organisation</th>" not in own


def test_an_admin_who_follows_the_advice_can_then_run_a_workshop(app: Flask, client: FlaskClient):
    make_user(app, "admin@example.org", Role.ADMIN)
    organisation = accounts.create_organisation(extensions.database.of(app), SYSTEM, "Teater Nord", NOW.date())
    sign_in(client, "admin@example.org")
    user_id = client.get("/api/session").get_json()["user"]["id"]
    moved = post_form(client, f"/admin/users/{user_id}", {"role": "admin", "organisation_id": str(organisation.id),
                                                          "active": "yes"})
    assert moved.status_code == 303
    assert client.get("/api/session").get_json()["user"] is None  # signed out, as the advice says
    sign_in(client, "admin@example.org")
    assert 'action="/workshops/new"' in client.get("/workshops/").get_data(as_text=True)
    assert create_workshop(client, "First workshop").status_code == 303
