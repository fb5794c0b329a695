from __future__ import annotations

import json
import re

from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.services import accounts
from tests.support.accounts import PASSWORD, SYSTEM, csrf_token, link_token, make_user, post_form, sign_in
from tests.support.decks import minimal_deck


def import_deck(client: FlaskClient, deck: dict) -> object:
    return client.post("/api/decks", data=json.dumps(deck), content_type="application/json",
                       headers={"X-CSRFToken": csrf_token(client)})


def test_sign_in_sets_an_httponly_samesite_session_cookie(app, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    response = sign_in(client, "kari@teater.no")
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/api/session").get_json()["user"]["role"] == "organiser"


def test_the_session_cookie_is_secure_when_served_over_https(app, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    token = client.get("/api/session", base_url="https://cards.example.org").get_json()["csrf_token"]
    response = client.post("/signin", base_url="https://cards.example.org",
                           headers={"Referer": "https://cards.example.org/signin"},
                           data={"email": "kari@teater.no", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_wrong_password_gets_a_message_that_does_not_say_which_part_was_wrong(app, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    response = sign_in(client, "kari@teater.no", "not my password at all")
    assert response.status_code == 401
    assert "The email or the password is wrong." in response.get_data(as_text=True)
    assert client.get("/api/session").get_json()["user"] is None


def test_sign_in_attempts_are_rate_limited_per_email(app, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    statuses = [sign_in(client, "kari@teater.no", "guess number one!").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    page = post_form(client, "/signin", {"email": "kari@teater.no", "password": PASSWORD},
                     headers={"Accept-Language": "nb"})
    assert page.status_code == 429
    assert "For mange forsøk på å logge inn" in page.get_data(as_text=True)
    assert sign_in(client, "someone.else@teater.no", "guess number one!").status_code == 401


def test_admin_invites_an_organiser_and_a_facilitator_of_another_organisation(app, client: FlaskClient):
    make_user(app, "admin@example.org", Role.ADMIN)
    sign_in(client, "admin@example.org")
    for name in ("Teater Nord", "Festival Sør"):
        assert post_form(client, "/admin/organisations", {"name": name}).status_code == 303
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Teater Nord" in page and "Festival Sør" in page
    ids = dict(reversed(pair) for pair in _options(page))
    links = {}
    for email, role, organisation in (("kari@teater.no", "organiser", "Teater Nord"),
                                       ("ola@festival.no", "facilitator", "Festival Sør")):
        response = post_form(client, "/admin/invitations",
                             {"email": email, "role": role, "organisation_id": ids[organisation]})
        assert response.status_code == 200
        links[email] = link_token(response.get_data(as_text=True), "invitation")
    # "²" is a digit to str.isdigit but not to int: refused, never a server error.
    assert post_form(client, "/admin/invitations", {"email": "per@teater.no", "role": "facilitator",
                                                     "organisation_id": "²"}).status_code == 400
    post_form(client, "/signout", {})

    for email, token in links.items():
        guest = client.application.test_client()
        page = guest.get(f"/invitation/{token}").get_data(as_text=True)
        assert email in page
        response = post_form(guest, f"/invitation/{token}", {"password": PASSWORD, "confirm": PASSWORD})
        assert response.status_code == 303
        assert guest.get("/api/session").get_json()["user"] is not None
        assert guest.get(f"/invitation/{token}").status_code == 404  # used links stop working


def _options(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<option value="(\d+)">([^<]+)</option>', page)


def test_each_organisation_sees_only_its_own_decks_through_the_api(app):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    make_user(app, "siri@festival.no", Role.ORGANISER, "Festival Sør")
    make_user(app, "ola@festival.no", Role.FACILITATOR, "Festival Sør")
    north, south, facilitator = app.test_client(), app.test_client(), app.test_client()
    sign_in(north, "kari@teater.no")
    sign_in(south, "siri@festival.no")
    sign_in(facilitator, "ola@festival.no")

    created = import_deck(north, minimal_deck())
    assert created.status_code == 201
    deck_id = created.get_json()["id"]
    assert deck_id in [d["id"] for d in north.get("/api/decks").get_json()["decks"]]
    assert deck_id not in [d["id"] for d in south.get("/api/decks").get_json()["decks"]]
    assert south.get(f"/api/decks/{deck_id}").status_code == 404
    assert "Tiny deck" not in south.get("/decks/").get_data(as_text=True)
    assert "Tiny deck" in north.get("/decks/").get_data(as_text=True)
    assert north.get(f"/api/decks/{deck_id}").get_json()["deck"]["title"]["nb"] == "Liten kortstokk"

    refused = import_deck(facilitator, minimal_deck(id="other-deck"))
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "forbidden"


def test_a_server_admin_sees_shipped_decks_and_their_own_organisations_never_anothers(app):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    make_user(app, "siri@festival.no", Role.ORGANISER, "Festival Sør")
    make_user(app, "admin@example.org", Role.ADMIN)
    make_user(app, "helper@example.org", Role.ADMIN, "Festival Sør")
    north, south, outside, member = (app.test_client() for _ in range(4))
    for client, email in ((north, "kari@teater.no"), (south, "siri@festival.no"),
                          (outside, "admin@example.org"), (member, "helper@example.org")):
        sign_in(client, email)
    northern = import_deck(north, minimal_deck(title={"en": "Northern deck", "nb": "Nordlig kortstokk"})).get_json()
    southern = import_deck(south, minimal_deck(id="southern", title={"en": "Southern deck", "nb": "Sørlig kortstokk"}))
    assert southern.status_code == 201

    outside_page = outside.get("/decks/").get_data(as_text=True)
    member_page = member.get("/decks/").get_data(as_text=True)
    assert "Conversation cards" in outside_page and "Conversation cards" in member_page  # the shipped decks
    assert "Northern deck" not in outside_page and "Southern deck" not in outside_page
    assert "Southern deck" in member_page and "Northern deck" not in member_page
    assert northern["id"] not in [d["id"] for d in outside.get("/api/decks").get_json()["decks"]]
    for client in (outside, member):
        assert client.get(f"/decks/{northern['id']}").status_code == 404
        assert client.get(f"/api/decks/{northern['id']}").status_code == 404
        assert client.get(f"/decks/{northern['id']}/edit").status_code == 404


def test_an_invalid_deck_upload_lists_every_problem_with_its_json_path(app):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    client = app.test_client()
    sign_in(client, "kari@teater.no")
    deck = minimal_deck()
    del deck["themes"][0]["cards"][0]["prompt"]["nb"]
    deck["themes"][0]["cards"][2]["dimension"] = "fame"
    response = import_deck(client, deck)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_deck"
    assert error["problems"] == [
        {"path": "$.themes[0].cards[0].prompt.nb", "message": "missing text for language nb"},
    ]
    assert [d["slug"] for d in client.get("/api/decks").get_json()["decks"] if not d["shipped"]] == []


def test_api_writes_need_a_session_and_a_csrf_token(app, client: FlaskClient):
    anonymous = client.post("/api/decks", data="{}", content_type="application/json",
                            headers={"X-CSRFToken": csrf_token(client)})
    assert anonymous.status_code == 401
    assert anonymous.get_json()["error"]["code"] == "unauthorized"
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "kari@teater.no")
    forged = client.post("/api/decks", data=json.dumps(minimal_deck()), content_type="application/json")
    assert forged.status_code == 400
    assert forged.get_json()["error"]["code"] == "csrf_failed"


def test_only_admins_reach_the_admin_page(app, client: FlaskClient):
    assert client.get("/admin/users").status_code == 302  # to the sign-in page
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "kari@teater.no")
    response = client.get("/admin/users", headers={"Accept-Language": "nb"})
    assert response.status_code == 403
    assert "Ikke tillatt" in response.get_data(as_text=True)
    assert post_form(client, "/admin/organisations", {"name": "Sneaky"}).status_code == 403


def test_changing_the_password_signs_out_other_browsers(app):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "kari@teater.no")
    sign_in(phone, "kari@teater.no")
    response = post_form(laptop, "/account", {"current_password": PASSWORD, "new_password": "a new sentence of mine",
                                              "confirm": "a new sentence of mine"})
    assert response.status_code == 303
    assert laptop.get("/api/session").get_json()["user"] is not None
    assert phone.get("/api/session").get_json()["user"] is None
    assert sign_in(phone, "kari@teater.no", "a new sentence of mine").status_code == 303


def test_a_blocked_user_is_signed_out_at_once(app):
    make_user(app, "admin@example.org", Role.ADMIN)
    organisation_id = make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    admin, kari = app.test_client(), app.test_client()
    sign_in(admin, "admin@example.org")
    sign_in(kari, "kari@teater.no")
    users = {u.email: u.id for u in accounts.list_users(extensions.database.of(app), SYSTEM)}
    response = post_form(admin, f"/admin/users/{users['kari@teater.no']}",
                         {"role": "organiser", "organisation_id": str(organisation_id), "active": "no"})
    assert response.status_code == 303
    assert kari.get("/api/session").get_json()["user"] is None
    assert sign_in(kari, "kari@teater.no").status_code == 401


def test_error_pages_exist_in_both_languages(app, client: FlaskClient):
    too_big = client.post("/join", data={"code": "x" * (5 * 1024 * 1024)}, headers={"Accept-Language": "nb"})
    assert too_big.status_code == 413 and "For stort" in too_big.get_data(as_text=True)
    assert "Page not found" in client.get("/nowhere").get_data(as_text=True)
    assert "Fant ikke siden" in client.get("/nowhere", headers={"Accept-Language": "nb"}).get_data(as_text=True)
