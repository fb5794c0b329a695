"""The risk map as an exercise: its screens' parts, its count, what it keeps and what the report says.

The map's commands and rules are in `cardapp.services.risk_map` and `cardapp.domain.risk_map`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from cardapp.domain import risk_map as rules
from cardapp.domain.anonymity import Results, results_from_kept
from cardapp.domain.workshops import localized
from cardapp.services import risk_map
from cardapp.services.exercises.base import Scene
from cardapp.services.payloads import RoundResults, Screen, Wire
from cardapp.services.report_parts import NOBODY_ANSWERED, RiskFactor, RiskMap, kept_of
from cardapp.store.models import AgendaItem, Agreement, Workshop


class Factor(Wire):
    id: str
    name: str | None
    description: str | None
    examples: list[str | None]


class ConsoleFactor(Factor):
    notes: str | None  # the facilitator's note on the factor


class RankedFactor(Wire):
    """A factor's place on the revealed map: its distribution, or only "too few"."""

    id: str
    name: str | None
    suppressed: bool
    total: int
    counts: dict[str, int] | None = None
    min_answers: int | None = None
    score: float | None
    level: str | None
    withheld: str | None = None  # "differs_from_earlier": its group saw the factor over nearly the same people


class Measure(Wire):
    id: int
    factor: str | None
    text: str


class Map(Wire):
    """The risk map as the projector and the phones of one language see it."""

    factors: list[Factor]
    choices: list[str]
    ranked: list[RankedFactor] | None
    measures: list[Measure]


class ConsoleMap(Map):
    factors: list[ConsoleFactor]  # type: ignore[assignment]


class OwnPhoneMap(Map):
    mine: dict[str, str]  # this phone's own answers: only in its own snapshot


class RiskMapExercise:
    kind = rules.KIND
    part_name: str | None = "risk_map"
    parts: dict[Screen, type[Wire]] = {Screen.CONSOLE: ConsoleMap, Screen.PROJECTOR: Map,
                                       Screen.PHONES: Map, Screen.PHONE: OwnPhoneMap}
    report_section: str | None = "risk_maps"

    def results(self, scene: Scene) -> RoundResults | None:
        return None

    def disclose(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        """Each factor is revealed once, after answers closed for good: a factor's population cannot
        change after the room saw it, and two factors are different questions, not one to subtract.
        Each is still weighed against what the workshop's group saw of the same factor elsewhere."""
        risk_map.disclose_factors(session, workshop, item)

    def part(self, scene: Scene) -> Wire:
        own = scene.participant_id if scene.screen == Screen.PHONE else None
        view = risk_map.map_view(scene.session, scene.workshop, scene.item, scene.language,
                                 scene.screen == Screen.CONSOLE, own)
        return self.parts[scene.screen].model_validate(view)

    def end(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        risk_map.end_map(session, workshop, item)

    def report_part(self, workshop: Workshop, item: AgendaItem, context: Any) -> RiskMap | None:
        """The ranked factors from the kept totals, each with the measures agreed for it."""
        kept = kept_of(item)
        if not kept.get("factors"):
            return None
        agreements: list[Agreement] = context
        card = json.loads(item.card)
        language = workshop.projector_language
        names = {factor["id"]: localized(factor.get("name"), language, language) or factor["id"]
                 for factor in card.get("factors", [])}
        by_id = {row["id"]: row for row in kept["factors"] if isinstance(row, dict) and "id" in row}
        results = {factor["id"]: _kept_factor(by_id.get(factor["id"], NOBODY_ANSWERED), workshop.min_answers)
                   for factor in card.get("factors", [])}
        measures: dict[str, list[str]] = {}
        for agreement in agreements:
            if agreement.kind == "measure" and agreement.factor:
                measures.setdefault(agreement.factor, []).append(agreement.text)
        factors = []
        for index, row in enumerate(rules.rank_factors(results)):
            # Only a factor with a score has a place; suppressed or "don't know" only come last, unranked.
            factors.append(RiskFactor(index + 1 if row.score is not None else None, row.factor,
                                      names.get(row.factor, row.factor), row.results, row.score,
                                      rules.presence_level(row.score), tuple(measures.get(row.factor, ()))))
        return RiskMap(item.position, tuple(factors))


def _kept_factor(kept: Mapping[str, Any], min_answers: int) -> Results:
    """A factor's kept row: `{"id", "counts": {...}}`, or `{"id", "total": n}` below the minimum."""
    counts = kept.get("counts")
    tallied = counts if isinstance(counts, dict) else {"total": int(kept.get("total", 0))}
    return results_from_kept(tallied, rules.CHOICES, min_answers)
