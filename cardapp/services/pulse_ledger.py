"""The differencing ledger across an organisation: what its workshops and pulses have already shown of
each question, so that a pulse closing later never shows a distribution one could subtract from them.

The people of a workshop and of a pulse some months later overlap. If a risk factor was shown for 6
people in March and a pulse shows it for 7 in June, the difference is one person's answer (if the six
held their view). So a pulse's question is shown at its close only if `anonymity.may_disclose` allows
its population beside every population the organisation has already seen for the same card: equal, or
differing by at least the minimum. The decision is made once, at the close, and kept on the pulse.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain.anonymity import Disclosure, may_disclose
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.pulse import PulseStatus
from cardapp.domain.risk_map import KIND as RISK_MAP
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.pulse import Pulse, PulseTally


def _shown_population(kept: Any) -> int | None:
    """How many were in a kept distribution; None for a bare total (never shown)."""
    if not isinstance(kept, dict) or set(kept) == {"total"}:
        return None
    return sum(int(count) for count in kept.values() if isinstance(count, int))


def _workshop_disclosures(session: Session, organisation_id: int, cards: set[str]) -> Iterable[tuple[str, Disclosure]]:
    items = session.execute(select(AgendaItem.id, AgendaItem.kind, AgendaItem.card_id, AgendaItem.final_counts)
                            .join(Workshop, Workshop.id == AgendaItem.workshop_id)
                            .where(Workshop.organisation_id == organisation_id,
                                   Workshop.status == WorkshopStatus.ENDED, AgendaItem.final_counts.is_not(None)))
    for item_id, kind, card_id, final_counts in items:
        kept = json.loads(final_counts or "{}")
        if kind == RISK_MAP:
            for factor in kept.get("factors", []):
                population = _shown_population(factor.get("counts"))
                if factor.get("id") in cards and population is not None:
                    yield factor["id"], Disclosure(f"workshop-item:{item_id}", population)
        elif card_id in cards and isinstance(kept, dict):
            for number, counts in kept.items():
                population = _shown_population(counts)
                if population is not None:
                    yield card_id, Disclosure(f"workshop-item:{item_id}:round:{number}", population)


def _pulse_disclosures(session: Session, pulse: Pulse, cards: set[str]) -> Iterable[tuple[str, Disclosure]]:
    rows = session.execute(select(Pulse.id, Pulse.responses, PulseTally.card).join(
        PulseTally, PulseTally.pulse_id == Pulse.id).where(
        Pulse.organisation_id == pulse.organisation_id, Pulse.id != pulse.id, Pulse.status == PulseStatus.CLOSED.value,
        PulseTally.card.in_(cards)).distinct())
    for other_id, responses, card in rows:  # a closed pulse keeps tallies only for what it shows
        yield card, Disclosure(f"pulse:{other_id}", int(responses or 0))


def withheld_at_close(session: Session, pulse: Pulse, cards: Iterable[str], responses: int) -> dict[str, str]:
    """The questions of `pulse` that may not be shown, and why, beside all the organisation has shown."""
    wanted = set(cards)
    shown: dict[str, list[Disclosure]] = {card: [] for card in wanted}
    for card, disclosure in [*_workshop_disclosures(session, pulse.organisation_id, wanted),
                             *_pulse_disclosures(session, pulse, wanted)]:
        shown[card].append(disclosure)
    withheld = {}
    for card in sorted(wanted):
        reason = may_disclose(responses, shown[card], pulse.min_answers)
        if reason is not None:
            withheld[card] = reason
    return withheld
