"""The run-sheet and the discussion timer over Socket.IO, in a workshop made from the shipped two-hour
template: both facilitator screens follow the timer, a phone never receives it, and at zero it acts
on nothing. And over HTTP: the template pages' refusals, and the draft's agenda page, where planned
minutes are typed for the run-sheet and a question box is added once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from cardapp import extensions
from cardapp.app import create_app
from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Actor, Role
from cardapp.extensions import socketio
from cardapp.realtime.hub import hub
from cardapp.services import accounts, workshop_templates
from cardapp.store.run_sheets import RunSheet
from tests.support.accounts import PASSWORD, SYSTEM, make_user, post_form, sign_in
from tests.support.workshops import Room, disconnect_all


def keys_anywhere(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for inner in value.values() for key in keys_anywhere(inner)}
    if isinstance(value, list):
        return {key for inner in value for key in keys_anywhere(inner)}
    return set()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One in-process app for the module: its tests share the organiser, each with a workshop of its own."""
    folder = tmp_path_factory.mktemp("run_sheet")
    application = create_app({"instance_path": folder / "instance", "secret_key": "test-secret-key",
                              "database_url": f"sqlite:///{folder / 'cardapp.sqlite3'}",
                              "async_mode": "threading", "testing": True})
    make_user(application, "organiser@teater.no", Role.ORGANISER, "Teater Nord")
    yield application
    hub.of(application).stop()
    extensions.database.of(application).dispose()


def organiser(app: Flask) -> Actor:
    return next(u for u in accounts.list_users(extensions.database.of(app), SYSTEM)
                if u.email == "organiser@teater.no").actor


@pytest.fixture
def room(app: Flask) -> Iterator[Room]:
    created = workshop_templates.create_from_template(extensions.database.of(app), organiser(app),
                                                      PROJECT_ROOT / "decks", "shipped:two-hour-label-session", "",
                                                      "en", 5, dt.date(2026, 12, 4))
    facilitator = app.test_client()
    assert sign_in(facilitator, "organiser@teater.no", PASSWORD).status_code == 303
    console = socketio.test_client(app, flask_test_client=facilitator,
                                   auth={"screen": "console", "workshop_id": created.id})
    projector = socketio.test_client(app, auth={"screen": "projector", "workshop_id": created.id,
                                                "secret": created.projector_secret})
    opened = Room(app, created.id, created.room_code or "", created.projector_secret, console, projector)
    opened.facilitator = facilitator  # type: ignore[attr-defined]
    yield opened
    disconnect_all(opened)


def timer(room: Room, payload: dict[str, Any]) -> dict[str, Any]:
    ack = room.command(room.console, "control_timer", payload)
    return ack


def test_the_timer_reaches_both_facilitator_screens_never_a_phone_and_at_zero_changes_nothing(app, room: Room):
    sheet = room.last_state(room.console)["run_sheet"]
    assert [entry["planned_minutes"] for entry in sheet["items"]] == [10, 6, 6, 6, 7, 8, 8, 9, 20, 25, 15]
    assert sheet["planned_minutes"] == 120 and "I need a pause" in sheet["opening_script"]
    phone = room.join_phone()
    assert room.command(room.console, "start_workshop")["ok"]
    assert room.command(room.console, "show_item", {"position": 1})["ok"]  # a scenario: answers are open

    refused = timer(room, {"action": "start"})
    assert refused["ok"] is False and "Set the timer's minutes first" in refused["error"]["message"]
    refused = timer(room, {"action": "set", "minutes": 0})
    assert refused["ok"] is False and "minutes" in refused["error"]["fields"]
    assert timer(room, {"action": "set", "minutes": 10})["ok"]
    assert timer(room, {"action": "start"})["ok"]
    console_timer = room.last_state(room.console)["run_sheet"]["timer"]
    assert console_timer["running"] and 595 <= console_timer["remaining_seconds"] <= 600
    assert room.last_state(room.projector)["timer"] is None  # not until the facilitator shows it
    assert timer(room, {"action": "show"})["ok"]
    shown = room.last_state(room.projector)["timer"]
    assert set(shown) == {"remaining_seconds", "running"} and shown["running"]
    assert timer(room, {"action": "pause"})["ok"]
    assert room.last_state(room.projector)["timer"]["running"] is False
    assert room.last_state(room.console)["run_sheet"]["timer"]["running"] is False
    assert timer(room, {"action": "reset"})["ok"]
    assert room.last_state(room.projector)["timer"] == {"remaining_seconds": 600, "running": False}

    # At zero the timer only says so: answers stay open and the shown item stays where it was.
    assert timer(room, {"action": "start"})["ok"]
    before = room.last_state(room.console)
    with extensions.database.of(app).transaction() as session:
        row = session.get(RunSheet, room.workshop_id)
        assert row is not None and row.timer_running_since is not None
        row.timer_running_since -= dt.timedelta(minutes=11)
    room.command(room.console, "show_item", {"position": 1})  # the same item: only a fresh state
    assert room.last_state(room.projector)["timer"] == {"remaining_seconds": 0, "running": False}
    after = room.last_state(room.console)
    assert after["current"]["answers_open"] is True
    assert after["run_sheet"]["timer"]["remaining_seconds"] == 0
    assert (after["current"]["position"], after["current"]["answers_open"], after["agenda"]) == (
        before["current"]["position"], before["current"]["answers_open"], before["agenda"])

    phone_states = room.states(phone)
    assert len(phone_states) >= 6  # every timer command reached the phones as a state, without the timer
    for state in phone_states:
        assert not keys_anywhere(state) & {"timer", "run_sheet", "remaining_seconds", "elapsed_minutes"}

    # A phone cannot send it either.
    assert room.command(phone, "control_timer", {"action": "start"})["error"]["code"] == "forbidden"


