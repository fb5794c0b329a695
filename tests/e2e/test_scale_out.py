"""Two `cardapp serve` processes behind nginx, sharing PostgreSQL and Redis: every screen sees one workshop.

One front (nginx, two eventlet processes, a Redis of its own, a fresh PostgreSQL database) is started
for the whole module and shared by its tests; a test that kills or stops something brings it back.
"""

from __future__ import annotations

import re
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import failed_in
from tests.support.browser import watch_console
from tests.support.live_server import LiveServer
from tests.support.nginx import Nginx
from tests.support.ports import free_port
from tests.support.remote import Screen, create_workshop, joined_phone_cookie, signed_in_facilitator
from tests.support.services import PostgresServer, RedisServer

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

CARDS = ["norms-statement-professional", "norms-statement-easy-to-differ", "norms-statement-we-can-change"]
TOKEN = "scale-out-metrics-token"


@dataclass
class Front:
    """What the tests talk to (nginx's address) and what they may break (processes, Redis)."""

    nginx: Nginx
    servers: list[LiveServer]
    redis: RedisServer
    postgres: PostgresServer

    @property
    def url(self) -> str:
        return self.nginx.url

    # For tests.support.remote, which runs `cardapp users create` against the shared database.
    @property
    def env(self) -> dict[str, str]:
        return self.servers[0].env

    @property
    def workdir(self) -> Path:
        return self.servers[0].workdir

    def logs(self) -> str:
        parts = [f"----- cardapp on port {s.port} -----\n{s.log_text()[-8000:]}" for s in self.servers]
        return "\n".join([*parts, self.nginx.log_text()])


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """A PostgreSQL server of this module's own: one test stops it for a while."""
    server = PostgresServer(tmp_path_factory.mktemp("postgres"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer) -> Iterator[Front]:
    redis = RedisServer(tmp_path_factory.mktemp("redis"))
    redis.start()
    ports = [free_port(), free_port()]
    nginx = Nginx(tmp_path_factory.mktemp("nginx"), ports)
    env = {
        "CARDAPP_DATABASE_URL": postgres.create_database(),
        "CARDAPP_MESSAGE_QUEUE": redis.url,
        "CARDAPP_SECRET_KEY": "one-secret-for-every-process",
        "CARDAPP_TRUSTED_PROXIES": "1",
        "CARDAPP_PUBLIC_URL": nginx.url,
        "CARDAPP_METRICS_TOKEN": TOKEN,
        "CARDAPP_ASYNC_MODE": "eventlet",
    }
    servers = [LiveServer(tmp_path_factory.mktemp("cardapp"), {**env, "CARDAPP_PORT": str(port)}) for port in ports]
    try:
        for server in servers:  # one after the other: the first one creates the tables
            server.start()
        nginx.start()
        yield Front(nginx, servers, redis, postgres)
    finally:
        nginx.stop()
        for server in servers:
            server.stop()
        redis.stop()


@pytest.fixture(autouse=True)
def logs_on_failure(request: pytest.FixtureRequest, front: Front) -> Iterator[None]:
    yield
    if failed_in(request):
        print(front.logs())


class CountingScreen(Screen):
    """A Screen that also keeps every `answer_count` it receives."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.counts: list[dict[str, Any]] = []
        super().__init__(*args, **kwargs)

    def _on_count(self, count: dict[str, Any]) -> None:
        self.counts.append(count)
        self.connected = count["connected"]
        super()._on_count(count)


def metric(server: LiveServer, sample: str) -> float:
    """One sample of a process's /metrics, read on the process's own port (nginx refuses /metrics)."""
    text = requests.get(f"{server.url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5).text
    found = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def phones_on(server: LiveServer) -> int:
    return int(metric(server, 'cardapp_connections{screen="phone"}'))


def wait_until(condition: Any, timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.1)


def open_workshop(front: Front, email: str, phones: int) -> tuple[dict[str, Any], CountingScreen, list[Screen]]:
    facilitator = signed_in_facilitator(front, email)
    workshop = create_workshop(front, facilitator, CARDS)
    cookie = "; ".join(f"{k}={v}" for k, v in facilitator.cookies.items())
    console = CountingScreen(front, {"screen": "console", "workshop_id": workshop["id"]}, cookie)
    with ThreadPoolExecutor(8) as pool:
        joined = list(pool.map(lambda _: Screen(front, {"screen": "phone", "workshop_id": workshop["id"]},
                                                joined_phone_cookie(front, workshop["code"])), range(phones)))
    return workshop, console, joined


def on_position(position: int) -> Any:
    return lambda s: bool(s.state and s.state["current"] and s.state["current"]["position"] == position)


def close_all(*screens: Screen) -> None:
    for screen in screens:
        screen.close()


def test_a_workshop_runs_through_nginx_on_two_processes_and_every_screen_sees_one_room(front: Front, browser):
    workshop, console, phones = open_workshop(front, "leder1@teater.no", 6)
    projector = browser.new_context(locale="en-GB").new_page()
    problems = watch_console(projector)
    try:
        # WebSocket connections are spread: each process holds some of the phones.
        per_process = [phones_on(server) for server in front.servers]
        assert sum(per_process) == 6 and min(per_process) >= 1, per_process
        projector.goto(f"{front.url}/p/{workshop['id']}/{workshop['secret']}")
        expect(projector.locator("#joined-count")).to_contain_text("6 have joined")

        assert console.call("start_workshop") == {"ok": True}
        assert console.call("show_item", {"position": 1}) == {"ok": True}
        for phone in phones:
            phone.wait_for(on_position(1))
        expect(projector.locator("#card-text")).to_contain_text("easy to be the one who does things differently")
        for number, phone in enumerate(phones[:5]):
            assert phone.answer("agree" if number % 2 else "disagree")["ok"]
        console.wait_for(lambda s: s.answered == 5 and s.connected == 6)

        # Counts are computed once per tick for the room, not once per process: one change, one count.
        time.sleep(2.5)
        before = len(console.counts)
        assert phones[5].answer("both")["ok"]
        time.sleep(4.5)  # two boundaries of the count cadence
        assert len(console.counts) == before + 1, console.counts[before:]
        assert console.counts[-1]["answered"] == 6
        expect(projector.locator("#answer-status")).to_contain_text("6 answered")

        assert console.call("reveal_results") == {"ok": True}
        expect(projector.locator(".results-row")).to_have_count(len(phones[0].state["current"]["choices"]))
        for phone in phones:
            phone.wait_for(lambda s: s.state["current"]["results"] is not None)
        assert problems == []
    finally:
        projector.context.close()
        close_all(console, *phones)


def test_killing_one_of_two_processes_mid_workshop_loses_nothing_and_counts_nothing_twice(front: Front):
    workshop, console, phones = open_workshop(front, "leder2@teater.no", 40)
    victim, survivor = front.servers
    try:
        assert min(phones_on(victim), phones_on(survivor)) >= 10
        assert console.call("start_workshop") == {"ok": True}
        assert console.call("show_item", {"position": 1}) == {"ok": True}
        for phone in phones:
            phone.wait_for(on_position(1))
        answer_ids = [uuid.uuid4().hex for _ in phones]
        choices = ["agree" if number % 3 else "disagree" for number in range(len(phones))]
        acked: set[int] = set()
        lock = threading.Lock()

        def answer(number: int) -> None:
            time.sleep(number * 0.02)  # spread over 0.8 s, so the kill lands in the middle
            try:
                ack = phones[number].answer(choices[number], answer_ids[number])
            except Exception:  # the process died before acknowledging: the phone sends it again below
                return
            if ack["ok"]:
                with lock:
                    acked.add(number)

        sender = threading.Thread(target=lambda: list(ThreadPoolExecutor(40).map(answer, range(len(phones)))))
        sender.start()
        time.sleep(0.4)
        assert victim.stop(signal.SIGKILL) != 0
        sender.join(30)

        # Every phone is back, through nginx on the surviving process, on the current card.
        wait_until(lambda: phones_on(survivor) == 40, 30, "all 40 phones on the surviving process")
        for phone in phones:
            phone.wait_for(lambda s: s.ready and on_position(1)(s), timeout=30)
        for number, phone in enumerate(phones):  # what was not acknowledged is sent again, same answer id
            if number not in acked:
                assert phone.answer(choices[number], answer_ids[number])["ok"]
        # The facilitator's console came back too and carries on.
        console.wait_for(lambda s: s.answered == 40 and s.connected == 40, timeout=30)
        assert console.call("close_answers") == {"ok": True}
        console.wait_for(lambda s: s.state["current"]["answered"] == 40 and not s.state["current"]["answers_open"])
        assert console.call("reveal_results") == {"ok": True}
        console.wait_for(lambda s: s.state["current"]["results"] is not None)
        results = console.state["current"]["results"]
        assert results["total"] == 40 and sum(results["counts"].values()) == 40, results
        assert results["counts"]["disagree"] == 14 and results["counts"]["agree"] == 26, results
        assert console.call("show_item", {"position": 2}) == {"ok": True}
        for phone in phones:
            phone.wait_for(on_position(2))
    finally:
        close_all(console, *phones)
        if victim.process and victim.process.poll() is not None:
            victim.start()  # as systemd would: the next test has two processes again
            time.sleep(3.5)  # and nginx sends it connections again once its fail_timeout (3 s) has passed


def test_redis_stopping_for_seconds_is_reported_and_every_screen_catches_up_when_it_returns(front: Front):
    wait_until(lambda: all(requests.get(f"{s.url}/readyz", timeout=5).ok for s in front.servers), 20, "ready")
    workshop, console, phones = open_workshop(front, "leder3@teater.no", 8)
    try:
        assert min(phones_on(server) for server in front.servers) >= 1
        assert console.call("start_workshop") == {"ok": True}
        assert console.call("show_item", {"position": 1}) == {"ok": True}
        for phone in phones:
            phone.wait_for(on_position(1))

        front.redis.stop()
        for server in front.servers:
            ready = requests.get(f"{server.url}/readyz", timeout=5)
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"database": "ok", "message_queue": "unreachable"}
            assert ready.json()["error"]["message"] == "The message queue (Redis) is unreachable."
        # Nothing is refused while Redis is away: the facilitator moves on, phones on the console's process answer.
        assert console.call("show_item", {"position": 2}) == {"ok": True}
        time.sleep(2)
        for server in front.servers:
            assert "the message queue (Redis at 127.0.0.1:" in server.log_text()
            assert "is unreachable" in server.log_text()

        front.redis.start()  # same port, as a restarted service
        wait_until(lambda: all(requests.get(f"{s.url}/readyz", timeout=5).ok for s in front.servers), 20,
                   "both processes ready again")
        for phone in phones:  # including the phones on the other process, which missed the card change
            phone.wait_for(on_position(2), timeout=30)
        for phone in phones:
            assert phone.answer("agree")["ok"]
        console.wait_for(lambda s: s.answered == 8 and s.connected == 8, timeout=20)
        for server in front.servers:
            assert "is reachable again" in server.log_text()
    finally:
        close_all(console, *phones)


def test_postgresql_briefly_down_refuses_answers_with_a_clear_message_and_nothing_is_lost(front: Front):
    workshop, console, phones = open_workshop(front, "leder4@teater.no", 4)
    try:
        assert console.call("start_workshop") == {"ok": True}
        for phone in phones:
            phone.wait_for(on_position(0))
        answer_ids = [uuid.uuid4().hex for _ in phones]
        assert phones[0].answer("agree", answer_ids[0])["ok"]

        front.postgres.pause()
        try:
            refused = phones[1].answer("agree", answer_ids[1])
            assert refused["ok"] is False
            assert refused["error"]["code"] == "database_unavailable"
            assert refused["error"]["message"] == ("The server cannot reach its database right now, so nothing "
                                                   "was saved. Please try again in a moment.")
            ready = requests.get(f"{front.servers[0].url}/readyz", timeout=10)
            assert ready.status_code == 503 and ready.json()["checks"]["database"] == "unreachable"
        finally:
            front.postgres.resume()

        # The phone sends the same answers again: each is stored once, nothing was lost.
        def sent_again(number: int) -> bool:
            return bool(phones[number].answer("agree", answer_ids[number])["ok"])

        for number in range(len(phones)):
            wait_until(lambda number=number: sent_again(number), 20, f"phone {number}'s answer accepted")
        console.wait_for(lambda s: s.answered == 4, timeout=20)
        assert all(requests.get(f"{s.url}/readyz", timeout=10).ok for s in front.servers)
    finally:
        close_all(console, *phones)
