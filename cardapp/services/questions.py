"""The question box's use cases: a phone asks or upvotes, the facilitator moderates, the clock moves them.

The rules of written reflections hold (docs/privacy.md, "Timing"): a question sent reaches no other
screen at that moment. It joins the console's moderation queue in a batch, on a boundary of the clock
(or when the facilitator takes the waiting ones in), listed by its random id; approved questions reach
the projector in batches of at least the minimum; vote totals move only on the count cadence's
boundaries. When the workshop ends, the questions the room saw are kept with their shown totals in
the question box item, and every question and vote row is deleted.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cardapp.domain import lifecycle
from cardapp.domain import question_box as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.anonymity import least_waiting_to_release, meets_minimum, new_batch_due, release_due
from cardapp.domain.lifecycle import ReflectionStatus as Status
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.question_box import ShownQuestion
from cardapp.domain.word_filter import contains_slur
from cardapp.domain.workshops import WorkshopNotOpen
from cardapp.i18n import LANGUAGES, translate
from cardapp.services.errors import Conflict, NotFound
from cardapp.services.shown_items import workshop_of
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.questions import Question, QuestionVote, add_vote

TABLES = (Question.__tablename__, QuestionVote.__tablename__)


# --- The facilitator --------------------------------------------------------------------------------

def add_question_box(database: Database, actor: Actor, workshop_id: int) -> int:
    """The question box as an agenda item right after the shown one (at the end of a draft); its position.

    One per workshop: the room reads every question in one place. From the console while it runs, or
    from a draft's agenda page."""
    titles = {language: translate("live.questions.title", language) for language in LANGUAGES}
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        if workshop.status == WorkshopStatus.ENDED:
            raise WorkshopNotOpen("socket.workshop_ended")
        items = sorted(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)),
                       key=lambda item: item.position)
        if any(item.kind == rules.KIND for item in items):
            raise Conflict("socket.question_box_exists")
        after = workshop.current_position if workshop.current_position is not None else len(items) - 1
        for item in reversed(items):  # positions are unique: make room from the end backwards
            if item.position > after:
                item.position += 1
                session.flush()
        card = rules.question_box_card(titles)
        session.add(AgendaItem(workshop_id=workshop.id, position=after + 1, card_id=rules.CARD_ID,
                               kind=rules.KIND, card=json.dumps(card, ensure_ascii=False),
                               shuffle_seed=random.SystemRandom().randrange(2**31)))
        return after + 1


def collect_questions(database: Database, actor: Actor, workshop_id: int) -> None:
    """The facilitator takes the waiting questions into the queue now, as on the longer boundary of the
    clock: from two waiting. A lone question still waits for company; taken in at once, right after
    someone was seen tapping "Send", it would be theirs."""
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        lifecycle.require_open(workshop.status)
        waiting = _waiting(session, workshop.id)
        if release_due(waiting, boundary_passed=True, answers_closed=False):
            _release(session, [workshop.id])


def moderate_question(database: Database, actor: Actor, workshop_id: int, question_id: str, approve: bool) -> None:
    """Approve or reject a question of the queue, known by its random id; approved questions reach the
    projector only as a batch of at least the minimum."""
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        lifecycle.require_open(workshop.status)
        question = session.get(Question, question_id)
        if question is None or question.workshop_id != workshop.id or not question.released:
            raise NotFound("socket.no_such_question")
        if question.status == Status.REMOVED:  # taken down: it never comes back
            raise Conflict("socket.question_removed")
        if question.shown_batch is None:  # the room saw it: it stays
            question.status = Status.APPROVED if approve else Status.REJECTED
        session.flush()
        show_new_batch(session, workshop)


