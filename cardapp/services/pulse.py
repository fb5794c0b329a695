"""An organiser's pulses: make one from deck cards, open it, see how many answered, close it, read results.

While a pulse is open its organisers see only how many answered up to the end of the day before.
Results appear after the close, per question, only at or above the pulse's minimum. At the close the
codes' hashes are deleted (nothing needs them any more), every counter is rewritten in one
transaction, and a distribution below the minimum is not kept at all, as for a workshop's totals.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cardapp.domain import pulse as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.anonymity import (
    DEFAULT_MIN_ANSWERS,
    Results,
    meets_minimum,
    results_from_kept,
    suppressed,
    valid_minimum,
)
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.report import oldest_kept_day
from cardapp.services import audit
from cardapp.services.decks import open_deck
from cardapp.services.errors import Conflict, Invalid, NotFound
from cardapp.services.group_ledger import keep_before_deleting_pulse
from cardapp.services.groups import chosen_group
from cardapp.services.programme_access import editable_organisation, owned, readable_organisation
from cardapp.services.pulse_ledger import withheld_at_close
from cardapp.services.pulse_release import release_into_counters, release_period
from cardapp.store.database import Database
from cardapp.store.models import Organisation, Workshop
from cardapp.store.programme import ProgrammeMeasure
from cardapp.store.pulse import TABLES, Pulse, PulseCode, PulseTally, touch_tallies

Status = rules.PulseStatus


@dataclass(frozen=True)
class PulseDraft:
    """What the new-pulse form sends: cards as (deck id, card id)."""

    title: str
    cards: Sequence[tuple[int, str]]
    closes_on: dt.date | None
    min_answers: int = DEFAULT_MIN_ANSWERS
    baseline_workshop_id: int | None = None
    measure_id: int | None = None
    group: str | None = None  # as typed; None or "" is the whole organisation


@dataclass(frozen=True)
class QuestionResults:
    question: rules.Question
    results: Results
    withheld: str | None = None  # why it is not shown: "too_few" or "differs_from_earlier"


@dataclass(frozen=True)
class PulseView:
    id: int
    title: str
    status: rules.PulseStatus
    made_on: dt.date
    opened_on: dt.date | None
    closes_on: dt.date
    closed_on: dt.date | None
    min_answers: int
    codes_issued: int
    answered: int  # open: up to the end of yesterday; closed: in all
    questions: tuple[rules.Question, ...]
    results: tuple[QuestionResults, ...] | None  # only once closed
    baseline_workshop_id: int | None
    measure_id: int | None
    group_label: str | None = None  # None: the organisation's default group
    unopened: int = 0  # answers lost to missing keys, said only from the minimum on (else 0)


def _invalid(error: rules.PulseRuleBroken) -> Invalid:
    return Invalid(error.key)


def create_pulse(database: Database, actor: Actor, draft: PulseDraft, today: dt.date) -> int:
    """A draft pulse whose questions are copied from the chosen cards of decks the organiser may see."""
    organisation_id = editable_organisation(actor)
    if not valid_minimum(draft.min_answers):
        raise Invalid("pulse.minimum_too_low")
    questions: list[rules.Question] = []
    cards_by_deck: dict[int, list[str]] = {}
    for deck_id, card_id in draft.cards:
        cards_by_deck.setdefault(deck_id, []).append(card_id)
    try:
        title = rules.checked_title(draft.title)
        closes_on = rules.checked_closing_day(draft.closes_on, today)
        for deck_id, card_ids in cards_by_deck.items():
            _summary, deck = open_deck(database, actor, deck_id)
            by_id = {card.id: card.model_dump() for card in deck.cards()}
            for card_id in card_ids:
                if card_id not in by_id:
                    raise NotFound("pulse.no_such_card")
                questions.append(rules.question_from_card(by_id[card_id]))
        questions = rules.checked_questions(questions)
    except rules.PulseRuleBroken as error:
        raise _invalid(error) from None
    with database.transaction() as session:
        if draft.baseline_workshop_id is not None:
            workshop = owned(session.get(Workshop, draft.baseline_workshop_id), organisation_id, "workshop.not_found")
            if workshop.status != WorkshopStatus.ENDED:
                raise Invalid("programme.evidence_not_ended")
        if draft.measure_id is not None:
            owned(session.get(ProgrammeMeasure, draft.measure_id), organisation_id, "programme.no_such_measure")
        pulse = Pulse(organisation_id=organisation_id, title=title, min_answers=draft.min_answers,
                      questions=json.dumps([q.as_json() for q in questions], ensure_ascii=False),
                      status=Status.DRAFT.value, made_on=today, closes_on=closes_on,
                      baseline_workshop_id=draft.baseline_workshop_id, measure_id=draft.measure_id,
                      codes_issued=0, answered_before=0, answered_on_day=0,
                      group_label=chosen_group(session, organisation_id, draft.group))
        session.add(pulse)
        session.flush()
        audit.record(session, actor, AuditAction.PULSE_CREATED, SubjectKind.PULSE, pulse.id, title,
                     organisation_id=organisation_id)
        return pulse.id


def questions_of(pulse: Pulse) -> tuple[rules.Question, ...]:
    return rules.questions_from_json(pulse.questions)


def open_pulse(database: Database, actor: Actor, pulse_id: int, today: dt.date) -> None:
    """A draft pulse takes answers from today until its closing day; its counters are made now, at zero."""
    organisation_id = editable_organisation(actor)
    with database.transaction() as session:
        pulse = owned(session.get(Pulse, pulse_id), organisation_id, "pulse.not_found")
        if pulse.status != Status.DRAFT:
            raise Conflict("pulse.already_opened")
        if pulse.closes_on <= today:
            raise Invalid("pulse.closing_day_range")
        # Every counter exists before anyone answers, in the questions' order: the order rows were made
        # in never says which choice someone made first.
        for question in questions_of(pulse):
            for choice in question.choices:
                session.add(PulseTally(pulse_id=pulse.id, card=question.card, choice=choice, count=0))
        pulse.status, pulse.opened_on = Status.OPEN.value, today
        audit.record(session, actor, AuditAction.PULSE_OPENED, SubjectKind.PULSE, pulse.id, pulse.title,
                     organisation_id=organisation_id)


def close_pulse(database: Database, actor: Actor, pulse_id: int, today: dt.date) -> None:
    """Close an open pulse now, before its closing day."""
    organisation_id = editable_organisation(actor)
    with database.transaction() as session:  # refused before any key is made or retired
        pulse = owned(session.get(Pulse, pulse_id), organisation_id, "pulse.not_found")
        if pulse.status != Status.OPEN:
            raise Conflict("pulse.not_open")
    with release_period(database), database.transaction() as session:
        release_into_counters(session, database.release_keys, closing={pulse_id})  # every answer it holds
        pulse = owned(session.get(Pulse, pulse_id, with_for_update=True), organisation_id, "pulse.not_found")
        if pulse.status != Status.OPEN:
            raise Conflict("pulse.not_open")
        _close(session, actor, pulse, today)


def close_due_pulses(database: Database, today: dt.date) -> int:
    """Close every open pulse whose closing day has come (the retention job, and before any pulse is read)."""
    due_query = select(Pulse).where(Pulse.status == Status.OPEN.value, Pulse.closes_on <= today)
    with database.transaction() as session:  # most calls find none: no key is made or retired then
        due_ids = set(session.scalars(due_query.with_only_columns(Pulse.id)))
    if not due_ids:
        return 0
    with release_period(database), database.transaction() as session:
        release_into_counters(session, database.release_keys, closing=due_ids)
        due = list(session.scalars(due_query.where(Pulse.id.in_(due_ids)).order_by(Pulse.id).with_for_update()))
        for pulse in due:
            _close(session, None, pulse, min(today, pulse.closes_on))
    return len(due)


def _close(session: Session, actor: Actor | None, pulse: Pulse, today: dt.date) -> None:
    """The close: codes go, the counters are rewritten together, and a question withheld keeps only a total."""
    session.execute(delete(PulseCode).where(PulseCode.pulse_id == pulse.id))
    # Counted from the tallies, read after the write above took SQLite's write lock (PostgreSQL: after the
    # pulse row's lock): the number the differencing rule judges is the number the results show.
    pulse.responses = answered_in_tallies(session, pulse)
    pulse.answered_before, pulse.answered_day, pulse.answered_on_day = 0, None, 0
    # Below the minimum, or one or two people away from what the organisation already saw of the same
    # question: never shown, so its distribution is not kept either.
    withheld = withheld_at_close(session, pulse, [q.card for q in questions_of(pulse)], pulse.responses)
    if withheld:
        session.execute(delete(PulseTally).where(PulseTally.pulse_id == pulse.id,
                                                 PulseTally.card.in_(list(withheld))))
    touch_tallies(session, pulse.id)
    pulse.withheld = json.dumps(withheld) if withheld else None
    pulse.status, pulse.closed_on = Status.CLOSED.value, today
    audit.record(session, actor, AuditAction.PULSE_CLOSED, SubjectKind.PULSE, pulse.id, pulse.title,
                 organisation_id=pulse.organisation_id)


def answered_in_tallies(session: Session, pulse: Pulse) -> int:
    """How many answered, from the counters: every question must be answered, so each question's
    counters add up to the same number; the first question's are read."""
    questions = questions_of(pulse)
    if not questions:
        return 0
    first = questions[0].card
    total = session.scalar(select(func.sum(PulseTally.count)).where(PulseTally.pulse_id == pulse.id,
                                                                    PulseTally.card == first))
    return int(total or 0)


