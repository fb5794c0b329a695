"""The question box: participants ask, anonymously and at any time, the question they would never ask aloud.

A question waits unseen until the moderation queue takes it in a batch on a boundary of the clock (the
rules of written reflections, `anonymity.release_due`); approved questions reach the projector in
batches of at least the minimum (`anonymity.new_batch_due`); phones upvote approved questions, one
vote per phone, and the totals move only on the count cadence's boundaries. The agenda item of this
kind is where the room reads them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_line, has_hidden_characters
from cardapp.domain.workshops import WorkshopError

KIND = "question_box"
CARD_ID = "question-box"
# A tweet's length: long enough for a real question, short enough to read from the back of a room.
MAX_QUESTION_LENGTH = 280
# Questions one phone may send in a workshop; beyond it the box is full for that phone (a clear refusal),
# so one person cannot fill the facilitator's queue.
MAX_QUESTIONS_PER_PHONE = 10


class QuestionRefused(WorkshopError):
    """A question that cannot be taken: too long, empty, or one too many."""

    code = "invalid_payload"


class QuestionsFull(WorkshopError):
    code = "too_many_questions"


def question_box_card(titles: Mapping[str, str]) -> dict[str, Any]:
    """The agenda copy of a question box: its title in every interface language."""
    return {"id": CARD_ID, "kind": KIND, "text": dict(titles)}


def cleaned_question(text: str) -> str:
    """The question as it will be shown: trimmed, with runs of blank space made one; refused when empty
    or longer than `MAX_QUESTION_LENGTH`, or holding a character nobody can see (`plain_text.py`)."""
    cleaned = folded_line(text)
    if not 1 <= len(cleaned) <= MAX_QUESTION_LENGTH:
        raise QuestionRefused("socket.question_length")
    if has_hidden_characters(cleaned):
        raise QuestionRefused(HIDDEN_CHARACTERS)
    return cleaned


def may_ask_more(asked: int) -> bool:
    return asked < MAX_QUESTIONS_PER_PHONE


@dataclass(frozen=True)
class ShownQuestion:
    """An approved question the room has seen, known by its random id, with its votes as last shown."""

    id: str
    text: str
    votes: int


def by_votes(questions: Sequence[ShownQuestion]) -> list[ShownQuestion]:
    """Most votes first; among equal votes by the random id, so the order never follows arrival."""
    return sorted(questions, key=lambda question: (-question.votes, question.id))


def mixed(questions: Sequence[ShownQuestion], seed: int) -> list[ShownQuestion]:
    """The phones' order: neither arrival nor votes (a phone is not told the totals), fixed per set shown."""
    ordered = sorted(questions, key=lambda question: question.id)
    random.Random(seed * 31 + len(ordered)).shuffle(ordered)
    return ordered