def test_the_template_pages_refuse_with_a_clear_message(app, room: Room):
    facilitator = room.facilitator  # type: ignore[attr-defined]
    own_id = workshop_templates.save_as_template(extensions.database.of(app), organiser(app), room.workshop_id,
                                                 "Ours", "", "", {}, dt.date(2026, 12, 4))
    page = post_form(facilitator, f"/workshops/{room.workshop_id}/save-template",
                     {"title": "Ours", "minutes-0": "500"})
    assert page.status_code == 422 and "from 1 to 120" in page.get_data(as_text=True)

    make_user(app, "outsider@festival.no", Role.ORGANISER, "Festival Sør")
    outsider = app.test_client()
    assert sign_in(outsider, "outsider@festival.no", PASSWORD).status_code == 303
    page = post_form(outsider, "/workshops/templates/use", {"template": f"own:{own_id}", "language": "en"})
    assert page.status_code == 404 and "no such template" in page.get_data(as_text=True)
    page = post_form(outsider, f"/workshops/templates/{own_id}/delete", {})
    assert page.status_code == 404
    assert "Ours" not in outsider.get("/workshops/templates/").get_data(as_text=True)

    make_user(app, "helper@teater.no", Role.FACILITATOR, "Teater Nord")
    helper = app.test_client()
    assert sign_in(helper, "helper@teater.no", PASSWORD).status_code == 303
    page = post_form(helper, f"/workshops/templates/{own_id}/delete", {})
    assert page.status_code == 403 and "organisers can save, rename or delete" in page.get_data(as_text=True)
    page = post_form(helper, "/workshops/templates/use", {"template": f"own:{own_id}", "language": "en"})
    assert page.status_code == 303 and "/agenda" in page.headers["Location"]


def test_planned_minutes_typed_on_the_draft_agenda_page_reach_the_run_sheet(app, room: Room):
    facilitator = room.facilitator  # type: ignore[attr-defined]
    path = f"/workshops/{room.workshop_id}/agenda"
    page = facilitator.get(path).get_data(as_text=True)
    assert 'name="minutes-0" form="plan-form"' in page and "Planned in all: 120 min" in page

    # Every field or none: one bad number refuses the form by its item's number, and keeps what was typed.
    for bad in ("500", "ten", "0", "1.5"):
        refused = post_form(facilitator, f"{path}/minutes", {"minutes-0": "12", "minutes-2": bad})
        text = refused.get_data(as_text=True)
        assert refused.status_code == 422, bad
        assert f"Item 3: planned minutes must be a whole number from 1 to 120; \u201c{bad}\u201d is not." in text
        assert 'value="12"' in text
    saved = post_form(facilitator, f"{path}/minutes", {"minutes-0": "12", "minutes-1": "", "minutes-10": " 20 "})
    assert saved.status_code == 303
    page = facilitator.get(path).get_data(as_text=True)
    assert "The planned minutes were saved." in page and "Planned in all: 129 min" in page

    assert room.command(room.console, "start_workshop")["ok"]
    sheet = room.last_state(room.console)["run_sheet"]
    # Item 2 left empty: the minutes its card suggests (8) rather than the template's 6.
    assert [entry["planned_minutes"] for entry in sheet["items"]] == [12, 8, 6, 6, 7, 8, 8, 9, 20, 25, 20]
    assert sheet["planned_minutes"] == 129
    # Once started, the plan is the run-sheet's: the page shows it and takes no more changes.
    late = post_form(facilitator, f"{path}/minutes", {"minutes-0": "30"})
    assert late.status_code == 422 and "its agenda can no longer change" in late.get_data(as_text=True)
    page = facilitator.get(path).get_data(as_text=True)
    assert 'name="minutes-0"' not in page and "12 min" in page


def test_a_question_box_is_added_from_the_draft_agenda_page_once(app, room: Room):
    facilitator = room.facilitator  # type: ignore[attr-defined]
    path = f"/workshops/{room.workshop_id}/agenda"
    assert "Add a question box" in facilitator.get(path).get_data(as_text=True)
    added = post_form(facilitator, f"{path}/question-box", {})
    assert added.status_code == 303 and added.headers["Location"].endswith(f"{path}#item-11")
    page = facilitator.get(path).get_data(as_text=True)
    assert '<span class="card-kind">Question box</span>' in page
    assert "This workshop has a question box" in page and "Add a question box" not in page

    again = post_form(facilitator, f"{path}/question-box", {})
    assert again.status_code == 409 and "This workshop already has a question box." in again.get_data(as_text=True)
    moved = post_form(facilitator, path, {"position": "11", "action": "up"})
    assert moved.status_code == 303
    assert room.command(room.console, "start_workshop")["ok"]
    kinds = [item["kind"] for item in room.last_state(room.console)["agenda"]]
    assert kinds.count("question_box") == 1 and kinds[10] == "question_box"
    late = post_form(facilitator, f"{path}/question-box", {})
    assert late.status_code == 422 and "its agenda can no longer change" in late.get_data(as_text=True)

    make_user(app, "stranger@festival.no", Role.ORGANISER, "Festival Nord")
    stranger = app.test_client()
    assert sign_in(stranger, "stranger@festival.no", PASSWORD).status_code == 303
    assert post_form(stranger, f"{path}/question-box", {}).status_code == 404
    assert post_form(stranger, f"{path}/minutes", {"minutes-0": "5"}).status_code == 404
