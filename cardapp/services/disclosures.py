"""The ledger of what an agenda item has shown the room, kept on the item (`AgendaItem.disclosures`).

Every aggregate shown over the item's room is recorded with how many people were in it. A new one is
shown only if the differencing rule of `domain/anonymity.py` allows it beside everything shown
before, of this item and of the same card in the workshop's group (`disclose_card`, which asks
`services/group_ledger.py`); otherwise it is recorded as withheld, with the reason, and every screen and the report
withhold it too. The ledger holds totals only, so it outlives the workshop like the totals do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from cardapp.domain.anonymity import Disclosure, may_disclose
from cardapp.services.group_ledger import shown_in_group
from cardapp.store.models import AgendaItem, Workshop


def _entries(item: AgendaItem) -> list[dict[str, Any]]:
    entries = json.loads(item.disclosures) if item.disclosures else []
    return entries if isinstance(entries, list) else []


def shown(item: AgendaItem) -> list[Disclosure]:
    """The aggregates the room has seen of this item."""
    return [Disclosure(entry["what"], int(entry["population"])) for entry in _entries(item)
            if not entry.get("withheld")]


def withheld(item: AgendaItem) -> dict[str, str]:
    """The aggregates decided against, and why (`too_few`, `differs_from_earlier`)."""
    return {entry["what"]: entry["withheld"] for entry in _entries(item) if entry.get("withheld")}


def disclose(item: AgendaItem, what: str, population: int, min_answers: int,
             elsewhere: Sequence[Disclosure] = ()) -> str | None:
    """Decide once whether `what` may be shown: None when it is shown, else the reason it is withheld.

    `elsewhere` are the populations the group saw of the same card outside this item. A decision
    stands: hiding and revealing again shows the same, whatever changed since.
    """
    entries = _entries(item)
    for entry in entries:
        if entry["what"] == what:
            reason: str | None = entry.get("withheld")
            return reason
    reason = may_disclose(population, [*shown(item), *elsewhere], min_answers)
    entries.append({"what": what, "population": population, "withheld": reason})
    item.disclosures = json.dumps(entries)
    return reason


def disclose_card(session: Session, workshop: Workshop, item: AgendaItem, card: str, what: str,
                  population: int) -> str | None:
    """`disclose`, beside everything the workshop's group has been shown of `card` in other workshops
    (live or ended) and closed pulses of the organisation."""
    if any(entry["what"] == what for entry in _entries(item)):
        return withheld(item).get(what)
    elsewhere = shown_in_group(session, workshop.organisation_id, workshop.group_label, [card],
                               except_item=item.id)[card]
    return disclose(item, what, population, workshop.min_answers, elsewhere)
