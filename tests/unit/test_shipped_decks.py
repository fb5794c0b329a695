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


# Decks translated into nynorsk, Danish and Swedish so far (issue 19); the others follow deck by deck.
IN_NYNORSK = {"ok-or-not-ok", "risk-map", "do-you-have-power", "conversation-cards"}
IN_DANISH = {"ok-or-not-ok", "risk-map", "do-you-have-power", "conversation-cards"}
IN_SWEDISH = {"ok-or-not-ok", "risk-map", "do-you-have-power", "conversation-cards"}


@pytest.mark.parametrize("deck_id", sorted(LIBRARY.decks))
def test_every_shipped_deck_is_complete_in_english_bokmal_and_its_translations(deck_id: str):
    stats = deck_stats(LIBRARY.decks[deck_id])
    done_in = (("nn", IN_NYNORSK), ("da", IN_DANISH), ("sv", IN_SWEDISH))
    translations = [code for code, done in done_in if deck_id in done]
    assert stats["languages"] == ["en", "nb", *translations]
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


def test_sexual_harassment_and_sexism_is_a_theme_of_ten_to_twelve_cards_behind_a_content_note():
    themes = {theme.id: theme for theme in deck("conversation-cards").themes}
    theme = themes["sexual-harassment-and-sexism"]
    assert theme.content_note
    assert 10 <= len(theme.cards) <= 12
    prompts = " ".join(card.prompt["en"] for card in theme.cards if isinstance(card, QuestionCard)).lower()
    for subject in ("men are also harassed", "same level", "group chat", "compliment", "yes"):
        assert subject in prompts, subject


def test_ok_or_not_ok_has_scenarios_among_peers_on_men_minors_age_and_religion():
    themes = {theme.id: theme for theme in deck("ok-or-not-ok").themes}
    ids = [card.id for theme_id in ("colleagues-and-peers", "young-people-age-and-belief")
           for card in themes[theme_id].cards]
    for prefix in ("peers-", "men-", "minor", "age-", "religion-"):
        assert 2 <= sum(card_id.startswith(prefix) for card_id in ids) <= 3, prefix


def test_know_your_rights_names_every_place_to_get_help_inside_and_outside():
    themes = {theme.id: theme for theme in deck("conversation-cards").themes}
    text = " ".join(card.prompt["en"] + " " + card.notes["en"] for card in themes["know-your-rights"].cards
                    if isinstance(card, QuestionCard))
    for place in ("Equality and Anti-Discrimination Ombud", "Anti-Discrimination Tribunal",
                  "Labour Inspection Authority", "safety representative", "union representative", "channels"):
        assert place in text, place
    glossary = {entry.id for entry in deck("conversation-cards").glossary}
    assert {"equality-ombud", "anti-discrimination-tribunal", "labour-inspection-authority", "retaliation"} <= glossary


def test_legal_statements_follow_the_corrections():
    conversation = deck("conversation-cards")
    glossary = {entry.id: entry for entry in conversation.glossary}
    history = glossary["master-suppression-technique"].definition["en"] + conversation.themes[2].description["en"]
    assert "Later writers" not in history and "Nissen" in history and "she later added" in history
    fear = next(card for card in conversation.cards() if card.id == "handling-reports-fear-of-repercussions")
    assert "freelancers and volunteers included" in fear.notes["en"]
    for ground in ("pregnancy", "parental leave", "care duties", "union membership"):
        assert ground in glossary["discrimination"].definition["en"], ground
    police = next(card for card in conversation.cards() if card.id == "handling-reports-statement-police")
    assert "goes on while the police work" in police.notes["en"]
    assert "up to the person affected" in police.notes["en"]
    ok = {card.id: card for card in deck("ok-or-not-ok").cards()}
    assert "can be discrimination" in ok["drama-teacher-hijab-backstage"].notes["en"]
    assert "can be unwanted sexual attention" in ok["booker-dinner-for-gigs"].notes["en"]
    learner = next(card for card in deck("risk-map").cards() if card.id == "expert-and-young-learner")
    assert "only where a law allows it" in learner.notes["en"]


