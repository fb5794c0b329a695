"""Building a power walk into an agenda: the chosen power statements (and role cards) become one item.

Apart from `power_walk` (running the walk), so that `workshops`, which builds every agenda, does not
import the module that itself builds on `shown_items` and so on `workshops`.
"""

from __future__ import annotations

import json
from typing import Any

from cardapp.domain import power_walk as rules
from cardapp.domain.deck_format import Deck
from cardapp.domain.workshops import bundle_in_place
from cardapp.services.errors import Invalid

WALK_CARD_ID = "power-walk"


def bundle_walk(deck: Deck, items: list[tuple[str, str, str]], mode: str) -> list[tuple[str, str, str]]:
    """The chosen power statements become one walk item, where the first of them was. With a walk,
    role cards are not items of their own: in role mode the chosen ones (or all the deck's) are the personas."""
    statements = [json.loads(card) for _id, kind, card in items if kind == "power"]
    if not statements:
        return items  # no walk: any role cards stay ordinary cards
    if mode not in rules.MODES:
        raise Invalid("power.invalid_mode")
    chosen_roles = [json.loads(card) for _id, kind, card in items if kind == "role"]
    if not chosen_roles:
        chosen_roles = [card.model_dump(mode="json", exclude_none=True) for card in deck.cards() if card.kind == "role"]
    if mode == "roles" and not chosen_roles:
        raise Invalid("power.no_roles")
    used = {statement["dimension"] for statement in statements}
    walk: dict[str, Any] = {
        "id": WALK_CARD_ID, "kind": rules.KIND, "mode": mode, "text": dict(deck.title),
        "statements": [{key: statement[key] for key in ("id", "text", "dimension", "notes") if key in statement}
                       for statement in statements],
        "dimensions": [{"id": d.id, "title": dict(d.title)} for d in deck.dimensions if d.id in used],
        "roles": [{key: role[key] for key in ("id", "name", "description") if key in role}
                  for role in chosen_roles] if mode == "roles" else [],
        # The deck's questions for the room after the picture; a walk keeps its own copy like every card.
        "debrief": [dict(question) for question in deck.debrief],
    }
    note = next((statement.get("content_note") for statement in statements if statement.get("content_note")), None)
    if note:
        walk["walk_note"] = note  # not "content_note": the phones' own explanation comes first instead
    return bundle_in_place(items, "power", {"power", "role"},
                           (WALK_CARD_ID, rules.KIND, json.dumps(walk, ensure_ascii=False)))
