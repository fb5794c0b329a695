"""Creating people and signing them in, through the same services and forms a person uses."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.domain.accounts import Actor, Role
from cardapp.services import accounts

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
PASSWORD = "a long walk by the fjord"
SYSTEM = Actor(user_id=0, role=Role.ADMIN, organisation_id=None)


def csrf_token(client: FlaskClient) -> str:
    return str(client.get("/api/session").get_json()["csrf_token"])


def post_form(client: FlaskClient, path: str, data: dict[str, str], **kwargs: object):  # type: ignore[no-untyped-def]
    """POST a form the way a browser does: with the CSRF token from the session."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client)}, **kwargs)


def make_user(app: Flask, email: str, role: Role, organisation: str | None = None) -> int | None:
    """Create an organisation (when named) and a user with PASSWORD; returns the organisation id."""
    database = extensions.database.of(app)
    organisation_id = None
    if organisation:
        known = {o.name: o.id for o in accounts.list_organisations(database, SYSTEM)}
        organisation_id = known.get(organisation) or accounts.create_organisation(
            database, SYSTEM, organisation, NOW.date()).id
    token = accounts.invite(database, SYSTEM, email, role, organisation_id, NOW)
    accounts.accept_invitation(database, token, PASSWORD, NOW)
    return organisation_id


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return post_form(client, "/signin", {"email": email, "password": password})


def link_token(text: str, kind: str) -> str:
    match = re.search(rf"/{kind}/([A-Za-z0-9_-]+)", text)
    assert match, f"no /{kind}/ link in {text!r}"
    return match.group(1)
