from __future__ import annotations

import json

from cardapp.domain.deck_format import MAX_DECK_BYTES, TEXT
from cardapp.domain.deck_validation import check_deck_bytes, check_deck_data
from tests.support.decks import minimal_deck


def problems_of(data: object) -> list[str]:
    return [f"{p.where}: {p.message}" for p in check_deck_data(data).problems]


def test_a_complete_deck_is_valid():
    check = check_deck_data(minimal_deck())
    assert check.valid
    assert [card.id for card in check.deck.cards()] == ["who-decides", "hug-after-premiere", "knows-people"]


def test_a_missing_translation_is_reported_at_the_language_it_lacks():
    deck = minimal_deck()
    del deck["themes"][0]["cards"][1]["text"]["nb"]
    assert problems_of(deck) == ["$.themes[0].cards[1].text.nb: missing text for language nb"]


def test_every_problem_in_a_deck_is_reported_at_once():
    deck = minimal_deck()
    cards = deck["themes"][0]["cards"]
    del cards[0]["prompt"]["nb"]
    cards[1]["text"]["en"] = "See <script>alert(1)</script>"
    cards[2]["text"]["en"] = "Read more at https://example.org"
    cards.append({"id": "x1", "kind": "sticker"})
    deck["title"]["en"] = "T" * 200
    assert problems_of(deck) == [
        "$.title.en: text is too long: at most 160 characters",
        "$.themes[0].cards[0].prompt.nb: missing text for language nb",
        "$.themes[0].cards[1].text.en: text only: HTML or other markup is not allowed",
        "$.themes[0].cards[2].text.en: text only: links and web addresses are not allowed",
        "$.themes[0].cards[3]: unknown card kind 'sticker'; expected one of "
        "'question', 'statement', 'power', 'role', 'risk'",
    ]


def test_text_in_a_language_the_deck_does_not_declare_is_refused():
    deck = minimal_deck()
    deck["themes"][0]["title"]["da"] = "Normer"
    assert problems_of(deck) == [
        "$.themes[0].title.da: text in language da, which the deck does not list in $.languages"
    ]


def test_repeated_ids_unknown_dimensions_and_repeated_texts_are_reported():
    deck = minimal_deck()
    cards = deck["themes"][0]["cards"]
    cards[1]["id"] = "who-decides"
    cards[2]["dimension"] = "fame"
    cards.append({**cards[0], "id": "again"})
    assert problems_of(deck) == [
        "$.themes[0].cards[0].id: id 'who-decides' is used more than once in cards",
        "$.themes[0].cards[1].id: id 'who-decides' is used more than once in cards",
        "$.themes[0].cards[2].dimension: unknown dimension 'fame'; declare it in $.dimensions",
        "$.themes[0].cards[3].prompt.en: same text as card 'who-decides'",
        "$.themes[0].cards[3].prompt.nb: same text as card 'who-decides'",
    ]


def test_invalid_json_is_reported_with_line_and_column():
    check = check_deck_bytes(b'{\n  "id": "x",\n  "title": }\n')
    assert [f"{p.where}: {p.message}" for p in check.problems] == [
        "$: invalid JSON at line 3, column 12: Expecting value"
    ]


def test_an_oversized_file_is_refused_before_it_is_parsed():
    check = check_deck_bytes(b" " * (MAX_DECK_BYTES + 1))
    assert not check.valid
    assert "a deck may be at most 2,097,152 bytes" in check.problems[0].message


def test_an_unknown_schema_version_is_named():
    assert problems_of(minimal_deck(schema_version=7)) == [
        "$.schema_version: unsupported schema_version 7; this cardapp reads version 1"
    ]


def test_unknown_fields_and_bad_ids_are_explained():
    deck = minimal_deck(id="Tiny Deck", colour="red")
    assert problems_of(deck) == [
        "$.id: must be a lowercase id of letters, digits and single hyphens (for example 'power-and-roles')",
        "$.colour: unknown field; check its spelling against decks/deck.schema.json",
    ]


def test_text_length_limits_hold_for_every_language():
    deck = minimal_deck()
    deck["themes"][0]["cards"][0]["prompt"]["nb"] = "ord " * TEXT
    assert problems_of(deck) == [f"$.themes[0].cards[0].prompt.nb: text is too long: at most {TEXT} characters"]


def test_a_byte_order_mark_is_accepted():
    assert check_deck_bytes(b"\xef\xbb\xbf" + json.dumps(minimal_deck()).encode()).valid


def test_cards_may_carry_minutes_intensity_and_audience_for_planning_a_workshop():
    deck = minimal_deck()
    deck["themes"][0]["cards"][0].update(minutes=10, intensity="deep", audience=["leaders", "hr"])
    check = check_deck_data(deck)
    assert check.valid
    card = check.deck.cards()[0]
    assert (card.minutes, card.intensity, card.audience) == (10, "deep", ["leaders", "hr"])
    assert (check.deck.cards()[1].minutes, check.deck.cards()[1].intensity) == (None, None)


def test_bad_minutes_intensity_and_audience_are_explained_at_their_json_path():
    deck = minimal_deck()
    cards = deck["themes"][0]["cards"]
    cards[0].update(minutes=0, intensity="extreme", audience=["leaders", "leaders"])
    cards[1].update(minutes="10", audience=["boss"])
    cards[2].update(minutes=241, audience=[])
    assert problems_of(deck) == [
        "$.themes[0].cards[0].minutes: must be at least 1",
        "$.themes[0].cards[0].intensity: must be one of: 'light', 'medium', 'deep'",
        "$.themes[0].cards[0].audience: 'leaders' listed more than once",
        "$.themes[0].cards[1].minutes: must be a whole number, such as 10",
        "$.themes[0].cards[1].audience[0]: must be one of: 'everyone', 'leaders', 'representatives', 'hr'",
        "$.themes[0].cards[2].minutes: must be at most 240",
        "$.themes[0].cards[2].audience: the list needs at least one item",
    ]


def test_debrief_questions_and_the_sensitive_mark_are_checked_like_any_text_and_field():
    deck = minimal_deck(debrief=[{"en": "What did you notice?", "nb": "Hva la du merke til?"}, {"en": "And?"}])
    deck["themes"][0]["cards"][2]["sensitive"] = "very"
    assert problems_of(deck) == [
        "$.debrief[1].nb: missing text for language nb",
        "$.themes[0].cards[2].sensitive: must be true or false",
    ]
    deck["debrief"][1]["nb"] = "Og?"
    deck["themes"][0]["cards"][2]["sensitive"] = True
    check = check_deck_data(deck)
    assert check.valid and check.deck.cards()[2].sensitive and len(check.deck.debrief) == 2
