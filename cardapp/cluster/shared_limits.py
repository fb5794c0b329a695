"""A rate limit that every server process counts together, in Redis (wrong room codes, deck checks)."""

from __future__ import annotations

import time
from collections.abc import Hashable
from typing import Any, Protocol

import redis

from cardapp.cluster.keys import PREFIX
from cardapp.domain.rate_limits import RateLimit


class SharedRedis(Protocol):
    """The Redis connection a shared limit counts in, and where it reports that Redis is away."""

    client: Any

    def report_failure(self, doing: str, error: Exception) -> None: ...


# A token bucket in Redis, the same rule as domain.rate_limits.RateLimit: KEYS[1] bucket,
# ARGV: burst, per_second, now (s), take (1 or 0). Returns {allowed, seconds_until_a_token * 1000}.
_BUCKET_SCRIPT = """
local burst, rate, now, take = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens, updated = tonumber(state[1]) or burst, tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local allowed = 0
if tokens >= 1 and take == 1 then tokens = tokens - 1; allowed = 1 end
if take == 1 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000))
end
local wait = 0
if tokens < 1 then wait = (1 - tokens) / rate end
return {allowed, math.ceil(wait * 1000)}
"""


class SharedRateLimit:
    """RateLimit's `allow` and `retry_after`, counted in Redis so that every process sees the same attempts.

    When Redis is away it falls back to the process's own bucket: a limit that still holds, per process.
    """

    def __init__(self, cluster: SharedRedis, local: RateLimit, name: str = "wrong_codes",
                 doing: str = "counting wrong room codes") -> None:
        self.cluster, self.local, self.name, self.doing = cluster, local, name, doing
        self._script = cluster.client.register_script(_BUCKET_SCRIPT)

    def _key(self, key: Hashable) -> str:
        raw = key.hex() if isinstance(key, bytes) else str(key)
        return f"{PREFIX}limit:{self.name}:{raw}"

    def _run(self, key: Hashable, take: int) -> tuple[bool, float] | None:
        try:
            allowed, wait_ms = self._script(keys=[self._key(key)], args=[
                self.local.burst, self.local.per_second, f"{time.time():.3f}", take])
        except redis.RedisError as error:
            self.cluster.report_failure(self.doing, error)
            return None
        return bool(allowed), int(wait_ms) / 1000

    def allow(self, key: Hashable) -> bool:
        shared = self._run(key, 1)
        return self.local.allow(key) if shared is None else shared[0]

    def retry_after(self, key: Hashable) -> float:
        shared = self._run(key, 0)
        return self.local.retry_after(key) if shared is None else shared[1]
