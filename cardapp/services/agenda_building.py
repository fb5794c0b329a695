"""How the chosen cards of a deck become agenda items: the registry of exercises that gather many cards.

Most cards become one agenda item each. An exercise that gathers cards (a power walk gathers power
statements and role cards, a risk map gathers risk cards) folds them into one item where the first
of them was. Each gatherer leaves items it does not gather alone; a new one is one line here.
"""

from __future__ import annotations

from collections.abc import Callable

from cardapp.domain.deck_format import Deck
from cardapp.domain.risk_map import bundle_risks
from cardapp.domain.workshops import AgendaCopy
from cardapp.services.power_walk_agenda import bundle_walk

Gatherer = Callable[[Deck, list[AgendaCopy], str], list[AgendaCopy]]

GATHERERS: tuple[Gatherer, ...] = (
    bundle_walk,
    lambda deck, items, _walk_mode: bundle_risks(deck.title, items),
)


def gathered(deck: Deck, items: list[AgendaCopy], walk_mode: str) -> list[AgendaCopy]:
    """The agenda copies with every gathering exercise's cards folded into its one item."""
    for gather in GATHERERS:
        items = gather(deck, items, walk_mode)
    return items
