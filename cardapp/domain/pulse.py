"""A pulse: a short anonymous questionnaire between workshops, answered once per single-use code.

The rules that need no database: what a question is and which choices it offers, what a complete
set of answers is, the code alphabet and how a typed code is read, where a pulse stands on a day,
and the count an organiser may see while it is open (up to the end of the day before, never live).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cardapp.domain import risk_map
from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_line, has_hidden_characters
from cardapp.domain.workshops import CHOICES_BY_SCALE

# No I, O, 0 or 1: a code is read off paper and typed on a phone. 32 letters, 10 of them per code:
# 32**10 = 2**50, about 10**15 codes, so a guesser limited to a few thousand tries a day finds none.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_GROUP = 5
MAX_CODES_PER_ISSUE = 500
MAX_QUESTIONS = 20
MAX_TITLE = 200
# Long enough for a follow-up, short enough that the codes' hashes do not linger (they go at the close).
MAX_OPEN_DAYS = 366
RISK_SCALE = "risk"


class PulseRuleBroken(Exception):
    """A pulse rule a person broke; `key` names the message in the interface catalogues."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class PulseStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Question:
    """One question of a pulse: a deck card copied when the pulse was made (so later edits change nothing)."""

    card: str  # the deck card's id: the key a comparison with a workshop uses
    kind: str  # "risk" or "statement"
    scale: str  # "risk", "ok_not_ok" or "agree_disagree"
    text: Mapping[str, str]
    description: Mapping[str, str]

    @property
    def choices(self) -> tuple[str, ...]:
        return choices_for(self.scale)

    def as_json(self) -> dict[str, Any]:
        return {"card": self.card, "kind": self.kind, "scale": self.scale, "text": dict(self.text),
                "description": dict(self.description)}


def choices_for(scale: str) -> tuple[str, ...]:
    """The choices of a scale; every scale has a "don't know" or "unsure", so no one has to take a side."""
    if scale == RISK_SCALE:
        return risk_map.CHOICES
    return CHOICES_BY_SCALE[scale]


def question_from_card(card: Mapping[str, Any]) -> Question:
    """A risk factor or a statement card as a question; any other kind (free text among them) is refused."""
    kind = card.get("kind")
    if kind == "risk":
        return Question(str(card["id"]), "risk", RISK_SCALE, dict(card["name"]), dict(card.get("description") or {}))
    if kind == "statement":
        return Question(str(card["id"]), "statement", str(card.get("scale", "ok_not_ok")), dict(card["text"]), {})
    raise PulseRuleBroken("pulse.only_risks_and_statements")


def question_from_json(data: Mapping[str, Any]) -> Question:
    return Question(str(data["card"]), str(data["kind"]), str(data["scale"]), dict(data.get("text") or {}),
                    dict(data.get("description") or {}))


def questions_from_json(text: str) -> tuple[Question, ...]:
    """A pulse's questions as stored (a JSON list), in their order."""
    return tuple(question_from_json(data) for data in json.loads(text))


def checked_questions(questions: Sequence[Question]) -> list[Question]:
    """At least one question, at most MAX_QUESTIONS, each card once (the first time it was chosen)."""
    unique = list({question.card: question for question in reversed(questions)}.values())[::-1]
    if not unique:
        raise PulseRuleBroken("pulse.choose_questions")
    if len(unique) > MAX_QUESTIONS:
        raise PulseRuleBroken("pulse.too_many_questions")
    return unique


def checked_answers(questions: Sequence[Question], answers: Mapping[str, str]) -> dict[str, str]:
    """Every question answered with one of its choices; anything else is refused as a whole."""
    checked: dict[str, str] = {}
    for question in questions:
        choice = answers.get(question.card, "")
        if not choice:
            raise PulseRuleBroken("pulse.answer_every_question")
        if choice not in question.choices:
            raise PulseRuleBroken("pulse.invalid_choice")
        checked[question.card] = choice
    return checked


def checked_title(title: str) -> str:
    cleaned = folded_line(title)
    if not cleaned:
        raise PulseRuleBroken("pulse.title_required")
    if has_hidden_characters(cleaned):
        raise PulseRuleBroken(HIDDEN_CHARACTERS)
    if len(cleaned) > MAX_TITLE:
        raise PulseRuleBroken("pulse.title_too_long")
    return cleaned


def checked_closing_day(closes_on: dt.date | None, today: dt.date) -> dt.date:
    """A pulse closes on a day after today and within a year."""
    if closes_on is None:
        raise PulseRuleBroken("pulse.closing_day_required")
    if closes_on <= today or (closes_on - today).days > MAX_OPEN_DAYS:
        raise PulseRuleBroken("pulse.closing_day_range")
    return closes_on


def checked_code_count(count: int) -> int:
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise PulseRuleBroken("pulse.code_count_range")
    return count


# --- Codes ------------------------------------------------------------------------------------------

def new_code() -> str:
    """A random code as printed: two groups of five, e.g. "K7QXM-3HZPA"."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:CODE_GROUP]}-{raw[CODE_GROUP:]}"


def normalised_code(typed: str) -> str | None:
    """The code as hashed (upper case, without spaces or dashes); None if it cannot be a code at all.

    Lower case is read as upper case; the alphabet has no O, 0, I or 1, so a code with one is no code.
    """
    raw = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return raw


# --- Where a pulse stands, and the count an organiser sees while it is open ------------------------------

def status_on(status: PulseStatus, closes_on: dt.date, today: dt.date) -> PulseStatus:
    """An open pulse is closed from its closing day on, whether or not anyone closed it."""
    if status is PulseStatus.OPEN and today >= closes_on:
        return PulseStatus.CLOSED
    return status


@dataclass(frozen=True)
class DailyCount:
    """Answers counted by day: `before` answered before `day`, `on_day` answered on `day`.

    Nothing finer than a day is kept, and only for the latest day anyone answered.
    """

    before: int
    day: dt.date | None
    on_day: int

    def after_one_more(self, today: dt.date) -> DailyCount:
        """The count once one more person answered today."""
        if self.day == today:
            return DailyCount(self.before, today, self.on_day + 1)
        return DailyCount(self.before + self.on_day, today, 1)

    def shown_on(self, today: dt.date) -> int:
        """What an organiser sees today: everyone who answered before today, never one who answered today.

        So the figure moves at midnight, not when someone sends, and watching it tells nobody when a
        colleague answered.
        """
        if self.day is not None and self.day < today:
            return self.before + self.on_day
        return self.before
