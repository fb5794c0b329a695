"""Group labels: one spelling per group, the default group for no label, and a length limit."""

from __future__ import annotations

import pytest

from cardapp.domain.groups import MAX_GROUP_LENGTH, GroupLabelTooLong, normalised_group


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
