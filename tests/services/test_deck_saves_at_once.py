"""Two organisers saving the same deck at the same moment on PostgreSQL: one wins, one is refused."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest

from cardapp.domain.accounts import Role
from cardapp.services import accounts, deck_editing
from cardapp.services.errors import Conflict
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from tests.support.accounts import NOW, PASSWORD, SYSTEM
from tests.support.decks import minimal_deck


@pytest.mark.postgres
def test_two_saves_from_the_same_version_at_once_never_overwrite_each_other(postgres_url, monkeypatch):
    upgrade_database(postgres_url)
    database = Database(postgres_url)
    north = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    token = accounts.invite(database, SYSTEM, "kari@nord.no", Role.ORGANISER, north.id, NOW)
    organiser = accounts.accept_invitation(database, token, PASSWORD, NOW).actor
    created = deck_editing.create_deck(database, organiser, minimal_deck(), NOW.date())

    # Each save waits (up to a second) for the other to reach the write as well: without a lock on
    # the deck's row both would pass the version check and the second would overwrite the first.
    arrived = threading.Barrier(2, timeout=1)
    store = deck_editing._store

    def store_when_both_are_here(*args: Any) -> Any:
        # A broken barrier means the other save is waiting for the lock, as it should.
        with contextlib.suppress(threading.BrokenBarrierError):
            arrived.wait()
        return store(*args)

    monkeypatch.setattr(deck_editing, "_store", store_when_both_are_here)
    outcomes: list[str] = []

    def save(title: str) -> None:
        try:
            deck_editing.save_deck(database, organiser, created.id, minimal_deck(title={"en": title, "nb": title}),
                                   created.version, NOW.date())
            outcomes.append("saved")
        except Conflict:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - any other failure is reported by the assertion
            outcomes.append(type(error).__name__)

    savers = [threading.Thread(target=save, args=(title,)) for title in ("First title", "Second title")]
    for saver in savers:
        saver.start()
    for saver in savers:
        saver.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    database.dispose()
