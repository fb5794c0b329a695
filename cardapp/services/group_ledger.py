"""The differencing ledger of a group: what the organisation's workshops and pulses for the same group
have already shown of each card, so that a first disclosure never shows a population one could
subtract from them.

The people of two workshops of one group, and of a pulse some months later, overlap. If a scenario
was shown to 6 people of the stage crew in March and to 7 in June, the difference is one person's
answer. So every first disclosure of an aggregate for a card (a round at a reveal, a risk-map factor,
a pulse's question at its close) goes through `anonymity.may_disclose` beside every population the
same group has already been shown for that card, in other workshops (live or ended) and in closed
pulses. Groups are labels chosen by the organiser (`domain/groups.py`); no label is the whole
organisation. Both paths (a workshop's reveal through `services/disclosures.py`, a pulse's close
through `services/pulse_ledger.py`) ask this module, so the rule is written once.

Deleting a workshop or a pulse must not let it escape the rule (see 6, delete, then 7): before the
rows go, `keep_before_deleting_workshops` and `keep_before_deleting_pulse` copy the populations it
showed into `shown_populations` (organisation, group, card, population; nothing else), which the
lookup reads beside the live rows for as long as the organisation exists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session

from cardapp.domain.anonymity import Disclosure
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.pulse import PulseStatus
from cardapp.domain.risk_map import KIND as RISK_MAP
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.pulse import Pulse, PulseTally
from cardapp.store.shown_populations import ShownPopulation

FACTOR = "factor:"  # a risk-map factor's entry in an item's ledger: "factor:<factor id>"


def _in_group(column: Any, group_label: str | None) -> Any:
    """The workshops and pulses whose people may overlap this group's: the whole organisation (no
    label) holds every group, so it is weighed against all of them, and a group against itself and
    the whole organisation. Otherwise labelling one workshop and not the next would escape the rule."""
    return true() if group_label is None else or_(column == group_label, column.is_(None))


def _shown_population(kept: Any) -> int | None:
    """How many were in a kept distribution; None for a bare total (never shown)."""
    if not isinstance(kept, dict) or set(kept) == {"total"}:
        return None
    return sum(int(count) for count in kept.values() if isinstance(count, int))


def _from_ledger(item_id: int, kind: str, card_id: str, entries: list[dict[str, Any]],
                 cards: set[str] | None) -> Iterable[tuple[str, Disclosure]]:
    for entry in entries:
        if entry.get("withheld"):
            continue
        what = str(entry.get("what", ""))
        card = what.removeprefix(FACTOR) if kind == RISK_MAP and what.startswith(FACTOR) else card_id
        if cards is None or card in cards:
            yield card, Disclosure(f"workshop-item:{item_id}:{what}", int(entry["population"]))


def _from_kept(item_id: int, kind: str, card_id: str, kept: Any,
               cards: set[str] | None) -> Iterable[tuple[str, Disclosure]]:
    """Workshops ended before items kept a ledger: what their kept totals say was shown."""
    if not isinstance(kept, dict):
        return
    if kind == RISK_MAP:
        for factor in kept.get("factors", []):
            population = _shown_population(factor.get("counts"))
            if (cards is None or factor.get("id") in cards) and population is not None:
                yield factor["id"], Disclosure(f"workshop-item:{item_id}", population)
    elif cards is None or card_id in cards:
        for number, counts in kept.items():
            population = _shown_population(counts)
            if population is not None:
                yield card_id, Disclosure(f"workshop-item:{item_id}:round:{number}", population)


def _workshop_disclosures(session: Session, organisation_id: int, group_label: str | None, cards: set[str],
                          except_item: int | None) -> Iterable[tuple[str, Disclosure]]:
    items = session.execute(select(AgendaItem.id, AgendaItem.kind, AgendaItem.card_id, AgendaItem.disclosures,
                                   AgendaItem.final_counts)
                            .join(Workshop, Workshop.id == AgendaItem.workshop_id)
                            .where(Workshop.organisation_id == organisation_id,
                                   _in_group(Workshop.group_label, group_label),
                                   Workshop.status != WorkshopStatus.DRAFT,
                                   AgendaItem.id != (except_item or 0),
                                   or_(AgendaItem.card_id.in_(cards), AgendaItem.kind == RISK_MAP))
                            .order_by(AgendaItem.id))
    yield from _item_disclosures(items, cards)


def _item_disclosures(items: Iterable[Any], cards: set[str] | None) -> Iterable[tuple[str, Disclosure]]:
    """What agenda items (id, kind, card id, ledger, kept totals) showed, of `cards` (None: of every card)."""
    for item_id, kind, card_id, ledger, final_counts in items:
        entries = json.loads(ledger) if ledger else None
        if isinstance(entries, list) and entries:
            yield from _from_ledger(item_id, kind, card_id, entries, cards)
        elif final_counts:
            yield from _from_kept(item_id, kind, card_id, json.loads(final_counts), cards)


def _pulse_disclosures(session: Session, organisation_id: int, group_label: str | None, cards: set[str],
                       except_pulse: int | None) -> Iterable[tuple[str, Disclosure]]:
    rows = session.execute(select(Pulse.id, Pulse.responses, PulseTally.card).join(
        PulseTally, PulseTally.pulse_id == Pulse.id).where(
        Pulse.organisation_id == organisation_id, _in_group(Pulse.group_label, group_label),
        Pulse.id != (except_pulse or 0), Pulse.status == PulseStatus.CLOSED.value,
        PulseTally.card.in_(cards)).distinct())
    for other_id, responses, card in rows:  # a closed pulse keeps tallies only for what it shows
        yield card, Disclosure(f"pulse:{other_id}", int(responses or 0))


def _kept_disclosures(session: Session, organisation_id: int, group_label: str | None,
                      cards: set[str]) -> Iterable[tuple[str, Disclosure]]:
    """What deleted workshops and pulses of the group showed (`keep_before_deleting_*`)."""
    rows = session.execute(select(ShownPopulation.id, ShownPopulation.card, ShownPopulation.population).where(
        ShownPopulation.organisation_id == organisation_id, _in_group(ShownPopulation.group_label, group_label),
        ShownPopulation.card.in_(cards)))
    for row_id, card, population in rows:
        yield card, Disclosure(f"deleted:{row_id}", population)


def _keep(session: Session, organisation_id: int, group_label: str | None,
          shown: Iterable[tuple[str, int]]) -> None:
    """Add what is not kept yet: one row per (group, card, population) is all the rule needs."""
    for card, population in sorted(set(shown)):
        known = session.scalar(select(ShownPopulation.id).where(
            ShownPopulation.organisation_id == organisation_id, ShownPopulation.card == card,
            ShownPopulation.population == population,
            ShownPopulation.group_label.is_(None) if group_label is None
            else ShownPopulation.group_label == group_label).limit(1))
        if known is None:
            session.add(ShownPopulation(organisation_id=organisation_id, group_label=group_label, card=card,
                                        population=population))
    session.flush()


def keep_before_deleting_workshops(session: Session, workshop_ids: Iterable[int]) -> None:
    """Keep the populations these workshops showed, per card and group, before their rows are deleted."""
    for workshop in session.scalars(select(Workshop).where(Workshop.id.in_(list(workshop_ids)))):
        items = session.execute(select(AgendaItem.id, AgendaItem.kind, AgendaItem.card_id, AgendaItem.disclosures,
                                       AgendaItem.final_counts).where(AgendaItem.workshop_id == workshop.id))
        _keep(session, workshop.organisation_id, workshop.group_label,
              ((card, disclosure.population) for card, disclosure in _item_disclosures(items, None)))


def keep_before_deleting_pulse(session: Session, pulse: Pulse) -> None:
    """Keep the population a closed pulse showed of each question it shows, before it is deleted."""
    if pulse.status != PulseStatus.CLOSED.value:
        return
    cards = session.scalars(select(PulseTally.card).where(PulseTally.pulse_id == pulse.id).distinct())
    _keep(session, pulse.organisation_id, pulse.group_label, ((card, int(pulse.responses or 0)) for card in cards))


def shown_in_group(session: Session, organisation_id: int, group_label: str | None, cards: Iterable[str],
                   except_item: int | None = None, except_pulse: int | None = None) -> dict[str, list[Disclosure]]:
    """Per card, every population the group has already been shown of it, outside the item or pulse asking."""
    wanted = set(cards)
    shown: dict[str, list[Disclosure]] = {card: [] for card in wanted}
    if not wanted:
        return shown
    for card, disclosure in [*_workshop_disclosures(session, organisation_id, group_label, wanted, except_item),
                             *_pulse_disclosures(session, organisation_id, group_label, wanted, except_pulse),
                             *_kept_disclosures(session, organisation_id, group_label, wanted)]:
        shown[card].append(disclosure)
    return shown


def group_labels(session: Session, organisation_id: int) -> list[str]:
    """The organisation's group labels in use, for the forms' suggestions and to keep one spelling."""
    labels = {label for (label,) in session.execute(select(Workshop.group_label).where(
        Workshop.organisation_id == organisation_id, Workshop.group_label.is_not(None)).distinct())}
    labels |= {label for (label,) in session.execute(select(Pulse.group_label).where(
        Pulse.organisation_id == organisation_id, Pulse.group_label.is_not(None)).distinct())}
    # A deleted workshop's label keeps its spelling, so its group is still matched.
    labels |= {label for (label,) in session.execute(select(ShownPopulation.group_label).where(
        ShownPopulation.organisation_id == organisation_id, ShownPopulation.group_label.is_not(None)).distinct())}
    return sorted((label for label in labels if label), key=str.casefold)
