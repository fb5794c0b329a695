"""What several server processes share through Redis, so that no screen depends on which one it reached.

With one process (no `CARDAPP_MESSAGE_QUEUE`) `LocalCluster` (local.py) keeps everything in memory.
With a queue, `RedisCluster` (redis_cluster.py) shares three things, all connection bookkeeping
(workshop state stays in the database):

- the participants connected to each process, one Redis set per workshop and process that expires
  when the process stops refreshing it, so a killed process's phones stop counting by themselves;
- the workshops whose counts changed, pushed by every process each tick and taken atomically by
  whichever process holds the tick's short lease (SET NX PX), so counts go out once per workshop
  and tick, never once per process;
- the join and projector links' base address per workshop, and the rate limits that must hold
  whichever process a request reaches: wrong room codes, deck checks (shared_limits.py).

Redis failing never refuses an answer: the process says so loudly, falls back to its own screens,
and when Redis returns it sends every screen connected to it the current state again.
"""

from __future__ import annotations

from cardapp.cluster.keys import PREFIX
from cardapp.cluster.local import ConnectedPhones, LocalCluster, TickShare
from cardapp.cluster.redis_cluster import RedisCluster
from cardapp.cluster.shared_limits import SharedRateLimit

Cluster = LocalCluster | RedisCluster

__all__ = ["PREFIX", "Cluster", "ConnectedPhones", "LocalCluster", "RedisCluster", "SharedRateLimit", "TickShare",
           "cluster_for"]


def cluster_for(message_queue: str | None) -> Cluster:
    """RedisCluster when a redis:// queue is configured, else the one-process stand-in."""
    if message_queue and message_queue.startswith(("redis://", "rediss://", "unix://")):
        return RedisCluster(message_queue)
    return LocalCluster()
