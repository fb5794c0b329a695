"""Short garbage-collection pauses for a server holding thousands of phones.

A full collection walks every object the collector tracks and holds the event loop while it does:
with 2,000 phones connected that was 100 to 175 ms, every few seconds while phones joined and now
and then after, and every answer arriving meanwhile waited (the ack p99 of 100 rooms at 100
answers/s went from 36 to 155 ms; docs/performance.md, issue 15). What lives for seconds here (a
connection, its session, the caches) lives for the whole workshop, so it is moved out of the
collector's sight (`gc.freeze`) every few seconds, and a full collection only walks what is new.

The price: a reference cycle that was alive at a freeze and dies later (a phone that reconnects
leaves its old connection behind) is not reclaimed until the next full collection, which unfreezes
everything, collects it and freezes again: once an hour, or sooner when the frozen objects have
grown by half since the last one, so memory never grows by more than that between two (the pause
of the old length then comes at most that often). Objects without cycles are freed at once either
way (reference counting).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field

FREEZE_EVERY_S = 5.0
FULL_COLLECTION_EVERY_S = 3600.0
# A full collection as soon as the frozen objects are this many times what the last one left.
FULL_COLLECTION_GROWTH = 1.5


@dataclass
class CollectorPolicy:
    """What to do now, by the clock: nothing, freeze what survived, or collect everything."""

    freeze_every_s: float = FREEZE_EVERY_S
    full_every_s: float = FULL_COLLECTION_EVERY_S
    growth: float = FULL_COLLECTION_GROWTH
    clock: Callable[[], float] = time.monotonic
    frozen: Callable[[], int] = gc.get_freeze_count
    _last_full: float = field(init=False)
    _frozen_after_full: int = field(init=False)

    def __post_init__(self) -> None:
        self._last_full = self.clock()
        self._frozen_after_full = self.frozen()

    def step(self) -> str:
        """Run one step (called every `freeze_every_s`); which it was: "freeze" or "full"."""
        overdue = self.clock() - self._last_full >= self.full_every_s
        if overdue or self.frozen() > max(self._frozen_after_full, 1) * self.growth:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._last_full, self._frozen_after_full = self.clock(), self.frozen()
            return "full"
        gc.freeze()
        return "freeze"


def keep_collections_short(sleep: Callable[[float], None], policy: CollectorPolicy | None = None) -> None:
    """Forever: a freeze every few seconds, a full collection every hour (a background task of `serve`)."""
    policy = policy or CollectorPolicy()
    while True:
        sleep(policy.freeze_every_s)
        policy.step()
