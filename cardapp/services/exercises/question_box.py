"""The question box as an exercise: the approved questions the room has seen, on the projector by votes,
on phones with an upvote button (in an order that follows neither arrival nor votes), and on the
console with what waits for a batch. The questions themselves are the workshop's, asked from any item
(`cardapp.services.questions`); this item is where the room reads them. At the end it keeps the
questions the room saw and their totals as shown, and deletes every question and vote."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from cardapp.domain import question_box as rules
from cardapp.services import questions
from cardapp.services.exercises.base import Scene
from cardapp.services.payloads import RoundResults, Screen, Wire
from cardapp.services.report_parts import AskedQuestion, QuestionBox, kept_of
from cardapp.store.models import AgendaItem, Workshop


class CountedQuestion(Wire):
    id: str  # random: says nothing about when it was asked
    text: str
    votes: int  # as moved on the last boundary of the count cadence


class PhoneQuestion(Wire):
    """What a phone sees of a question: no total (a phone may ask for a fresh state at any moment)."""

    id: str
    text: str


class Questions(Wire):
    questions: list[CountedQuestion]  # most votes first, then by the random id


class ConsoleQuestions(Questions):
    # Approved, waiting for enough others to join the projector as a batch of at least `batch`.
    waiting_for_batch: int
    batch: int


class PhoneQuestions(Wire):
    questions: list[PhoneQuestion]


class OwnPhoneQuestions(PhoneQuestions):
    voted: list[str]  # the questions this phone upvoted: only in its own snapshot


class QuestionBoxExercise:
    kind = rules.KIND
    part_name: str | None = "question_box"
    parts: dict[Screen, type[Wire]] = {Screen.CONSOLE: ConsoleQuestions, Screen.PROJECTOR: Questions,
                                       Screen.PHONES: PhoneQuestions, Screen.PHONE: OwnPhoneQuestions}
    report_section: str | None = "question_boxes"

    def results(self, scene: Scene) -> RoundResults | None:
        return None

    def disclose(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        """Nothing is revealed here: questions show batch by batch as the facilitator approves them."""

    def part(self, scene: Scene) -> Wire:
        session, workshop = scene.session, scene.workshop
        shown = questions.shown_questions(session, workshop.id)
        if scene.screen in (Screen.PHONES, Screen.PHONE):
            listed = [PhoneQuestion(id=q.id, text=q.text) for q in rules.mixed(shown, scene.item.shuffle_seed)]
            if scene.screen == Screen.PHONE and scene.participant_id is not None:
                return OwnPhoneQuestions(questions=listed,
                                         voted=questions.own_votes(session, workshop.id, scene.participant_id))
            return PhoneQuestions(questions=listed)
        counted = [CountedQuestion(id=q.id, text=q.text, votes=q.votes) for q in rules.by_votes(shown)]
        if scene.screen == Screen.CONSOLE:
            return ConsoleQuestions(questions=counted, batch=workshop.min_answers,
                                    waiting_for_batch=questions.approved_unshown(session, workshop.id))
        return Questions(questions=counted)

    def end(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        kept = questions.kept_at_end(session, workshop.id)
        if kept is not None:
            item.final_counts = json.dumps(kept, ensure_ascii=False)
        questions.forget(session, workshop.id)

    def report_part(self, workshop: Workshop, item: AgendaItem, context: Any) -> QuestionBox | None:
        kept = kept_of(item).get("questions")
        if not isinstance(kept, list) or not kept:
            return None
        return QuestionBox(item.position, tuple(AskedQuestion(str(row.get("text", "")), int(row.get("votes", 0)))
                                                for row in kept if isinstance(row, dict)))
