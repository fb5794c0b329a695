"""The question box's rules: what a question may be, and orders that never follow arrival."""

from __future__ import annotations

import pytest

from cardapp.domain.question_box import (
    MAX_QUESTION_LENGTH,
    QuestionRefused,
    ShownQuestion,
    by_votes,
    cleaned_question,
    may_ask_more,
    mixed,
)


def test_a_question_is_trimmed_and_refused_when_empty_or_too_long():
    assert cleaned_question("  Is this\n\neven   legal? ") == "Is this even legal?"
    assert len(cleaned_question("x" * MAX_QUESTION_LENGTH)) == MAX_QUESTION_LENGTH
    for bad in ("", " \n\t ", "x" * (MAX_QUESTION_LENGTH + 1)):
        with pytest.raises(QuestionRefused):
            cleaned_question(bad)


def test_one_phone_may_ask_ten_questions_in_a_workshop():
    assert may_ask_more(9) and not may_ask_more(10)


def test_the_projector_orders_by_votes_then_by_the_random_id_and_phones_by_neither():
    asked = [ShownQuestion("q-zz", "first asked", 2), ShownQuestion("q-aa", "second", 2),
             ShownQuestion("q-mm", "third", 5), ShownQuestion("q-bb", "fourth", 0)]
    assert [q.id for q in by_votes(asked)] == ["q-mm", "q-aa", "q-zz", "q-bb"]
    # The phones' order depends only on the set and the item's seed, not on the order rows came in.
    assert mixed(asked, 7) == mixed(list(reversed(asked)), 7)
    assert sorted(q.id for q in mixed(asked, 7)) == sorted(q.id for q in asked)
