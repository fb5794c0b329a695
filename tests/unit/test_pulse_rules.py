"""The pulse's rules (cardapp/domain/pulse.py) and then versus now (cardapp/domain/comparison.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from cardapp.domain import comparison
from cardapp.domain import pulse as rules
from cardapp.domain.anonymity import Results, tally
from cardapp.domain.risk_map import CHOICES

DAY = dt.date(2027, 3, 1)


def test_codes_are_ten_letters_of_an_alphabet_without_look_alikes_and_are_read_forgivingly():
    code = rules.new_code()
    assert len(code) == 11 and code[5] == "-"
    assert rules.normalised_code(code.lower().replace("-", " ")) == code.replace("-", "")
    assert not set("IO01") & set(rules.CODE_ALPHABET)
    assert rules.normalised_code("ABCDE-FGHI1") is None  # a 1 is never in a code
    assert len(rules.CODE_ALPHABET) ** rules.CODE_LENGTH == 2**50


def test_the_count_an_organiser_sees_moves_at_midnight_never_when_someone_answers():
    count = rules.DailyCount(0, None, 0)
    count = count.after_one_more(DAY).after_one_more(DAY)
    assert count.shown_on(DAY) == 0
    assert count.shown_on(DAY + dt.timedelta(days=1)) == 2
    count = count.after_one_more(DAY + dt.timedelta(days=1))
    assert (count.before, count.on_day, count.shown_on(DAY + dt.timedelta(days=1))) == (2, 1, 2)


def test_a_pulse_is_closed_from_its_closing_day():
    assert rules.status_on(rules.PulseStatus.OPEN, DAY, DAY - dt.timedelta(days=1)) is rules.PulseStatus.OPEN
    assert rules.status_on(rules.PulseStatus.OPEN, DAY, DAY) is rules.PulseStatus.CLOSED
    assert rules.status_on(rules.PulseStatus.DRAFT, DAY, DAY) is rules.PulseStatus.DRAFT


def test_every_question_must_be_answered_with_one_of_its_choices():
    questions = [rules.Question("a", "risk", "risk", {"en": "A"}, {}),
                 rules.Question("b", "statement", "ok_not_ok", {"en": "B"}, {})]
    assert rules.checked_answers(questions, {"a": "very", "b": "unsure"}) == {"a": "very", "b": "unsure"}
    with pytest.raises(rules.PulseRuleBroken, match="answer_every_question"):
        rules.checked_answers(questions, {"a": "very"})
    with pytest.raises(rules.PulseRuleBroken, match="invalid_choice"):
        rules.checked_answers(questions, {"a": "ok", "b": "ok"})


def test_a_question_card_without_a_fixed_scale_is_refused():
    with pytest.raises(rules.PulseRuleBroken, match="only_risks_and_statements"):
        rules.question_from_card({"id": "q", "kind": "question", "prompt": {"en": "Tell us"}})


def risk(choices: list[str], minimum: int = 5) -> Results:
    return tally(choices, CHOICES, minimum)


def test_risk_factors_are_compared_only_where_both_sides_meet_the_minimum_and_the_differencing_rule():
    then = {"alcohol": risk(["very"] * 6), "touring": risk(["somewhat"] * 6), "stars": risk(["very"] * 3),
            "night": risk(["very"] * 6)}
    now = {"alcohol": risk(["not_at_all"] * 6), "touring": risk(["somewhat"] * 6), "stars": risk(["very"] * 6),
           "night": risk(["very"] * 7), "new": risk(["very"] * 6)}
    changes = {change.factor: change for change in comparison.compare_risk_maps(then, now)}
    assert (changes["alcohol"].then_rank, changes["alcohol"].now_rank, changes["alcohol"].trend) == (1, 2, "less")
    assert changes["touring"].trend == "same"
    assert changes["stars"].reason == "too_few"
    assert changes["night"].reason == "different_totals"  # 6 and 7: the difference is one person
    assert changes["new"].reason == "only_one_side"
    trend = comparison.trend_of(list(changes.values()), [])
    assert (trend.less_present, trend.same, trend.not_compared) == (1, 1, 2)


def test_both_sides_are_held_to_the_stricter_minimum():
    then, now = risk(["very"] * 6, minimum=5), risk(["very"] * 6, minimum=7)
    assert comparison.why_not_compared(then, now) == "too_few"


def test_a_scenario_shows_shares_then_and_now_and_their_change_in_points():
    choices = ("ok", "not_ok", "depends", "unsure")
    then = {"audition": tally(["ok"] * 3 + ["not_ok"] * 3, choices, 5)}
    now = {"audition": tally(["not_ok"] * 6, choices, 5)}
    [change] = comparison.compare_scenarios(then, now, {"audition": choices})
    assert change.then_shares == (50, 50, 0, 0) and change.now_shares == (0, 100, 0, 0)
    assert change.changes == (-50, 50, 0, 0) and change.moved
