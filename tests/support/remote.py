"""Driving a real `cardapp serve` as people do: HTTP for accounts and joining, real Socket.IO clients."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

import requests
import socketio

from tests.support.accounts import PASSWORD
from tests.support.live_server import LiveServer


def invitation_link(server: LiveServer, email: str, role: str = "facilitator",
                    organisation: str = "Teater Nord") -> str:
    """A one-time invitation link from `cardapp users create`, run against the server's database.

    The organisation is created by the first invitation into it, as an admin would with
    `--create-organisation`; `--organisation` alone refuses a name it does not know."""
    def invite(option: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cardapp", "users", "create", "--email", email, "--role", role,
             option, organisation],
            env=server.env, cwd=server.workdir, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)

    done = invite("--organisation")
    if done.returncode == 1 and "--create-organisation" in done.stderr:
        done = invite("--create-organisation")
    assert done.returncode == 0, done.stderr
    return re.search(r"http://\S+/invitation/\S+", done.stdout).group(0)


def signed_in_facilitator(server: LiveServer, email: str = "leder@teater.no") -> requests.Session:
    link = invitation_link(server, email)
    browser = requests.Session()
    token = browser.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    accepted = browser.post(link, data={"password": PASSWORD, "confirm": PASSWORD, "csrf_token": token},
                            allow_redirects=False, timeout=10)
    assert accepted.status_code == 303, accepted.text
    return browser


def create_workshop(server: LiveServer, browser: requests.Session, card_ids: list[str]) -> dict[str, Any]:
    decks = browser.get(f"{server.url}/api/decks", timeout=10).json()["decks"]
    deck_id = next(deck["id"] for deck in decks if deck["slug"] == "conversation-cards")
    token = browser.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    created = browser.post(f"{server.url}/workshops/new", allow_redirects=False, timeout=10, data={
        "deck": deck_id, "title": "Restart drill", "language": "en", "card": card_ids, "csrf_token": token})
    assert created.status_code == 303, created.text
    workshop_id = int(re.search(r"/workshops/(\d+)/agenda", created.headers["Location"]).group(1))
    agenda = browser.get(f"{server.url}/workshops/{workshop_id}/agenda", timeout=10).text
    return {
        "id": workshop_id,
        "code": re.search(r'class="room-code">([A-Z0-9]{6})<', agenda).group(1),
        "secret": re.search(rf"/p/{workshop_id}/([A-Za-z0-9_-]+)", agenda).group(1),
    }


def joined_phone_cookie(server: LiveServer, code: str) -> str:
    phone = requests.Session()
    token = phone.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    joined = phone.post(f"{server.url}/join", data={"code": code, "csrf_token": token}, allow_redirects=False,
                        timeout=10)
    assert joined.status_code == 303, joined.text
    return "; ".join(f"{name}={value}" for name, value in phone.cookies.items())


class Screen:
    """A real Socket.IO client that remembers the last state and counts it receives, and reconnects."""

    def __init__(self, server: LiveServer, auth: dict[str, Any], cookie: str = "") -> None:
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.3, reconnection_delay_max=1.5)
        self.state: dict[str, Any] | None = None
        self.answered: int | None = None
        self.states_received = 0
        self.changed = threading.Condition()
        self.client.on("workshop_state", self._on_state)
        self.client.on("answer_count", self._on_count)
        headers = {"Cookie": cookie} if cookie else {}  # the WebSocket client sends its own Origin
        self.client.connect(server.url, auth=auth, headers=headers, transports=["websocket"], wait_timeout=10)

    def _on_state(self, state: dict[str, Any]) -> None:
        with self.changed:
            self.state, self.states_received = state, self.states_received + 1
            self.changed.notify_all()

    def _on_count(self, count: dict[str, Any]) -> None:
        with self.changed:
            self.answered = count["answered"]
            self.changed.notify_all()

    @property
    def ready(self) -> bool:
        # The server sends the snapshot from its connect handler, so it can arrive just before the
        # namespace is acknowledged; only then may this client send.
        return self.client.connected and "/" in self.client.namespaces

    def wait_for(self, condition: Any, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not (condition(self) and self.ready):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out; last state: {self.state}")
                self.changed.wait(min(remaining, 0.05))

    def call(self, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        ack: dict[str, Any] = self.client.call(event, payload or {}, timeout=10)
        return ack

    def answer(self, choice: str, answer_id: str | None = None) -> dict[str, Any]:
        assert self.state and self.state["current"]
        return self.call("submit_answer", {"item_id": self.state["current"]["item_id"], "choice": choice,
                                           "answer_id": answer_id or uuid.uuid4().hex})

    def close(self) -> None:
        self.client.disconnect()
