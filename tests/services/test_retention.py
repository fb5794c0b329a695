"""Reports are kept for the organisation's retention period, then deleted with everything of their workshop."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from sqlalchemy import func, select

from cardapp.domain.accounts import Actor, Role
from cardapp.retention_job import purge_expired
from cardapp.services import retention
from cardapp.services.errors import Conflict, Forbidden, Invalid, NotFound
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Agreement, Answer, Organisation, Participant, Reflection, Workshop

TODAY = dt.date(2026, 11, 22)


def organisation(database: Database, name: str, retention_days: int | None = None) -> int:
    with database.transaction() as session:
        row = Organisation(slug=name.lower(), name=name, created_on=TODAY)
        if retention_days is not None:
            row.retention_days = retention_days
        session.add(row)
        session.flush()
        return row.id


def workshop(database: Database, organisation_id: int, ended_days_ago: int | None, status: str = "ended",
             today: dt.date = TODAY) -> int:
    """A workshop with what an ended one keeps: an agenda item with totals, a reflection, an agreement."""
    with database.transaction() as session:
        row = Workshop(organisation_id=organisation_id, title=f"Ended {ended_days_ago} days ago",
                       projector_language="en", languages="en", projector_secret="s" * 32, status=status,
                       min_answers=5, created_on=today - dt.timedelta(days=(ended_days_ago or 0) + 1),
                       ended_on=None if ended_days_ago is None else today - dt.timedelta(days=ended_days_ago))
        session.add(row)
        session.flush()
        item = AgendaItem(workshop_id=row.id, position=0, card_id="card", kind="statement", card="{}",
                          final_counts='{"1": {"total": 2}}')
        session.add(item)
        session.flush()
        session.add(Reflection(item_id=item.id, participant_id=None, text="We laugh it off", status="approved"))
        session.add(Agreement(workshop_id=row.id, kind="guideline", text="We ask before we touch"))
        return row.id


def remaining(database: Database) -> dict[str, int]:
    with database.transaction() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Workshop, AgendaItem, Reflection, Agreement)}


def workshop_ids(database: Database) -> set[int]:
    with database.transaction() as session:
        return set(session.scalars(select(Workshop.id)))


def test_a_report_past_the_retention_period_is_deleted_with_everything_of_its_workshop(database: Database):
    org = organisation(database, "Teater")
    expired = workshop(database, org, ended_days_ago=366)
    last_day = workshop(database, org, ended_days_ago=365)
    fresh = workshop(database, org, ended_days_ago=3)
    assert retention.delete_expired_reports(database, TODAY) == 1
    assert workshop_ids(database) == {last_day, fresh}
    assert expired not in workshop_ids(database)
    assert remaining(database) == {"workshops": 2, "agenda_items": 2, "reflections": 2, "agreements": 2}
    assert retention.delete_expired_reports(database, TODAY) == 0
    assert retention.delete_expired_reports(database, TODAY + dt.timedelta(days=1)) == 1
    assert workshop_ids(database) == {fresh}


def test_each_organisation_keeps_reports_for_its_own_period_and_running_workshops_are_never_deleted(
        database: Database):
    """Deleting expired reports never touches an open workshop (ending an abandoned one is a step of its own)."""
    short = organisation(database, "Festival", retention_days=30)
    default = organisation(database, "Teater")
    short_expired = workshop(database, short, ended_days_ago=31)
    short_fresh = workshop(database, short, ended_days_ago=30)
    default_kept = workshop(database, default, ended_days_ago=31)
    draft = workshop(database, short, ended_days_ago=None, status="draft")
    running = workshop(database, short, ended_days_ago=None, status="open")
    assert retention.delete_expired_reports(database, TODAY) == 1
    assert workshop_ids(database) == {short_fresh, default_kept, draft, running}
    assert short_expired not in workshop_ids(database)


def open_workshop_with_answers(database: Database, organisation_id: int, made_days_ago: int,
                               today: dt.date = TODAY) -> int:
    """An open workshop whose one statement had 5 answers revealed to the room and 2 phones still joined."""
    with database.transaction() as session:
        row = Workshop(organisation_id=organisation_id, title=f"Made {made_days_ago} days ago", projector_language="en",
                       languages="en", projector_secret="s" * 32, status="open", room_code=f"R{made_days_ago:05d}",
                       min_answers=5, created_on=today - dt.timedelta(days=made_days_ago), current_position=0)
        session.add(row)
        session.flush()
        item = AgendaItem(workshop_id=row.id, position=0, card_id="card", kind="statement", status="closed",
                          card='{"kind": "statement", "scale": "agree_disagree", "text": {"en": "We speak up"}}',
                          revealed=True, revealed_rounds=1)
        session.add(item)
        session.flush()
        for number, choice in enumerate(["agree"] * 3 + ["disagree"] * 2):
            phone = Participant(workshop_id=row.id, token_sha256=f"{row.id:04d}{number:060d}", language="en")
            session.add(phone)
            session.flush()
            session.add(Answer(item_id=item.id, participant_id=phone.id, round=1, choice=choice,
                               client_answer_id=f"a{number}"))
        return row.id


def kept(database: Database, workshop_id: int) -> tuple[str, dt.date | None, str | None, int, int]:
    """Status, end date, the item's kept totals, and how many answers and phones are left."""
    with database.transaction() as session:
        row = session.get(Workshop, workshop_id)
        assert row is not None
        item = session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop_id)).one()
        answers = session.scalar(select(func.count()).select_from(Answer).where(Answer.item_id == item.id)) or 0
        phones = session.scalar(select(func.count()).select_from(Participant)
                                .where(Participant.workshop_id == workshop_id)) or 0
        return row.status, row.ended_on, item.final_counts, answers, phones


