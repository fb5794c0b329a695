"""A co-facilitator with real Socket.IO clients: two full consoles and a moderator view of the same workshop
stay in step, the moderator view moderates but is refused agenda control, a member of another
organisation is refused, and every command is in the audit log with the role that gave it.

One app and one workshop for the module (signing people in is the slow part): the tests run in order on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient
from sqlalchemy import select

from cardapp import create_app, extensions
from cardapp.domain.accounts import Role
from cardapp.extensions import socketio
from cardapp.realtime.hub import hub
from cardapp.store.audit import AuditEntry
from tests.support.accounts import PASSWORD, make_user, sign_in
from tests.support.workshops import Room, disconnect_all, open_room

SECOND = "medleder@teater.no"
MODERATOR_KEYS = {"screen", "language", "workshop", "current", "closing", "connected", "moderation", "pauses_recent"}


def staff_screen(app: Flask, room: Room, email: str, organisation: str, screen: str,
                 language: str = "en") -> SocketIOTestClient:
    """A person signed in on their own device, opening the console or the moderator view."""
    make_user(app, email, Role.FACILITATOR, organisation)
    device = app.test_client()
    assert sign_in(device, email, PASSWORD).status_code == 303
    return socketio.test_client(app, flask_test_client=device, headers={"Accept-Language": language},
                                auth={"screen": screen, "workshop_id": room.workshop_id})


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder: Path = tmp_path_factory.mktemp("cofacilitator")
    application = create_app({"instance_path": folder / "instance",
                              "database_url": f"sqlite:///{folder / 'db.sqlite3'}", "secret_key": "test-secret-key",
                              "async_mode": "threading", "testing": True})
    yield application
    hub.of(application).stop()
    extensions.database.of(application).dispose()


@pytest.fixture(scope="module")
def team(app: Flask):
    room = open_room(app)
    console2 = staff_screen(app, room, SECOND, "Teater Nord", "console")
    moderator = staff_screen(app, room, "moderator@teater.no", "Teater Nord", "moderator", language="nb")
    assert console2.is_connected() and moderator.is_connected()
    yield room, console2, moderator
    for client in (console2, moderator):
        if client.is_connected():
            client.disconnect()
    disconnect_all(room)


def pending_questions(state: dict[str, Any]) -> list[dict[str, str]]:
    return state["moderation"]["questions"]["pending"]


def test_two_consoles_and_a_moderator_view_stay_in_step(team):
    room, console2, moderator = team
    # Who is here, as numbers only, on every facilitator's screen.
    for screen in (room.console, console2, moderator):
        assert room.events(screen, "team_count")[-1] == {"facilitators": 2, "moderators": 1}
    assert room.events(room.projector, "team_count") == []
    first = room.last_state(moderator)
    assert set(first) == MODERATOR_KEYS and first["screen"] == "moderator"  # no agenda, notes or links

    phones = [room.join_phone() for _ in range(3)]
    assert room.command(console2, "start_workshop") == {"ok": True}  # the second console runs the agenda
    for screen in (room.console, console2, moderator):
        assert room.last_state(screen)["workshop"]["status"] == "open"
    assert "notes" not in room.last_state(moderator)["current"]

    for number, phone in enumerate(phones):
        assert room.command(phone, "ask_question", {"text": f"Is this even legal, number {number}?"}) == {"ok": True}
    assert room.command(moderator, "collect_questions") == {"ok": True}
    queue = pending_questions(room.last_state(room.console))
    assert len(queue) == 3 and pending_questions(room.last_state(moderator)) == queue
    assert room.command(moderator, "moderate_question", {"question_id": queue[0]["id"], "decision": "approve"})["ok"]
    for screen in (room.console, console2, moderator):
        moderation = room.last_state(screen)["moderation"]["questions"]
        assert moderation["approved"] == 1 and [q["id"] for q in moderation["pending"]] == [q["id"] for q in queue[1:]]
    # A decision on a console reaches the moderator view as well.
    assert room.command(room.console, "moderate_question", {"question_id": queue[1]["id"], "decision": "reject"})["ok"]
    assert [q["id"] for q in pending_questions(room.last_state(moderator))] == [queue[2]["id"]]

    assert room.command(room.console, "show_item", {"position": 1}) == {"ok": True}
    assert room.last_state(moderator)["current"]["position"] == 1 == room.last_state(console2)["current"]["position"]

    console2.disconnect()
    assert room.events(room.console, "team_count")[-1] == {"facilitators": 1, "moderators": 1}
    assert room.events(moderator, "team_count")[-1] == {"facilitators": 1, "moderators": 1}


def test_the_moderator_view_is_refused_agenda_commands_with_a_clear_error(team):
    room, _console2, moderator = team
    for event, payload in (("start_workshop", {}), ("show_item", {"position": 1}), ("end_workshop", {}),
                           ("add_question_box", {}), ("reveal_results", {})):
        refused = room.command(moderator, event, payload)
        assert refused["ok"] is False and refused["error"]["code"] == "moderator_view", event
        assert refused["error"]["message"].startswith("Moderatorvisningen modererer")  # in the moderator's language
    state = room.last_state(room.console)
    assert state["workshop"]["status"] == "open" and state["current"]["position"] == 1
    # A moderator view that claims to be a console in a command's payload is still a moderator view.
    assert room.command(moderator, "show_item", {"position": 1, "screen": "console"})["ok"] is False


def test_a_member_of_another_organisation_is_refused_both_views(app: Flask, team):
    room = team[0]
    make_user(app, "leder@kino.no", Role.FACILITATOR, "Kino Sør")
    device = app.test_client()
    assert sign_in(device, "leder@kino.no", PASSWORD).status_code == 303
    for screen in ("console", "moderator"):
        stranger = socketio.test_client(app, flask_test_client=device,
                                        auth={"screen": screen, "workshop_id": room.workshop_id})
        assert not stranger.is_connected()
    assert device.get(f"/workshops/{room.workshop_id}/moderate").status_code == 404
    assert device.get(f"/workshops/{room.workshop_id}/moderate/qr.svg").status_code == 404
    assert room.events(room.console, "team_count")[-1] == {"facilitators": 1, "moderators": 1}  # nobody came


def test_every_command_is_in_the_audit_log_with_its_role_and_nothing_of_participants(app: Flask, team):
    room, _console2, moderator = team
    phone = room.join_phone()
    assert room.command(phone, "ask_question", {"text": "Can my manager hug me at the premiere?"})["ok"]
    assert room.command(moderator, "collect_questions")["ok"]
    question = pending_questions(room.last_state(moderator))[-1]["id"]
    assert room.command(moderator, "moderate_question", {"question_id": question, "decision": "approve"})["ok"]
    with extensions.database.of(app).transaction() as session:
        rows = {tuple(row) for row in session.execute(
            select(AuditEntry.actor_email, AuditEntry.detail, AuditEntry.summary)
            .where(AuditEntry.action == "workshop.command"))}
    # The earlier tests' commands, each with the role and account that gave it; refused ones are not there.
    assert rows == {
        (SECOND, "facilitator", "Workshop · start_workshop"),
        ("moderator@teater.no", "moderator", "Workshop · collect_questions"),
        ("moderator@teater.no", "moderator", "Workshop · moderate_question"),
        ("fasilitator@teater.no", "facilitator", "Workshop · moderate_question"),
        ("fasilitator@teater.no", "facilitator", "Workshop · show_item"),
    }
    assert question not in repr(rows) and "hug" not in repr(rows)
    organiser = app.test_client()
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    assert sign_in(organiser, "kari@teater.no", PASSWORD).status_code == 303
    log = organiser.get("/organisation/audit").get_data(as_text=True)
    assert "Gave the live command Workshop · moderate_question as moderator" in log
