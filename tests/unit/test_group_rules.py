"""Group labels: one spelling per group, the default group for no label, and a length limit."""

from __future__ import annotations

import pytest

from cardapp.domain.groups import MAX_GROUP_LENGTH, GroupLabelHidden, GroupLabelTooLong, normalised_group


def test_a_label_is_trimmed_and_takes_the_spelling_of_an_existing_one_that_compares_equal():
    assert normalised_group("  Stage   crew ", []) == "Stage crew"
    assert normalised_group("STAGE CREW", ["Board", "Stage crew"]) == "Stage crew"
    assert normalised_group("Stage crews", ["Stage crew"]) == "Stage crews"


def test_no_label_or_the_default_groups_name_is_the_whole_organisation():
    assert normalised_group("", ["Board"]) is None
    assert normalised_group("   ", []) is None
    assert normalised_group("Hele organisasjonen", []) is None


def test_a_label_longer_than_the_limit_is_refused():
    assert normalised_group("x" * MAX_GROUP_LENGTH, []) == "x" * MAX_GROUP_LENGTH
    with pytest.raises(GroupLabelTooLong):
        normalised_group("x" * (MAX_GROUP_LENGTH + 1), [])


@pytest.mark.parametrize("typed", ["Stage\x00crew", "Stage \u202ewerc", "Stage\u200bcrew", "Board\u2066x\u2069",
                                   "Stage\u00adcrew", "Stage\u200dcrew"])
def test_a_label_with_a_control_or_invisible_character_is_refused(typed):
    with pytest.raises(GroupLabelHidden):
        normalised_group(typed, [])


def test_a_label_is_compared_and_stored_in_one_unicode_form():
    composed, decomposed = "Sc\u00e8ne", "Sce\u0300ne"
    assert normalised_group(decomposed, []) == composed
    assert normalised_group(decomposed, [composed]) == composed
