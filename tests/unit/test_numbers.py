"""Whole numbers from people and URLs (cardapp/domain/numbers.py): ASCII digits within the stored range."""

from __future__ import annotations

import pytest

from cardapp.domain.numbers import LARGEST_STORED, whole_number


@pytest.mark.parametrize("text, number", [("0", 0), ("7", 7), ("0042", 42), (str(LARGEST_STORED), LARGEST_STORED)])
def test_ascii_digits_within_the_stored_range_are_numbers(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text", [None, "", "²", "1²", "٣", "-1", "+1", " 1", "1.0", "1e3",
                                  str(LARGEST_STORED + 1), "9" * 40])
def test_anything_else_is_no_number(text):
    assert whole_number(text) is None


def test_a_smaller_bound_is_kept():
    assert whole_number("500", largest=500) == 500 and whole_number("501", largest=500) is None
