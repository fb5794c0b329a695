"""Typed texts that reach a shared screen, a report or an export hold no character a reader cannot see."""

from __future__ import annotations

import pytest

from cardapp.domain.deck_format import Deck
from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_line, has_hidden_characters
from cardapp.domain.programme import ProgrammeRuleBroken, cleaned_line, cleaned_notes
from cardapp.domain.pulse import PulseRuleBroken, checked_title
from cardapp.domain.question_box import QuestionRefused, cleaned_question
from cardapp.domain.workshops import InvalidChoice, typed_text
from tests.support.decks import minimal_deck

OVERRIDE = "We laugh \u202eti ffo"  # shows as "We laugh off it" read backwards: a right-to-left override
HIDDEN = [OVERRIDE, "A\x00B", "zero\u200bwidth", "isolate \u2067x\u2069", "soft\u00adhyphen", "bell\x07"]


@pytest.mark.parametrize("text", HIDDEN)
def test_control_and_invisible_format_characters_are_found(text):
    assert has_hidden_characters(text)


def test_emoji_sequences_line_breaks_and_accents_are_ordinary_text():
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467 together"
    assert not has_hidden_characters(family)
    assert has_hidden_characters(family, emoji_allowed=False)
    assert not has_hidden_characters("first line\nsecond\tline", lines_allowed=True)
    assert has_hidden_characters("first line\nsecond line")
    assert folded_line("  Sce\u0300ne \n ok ") == "Sc\u00e8ne ok"


@pytest.mark.parametrize("text", HIDDEN)
def test_every_typed_free_text_refuses_them_with_one_message(text):
    with pytest.raises(QuestionRefused) as question:
        cleaned_question(text)
    with pytest.raises(InvalidChoice) as agreement:
        typed_text(text, 300, "agreement")
    with pytest.raises(ProgrammeRuleBroken) as line:
        cleaned_line(text, 200)
    with pytest.raises(ProgrammeRuleBroken) as notes:
        cleaned_notes(text)
    with pytest.raises(PulseRuleBroken) as title:
        checked_title(text)
    keys = {refused.value.args[0] for refused in (question, agreement, line, notes, title)}
    assert keys == {HIDDEN_CHARACTERS}


def test_a_deck_text_with_a_right_to_left_override_is_refused():
    deck = minimal_deck()
    deck["themes"][0]["cards"][0]["prompt"]["en"] = OVERRIDE
    with pytest.raises(ValueError, match="invisible control character"):
        Deck.model_validate(deck)
