"""A workshop on a real server with every kind of item, driven by real Socket.IO clients as people do.

The agenda: a question (written reflections), an "OK or not OK?" statement, a risk map and a power
walk, built through the same forms a facilitator uses. Every frame each screen receives is kept by
`Screen`; the tests read the acks and, where the point is what stays behind, the server's files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import requests

from tests.support.live_server import LiveServer
from tests.support.remote import Screen, create_workshop, joined_phone_cookie, signed_in_facilitator

QUESTION, STATEMENT = "stereotypes-typical-person", "stereotypes-statement-everyone-has"
RISKS = ["freelance-dependency", "recruitment-through-networks"]


def cookie_header(browser: requests.Session) -> str:
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def add_deck_cards(server: LiveServer, browser: requests.Session, workshop_id: int, slug: str,
                   form: dict[str, Any]) -> None:
    """Cards of another deck at the end of a draft workshop's agenda, through the "add" form."""
    decks = browser.get(f"{server.url}/api/decks", timeout=10).json()["decks"]
    deck_id = next(deck["id"] for deck in decks if deck["slug"] == slug)
    token = browser.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    added = browser.post(f"{server.url}/workshops/{workshop_id}/add", allow_redirects=False, timeout=10,
                         data={"deck": deck_id, "csrf_token": token, **form})
    assert added.status_code == 303, added.text


@dataclass
class RemoteWorkshop:
    """A started workshop: the facilitator's browser, the console, and phones with their cookies."""

    server: LiveServer
    facilitator: requests.Session
    workshop: dict[str, Any]
    console: Screen
    phones: list[Screen] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.workshop["id"])

    def token_hashes(self) -> list[str]:
        """The hashes the database keeps of each phone's participant token."""
        name = f"cardapp_p_{self.id}="
        tokens = [part.split("=", 1)[1] for cookie in self.cookies for part in cookie.split("; ")
                  if part.startswith(name)]
        assert len(tokens) == len(self.phones)
        return [hashlib.sha256(token.encode()).hexdigest() for token in tokens]

    def show(self, position: int) -> int:
        """Show agenda item `position` on every screen, past its content note if it has one, as a facilitator
        would; its item id once every phone shows the card itself."""
        assert self.console.call("show_item", {"position": position})["ok"]
        self.console.wait_for(lambda s: bool(s.state["current"]) and s.state["current"]["position"] == position)
        if self.console_state()["current"]["phase"] == "content_note":
            assert self.console.call("show_card")["ok"]
        for phone in self.phones:
            phone.wait_for(lambda s: bool(s.state["current"]) and s.state["current"]["position"] == position
                           and s.state["current"]["phase"] == "card")
        return self.item_id(position)

    def item_id(self, position: int) -> int:
        return int(self.console_state()["agenda"][position]["item_id"])

    def console_state(self) -> dict[str, Any]:
        assert self.console.state is not None
        return self.console.state

    def close(self) -> None:
        for screen in (self.console, *self.phones):
            screen.close()


def every_kind_workshop(server: LiveServer, phones: int = 5, email: str = "leder@teater.no") -> RemoteWorkshop:
    """A question, a statement, a risk map and a power walk (two statements), started with `phones` phones."""
    facilitator = signed_in_facilitator(server, email)
    workshop = create_workshop(server, facilitator, [QUESTION, STATEMENT])
    add_deck_cards(server, facilitator, workshop["id"], "risk-map", {"card": RISKS})
    add_deck_cards(server, facilitator, workshop["id"], "do-you-have-power",
                   {"card": ["fp-decide-others-day", "fp-in-the-room"], "walk_mode": "self"})
    console = Screen(server, {"screen": "console", "workshop_id": workshop["id"]}, cookie_header(facilitator))
    room = RemoteWorkshop(server, facilitator, workshop, console)
    for _ in range(phones):
        cookie = joined_phone_cookie(server, workshop["code"])
        room.cookies.append(cookie)
        room.phones.append(Screen(server, {"screen": "phone", "workshop_id": workshop["id"]}, cookie))
    assert console.call("start_workshop") == {"ok": True}
    for phone in room.phones:
        phone.wait_for(lambda s: s.state["current"] is not None)
    kinds = [item["kind"] for item in room.console_state()["agenda"]]
    assert kinds == ["question", "statement", "risk_map", "power_walk"], kinds
    return room
