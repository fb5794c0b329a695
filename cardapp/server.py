"""Running the real server: logging without addresses, enough file descriptors, clean shutdown."""

from __future__ import annotations

import gc
import logging
import os
import resource
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from flask import Flask

from cardapp.collector import keep_collections_short
from cardapp.config import Settings
from cardapp.extensions import socketio

log = logging.getLogger("cardapp")

# Set by the entry point for eventlet and gevent: wakes a greenlet that ends the server loop.
# Without it (threading mode) the signal handler raises SystemExit, which the main thread receives.
stop_main_loop: Callable[[], None] | None = None

# How long requests still open after a stop signal may take to finish. Clients reconnect by
# themselves, so a restart need not wait for a long-polling phone's next packet.
SHUTDOWN_GRACE_S = 3


def configure_logging(level: str) -> None:
    # Log lines carry no client address, token or user agent (promise 1): the
    # servers' own access logs are switched off in `serve` below.
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    for noisy in ("engineio.server", "socketio.server", "werkzeug", "geventwebsocket.handler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def raise_open_file_limit(wanted: int) -> int:
    """Every connection is a file descriptor: raise the soft limit towards `wanted`."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def port_is_free(host: str, port: int) -> bool:
    # Eventlet listens with SO_REUSEPORT, so a second server on a busy port would quietly share
    # it with the first; a bind without it makes that mistake visible. SO_REUSEADDR still lets a
    # restarted server take the port back from its own closing connections (TIME_WAIT).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


_received: list[str] = []


def _stop(signum: int, _frame: FrameType | None) -> None:
    # As little as possible happens here: the signal may land inside the hub's own bookkeeping,
    # where even logging (which asks for the current thread) can fail. The log line comes later.
    _received.append(signal.Signals(signum).name)
    if stop_main_loop is None:
        raise SystemExit(0)
    stop_main_loop()


def serve(app: Flask) -> None:
    """Run Flask-SocketIO on the configured async server until SIGTERM or SIGINT."""
    settings: Settings = app.config["CARDAPP"]
    limit = raise_open_file_limit(settings.max_connections + 256)
    if limit < settings.max_connections:
        log.warning(
            "the open file limit is %d, below CARDAPP_MAX_CONNECTIONS=%d; raise it with ulimit -n",
            limit, settings.max_connections,
        )
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    options: dict[str, Any] = {"log_output": False}
    if settings.async_mode == "eventlet":
        # Eventlet's WSGI server silently stops accepting at 1024 connections unless told otherwise.
        options["max_size"] = settings.max_connections
        unmask_websocket_frames_quickly()
    elif settings.async_mode == "gevent":
        options["handler_class"] = _gevent_handler()
    elif settings.async_mode == "threading":
        options["allow_unsafe_werkzeug"] = True
    if not port_is_free(settings.host, settings.port):
        log.error("cannot listen on %s:%d: the port is in use by another program", settings.host, settings.port)
        raise SystemExit(1)
    from cardapp.retention_job import start_retention_job

    # Reports past their organisation's retention period are deleted now and then every hour.
    start_retention_job(app)
    base = f"http://{settings.host}:{settings.port}"
    log.info("cardapp is listening on %s (%s)", base, settings.async_mode)
    log.info("open %s/ for the front page, %s/join for participants", base, base)
    # What start-up loaded (code, decks, translations, caches) lives as long as the process: taken
    # out of the collector's sight, so that a full collection, which holds the hub while it runs,
    # walks only what connections and events made since (docs/performance.md, "Issue 15").
    gc.collect()
    gc.freeze()
    # And what connections make from then on, every few seconds (cardapp/collector.py).
    socketio.start_background_task(keep_collections_short, socketio.sleep)
    try:
        socketio.run(app, host=settings.host, port=settings.port, **options)
    except SystemExit:
        pass
    except OSError as error:
        log.error("cannot listen on %s:%d: %s", settings.host, settings.port, error.strerror)
        raise SystemExit(1) from None
    _log_stopped()


def unmask(data: bytes, mask: bytes | list[int], length: int | None = None, offset: int = 0) -> bytes:
    """The first `length` bytes of `data` XOR the 4-byte `mask` started at `offset`, as eventlet's
    `RFC6455WebSocket._apply_mask` returns them, in one operation on two big integers."""
    if length is None:
        length = len(data)
    if length > len(data):  # as eventlet's own would fail, never padded with zeros
        raise IndexError("the frame is shorter than its stated length")
    key = bytes(mask[(offset + index) % 4] for index in range(4))
    repeated = (key * (length // 4 + 1))[:length]
    masked = int.from_bytes(data[:length], "big") ^ int.from_bytes(repeated, "big")
    return masked.to_bytes(length, "big")


def unmask_websocket_frames_quickly() -> None:
    """Eventlet unmasks every frame a client sends byte by byte, through a generator: 12 % of the
    server's time when a room answers at once (docs/performance.md, issue 15). The same result at
    C speed; checked against eventlet's own in tests/unit/test_websocket_unmask.py."""
    from eventlet import websocket

    websocket.RFC6455WebSocket._apply_mask = staticmethod(unmask)


def _gevent_handler() -> type:
    """gevent's WSGI handler, closing the connection once a WebSocket on it has ended.

    simple-websocket serves gevent's WebSockets on a duplicate of the connection's socket and closes
    only that; gevent's handler then kept the connection for a next request (keep-alive). A client
    whose reader had already taken the server's closing frame waited in `disconnect()` for a time-out
    (3 s), and every phone that left held a socket that long. Eventlet closes at once.
    """
    from gevent import pywsgi

    class WebSocketClosingHandler(pywsgi.WSGIHandler):  # type: ignore[misc]
        def handle_one_response(self) -> None:
            super().handle_one_response()
            if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                self.close_connection = True

    return WebSocketClosingHandler


def stop_now() -> None:
    """End the process when open requests outlive the grace period after a stop signal."""
    log.warning("requests were still open %d s after the stop signal; closing them", SHUTDOWN_GRACE_S)
    _log_stopped()
    logging.shutdown()
    os._exit(0)


def _log_stopped() -> None:
    if _received:
        log.info("received %s, shutting down", _received[0])
    log.info("cardapp stopped")
