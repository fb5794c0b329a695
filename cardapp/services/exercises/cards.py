"""Conversation cards and statements as an exercise: one card on the screen; a statement ("OK or not
OK?", agree or disagree) takes stances from the phones, revealed per round with the shift between them.

A question card takes no stances: the room talks and may write reflections (the live core's part).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cardapp.domain.anonymity import (
    comparable,
    kept_totals,
    results_from_kept,
    suppressed,
    tally,
)
from cardapp.domain.lifecycle import MAX_ROUNDS
from cardapp.domain.rounds import DIFFERS, results_by_round, shift_between
from cardapp.domain.workshops import card_title, choices_for
from cardapp.services import disclosures
from cardapp.services.exercises.base import Scene
from cardapp.services.payloads import RoundResults, Screen, Wire
from cardapp.services.report_parts import DIFFERENT_TOTALS, NOBODY_ANSWERED, TOO_FEW, StatementResults, kept_of
from cardapp.store.models import AgendaItem, Answer, Workshop


class Cards:
    """One card of a deck (a question, a statement, a role card shown on its own)."""

    part_name: str | None = None
    parts: dict[Screen, type[Wire]] = {}
    report_section: str | None = "statements"

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def results(self, scene: Scene) -> RoundResults | None:
        """Every round so far, each suppressed below the minimum; only once revealed."""
        options = choices_for(scene.card)
        if not scene.item.revealed or not options:
            return None
        rows = scene.session.execute(select(Answer.round, Answer.choice)
                                     .where(Answer.item_id == scene.item.id)).all()
        rounds = [tally((choice for answer_round, choice in rows if answer_round == number), options,
                        scene.min_answers) for number in range(1, scene.item.round + 1)]
        return RoundResults.model_validate(results_by_round(rounds, _withheld_rounds(scene.item)))

    def disclose(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        """The round on screen first, then any earlier round the room never saw (a first round closed
        without a reveal): the one asked now is the one the facilitator wants to talk about."""
        if not choices_for(json.loads(item.card)):
            return
        rows = session.execute(select(Answer.round, func.count(Answer.id)).where(Answer.item_id == item.id)
                               .group_by(Answer.round)).all()
        totals = {int(number): int(count) for number, count in rows}
        for number in [item.round, *range(1, item.round)]:
            disclosures.disclose_card(session, workshop, item, item.card_id, f"round:{number}",
                                      int(totals.get(number, 0)))

    def part(self, scene: Scene) -> Wire | None:
        return None

    def end(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        """Each revealed round keeps its totals (a distribution only at or above the minimum); a round
        the facilitator never revealed stays unseen, so nothing of it is kept."""
        rows = session.execute(select(Answer.round, Answer.choice).where(Answer.item_id == item.id)).all()
        by_round: dict[int, Counter[str]] = {}
        for answer_round, choice in rows:
            by_round.setdefault(answer_round, Counter())[choice] += 1
        held = set(_withheld_rounds(item))
        # A round the ledger withheld keeps only how many answered: the room never saw its distribution.
        kept = {str(number): {"total": sum(counts.values())} if number in held
                else kept_totals(counts, workshop.min_answers)
                for number, counts in sorted(by_round.items()) if number <= item.revealed_rounds}
        if kept:
            item.final_counts = json.dumps(kept)

    def report_part(self, workshop: Workshop, item: AgendaItem, context: Any) -> StatementResults | None:
        """Only the rounds kept (those revealed); a revealed round nobody answered is kept as nobody."""
        card = json.loads(item.card)
        options = choices_for(card)
        kept = kept_of(item)
        if not options or not kept:
            return None
        # Up to the last revealed round (one nobody answered has no key); older workshops only have their keys.
        last = max([int(key) for key in kept if key.isdigit()] + [min(item.revealed_rounds or 0, MAX_ROUNDS), 1])
        rounds = [results_from_kept(kept.get(str(number), NOBODY_ANSWERED), options, workshop.min_answers)
                  for number in range(1, last + 1)]
        text = card_title(card, workshop.projector_language)
        if len(rounds) < 2:
            return StatementResults(item.position, text, options, tuple(rounds), None)
        held = {number for number, reason in _withheld_rounds(item).items() if reason == DIFFERS}
        if not held and rounds[0].counts and rounds[1].counts and not comparable(rounds[0], rounds[1]):
            held = {2}  # a workshop ended before the ledger existed: the same rule, applied here
        for number in held:
            rounds[number - 1] = suppressed(rounds[number - 1].total, workshop.min_answers)
        if held:
            return StatementResults(item.position, text, options, tuple(rounds), None, DIFFERENT_TOTALS, min(held))
        first, second = rounds[0], rounds[1]
        if first.suppressed or second.suppressed:
            return StatementResults(item.position, text, options, tuple(rounds), None, TOO_FEW)
        return StatementResults(item.position, text, options, tuple(rounds),
                                tuple(shift_between(first, second) or ()))


def _withheld_rounds(item: AgendaItem) -> dict[int, str]:
    """The rounds the item's ledger withheld, by number."""
    return {int(what.split(":", 1)[1]): reason for what, reason in disclosures.withheld(item).items()
            if what.startswith("round:")}
