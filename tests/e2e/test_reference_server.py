"""bench/reference_server.py, the bare stack that cardapp is compared with, speaks what the load uses.

If it stopped answering in cardapp's shape, bench/compare.py would compare cardapp with a server
that does less (or nothing): the ratios in docs/performance.md would mean nothing.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

from tests.support.ports import free_port

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from reference_server import phone_token  # noqa: E402  (bench/ is no package)


@pytest.fixture(scope="module")
def reference_url() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(BENCH / "reference_server.py"), "--async-mode", "gevent",
                                "--port", str(port), "--rooms", "1", "--participants", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the reference server did not start: {process.stdout.read()!r}") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def connect(url: str, screen: str, cookie: str) -> tuple[socketio.Client, list]:
    states: list = []
    client = socketio.Client(reconnection=False)
    client.on("workshop_state", states.append)
    client.connect(url, transports=["websocket"], headers={"Cookie": cookie},
                   auth={"screen": screen, "workshop_id": 1}, wait_timeout=10)
    return client, states


def wait_for(found, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (value := found()) is not None:
            return value
        time.sleep(0.02)
    raise AssertionError("not within the time")


def test_the_reference_server_answers_in_cardapps_shape_what_the_load_generator_uses(reference_url):
    console, console_states = connect(reference_url, "console", "session=anything")
    phone, phone_states = connect(reference_url, "phone", f"cardapp_p1={phone_token(1, 0)}")
    counts: list = []
    arrived = threading.Event()
    console.on("answer_count", lambda data: (counts.append(data), arrived.set()))
    try:
        assert wait_for(lambda: phone_states or None)[0]["current"] is None  # a draft: nothing shown yet
        assert console.call("start_workshop", {}, timeout=5) == {"ok": True}
        current = wait_for(lambda: next((s["current"] for s in phone_states if s["current"]), None))
        assert set(current) >= {"item_id", "position", "choices"}
        ack = phone.call("submit_answer", {"item_id": current["item_id"], "choice": current["choices"][0],
                                           "answer_id": "a1"}, timeout=5)
        assert ack == {"ok": True, "answer_id": "a1", "choice": current["choices"][0]}
        stale = phone.call("submit_answer", {"item_id": -1, "choice": "agree", "answer_id": "a2"}, timeout=5)
        assert stale["error"]["code"] == "not_current_item"
        assert arrived.wait(3), "the count comes on the next 2-second boundary"
        assert counts[-1] == {"item_id": current["item_id"], "round": 1, "answered": 1, "connected": 1}
        assert console.call("show_item", {"position": 1}, timeout=5) == {"ok": True}
        assert wait_for(lambda: next((s for s in phone_states if (s["current"] or {}).get("position") == 1), None))
        assert any((s["current"] or {}).get("position") == 1 for s in console_states)
    finally:
        phone.disconnect()
        console.disconnect()


def test_a_phone_without_a_known_cookie_is_refused(reference_url):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(reference_url, "phone", "cardapp_p1=not-a-phone")

