"""When counts, pause signals and written texts move on other screens: on boundaries of the clock,
never at the moment one person taps (docs/privacy.md, "Timing"; the rules in domain/anonymity.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from cardapp.domain.workshops import phones_in_room


@dataclass
class Boundary:
    """True once each time the clock passes a multiple of `seconds` (the same moments in every process)."""

    seconds: float
    clock: Callable[[], float] = time.time
    _slot: int | None = None

    def passed(self) -> bool:
        slot = int(self.clock() // self.seconds)
        if slot == self._slot:
            return False
        first = self._slot is None
        self._slot = slot
        return not first


@dataclass
class ShownCounts:
    """The answer count each workshop's screens last got, so a count only moves up between two states.

    A withdrawal alone sends nothing: the number stays where it was until more people answer, or until
    the next full state (after a facilitator's command) says how many answers there are.
    """

    shown: dict[int, tuple[int | None, int | None, int, int]] = field(default_factory=dict)

    def to_send(self, workshop_id: int, item_id: int | None, answer_round: int | None, answered: int,
                connected: int) -> tuple[int, int] | None:
        """(answered, connected) to send now, or None when nothing the screens show would change."""
        last = self.shown.get(workshop_id)
        same_question = last is not None and last[:2] == (item_id, answer_round)
        shown_answered = max(answered, last[2]) if same_question and last is not None else answered
        # A count held up after a withdrawal must not pass M when a phone leaves meanwhile.
        connected = phones_in_room(connected, shown_answered)
        if same_question and last is not None and (shown_answered, connected) == last[2:]:
            return None
        self.shown[workshop_id] = (item_id, answer_round, shown_answered, connected)
        return shown_answered, connected

    def reset(self, workshop_id: int) -> None:
        """A full state went out: its count is the true one, and the next one starts from it."""
        self.shown.pop(workshop_id, None)