def _tallies(session: Session, pulse_id: int) -> dict[str, dict[str, int]]:
    rows = session.execute(select(PulseTally.card, PulseTally.choice, PulseTally.count)
                           .where(PulseTally.pulse_id == pulse_id))
    tallies: dict[str, dict[str, int]] = {}
    for card, choice, count in rows:
        tallies.setdefault(card, {})[choice] = count
    return tallies


def question_results(session: Session, pulse: Pulse) -> tuple[QuestionResults, ...]:
    """Each question's distribution of a closed pulse, suppressed below its minimum (a bare total)."""
    tallies = _tallies(session, pulse.id)
    responses = pulse.responses or 0
    withheld: dict[str, str] = json.loads(pulse.withheld) if pulse.withheld else {}
    rows = []
    for question in questions_of(pulse):
        if question.card in withheld or question.card not in tallies:
            rows.append(QuestionResults(question, suppressed(responses, pulse.min_answers),
                                        withheld.get(question.card, "too_few")))
        else:
            rows.append(QuestionResults(question, results_from_kept(tallies[question.card], question.choices,
                                                                    pulse.min_answers)))
    return tuple(rows)


def _view(session: Session, pulse: Pulse, today: dt.date) -> PulseView:
    status = Status(pulse.status)
    if status is Status.CLOSED:
        answered = pulse.responses or 0
    else:
        answered = rules.DailyCount(pulse.answered_before, pulse.answered_day, pulse.answered_on_day).shown_on(today)
    return PulseView(pulse.id, pulse.title, status, pulse.made_on, pulse.opened_on, pulse.closes_on, pulse.closed_on,
                     pulse.min_answers, pulse.codes_issued, answered, questions_of(pulse),
                     question_results(session, pulse) if status is Status.CLOSED else None,
                     pulse.baseline_workshop_id, pulse.measure_id, pulse.group_label,
                     pulse.unopened if meets_minimum(pulse.unopened, pulse.min_answers) else 0)


