"""Risk mapping: how present the group finds each risk factor, ranked, never who said what."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cardapp.domain.anonymity import Results, tally
from cardapp.domain.workshops import WorkshopError, bundle_in_place

KIND = "risk_map"
CARD_ID = "risk-map"
CHOICES: tuple[str, ...] = ("not_at_all", "somewhat", "very", "dont_know")
# How much each answer says a factor is present; "don't know" says nothing either way.
PRESENCE = {"not_at_all": 0, "somewhat": 1, "very": 2}
MAX_MEASURE_LENGTH = 300
FACTOR_FIELDS = ("id", "name", "description", "examples", "notes")


class UnknownFactor(WorkshopError):
    code = "invalid_payload"


@dataclass(frozen=True)
class RankedFactor:
    factor: str
    results: Results
    score: float | None  # 0 (not at all) to 2 (very); None when suppressed or only "don't know"


def presence_score(results: Results) -> float | None:
    """The mean presence of the answers that took a view; None when none did or it is suppressed."""
    if results.counts is None:
        return None
    weighed = sum(results.counts.get(choice, 0) for choice in PRESENCE)
    if not weighed:
        return None
    return sum(weight * results.counts.get(choice, 0) for choice, weight in PRESENCE.items()) / weighed


def tally_factors(answers: Iterable[tuple[str, str]], factors: Sequence[str], min_answers: int) -> dict[str, Results]:
    """Each factor's distribution from (factor, choice) pairs; each factor meets the minimum on its own."""
    by_factor: dict[str, list[str]] = {factor: [] for factor in factors}
    for factor, choice in answers:
        if factor in by_factor:
            by_factor[factor].append(choice)
    return {factor: tally(choices, CHOICES, min_answers) for factor, choices in by_factor.items()}


def rank_factors(results: Mapping[str, Results]) -> list[RankedFactor]:
    """Most present first; factors without a score (too few answers, or only "don't know") last.

    Ties keep the order the facilitator chose.
    """
    ranked = [RankedFactor(factor, result, presence_score(result)) for factor, result in results.items()]
    order = {factor: index for index, factor in enumerate(results)}
    return sorted(ranked, key=lambda r: (r.score is None, -(r.score or 0), order[r.factor]))


def presence_level(score: float | None) -> str | None:
    """A word for the heat map, so the ranking never depends on colour alone."""
    if score is None:
        return None
    if score >= 1.4:
        return "high"
    if score >= 0.7:
        return "medium"
    return "low"


def kept_totals(results: Mapping[str, Results]) -> dict[str, Any]:
    """What outlives the answers when the workshop ends: counts, or only a total below the minimum."""
    return {"factors": [{"id": factor, "counts": result.counts} if result.counts is not None
                        else {"id": factor, "total": result.total}
                        for factor, result in results.items()]}


def bundle_risks(title: Mapping[str, str], items: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The chosen risk cards become one risk map, titled like their deck, where the first of them was."""
    factors = [json.loads(card) for _id, kind, card in items if kind == "risk"]
    if not factors:
        return items
    bundled: dict[str, Any] = {
        "id": CARD_ID, "kind": KIND, "text": dict(title),
        "factors": [{key: factor[key] for key in FACTOR_FIELDS if key in factor} for factor in factors],
    }
    note = _joined_notes([factor["content_note"] for factor in factors if "content_note" in factor])
    if note:
        bundled["content_note"] = note  # shown before the map, as for any card of a hard theme
    return bundle_in_place(items, "risk", {"risk"}, (CARD_ID, KIND, json.dumps(bundled, ensure_ascii=False)))


def _joined_notes(notes: list[dict[str, str]]) -> dict[str, str]:
    """The distinct content notes of the chosen factors' themes, one text per language."""
    distinct = [note for index, note in enumerate(notes) if note not in notes[:index]]
    languages = [language for note in distinct for language in note]
    return {language: " ".join(note[language] for note in distinct if language in note)
            for language in dict.fromkeys(languages)}
