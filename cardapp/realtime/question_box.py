"""Socket.IO handlers of the question box (docs/protocol.md, "Question box").

Registered in the command registry like every other event, so each gets the same checks: connection,
screen, the facilitator's right or the phone's rate limit, payload. A question sent is acked to the
sender alone and sent nowhere else at that moment; an upvote moves the totals on the next boundary of
the count cadence (docs/privacy.md, "Timing").
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from cardapp.domain.question_box import MAX_QUESTION_LENGTH
from cardapp.realtime.commands import ANSWERS, PHONE, Limit, command, facilitator
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import Empty, Payload
from cardapp.services import questions

# Three questions at once, then one every 20 seconds: enough for a person, too slow to flood the queue.
QUESTIONS = Limit("questions", burst=3, per_second=1 / 20)
QuestionId = Field(min_length=8, max_length=16, pattern=r"^[A-Za-z0-9_-]+$")


class AskQuestion(Payload):
    # The service trims it and checks again (a text of spaces only is refused there).
    text: str = Field(min_length=1, max_length=MAX_QUESTION_LENGTH)


class UpvoteQuestion(Payload):
    question_id: str = QuestionId


class RemoveQuestion(Payload):
    question_id: str = QuestionId


class ModerateQuestion(Payload):
    question_id: str = QuestionId
    decision: Literal["approve", "reject"]


@command("ask_question", AskQuestion, {PHONE}, limit=QUESTIONS)
def ask_question(caller: Caller, payload: AskQuestion) -> None:
    """Phone, on any item: an anonymous question, acked to the sender only. Nothing else is sent now: the
    console gets it with others, on a boundary of the clock or when the facilitator takes them in."""
    questions.ask_question(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                           payload.text)


@command("upvote_question", UpvoteQuestion, {PHONE}, limit=ANSWERS)
def upvote_question(caller: Caller, payload: UpvoteQuestion) -> dict[str, Any]:
    """Phone: its one vote for a shown question, acked to the sender only; a repeat changes nothing. The
    console and projector get the new totals on the next boundary of the count cadence."""
    if questions.upvote(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                        payload.question_id):
        hub.get().presence.mark(caller.workshop_id)
    return {"question_id": payload.question_id, "voted": True}


@facilitator("moderate_question", ModerateQuestion, moderates=True)
def moderate_question(caller: Caller, payload: ModerateQuestion) -> None:
    """Console or moderator view: approve or reject one question of the queue; every screen gets `workshop_state`."""
    questions.moderate_question(database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                                payload.question_id, payload.decision == "approve")


@facilitator("remove_question", RemoveQuestion, moderates=True)
def remove_question(caller: Caller, payload: RemoveQuestion) -> None:
    """Console or moderator view: take an approved question down from the projector and the phones; its
    votes are dropped and it cannot be approved again. Every screen gets `workshop_state`."""
    questions.remove_question(database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                              payload.question_id)


@facilitator("collect_questions", moderates=True)
def collect_questions(caller: Caller, _payload: Empty) -> None:
    """Console or moderator view: every question still waiting joins the queue now; every screen gets
    `workshop_state`."""
    questions.collect_questions(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@facilitator("add_question_box")
def add_question_box(caller: Caller, _payload: Empty) -> dict[str, Any]:
    """Console: the question box as the next agenda item (one per workshop); every screen gets `workshop_state`."""
    position = questions.add_question_box(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]
    return {"position": position}