def pulses_of(database: Database, actor: Actor, today: dt.date) -> list[PulseView]:
    """The organisation's pulses, newest first (organisers and the organisation's facilitators)."""
    organisation_id = readable_organisation(actor)
    close_due_pulses(database, today)
    with database.transaction() as session:
        pulses = session.scalars(select(Pulse).where(Pulse.organisation_id == organisation_id)
                                 .order_by(Pulse.made_on.desc(), Pulse.id.desc()))
        return [_view(session, pulse, today) for pulse in pulses]


def pulse_view(database: Database, actor: Actor, pulse_id: int, today: dt.date) -> PulseView:
    organisation_id = readable_organisation(actor)
    close_due_pulses(database, today)
    with database.transaction() as session:
        return _view(session, owned(session.get(Pulse, pulse_id), organisation_id, "pulse.not_found"), today)


def delete_expired_pulses(database: Database, today: dt.date) -> int:
    """Delete closed pulses past their organisation's retention period, counted from the close, as reports are."""
    with database.transaction() as session:
        closed = session.execute(select(Pulse, Organisation.retention_days).join(
            Organisation, Organisation.id == Pulse.organisation_id).where(Pulse.status == Status.CLOSED.value)).all()
        deleted = 0
        for pulse, retention_days in closed:
            if pulse.closed_on is not None and pulse.closed_on < oldest_kept_day(retention_days, today):
                audit.record(session, None, AuditAction.PULSE_DELETED, SubjectKind.PULSE, pulse.id, pulse.title,
                             organisation_id=pulse.organisation_id)
                keep_before_deleting_pulse(session, pulse)  # the differencing rule still weighs it
                session.delete(pulse)
                deleted += 1
    if deleted:
        database.scrub_deleted(TABLES)
    return deleted
