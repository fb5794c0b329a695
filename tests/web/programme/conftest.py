"""Browsers of an organiser, a facilitator and another organisation's organiser, and an ended risk map."""

from __future__ import annotations

import pytest

from cardapp.domain.accounts import Role
from tests.support.accounts import PASSWORD, make_user, sign_in
from tests.support.workshops import Room, disconnect_all, open_room
from tests.web.test_report import FACTORS, run_risk_map

ORGANISER = "arrangor@teater.no"
FACILITATOR = "fasilitator@teater.no"
STRANGER = "arrangor@kino.no"


def browser_of(app, email: str, role: Role, organisation: str = "Teater Nord"):
    make_user(app, email, role, organisation)
    browser = app.test_client()
    assert sign_in(browser, email, PASSWORD).status_code == 303
    return browser


@pytest.fixture
def organiser(app):
    return browser_of(app, ORGANISER, Role.ORGANISER)


@pytest.fixture
def stranger(app):
    return browser_of(app, STRANGER, Role.ORGANISER, "Kino Sør")


@pytest.fixture
def ended_risk_map(app) -> Room:
    """A risk map of Teater Nord run with six phones, with measures and agreements, and ended."""
    room = open_room(app, FACTORS, email=FACILITATOR, deck_slug="risk-map")
    try:
        room.secrets = run_risk_map(room)  # type: ignore[attr-defined]
    finally:
        disconnect_all(room)
    return room


