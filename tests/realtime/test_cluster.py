"""What several processes share through Redis: connected phones, count marks taken once, the wrong-code limit.

Two RedisCluster objects on one real Redis stand for two server processes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cardapp.cluster import PREFIX, RedisCluster, SharedRateLimit
from cardapp.domain.rate_limits import RateLimit
from cardapp.realtime.presence import Caller, Presence
from tests.support.services import RedisServer

WORKSHOP = 7


@pytest.fixture
def processes(redis_server: RedisServer) -> Iterator[tuple[RedisCluster, RedisCluster]]:
    url = redis_server.url.rsplit("/", 1)[0] + "/5"  # a database of its own, emptied for each test
    first, second = RedisCluster(url), RedisCluster(url)
    first.client.flushdb()
    yield first, second
    first.client.flushdb()


def phone(participant: int) -> Caller:
    return Caller("phone", WORKSHOP, "en", participant_id=participant)


def test_connected_phones_are_counted_once_across_processes(processes):
    first, second = processes
    here, there = Presence(), Presence()
    here.add("a", phone(1))
    here.add("b", phone(2))
    there.add("c", phone(2))  # the same person in a second tab, on the other process
    there.add("d", phone(3))
    for cluster, presence in ((first, here), (second, there), (first, here)):
        cluster.share_tick(set(), set(), presence)
    assert first.connected_phones(WORKSHOP, here.participants(WORKSHOP)) == 3
    assert second.connected_phones(WORKSHOP, there.participants(WORKSHOP)) == 3
    there.remove("c")
    there.remove("d")
    second.share_tick(set(), set(), there)
    assert first.connected_phones(WORKSHOP, here.participants(WORKSHOP)) == 2


def test_a_process_that_stops_ticking_stops_counting(processes):
    first, second = processes
    here, there = Presence(), Presence()
    here.add("a", phone(1))
    there.add("b", phone(2))
    second.share_tick(set(), set(), there)
    first.share_tick(set(), set(), here)
    assert first.connected_phones(WORKSHOP, here.participants(WORKSHOP)) == 2
    # As if the second process had been killed 6 s ago: its last heartbeat is too old.
    first.client.zadd(f"{PREFIX}hosts", {second.host_id: 1})
    first.share_tick(set(), set(), here)
    assert first.connected_phones(WORKSHOP, here.participants(WORKSHOP)) == 1


def test_each_mark_is_sent_by_one_process_on_one_tick(processes):
    first, second = processes
    shares = [first.share_tick({1, 2}, {2}, Presence())]
    first.client.pexpire(f"{PREFIX}tick", 30_000)  # still this tick's window, however slow the machine
    shares.append(second.share_tick({3}, set(), Presence()))
    first.client.delete(f"{PREFIX}tick")  # the next tick window
    shares.append(second.share_tick(set(), set(), Presence()))
    taken = [share.marked for share in shares]
    assert sorted(w for marked in taken for w in marked) == [1, 2, 3]  # each once, none twice
    assert taken[0] == {1, 2} and taken[1] == set() and taken[2] == {3}
    assert shares[0].paused == {2}
    assert not any(share.local_only for share in shares)


def test_wrong_room_codes_are_limited_across_processes(processes):
    first, second = processes
    limits = [SharedRateLimit(cluster, RateLimit(burst=10, per_second=1 / 3)) for cluster in processes]
    address = b"\x01" * 32
    for attempt in range(10):
        assert limits[attempt % 2].allow(address)
    assert limits[0].retry_after(address) > 0
    assert not limits[1].allow(address)
    assert limits[0].retry_after(b"\x02" * 32) == 0


def test_without_redis_the_tick_falls_back_to_this_process_and_says_so(caplog):
    from tests.support.ports import free_port

    cluster = RedisCluster(f"redis://127.0.0.1:{free_port()}/0")
    share = cluster.share_tick({4}, {4}, Presence())
    assert share.local_only and share.marked == {4} and share.paused == {4}
    assert cluster.reachable() is False
    assert cluster.queue_errors == 2
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "is unreachable" in errors[0]  # loud once, not on every tick
    limit = SharedRateLimit(cluster, RateLimit(burst=1, per_second=0.01))
    assert limit.allow(b"x") and not limit.allow(b"x")  # the process's own limit still holds


def test_a_tick_counts_many_workshops_in_one_go_as_one_by_one(processes):
    first, second = processes
    here, there = Presence(), Presence()
    for sid, participant, workshop in (("a", 1, 1), ("b", 2, 1), ("c", 3, 2)):
        here.add(sid, Caller("phone", workshop, "en", participant_id=participant))
    for sid, participant, workshop in (("d", 2, 1), ("e", 4, 2), ("f", 5, 3)):
        there.add(sid, Caller("phone", workshop, "en", participant_id=participant))
    second.share_tick(set(), set(), there)
    first.share_tick(set(), set(), here)
    local = {workshop: here.participants(workshop) for workshop in (1, 2, 3)}
    assert first.connected_counts(local) == {1: 2, 2: 2, 3: 1}
    assert first.connected_counts(local) == {w: first.connected_phones(w, p) for w, p in local.items()}
