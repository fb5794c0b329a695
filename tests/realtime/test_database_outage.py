"""When the database cannot be reached, commands are refused with a clear message, never lost silently."""

from __future__ import annotations

import pytest
from flask import Flask

from cardapp import extensions
from cardapp.store.database import Database
from tests.support.ports import free_port
from tests.support.workshops import disconnect_all, open_room


@pytest.mark.postgres  # an unreachable PostgreSQL server, through its driver
def test_an_answer_is_refused_with_a_clear_message_while_the_database_is_away_and_taken_after(app: Flask):
    room = open_room(app)
    phone = room.join_phone(language="nb")
    assert room.command(room.console, "start_workshop")["ok"]
    item_id = room.last_state(phone)["current"]["item_id"]
    reachable = extensions.database.of(app)
    extensions.database.bind(app, Database(f"postgresql+psycopg2://nobody@127.0.0.1:{free_port()}/gone"))
    try:
        refused = room.answer(phone, item_id, "agree", answer_id="a" * 32)
    finally:
        extensions.database.of(app).dispose()
        extensions.database.bind(app, reachable)
    assert refused == {"ok": False, "error": {
        "code": "database_unavailable",
        "message": "Serveren får ikke kontakt med databasen akkurat nå, så ingenting ble lagret. Prøv igjen om litt."}}
    # The phone sends the same answer again once the database is back: stored once.
    assert room.answer(phone, item_id, "agree", answer_id="a" * 32)["ok"]
    assert room.answer(phone, item_id, "agree", answer_id="a" * 32)["ok"]
    room.forget(room.console)
    assert room.command(room.console, "close_answers")["ok"]
    assert room.last_state(room.console)["current"]["answered"] == 1
    disconnect_all(room)
