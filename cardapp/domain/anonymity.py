"""The disclosure rules: what the room, a report or any screen may learn from many people's answers.

Every rule that protects one person inside an aggregate lives here, and no other module compares
anything with the minimum number of answers. The rules:

- **Minimum answers** (promise 2): a distribution, a picture or a batch of texts is shown only when
  at least `min_answers` people are in it; below it, only that it was too few.
- **Differencing**: two aggregates over overlapping groups of people may be shown side by side only
  when their populations are equal or differ by at least the minimum; otherwise subtracting one from
  the other would give the answer of the one or two people in between. This is the differencing
  rule of statistical disclosure control (see docs/privacy.md for the source).
- **Rounding of how many took part**: a report says "about 10", never "11".
- **Shuffled batches of texts**: approved reflections appear together, in an order that says nothing
  about when each was sent.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# An organiser may lower the minimum to this, never below (promise 2).
MIN_ANSWERS_FLOOR = 3
DEFAULT_MIN_ANSWERS = 5
# People are counted in fives above the minimum: "about 10", never "11", so that a small group is not
# described more exactly than needed. Each result at or above the minimum prints its exact number of
# answers (below it, none), so this hides how many came, not how many answered.
PARTICIPANT_STEP = 5


def meets_minimum(count: int, min_answers: int) -> bool:
    """Whether an aggregate of `count` people may be shown: the one comparison with the minimum."""
    return count >= min_answers


def valid_minimum(min_answers: int) -> bool:
    """Whether an organiser may set this minimum."""
    return min_answers >= MIN_ANSWERS_FLOOR


# --- Distributions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Results:
    """A distribution the room may see, or only the fact that it is suppressed."""

    total: int
    counts: dict[str, int] | None
    min_answers: int

    @property
    def suppressed(self) -> bool:
        return self.counts is None

    def as_event(self) -> dict[str, Any]:
        if self.counts is None:
            return {"suppressed": True, "total": self.total, "min_answers": self.min_answers}
        return {"suppressed": False, "total": self.total, "counts": self.counts}


def tally(choices: Iterable[str], options: Iterable[str], min_answers: int) -> Results:
    """Count the answers; below the minimum, no distribution leaves the server (promise 2)."""
    counted = Counter(choices)
    total = sum(counted.values())
    if not meets_minimum(total, min_answers):
        return Results(total, None, min_answers)
    return Results(total, {option: counted.get(option, 0) for option in options}, min_answers)


def kept_totals(counts: Mapping[str, int], min_answers: int) -> dict[str, int]:
    """What a distribution leaves behind when the answers are deleted: counts, or only a total below
    the minimum (a distribution below it is never kept)."""
    total = sum(counts.values())
    return dict(counts) if meets_minimum(total, min_answers) else {"total": total}


def results_from_kept(kept: Mapping[str, int], options: Sequence[str], min_answers: int) -> Results:
    """Results from the totals kept after a workshop ended: a bare total means it was too few."""
    if set(kept) == {"total"}:
        return Results(kept["total"], None, min_answers)
    counts = {option: int(kept.get(option, 0)) for option in options}
    total = sum(counts.values())
    return Results(total, counts if meets_minimum(total, min_answers) else None, min_answers)


def suppressed(total: int, min_answers: int) -> Results:
    """A distribution withheld whatever it holds, keeping only how many answered."""
    return Results(total, None, min_answers)


# --- Differencing ------------------------------------------------------------------------------

def may_show_beside(first: int, second: int, min_answers: int) -> bool:
    """Whether aggregates over `first` and `second` people of the same room may both be shown.

    Equal populations are safe (nobody joined or left); so is a difference of at least the minimum
    (the difference is itself a group the minimum protects). One or two people in between are not:
    subtracting one aggregate from the other would give their answers.
    """
    difference = abs(first - second)
    return difference == 0 or meets_minimum(difference, min_answers)


def comparable(first: Results, second: Results) -> bool:
    """Whether two rounds may be shown side by side and compared: both meet the minimum, and their
    totals obey the differencing rule."""
    if first.counts is None or second.counts is None:
        return False
    return may_show_beside(first.total, second.total, first.min_answers)


# --- Texts -------------------------------------------------------------------------------------

def shown_texts(approved: Sequence[str], answers_open: bool, min_answers: int, seed: int) -> list[str]:
    """Approved texts (reflections) for the projector: after answers close, enough of them, shuffled
    by the item's own seed, so the order says nothing about when each was sent (promise 5)."""
    if answers_open or not meets_minimum(len(approved), min_answers):
        return []
    shuffled = list(approved)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def keeps_texts(approved: int, answers_closed: bool, min_answers: int) -> bool:
    """Whether approved texts outlive the workshop: only when the room could have seen them."""
    return answers_closed and meets_minimum(approved, min_answers)


# --- How many took part --------------------------------------------------------------------------

@dataclass(frozen=True)
class ParticipantCount:
    """How many took part as a report says it: `about` people, or fewer than `fewer_than`."""

    about: int | None
    fewer_than: int | None

    @property
    def known(self) -> bool:
        return self.about is not None or self.fewer_than is not None


def rounded_participants(count: int | None, min_answers: int) -> ParticipantCount:
    """Below the workshop's minimum: only "fewer than <minimum>"; otherwise the nearest 5 (7 -> 5, 8 -> 10).

    Never "about 0": 3 or 4 people, where the minimum allows it, read "about 5".
    """
    if count is None:
        return ParticipantCount(None, None)
    if not meets_minimum(count, min_answers):
        return ParticipantCount(None, min_answers)
    rounded = (count + PARTICIPANT_STEP // 2) // PARTICIPANT_STEP * PARTICIPANT_STEP
    return ParticipantCount(max(rounded, PARTICIPANT_STEP), None)


def picture_shown(completed: int, min_answers: int) -> bool:
    """Whether a power walk's picture of `completed` walkers may be shown."""
    return meets_minimum(completed, min_answers)
