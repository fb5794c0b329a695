"""What phones send during a workshop: answers, withdrawals, reflections, pause signals, language.

Every command checks, in one query where it runs for each answer, that it acts on the item shown
in an open workshop; a participant is known only by the id its cookie leads to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select

from cardapp.domain import lifecycle
from cardapp.domain.lifecycle import ReflectionStatus
from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_lines, has_hidden_characters
from cardapp.domain.rounds import NotInFirstRound
from cardapp.domain.word_filter import contains_slur
from cardapp.domain.workshops import (
    MAX_REFLECTION_LENGTH,
    AnswersClosed,
    InvalidChoice,
    NotCurrentItem,
    WorkshopError,
)
from cardapp.services.errors import ServiceError
from cardapp.services.shown_items import (
    accepting_answers,
    check_shown_item,
    offered_choices,
    shown_item,
    workshop_of,
)
from cardapp.store.answers import answered_first_round, current_choice, current_item_row, store_answer
from cardapp.store.database import Database
from cardapp.store.models import Answer, Participant, PauseSignal, Reflection
from cardapp.store.replays import first_use_of


@dataclass(frozen=True)
class AnswerRequest:
    """One phone's answer as it arrived: who sent it (known from its connection), for which card and round."""

    workshop_id: int
    participant_id: int
    item_id: int
    choice: str
    answer_id: str
    answer_round: int | None = None


# What became of one answer of a batch: the choice now stored (None after a withdrawal), or its refusal.
AnswerOutcome = str | None | ServiceError | WorkshopError


def submit_answer(
    database: Database, workshop_id: int, participant_id: int, item_id: int, choice: str, answer_id: str,
    answer_round: int | None = None,
) -> str | None:
    """Store or change this phone's answer; returns the answer stored now (None after a withdrawal).

    A repeat of any answer id already applied to the item and round changes nothing: an old send
    arriving late, or replayed, never brings back an answer that was changed or withdrawn.
    """
    outcome, = submit_answers(database, [AnswerRequest(workshop_id, participant_id, item_id, choice, answer_id,
                                                       answer_round)])
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def submit_answers(database: Database, requests: Sequence[AnswerRequest]) -> list[AnswerOutcome]:
    """Several answers in one transaction and one commit, each checked and stored as `submit_answer`
    does, in the order given; the outcomes in the same order. A refused answer refuses only itself.

    Group commit for a busy room (docs/performance.md, issue 15): the shown card is read once per
    workshop of the batch, not once per answer, and the commit is shared. A database failure fails
    the whole batch and stores none of it, so every phone in it is told and sends again.
    """
    # Core statements on one connection, no ORM Session: this runs for every answer (docs/performance.md).
    with database.statements() as connection:
        shown: dict[int, Any] = {}
        outcomes: list[AnswerOutcome] = []
        for request in requests:
            try:
                outcomes.append(_apply_answer(connection, shown, request))
            except (ServiceError, WorkshopError) as refused:
                outcomes.append(refused)
        return outcomes


def _apply_answer(connection: Connection, shown: dict[int, Any], request: AnswerRequest) -> str | None:
    if request.workshop_id not in shown:
        # No answer changes what is shown, so one read serves the batch's answers to this workshop.
        shown[request.workshop_id] = current_item_row(connection, request.workshop_id)
    row = check_shown_item(shown[request.workshop_id], request.item_id)
    if request.answer_round is not None and request.answer_round != row.round:
        raise NotCurrentItem("socket.round_moved_on")
    if row.round > 1 and not answered_first_round(connection, request.item_id, request.participant_id):
        # Only people of the first round are asked again, so the two rounds compare like with like.
        raise NotInFirstRound("socket.round_two_first_only")
    if request.choice not in offered_choices(row.card):
        raise InvalidChoice("socket.invalid_choice")
    if not accepting_answers(row):
        raise AnswersClosed("socket.answers_closed")
    if not first_use_of(connection, request.item_id, row.round, request.answer_id):
        return current_choice(connection, request.item_id, request.participant_id, row.round)
    return store_answer(connection, request.item_id, request.participant_id, row.round, request.choice,
                        request.answer_id)


def withdraw_answer(database: Database, workshop_id: int, participant_id: int, item_id: int,
                    answer_round: int | None = None, withdrawal_id: str | None = None) -> None:
    """Take back this phone's answer to the open round; a late tap from an earlier round changes nothing,
    and neither does a repeat of a withdrawal id already applied (it would take back a later answer)."""
    with database.transaction() as session:
        row = shown_item(session, workshop_id, item_id)
        if answer_round is not None and answer_round != row.round:
            raise NotCurrentItem("socket.round_moved_on")
        if not accepting_answers(row):
            raise AnswersClosed("socket.answers_closed")
        if withdrawal_id is not None and not first_use_of(session, item_id, row.round, withdrawal_id):
            return
        session.execute(delete(Answer).where(Answer.item_id == item_id, Answer.participant_id == participant_id,
                                             Answer.round == row.round))


def submit_reflection(database: Database, workshop_id: int, participant_id: int, item_id: int, text: str) -> None:
    """A written reflection waits for the moderation queue, which it reaches in a batch on a boundary of
    the clock (never now); one with a slur is held back unseen."""
    cleaned = folded_lines(text)
    if not 1 <= len(cleaned) <= MAX_REFLECTION_LENGTH:
        raise InvalidChoice("socket.reflection_length")
    if has_hidden_characters(cleaned, lines_allowed=True):
        raise InvalidChoice(HIDDEN_CHARACTERS)
    with database.transaction() as session:
        row = shown_item(session, workshop_id, item_id)
        if not row.reflections_open or not lifecycle.reflections_may_open(row.item_status):
            raise AnswersClosed("socket.reflections_closed")
        existing = session.scalar(select(Reflection.id).where(Reflection.item_id == item_id,
                                                              Reflection.participant_id == participant_id))
        if existing is not None:
            return  # one per person and card, and never changed after the facilitator may have read it
        status = ReflectionStatus.HELD if contains_slur(cleaned) else ReflectionStatus.PENDING
        # A random id: ids that count up would tell the console in which order the texts came.
        session.add(Reflection(item_id=item_id, participant_id=participant_id, text=cleaned, status=status,
                               released=False))


def signal_pause(database: Database, workshop_id: int, now: dt.datetime) -> None:
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id)
        lifecycle.require_open(workshop.status)
        session.add(PauseSignal(workshop_id=workshop_id, minute=now.replace(second=0, microsecond=0)))


def choose_language(database: Database, workshop_id: int, participant_id: int, language: str) -> None:
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id)
        participant = session.get(Participant, participant_id)
        if participant is None or language not in workshop.languages.split(","):
            raise InvalidChoice("socket.language_not_offered")
        participant.language = language


def leave_workshop(database: Database, workshop_id: int, participant_id: int) -> None:
    """The phone tapped "Leave the workshop": it no longer counts among the phones in the room. Its
    answers stay (they were given); opening the page again brings it back, never counted twice."""
    with database.transaction() as session:
        workshop_of(session, workshop_id)
        participant = session.get(Participant, participant_id)
        if participant is not None and participant.workshop_id == workshop_id:
            participant.left = True