def test_every_shipped_card_says_how_long_it_takes_how_deep_it_goes_and_who_it_is_for():
    for loaded in LIBRARY.decks.values():
        for card in loaded.deck.cards():
            assert card.minutes and card.intensity and card.audience, card.id
    themes = {theme.id: theme for theme in deck("conversation-cards").themes}
    session = themes["opening-and-closing"].cards
    assert sum(card.id.startswith("open-") for card in session) >= 3
    assert sum(card.id.startswith("close-") for card in session) >= 3
    assert {card.intensity for card in session} == {"light"}
    assert themes["sexual-harassment-and-sexism"].cards[0].intensity == "deep"


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


def test_the_power_deck_has_new_dimensions_a_debrief_and_marks_proxies_for_identity_as_sensitive():
    power = deck("do-you-have-power")
    statements = [card for card in power.cards() if isinstance(card, PowerCard)]
    for dimension in ("gender-and-safety", "care-duties", "class-and-education", "knowing-rights"):
        in_dimension = [card for card in statements if card.dimension == dimension]
        assert len(in_dimension) >= 3, dimension
        assert any(not card.sensitive for card in in_dimension), dimension  # usable as yourselves by default
    assert len(power.debrief) == 5
    sensitive = {card.id for card in statements if card.sensitive}
    assert {"mn-private-life", "mn-really-from", "mn-building-works", "js-ill-for-a-month"} <= sensitive
    assert all(card.dimension == "majority-norm" for card in statements if card.id.startswith("mn-") and card.sensitive)


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


def test_the_risk_map_names_the_implicit_groups_and_describes_prejudice_without_quoting_it():
    risk = deck("risk-map")
    themes = {theme.id: theme for theme in risk.themes}
    groups = {card.id for card in themes["higher-risk-groups"].cards}
    assert {"self-employed-people", "trainees-and-interns", "perceived-as-minorities"} <= groups
    assert "little-insight-into-others-perspectives" in {card.id for card in themes["general-conditions"].cards}
    minorities = next(card for card in risk.cards() if card.id == "national-minorities")
    examples = " ".join(text for example in minorities.examples for text in example.values()).lower()
    assert "tater" not in examples and "travellers" not in examples and "forsvunnet" not in examples
    for theme_id in ("arts-and-culture-risk-factors", "general-conditions", "risk-situations", "higher-risk-groups"):
        assert themes[theme_id].content_note, theme_id


def test_scenarios_of_sexual_pressure_and_the_bystander_theme_carry_a_content_note():
    ok = {card.id: card for card in deck("ok-or-not-ok").cards()}
    for card_id in ("masterclass-hotel-suite-lesson", "booker-dinner-for-gigs", "voice-teacher-sexual-image",
                    "tour-shared-room"):
        assert ok[card_id].content_note, card_id
    themes = {theme.id: theme for theme in deck("conversation-cards").themes}
    assert themes["bystanders"].content_note


def test_the_language_pass_left_no_calque_and_no_single_note_template():
    risk_notes = [card.notes["nb"] for card in deck("risk-map").cards() if card.notes]
    assert sum(note.rstrip().endswith("hjelper.") for note in risk_notes) <= 3
    notes = [card.notes for loaded in LIBRARY.decks.values() for card in loaded.deck.cards() if card.notes]
    assert sum(note["en"].count("Watch for") for note in notes) <= 30
    assert sum(note["nb"].count("Vær obs på") for note in notes) <= 30
    ids = {card.id for card in deck("conversation-cards").cards()}
    assert "disability-barriers-statement-better-work" not in ids and "racism-statement-work-against" not in ids
    audition = next(card for card in deck("ok-or-not-ok").cards() if card.id == "audition-without-step-free-access")
    assert audition.notes["en"].startswith("Not OK as a plan.")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


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
