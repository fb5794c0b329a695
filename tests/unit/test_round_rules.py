"""How the room moved between two rounds, worked out from two tallies and never from people."""

from __future__ import annotations

from cardapp.domain.anonymity import comparable, results_from_kept, tally
from cardapp.domain.rounds import Shift, results_by_round, shift_between

OPTIONS = ("ok", "not_ok", "depends", "unsure")


def test_the_shift_lists_each_choice_that_changed_in_the_choices_order():
    first = tally(["ok"] * 4 + ["not_ok"] * 2, OPTIONS, 5)
    second = tally(["ok"] + ["not_ok"] * 4 + ["unsure"], OPTIONS, 5)
    assert shift_between(first, second) == [Shift("ok", -3), Shift("not_ok", 2), Shift("unsure", 1)]


def test_rounds_whose_totals_differ_by_less_than_the_minimum_are_not_compared():
    # One person more in the second round: the difference would be their answer.
    first, second = tally(["ok"] * 5, OPTIONS, 5), tally(["ok"] * 5 + ["not_ok"], OPTIONS, 5)
    assert not comparable(first, second) and shift_between(first, second) is None
    shown = results_by_round([first, second])
    # The room saw the first round when it was revealed: the second is the one withheld.
    assert shown["first_round"] == first.as_event()
    assert shown["suppressed"] and shown["withheld"] == "differs_from_earlier" and "counts" not in shown
    assert shown["shift"] is None and shown["not_compared"] == "different_totals"
    # A first round never revealed, withheld by the ledger when the second was shown: the second stays.
    ledger_kept_second = results_by_round([first, second], {1: "differs_from_earlier"})
    assert ledger_kept_second["counts"]["not_ok"] == 1 and ledger_kept_second["first_round"]["suppressed"]
    five_more = tally(["ok"] * 5 + ["not_ok"] * 5, OPTIONS, 5)
    assert comparable(first, five_more) and shift_between(first, five_more) == [Shift("not_ok", 5)]


def test_no_shift_is_given_when_either_round_had_too_few_answers():
    enough, few = tally(["ok"] * 5, OPTIONS, 5), tally(["ok"] * 4, OPTIONS, 5)
    assert shift_between(enough, few) is None
    assert shift_between(few, enough) is None
    assert shift_between(enough, enough) == []


def test_one_round_reads_as_before_and_two_carry_the_first_and_the_shift():
    first = tally(["ok"] * 5, OPTIONS, 5)
    assert results_by_round([first]) == {**first.as_event(), "round": 1}
    second = tally(["not_ok"] * 5, OPTIONS, 5)
    both = results_by_round([first, second])
    assert both["counts"]["not_ok"] == 5 and both["first_round"]["counts"]["ok"] == 5
    assert both["shift"] == [{"choice": "ok", "change": -5}, {"choice": "not_ok", "change": 5}]


def test_kept_totals_turn_back_into_results_and_a_bare_total_stays_suppressed():
    kept = results_from_kept({"ok": 3, "unsure": 2}, OPTIONS, 5)
    assert kept.counts == {"ok": 3, "not_ok": 0, "depends": 0, "unsure": 2} and kept.total == 5
    too_few = results_from_kept({"total": 2}, OPTIONS, 5)
    assert too_few.suppressed and too_few.total == 2
