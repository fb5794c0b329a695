"""Several server processes sharing one Redis: connected phones, count marks, links, the wrong-code limit."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import redis

from cardapp.cluster.keys import PREFIX
from cardapp.cluster.local import ConnectedPhones, TickShare
from cardapp.cluster.shared_limits import SharedRateLimit
from cardapp.domain.rate_limits import RateLimit

log = logging.getLogger("cardapp.cluster")

# A process that has not refreshed its entry for this long is taken for dead.
HOST_STALE_MS = 5_000
# Its per-workshop sets disappear a little later, whatever happens to it.
PHONES_TTL_MS = 15_000
# Every process rewrites all of its sets this often, which also repairs anything lost in an outage.
FULL_SYNC_S = 5.0
# Slightly under one tick (0.25 s): whoever ticks first in each window sends the counts.
TICK_LEASE_MS = 240
# While Redis stays down, the loud line is repeated this often.
REPEAT_DOWN_LOG_S = 30.0
REDIS_TIMEOUT_S = 1.0


@dataclass
class RedisCluster:
    """Several processes sharing one Redis; every call is short and survives Redis being away."""

    url: str
    client: Any = None
    host_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    queue_errors: int = 0
    shared = True
    _up: bool = True
    _down_since: float = 0.0
    _last_down_log: float = 0.0
    _last_full_sync: float = 0.0
    _other_hosts: list[str] = field(default_factory=list)
    _base_urls: dict[int, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = redis.Redis.from_url(self.url, socket_timeout=REDIS_TIMEOUT_S,
                                               socket_connect_timeout=REDIS_TIMEOUT_S)

    @property
    def where(self) -> str:
        """Host and port only: a Redis URL may carry a password."""
        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port or 6379}"

    # -- health -----------------------------------------------------------------------------

    def report_failure(self, doing: str, error: Exception) -> None:
        self.queue_errors += 1
        now = time.monotonic()
        if self._up:
            self._up, self._down_since, self._last_down_log = False, now, now
            log.error("the message queue (Redis at %s) is unreachable while %s: %s; screens connected to "
                      "other processes miss updates until it returns, answers are still stored",
                      self.where, doing, type(error).__name__)
        elif now - self._last_down_log >= REPEAT_DOWN_LOG_S:
            self._last_down_log = now
            log.error("the message queue (Redis at %s) is still unreachable after %.0f s",
                      self.where, now - self._down_since)

    def _succeeded(self) -> bool:
        """True on the first success after an outage."""
        if self._up:
            return False
        self._up = True
        log.warning("the message queue (Redis at %s) is reachable again after %.0f s; every screen gets "
                    "the current state", self.where, time.monotonic() - self._down_since)
        return True

    def reachable(self) -> bool | None:
        """A live PING, for /readyz. It only reports: one slow probe must not make the tick think
        Redis was away and resend every state; the tick alone decides that."""
        try:
            self.client.ping()
        except redis.RedisError:
            self.queue_errors += 1
            return False
        return True

    # -- the tick ---------------------------------------------------------------------------

    def _phones_key(self, workshop_id: int, host: str) -> str:
        return f"{PREFIX}phones:{workshop_id}:{host}"

    def share_tick(self, marked: set[int], paused: set[int], presence: ConnectedPhones) -> TickShare:
        """Push this process's marks and connected phones; take every process's marks if this tick is ours."""
        now_s = time.time()
        full = time.monotonic() - self._last_full_sync >= FULL_SYNC_S or not self._up
        changed = presence.take_phone_changes()
        to_write = presence.phone_sets() if full else {w: presence.participants(w) for w in changed}
        try:
            pipe = self.client.pipeline(transaction=True)
            pipe.zadd(f"{PREFIX}hosts", {self.host_id: int(now_s * 1000)})
            pipe.zremrangebyscore(f"{PREFIX}hosts", 0, int(now_s * 1000) - 10 * HOST_STALE_MS)
            pipe.zrangebyscore(f"{PREFIX}hosts", int(now_s * 1000) - HOST_STALE_MS, "+inf")
            for workshop_id, participants in to_write.items():
                key = self._phones_key(workshop_id, self.host_id)
                pipe.delete(key)
                if participants:
                    pipe.sadd(key, *participants)
                    pipe.pexpire(key, PHONES_TTL_MS)
            if marked:
                pipe.sadd(f"{PREFIX}dirty", *marked)
            if paused:
                pipe.sadd(f"{PREFIX}paused", *paused)
            pipe.set(f"{PREFIX}tick", self.host_id, nx=True, px=TICK_LEASE_MS)
            results = pipe.execute()
            hosts = [h.decode() for h in results[2]]
            ours = bool(results[-1])
            taken: tuple[set[int], set[int]] = (set(), set())
            if ours:
                take = self.client.pipeline(transaction=True)
                take.smembers(f"{PREFIX}dirty")
                take.delete(f"{PREFIX}dirty")
                take.smembers(f"{PREFIX}paused")
                take.delete(f"{PREFIX}paused")
                got = take.execute()
                taken = ({int(w) for w in got[0]}, {int(w) for w in got[2]})
        except redis.RedisError as error:
            self.report_failure("sharing counts", error)
            # Alone until Redis returns: this process's own screens still get the counts it knows.
            return TickShare(marked, paused, local_only=True)
        if full:
            self._last_full_sync = time.monotonic()
        with self._lock:
            self._other_hosts = [h for h in hosts if h != self.host_id]
        recovered = self._succeeded()
        return TickShare(*taken, recovered=recovered)

    def connected_phones(self, workshop_id: int, local: set[int]) -> int:
        """Distinct participants connected to any live process (two tabs on two processes count once)."""
        with self._lock:
            others = list(self._other_hosts)
        if not others or not self._up:
            return len(local)
        try:
            remote = self.client.sunion([self._phones_key(workshop_id, host) for host in others])
        except redis.RedisError as error:
            self.report_failure("counting connected phones", error)
            return len(local)
        return len(local | {int(p) for p in remote})

    def connected_counts(self, local: dict[int, set[int]]) -> dict[int, int]:
        """`connected_phones` for many workshops in one round trip (a tick sends many counts)."""
        with self._lock:
            others = list(self._other_hosts)
        if not others or not self._up or not local:
            return {workshop_id: len(participants) for workshop_id, participants in local.items()}
        pipe = self.client.pipeline(transaction=False)
        for workshop_id in local:
            pipe.sunion([self._phones_key(workshop_id, host) for host in others])
        try:
            remote = pipe.execute()
        except redis.RedisError as error:
            self.report_failure("counting connected phones", error)
            return {workshop_id: len(participants) for workshop_id, participants in local.items()}
        return {workshop_id: len(participants | {int(p) for p in members})
                for (workshop_id, participants), members in zip(local.items(), remote, strict=True)}

    def remember_base_url(self, workshop_id: int, url: str) -> None:
        if self._base_urls.get(workshop_id) == url:
            return
        self._base_urls[workshop_id] = url
        try:
            self.client.set(f"{PREFIX}base_url:{workshop_id}", url, ex=7 * 24 * 3600)
        except redis.RedisError as error:
            self.report_failure("storing a workshop's address", error)

    def base_url(self, workshop_id: int) -> str:
        known = self._base_urls.get(workshop_id)
        if known:
            return known
        try:
            stored = self.client.get(f"{PREFIX}base_url:{workshop_id}")
        except redis.RedisError as error:
            self.report_failure("reading a workshop's address", error)
            return ""
        if stored:
            self._base_urls[workshop_id] = stored.decode()
            return self._base_urls[workshop_id]
        return ""

    def wrong_code_limit(self, local: RateLimit) -> RateLimit | SharedRateLimit:
        return SharedRateLimit(self, local)

    def shared_limit(self, name: str, doing: str, local: RateLimit) -> RateLimit | SharedRateLimit:
        """`local`'s rule, counted in Redis under `name`; `doing` names it in the log when Redis is away."""
        return SharedRateLimit(self, local, name, doing)

    def stop(self) -> None:
        try:
            pipe = self.client.pipeline(transaction=True)
            pipe.zrem(f"{PREFIX}hosts", self.host_id)
            pipe.execute()
        except redis.RedisError:
            pass  # stopping anyway: the entry goes stale by itself
