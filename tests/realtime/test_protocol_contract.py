"""docs/protocol.md's promises, checked with real Socket.IO clients against a real `cardapp serve`.

The tests read the document itself: the events of its command tables and who sends each, its
"Error codes" and its "Limits". Every documented event is driven with bad input from the screen
that may send it and from one that may not, and every acknowledgement must have the documented
shape, a documented code, and (for `invalid_payload`) non-empty `fields` in the caller's language.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import socketio

from cardapp.config import PROJECT_ROOT
from cardapp.realtime.handlers import COMMANDS
from tests.conftest import failed_in
from tests.support.live_server import LiveServer
from tests.support.remote import Screen, create_workshop, signed_in_facilitator

pytestmark = pytest.mark.e2e

PROTOCOL = (PROJECT_ROOT / "docs" / "protocol.md").read_text("utf-8")
CARDS = ["norms-statement-professional", "stereotypes-first-impressions"]


def section(title: str) -> str:
    """The text under `## title`, up to the next heading of the same level."""
    start = PROTOCOL.index(f"\n## {title}\n")
    following = PROTOCOL.find("\n## ", start + 1)
    return PROTOCOL[start:following if following != -1 else None]


def tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every Markdown table in `text`: its header cells and its rows' cells."""
    found: list[tuple[list[str], list[list[str]]]] = []
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if line.startswith("|") and index + 1 < len(lines) and lines[index + 1].startswith("|---"):
            rows, after = [], index + 2
            while after < len(lines) and lines[after].startswith("|"):
                rows.append(_cells(lines[after]))
                after += 1
            found.append((_cells(line), rows))
    return found


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def ticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def documented_commands() -> dict[str, str]:
    """Event -> the screens the document says send it ("console, moderator"), from every command table."""
    senders: dict[str, str] = {}
    for title in re.findall(r"\n## (.+)\n", PROTOCOL):
        for header, rows in tables(section(title)):
            if header[0] != "event" or header[1] not in ("payload", "from"):
                continue  # the server's own events, and the limits
            for row in rows:
                # Tables with a "from" column say it per row; the others are named after their sender.
                in_title = "console" if "console" in title else "phone"
                senders[ticked(row[0])[0]] = row[1] if header[1] == "from" else in_title
    return senders


DOCUMENTED = documented_commands()
ERROR_CODES = {ticked(row[0])[0] for _header, rows in tables(section("Error codes")) for row in rows}


@dataclass(frozen=True)
class Limit:
    event: str
    field: str
    lowest: int
    highest: int
    characters: bool


def documented_limits() -> tuple[list[Limit], list[tuple[str, str, str]]]:
    """The "Limits" table as ranges, and the rows that are not a range (checked on their own)."""
    ranges, others = [], []
    header, rows = tables(section("Limits"))[0]
    assert header == ["event", "field", "allowed"]
    for row in rows:
        found = re.match(r"(-?[\d,]+) to (-?[\d,]+)( characters)?", row[2])
        for event in ticked(row[0]):
            if found is None:
                others.append((event, ticked(row[1])[0], row[2]))
                continue
            ranges.append(Limit(event, ticked(row[1])[0], int(found[1].replace(",", "")),
                                int(found[2].replace(",", "")), bool(found[3])))
    return ranges, others


