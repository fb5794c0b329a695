"""The programme's changes in the audit log: measures, the award, the year plan, actions, guidelines and the
evidence pack, each recorded with the change itself and named by the thing changed, never a participant."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Actor, Role
from cardapp.domain.deck_library import load_deck_folder
from cardapp.services import (
    accounts,
    audit,
    live,
    programme,
    programme_actions,
    programme_evidence,
    programme_guidelines,
    programme_plan,
    programme_review,
    workshops,
)
from cardapp.services.decks import refresh_shipped_decks, visible_decks
from cardapp.services.errors import Conflict, Invalid, NotFound
from cardapp.services.programme import MeasureChange
from cardapp.services.programme_plan import NewConversation
from cardapp.store.audit import AuditEntry
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.programme import PlannedConversation, ProgrammeAction, ProgrammeMeasure
from tests.support.accounts import NOW, PASSWORD, SYSTEM

TODAY = NOW.date()
GUIDELINES = {"en": "# Our rules\n- We say stop.\n", "nb": "# Våre regler\n- Vi sier stopp.\n"}


def person(database: Database, email: str, role: Role, organisation_id: int | None) -> Actor:
    token = accounts.invite(database, SYSTEM, email, role, organisation_id, NOW)
    return accounts.accept_invitation(database, token, PASSWORD, NOW).actor


@pytest.fixture
def teater(database: Database) -> int:
    refresh_shipped_decks(database, load_deck_folder(PROJECT_ROOT / "decks"), TODAY)
    return accounts.create_organisation(database, SYSTEM, "Teater Nord", TODAY).id


@pytest.fixture
def organiser(database: Database, teater: int) -> Actor:
    return person(database, "kari@teater.no", Role.ORGANISER, teater)


def log(database: Database, reader: Actor, kinds: tuple[str, ...] = ("measure", "conversation", "action",
                                                                        "guidelines", "programme")
        ) -> list[tuple[str | None, str, str]]:
    """The entries about the programme, oldest first: (who, action, summary)."""
    entries = [(e.actor_email, e.action.value, e.summary) for e in audit.entries_for(database, reader).entries
               if e.subject_kind.value in kinds]
    return entries[::-1]


def own_measure(database: Database, organiser: Actor, title: str) -> int:
    return programme.add_measure(database, organiser, title)


def change(**fields: object) -> MeasureChange:
    values: dict[str, object] = {"status": "not_started", "responsible": "", "due_on": "", "notes": "", "link": "",
                                 "workshop_ids": []}
    values.update(fields)
    return MeasureChange(**values)  # type: ignore[arg-type]


def ended_workshop(database: Database, facilitator: Actor, title: str) -> int:
    deck_id = next(d.id for d in visible_decks(database, facilitator) if d.slug == "conversation-cards")
    created = workshops.create_workshop(database, facilitator, deck_id, title, "en",
                                        ["norms-statement-professional"], 5, TODAY)
    live.start_workshop(database, facilitator, created.id)
    live.end_workshop(database, facilitator, created.id, TODAY)
    return created.id


def test_adding_a_measure_is_logged_with_its_name_and_who_added_it(database: Database, organiser: Actor):
    own_measure(database, organiser, "Buddy system on tour")
    assert log(database, organiser) == [("kari@teater.no", "measure.added", "Buddy system on tour")]


def test_each_kind_of_change_to_a_measure_is_its_own_entry_and_saving_unchanged_records_nothing(
        database: Database, organiser: Actor):
    measure_id = own_measure(database, organiser, "Buddy system on tour")
    programme.update_measure(database, organiser, measure_id, change(title="Buddy system on tour"))
    assert len(log(database, organiser)) == 1  # the same form sent again changed nothing

    programme.update_measure(database, organiser, measure_id, change(status="in_progress",
                                                                     title="Buddy system on tour"))
    programme.update_measure(database, organiser, measure_id, change(
        status="in_progress", responsible="Stage manager", due_on="2027-03-01", notes="Ask the unions first",
        title="Buddy system on tour"))
    assert log(database, organiser)[1:] == [
        ("kari@teater.no", "measure.status_changed", "Buddy system on tour"),
        ("kari@teater.no", "measure.changed", "Buddy system on tour"),
    ]
    with database.transaction() as session:
        assert session.get(ProgrammeMeasure, measure_id).responsible == "Stage manager"  # type: ignore[union-attr]


def test_renaming_hiding_and_showing_a_measure_again_are_logged_outside_the_label_programme(
        database: Database, organiser: Actor):
    programme.set_award(database, organiser, False, "")
    measure_id = own_measure(database, organiser, "Buddy system")
    programme.update_measure(database, organiser, measure_id, change(title="Buddy system on tour"))
    programme.update_measure(database, organiser, measure_id, change(title="Buddy system on tour", hidden=True))
    programme.update_measure(database, organiser, measure_id, change(title="Buddy system on tour", hidden=False))
    assert log(database, organiser)[-3:] == [
        ("kari@teater.no", "measure.renamed", "Buddy system on tour"),
        ("kari@teater.no", "measure.hidden", "Buddy system on tour"),
        ("kari@teater.no", "measure.shown", "Buddy system on tour"),
    ]


def test_a_default_measure_is_named_in_both_languages_and_going_back_to_the_label_shows_it_again(
        database: Database, organiser: Actor):
    programme.set_award(database, organiser, False, "")
    with database.transaction() as session:
        measure_id = session.scalar(select(ProgrammeMeasure.id).where(ProgrammeMeasure.default_key == "risk_map"))
    assert measure_id is not None
    programme.update_measure(database, organiser, measure_id, change(title="", hidden=True))
    programme.set_award(database, organiser, True, "2026-11-02")
    # The second award change falls within the same minute as the first: one entry, as for any change.
    assert log(database, organiser) == [
        ("kari@teater.no", "programme.award_changed", "Teater Nord"),
        ("kari@teater.no", "measure.hidden", "Risk map / Risikokartlegging"),
        ("kari@teater.no", "measure.shown", "Risk map / Risikokartlegging"),
    ]


def test_setting_the_same_award_again_records_nothing(database: Database, organiser: Actor):
    programme.set_award(database, organiser, True, "2026-11-02")
    programme.set_award(database, organiser, True, "2026-11-02")
    assert log(database, organiser) == [("kari@teater.no", "programme.award_changed", "Teater Nord")]


def test_the_evidence_of_a_measure_is_logged_by_the_measure_and_a_refused_change_leaves_no_entry(
        database: Database, organiser: Actor, teater: int):
    facilitator = person(database, "ola@teater.no", Role.FACILITATOR, teater)
    workshop_id = ended_workshop(database, facilitator, "Autumn workshop")
    measure_id = own_measure(database, organiser, "Buddy system on tour")
    programme.update_measure(database, organiser, measure_id, change(workshop_ids=[workshop_id]))
    with pytest.raises(Invalid):
        programme.update_measure(database, organiser, measure_id, change(status="in_progress", due_on="soon"))
    assert log(database, organiser)[-1:] == [
        ("kari@teater.no", "measure.evidence_changed", "Buddy system on tour")]


def test_planning_drafting_and_removing_a_conversation_are_logged_by_its_title(
        database: Database, organiser: Actor, teater: int):
    deck_id = next(d.id for d in visible_decks(database, organiser) if d.slug == "conversation-cards")
    plan = NewConversation("2027-01-15", "January talk with the ensemble", "Ensemble", deck_id, None)
    first = programme_plan.add_conversation(database, organiser, plan)
    second = programme_plan.add_conversation(database, organiser, NewConversation(
        "2027-02-15", "February talk with the crew", "Crew", deck_id, None))
    workshop_id = programme_plan.make_draft_workshop(database, organiser, first, "en", 5, TODAY)
    programme_plan.remove_conversation(database, organiser, second)
    assert log(database, organiser) == [
        ("kari@teater.no", "conversation.added", "January talk with the ensemble"),
        ("kari@teater.no", "conversation.added", "February talk with the crew"),
        ("kari@teater.no", "conversation.drafted", "January talk with the ensemble"),
        ("kari@teater.no", "conversation.removed", "February talk with the crew"),
    ]
    workshop_entries = log(database, organiser, ("workshop",))
    assert workshop_entries == [("kari@teater.no", "workshop.created", "January talk with the ensemble")]
    assert workshop_id > 0


def test_a_draft_that_lost_the_race_for_a_conversation_is_removed_and_its_removal_logged(
        database: Database, organiser: Actor, monkeypatch: pytest.MonkeyPatch):
    deck_id = next(d.id for d in visible_decks(database, organiser) if d.slug == "conversation-cards")
    planned = programme_plan.add_conversation(database, organiser, NewConversation(
        "2027-01-15", "January talk with the ensemble", "Ensemble", deck_id, None))
    real_create = workshops.create_workshop

    def another_click_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        winner = real_create(*args, **kwargs)
        with database.transaction() as session:
            session.get(PlannedConversation, planned).workshop_id = winner.id  # type: ignore[union-attr]
        return real_create(*args, **kwargs)

    monkeypatch.setattr(programme_plan.workshops, "create_workshop", another_click_first)
    with pytest.raises(Conflict):
        programme_plan.make_draft_workshop(database, organiser, planned, "en", 5, TODAY)
    with database.transaction() as session:
        assert session.scalar(select(func.count(Workshop.id))) == 1  # only the winner's draft is left
    assert log(database, organiser, ("workshop",)) == [  # the winner's, the loser's, and the loser removed
        ("kari@teater.no", "workshop.created", "January talk with the ensemble"),
        ("kari@teater.no", "workshop.created", "January talk with the ensemble"),
        ("kari@teater.no", "workshop.deleted", "January talk with the ensemble"),
    ]
    assert ("kari@teater.no", "conversation.drafted", "January talk with the ensemble") not in log(
        database, organiser)


def store_action(database: Database, organisation_id: int, text: str) -> int:
    with database.transaction() as session:
        action = ProgrammeAction(organisation_id=organisation_id, workshop_title="Spring workshop", kind="measure",
                                 text=text, noted_on=TODAY - dt.timedelta(days=30))
        session.add(action)
        session.flush()
        return action.id


def test_an_actions_status_and_its_role_or_due_date_are_logged_apart(database: Database, organiser: Actor,
                                                                      teater: int):
    action_id = store_action(database, teater, "Open calls for every role")
    programme_actions.update_action(database, organiser, action_id, "open", "", "")
    programme_actions.update_action(database, organiser, action_id, "done", "", "")
    programme_actions.update_action(database, organiser, action_id, "done", "Theatre manager", "2027-01-01")
    assert log(database, organiser) == [
        ("kari@teater.no", "action.status_changed", "Open calls for every role"),
        ("kari@teater.no", "action.changed", "Open calls for every role"),
    ]


def test_an_action_marked_from_the_live_review_is_logged_by_the_facilitator_and_says_nothing_of_the_room(
        database: Database, organiser: Actor, teater: int):
    facilitator = person(database, "ola@teater.no", Role.FACILITATOR, teater)
    first = store_action(database, teater, "Open calls for every role")
    second = store_action(database, teater, "Two people on every hiring panel")
    deck_id = next(d.id for d in visible_decks(database, facilitator) if d.slug == "conversation-cards")
    created = workshops.create_workshop(database, facilitator, deck_id, "Winter workshop", "en",
                                        ["norms-statement-professional"], 5, TODAY)
    assert programme_review.add_review(database, facilitator, created.id,
                                       {"en": "What we agreed last time", "nb": "Det vi ble enige om sist"}) == 2
    live.start_workshop(database, facilitator, created.id)
    for _ in range(3):
        workshops.join_workshop(database, created.id, "en")
    with database.transaction() as session:
        item_id = session.scalar(select(AgendaItem.id).where(AgendaItem.workshop_id == created.id,
                                                             AgendaItem.kind == "review"))
    assert item_id is not None
    programme_review.mark_action(database, facilitator, created.id, item_id, first, "done")
    programme_review.mark_action(database, facilitator, created.id, item_id, first, "done")  # a second click
    programme_review.mark_action(database, facilitator, created.id, item_id, second, "carried_over")
    assert log(database, organiser) == [
        ("ola@teater.no", "action.status_changed", "Open calls for every role"),
        ("ola@teater.no", "action.status_changed", "Two people on every hiring panel"),
    ]
    with database.transaction() as session:
        stored = session.scalars(select(AuditEntry).where(AuditEntry.subject_kind == "action")).all()
        assert {(e.detail, e.at.second, e.at.microsecond) for e in stored} == {(None, 0, 0)}


def test_a_new_version_of_the_guidelines_and_its_adoption_are_logged_by_number(database: Database,
                                                                                organiser: Actor):
    first = programme_guidelines.save_version(database, organiser, GUIDELINES, TODAY)
    second = programme_guidelines.save_version(database, organiser, GUIDELINES, TODAY)
    programme_guidelines.adopt(database, organiser, second.id, "2026-12-01", "The board")
    assert (first.number, second.number) == (1, 2)
    assert log(database, organiser) == [
        ("kari@teater.no", "guidelines.version_added", "1"),
        ("kari@teater.no", "guidelines.version_added", "2"),
        ("kari@teater.no", "guidelines.adopted", "2"),
    ]


def test_downloading_the_evidence_pack_is_logged_for_whoever_took_it(database: Database, organiser: Actor,
                                                                     teater: int):
    facilitator = person(database, "ola@teater.no", Role.FACILITATOR, teater)
    pack = programme_evidence.evidence_pack(database, facilitator, TODAY, {}, lambda key: key)
    assert pack.startswith(b"PK")
    assert log(database, organiser, ("programme",)) == [
        ("ola@teater.no", "programme.evidence_pack_downloaded", "Teater Nord")]


def test_another_organisations_programme_changes_stay_out_of_this_log(database: Database, organiser: Actor):
    kino = accounts.create_organisation(database, SYSTEM, "Kino Sør", TODAY).id
    stranger = person(database, "siri@kino.no", Role.ORGANISER, kino)
    own_measure(database, stranger, "Quiet room")
    assert log(database, organiser) == []
    assert log(database, stranger) == [("siri@kino.no", "measure.added", "Quiet room")]


def test_last_times_review_goes_only_into_a_draft_workshop_of_ones_own_organisation(database: Database,
                                                                                    organiser: Actor, teater: int):
    titles = {"en": "What we agreed last time", "nb": "Det vi ble enige om sist"}
    facilitator = person(database, "ola@teater.no", Role.FACILITATOR, teater)
    started = ended_workshop(database, facilitator, "Autumn workshop")
    with pytest.raises(Invalid) as refused:
        programme_review.add_review(database, facilitator, started, titles)
    assert refused.value.key == "workshop.already_started"
    other = accounts.create_organisation(database, SYSTEM, "Korps Sør", TODAY).id
    stranger = person(database, "per@korps.no", Role.FACILITATOR, other)
    deck_id = next(d.id for d in visible_decks(database, facilitator) if d.slug == "conversation-cards")
    draft = workshops.create_workshop(database, facilitator, deck_id, "Winter workshop", "en",
                                      ["norms-statement-professional"], 5, TODAY).id
    with pytest.raises(NotFound):
        programme_review.add_review(database, stranger, draft, titles)
    store_action(database, teater, "Open calls for every role")
    programme_review.add_review(database, facilitator, draft, titles)
    with database.transaction() as session:
        kinds = session.scalars(select(AgendaItem.kind).where(AgendaItem.workshop_id == draft)
                                .order_by(AgendaItem.position)).all()
    assert kinds[0] == "review"
