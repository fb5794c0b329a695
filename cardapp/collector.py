"""Short garbage-collection pauses for a server holding thousands of phones.

A full collection walks every object the collector tracks and holds the event loop while it does:
with 2,000 phones connected that was 100 to 175 ms, every few seconds while phones joined and now
and then after, and every answer arriving meanwhile waited (the ack p99 of 100 rooms at 100
answers/s went from 36 to 155 ms; docs/performance.md, issue 15). What lives for seconds here (a
connection, its session, the caches) lives for the whole workshop, so it is moved out of the
collector's sight (`gc.freeze`) every few seconds, and a full collection only walks what is new.

The price: a reference cycle that was alive at a freeze and dies later is not reclaimed until the
hourly full collection, which unfreezes everything, collects it and freezes again (one pause of the
old length an hour). Objects without cycles are freed at once either way (reference counting).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field

FREEZE_EVERY_S = 5.0
FULL_COLLECTION_EVERY_S = 3600.0


@dataclass
class CollectorPolicy:
    """What to do now, by the clock: nothing, freeze what survived, or collect everything."""

    freeze_every_s: float = FREEZE_EVERY_S
    full_every_s: float = FULL_COLLECTION_EVERY_S
    clock: Callable[[], float] = time.monotonic
    _last_full: float = field(init=False)

    def __post_init__(self) -> None:
        self._last_full = self.clock()

    def step(self) -> str:
        """Run one step (called every `freeze_every_s`); which it was: "freeze" or "full"."""
        if self.clock() - self._last_full >= self.full_every_s:
            self._last_full = self.clock()
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            return "full"
        gc.freeze()
        return "freeze"


def keep_collections_short(sleep: Callable[[float], None], policy: CollectorPolicy | None = None) -> None:
    """Forever: a freeze every few seconds, a full collection every hour (a background task of `serve`)."""
    policy = policy or CollectorPolicy()
    while True:
        sleep(policy.freeze_every_s)
        policy.step()
