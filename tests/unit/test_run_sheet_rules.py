"""The discussion timer's rules and the run-sheet's minutes, with no app."""

from __future__ import annotations

import datetime as dt

import pytest

from cardapp.domain.run_sheet import Timer, TimerAction, TimerRefused, whole_minutes

T0 = dt.datetime(2026, 12, 4, 10, 0, 30, tzinfo=dt.UTC)


def later(seconds: int) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_timer_counts_down_only_while_it_runs_and_resumes_where_it_paused():
    timer = Timer().after(TimerAction.SET, T0, 5).after(TimerAction.START, T0)
    assert timer.remaining(later(70)) == 230 and timer.running(later(70))
    paused = timer.after(TimerAction.PAUSE, later(70))
    assert paused.remaining(later(500)) == 230 and not paused.running(later(500))
    resumed = paused.after(TimerAction.START, later(500))
    assert resumed.remaining(later(530)) == 200
    assert resumed.after(TimerAction.RESET, later(531)).remaining(later(900)) == 300


def test_at_zero_a_timer_stops_counting_and_a_new_start_begins_a_new_round():
    timer = Timer().after(TimerAction.SET, T0, 1).after(TimerAction.START, T0)
    assert timer.remaining(later(600)) == 0 and not timer.running(later(600))
    assert timer.after(TimerAction.START, later(600)).remaining(later(610)) == 50


def test_a_timer_must_be_set_to_one_to_a_hundred_and_twenty_minutes_before_it_starts():
    with pytest.raises(TimerRefused, match="timer_not_set"):
        Timer().after(TimerAction.START, T0)
    for minutes in (None, 0, 121):
        with pytest.raises(TimerRefused, match="timer_minutes"):
            Timer().after(TimerAction.SET, T0, minutes)
    shown = Timer().after(TimerAction.SHOW, T0)
    assert shown.on_projector and not shown.after(TimerAction.HIDE, T0).on_projector


def test_elapsed_minutes_are_whole_minutes_from_a_time_kept_to_the_minute():
    since = T0.replace(second=0)
    assert whole_minutes(since, later(29)) == 0 and whole_minutes(since, later(30)) == 1
    assert whole_minutes(None, T0) == 0 and whole_minutes(later(120), T0) == 0
    assert whole_minutes(since.replace(tzinfo=None), later(150)) == 3  # SQLite hands back naive UTC
