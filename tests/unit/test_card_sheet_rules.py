"""The rules of printable cards: what is chosen, where each card lands, what is refused."""

from __future__ import annotations

import pytest

from cardapp.domain.card_sheets import (
    MAX_BLANKS,
    MAX_SHEET_CARDS,
    BackSide,
    InvalidSheetRequest,
    Side,
    lay_out,
    page_count,
    printed_cards,
    sheet_request_from,
)
from cardapp.domain.deck_format import Deck
from tests.support.decks import minimal_deck


def tiny_deck(**changes) -> Deck:
    return Deck.model_validate(minimal_deck(**changes))


def numbers(page) -> list[list[int | None]]:
    return [[card.number if card else None for card in row] for row in page.rows]


def test_backs_are_mirrored_so_each_back_lands_behind_its_front_on_a_long_edge_flip():
    deck = tiny_deck()
    request = sheet_request_from(deck, "nb", "4", blanks="2")
    pages = lay_out(printed_cards(deck, request), 4, two_sided=True)
    assert [(page.side, page.number) for page in pages] == [(Side.FRONT, 1), (Side.BACK, 1), (Side.FRONT, 2),
                                                            (Side.BACK, 2)]
    assert numbers(pages[0]) == [[1, 2], [3, 4]]
    assert numbers(pages[1]) == [[2, 1], [4, 3]]
    assert numbers(pages[2]) == [[5, None], [None, None]]
    assert numbers(pages[3]) == [[None, 5], [None, None]]


def test_eight_a_page_fill_four_rows_of_two_and_their_backs_mirror_too():
    deck = tiny_deck()
    request = sheet_request_from(deck, "en", "8", blanks="5")
    pages = lay_out(printed_cards(deck, request), 8, two_sided=True)
    assert numbers(pages[0]) == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert numbers(pages[1]) == [[2, 1], [4, 3], [6, 5], [8, 7]]


@pytest.mark.parametrize(("cards", "per_page", "two_sided", "pages"), [
    (8, 4, True, 4), (8, 8, True, 2), (9, 8, True, 4), (9, 4, False, 3), (1, 8, False, 1), (240, 4, True, 120),
])
def test_page_counts_follow_the_layout(cards, per_page, two_sided, pages):
    assert page_count(cards, per_page, two_sided) == pages


def test_fronts_only_make_no_back_pages_and_backs_carry_nothing():
    deck = tiny_deck()
    request = sheet_request_from(deck, "en", "4", back="none")
    cards = printed_cards(deck, request)
    assert [page.side for page in lay_out(cards, 4, request.two_sided)] == [Side.FRONT]
    assert not any(card.has_back for card in cards)


def test_backs_carry_follow_ups_and_facilitator_notes_only_when_asked_for():
    deck = tiny_deck()
    for_group = printed_cards(deck, sheet_request_from(deck, "nb", back="questions"))
    for_facilitator = printed_cards(deck, sheet_request_from(deck, "nb", back="notes"))
    assert for_group[1].items == ("Hva ville gjort det OK?",) and for_group[1].list_kind == "prompts"
    assert for_group[0].notes == ""
    assert for_facilitator[0].notes == "Åpner for uskrevne regler."


def test_content_notes_are_printed_on_the_front_the_cards_own_before_its_themes():
    data = minimal_deck()
    theme = data["themes"][0]
    theme["content_note"] = {"en": "This theme is about power.", "nb": "Dette temaet handler om makt."}
    theme["cards"][0]["content_note"] = {"en": "About exclusion.", "nb": "Om utestenging."}
    theme["cards"][2]["sensitive"] = True
    deck = Deck.model_validate(data)
    cards = printed_cards(deck, sheet_request_from(deck, "nb"))
    assert [card.content_note for card in cards] == ["Om utestenging.", "Dette temaet handler om makt.",
                                                     "Dette temaet handler om makt."]
    assert [card.sensitive for card in cards] == [False, False, True]


def test_choosing_themes_and_kinds_prints_only_those_cards_in_deck_order():
    deck = tiny_deck()
    request = sheet_request_from(deck, "en", themes=["norms"], kinds=["statement", "power"])
    assert [card.kind for card in printed_cards(deck, request)] == ["statement", "power"]


def test_notes_too_long_for_a_card_are_shortened_and_say_so():
    data = minimal_deck()
    long_note = " ".join(["Ord"] * 600)
    data["themes"][0]["cards"][0]["notes"] = {"en": long_note[:1999], "nb": long_note[:1999]}
    deck = Deck.model_validate(data)
    card = printed_cards(deck, sheet_request_from(deck, "nb", "8", back="notes"))[0]
    assert card.notes_shortened and card.notes.endswith("…") and len(card.notes) < 1000
    assert card.back_fit == 3


@pytest.mark.parametrize(("fields", "key"), [
    ({"language": "sv"}, "print.error.language"),
    ({"per_page": "6"}, "print.error.per_page"),
    ({"per_page": "²"}, "print.error.per_page"),
    ({"blanks": str(MAX_BLANKS + 1)}, "print.error.blanks"),
    ({"blanks": "-1"}, "print.error.blanks"),
    ({"themes": ["no-such-theme"]}, "print.error.theme"),
    ({"kinds": ["poem"]}, "print.error.kind"),
    ({"back": "both"}, "print.error.back"),
    ({"kinds": ["risk"]}, "print.error.nothing"),
])
def test_a_request_the_sheets_cannot_honour_names_its_problem(fields, key):
    with pytest.raises(InvalidSheetRequest) as refused:
        sheet_request_from(tiny_deck(), **{"language": "nb", **fields})
    assert refused.value.key == key


def test_one_print_holds_at_most_the_cap_blank_cards_included():
    data = minimal_deck()
    data["themes"][0]["cards"] = [
        {"id": f"q-{n}", "kind": "question", "prompt": {"en": f"Question {n}?", "nb": f"Spørsmål {n}?"},
         "notes": {"en": "Notes.", "nb": "Notater."}} for n in range(MAX_SHEET_CARDS)
    ]
    deck = Deck.model_validate(data)
    assert sheet_request_from(deck, "nb").back is BackSide.QUESTIONS
    with pytest.raises(InvalidSheetRequest) as refused:
        sheet_request_from(deck, "nb", blanks="1")
    assert refused.value.key == "print.error.too_many"
    assert refused.value.params == {"count": MAX_SHEET_CARDS + 1, "limit": MAX_SHEET_CARDS}
