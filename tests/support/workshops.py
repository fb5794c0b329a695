"""A workshop with a facilitator, a console, a projector and phones, through the real HTTP and Socket.IO glue."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient
from sqlalchemy.orm import Session

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.extensions import socketio
from cardapp.services import accounts, decks, workshops
from cardapp.store.models import Organisation, Workshop
from tests.support.accounts import PASSWORD, SYSTEM, make_user, post_form, sign_in

CONVERSATION_CARDS = ["norms-statement-professional", "racism-really-from", "stereotypes-first-impressions"]


@dataclass
class Room:
    app: Flask
    workshop_id: int
    room_code: str
    secret: str
    console: SocketIOTestClient
    projector: SocketIOTestClient
    phones: list[SocketIOTestClient] = field(default_factory=list)
    phone_browsers: list[FlaskClient] = field(default_factory=list)  # each phone's cookies, to reconnect
    seen: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def events(self, client: SocketIOTestClient, name: str) -> list[Any]:
        """Every `name` event this client received so far (the test client forgets once read)."""
        history = self.seen.setdefault(id(client), [])
        history.extend(client.get_received())
        return [event["args"][0] for event in history if event["name"] == name]

    def forget(self, client: SocketIOTestClient) -> None:
        self.events(client, "")
        self.seen[id(client)] = []

    def states(self, client: SocketIOTestClient) -> list[dict[str, Any]]:
        return self.events(client, "workshop_state")

    def wait_for_state(self, client: SocketIOTestClient, wanted: Any, timeout: float = 6) -> dict[str, Any]:
        """The newest `workshop_state` for which `wanted(state)` holds, waiting for the server's tick
        (texts and counts move on the clock's boundaries, docs/privacy.md "Timing")."""
        deadline = time.monotonic() + timeout
        while True:
            states = self.states(client)
            if states and wanted(states[-1]):
                return states[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no such workshop_state; last: {states[-1] if states else None}")
            time.sleep(0.05)

    def last_state(self, client: SocketIOTestClient) -> dict[str, Any]:
        states = self.states(client)
        assert states, "no workshop_state received"
        return states[-1]

    def command(self, client: SocketIOTestClient, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        ack: dict[str, Any] = client.emit(event, payload or {}, callback=True)
        return ack

    def answer(
        self, phone: SocketIOTestClient, item_id: int, choice: str, answer_id: str | None = None
    ) -> dict[str, Any]:
        return self.command(phone, "submit_answer", {"item_id": item_id, "choice": choice,
                                                      "answer_id": answer_id or uuid.uuid4().hex})

    def join_phone(self, language: str = "en") -> SocketIOTestClient:
        browser = self.app.test_client()
        response = post_form(browser, "/join", {"code": self.room_code}, headers={"Accept-Language": language})
        assert response.status_code == 303, response.get_data(as_text=True)
        phone = socketio.test_client(self.app, flask_test_client=browser,
                                     auth={"screen": "phone", "workshop_id": self.workshop_id})
        assert phone.is_connected()
        self.phones.append(phone)
        self.phone_browsers.append(browser)
        return phone


def card_ids_with(app: Flask, kinds: tuple[str, ...] = ("statement",), count: int = 3,
                  deck_slug: str = "conversation-cards") -> tuple[int, list[str]]:
    database = extensions.database.of(app)
    summary = next(d for d in decks.visible_decks(database, None) if d.slug == deck_slug)
    _summary, deck = decks.open_deck(database, None, summary.id)
    return summary.id, [card.id for card in deck.cards() if card.kind in kinds][:count]


def open_room(app: Flask, card_ids: list[str] | None = None, email: str = "fasilitator@teater.no",
              deck_slug: str = "conversation-cards") -> Room:
    """A signed-in facilitator's draft workshop with console and projector connected."""
    make_user(app, email, Role.FACILITATOR, "Teater Nord")
    database = extensions.database.of(app)
    deck_id, default_cards = card_ids_with(app, deck_slug=deck_slug)
    actor = next(u for u in accounts.list_users(database, SYSTEM) if u.email == email).actor
    created = workshops.create_workshop(database, actor, deck_id, "Workshop", "en", card_ids or default_cards,
                                        5, dt.date(2026, 11, 22))
    facilitator = app.test_client()
    assert sign_in(facilitator, email, PASSWORD).status_code == 303
    console = socketio.test_client(app, flask_test_client=facilitator,
                                   auth={"screen": "console", "workshop_id": created.id})
    projector = socketio.test_client(app, auth={"screen": "projector", "workshop_id": created.id,
                                                "secret": created.projector_secret})
    assert console.is_connected() and projector.is_connected()
    return Room(app, created.id, created.room_code or "", created.projector_secret, console, projector)


def disconnect_all(room: Room) -> None:
    for client in (room.console, room.projector, *room.phones):
        if client.is_connected():
            client.disconnect()


def store_open_workshop(session: Session) -> Workshop:
    """An organisation and its open workshop showing position 0, written straight to the database."""
    organisation = Organisation(slug="o", name="O", created_on=dt.date(2026, 11, 22))
    session.add(organisation)
    session.flush()
    workshop = Workshop(organisation_id=organisation.id, title="W", projector_language="en", languages="en",
                room_code="KX7P3M", projector_secret="s", status="open", current_position=0,
                phase="card", min_answers=5, created_on=dt.date(2026, 11, 22))
    session.add(workshop)
    session.flush()
    return workshop
