"""The card picker's filter: by intensity, minutes and audience, with values a person may have typed."""

from __future__ import annotations

import pytest

from cardapp.domain.card_filter import CardFilter, InvalidCardFilter, card_filter_from, visible_card_ids
from cardapp.domain.deck_validation import check_deck_data
from tests.support.decks import minimal_deck


def planned_cards():  # type: ignore[no-untyped-def]
    deck = minimal_deck()
    question, statement, power = deck["themes"][0]["cards"]
    question.update(minutes=15, intensity="deep", audience=["leaders", "hr"])
    statement.update(minutes=5, intensity="light", audience=["everyone"])
    power.update(minutes=2)
    check = check_deck_data(deck)
    assert check.deck is not None
    return check.deck.cards()


def test_an_empty_filter_shows_every_card():
    assert visible_card_ids(planned_cards(), CardFilter()) == {"who-decides", "hug-after-premiere", "knows-people"}
    assert not CardFilter().active


def test_a_card_without_the_filtered_field_is_not_promised_to_match():
    cards = planned_cards()
    assert visible_card_ids(cards, card_filter_from(["light", "deep"], "", "")) == {"who-decides", "hug-after-premiere"}
    assert visible_card_ids(cards, card_filter_from([], "5", "")) == {"hug-after-premiere", "knows-people"}
    assert visible_card_ids(cards, card_filter_from([], "", "hr")) == {"who-decides", "hug-after-premiere"}


@pytest.mark.parametrize(("intensities", "minutes", "audience", "key"), [
    (["heavy"], "", "", "decks2.filter.bad_intensity"),
    ([], "0", "", "decks2.filter.bad_minutes"),
    ([], "241", "", "decks2.filter.bad_minutes"),
    ([], "ten", "", "decks2.filter.bad_minutes"),
    ([], "-3", "", "decks2.filter.bad_minutes"),
    ([], "²", "", "decks2.filter.bad_minutes"),  # a digit to str.isdigit, not to int
    ([], "", "board", "decks2.filter.bad_audience"),
])
def test_values_the_picker_cannot_use_are_refused_by_name(intensities, minutes, audience, key):
    with pytest.raises(InvalidCardFilter) as refused:
        card_filter_from(intensities, minutes, audience)
    assert refused.value.key == key
