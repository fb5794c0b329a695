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
- **Timing**: nothing one person sends reaches another screen at the moment it is sent: texts move
  in shuffled batches, counts at a fixed cadence, pause signals per minute.
- **The power walk's picture**: no bar of fewer than three people.
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


def judged_by(results: Results, min_answers: int) -> Results:
    """The same results under the stricter of their own minimum and `min_answers`: two sides compared
    (a workshop and a later pulse) are both held to the higher of their two minimums."""
    strict = max(results.min_answers, min_answers)
    if results.counts is None or not meets_minimum(results.total, strict):
        return Results(results.total, None, strict)
    return Results(results.total, results.counts, strict)


def comparable(first: Results, second: Results) -> bool:
    """Whether two rounds may be shown side by side and compared: both meet the minimum, and their
    totals obey the differencing rule."""
    if first.counts is None or second.counts is None:
        return False
    return may_show_beside(first.total, second.total, first.min_answers)


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
    # Never a number below the minimum ("about 5" with a minimum of 7 would say "fewer than 7").
    lowest = -(-min_answers // PARTICIPANT_STEP) * PARTICIPANT_STEP
    return ParticipantCount(max(rounded, lowest, PARTICIPANT_STEP), None)


def kept_participant_count(count: int, min_answers: int) -> int:
    """The number stored when a workshop ends: only what the report shows of `count` (0 for "fewer than").

    The exact count of phones would otherwise outlive the workshop in the database and its backups.
    `rounded_participants` of the kept number says what it said of the exact one.
    """
    return rounded_participants(count, min_answers).about or 0


def picture_shown(completed: int, min_answers: int) -> bool:
    """Whether a power walk's picture of `completed` walkers may be shown."""
    return meets_minimum(completed, min_answers)


# --- Timing: nothing one person sends shows on another screen at the moment they send it -------------

# Written texts reach the moderation queue in batches, always on a boundary of the clock, never when a
# phone sends one: on the count cadence once this many wait, on every RELEASE_SECONDS boundary once at
# least two wait, and the rest when answers close (a moment the facilitator chooses). A lone text
# waits for another one or for the close. A batch is listed in a random order, never as the texts came.
RELEASE_BATCH = 3
RELEASE_SECONDS = 30
# Answer counts move at most at this fixed cadence on the console and projector, on the clock's
# boundaries, and only upwards between two facilitator commands: a change of mind changes nothing
# and a withdrawal alone sends nothing.
COUNT_SECONDS = 2.0
# "I need a pause" signals are counted per minute of the clock, and a minute is shown only once it
# has ended: the count moves on the minute, not when someone taps.
PAUSE_MINUTES = 5


def release_due(waiting: int, boundary_passed: bool, answers_closed: bool) -> bool:
    """Whether the texts waiting for the moderation queue go there now, all together: asked on the
    clock's boundaries (`boundary_passed` for the longer one) and when answers close, never on a send."""
    if answers_closed:
        return waiting > 0
    return waiting >= (2 if boundary_passed else RELEASE_BATCH)


def least_waiting_to_release(boundary_passed: bool) -> int:
    """How many texts must wait for an item before a tick releases them (see `release_due`)."""
    return next(count for count in range(1, RELEASE_BATCH + 1) if release_due(count, boundary_passed, False))


def new_batch_due(unshown_approved: int, min_answers: int, answers_closed: bool) -> bool:
    """Whether approved texts not yet on the projector join it now: only after answers close, and only
    as a batch of at least the minimum, so no single late text can be told apart from the others."""
    return answers_closed and meets_minimum(unshown_approved, min_answers)


def shuffled_batches(batches: Sequence[Sequence[str]], seed: int) -> list[str]:
    """Every text shown so far, in one order that changes with each new batch: a new text is never
    recognisable by its place in the list."""
    texts = [text for batch in batches for text in batch]
    random.Random(seed * 31 + len(batches)).shuffle(texts)
    return texts


# --- Differencing: the ledger of what an item has shown ----------------------------------------------

@dataclass(frozen=True)
class Disclosure:
    """One aggregate the room saw: what it was (e.g. "round:1") and how many people were in it."""

    what: str
    population: int


def may_disclose(population: int, shown: Sequence[Disclosure], min_answers: int) -> str | None:
    """None when an aggregate of `population` people may be shown beside everything shown before over
    the same room; otherwise why not (`too_few`, or `differs_from_earlier`)."""
    if not meets_minimum(population, min_answers):
        return "too_few"
    if any(not may_show_beside(population, earlier.population, min_answers) for earlier in shown):
        return "differs_from_earlier"
    return None


# --- The power walk's picture ---------------------------------------------------------------------------

# A bar of the picture with fewer people than this would put a recognisable person at an end of it.
PEOPLE_PER_BAR = 3


def merged_bars(histogram: Sequence[int], at_least: int = PEOPLE_PER_BAR) -> list[dict[str, int]]:
    """The people per number of steps as ranges on the grid of all possible steps (0 to the number of
    statements), neighbours merged until every bar holds at least `at_least` people; a last bar that
    falls short joins the one before it. The bars cover the whole grid, so their edges never say that
    somebody took no step or every step: only that at least three took between `from` and `to`."""
    bars: list[dict[str, int]] = []
    start, people = 0, 0
    last = max(len(histogram) - 1, 0)
    for steps, count in enumerate(histogram):
        people += count
        if people >= at_least:
            bars.append({"from": start, "to": steps, "people": people})
            start, people = steps + 1, 0
    if not bars:
        return [{"from": 0, "to": last, "people": people}]
    bars[-1] = {"from": bars[-1]["from"], "to": last, "people": bars[-1]["people"] + people}
    return bars
