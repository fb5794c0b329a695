"""Running a workshop: the facilitator's commands, the phones' answers, and what each screen sees."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.deck_format import TEXT
from cardapp.domain.report import kept_participant_count
from cardapp.domain.rounds import MAX_ROUNDS, RoundNotPossible, results_by_round
from cardapp.domain.workshops import (
    AnswersClosed,
    WorkshopNotOpen,
    choices_for,
    tally,
    typed_text,
)
from cardapp.services import power_walk, risk_map
from cardapp.services.errors import NotFound
from cardapp.services.shown_items import workshop_of as _workshop
from cardapp.services.workshops import DRAFT, ENDED, OPEN
from cardapp.store import traces
from cardapp.store.answers import answered_counts
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Answer, Participant, PauseSignal, Reflection, Workshop
from cardapp.store.replays import forget_answer_ids

PAUSE_WINDOW = dt.timedelta(minutes=5)
ADDED_CARD_PREFIX = "added-"


def _item_at(session: Session, workshop: Workshop, position: int | None) -> AgendaItem | None:
    if position is None:
        return None
    return session.scalar(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id,
                                                   AgendaItem.position == position))


def _current(session: Session, workshop: Workshop) -> AgendaItem:
    if workshop.status != OPEN:
        raise WorkshopNotOpen("socket.workshop_not_open")
    item = _item_at(session, workshop, workshop.current_position)
    if item is None:
        raise WorkshopNotOpen("socket.workshop_not_open")
    return item


def _enter(workshop: Workshop, item: AgendaItem) -> None:
    workshop.current_position = item.position
    has_note = "content_note" in json.loads(item.card)
    # A content note comes first, the first time a card is shown; coming back goes straight to it.
    workshop.phase = "content_note" if item.status == "waiting" and has_note else "card"
    if workshop.phase == "card" and item.status == "waiting":
        item.status = "open"


# --- The facilitator's commands -------------------------------------------------------------

def start_workshop(database: Database, actor: Actor, workshop_id: int) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        if workshop.status == ENDED:
            raise WorkshopNotOpen("socket.workshop_ended")
        if workshop.status == DRAFT:
            workshop.status = OPEN
            first = _item_at(session, workshop, 0)
            if first is not None:
                _enter(workshop, first)


def show_item(database: Database, actor: Actor, workshop_id: int, position: int) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        _current(session, workshop)
        item = _item_at(session, workshop, position)
        if item is None:
            raise NotFound("socket.no_such_item")
        _enter(workshop, item)


def show_card(database: Database, actor: Actor, workshop_id: int) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        item = _current(session, workshop)
        workshop.phase = "card"
        if item.status == "waiting":
            item.status = "open"


def _close(item: AgendaItem) -> None:
    # Written reflections close with the answers: a late one would otherwise appear on the
    # projector on its own, and everyone would know whose it was (promise 5).
    item.status = "closed"
    item.reflections_open = False


def close_answers(database: Database, actor: Actor, workshop_id: int) -> None:
    with database.transaction() as session:
        item = _current(session, _workshop(session, workshop_id, actor))
        _close(item)
        forget_answer_ids(session, [item.id])  # closed: no answer can come, so no repeat to catch


def set_results_revealed(database: Database, actor: Actor, workshop_id: int, revealed: bool) -> None:
    """Reveal (closing answers first) or hide the current item's results."""
    with database.transaction() as session:
        item = _current(session, _workshop(session, workshop_id, actor))
        if revealed:
            _close(item)
            forget_answer_ids(session, [item.id])
            item.revealed_rounds = max(item.revealed_rounds, item.round)
        item.revealed = revealed


def start_second_round(database: Database, actor: Actor, workshop_id: int) -> None:
    """Ask the shown statement again after the talk; the first round's answers stay as they were."""
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        item = _current(session, workshop)
        if not choices_for(json.loads(item.card)):
            raise RoundNotPossible("socket.round_no_stances")
        if item.round >= MAX_ROUNDS:
            raise RoundNotPossible("socket.round_already_again")
        if item.status != "closed":
            raise RoundNotPossible("socket.round_first_open")
        item.round += 1
        item.status, item.revealed, workshop.phase = "open", False, "card"


def add_scenario(database: Database, actor: Actor, workshop_id: int, text: str) -> int:
    """A scenario typed on the console, in the projector's language, placed right after the shown item.

    Returns its position. It is saved to the workshop like any agenda copy.
    """
    cleaned = typed_text(text, TEXT, "scenario")
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        if workshop.status == ENDED:
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
        if item.status == "closed":
            raise AnswersClosed("socket.answers_closed")
        item.reflections_open = True


