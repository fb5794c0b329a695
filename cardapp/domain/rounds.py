"""Second rounds: how the room moved between two distributions, never who moved.

The shift is computed from the two tallies alone. Answers of one person in the two rounds are
never linked, so nothing here could say which person changed their mind (promise 3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cardapp.domain.anonymity import Results, comparable
from cardapp.domain.workshops import WorkshopError

# Why a round was withheld by the differencing rule (see domain/anonymity.py).
DIFFERS = "differs_from_earlier"


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


def results_by_round(rounds: Sequence[Results], withheld: Mapping[int, str] | None = None) -> dict[str, Any]:
    """The revealed results of the latest round, with the first round and the shift once asked again.

    `withheld` maps a round's number to the reason the ledger withheld it (`differs_from_earlier`,
    `too_few`). When two rounds differ by fewer people than the minimum, the one the room saw first
    stays and the later one is withheld: side by side their difference would be one person's answer.
    """
    reasons = dict(withheld or {})
    if (len(rounds) > 1 and DIFFERS not in reasons.values() and not comparable(rounds[0], rounds[-1])
            and rounds[0].counts and rounds[-1].counts):
        reasons[len(rounds)] = DIFFERS  # never both side by side, even without a ledger

    def shown(number: int) -> tuple[Results, dict[str, Any]]:
        results = rounds[number - 1]
        if reasons.get(number) == DIFFERS:
            results = Results(results.total, None, results.min_answers)
            return results, {**results.as_event(), "withheld": DIFFERS}
        return results, results.as_event()

    latest, event = shown(len(rounds))
    event["round"] = len(rounds)
    if len(rounds) > 1:
        first, event["first_round"] = shown(1)
        shifts = shift_between(first, latest)
        event["shift"] = None if shifts is None else [{"choice": s.choice, "change": s.change} for s in shifts]
        if shifts is None:
            event["not_compared"] = "different_totals" if DIFFERS in (reasons.get(1), reasons.get(len(rounds))) \
                else "too_few"
    return event
