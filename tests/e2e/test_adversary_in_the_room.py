"""An attacker in the room: every frame each screen receives, recorded against a real server, must not
tie what one person sent to that person, by its moment, its order or a difference of two results.

Each test here failed on the code before the rules of docs/privacy.md ("Timing", "Differencing",
"The power-walk picture") and passes after them.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import socketio

from tests.support.live_server import LiveServer
from tests.support.remote import create_workshop, joined_phone_cookie, signed_in_facilitator

pytestmark = pytest.mark.e2e

STATEMENTS = ["norms-statement-professional", "stereotypes-statement-on-stage", "norms-statement-we-can-change"]
QUESTIONS = ["norms-unwritten-rules"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("adversary"), {})
    live.start()
    yield live
    live.stop()


class Recorder:
    """A real Socket.IO client that keeps every frame it receives, with the moment it came."""

    def __init__(self, server: LiveServer, auth: dict[str, Any], cookie: str = "") -> None:
        self.frames: list[tuple[float, str, Any]] = []
        self.arrived = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._record)
        headers = {"Cookie": cookie} if cookie else {}
        self.client.connect(server.url, auth=auth, headers=headers, transports=["websocket"], wait_timeout=10)
        self.wait(lambda: self.states())

    def _record(self, event: str, payload: Any) -> None:
        with self.arrived:
            self.frames.append((time.monotonic(), event, payload))
            self.arrived.notify_all()

    def states(self) -> list[dict[str, Any]]:
        return [payload for _t, event, payload in self.frames if event == "workshop_state"]

    def state(self) -> dict[str, Any]:
        return self.states()[-1]

    def since(self, moment: float, event: str | None = None) -> list[tuple[float, str, Any]]:
        return [frame for frame in self.frames if frame[0] >= moment and event in (None, frame[1])]

    def wait(self, condition: Any, timeout: float = 15) -> Any:
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not (found := condition()):
                if time.monotonic() > deadline:
                    raise AssertionError(f"timed out; last frames: {self.frames[-3:]}")
                self.arrived.wait(0.05)
        return found

    def call(self, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        ack: dict[str, Any] = self.client.call(event, payload or {}, timeout=10)
        return ack

    def close(self) -> None:
        self.client.disconnect()


class Room:
    def __init__(self, server: LiveServer, card_ids: list[str], phones: int) -> None:
        self.server = server
        self.browser = browser = signed_in_facilitator(server, f"leder-{uuid.uuid4().hex[:8]}@teater.no")
        self.workshop = create_workshop(server, browser, card_ids)
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
        self.console = Recorder(server, {"screen": "console", "workshop_id": self.workshop["id"]}, cookie)
        self.projector = Recorder(server, {"screen": "projector", "workshop_id": self.workshop["id"],
                                           "secret": self.workshop["secret"]})
        self.phones = [Recorder(server, {"screen": "phone", "workshop_id": self.workshop["id"]},
                                joined_phone_cookie(server, self.workshop["code"])) for _ in range(phones)]
        assert self.console.call("start_workshop") == {"ok": True}
        self.item_id = self.console.wait(lambda: (self.console.state()["current"] or {}).get("item_id"))

    def command(self, event: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        ack = self.console.call(event, payload)
        assert ack["ok"], ack
        return ack

    def show(self, kind: str, nth: int = 0) -> int:
        """Show the `nth` agenda item of `kind`; its item id once the console has it."""
        position = [entry["position"] for entry in self.console.state()["agenda"] if entry["kind"] == kind][nth]
        self.command("show_item", {"position": position})
        return self.console.wait(lambda: self.console.state()["current"]["position"] == position
                                 and self.console.state()["current"]["item_id"])

    def close(self) -> None:
        for screen in (self.console, self.projector, *self.phones):
            screen.close()


@pytest.fixture
def room(server: LiveServer) -> Iterator[Room]:
    opened = Room(server, QUESTIONS + STATEMENTS, phones=6)
    yield opened
    opened.close()


def everything_received(*screens: Recorder) -> str:
    return repr([frame for screen in screens for frame in screen.frames])


def test_one_reflection_never_reaches_the_console_when_it_is_sent(room: Room):
    room.item_id = room.show("question")
    room.command("open_reflections")
    sent = time.monotonic()
    text = "The first thing I wrote, alone."
    assert room.phones[0].call("submit_reflection", {"item_id": room.item_id, "text": text,
                                                     "reflection_id": "adversary-1"})["ok"]
    time.sleep(1.5)
    assert text not in repr(room.console.since(sent)), "a lone text reached the console as it was sent"
    # A batch of three goes together, by random ids, in an order that is not the order of sending.
    for number, phone in enumerate(room.phones[1:3], start=2):
        assert phone.call("submit_reflection", {"item_id": room.item_id, "text": f"Thought {number}",
                                                "reflection_id": f"adversary-{number}"})["ok"]
    pending = room.console.wait(lambda: len(room.console.state()["moderation"]["pending"]) == 3
                                and room.console.state()["moderation"]["pending"])
    ids = [entry["id"] for entry in pending]
    assert ids == sorted(ids) and not any(re.fullmatch(r"\d+", str(entry_id)) for entry_id in ids)
    assert {entry["text"] for entry in pending} == {text, "Thought 2", "Thought 3"}


def test_a_tap_on_pause_or_an_answer_moves_no_screen_at_that_moment(room: Room):
    room.console.wait(lambda: room.console.since(0, "answer_count"))  # the joins' count has gone out
    time.sleep(2.5)
    if time.time() % 60 > 55:  # tap well inside a minute: its count may show only once the minute ends
        time.sleep(60 - time.time() % 60 + 1)
    tapped = time.monotonic()
    assert room.phones[0].call("signal_pause") == {"ok": True}
    time.sleep(2)
    assert room.console.since(tapped, "pause_count") == [], "the pause count moved with one tap"
    # An answer's count arrives on a clock boundary of the cadence, not within a moment of the tap.
    room.item_id = room.show("statement")
    choices = room.console.state()["current"]["choices"]
    lags = []
    for phone in room.phones[:3]:
        time.sleep(0.7)
        tapped = time.monotonic()
        assert phone.call("submit_answer", {"item_id": room.item_id, "choice": choices[0],
                                            "answer_id": uuid.uuid4().hex})["ok"]
        came = room.console.wait(lambda moment=tapped: room.console.since(moment, "answer_count"), timeout=5)
        lags.append(came[0][0] - tapped)
    assert max(lags) - min(lags) > 0.3, f"every count followed its tap by the same delay: {lags}"
    # A change of mind and a withdrawal make no event of their own.
    room.projector.wait(lambda: [c for _t, _e, c in room.projector.since(0, "answer_count") if c["answered"] == 3])
    quiet = time.monotonic()
    assert room.phones[0].call("submit_answer", {"item_id": room.item_id, "choice": choices[1],
                                                 "answer_id": uuid.uuid4().hex})["ok"]
    assert room.phones[1].call("withdraw_answer", {"item_id": room.item_id})["ok"]
    time.sleep(4.5)
    assert room.console.since(quiet, "answer_count") == [] and room.projector.since(quiet, "answer_count") == []


def test_a_second_round_one_person_short_never_shows_a_distribution_to_subtract(room: Room):
    item_id = room.show("statement", 1)
    first, other = room.console.state()["current"]["choices"][:2]
    for phone in room.phones:
        assert phone.call("submit_answer", {"item_id": item_id, "choice": first,
                                            "answer_id": uuid.uuid4().hex})["ok"]
    room.command("reveal_results")
    room.projector.wait(lambda: (room.projector.state()["current"]["results"] or {}).get("counts"))
    room.command("start_second_round")
    for phone in room.phones[:5]:  # one person does not answer again: 6 against 5 would give them away
        assert phone.call("submit_answer", {"item_id": item_id, "choice": other, "round": 2,
                                            "answer_id": uuid.uuid4().hex})["ok"]
    room.command("reveal_results")
    shown = room.projector.wait(lambda: (room.projector.state()["current"]["results"] or {}).get("round") == 2
                                and room.projector.state()["current"]["results"])
    assert shown["withheld"] == "differs_from_earlier" and "counts" not in shown
    for screen in (room.console, room.projector, *room.phones):
        for state in screen.states():
            results = (state.get("current") or {}).get("results") or {}
            assert not (results.get("round") == 2 and results.get("counts")), "round 2's distribution went out"


def test_a_late_reflection_never_joins_the_projector_on_its_own(room: Room):
    room.item_id = room.show("statement")
    room.command("open_reflections")
    for number, phone in enumerate(room.phones[:5]):
        assert phone.call("submit_reflection", {"item_id": room.item_id, "text": f"Reflection {number}",
                                                "reflection_id": f"late-{number:04d}"})["ok"]
    room.command("close_answers")
    pending = room.console.wait(lambda: len(room.console.state()["moderation"]["pending"]) == 5
                                and room.console.state()["moderation"]["pending"])
    for entry in pending:
        room.command("moderate_reflection", {"reflection_id": entry["id"], "decision": "approve"})
    room.projector.wait(lambda: len(room.projector.state()["current"]["reflections"]["shown"]) == 5)
    # Asked again, the sixth person writes too: beside the five the room has read, theirs would stand out.
    room.command("start_second_round")
    room.command("open_reflections")
    assert room.phones[5].call("submit_reflection", {"item_id": room.item_id, "text": "The late one",
                                                     "reflection_id": "late-0005"})["ok"]
    room.command("close_answers")
    late = room.console.wait(lambda: room.console.state()["moderation"]["pending"])
    room.command("moderate_reflection", {"reflection_id": late[0]["id"], "decision": "approve"})
    time.sleep(1)
    assert "The late one" not in everything_received(room.projector, *room.phones)
    assert len(room.projector.state()["current"]["reflections"]["shown"]) == 5


def test_the_power_walk_picture_never_puts_one_person_alone_in_a_bar(server: LiveServer):
    browser = signed_in_facilitator(server, f"makt-{uuid.uuid4().hex[:8]}@teater.no")
    decks = browser.get(f"{server.url}/api/decks", timeout=10).json()["decks"]
    deck_id = next(deck["id"] for deck in decks if deck["slug"] == "do-you-have-power")
    token = browser.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    created = browser.post(f"{server.url}/workshops/new", allow_redirects=False, timeout=10, data={
        "deck": deck_id, "title": "Walk", "language": "en", "walk_mode": "roles", "dimension": ["network"],
        "csrf_token": token})
    workshop_id = int(re.search(r"/workshops/(\d+)/agenda", created.headers["Location"]).group(1))
    agenda = browser.get(f"{server.url}/workshops/{workshop_id}/agenda", timeout=10).text
    code = re.search(r'class="room-code">([A-Z0-9]{6})<', agenda).group(1)
    secret = re.search(rf"/p/{workshop_id}/([A-Za-z0-9_-]+)", agenda).group(1)
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    console = Recorder(server, {"screen": "console", "workshop_id": workshop_id}, cookie)
    projector = Recorder(server, {"screen": "projector", "workshop_id": workshop_id, "secret": secret})
    phones = [Recorder(server, {"screen": "phone", "workshop_id": workshop_id}, joined_phone_cookie(server, code))
              for _ in range(5)]
    try:
        assert console.call("start_workshop")["ok"]
        item_id = console.wait(lambda: (console.state()["current"] or {}).get("item_id"))
        count = console.state()["current"]["walk"]["count"]
        # Steps 0, 1, 2, 3 and all: in a histogram each would stand alone, the ends recognisable.
        steps = [0, 1, 2, 3, count]
        for statement in range(count):
            assert console.call("show_power_statement", {"step": statement})["ok"]
            for phone, taken in zip(phones, steps, strict=True):
                assert phone.call("submit_power_answer", {"item_id": item_id, "statement": statement,
                                                          "choice": "yes" if statement < taken else "no"})["ok"]
        assert console.call("finish_power_walk")["ok"] and console.call("reveal_power_walk")["ok"]
        picture = projector.wait(lambda: (projector.state()["current"]["walk"] or {}).get("picture"))
        assert picture["suppressed"] is False and picture["completed"] == 5
        for state in projector.states():
            shown = ((state.get("current") or {}).get("walk") or {}).get("picture") or {}
            assert "histogram" not in shown
            assert all(bar["people"] >= 3 for bar in shown.get("bars", [])), shown
    finally:
        for screen in (console, projector, *phones):
            screen.close()


def test_the_report_withholds_the_round_the_room_was_not_shown(room: Room):
    test_a_second_round_one_person_short_never_shows_a_distribution_to_subtract(room)
    room.command("end_workshop")
    report = room.browser.get(f"{room.server.url}/workshops/{room.workshop['id']}/report.json", timeout=10)
    assert report.status_code == 200, report.text
    statement = next(s for s in report.json()["statements"] if len(s["rounds"]) == 2)
    first, second = statement["rounds"]
    assert first.get("counts") and not second.get("counts") and statement["not_compared"] == "different_totals"
