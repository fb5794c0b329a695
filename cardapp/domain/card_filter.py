"""Choosing cards for a workshop by how long they take, how deep they go and who they are written for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cardapp.domain.deck_format import AUDIENCES, INTENSITIES, MAX_MINUTES, Card
from cardapp.domain.numbers import whole_number


class InvalidCardFilter(ValueError):
    """A filter value a person typed or a link carried that the picker cannot use; `key` names the message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class CardFilter:
    """What the card picker shows; an empty filter shows every card.

    A card that leaves a filtered field out is not shown while that field is filtered: the filter
    promises "at most ten minutes" or "light", and an unknown value cannot keep that promise.
    """

    intensities: frozenset[str] = frozenset()
    max_minutes: int | None = None
    audience: str = ""

    @property
    def active(self) -> bool:
        return bool(self.intensities or self.max_minutes or self.audience)

    def matches(self, card: Card) -> bool:
        """Whether the card has one of the wanted intensities, fits the minutes and speaks to the audience."""
        if self.intensities and card.intensity not in self.intensities:
            return False
        if self.max_minutes is not None and (card.minutes is None or card.minutes > self.max_minutes):
            return False
        if self.audience:
            audience = card.audience or ()
            # A card for everyone suits every audience; a card for leaders does not suit everyone.
            if self.audience not in audience and "everyone" not in audience:
                return False
        return True


def card_filter_from(intensities: Iterable[str], max_minutes: str, audience: str) -> CardFilter:
    """The filter from the picker's form fields, or InvalidCardFilter naming the value it cannot use."""
    wanted = frozenset(value for value in intensities if value)
    unknown = sorted(wanted - set(INTENSITIES))
    if unknown:
        raise InvalidCardFilter("decks2.filter.bad_intensity", value=unknown[0])
    minutes: int | None = None
    if max_minutes.strip():
        minutes = whole_number(max_minutes.strip(), largest=MAX_MINUTES)
        if minutes is None or minutes < 1:
            raise InvalidCardFilter("decks2.filter.bad_minutes", limit=MAX_MINUTES)
    if audience and audience not in AUDIENCES:
        raise InvalidCardFilter("decks2.filter.bad_audience", value=audience)
    return CardFilter(wanted, minutes, audience)


def visible_card_ids(cards: Sequence[Card], wanted: CardFilter) -> set[str]:
    """The ids of the cards the picker shows under `wanted`."""
    return {card.id for card in cards if wanted.matches(card)}
