"""The command registry: any module adds its events, and each goes through the one pipeline."""

from __future__ import annotations

from typing import Any

import pytest

from cardapp.realtime.commands import ANSWERS, PHONE, Command
from cardapp.realtime.handlers import COMMANDS  # importing the handlers fills the registry
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import FetchMyPowerWalk
from tests.support.workshops import disconnect_all, open_room


def test_an_event_registered_twice_is_refused_at_import():
    with pytest.raises(ValueError, match="submit_answer"):
        COMMANDS.add(Command("submit_answer", FetchMyPowerWalk, frozenset({PHONE}), lambda caller, payload: None))


def test_a_command_added_after_the_app_was_built_gets_the_same_checks(app, monkeypatch):
    seen: list[tuple[str, int]] = []

    def look_at_item(caller: Caller, payload: FetchMyPowerWalk) -> dict[str, Any]:
        seen.append((caller.screen, payload.item_id))
        return {"item_id": payload.item_id}

    room = open_room(app)
    phone = room.join_phone(language="nb")
    # As an exercise's module would, once the app exists: register() never hears of it.
    monkeypatch.setitem(COMMANDS._commands, "look_at_item",
                        Command("look_at_item", FetchMyPowerWalk, frozenset({PHONE}), look_at_item, ANSWERS))
    assert room.command(phone, "look_at_item", {"item_id": 3}) == {"ok": True, "item_id": 3}
    assert room.command(room.console, "look_at_item", {"item_id": 3})["error"]["code"] == "forbidden"
    assert room.command(phone, "look_at_item", {"item_id": 0})["error"]["fields"] == {"item_id": "Må være 1 eller mer."}
    assert seen == [("phone", 3)]
    disconnect_all(room)
