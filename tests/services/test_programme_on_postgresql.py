"""The programme's few statements that differ per database, on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from cardapp.store.models import AgendaItem, Participant
from cardapp.store.programme import ConsentAnswer, store_consent_answer
from tests.support.workshops import store_open_workshop

pytestmark = pytest.mark.postgres


def test_a_consent_answer_is_stored_once_per_phone_and_guideline_on_postgresql(postgres_url: str):
    upgrade_database(postgres_url)
    database = Database(postgres_url)
    try:
        with database.transaction() as session:
            workshop = store_open_workshop(session)
            item = AgendaItem(workshop_id=workshop.id, position=0, card_id="consent", kind="consent", card="{}")
            phone = Participant(workshop_id=workshop.id, token_sha256="c" * 64, language="en")
            session.add_all([item, phone])
            session.flush()
            ids = (item.id, phone.id)
        with database.transaction() as session:
            store_consent_answer(session, *ids, "g1", "object", "first-send")
            store_consent_answer(session, *ids, "g1", "live_with", "second-send")  # changed its mind
            store_consent_answer(session, *ids, "g2", "change", "third-send")
        with database.transaction() as session:
            rows = dict(session.execute(select(ConsentAnswer.guideline, ConsentAnswer.choice)).all())
            assert rows == {"g1": "live_with", "g2": "change"}
            assert session.scalar(select(func.count(ConsentAnswer.id))) == 2
    finally:
        database.dispose()


def test_a_planned_conversation_is_drafted_once_on_postgresql(postgres_url: str):
    from cardapp.domain.accounts import Actor, Role
    from cardapp.services import programme_plan
    from cardapp.services.errors import Conflict
    from cardapp.store.models import Organisation, StoredDeck, User
    from cardapp.store.programme import PlannedConversation

    upgrade_database(postgres_url)
    database = Database(postgres_url)
    try:
        from cardapp.app import _load_shipped_decks  # the shipped decks, as at start
        from cardapp.config import settings_from
        _load_shipped_decks(settings_from({}, {"database_url": postgres_url}), database)
        with database.transaction() as session:
            organisation = Organisation(slug="t", name="T", created_on=dt.date(2026, 12, 1))
            session.add(organisation)
            session.flush()
            user = User(email="f@t.no", password_hash="x", role="facilitator", organisation_id=organisation.id,
                        created_on=dt.date(2026, 12, 1))
            deck_id = session.scalar(select(StoredDeck.id).where(StoredDeck.slug == "risk-map"))
            session.add(user)
            session.flush()
            conversation = PlannedConversation(organisation_id=organisation.id, planned_on=dt.date(2027, 1, 1),
                                               title="Talk", group_name="", deck_id=deck_id)
            session.add(conversation)
            session.flush()
            actor = Actor(user.id, Role.FACILITATOR, organisation.id)
            conversation_id = conversation.id
        made = programme_plan.make_draft_workshop(database, actor, conversation_id, "en", 5, dt.date(2026, 12, 1))
        assert made > 0
        with pytest.raises(Conflict):
            programme_plan.make_draft_workshop(database, actor, conversation_id, "en", 5, dt.date(2026, 12, 1))
    finally:
        database.dispose()
