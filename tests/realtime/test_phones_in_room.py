"""The M of "N of M answered" is the phones that joined and have not left, not the open sockets:
a phone whose screen locks (its connection drops) is still in the room, one that leaves is not, and
N never exceeds M, on the console, the projector and in the counts of the tick."""

from __future__ import annotations

import time
from typing import Any

import pytest

from cardapp.extensions import socketio
from tests.support.workshops import Room, disconnect_all, open_room


@pytest.fixture
def room(app):
    opened = open_room(app)
    yield opened
    disconnect_all(opened)


def newest_count(room: Room, client, wanted) -> dict[str, Any]:
    """The newest `answer_count` for which `wanted(count)` holds, waiting for the server's tick."""
    deadline = time.monotonic() + 4
    while True:
        counts = room.events(client, "answer_count")
        if counts and wanted(counts[-1]):
            return counts[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no such answer_count; last: {counts[-1] if counts else None}")
        time.sleep(0.05)


def never_more_answered_than_in_room(room: Room) -> None:
    for screen in (room.console, room.projector):
        for count in room.events(screen, "answer_count"):
            assert count["answered"] <= count["connected"], count
        for state in room.states(screen):
            if state["current"]:
                assert state["current"]["answered"] <= state["connected"], state


def test_phones_that_lock_their_screens_still_count_and_answered_never_exceeds_in_room(room: Room):
    for _ in range(6):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    item_id = room.last_state(room.console)["current"]["item_id"]
    for phone in room.phones:
        assert room.answer(phone, item_id, "agree")["ok"]
    # Four phones lock their screens: their sockets close, nobody has left.
    for phone in room.phones[2:]:
        phone.disconnect()
    assert newest_count(room, room.console, lambda c: c["answered"] == 6)["connected"] == 6
    # A facilitator's command sends full states: they say 6 of 6 too, never "6 of 2".
    assert room.command(room.console, "show_item", {"position": 0}) == {"ok": True}
    for screen in (room.console, room.projector):
        state = room.last_state(screen)
        assert (state["current"]["answered"], state["connected"]) == (6, 6)
    never_more_answered_than_in_room(room)


def in_room_now(room: Room) -> tuple[int, int]:
    """(N, M) in the full state a facilitator's command sends at once (no waiting for the tick)."""
    assert room.command(room.console, "show_item", {"position": 0}) == {"ok": True}
    state = room.last_state(room.console)
    projector = room.last_state(room.projector)
    assert (projector["current"]["answered"], projector["connected"]) == (state["current"]["answered"],
                                                                          state["connected"])
    return state["current"]["answered"], state["connected"]


def test_a_phone_that_leaves_no_longer_counts_and_counts_again_when_it_comes_back(room: Room):
    for _ in range(3):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    item_id = room.last_state(room.console)["current"]["item_id"]
    stays, leaves, answered_then_leaves = room.phones
    assert room.answer(stays, item_id, "agree")["ok"]
    assert in_room_now(room) == (1, 3)

    assert room.command(leaves, "leave_workshop") == {"ok": True}
    leaves.disconnect()
    assert in_room_now(room) == (1, 2)

    # Opening the page again: back in the room, counted once.
    again = socketio.test_client(room.app, flask_test_client=room.phone_browsers[1],
                                 auth={"screen": "phone", "workshop_id": room.workshop_id})
    room.phones.append(again)
    assert in_room_now(room) == (1, 3)

    # A phone that answered and then left was in the room for this question: M never drops below N.
    assert room.answer(answered_then_leaves, item_id, "disagree")["ok"]
    for phone in (answered_then_leaves, again):
        assert room.command(phone, "leave_workshop") == {"ok": True}
        phone.disconnect()
    assert in_room_now(room) == (2, 2)
    never_more_answered_than_in_room(room)

    # Only a phone may leave.
    ack = room.command(room.console, "leave_workshop")
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
