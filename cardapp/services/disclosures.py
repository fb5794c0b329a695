"""The ledger of what an agenda item has shown the room, kept on the item (`AgendaItem.disclosures`).

Every aggregate shown over the item's room is recorded with how many people were in it. A new one is
shown only if the differencing rule of `domain/anonymity.py` allows it beside everything shown
before; otherwise it is recorded as withheld, with the reason, and every screen and the report
withhold it too. The ledger holds totals only, so it outlives the workshop like the totals do.
"""

from __future__ import annotations

import json
from typing import Any

from cardapp.domain.anonymity import Disclosure, may_disclose
from cardapp.store.models import AgendaItem


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


def disclose(item: AgendaItem, what: str, population: int, min_answers: int) -> str | None:
    """Decide once whether `what` may be shown: None when it is shown, else the reason it is withheld.

    A decision stands: hiding and revealing again shows the same, whatever changed since.
    """
    entries = _entries(item)
    for entry in entries:
        if entry["what"] == what:
            reason: str | None = entry.get("withheld")
            return reason
    reason = may_disclose(population, shown(item), min_answers)
    entries.append({"what": what, "population": population, "withheld": reason})
    item.disclosures = json.dumps(entries)
    return reason
