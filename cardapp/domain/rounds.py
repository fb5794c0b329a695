"""Second rounds: how the room moved between two distributions, never who moved.

The shift is computed from the two tallies alone. Answers of one person in the two rounds are
never linked, so nothing here could say which person changed their mind (promise 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cardapp.domain.anonymity import Results, comparable
from cardapp.domain.workshops import WorkshopError


class NotInFirstRound(WorkshopError):
    code = "not_in_first_round"


@dataclass(frozen=True)
class Shift:
    """How many more (positive) or fewer (negative) people chose `choice` in the later round."""

    choice: str
    change: int


def shift_between(first: Results, second: Results) -> list[Shift] | None:
    """The change per choice, in the choices' order; None when the rounds may not be compared."""
    if first.counts is None or second.counts is None or not comparable(first, second):
        return None
    choices = list(second.counts) + [choice for choice in first.counts if choice not in second.counts]
    changes = [Shift(choice, second.counts.get(choice, 0) - first.counts.get(choice, 0)) for choice in choices]
    return [shift for shift in changes if shift.change != 0]


def results_by_round(rounds: Sequence[Results]) -> dict[str, Any]:
    """The revealed results of the latest round, with the first round and the shift once asked again.

    When the rounds may not be compared the first round is withheld too, so that nobody can work
    out the difference from the two charts side by side.
    """
    latest = rounds[-1]
    event = latest.as_event()
    event["round"] = len(rounds)
    if len(rounds) > 1:
        first = rounds[0]
        shifts = shift_between(first, latest)
        if shifts is None:
            event["first_round"] = {"suppressed": True, "total": first.total, "min_answers": first.min_answers}
            event["shift"] = None
            event["not_compared"] = "too_few" if first.counts is None or latest.counts is None else "different_totals"
        else:
            event["first_round"] = first.as_event()
            event["shift"] = [{"choice": s.choice, "change": s.change} for s in shifts]
    return event
