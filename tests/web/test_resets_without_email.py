"""Without SMTP settings: the forgotten-password page says to ask an admin, who makes the link."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.domain.accounts import Role
from tests.support.accounts import make_user, post_form, sign_in

NEW_PASSWORD = "a quiet evening by the lake"


def test_without_email_the_forgotten_password_page_says_to_ask_an_admin(client: FlaskClient):
    for response in (client.get("/password/forgot"), post_form(client, "/password/forgot", {"email": "a@b.no"})):
        assert response.status_code == 200
        assert "This server does not send email. Ask an admin" in response.get_data(as_text=True)
    page = client.get("/password/forgot", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert "Denne serveren sender ikke e-post" in page


def test_an_admin_makes_a_reset_link_that_works_once(app: Flask, client: FlaskClient):
    make_user(app, "admin@example.org", Role.ADMIN)
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "admin@example.org")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Make reset link" in page and "Send this link to" not in page
    with extensions.database.of(app).transaction() as session:
        from cardapp.store.models import User

        kari = session.query(User).filter_by(email="kari@teater.no").one().id
    response = post_form(client, f"/admin/users/{kari}/reset-link", {})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Send this link to kari@teater.no yourself" in text
    path = "/password/reset/" + text.split("/password/reset/")[1].split('"')[0]
    guest = app.test_client()
    assert post_form(guest, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303
    assert post_form(guest, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404
    assert sign_in(guest, "kari@teater.no", NEW_PASSWORD).status_code == 303


def test_only_admins_make_reset_links(app: Flask, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "kari@teater.no")
    assert post_form(client, "/admin/users/1/reset-link", {}).status_code == 403
