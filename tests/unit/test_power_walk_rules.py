"""The power walk's rules, without an app: steps, private results, the room's picture, dealing roles."""

from __future__ import annotations

import random

import pytest

from cardapp.domain import power_walk as rules
from cardapp.domain.workshops import InvalidChoice

STATEMENTS = [rules.Statement("a", "network"), rules.Statement("b", "network"), rules.Statement("c", "money")]


def test_each_yes_is_a_step_and_pass_counts_as_neither_yes_nor_no():
    result = rules.private_result(STATEMENTS, {0: "yes", 1: "pass", 2: "no"})
    assert result["steps"] == 1 and result["answered"] == 3 and result["passes"] == 1
    assert result["dimensions"] == {"network": {"yes": 1, "no": 0, "pass": 1, "statements": 2},
                                    "money": {"yes": 0, "no": 1, "pass": 0, "statements": 1}}
    assert result["reflection"] == "some"  # one yes of two that were yes or no


@pytest.mark.parametrize(("answers", "band"), [
    ({0: "pass", 1: "pass", 2: "pass"}, "none"), ({0: "no", 1: "no", 2: "no"}, "few"),
    ({0: "yes", 1: "yes", 2: "yes"}, "many"), ({}, "none")])
def test_the_reflection_follows_the_share_of_yes_among_yes_and_no(answers, band):
    assert rules.private_result(STATEMENTS, answers)["reflection"] == band


def test_the_picture_counts_only_complete_walks_and_says_how_many_were_partial():
    people = [{0: "yes", 1: "yes", 2: "yes"}, {0: "no", 1: "pass", 2: "no"}, {0: "yes", 1: "no", 2: "pass"},
              {0: "yes"}, {}]
    picture = rules.group_picture(STATEMENTS, people, min_answers=3)
    assert picture["completed"] == 3 and picture["partial"] == 1
    assert picture["bars"] == [{"from": 0, "to": 3, "people": 3}]  # 1, 1, 0 and 1 people: never a bar of one
    assert picture["dimensions"] == {"network": {"yes": 3, "no": 2, "pass": 1}, "money": {"yes": 1, "no": 1, "pass": 1}}
    assert picture["passes"] == 2


def test_below_the_minimum_the_picture_is_only_how_many_took_part():
    people = [{0: "yes", 1: "yes", 2: "yes"}, {0: "no", 1: "no", 2: "no"}, {0: "pass", 1: "pass", 2: "pass"}]
    assert rules.group_picture(STATEMENTS, people, min_answers=5) == {
        "suppressed": True, "completed": 3, "partial": 0, "min_answers": 5}


def test_a_partial_walk_never_brings_the_picture_over_the_minimum():
    people = [{0: "yes", 1: "yes", 2: "yes"}] * 4 + [{0: "yes", 1: "yes"}]
    assert rules.group_picture(STATEMENTS, people, min_answers=5)["suppressed"] is True


def test_the_picture_is_the_same_whatever_order_people_answered_in():
    people = [{0: "yes", 1: "yes", 2: "yes"}, {0: "no", 1: "yes", 2: "pass"}, {0: "no", 1: "no", 2: "no"}] * 2
    assert rules.group_picture(STATEMENTS, people, 5) == rules.group_picture(STATEMENTS, people[::-1], 5)
    assert "people" not in rules.group_picture(STATEMENTS, people, 5)  # nothing per person to order


def test_phones_may_answer_the_shown_statement_and_earlier_ones_only_while_walking():
    rules.check_answerable(rules.WALKING, step=2, statement=0, count=3)
    with pytest.raises(InvalidChoice, match="power.no_such_statement"):
        rules.check_answerable(rules.WALKING, step=1, statement=2, count=3)
    with pytest.raises(rules.WalkClosed):
        rules.check_answerable(rules.FINISHED, step=2, statement=2, count=3)
    with pytest.raises(rules.WalkClosed):
        rules.check_answerable(rules.INTRO, step=-1, statement=0, count=3)


def test_the_facilitator_moves_between_the_explanation_and_the_statements_until_finished():
    assert rules.next_step(rules.INTRO, -1, -1, 3) == -1
    assert rules.next_step(rules.WALKING, 2, 0, 3) == 0
    with pytest.raises(InvalidChoice):
        rules.next_step(rules.WALKING, 0, -1, 3)  # once walking, the explanation is behind everyone
    with pytest.raises(InvalidChoice):
        rules.next_step(rules.WALKING, 2, 3, 3)
    with pytest.raises(rules.WalkClosed):
        rules.next_step(rules.REVEALED, 2, 1, 3)


def test_roles_are_dealt_so_that_nobody_shares_one_while_others_are_left():
    roles = ["a", "b", "c"]
    dealt: list[str] = []
    for _ in range(6):
        dealt.append(rules.deal_role(roles, dealt, random.Random(len(dealt))))
    assert sorted(dealt[:3]) == roles and sorted(dealt[3:]) == roles
    with pytest.raises(InvalidChoice):
        rules.deal_role([], [])


def test_only_yes_no_and_pass_are_answers():
    assert [rules.check_choice(choice) for choice in rules.CHOICES] == ["yes", "no", "pass"]
    with pytest.raises(InvalidChoice):
        rules.check_choice("maybe")


@pytest.mark.parametrize(("status", "step", "answered", "missed"), [
    (rules.WALKING, 3, {1}, [0, 2]),        # the earlier ones left open; the shown one (3) is not missed
    (rules.WALKING, 0, set(), []),          # nothing before the first statement
    (rules.WALKING, 2, {0, 1, 2}, []),
    (rules.INTRO, -1, set(), []),
    (rules.FINISHED, 4, set(), []),         # once finished there is nothing left to catch up on
    (rules.REVEALED, 4, set(), [])])
def test_a_phone_may_catch_up_on_earlier_statements_it_missed_only_while_the_walk_runs(status, step, answered, missed):
    assert rules.missed_statements(status, step, answered) == missed
