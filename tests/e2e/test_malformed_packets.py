"""Issue 14.7: malformed Socket.IO packets cannot fill the server's log.

The attacker is any client, not even connected to a namespace, sending packets the libraries fail
on. Each used to write a full traceback at ERROR level; now each kind gives one short line per ten
seconds and a count in /metrics, and the server goes on serving.
"""

from __future__ import annotations

import re
import time

import pytest
import requests
import websocket

from tests.support.remote import Screen, create_workshop, joined_phone_cookie, signed_in_facilitator

pytestmark = pytest.mark.e2e

METRICS_TOKEN = "scrape-me-please-0123456789"
# Each bad packet and the kind the log line and the metric name it by.
BAD_PACKETS = {
    "42[]": "IndexError",
    '42{"a":1}': "KeyError",
    "42": "TypeError",
    "42[not json": "JSONDecodeError",
    "42" + "[" * 5000 + "]" * 5000: "RecursionError",
    '42["submit_answer",{}]': "not_connected",
    '431["late"]': "unknown_ack",
}
EACH = 25


def malformed_counts(url: str) -> dict[str, int]:
    text = requests.get(f"{url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10).text
    return {kind: int(value) for kind, value in
            re.findall(r'^cardapp_malformed_packets_total\{kind="(\w+)"\} (\d+)$', text, re.MULTILINE)}


def test_a_flood_of_malformed_packets_leaves_one_short_line_per_kind_and_a_metric(live_server_factory):
    server = live_server_factory(CARDAPP_METRICS_TOKEN=METRICS_TOKEN)
    ws_url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    connection = websocket.create_connection(ws_url, origin=server.url, timeout=5)
    try:
        assert connection.recv().startswith("0{")
        for _ in range(EACH):
            for packet in BAD_PACKETS:
                connection.send(packet)
        wanted = dict.fromkeys(BAD_PACKETS.values(), EACH)
        deadline = time.monotonic() + 60
        while malformed_counts(server.url) != wanted and time.monotonic() < deadline:
            time.sleep(0.1)
        connection.send("40")  # the same connection is still served: its connect is answered (refused,
        reply = connection.recv()  # as it names no screen)
        while reply == "2":  # a ping of the server's may come first
            connection.send("3")
            reply = connection.recv()
        assert reply.startswith("44")
    finally:
        connection.close()

    log = server.log_text()
    assert "Traceback" not in log
    assert not re.search(r" ERROR (engineio|socketio)", log)
    lines = [line for line in log.splitlines() if "malformed Socket.IO packet" in line]
    assert sorted(re.search(r"\((\w+)\)", line).group(1) for line in lines) == sorted(BAD_PACKETS.values())
    assert all(" WARNING " in line and len(line) < 200 for line in lines)
    assert malformed_counts(server.url) == wanted

    # Real clients are served as before.
    facilitator = signed_in_facilitator(server)
    workshop = create_workshop(server, facilitator, ["norms-statement-professional"])
    phone = Screen(server, {"screen": "phone", "workshop_id": workshop["id"]},
                   joined_phone_cookie(server, workshop["code"]))
    try:
        phone.wait_for(lambda s: s.state is not None)
    finally:
        phone.close()
