"""The facilitator's run-sheet: planned and elapsed minutes, and the discussion timer.

Everything here is about the facilitator's own clock, never about participants. The timer only
counts: it never closes answers, never moves to the next item and never reaches a phone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

MAX_TIMER_MINUTES = 120


class TimerAction(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESET = "reset"
    SET = "set"
    SHOW = "show"  # on the projector, as a calm countdown
    HIDE = "hide"


class TimerRefused(ValueError):
    """A timer command that cannot be carried out; `key` names the message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def minute_of(moment: dt.datetime) -> dt.datetime:
    """The moment to the minute: the run-sheet keeps no finer time of when an item began."""
    return moment.replace(second=0, microsecond=0)


def whole_minutes(since: dt.datetime | None, now: dt.datetime) -> int:
    """Whole minutes from `since` (kept to the minute) to `now`; 0 before it or without it."""
    if since is None:
        return 0
    return max(0, int((minute_of(now) - _aware(since)).total_seconds() // 60))


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every time the run-sheet stores is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Timer:
    """A countdown of `length` seconds with `left` seconds left when it last stopped."""

    length: int = 0
    left: int = 0
    running_since: dt.datetime | None = None
    on_projector: bool = False

    def remaining(self, now: dt.datetime) -> int:
        if self.running_since is None:
            return self.left
        return max(0, self.left - int((now - _aware(self.running_since)).total_seconds()))

    def running(self, now: dt.datetime) -> bool:
        return self.running_since is not None and self.remaining(now) > 0

    def after(self, action: TimerAction, now: dt.datetime, minutes: int | None = None) -> Timer:
        """The timer once the facilitator pressed `action`; TimerRefused when it makes no sense."""
        if action is TimerAction.SET:
            if minutes is None or not 1 <= minutes <= MAX_TIMER_MINUTES:
                raise TimerRefused("runsheet.timer_minutes")
            return replace(self, length=minutes * 60, left=minutes * 60, running_since=None)
        if action is TimerAction.START:
            if self.length <= 0:
                raise TimerRefused("runsheet.timer_not_set")
            if self.running_since is not None and self.remaining(now) > 0:
                return self
            left = self.remaining(now) or self.length  # started again at zero: a new round of talk
            return replace(self, left=left, running_since=now)
        if action is TimerAction.PAUSE:
            return replace(self, left=self.remaining(now), running_since=None)
        if action is TimerAction.RESET:
            return replace(self, left=self.length, running_since=None)
        return replace(self, on_projector=action is TimerAction.SHOW)
