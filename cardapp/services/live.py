"""Running a workshop: the facilitator's commands, the phones' answers, and what each screen sees."""

from __future__ import annotations

import datetime as dt
import json
import random

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cardapp.domain import lifecycle
from cardapp.domain.accounts import Actor
from cardapp.domain.anonymity import PAUSE_MINUTES, kept_participant_count
from cardapp.domain.deck_format import TEXT
from cardapp.domain.lifecycle import ItemStatus, ReflectionStatus, WorkshopStatus
from cardapp.domain.workshops import AnswersClosed, WorkshopNotOpen, choices_for, phones_in_room, typed_text
from cardapp.services import audit, questions, reflection_batches, run_sheets
from cardapp.services.errors import NotFound
from cardapp.services.exercises import exercise_of
from cardapp.services.shown_items import workshop_of as _workshop
from cardapp.store import traces
from cardapp.store.answer_counts import answered_counts
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Answer, Participant, PauseSignal, Reflection, Workshop
from cardapp.store.replays import forget_answer_ids
from cardapp.store.room_counts import joined_not_left

ADDED_CARD_PREFIX = "added-"


def _item_at(session: Session, workshop: Workshop, position: int | None) -> AgendaItem | None:
    if position is None:
        return None
    return session.scalar(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id,
                                                   AgendaItem.position == position))


def _current(session: Session, workshop: Workshop) -> AgendaItem:
    lifecycle.require_open(workshop.status)
    item = _item_at(session, workshop, workshop.current_position)
    if item is None:
        raise WorkshopNotOpen("socket.workshop_not_open")
    return item


def _enter(session: Session, workshop: Workshop, item: AgendaItem) -> None:
    run_sheets.item_entered(session, workshop.id, item, run_sheets.utc_now())
    workshop.current_position = item.position
    entered = lifecycle.entered(item.status, "content_note" in json.loads(item.card))
    item.status, workshop.phase = entered.status, entered.phase


# --- The facilitator's commands -------------------------------------------------------------

def start_workshop(database: Database, actor: Actor, workshop_id: int) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        was_draft = workshop.status == WorkshopStatus.DRAFT
        workshop.status = lifecycle.started(workshop.status)
        if was_draft:
            audit.record_workshop(session, actor, audit.AuditAction.WORKSHOP_STARTED, workshop)
            first = _item_at(session, workshop, 0)
            if first is not None:
                _enter(session, workshop, first)


def show_item(database: Database, actor: Actor, workshop_id: int, position: int) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        _current(session, workshop)
        item = _item_at(session, workshop, position)
        if item is None:
            raise NotFound("socket.no_such_item")
        _enter(session, workshop, item)


def show_card(database: Database, actor: Actor, workshop_id: int) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        item = _current(session, workshop)
        shown = lifecycle.card_shown(item.status)
        item.status, workshop.phase = shown.status, shown.phase


def _close(session: Session, workshop: Workshop, item: AgendaItem) -> None:
    # Written reflections close with the answers: a late one would otherwise appear on the
    # projector on its own, and everyone would know whose it was (promise 5). The texts still
    # waiting go to the moderation queue now, and approved ones not yet shown may form a batch.
    item.status = ItemStatus.CLOSED
    item.reflections_open = False
    reflection_batches.release_waiting(session, item, answers_closed=True)
    reflection_batches.show_new_batch(session, item, workshop.min_answers)


def close_answers(database: Database, actor: Actor, workshop_id: int) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        item = _current(session, workshop)
        _close(session, workshop, item)
        forget_answer_ids(session, [item.id])  # closed: no answer can come, so no repeat to catch


def set_results_revealed(database: Database, actor: Actor, workshop_id: int, revealed: bool) -> None:
    """Reveal (closing answers first) or hide the current item's results."""
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        item = _current(session, workshop)
        if revealed:
            _close(session, workshop, item)
            forget_answer_ids(session, [item.id])
            item.revealed_rounds = max(item.revealed_rounds, item.round)
            exercise_of(item.kind).disclose(session, workshop, item)
        item.revealed = revealed


def start_second_round(database: Database, actor: Actor, workshop_id: int) -> None:
    """Ask the shown statement again after the talk; the first round's answers stay as they were."""
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        item = _current(session, workshop)
        asked = lifecycle.second_round(item.status, item.round, bool(choices_for(json.loads(item.card))))
        item.status, workshop.phase, item.round, item.revealed = asked.status, asked.phase, asked.round, False


def add_scenario(database: Database, actor: Actor, workshop_id: int, text: str) -> int:
    """A scenario typed on the console, in the projector's language, placed right after the shown item.

    Returns its position. It is saved to the workshop like any agenda copy.
    """
    cleaned = typed_text(text, TEXT, "scenario")
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        if workshop.status == WorkshopStatus.ENDED:
            raise WorkshopNotOpen("socket.workshop_ended")
        items = sorted(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)),
                       key=lambda item: item.position)
        after = workshop.current_position if workshop.current_position is not None else len(items) - 1
        # Positions are unique: make room from the end backwards.
        for item in reversed(items):
            if item.position > after:
                item.position += 1
                session.flush()
        added = sum(1 for item in items if item.card_id.startswith(ADDED_CARD_PREFIX)) + 1
        card = {"id": f"{ADDED_CARD_PREFIX}{added}", "kind": "statement", "scale": "ok_not_ok",
                "text": {workshop.projector_language: cleaned}}
        session.add(AgendaItem(workshop_id=workshop.id, position=after + 1, card_id=card["id"], kind="statement",
                               card=json.dumps(card, ensure_ascii=False),
                               shuffle_seed=random.SystemRandom().randrange(2**31)))
        return after + 1


