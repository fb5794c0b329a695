"""Answers skip the Flask request context Flask-SocketIO builds for every event (issue 15), nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from cardapp.i18n import translate
from cardapp.realtime.commands import CONSOLE, PHONE
from cardapp.realtime.handlers import COMMANDS
from cardapp.realtime.protocol import Empty
from tests.support.workshops import disconnect_all, open_room


def test_answers_and_withdrawals_are_acked_without_a_request_and_other_commands_still_get_one(app, monkeypatch):
    room = open_room(app)
    phone = room.join_phone(language="nb")
    room.command(room.console, "start_workshop")
    item_id = room.last_state(phone)["current"]["item_id"]
    built: list[Any] = []
    make_request = app.request_context
    monkeypatch.setattr(app, "request_context", lambda environ: built.append(environ) or make_request(environ))

    assert room.answer(phone, item_id, "agree", answer_id="first-send") == {"ok": True, "answer_id": "first-send",
                                                                        "choice": "agree"}
    assert room.command(phone, "withdraw_answer", {"item_id": item_id}) == {"ok": True}
    refused = room.answer(phone, item_id, "sideways", answer_id="third-send")
    assert refused["error"]["code"] == "invalid_payload"
    assert refused["error"]["message"] == translate("socket.invalid_choice", "nb") != translate("socket.invalid_choice",
                                                                                                "en")
    assert built == []

    assert room.command(phone, "choose_language", {"language": "en"})["ok"]
    assert len(built) == 1, "the probe sees the request context the other commands still get"
    disconnect_all(room)


def test_a_staff_screens_command_cannot_skip_the_request_its_sign_in_is_checked_from():
    with pytest.raises(ValueError, match="request context"):
        COMMANDS.command("end_workshop_quickly", Empty, {CONSOLE}, app_context_only=True)
    assert COMMANDS.find("end_workshop_quickly") is None
    assert {command.event for command in COMMANDS if command.app_context_only} >= {"submit_answer"}
    assert all(command.screens == {PHONE} for command in COMMANDS if command.app_context_only)
