"""Every deck shipped in decks/ is complete, valid and written in the project's own words."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cardapp.config import PROJECT_ROOT
from cardapp.domain.deck_format import Deck, PowerCard, QuestionCard, RiskCard, RoleCard, StatementCard
from cardapp.domain.deck_library import deck_files, deck_stats, load_deck_folder
from tests.support.own_words import copied_runs, fingerprint, stored_fingerprint

DECKS = PROJECT_ROOT / "decks"
LIBRARY = load_deck_folder(DECKS)


def deck(deck_id: str) -> Deck:
    return LIBRARY.decks[deck_id].deck


def test_every_shipped_deck_file_is_valid():
    assert [b.path.name for b in LIBRARY.broken] == []
    assert {path.name for path in deck_files(DECKS)} == {
        "conversation-cards.json", "ok-or-not-ok.json", "do-you-have-power.json", "risk-map.json"
    }


@pytest.mark.parametrize("deck_id", sorted(LIBRARY.decks))
def test_every_shipped_deck_is_complete_in_english_and_bokmal(deck_id: str):
    stats = deck_stats(LIBRARY.decks[deck_id])
    assert stats["languages"] == ["en", "nb"]
    assert stats["missing_translations"] == 0


def test_conversation_cards_cover_the_themes_with_at_least_eight_mixed_cards_each():
    conversation = deck("conversation-cards")
    themes = {theme.id: theme for theme in conversation.themes}
    assert {
        "stereotypes", "norms", "master-suppression-techniques", "prejudice", "racism", "homophobia",
        "transphobia", "disability-barriers", "power-and-roles", "alcohol-and-blurred-lines", "bystanders",
        "handling-reports",
    } <= set(themes)
    for theme in conversation.themes:
        kinds = Counter(card.kind for card in theme.cards)
        assert len(theme.cards) >= 8, theme.id
        assert kinds["question"] >= 1 and kinds["statement"] >= 1, theme.id
    for card in conversation.cards():
        assert isinstance(card, (QuestionCard, StatementCard))
        assert card.notes, f"{card.id} has no facilitator notes"
        if isinstance(card, StatementCard):
            assert card.scale == "agree_disagree" and card.prompts, card.id


def test_master_suppression_techniques_have_a_card_each():
    techniques = [card for card in deck("conversation-cards").themes[2].cards if isinstance(card, QuestionCard)]
    assert len(techniques) >= 7


def test_hard_themes_carry_a_content_note():
    themes = {theme.id: theme for theme in deck("conversation-cards").themes}
    for theme_id in ("racism", "homophobia", "transphobia", "handling-reports"):
        assert themes[theme_id].content_note, theme_id


def test_the_glossary_explains_the_terms_the_cards_use():
    glossary = {entry.id for entry in deck("conversation-cards").glossary}
    assert {"master-suppression-technique", "microaggression", "bystander-effect"} <= glossary
    assert len(glossary) >= 10


def test_ok_or_not_ok_has_thirty_scenarios_with_prompts_and_notes():
    scenarios = deck("ok-or-not-ok").cards()
    assert len(scenarios) >= 30
    for card in scenarios:
        assert isinstance(card, StatementCard) and card.scale == "ok_not_ok"
        assert 2 <= len(card.prompts) <= 4, card.id
        assert card.notes, card.id


def test_do_you_have_power_spans_seven_dimensions_with_role_cards():
    power = deck("do-you-have-power")
    statements = [card for card in power.cards() if isinstance(card, PowerCard)]
    roles = [card for card in power.cards() if isinstance(card, RoleCard)]
    assert len(statements) >= 24
    assert len({card.dimension for card in statements}) >= 7
    assert {"formal-position", "hiring-and-casting", "network", "reputation", "job-security", "majority-norm",
            "seniority", "money"} <= {card.dimension for card in statements}
    assert len(roles) >= 12


def test_power_statements_never_ask_for_an_identity_outright():
    # "Yes"/"No" to these would out a person in a small group; the deck asks about experiences instead.
    outright = re.compile(r"(?i)\b(am i|i am|i'm) (gay|lesbian|trans|disabled|muslim|jewish|black|white|straight)\b")
    for card in deck("do-you-have-power").cards():
        if isinstance(card, PowerCard):
            assert not outright.search(card.text["en"]), card.id


def test_the_risk_map_has_a_card_for_every_factor_situation_and_group():
    risk = deck("risk-map")
    counts = {theme.id: len(theme.cards) for theme in risk.themes}
    assert counts["arts-and-culture-risk-factors"] >= 15
    assert counts["general-conditions"] >= 6
    assert counts["risk-situations"] >= 7
    assert counts["higher-risk-groups"] >= 9
    for card in risk.cards():
        assert isinstance(card, RiskCard) and card.examples, card.id


def all_english_texts(value: object) -> list[str]:
    if isinstance(value, dict):
        if "en" in value and isinstance(value["en"], str):
            return [value["en"]]
        return [text for item in value.values() for text in all_english_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in all_english_texts(item)]
    return []


def test_deck_text_is_written_in_the_projects_own_words():
    # The brief lives outside the repository; its committed fingerprint (tests/support/own_words.py) does not.
    brief = stored_fingerprint()
    assert len(brief) > 1000, "the brief's fingerprint is missing or truncated"
    for loaded in LIBRARY.decks.values():
        for text in all_english_texts(loaded.deck.model_dump(mode="json")):
            copied = copied_runs(text, brief)
            assert not copied, f"{loaded.deck.id}: {copied[0]!r} is copied from the field brief"


def test_the_own_words_check_catches_a_sentence_copied_from_a_fingerprinted_text():
    source = "Bystanders who speak up early change what a group treats as normal, long before anyone reports it."
    known = fingerprint(source)
    copied = "In our team, bystanders who speak up early change what a group treats as normal."
    reworded = "When someone in the room says something early, the group's idea of normal shifts."
    assert copied_runs(copied, known) == ["bystanders who speak up early change what a"] + [
        "who speak up early change what a group", "speak up early change what a group treats",
        "up early change what a group treats as", "early change what a group treats as normal"]
    assert copied_runs(reworded, known) == []


def test_the_app_loads_every_shipped_deck(client):
    assert "Browse the 4 ready-made decks" in client.get("/").get_data(as_text=True)
