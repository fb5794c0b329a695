"""The parts of a workshop report, one shape per kind of part, filled by each exercise's `report_part`.

Plain data for the page, the CSV and the JSON; built only from what outlived the workshop's end.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from cardapp.domain.anonymity import ParticipantCount, Results
from cardapp.domain.rounds import Shift
from cardapp.store.models import AgendaItem

NOBODY_ANSWERED = {"total": 0}
# Why two rounds are not compared; the same reasons as `not_compared` in the live results.
TOO_FEW = "too_few"
DIFFERENT_TOTALS = "different_totals"


@dataclass(frozen=True)
class AgendaEntry:
    position: int
    kind: str
    text: str


@dataclass(frozen=True)
class StatementResults:
    """One statement or scenario: its distribution per revealed round and, after two, the shift.

    `not_compared` says why two rounds were not compared (`too_few` or `different_totals`). With
    different totals the later round is withheld (suppressed in `rounds`, named by `withheld_round`),
    as it was on the projector: the room had seen the first, and side by side the two distributions
    would give away the answer of the one or two who came or went.
    """

    position: int
    text: str
    choices: tuple[str, ...]
    rounds: tuple[Results, ...]
    shift: tuple[Shift, ...] | None
    not_compared: str | None = None
    # The round withheld by the differencing rule (the later of two the room could subtract), if any.
    withheld_round: int | None = None


@dataclass(frozen=True)
class WalkDimension:
    id: str
    title: str
    yes: int
    no: int
    passes: int


@dataclass(frozen=True)
class WalkPicture:
    """A power walk's anonymous picture: people per number of steps, and answers per dimension."""

    position: int
    title: str
    suppressed: bool
    statements: int
    completed: int | None
    partial: int | None
    bars: tuple[tuple[int, int, int], ...]  # (from steps, to steps, people), at least three people each
    dimensions: tuple[WalkDimension, ...]
    passes: int | None


@dataclass(frozen=True)
class RiskFactor:
    """One risk factor as ranked; `rank` is None where too few answered to place it."""

    rank: int | None
    id: str
    name: str
    results: Results
    score: float | None
    level: str | None
    measures: tuple[str, ...]


@dataclass(frozen=True)
class RiskMap:
    position: int
    factors: tuple[RiskFactor, ...]


@dataclass(frozen=True)
class ReflectionGroup:
    position: int
    text: str
    reflections: tuple[str, ...]


@dataclass(frozen=True)
class AgreementEntry:
    kind: str
    factor: str | None
    factor_name: str | None
    text: str


@dataclass(frozen=True)
class WorkshopReport:
    id: int
    organisation_id: int
    title: str
    language: str
    ended_on: dt.date | None
    deck_title: str | None
    min_answers: int
    participants: ParticipantCount
    agenda: tuple[AgendaEntry, ...]
    statements: tuple[StatementResults, ...]
    power_walks: tuple[WalkPicture, ...]
    risk_maps: tuple[RiskMap, ...]
    reflections: tuple[ReflectionGroup, ...]
    agreements: tuple[AgreementEntry, ...]
    # The question box's questions the room saw, with their shown upvotes (most first).
    question_boxes: tuple[QuestionBox, ...] = ()




def kept_of(item: AgendaItem) -> dict[str, Any]:
    """What the item kept when its workshop ended (`final_counts`), or nothing."""
    kept = json.loads(item.final_counts) if item.final_counts else {}
    return kept if isinstance(kept, dict) else {}


@dataclass(frozen=True)
class AskedQuestion:
    """A question from the question box that the room saw, with its upvotes as the room last saw them."""

    text: str
    votes: int


@dataclass(frozen=True)
class QuestionBox:
    position: int
    questions: tuple[AskedQuestion, ...]