def remove_question(database: Database, actor: Actor, workshop_id: int, question_id: str) -> None:
    """Take an approved question down (shown or waiting for its batch): it leaves the projector's and the
    phones' lists at the next state, its votes are deleted, it is not kept at the end and it can never be
    approved again. A facilitator who approved something hurtful must be able to undo that in the room."""
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        lifecycle.require_open(workshop.status)
        question = session.get(Question, question_id)
        if question is None or question.workshop_id != workshop.id or question.status != Status.APPROVED:
            raise NotFound("socket.no_such_question")
        question.status, question.shown_batch, question.shown_votes = Status.REMOVED, None, 0
        session.execute(delete(QuestionVote).where(QuestionVote.question_id == question.public_id))


def show_new_batch(session: Session, workshop: Workshop) -> None:
    """Approved questions not yet shown join the projector's list as one batch, if the rule allows it now."""
    unshown = select(Question.public_id).where(Question.workshop_id == workshop.id, Question.shown_batch.is_(None),
                                               Question.status == Status.APPROVED)
    count = len(session.scalars(unshown).all())
    if not new_batch_due(count, workshop.min_answers, answers_closed=True):
        return
    last = session.scalar(select(func.max(Question.shown_batch)).where(Question.workshop_id == workshop.id)) or 0
    session.execute(update(Question).where(Question.public_id.in_(unshown.scalar_subquery()))
                    .values(shown_batch=last + 1))


# --- The phones ---------------------------------------------------------------------------------------

def ask_question(database: Database, workshop_id: int, participant_id: int, text: str) -> None:
    """A question waits unseen for the moderation queue, which it reaches in a batch on a boundary of the
    clock (never now); one with a slur is held back unseen."""
    cleaned = rules.cleaned_question(text)
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id)
        lifecycle.require_open(workshop.status)
        asked = session.scalar(select(func.count()).select_from(Question).where(
            Question.workshop_id == workshop_id, Question.participant_id == participant_id)) or 0
        if not rules.may_ask_more(asked):
            raise rules.QuestionsFull("socket.too_many_questions")
        status = Status.HELD if contains_slur(cleaned) else Status.PENDING
        session.add(Question(workshop_id=workshop_id, participant_id=participant_id, text=cleaned, status=status,
                             released=False))


def upvote(database: Database, workshop_id: int, participant_id: int, question_id: str) -> bool:
    """This phone's vote for a question the room has seen: one per phone, a repeat changes nothing.
    True when the vote is new (the totals then move on the next boundary of the count cadence)."""
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id)
        lifecycle.require_open(workshop.status)
        question = session.get(Question, question_id)
        if question is None or question.workshop_id != workshop_id or question.shown_batch is None:
            raise NotFound("socket.no_such_question")
        return add_vote(session, question_id, participant_id)


# --- The clock ----------------------------------------------------------------------------------------

def release_due_questions(database: Database, boundary_passed: bool) -> set[int]:
    """On a boundary of the clock: the questions waiting in each open workshop go to its queue where
    enough wait. Returns the workshops whose consoles have new questions."""
    with database.transaction() as session:
        rows = session.execute(select(Question.workshop_id).join(Workshop, Workshop.id == Question.workshop_id)
                               .where(Question.released.is_(False), Workshop.status == WorkshopStatus.OPEN)
                               .group_by(Question.workshop_id)
                               .having(func.count() >= least_waiting_to_release(boundary_passed))).all()
        workshops = [workshop_id for (workshop_id,) in rows]
        if workshops:
            _release(session, workshops)
        return set(workshops)


