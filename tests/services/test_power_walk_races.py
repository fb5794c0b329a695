"""Two commands at the same moment never break the power walk: on SQLite (one process or several)
and on a real PostgreSQL server, a race ends in one row both sides agree on, not a duplicate key
error that a phone or the console would see only as a server error.

Each test forces the worst order with a barrier: both sides have looked and found nothing before
either writes. Without the database's "insert unless there", the second insert fails.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cardapp.domain.accounts import Actor, Role
from cardapp.services import power_walk
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from cardapp.store.models import AgendaItem, Participant, PowerRole, PowerWalk
from cardapp.store.power import ensure_walk_row, keep_first_role
from tests.support.workshops import store_open_workshop

ROLES = [{"id": f"role-{n}", "name": {"en": f"Persona {n}"}, "description": {"en": f"Works as number {n}."}}
         for n in range(4)]
WALK = {"id": "power-walk", "kind": "power_walk", "mode": "roles", "text": {"en": "Power walk"},
        "statements": [{"id": f"s{n}", "text": {"en": f"Statement {n}"}, "dimension": "network"} for n in range(3)],
        "dimensions": [{"id": "network", "title": {"en": "Network"}}], "roles": ROLES}


def open_walk(url: str) -> tuple[Database, Actor, dict[str, int]]:
    """An open workshop showing a role-card walk, and one joined phone, stored directly."""
    upgrade_database(url)
    database = Database(url)
    with database.transaction() as session:
        workshop = store_open_workshop(session)
        item = AgendaItem(workshop_id=workshop.id, position=0, card_id="power-walk", kind="power_walk",
                          card=json.dumps(WALK), status="open")
        participant = Participant(workshop_id=workshop.id, token_sha256="t" * 64, language="en")
        session.add_all([item, participant])
        session.flush()
        ids = {"workshop": workshop.id, "item": item.id, "participant": participant.id}
        actor = Actor(user_id=1, role=Role.FACILITATOR, organisation_id=workshop.organisation_id)
    return database, actor, ids


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'walk.sqlite3'}"
    found: str = request.getfixturevalue("postgres_url")
    return found


@pytest.fixture
def walk(url: str) -> Iterator[tuple[Database, Actor, dict[str, int]]]:
    database, actor, ids = open_walk(url)
    yield database, actor, ids
    database.dispose()


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Runs the calls in threads at the same time; returns their results, or raises the first error."""
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            results[index] = call()
        except BaseException as error:  # handed to the test below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def rows(database: Database, model: type, item_id: int) -> int:
    with database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(model.item_id == item_id)) or 0)


def test_two_tabs_of_one_phone_dealt_a_persona_at_the_same_moment_both_show_the_same_one(walk, monkeypatch):
    database, _actor, ids = walk
    barrier = threading.Barrier(2, timeout=20)
    looked_up = power_walk.dealt_role

    def after_both_looked(*args: Any) -> str | None:
        found = looked_up(*args)
        barrier.wait()  # both tabs have seen "no persona yet" before either deals one
        return found

    monkeypatch.setattr(power_walk, "dealt_role", after_both_looked)
    def tab() -> dict[str, Any]:
        return power_walk.my_walk(database, ids["workshop"], ids["participant"], ids["item"], "en")

    first, second = at_once(tab, tab)
    assert first["role"] == second["role"] and first["role"]["id"] in {role["id"] for role in ROLES}
    assert rows(database, PowerRole, ids["item"]) == 1


def test_a_persona_already_dealt_is_kept_whatever_a_second_deal_picked(walk):
    database, _actor, ids = walk
    with database.transaction() as session:
        assert keep_first_role(session, ids["item"], ids["participant"], "role-1") == "role-1"
    with database.transaction() as session:
        assert keep_first_role(session, ids["item"], ids["participant"], "role-2") == "role-1"
    assert rows(database, PowerRole, ids["item"]) == 1


def test_the_walks_state_row_made_by_two_commands_at_once_is_one_row(walk):
    database, _actor, ids = walk
    barrier = threading.Barrier(2, timeout=20)

    def create() -> None:
        with database.transaction() as session:
            barrier.wait()  # both transactions are open before either creates the row
            row = ensure_walk_row(session, ids["item"], -1, "intro")
            assert row.item_id == ids["item"]

    at_once(create, create)
    assert rows(database, PowerWalk, ids["item"]) == 1


def test_the_walks_state_row_already_there_is_taken_as_it_is(walk):
    database, actor, ids = walk
    power_walk.show_statement(database, actor, ids["workshop"], 1)
    with database.transaction() as session:
        row = ensure_walk_row(session, ids["item"], -1, "intro")
        assert (row.step, row.status) == (1, "walking")  # not reset to the explanation
    power_walk.show_statement(database, actor, ids["workshop"], 2)
    assert rows(database, PowerWalk, ids["item"]) == 1


def test_two_console_windows_moving_the_walk_at_once_both_succeed(tmp_path: Path, monkeypatch):
    # SQLite only: on PostgreSQL the two commands queue on the workshop's row lock (see
    # `shown_items.workshop_of`), so the second finds the row the first made; with SQLite, and
    # several server processes on one file, nothing queues them until the insert itself.
    database, actor, ids = open_walk(f"sqlite:///{tmp_path / 'walk.sqlite3'}")
    try:
        barrier = threading.Barrier(2, timeout=20)
        found = power_walk.workshop_of

        def after_both_found(*args: Any) -> Any:
            workshop = found(*args)
            barrier.wait()  # both commands found no walk row yet (SQLite has no row lock to queue them)
            return workshop

        monkeypatch.setattr(power_walk, "workshop_of", after_both_found)
        at_once(lambda: power_walk.show_statement(database, actor, ids["workshop"], 0),
                lambda: power_walk.show_statement(database, actor, ids["workshop"], 1))
        assert rows(database, PowerWalk, ids["item"]) == 1
        with database.transaction() as session:
            assert session.get(PowerWalk, ids["item"]).status == "walking"
    finally:
        database.dispose()
