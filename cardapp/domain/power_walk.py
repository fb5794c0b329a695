"""The power walk: Yes, No or Pass to statements; private results and the room's anonymous picture.

Every power statement is phrased so that Yes means more power, so each Yes is one step forward.
Pass counts as neither yes nor no. The room's picture counts only those who answered every
statement (Pass included); people who joined late or left early are counted, not pictured.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cardapp.domain.anonymity import picture_shown
from cardapp.domain.workshops import InvalidChoice

KIND = "power_walk"
MODES = ("self", "roles")
CHOICES = ("yes", "no", "pass")
INTRO_STEP = -1
# The walk's life: the explanation, the statements, finished (each phone sees its own result), and
# revealed (the room sees the picture; per-person answers are deleted from then on).
INTRO, WALKING, FINISHED, REVEALED = "intro", "walking", "finished", "revealed"


class WalkClosed(InvalidChoice):
    code = "answers_closed"


class NotAWalk(InvalidChoice):
    code = "not_current_item"


@dataclass(frozen=True)
class Statement:
    card_id: str
    dimension: str


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise InvalidChoice("power.invalid_mode")
    return mode


def check_choice(choice: str) -> str:
    if choice not in CHOICES:
        raise InvalidChoice("power.invalid_choice")
    return choice


def check_answerable(status: str, step: int, statement: int, count: int) -> None:
    """A phone may answer the shown statement or catch up on earlier ones, only while the walk runs."""
    if status != WALKING:
        raise WalkClosed("power.walk_not_running")
    if not 0 <= statement < count or statement > step:
        raise InvalidChoice("power.no_such_statement")


def missed_statements(status: str, step: int, answered: Iterable[int]) -> list[int]:
    """The statements before the shown one that a phone has not answered: it may still answer them
    while the walk runs (a dropped connection, a reload, a slow moment). None once it has finished."""
    if status != WALKING:
        return []
    done = set(answered)
    return [index for index in range(max(step, 0)) if index not in done]


def next_step(status: str, step: int, wanted: int, count: int) -> int:
    """The facilitator moves to any statement before the walk finishes; back to the explanation
    (-1) only before the first statement was shown."""
    if status in (FINISHED, REVEALED):
        raise WalkClosed("power.walk_finished")
    lowest = INTRO_STEP if status == INTRO else 0
    if not lowest <= wanted < count:
        raise InvalidChoice("power.no_such_statement")
    return wanted


def deal_role(role_ids: Sequence[str], dealt: Sequence[str], rng: random.Random | None = None) -> str:
    """A random persona among those dealt least so far, so a group gets as many different ones as it can."""
    if not role_ids:
        raise InvalidChoice("power.no_roles")
    counts = Counter(dealt)
    fewest = min(counts.get(role, 0) for role in role_ids)
    chooser = rng or random.SystemRandom()
    return chooser.choice([role for role in role_ids if counts.get(role, 0) == fewest])


def _dimension_counts(statements: Sequence[Statement], answers: Mapping[int, str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for index, statement in enumerate(statements):
        row = counts.setdefault(statement.dimension, {"yes": 0, "no": 0, "pass": 0, "statements": 0})
        row["statements"] += 1
        choice = answers.get(index)
        if choice in CHOICES:
            row[choice] += 1
    return counts


def private_result(statements: Sequence[Statement], answers: Mapping[int, str]) -> dict[str, Any]:
    """One person's steps and profile across the dimensions, for their own phone only."""
    steps = sum(1 for choice in answers.values() if choice == "yes")
    said = sum(1 for choice in answers.values() if choice in ("yes", "no"))
    share = steps / said if said else 0.0
    band = "none" if not said else "few" if share < 1 / 3 else "some" if share < 2 / 3 else "many"
    return {
        "steps": steps,
        "statements": len(statements),
        "answered": sum(1 for choice in answers.values() if choice in CHOICES),
        "passes": sum(1 for choice in answers.values() if choice == "pass"),
        "dimensions": _dimension_counts(statements, answers),
        "reflection": band,
    }


def group_picture(
    statements: Sequence[Statement], answers_by_person: Sequence[Mapping[int, str]], min_answers: int,
) -> dict[str, Any]:
    """The room's anonymous picture, or only how many took part when too few completed the walk.

    The picture holds how many people took each number of steps and the totals per dimension: no
    entry per person, so no order of people and no path of one person from statement to statement.
    """
    count = len(statements)
    complete = [answers for answers in answers_by_person
                if all(answers.get(index) in CHOICES for index in range(count))]
    partial = sum(1 for answers in answers_by_person if answers) - len(complete)
    if not picture_shown(len(complete), min_answers):
        return {"suppressed": True, "completed": len(complete), "partial": partial, "min_answers": min_answers}
    histogram = [0] * (count + 1)
    dimensions: dict[str, dict[str, int]] = {}
    for answers in complete:
        histogram[sum(1 for choice in answers.values() if choice == "yes")] += 1
        for dimension, row in _dimension_counts(statements, answers).items():
            total = dimensions.setdefault(dimension, {"yes": 0, "no": 0, "pass": 0})
            for choice in CHOICES:
                total[choice] += row[choice]
    return {
        "suppressed": False, "completed": len(complete), "partial": partial, "statements": count,
        "histogram": histogram, "dimensions": dimensions,
        "passes": sum(row["pass"] for row in dimensions.values()),
    }
