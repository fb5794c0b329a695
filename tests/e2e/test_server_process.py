"""The real `cardapp serve` process: start-up, transports, access logs and clean shutdown."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
import websocket

from tests.support.decks import write_deck

pytestmark = pytest.mark.e2e

ASYNC_MODES = ["eventlet", "gevent"]


def assert_websocket_opens(server) -> None:
    """An Engine.IO handshake over a real WebSocket, then a refused anonymous Socket.IO connect."""
    ws_url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    connection = websocket.create_connection(ws_url, origin=server.url, timeout=5)
    assert connection.recv().startswith("0{")
    connection.send("40")
    refusal = connection.recv()
    assert refusal.startswith("44") and '"code":"bad_request"' in refusal.replace(" ", "")
    connection.close()


@pytest.mark.parametrize("async_mode", ASYNC_MODES)
def test_serve_answers_pages_and_websockets_then_stops_cleanly_on_sigterm(live_server_factory, async_mode):
    server = live_server_factory(CARDAPP_ASYNC_MODE=async_mode)
    assert "Conversations that make work safer" in requests.get(server.url, timeout=5).text

    assert_websocket_opens(server)

    assert server.stop(signal.SIGTERM) == 0
    log = server.log_text()
    assert f"cardapp is listening on {server.url} ({async_mode})" in log
    assert "received SIGTERM, shutting down" in log and "cardapp stopped" in log
    assert "Traceback" not in log


def test_sigint_also_stops_the_server_cleanly(live_server):
    assert live_server.stop(signal.SIGINT) == 0
    assert "received SIGINT, shutting down" in live_server.log_text()


@pytest.mark.parametrize("async_mode", ASYNC_MODES)
def test_the_server_log_carries_no_client_address_or_user_agent(live_server_factory, async_mode):
    server = live_server_factory(CARDAPP_ASYNC_MODE=async_mode)
    headers = {"User-Agent": "PeculiarAgent/9.9"}
    for path in ("/", "/join", "/nowhere", "/socket.io/?EIO=4&transport=polling"):
        requests.get(server.url + path, headers=headers, timeout=5)
    server.stop()
    log = server.log_text()
    assert not re.search(rf"\b127\.0\.0\.1\b(?!:{server.port})", log.replace(server.url, "")), log
    assert "PeculiarAgent" not in log
    assert "GET /" not in log


def test_a_socketio_connection_from_a_foreign_origin_is_refused(live_server):
    ws_url = live_server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(ws_url, origin="https://evil.example", timeout=5)
    polling = requests.get(live_server.url + "/socket.io/?EIO=4&transport=polling",
                           headers={"Origin": "https://evil.example"}, timeout=5)
    assert polling.status_code == 400

    same_origin = websocket.create_connection(ws_url, origin=live_server.url, timeout=5)
    assert same_origin.recv().startswith("0{")  # the Engine.IO open packet
    same_origin.close()


def test_a_broken_deck_file_is_reported_and_the_server_starts_anyway(live_server_factory, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    write_deck(decks, "broken.json", '{"schema_version": 1, "id": "Bad Id"}')
    server = live_server_factory(CARDAPP_DECKS_DIR=str(decks))
    assert requests.get(server.url + "/healthz", timeout=5).ok
    log = server.log_text()
    assert "broken.json skipped" in log
    assert "broken.json: $.id: must be a lowercase id" in log


def test_a_wrong_setting_stops_start_up_with_one_clear_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cardapp", "serve"],
        env={"PATH": "/usr/bin:/bin", "CARDAPP_INSTANCE_PATH": str(tmp_path), "CARDAPP_MIN_ANSWERS": "1"},
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "cardapp: configuration error: CARDAPP_MIN_ANSWERS: 1 is too low: results need at least 3 answers "
        "so that nobody can be singled out"
    ]


def test_a_busy_port_is_reported_without_a_traceback(live_server, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cardapp", "serve"],
        env={**live_server.env, "CARDAPP_INSTANCE_PATH": str(tmp_path),
             "CARDAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"},
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{live_server.port}: the port is in use" in done.stderr
    assert "Traceback" not in done.stderr
    assert requests.get(live_server.url + "/healthz", timeout=5).ok


@pytest.mark.postgres
@pytest.mark.parametrize("async_mode", ASYNC_MODES)
def test_serve_runs_on_postgresql_with_a_redis_message_queue(
    live_server_factory, postgres_url, redis_server, async_mode
):
    server = live_server_factory(
        CARDAPP_ASYNC_MODE=async_mode,
        CARDAPP_DATABASE_URL=postgres_url,
        CARDAPP_MESSAGE_QUEUE=redis_server.url,
    )
    page = requests.get(server.url + "/decks/", timeout=5)
    assert page.ok
    assert_websocket_opens(server)
    assert server.stop() == 0


@pytest.mark.parametrize("async_mode", ASYNC_MODES)
def test_sigterm_stops_the_server_while_clients_are_connecting_and_leaving(live_server_factory, async_mode):
    server = live_server_factory(CARDAPP_ASYNC_MODE=async_mode)
    ws_url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    sockets = []
    for _ in range(150):
        connection = websocket.create_connection(ws_url, origin=server.url, timeout=5)
        connection.recv()
        connection.send("40")  # join the default Socket.IO namespace
        sockets.append(connection)
    for connection in sockets[:75]:
        connection.close()  # the server is busy with disconnect handlers when the signal lands
    started = time.monotonic()
    assert server.stop(signal.SIGTERM, timeout_s=15) == 0
    assert time.monotonic() - started < 10
    assert "cardapp stopped" in server.log_text()
    for connection in sockets[75:]:
        connection.close()


@pytest.mark.parametrize("async_mode", ASYNC_MODES)
def test_a_long_polling_phone_does_not_hold_up_a_restart(live_server_factory, async_mode):
    # A phone on the polling transport keeps one request open for up to the ping interval (25 s);
    # eventlet's server would wait for it, so a restart mid-workshop would hang that long.
    server = live_server_factory(CARDAPP_ASYNC_MODE=async_mode)
    polling_url = server.url + "/socket.io/?EIO=4&transport=polling"
    headers = {"Origin": server.url}
    handshake = requests.get(polling_url, headers=headers, timeout=5)
    session_url = polling_url + "&sid=" + json.loads(handshake.text[1:])["sid"]
    requests.post(session_url, data="40", headers=headers, timeout=5)
    assert requests.get(session_url, headers=headers, timeout=5).text.startswith("44")

    def long_poll() -> None:
        with contextlib.suppress(requests.RequestException):  # the server may cut it off
            requests.get(session_url, headers=headers, timeout=40)

    threading.Thread(target=long_poll, daemon=True).start()
    time.sleep(0.5)  # the long poll is now waiting on the server for a packet
    started = time.monotonic()
    assert server.stop(signal.SIGTERM, timeout_s=20) == 0
    assert time.monotonic() - started < 8
    assert "cardapp stopped" in server.log_text()


@pytest.mark.parametrize("async_mode", ASYNC_MODES)
def test_a_client_that_leaves_is_let_go_at_once(live_server_factory, async_mode):
    # A leaving client sends Engine.IO's close, its reader takes the server's closing frame, then it
    # closes its WebSocket and waits for the connection to end. gevent's server kept the connection
    # for a next HTTP request, so each such client waited for its 3-second time-out.
    server = live_server_factory(CARDAPP_ASYNC_MODE=async_mode)
    ws_url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    for _ in range(3):
        connection = websocket.create_connection(ws_url, origin=server.url, timeout=5)
        assert connection.recv().startswith("0{")
        connection.send("1")
        assert connection.recv_frame().opcode == websocket.ABNF.OPCODE_CLOSE
        started = time.monotonic()
        connection.close(timeout=3)
        assert time.monotonic() - started < 1


def test_a_message_over_16_kib_is_refused_and_the_server_stays_up(live_server_factory):
    # Under gevent the oversized message is dropped too, but the socket lingers until the ping
    # timeout instead of closing at once, so this close is checked on eventlet, the default.
    server = live_server_factory(CARDAPP_ASYNC_MODE="eventlet")
    ws_url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    connection = websocket.create_connection(ws_url, origin=server.url, timeout=5)
    connection.recv()
    connection.send("40")
    assert connection.recv().startswith("44")  # refused: it did not say which screen it is
    connection.send('42["submit_answer","' + "x" * 100 * 1024 + '"]')
    with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError, OSError)):
        for _ in range(5):  # the server closes the connection instead of reading the message
            connection.send("3")
            connection.recv()
    assert requests.get(server.url + "/healthz", timeout=5).ok
    fresh = websocket.create_connection(ws_url, origin=server.url, timeout=5)
    assert fresh.recv().startswith("0{")
    fresh.close()
