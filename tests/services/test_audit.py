"""The audit log: who changed a deck, a member or a workshop and when, in the change's own transaction,
readable by the organisation's organisers and admins only, kept as long as the retention period."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import inspect, select

from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Actor, Role
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.deck_library import load_deck_folder
from cardapp.services import accounts, audit, deck_editing, live, phones, retention, workshops
from cardapp.services.decks import refresh_shipped_decks, visible_decks
from cardapp.services.errors import Conflict, Forbidden
from cardapp.store.audit import AuditEntry
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Organisation
from tests.support.accounts import NOW, PASSWORD, SYSTEM
from tests.support.decks import minimal_deck

TODAY = NOW.date()


def person(database: Database, email: str, role: Role, organisation_id: int | None) -> Actor:
    token = accounts.invite(database, SYSTEM, email, role, organisation_id, NOW)
    return accounts.accept_invitation(database, token, PASSWORD, NOW).actor


@pytest.fixture
def teater(database: Database) -> int:
    refresh_shipped_decks(database, load_deck_folder(PROJECT_ROOT / "decks"), TODAY)
    return accounts.create_organisation(database, SYSTEM, "Teater Nord", TODAY).id


def log(database: Database, actor: Actor) -> list[tuple[str | None, str, str, str | None]]:
    return [(e.actor_email, e.action.value, e.summary, e.detail) for e in audit.entries_for(database, actor).entries]


def test_a_workshop_from_creation_to_deletion_is_logged_with_who_and_when_but_nothing_of_its_participants(
        database: Database, teater: int):
    organiser = person(database, "kari@teater.no", Role.ORGANISER, teater)
    facilitator = person(database, "ola@teater.no", Role.FACILITATOR, teater)
    deck_id = next(d.id for d in visible_decks(database, facilitator) if d.slug == "conversation-cards")
    created = workshops.create_workshop(database, facilitator, deck_id, "Autumn workshop", "en",
                                        ["norms-statement-professional"], 5, TODAY)
    live.start_workshop(database, facilitator, created.id)
    live.start_workshop(database, facilitator, created.id)  # carrying on after a reload changes nothing
    with database.transaction() as session:
        item_id = session.scalar(select(AgendaItem.id).where(AgendaItem.workshop_id == created.id))
    for number in range(6):
        token = workshops.join_workshop(database, created.id, "en")
        participant_id, _language = workshops.participant_for(database, created.id, token)
        phones.submit_answer(database, created.id, participant_id, item_id, "agree", f"answer-{number}")
    live.end_workshop(database, facilitator, created.id, TODAY)
    retention.delete_workshop(database, organiser, created.id)

    assert log(database, organiser) == [
        ("kari@teater.no", "workshop.deleted", "Autumn workshop", None),
        ("ola@teater.no", "workshop.ended", "Autumn workshop", None),
        ("ola@teater.no", "workshop.started", "Autumn workshop", None),
        ("ola@teater.no", "workshop.created", "Autumn workshop", None),
    ]
    entry = audit.entries_for(database, organiser).entries[0]
    assert entry.at.second == 0 and entry.at.microsecond == 0 and entry.at.tzinfo is not None
    assert (entry.subject_kind, entry.subject_id) == (SubjectKind.WORKSHOP, created.id)
    # The table itself has no place for anything about a participant: its columns are exactly these.
    columns = {column["name"] for column in inspect(database.engine).get_columns("audit_entries")}
    assert columns == {"id", "organisation_id", "actor_user_id", "actor_email", "action", "subject_kind",
                       "subject_id", "summary", "detail", "at"}
    with database.transaction() as session:
        stored = " ".join(f"{e.summary} {e.detail}" for e in session.scalars(select(AuditEntry)))
    assert created.room_code not in stored and "agree" not in stored


def test_deck_changes_are_logged_and_a_refused_save_leaves_no_entry(database: Database, teater: int):
    organiser = person(database, "kari@teater.no", Role.ORGANISER, teater)
    deck = deck_editing.create_deck(database, organiser, minimal_deck(), TODAY)
    changed = deck_editing.save_deck(database, organiser, deck.id, minimal_deck(), deck.version, TODAY)
    deck_editing.save_deck(database, organiser, deck.id, minimal_deck(), changed.version, TODAY)
    with pytest.raises(Conflict):
        deck_editing.save_deck(database, organiser, deck.id, minimal_deck(), "an old version", TODAY)
    deck_editing.delete_deck(database, organiser, deck.id)
    title = deck.title
    # Saved twice within the minute by the same person: one entry.
    assert log(database, organiser) == [
        ("kari@teater.no", "deck.deleted", title, None),
        ("kari@teater.no", "deck.changed", title, None),
        ("kari@teater.no", "deck.created", title, None),
    ]


def test_a_members_new_role_and_blocked_access_are_logged_in_their_organisation(database: Database, teater: int):
    admin = person(database, "admin@example.org", Role.ADMIN, None)
    organiser = person(database, "kari@teater.no", Role.ORGANISER, teater)
    ola = person(database, "ola@teater.no", Role.FACILITATOR, teater)
    accounts.update_user(database, admin, ola.user_id, Role.ORGANISER, teater, active=False)
    assert log(database, organiser) == [  # newest first: within a minute, in the order they were made
        ("admin@example.org", "member.blocked", "ola@teater.no", None),
        ("admin@example.org", "member.role_changed", "ola@teater.no", "organiser"),
    ]
    accounts.update_user(database, admin, ola.user_id, Role.ORGANISER, teater, active=True)
    assert log(database, organiser)[0] == ("admin@example.org", "member.unblocked", "ola@teater.no", None)


def test_only_the_organisations_organisers_and_admins_read_its_log(database: Database, teater: int):
    festival = accounts.create_organisation(database, SYSTEM, "Festival Sør", TODAY).id
    kari = person(database, "kari@teater.no", Role.ORGANISER, teater)
    siri = person(database, "siri@festival.no", Role.ORGANISER, festival)
    ola = person(database, "ola@teater.no", Role.FACILITATOR, teater)
    admin = person(database, "admin@example.org", Role.ADMIN, None)
    deck_editing.create_deck(database, kari, minimal_deck(), TODAY)
    assert len(log(database, kari)) == 1
    assert log(database, siri) == []
    with pytest.raises(Forbidden):
        audit.entries_for(database, ola)
    assert [e.organisation_name for e in audit.entries_for(database, admin).entries] == ["Teater Nord"]


def test_the_log_is_paginated_newest_first(database: Database, teater: int):
    organiser = person(database, "kari@teater.no", Role.ORGANISER, teater)
    start = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    with database.transaction() as session:
        for number in range(120):
            audit.record(session, organiser, AuditAction.DECK_CHANGED, SubjectKind.DECK, 1, f"change {number}",
                         organisation_id=teater, now=start + dt.timedelta(minutes=number))
    pages = [audit.entries_for(database, organiser, page) for page in (1, 2, 3, 4)]
    assert [(p.page, p.pages, len(p.entries)) for p in pages] == [(1, 3, 50), (2, 3, 50), (3, 3, 20), (3, 3, 20)]
    assert [e.summary for e in pages[0].entries[:2]] == ["change 119", "change 118"]
    assert pages[2].entries[-1].summary == "change 0"


def test_entries_are_deleted_with_the_organisations_retention_period(database: Database, teater: int):
    with database.transaction() as session:
        session.get(Organisation, teater).retention_days = 30
    organiser = person(database, "kari@teater.no", Role.ORGANISER, teater)
    today = dt.date(2026, 12, 1)
    with database.transaction() as session:
        for days_ago in (31, 30, 1):
            audit.record(session, organiser, AuditAction.DECK_CHANGED, SubjectKind.DECK, 1, f"{days_ago} days ago",
                         organisation_id=teater,
                         now=dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12), dt.UTC))
        audit.record(session, None, AuditAction.MEMBER_BLOCKED, SubjectKind.MEMBER, 1, "no organisation",
                     organisation_id=None, now=dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    retention.delete_expired_reports(database, today)
    assert [summary for _who, _what, summary, _detail in log(database, organiser)] == ["1 days ago", "30 days ago"]
    with database.transaction() as session:
        assert session.scalar(select(AuditEntry.id).where(AuditEntry.organisation_id.is_(None))) is None


def test_the_command_line_is_logged_as_the_server(database: Database, teater: int):
    organiser = person(database, "kari@teater.no", Role.ORGANISER, teater)
    command_line = Actor(user_id=0, role=Role.ORGANISER, organisation_id=teater)
    deck_editing.import_deck_file(database, command_line, json.dumps(minimal_deck()).encode(), TODAY)
    assert log(database, organiser)[0][:2] == (None, "deck.created")
