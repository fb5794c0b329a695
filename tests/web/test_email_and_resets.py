"""Email through a real SMTP server the tests start: invitations, and password reset links that work
once, expire after an hour and never tell whether an email has an account. Without SMTP: links by hand."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.config import ConfigError, settings_from
from cardapp.domain.accounts import Role
from cardapp.realtime.hub import hub
from cardapp.services import password_resets
from cardapp.services.errors import NotFound
from cardapp.store.identity import PasswordReset
from tests.support.accounts import PASSWORD, make_user, post_form, sign_in
from tests.support.ports import free_port
from tests.support.smtp import Mailbox, running_smtp_server

NEW_PASSWORD = "a quiet evening by the lake"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Mailbox]]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def settings(settings: dict[str, Any], smtp: tuple[int, Mailbox]) -> dict[str, Any]:
    return {**settings, "smtp_host": "127.0.0.1", "smtp_port": smtp[0], "smtp_tls": "none",
            "smtp_from": "cards@example.org", "public_url": "https://cards.example.org"}


@pytest.fixture
def mailbox(smtp: tuple[int, Mailbox]) -> Mailbox:
    return smtp[1]


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def link_path(mail: Any) -> str:
    body = mail.get_content()
    line = next(line for line in body.splitlines() if line.startswith("https://cards.example.org/"))
    return line.removeprefix("https://cards.example.org")


def test_a_forgotten_password_is_reset_by_a_link_in_an_email_in_the_visitors_language(
        app: Flask, client: FlaskClient, mailbox: Mailbox):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    other_browser = app.test_client()
    sign_in(other_browser, "kari@teater.no")
    page = client.get("/signin").get_data(as_text=True)
    assert 'href="/password/forgot"' in page
    response = post_form(client, "/password/forgot", {"email": "Kari@teater.no"}, headers={"Accept-Language": "nb"})
    assert response.status_code == 200
    assert "Hvis det finnes en konto med den e-postadressen" in response.get_data(as_text=True)

    [mail] = mailbox.wait_for(1)
    assert mail["To"] == "kari@teater.no" and mail["From"] == "cards@example.org"
    assert mail["Subject"] == "Velg nytt passord for cardapp"
    assert mail.get_content_type() == "text/plain" and "innen én time" in mail.get_content()
    path = link_path(mail)
    assert re.findall(r"https?://\S+", mail.get_content()) == [f"https://cards.example.org{path}"]  # no tracking
    assert path.startswith("/password/reset/")

    assert "kari@teater.no" in client.get(path).get_data(as_text=True)
    done = post_form(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["Location"] == "/signin"
    assert sign_in(client, "kari@teater.no", NEW_PASSWORD).status_code == 303
    assert other_browser.get("/api/session").get_json()["user"] is None  # signed out everywhere else

    other = "yet another long phrase"
    again = post_form(app.test_client(), path, {"password": other, "confirm": other})
    assert again.status_code == 404
    assert "it has been used, it has expired" in again.get_data(as_text=True)
    assert sign_in(app.test_client(), "kari@teater.no", NEW_PASSWORD).status_code == 303


def test_the_answer_is_the_same_for_an_unknown_email_and_no_email_is_sent(
        app: Flask, client: FlaskClient, mailbox: Mailbox):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    unknown = post_form(client, "/password/forgot", {"email": "nobody@teater.no"})
    known = post_form(client, "/password/forgot", {"email": "kari@teater.no"})
    assert unknown.status_code == known.status_code == 200
    assert main_of(unknown.get_data(as_text=True)) == main_of(known.get_data(as_text=True))
    mails = mailbox.wait_for(1)
    assert [mail["To"] for mail in mails] == ["kari@teater.no"]


def test_a_reset_link_expires_after_an_hour(app: Flask, client: FlaskClient, mailbox: Mailbox):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    post_form(client, "/password/forgot", {"email": "kari@teater.no"})
    path = link_path(mailbox.wait_for(1)[0])
    with extensions.database.of(app).transaction() as session:
        reset = session.query(PasswordReset).one()
        reset.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    response = post_form(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 404
    assert sign_in(client, "kari@teater.no", NEW_PASSWORD).status_code == 401


def test_reset_links_are_valid_for_one_hour_and_only_the_newest_works(app: Flask):
    database = extensions.database.of(app)
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    now = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
    first = password_resets.request_reset(database, "kari@teater.no", now)
    second = password_resets.request_reset(database, "kari@teater.no", now)
    assert first and second
    assert password_resets.reset_email(database, second, now + dt.timedelta(minutes=59)) == "kari@teater.no"
    for token, when in ((first, now), (second, now + dt.timedelta(minutes=60))):
        with pytest.raises(NotFound):
            password_resets.reset_email(database, token, when)
    with database.transaction() as session:
        assert all(len(row.token_sha256) == 64 and row.token_sha256 not in (first, second)
                   for row in session.query(PasswordReset))


def test_reset_requests_are_rate_limited_per_email(app: Flask, client: FlaskClient, mailbox: Mailbox):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    statuses = [post_form(client, "/password/forgot", {"email": "kari@teater.no"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(mailbox.wait_for(3)) == 3


def test_an_invitation_is_emailed_and_the_admin_sees_it_was_sent_and_can_copy_the_link(
        app: Flask, client: FlaskClient, mailbox: Mailbox):
    make_user(app, "admin@example.org", Role.ADMIN)
    organisation_id = make_user(app, "boss@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "admin@example.org")
    response = post_form(client, "/admin/invitations", {"email": "ola@teater.no", "role": "facilitator",
                                                         "organisation_id": str(organisation_id),
                                                         "mail_language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The invitation was emailed to ola@teater.no" in page and 'id="new-link"' in page
    [mail] = mailbox.wait_for(1)
    assert mail["Subject"] == "You are invited to cardapp"
    assert "as facilitator in Teater Nord" in mail.get_content()
    path = link_path(mail)
    assert path.startswith("/invitation/") and path.split("/")[-1] in page
    guest = app.test_client()
    assert post_form(guest, path, {"password": PASSWORD, "confirm": PASSWORD}).status_code == 303
    assert guest.get("/api/session").get_json()["user"]["role"] == "facilitator"


def test_an_invitation_that_cannot_be_emailed_says_so_and_shows_the_link(settings: dict[str, Any]):
    from cardapp import create_app

    app = create_app({**settings, "smtp_port": free_port()})  # nothing listens there
    try:
        make_user(app, "admin@example.org", Role.ADMIN)
        client = app.test_client()
        sign_in(client, "admin@example.org")
        page = post_form(client, "/admin/invitations", {"email": "root2@example.org", "role": "admin"})
        text = page.get_data(as_text=True)
        assert "could not be sent. Send this link yourself." in text and "/invitation/" in text
    finally:
        hub.of(app).stop()
        extensions.database.of(app).dispose()


def test_bad_smtp_settings_stop_start_up_with_the_variable_named():
    with pytest.raises(ConfigError, match="CARDAPP_SMTP_FROM"):
        settings_from({"CARDAPP_SMTP_HOST": "smtp.example.org", "CARDAPP_SECRET_KEY": "k"})
    with pytest.raises(ConfigError, match="CARDAPP_SMTP_TLS"):
        settings_from({"CARDAPP_SMTP_TLS": "maybe", "CARDAPP_SECRET_KEY": "k"})
    with pytest.raises(ConfigError, match="CARDAPP_PUBLIC_URL"):
        settings_from({"CARDAPP_SMTP_HOST": "smtp.example.org", "CARDAPP_SMTP_FROM": "c@example.org",
                       "CARDAPP_SECRET_KEY": "k"})
    settings = settings_from({"CARDAPP_SMTP_HOST": "smtp.example.org", "CARDAPP_SMTP_FROM": "c@example.org",
                              "CARDAPP_SMTP_USER": "c", "CARDAPP_SMTP_PASSWORD": "hunter2 secret",
                              "CARDAPP_PUBLIC_URL": "https://cards.example.org", "CARDAPP_SECRET_KEY": "k"})
    assert settings.sends_email and "hunter2" not in repr(settings)


def test_a_reset_link_in_an_email_never_follows_a_forged_host(app: Flask, client: FlaskClient, mailbox: Mailbox):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    forged = "http://evil.example"
    token = client.get("/api/session", base_url=forged).get_json()["csrf_token"]
    answer = client.post("/password/forgot", base_url=forged, data={"email": "kari@teater.no", "csrf_token": token})
    assert answer.status_code == 200
    [mail] = mailbox.wait_for(1)
    body = mail.get_content()
    assert "evil.example" not in body and "https://cards.example.org/password/reset/" in body
