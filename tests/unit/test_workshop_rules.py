from __future__ import annotations

import random

import pytest

from cardapp.domain.anonymity import new_batch_due, release_due, shuffled_batches, tally
from cardapp.domain.word_filter import contains_slur
from cardapp.domain.workshops import (
    ROOM_CODE_ALPHABET,
    choices_for,
    localized,
    new_room_code,
    normalised_room_code,
)


def test_room_codes_avoid_characters_that_are_confused_when_read_aloud():
    codes = {new_room_code(random.Random(seed)) for seed in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 6 and set(code) <= set(ROOM_CODE_ALPHABET) for code in codes)
    assert not set("0O1IL") & set(ROOM_CODE_ALPHABET)


def test_a_typed_room_code_is_forgiving_about_case_spaces_and_dashes():
    assert normalised_room_code(" kx7-p3m ") == "KX7P3M"
    assert normalised_room_code("KX7P3") is None
    assert normalised_room_code("KX0P3M") is None


def test_statements_offer_the_choices_of_their_scale_and_questions_none():
    assert choices_for({"kind": "statement", "scale": "ok_not_ok"}) == ("ok", "not_ok", "depends", "unsure")
    assert choices_for({"kind": "statement", "scale": "agree_disagree"}) == ("agree", "disagree", "both", "unsure")
    assert choices_for({"kind": "question"}) == ()


def test_results_stay_hidden_below_minimum_answers():
    hidden = tally(["ok", "ok", "not_ok", "unsure"], ("ok", "not_ok", "depends", "unsure"), min_answers=5)
    assert hidden.suppressed and hidden.as_event() == {"suppressed": True, "total": 4, "min_answers": 5}
    shown = tally(["ok", "ok", "not_ok", "unsure", "ok"], ("ok", "not_ok", "depends", "unsure"), min_answers=5)
    assert shown.as_event() == {"suppressed": False, "total": 5,
                                "counts": {"ok": 3, "not_ok": 1, "depends": 0, "unsure": 1}}


def test_reflections_are_shown_only_after_answers_close_and_only_in_batches_of_the_minimum():
    assert not new_batch_due(5, min_answers=5, answers_closed=False)
    assert not new_batch_due(4, min_answers=5, answers_closed=True)
    assert new_batch_due(5, min_answers=5, answers_closed=True)
    first = [f"reflection {n}" for n in range(5)]
    shown = shuffled_batches([first], seed=1)
    assert sorted(shown) == first
    assert any(shown != shuffled_batches([first], seed) for seed in range(2, 6)), "order varies"
    # A new batch mixes with the earlier one: the newest text is not found at the end or the start.
    second = [f"later {n}" for n in range(5)]
    places = {shuffled_batches([first, second], seed).index("later 0") for seed in range(40)}
    assert len(places) > 5


def test_written_texts_reach_the_moderation_queue_in_batches_not_one_by_one():
    assert not release_due(1, boundary_passed=False, answers_closed=False)
    assert not release_due(2, boundary_passed=False, answers_closed=False)
    assert release_due(3, boundary_passed=False, answers_closed=False)
    assert not release_due(1, boundary_passed=True, answers_closed=False)  # a lone text waits for company
    assert release_due(2, boundary_passed=True, answers_closed=False)
    assert release_due(1, boundary_passed=False, answers_closed=True)  # or for the close
    assert not release_due(0, boundary_passed=True, answers_closed=True)


def test_deck_text_falls_back_to_the_projector_language():
    assert localized({"en": "Hello", "nb": "Hei"}, "nb", "en") == "Hei"
    assert localized({"en": "Hello", "nb": "Hei"}, "da", "nb") == "Hei"
    assert localized(None, "nb", "en") is None


@pytest.mark.parametrize("text", ["for en homse", "din j3vla h0mse", "f.a.g.g.o.t", "Jævla utlendinger!", "PERKER"])
def test_slurs_are_held_back_even_when_disguised(text: str):
    assert contains_slur(text)


@pytest.mark.parametrize("text", [
    "Fagforeningen burde vært med fra starten.",
    "Det var slutt på prøven før ti.",
    "Vi snakker for lite om homofile kolleger.",
    "Lappen på døra sa at møtet var flyttet.",
    "Good point about the spicy jokes at the party.",
    "My grandmother came from Pakistan.",
])
def test_everyday_words_pass_the_filter(text: str):
    assert not contains_slur(text)