def publish_votes(database: Database, workshop_ids: Iterable[int]) -> set[int]:
    """On a boundary of the count cadence: the shown questions' totals become the ones screens show,
    all together and only once the votes not yet shown add up to the workshop's minimum. A total that
    moved by one right after one person tapped would say which question that person backed.
    Returns the workshops whose totals moved."""
    wanted = list(workshop_ids)
    if not wanted:
        return set()
    with database.transaction() as session:
        votes = (select(func.count()).select_from(QuestionVote).where(QuestionVote.question_id == Question.public_id)
                 .correlate(Question).scalar_subquery())
        rows = session.execute(select(Question.public_id, Question.workshop_id, Question.shown_votes, votes,
                                      Workshop.min_answers)
                               .join(Workshop, Workshop.id == Question.workshop_id)
                               .where(Question.workshop_id.in_(wanted), Question.shown_batch.is_not(None))).all()
        unshown: dict[int, int] = {}
        for _public_id, workshop_id, shown, total, _minimum in rows:
            unshown[workshop_id] = unshown.get(workshop_id, 0) + max(total - (shown or 0), 0)
        minimum = {workshop_id: min_answers for _p, workshop_id, _s, _t, min_answers in rows}
        moved = {workshop_id for workshop_id, new in unshown.items() if meets_minimum(new, minimum[workshop_id])}
        for public_id, workshop_id, shown, total, _minimum in rows:
            if workshop_id in moved and total != shown:
                session.execute(update(Question).where(Question.public_id == public_id).values(shown_votes=total))
        return moved


def _waiting(session: Session, workshop_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Question).where(
        Question.workshop_id == workshop_id, Question.released.is_(False))) or 0


def _release(session: Session, workshop_ids: list[int]) -> None:
    session.execute(update(Question).where(Question.workshop_id.in_(workshop_ids), Question.released.is_(False))
                    .values(released=True))


# --- What screens see ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Queue:
    """The console's share: released questions waiting for a decision (by random id), and counts."""

    pending: list[tuple[str, str]]
    held: int
    approved: int
    removable: list[tuple[str, str]]  # approved (shown or waiting for a batch): the facilitator may take them down


def queue(session: Session, workshop_id: int) -> Queue:
    rows = session.execute(select(Question.public_id, Question.text, Question.status)
                           .where(Question.workshop_id == workshop_id, Question.released.is_(True))
                           .order_by(Question.public_id)).all()
    return Queue(pending=[(public_id, text) for public_id, text, status in rows if status == Status.PENDING],
                 held=sum(1 for row in rows if row.status == Status.HELD),
                 approved=sum(1 for row in rows if row.status == Status.APPROVED),
                 removable=[(public_id, text) for public_id, text, status in rows if status == Status.APPROVED])


def shown_questions(session: Session, workshop_id: int) -> list[ShownQuestion]:
    """Every question the room has seen, with its total as last shown; ordered by the random id."""
    rows = session.execute(select(Question.public_id, Question.text, Question.shown_votes)
                           .where(Question.workshop_id == workshop_id, Question.shown_batch.is_not(None))
                           .order_by(Question.public_id)).all()
    return [ShownQuestion(public_id, text, votes) for public_id, text, votes in rows]


def approved_unshown(session: Session, workshop_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Question).where(
        Question.workshop_id == workshop_id, Question.status == Status.APPROVED,
        Question.shown_batch.is_(None))) or 0


def own_votes(session: Session, workshop_id: int, participant_id: int) -> list[str]:
    """The questions this phone voted for: only in its own snapshot."""
    return sorted(session.scalars(select(QuestionVote.question_id).join(
        Question, Question.public_id == QuestionVote.question_id).where(
        Question.workshop_id == workshop_id, QuestionVote.participant_id == participant_id)))


# --- The end ----------------------------------------------------------------------------------------------

def kept_at_end(session: Session, workshop_id: int) -> dict[str, Any] | None:
    """What outlives the workshop: the questions the room saw and their totals as shown, most votes first."""
    shown = rules.by_votes(shown_questions(session, workshop_id))
    if not shown:
        return None
    return {"questions": [{"text": question.text, "votes": question.votes} for question in shown]}


def forget(session: Session, workshop_id: int) -> None:
    """Delete every question and vote of the workshop: no row links a phone to a question any more."""
    ids = select(Question.public_id).where(Question.workshop_id == workshop_id).scalar_subquery()
    session.execute(delete(QuestionVote).where(QuestionVote.question_id.in_(ids)))
    session.execute(delete(Question).where(Question.workshop_id == workshop_id))