def test_a_workshop_left_open_is_ended_by_the_server_and_a_fresh_open_one_is_left_running(
        database: Database, caplog: pytest.LogCaptureFixture):
    org = organisation(database, "Teater")
    abandoned = open_workshop_with_answers(database, org, made_days_ago=3)
    fresh = open_workshop_with_answers(database, org, made_days_ago=2)  # e.g. made the day before, run today
    with caplog.at_level(logging.INFO, logger="cardapp.retention"):
        assert purge_expired(database, TODAY) == (1, 0)

    status, ended_on, totals, answers, phones = kept(database, abandoned)
    assert (status, ended_on, answers, phones) == ("ended", TODAY, 0, 0)  # per-person rows gone (promise 6)
    assert json.loads(totals or "{}") == {"1": {"agree": 3, "disagree": 2}}  # what the room saw stays
    assert kept(database, fresh) == ("open", None, None, 5, 5)
    messages = [record.getMessage() for record in caplog.records if record.name == "cardapp.retention"]
    assert messages == ["retention: ended 1 workshop(s) left open for more than 2 days",
                        "retention: no report was past its retention period"]
    assert "Made" not in caplog.text and "Teater" not in caplog.text

    # The ended one's retention period starts now; ending is done once.
    assert retention.end_abandoned_workshops(database, TODAY + dt.timedelta(days=1)) == 1  # now `fresh`
    assert kept(database, fresh)[:2] == ("ended", TODAY + dt.timedelta(days=1))
    assert retention.end_abandoned_workshops(database, TODAY + dt.timedelta(days=30)) == 0


def test_the_job_logs_how_many_it_deleted_and_nothing_about_them(database: Database,
                                                                   caplog: pytest.LogCaptureFixture):
    org = organisation(database, "Teater", retention_days=10)
    workshop(database, org, ended_days_ago=11)
    workshop(database, org, ended_days_ago=12)
    with caplog.at_level(logging.INFO, logger="cardapp.retention"):
        assert purge_expired(database, TODAY) == (0, 2)
    messages = [record.getMessage() for record in caplog.records if record.name == "cardapp.retention"]
    assert messages == ["retention: deleted 2 workshop(s) whose report was past its organisation's retention period"]
    assert "Ended" not in caplog.text and "Teater" not in caplog.text


def test_organisers_set_the_retention_period_within_one_day_and_ten_years(database: Database):
    org = organisation(database, "Teater")
    organiser = Actor(1, Role.ORGANISER, org)
    assert retention.retention_days(database, organiser) == 365
    assert retention.set_retention_days(database, organiser, " 90 ") == 90
    assert retention.retention_days(database, organiser) == 90
    for typed in ("0", "3651", "-5", "a year", "", "1.5"):
        with pytest.raises(Invalid) as refused:
            retention.set_retention_days(database, organiser, typed)
        assert refused.value.key == "report.retention_invalid"
    assert retention.set_retention_days(database, organiser, "3650") == 3650
    assert retention.set_retention_days(database, organiser, "1") == 1
    with pytest.raises(Forbidden):
        retention.set_retention_days(database, Actor(2, Role.FACILITATOR, org), "30")
    assert retention.retention_days(database, organiser) == 1


def test_deleting_a_workshop_at_once_is_for_its_organisers_and_not_while_it_runs(database: Database):
    org = organisation(database, "Teater")
    other = organisation(database, "Festival")
    ended = workshop(database, org, ended_days_ago=1)
    running = workshop(database, org, ended_days_ago=None, status="open")
    with pytest.raises(Forbidden):
        retention.delete_workshop(database, Actor(2, Role.FACILITATOR, org), ended)
    with pytest.raises(NotFound):
        retention.delete_workshop(database, Actor(3, Role.ORGANISER, other), ended)
    with pytest.raises(Conflict):
        retention.delete_workshop(database, Actor(1, Role.ORGANISER, org), running)
    assert retention.delete_workshop(database, Actor(1, Role.ORGANISER, org), ended) == "Ended 1 days ago"
    assert workshop_ids(database) == {running}
    assert remaining(database)["agreements"] == 1
    with pytest.raises(NotFound):
        retention.delete_workshop(database, Actor(0, Role.ADMIN, None), ended)
    draft = workshop(database, other, ended_days_ago=None, status="draft")
    # A server admin outside the organisation neither sees nor deletes its workshops (issue 14.6).
    with pytest.raises(Forbidden) as refused:
        retention.delete_workshop(database, Actor(0, Role.ADMIN, None), draft)
    assert refused.value.key == "privacy.admin_not_member"
    assert retention.delete_workshop(database, Actor(5, Role.ORGANISER, other), draft)
    assert workshop_ids(database) == {running}