def moderate_reflection(database: Database, actor: Actor, workshop_id: int, reflection_id: int, approve: bool) -> None:
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        reflection = session.get(Reflection, reflection_id)
        item = session.get(AgendaItem, reflection.item_id) if reflection else None
        if reflection is None or item is None or item.workshop_id != workshop.id:
            raise NotFound("socket.no_such_reflection")
        reflection.status = "approved" if approve else "rejected"


def end_workshop(database: Database, actor: Actor | None, workshop_id: int, today: dt.date) -> None:
    """End it: keep only the totals the room saw, delete every participant and so every link between answers.

    `actor` None is the server itself, ending a workshop nobody ended (see services.retention).
    """
    with database.transaction() as session:
        workshop = _workshop(session, workshop_id, actor)
        if workshop.status == ENDED:
            return
        items = session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)).all()
        for item in items:
            rows = session.execute(select(Answer.round, Answer.choice).where(Answer.item_id == item.id)).all()
            by_round: dict[int, Counter[str]] = {}
            for answer_round, choice in rows:
                by_round.setdefault(answer_round, Counter())[choice] += 1
            # A round the facilitator never revealed stays unseen: its answers go with the rest.
            kept = {str(r): _kept_totals(c, workshop.min_answers)
                    for r, c in sorted(by_round.items()) if r <= item.revealed_rounds}
            if kept:
                item.final_counts = json.dumps(kept)
            _keep_only_shown_reflections(session, item, workshop.min_answers)
        power_walk.end_walks(session, workshop)
        risk_map.end_maps(session, workshop)
        session.execute(delete(Answer).where(Answer.item_id.in_([item.id for item in items])))
        forget_answer_ids(session, [item.id for item in items])
        phones = session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)) or 0
        # Only what the report shows ("about 10", "fewer than 5"): the exact number would outlive the room.
        workshop.participant_count = kept_participant_count(phones, workshop.min_answers)
        session.execute(delete(Participant).where(Participant.workshop_id == workshop.id))
        session.execute(delete(PauseSignal).where(PauseSignal.workshop_id == workshop.id))
        workshop.status, workshop.room_code, workshop.ended_on = ENDED, None, today
    database.scrub_deleted(traces.PER_PERSON)  # no copy of what was deleted stays in the files


def _kept_totals(counts: Counter[str], min_answers: int) -> dict[str, int]:
    # Below the minimum a distribution is never kept, only how many answered (promise 2).
    total = sum(counts.values())
    return dict(counts) if total >= min_answers else {"total": total}


def _keep_only_shown_reflections(session: Session, item: AgendaItem, min_answers: int) -> None:
    """Texts never shown to the room (pending, held, rejected, or too few approved) are deleted."""
    approved = session.scalar(select(func.count(Reflection.id)).where(
        Reflection.item_id == item.id, Reflection.status == "approved")) or 0
    doomed = delete(Reflection).where(Reflection.item_id == item.id)
    # The projector shows approved reflections only once answers are closed (promise 5).
    if approved >= min_answers and item.status == "closed":
        doomed = doomed.where(Reflection.status != "approved")
    session.execute(doomed)
    session.execute(update(Reflection).where(Reflection.item_id == item.id).values(participant_id=None))


# --- Counts --------------------------------------------------------------------------------

def answer_counts(database: Database, workshop_ids: set[int]) -> dict[int, tuple[int, int, int]]:
    """(item id, round, how many answered) of the shown item of each open workshop, in one query,
    whatever the item is: a card, a power walk or a risk map."""
    if not workshop_ids:
        return {}
    with database.transaction() as session:
        return answered_counts(session, workshop_ids)


def recent_pauses(database: Database, workshop_id: int, now: dt.datetime) -> int:
    with database.transaction() as session:
        return pauses_since(session, workshop_id, now)


def pauses_since(session: Session, workshop_id: int, now: dt.datetime) -> int:
    """'I need a pause' signals in the last five minutes: a count, never who."""
    return session.scalar(select(func.count(PauseSignal.id)).where(
        PauseSignal.workshop_id == workshop_id, PauseSignal.minute >= now - PAUSE_WINDOW)) or 0


def results_of(session: Session, item: AgendaItem, min_answers: int) -> dict[str, Any]:
    """The revealed distribution of every round so far, each suppressed below the minimum."""
    options = choices_for(json.loads(item.card))
    rows = session.execute(select(Answer.round, Answer.choice).where(Answer.item_id == item.id)).all()
    rounds = [tally((choice for answer_round, choice in rows if answer_round == number), options, min_answers)
              for number in range(1, item.round + 1)]
    return results_by_round(rounds)
