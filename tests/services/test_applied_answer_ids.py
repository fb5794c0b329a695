"""Remembered answer ids on PostgreSQL too: a repeat of any id applied changes nothing (issue 14.5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from cardapp.services import phones
from cardapp.store.answers import current_item_row
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from cardapp.store.models import AgendaItem, Participant
from cardapp.store.replays import AppliedAnswerId
from tests.support.workshops import store_open_workshop

CARD = '{"id": "c", "kind": "statement", "scale": "agree_disagree", "text": {"en": "Jokes are fine"}}'


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[Database]:
    upgrade_database(postgres_url)
    database = Database(postgres_url)
    yield database
    database.dispose()


@pytest.mark.postgres
def test_an_old_answer_id_or_withdrawal_sent_again_changes_nothing_on_postgresql(postgres_database: Database):
    database = postgres_database
    with database.transaction() as session:
        workshop = store_open_workshop(session)
        item = AgendaItem(workshop_id=workshop.id, position=0, card_id="c", kind="statement", card=CARD,
                          status="open")
        participant = Participant(workshop_id=workshop.id, token_sha256="t" * 64, language="en")
        session.add_all([item, participant])
        session.flush()
        ids = (workshop.id, participant.id, item.id)
    assert phones.submit_answer(database, *ids, "agree", "first-send") == "agree"
    assert phones.submit_answer(database, *ids, "disagree", "second-send") == "disagree"
    assert phones.submit_answer(database, *ids, "agree", "first-send") == "disagree"
    phones.withdraw_answer(database, *ids, withdrawal_id="take-it-back")
    assert phones.submit_answer(database, *ids, "agree", "second-send") is None
    assert phones.submit_answer(database, *ids, "both", "third-send") == "both"
    phones.withdraw_answer(database, *ids, withdrawal_id="take-it-back")
    assert phones.submit_answer(database, *ids, "agree", "third-send") == "both"
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(AppliedAnswerId)) == 4


@pytest.mark.postgres
def test_a_facilitators_close_waits_for_answers_checked_against_the_open_card_on_postgresql(
        postgres_database: Database):
    # A batch of answers reads the shown card once, then stores its answers over many round trips;
    # a reveal or close committed in between would let answers in after the card closed.
    database = postgres_database
    with database.transaction() as session:
        workshop_id = store_open_workshop(session).id
    with database.statements() as answers:
        assert current_item_row(answers, workshop_id) is not None
        with database.engine.connect() as facilitator, pytest.raises(OperationalError,
                                                                     match="could not obtain lock"):
            facilitator.execute(text("SELECT id FROM workshops WHERE id = :id FOR UPDATE NOWAIT"),
                                {"id": workshop_id})
    with database.engine.connect() as facilitator:  # once the answers committed, it goes ahead
        assert facilitator.execute(text("SELECT id FROM workshops WHERE id = :id FOR UPDATE NOWAIT"),
                                   {"id": workshop_id}).scalar() == workshop_id
