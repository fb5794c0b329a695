"""The collector policy: survivors frozen every few seconds, everything collected once an hour."""

from __future__ import annotations

import gc
import weakref

from cardapp.collector import CollectorPolicy


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_cycle_frozen_while_alive_waits_for_the_hourly_collection_and_no_longer():
    now = [0.0]
    policy = CollectorPolicy(freeze_every_s=5, full_every_s=3600, growth=float("inf"), clock=lambda: now[0])
    try:
        survivor = Cycle()
        gone = weakref.ref(survivor)
        frozen_before = gc.get_freeze_count()
        assert policy.step() == "freeze"
        assert gc.get_freeze_count() > frozen_before  # out of the collector's sight: full collections are short
        del survivor
        gc.collect()
        assert gone() is not None, "a frozen cycle is not collected before the hour"

        now[0] = 3599.0
        assert policy.step() == "freeze"
        now[0] = 3600.0
        assert policy.step() == "full"
        assert gone() is None
        assert gc.get_freeze_count() > 0  # frozen again after the full collection
        now[0] = 3605.0
        assert policy.step() == "freeze"
    finally:
        gc.unfreeze()


def test_objects_without_cycles_are_freed_at_once_even_when_frozen():
    policy = CollectorPolicy(freeze_every_s=5, full_every_s=3600, clock=lambda: 0.0)
    try:
        class Plain:
            pass

        plain = Plain()
        gone = weakref.ref(plain)
        policy.step()
        del plain
        assert gone() is None
    finally:
        gc.unfreeze()


def test_frozen_objects_grown_by_half_since_the_last_full_collection_bring_the_next_one_early():
    frozen = [10_000]
    policy = CollectorPolicy(freeze_every_s=5, full_every_s=3600, clock=lambda: 0.0, frozen=lambda: frozen[0])
    try:
        frozen[0] = 14_999  # phones reconnecting leave their old connections frozen
        assert policy.step() == "freeze"
        frozen[0] = 15_001
        assert policy.step() == "full"
        frozen[0] = 15_002  # measured again from what the full collection left
        assert policy.step() == "freeze"
    finally:
        gc.unfreeze()