def open_reflections(database: Database, actor: Actor, workshop_id: int) -> None:
    with database.transaction() as session:
        item = _current(session, _workshop(session, workshop_id, actor))
        if not lifecycle.reflections_may_open(item.status):
            raise AnswersClosed("socket.answers_closed")
        item.reflections_open = True


def moderate_reflection(database: Database, actor: Actor, workshop_id: int, reflection_id: str,
                        approve: bool) -> None:
    """Approve or reject a text of the moderation queue, known by its random id; approved texts reach the
    projector only as a batch of at least the minimum, after answers close."""
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        reflection = session.scalar(select(Reflection).where(Reflection.public_id == reflection_id,
                                                             Reflection.released.is_(True)))
        item = session.get(AgendaItem, reflection.item_id) if reflection else None
        if reflection is None or item is None or item.workshop_id != workshop.id:
            raise NotFound("socket.no_such_reflection")
        reflection.status = ReflectionStatus.APPROVED if approve else ReflectionStatus.REJECTED
        session.flush()
        reflection_batches.show_new_batch(session, item, workshop.min_answers)


def release_reflections_due(database: Database, boundary_passed: bool) -> set[int]:
    """On a boundary of the clock: the texts waiting in an open workshop go to its moderation queue where
    enough wait. Returns the workshops whose consoles have new texts."""
    with database.transaction() as session:
        return reflection_batches.release_all_waiting(session, boundary_passed)


def end_workshop(database: Database, actor: Actor | None, workshop_id: int, today: dt.date) -> None:
    """End it: keep only the totals the room saw, delete every participant and so every link between answers.

    `actor` None is the server itself, ending a workshop nobody ended (see services.retention).
    """
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        if workshop.status == WorkshopStatus.ENDED:
            return
        items = session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)).all()
        for item in items:
            exercise_of(item.kind).end(session, workshop, item)
            _keep_only_shown_reflections(session, item)
        session.execute(delete(Answer).where(Answer.item_id.in_([item.id for item in items])))
        forget_answer_ids(session, [item.id for item in items])
        phones = session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)) or 0
        # Only what the report shows ("about 10", "fewer than 5"): the exact number would outlive the room.
        workshop.participant_count = kept_participant_count(phones, workshop.min_answers)
        session.execute(delete(Participant).where(Participant.workshop_id == workshop.id))
        session.execute(delete(PauseSignal).where(PauseSignal.workshop_id == workshop.id))
        questions.forget(session, workshop.id)  # the question box item, if any, kept what the room saw
        workshop.status, workshop.room_code, workshop.ended_on = WorkshopStatus.ENDED, None, today
        audit.record_workshop(session, actor, audit.AuditAction.WORKSHOP_ENDED, workshop)
    database.scrub_deleted(traces.PER_PERSON)  # no copy of what was deleted stays in the files


def _keep_only_shown_reflections(session: Session, item: AgendaItem) -> None:
    """Texts never shown to the room (pending, held, rejected, approved but never in a shown batch) are
    deleted; those shown lose their link to the phone (promise 5)."""
    session.execute(delete(Reflection).where(Reflection.item_id == item.id, Reflection.shown_batch.is_(None)))
    session.execute(update(Reflection).where(Reflection.item_id == item.id).values(participant_id=None))


# --- Counts --------------------------------------------------------------------------------

def room_counts(database: Database, workshop_ids: set[int]) -> dict[int, tuple[int | None, int | None, int, int]]:
    """(item id, round, N, M) of "N of M answered" for each workshop: N as `answer_counts`, M the
    phones that joined and have not left (never fewer than N); a workshop showing nothing has
    (None, None, 0, M)."""
    if not workshop_ids:
        return {}
    with database.transaction() as session:
        answered = answered_counts(session, workshop_ids)
        present = joined_not_left(session, workshop_ids)
    counts: dict[int, tuple[int | None, int | None, int, int]] = {}
    for workshop_id in workshop_ids:
        item_id, answer_round, count = answered.get(workshop_id, (None, None, 0))
        counts[workshop_id] = (item_id, answer_round, count, phones_in_room(present[workshop_id], count))
    return counts


def recent_pauses(database: Database, workshop_id: int, now: dt.datetime) -> int:
    with database.transaction() as session:
        return pauses_since(session, workshop_id, now)


def pauses_since(session: Session, workshop_id: int, now: dt.datetime) -> int:
    """'I need a pause' signals in the last five minutes that have ended: a count, never who. The
    minute under way is left out, so a tap shows only once its minute is over (docs/privacy.md)."""
    this_minute = now.replace(second=0, microsecond=0)
    return session.scalar(select(func.count(PauseSignal.id)).where(
        PauseSignal.workshop_id == workshop_id, PauseSignal.minute < this_minute,
        PauseSignal.minute >= this_minute - dt.timedelta(minutes=PAUSE_MINUTES))) or 0
