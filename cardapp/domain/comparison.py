"""Then versus now: a risk map or a scenario of one workshop or pulse beside a later one.

Each side is only what it already shows on its own (kept totals at or above its own minimum). Two
sides are compared per question only where the anonymity rules allow them side by side
(`anonymity.comparable`: both meet the stricter minimum, and their totals are equal or differ by at
least it), because the people of a workshop and of a later pulse of the same organisation overlap:
with one or two people between them, subtracting one from the other would give their answers.
Sides are never added together, so no union of two groups is ever shown beside one of its parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cardapp.domain.anonymity import Results, comparable, judged_by
from cardapp.domain.risk_map import presence_level, presence_score

# A mean presence (0 to 2) that moved less than this is "about the same": a change of one answer in
# a small group should not read as a trend.
SCORE_STEP = 0.2
# A share (0 to 100 percent) that moved less than this many points is "about the same".
SHARE_STEP = 10
TOO_FEW = "too_few"
DIFFERENT_TOTALS = "different_totals"
ONLY_ONE_SIDE = "only_one_side"
MORE, LESS, SAME = "more", "less", "same"


@dataclass(frozen=True)
class FactorChange:
    """One risk factor then and now; `reason` says why it is not compared (then the rest is None)."""

    factor: str
    then_rank: int | None
    now_rank: int | None
    then_score: float | None
    now_score: float | None
    then_level: str | None
    now_level: str | None
    trend: str | None  # MORE, LESS or SAME present
    reason: str | None


@dataclass(frozen=True)
class ScenarioChange:
    """One scenario's distribution then and now in percent, per choice; `reason` when not compared."""

    card: str
    choices: tuple[str, ...]
    then_shares: tuple[int, ...] | None
    now_shares: tuple[int, ...] | None
    changes: tuple[int, ...] | None
    moved: bool | None
    reason: str | None


def why_not_compared(then: Results | None, now: Results | None) -> str | None:
    """None when the two may stand side by side; else why not."""
    if then is None or now is None:
        return ONLY_ONE_SIDE
    strict = max(then.min_answers, now.min_answers)
    first, second = judged_by(then, strict), judged_by(now, strict)
    if first.counts is None or second.counts is None:
        return TOO_FEW
    # Both meet the minimum, so only their totals can keep them apart: one or two people in between.
    return None if comparable(first, second) else DIFFERENT_TOTALS


def _ranks(scores: Mapping[str, float | None], order: Sequence[str]) -> dict[str, int]:
    """1 for the most present of the factors compared; ties keep the order of the first side."""
    scored = [factor for factor in order if scores.get(factor) is not None]
    ranked = sorted(scored, key=lambda factor: (-(scores[factor] or 0.0), order.index(factor)))
    return {factor: index + 1 for index, factor in enumerate(ranked)}


def _trend(change: float, step: float) -> str:
    if change >= step:
        return MORE
    if change <= -step:
        return LESS
    return SAME


def compare_risk_maps(then: Mapping[str, Results], now: Mapping[str, Results]) -> list[FactorChange]:
    """Every factor of either side, in the first side's order; ranks are among the factors compared only,
    so a factor left out on one side (too few, or not asked) moves nobody else's rank."""
    order = list(dict.fromkeys([*then, *now]))
    reasons = {factor: why_not_compared(then.get(factor), now.get(factor)) for factor in order}
    compared = [factor for factor in order if reasons[factor] is None]
    then_scores = {factor: presence_score(then[factor]) for factor in compared}
    now_scores = {factor: presence_score(now[factor]) for factor in compared}
    then_ranks, now_ranks = _ranks(then_scores, compared), _ranks(now_scores, compared)
    changes = []
    for factor in order:
        if reasons[factor] is not None:
            changes.append(FactorChange(factor, None, None, None, None, None, None, None, reasons[factor]))
            continue
        before, after = then_scores[factor], now_scores[factor]
        trend = None if before is None or after is None else _trend(after - before, SCORE_STEP)
        changes.append(FactorChange(factor, then_ranks.get(factor), now_ranks.get(factor), before, after,
                                    presence_level(before), presence_level(after), trend, None))
    return changes


def shares(results: Results, choices: Sequence[str]) -> tuple[int, ...]:
    """Each choice's share in whole percent of those who answered."""
    counts = results.counts or {}
    total = sum(counts.values()) or 1
    return tuple(round(100 * counts.get(choice, 0) / total) for choice in choices)


def compare_scenarios(then: Mapping[str, Results], now: Mapping[str, Results],
                      choices: Mapping[str, Sequence[str]]) -> list[ScenarioChange]:
    """Each scenario asked on both sides (or either), its distribution then and now where both may show."""
    changes = []
    for card in dict.fromkeys([*then, *now]):
        options = tuple(choices[card])
        reason = why_not_compared(then.get(card), now.get(card))
        if reason is not None:
            changes.append(ScenarioChange(card, options, None, None, None, None, reason))
            continue
        before, after = shares(then[card], options), shares(now[card], options)
        moved = tuple(b - a for a, b in zip(before, after, strict=True))
        changes.append(ScenarioChange(card, options, before, after, moved,
                                      any(abs(change) >= SHARE_STEP for change in moved), None))
    return changes


@dataclass(frozen=True)
class Trend:
    """A comparison in one line for the programme page: how many factors moved which way, how many scenarios
    moved, and how many questions could not be compared."""

    less_present: int
    more_present: int
    same: int
    scenarios_moved: int
    scenarios_same: int
    not_compared: int


def trend_of(factors: Sequence[FactorChange], scenarios: Sequence[ScenarioChange]) -> Trend:
    asked_on_both = [change for change in factors if change.reason != ONLY_ONE_SIDE]
    asked_scenarios = [change for change in scenarios if change.reason != ONLY_ONE_SIDE]
    return Trend(
        less_present=sum(1 for change in asked_on_both if change.trend == LESS),
        more_present=sum(1 for change in asked_on_both if change.trend == MORE),
        same=sum(1 for change in asked_on_both if change.trend == SAME),
        scenarios_moved=sum(1 for change in asked_scenarios if change.moved),
        scenarios_same=sum(1 for change in asked_scenarios if change.moved is False),
        not_compared=sum(1 for change in asked_on_both if change.reason is not None)
        + sum(1 for scenario in asked_scenarios if scenario.reason is not None),
    )
