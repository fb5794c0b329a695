"""Token buckets: a steady rate with a short burst, for sign-ins now and socket events later.

Counters live in process memory on purpose: they are short-lived protection, not workshop state,
and they key on values that must never be stored (an address, a participant's connection).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimit:
    """At most `burst` at once, refilled at `per_second`; keys that go quiet are forgotten."""

    burst: int
    per_second: float
    clock: Callable[[], float] = time.monotonic
    max_keys: int = 100_000
    _buckets: dict[Hashable, _Bucket] = field(default_factory=dict)

    def allow(self, key: Hashable) -> bool:
        """Take one token for `key`; False when it has none left."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._forget_full_buckets(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.per_second)
        bucket.updated = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def retry_after(self, key: Hashable) -> float:
        """Seconds until `key` has a token again (0 when it has one)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return 0.0
        tokens = min(self.burst, bucket.tokens + (self.clock() - bucket.updated) * self.per_second)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.per_second

    def _forget_full_buckets(self, now: float) -> None:
        full_after = self.burst / self.per_second
        for key in [k for k, b in self._buckets.items() if now - b.updated >= full_after]:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:  # still full: drop the oldest half
            for key in sorted(self._buckets, key=lambda k: self._buckets[k].updated)[: self.max_keys // 2]:
                del self._buckets[key]
