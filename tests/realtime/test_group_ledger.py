"""The differencing ledger across the workshops of one group, through the real Socket.IO handlers:
a scenario shown to 6 people of the stage crew is not shown to 7 of them in their next workshop."""

from __future__ import annotations

from typing import Any

import pytest

from cardapp import extensions
from cardapp.services import accounts, groups
from tests.support.accounts import SYSTEM
from tests.support.workshops import Room, disconnect_all, open_room

SCENARIO = "audition-family-plans"
STANCES = ["ok", "not_ok", "depends", "unsure"]


@pytest.fixture
def rooms(app):
    opened: list[Room] = []

    def room_for(email: str, group: str) -> Room:
        room = open_room(app, [SCENARIO], email=email, deck_slug="ok-or-not-ok")
        actor = next(u for u in accounts.list_users(extensions.database.of(app), SYSTEM) if u.email == email).actor
        groups.set_workshop_group(extensions.database.of(app), actor, room.workshop_id, group)
        opened.append(room)
        return room

    yield room_for
    for room in opened:
        disconnect_all(room)


def revealed(room: Room, phones: int) -> dict[str, Any]:
    """Start with `phones` phones, each answers the scenario, reveal: what the projector shows."""
    for _ in range(phones):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    item_id = room.last_state(room.console)["current"]["item_id"]
    for index, phone in enumerate(room.phones):
        assert room.answer(phone, item_id, STANCES[index % 4])["ok"]
    assert room.command(room.console, "reveal_results") == {"ok": True}
    results: dict[str, Any] = room.last_state(room.projector)["current"]["results"]
    return results


def test_a_workshop_one_person_away_from_what_its_group_saw_is_withheld_and_another_groups_is_shown(rooms):
    march = revealed(rooms("mars@teater.no", "Stage crew"), 6)
    assert march["suppressed"] is False and march["total"] == 6
    board = revealed(rooms("styret@teater.no", "Board"), 7)  # another group: nothing to subtract from
    assert board["suppressed"] is False and board["total"] == 7 and sum(board["counts"].values()) == 7
    june_room = rooms("juni@teater.no", "  stage   CREW ")  # the stage crew again, however it is typed
    june = revealed(june_room, 7)
    assert june["suppressed"] is True and june["withheld"] == "differs_from_earlier" and "counts" not in june
    console = june_room.last_state(june_room.console)["current"]["results"]
    assert console["withheld"] == "differs_from_earlier" and "counts" not in console
    assert june_room.command(june_room.console, "hide_results") == {"ok": True}
    assert june_room.command(june_room.console, "reveal_results") == {"ok": True}
    again = june_room.last_state(june_room.projector)["current"]["results"]
    assert again["withheld"] == "differs_from_earlier" and "counts" not in again


def test_the_whole_organisation_is_weighed_against_every_group(rooms):
    crew = revealed(rooms("mars@teater.no", "Stage crew"), 6)
    assert crew["suppressed"] is False
    # No label is the whole organisation, which holds the stage crew: one more person is withheld.
    everyone = revealed(rooms("alle@teater.no", ""), 7)
    assert everyone["withheld"] == "differs_from_earlier" and "counts" not in everyone


def test_a_group_is_weighed_against_the_whole_organisation(rooms):
    everyone = revealed(rooms("alle@teater.no", ""), 6)
    assert everyone["suppressed"] is False
    # Labelling the next workshop does not escape what the whole organisation was shown.
    board = revealed(rooms("styret@teater.no", "Board"), 7)
    assert board["withheld"] == "differs_from_earlier" and "counts" not in board