@dataclass
class Room:
    server: LiveServer
    workshop: dict[str, Any]
    console: Screen
    projector: Screen
    screens: list[Screen] = field(default_factory=list)

    def phone(self, language: str = "en") -> Screen:
        """A phone that joined by room code with its browser in `language`, connected and ready."""
        browser = requests.Session()
        browser.headers["Accept-Language"] = language
        token = browser.get(f"{self.server.url}/api/session", timeout=10).json()["csrf_token"]
        joined = browser.post(f"{self.server.url}/join", data={"code": self.workshop["code"], "csrf_token": token},
                              allow_redirects=False, timeout=10)
        assert joined.status_code == 303, joined.text
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
        phone = Screen(self.server, {"screen": "phone", "workshop_id": self.workshop["id"]}, cookie)
        phone.cookie = cookie
        phone.wait_for(lambda s: s.state is not None)
        self.screens.append(phone)
        return phone


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server for the module; each test opens a workshop of its own on it."""
    started = LiveServer(tmp_path_factory.mktemp("contract"), {})
    started.start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def facilitator(server: LiveServer) -> requests.Session:
    return signed_in_facilitator(server)


@pytest.fixture
def room(server: LiveServer, facilitator: requests.Session, request: pytest.FixtureRequest) -> Iterator[Room]:
    workshop = create_workshop(server, facilitator, CARDS)
    cookie = "; ".join(f"{name}={value}" for name, value in facilitator.cookies.items())
    console = Screen(server, {"screen": "console", "workshop_id": workshop["id"]}, cookie)
    projector = Screen(server, {"screen": "projector", "workshop_id": workshop["id"], "secret": workshop["secret"]})
    opened = Room(server, workshop, console, projector, [console, projector])
    console.wait_for(lambda s: s.state is not None)
    projector.wait_for(lambda s: s.state is not None)
    yield opened
    for screen in opened.screens:
        if screen.client.connected:
            screen.close()
    if failed_in(request):
        print(f"\n----- log of cardapp serve on port {server.port} -----\n{server.log_text()}")


def call(screen: Screen, event: str, *args: Any) -> dict[str, Any]:
    """Send `event` with exactly `args` (none, one, or several) and return its acknowledgement."""
    data: Any = None if not args else args[0] if len(args) == 1 else tuple(args)
    ack: dict[str, Any] = screen.client.call(event, data, timeout=10)  # a TimeoutError if no ack comes
    return assert_documented_shape(ack)


def assert_documented_shape(ack: Any) -> dict[str, Any]:
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
    if ack["ok"]:
        return ack
    error = ack["error"]
    assert set(ack) == {"ok", "error"}, ack
    assert error["code"] in ERROR_CODES, f"{error['code']} is not in docs/protocol.md's Error codes"
    assert isinstance(error["message"], str) and error["message"], ack
    if error["code"] == "invalid_payload":
        assert set(error) == {"code", "message", "fields"}, ack
        assert error["fields"] and all(isinstance(v, str) and v for v in error["fields"].values()), ack
    else:
        assert set(error) == {"code", "message"}, ack
    return ack


def code(ack: dict[str, Any]) -> str | None:
    return ack.get("error", {}).get("code")


def named_fields(ack: dict[str, Any]) -> dict[str, str]:
    fields: dict[str, str] = ack.get("error", {}).get("fields", {})
    return fields


def test_the_documented_commands_are_exactly_the_handled_events_with_the_same_senders():
    handled = {command.event: command.screens for command in COMMANDS}
    assert len(DOCUMENTED) >= 24
    assert sorted(set(DOCUMENTED) - set(handled)) == [], "documented but not handled"
    assert sorted(set(handled) - set(DOCUMENTED)) == [], "handled but not documented"
    assert {event: set(senders.split(", ")) for event, senders in DOCUMENTED.items()} == handled


def test_every_documented_event_acks_bad_input_with_a_documented_code_and_named_fields(room: Room):
    for event, sender in sorted(DOCUMENTED.items()):
        # A fresh phone for each phone event and bad input: rate limits (one pause a 30 s) come first.
        def sending() -> Screen:
            return room.console if "console" in sender else room.phone()  # noqa: B023

        two = call(sending(), event, {}, "extra")
        assert code(two) == "invalid_payload", (event, two)
        assert named_fields(two) == {"payload": "Send one JSON object, not 2 arguments."}, event
        listed = call(sending(), event, ["not", "an", "object"])
        assert named_fields(listed) == {"payload": "Send one JSON object, or nothing."}, event
        unexpected = call(sending(), event, {"unexpected": 1})
        assert named_fields(unexpected).get("unexpected") == "Not a field of this event.", event
        assert code(call(room.projector, event, {})) == "forbidden", event
        other = room.phone() if "console" in sender else room.console
        assert code(call(other, event, {})) == "forbidden", event
    assert all(screen.client.connected for screen in room.screens)


def test_unknown_events_are_acked_as_unknown_in_the_callers_language(room: Room):
    english, bokmal = room.phone("en"), room.phone("nb")
    for screen in (room.console, room.projector, english):
        assert code(call(screen, "no_such_event", {})) == "unknown_event"
        assert code(call(screen, "no_such_event")) == "unknown_event"
    assert call(english, "shout", {})["error"]["message"].startswith("The server does not know this event.")
    assert call(bokmal, "shout", {})["error"]["message"].startswith("Serveren kjenner ikke denne hendelsen.")


def test_invalid_payload_names_every_field_in_the_callers_language(room: Room):
    english, bokmal = room.phone("en"), room.phone("nb")
    assert named_fields(call(english, "submit_answer", {})) == {
        "item_id": "Required.", "choice": "Required.", "answer_id": "Required."}
    assert named_fields(call(bokmal, "submit_answer", {"item_id": "seven", "choice": "ok", "answer_id": "a b"})) == {
        "item_id": "Må være et heltall.", "answer_id": "Minst 8 tegn."}
    assert named_fields(call(bokmal, "submit_power_answer", {"item_id": 1, "statement": 0, "choice": "maybe"})) == {
        "choice": "Må være en av 'yes', 'no', 'pass'."}
    # A value the workshop does not offer is refused by the use case, and still names its field.
    assert call(room.console, "start_workshop") == {"ok": True}
    bokmal.wait_for(lambda s: s.state["current"] is not None)
    wrong = call(bokmal, "submit_answer", {"item_id": bokmal.state["current"]["item_id"], "choice": "sideways",
                                           "answer_id": uuid.uuid4().hex})
    assert list(named_fields(wrong)) == ["choice"] and named_fields(wrong)["choice"] == wrong["error"]["message"]
    assert wrong["error"]["message"] == "Det er ikke et av valgene for dette kortet."


def test_every_documented_limit_is_the_limit_the_server_applies(room: Room):
    ranges, others = documented_limits()
    assert len(ranges) >= 15 and [(event, name) for event, name, _ in others] == [("choose_language", "language")]

    def named(limit: Limit, value: Any) -> bool:
        screen = room.console if "console" in DOCUMENTED[limit.event] else room.phone()
        return limit.field in named_fields(call(screen, limit.event, {limit.field: value}))

    for limit in ranges:
        def sized(length: int, limit: Limit = limit) -> Any:
            return "a" * length if limit.characters else length

        assert not named(limit, sized(limit.highest)), f"{limit} refuses its highest value"
        assert named(limit, sized(limit.highest + 1)), f"{limit} accepts more than documented"
        assert not named(limit, sized(limit.lowest)), f"{limit} refuses its lowest value"
        if not (limit.characters and limit.lowest == 0):
            assert named(limit, sized(limit.lowest - 1)), f"{limit} accepts less than documented"
    assert named(Limit("submit_answer", "answer_id", 8, 64, True), "has spaces in it")
    assert named(Limit("choose_language", "language", 2, 3, False), "e")
    assert named(Limit("choose_language", "language", 2, 3, False), "nbno")
    assert not named(Limit("choose_language", "language", 2, 3, False), "en")


def test_an_ended_workshop_is_workshop_ended_for_every_command_and_connection(room: Room):
    phone = room.phone()
    assert call(room.console, "start_workshop") == {"ok": True}
    phone.wait_for(lambda s: s.state["current"] is not None)
    item_id = phone.state["current"]["item_id"]
    assert phone.answer("agree")["ok"]
    assert call(room.console, "end_workshop") == {"ok": True}
    phone.wait_for(lambda s: s.state["workshop"]["status"] == "ended")
    after = {
        "submit_answer": call(phone, "submit_answer", {"item_id": item_id, "choice": "agree",
                                                       "answer_id": uuid.uuid4().hex}),
        "withdraw_answer": call(phone, "withdraw_answer", {"item_id": item_id}),
        "submit_reflection": call(phone, "submit_reflection", {"item_id": item_id, "text": "Late",
                                                               "reflection_id": uuid.uuid4().hex}),
        "signal_pause": call(phone, "signal_pause"),
        "show_item": call(room.console, "show_item", {"position": 1}),
        "add_scenario": call(room.console, "add_scenario", {"text": "After the end"}),
    }
    assert {event: code(ack) for event, ack in after.items()} == dict.fromkeys(after, "workshop_ended")
    refused: list[Any] = []
    late = socketio.Client(reconnection=False)
    late.on("connect_error", refused.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        late.connect(room.server.url, auth={"screen": "phone", "workshop_id": room.workshop["id"]},
                     headers={"Cookie": phone.cookie}, transports=["websocket"], wait_timeout=10)
    assert refused and refused[0]["data"]["code"] == "workshop_ended", refused


def test_a_phones_own_answer_is_in_its_own_snapshot_and_never_in_a_broadcast(room: Room):
    phone = room.phone()
    assert call(room.console, "start_workshop") == {"ok": True}
    phone.wait_for(lambda s: s.state["current"] is not None)
    assert "my_answer" not in phone.state["current"]  # the start reached every phone: a broadcast
    broadcasts: list[dict[str, Any]] = []
    arrived = threading.Event()

    def on_state(state: dict[str, Any]) -> None:
        broadcasts.append(state)
        arrived.set()

    assert phone.answer("disagree")["choice"] == "disagree"
    phone.client.on("workshop_state", on_state)
    assert call(room.console, "close_answers") == {"ok": True}
    assert arrived.wait(10), "the broadcast after close_answers never arrived"
    current = broadcasts[-1]["current"]
    assert current["answers_open"] is False
    assert "my_answer" not in current and "my_reflection_sent" not in current
    again = Screen(room.server, {"screen": "phone", "workshop_id": room.workshop["id"]},
                   phone.cookie)
    room.screens.append(again)
    again.wait_for(lambda s: s.state is not None)
    assert again.state["current"]["my_answer"] == "disagree"


def test_a_second_round_that_cannot_be_asked_is_refused_with_round_not_possible(room: Room):
    assert call(room.console, "start_workshop") == {"ok": True}
    refused = call(room.console, "start_second_round")
    assert code(refused) == "round_not_possible"
    assert refused["error"]["message"] == "Close the answers of the first round before you ask again."
