"""Malformed Socket.IO packets: one short, rate-limited log line per kind, and a counter; no traceback.

A client that has not even connected a namespace can send `42[]`, `42{"a":1}`, `42`, invalid JSON or
arrays nested thousands deep. python-socketio fails while decoding or dispatching such a packet, and
python-engineio logs that failure with `logger.exception("message handler error")` at ERROR level,
with a full traceback, once per packet; an event sent before connecting the namespace is logged as
"<sid> is not connected to namespace /" at WARNING, also once per packet, and so is an ack for a
call that was never made. Any client could fill the
disk and bury the lines an operator needs. This filter sits on the two libraries' loggers (their
files are left as they are): it turns each such record into one line naming the kind, lets at most
one through per kind every `QUIET_SECONDS`, says how many it dropped meanwhile, and counts every
packet in the `cardapp_malformed_packets_total` metric.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

# At most one line per kind in this many seconds: an operator still learns that it goes on.
QUIET_SECONDS = 10.0
# What the libraries log, with a traceback, when a client's packet makes them fail.
_FAILURES = frozenset({"message handler error", "Unknown receive error", "post request handler error"})
# What they log, once per packet, for an event before connecting, or an ack nobody asked for.
_NOTICES = {"%s is not connected to namespace %s": "not_connected",
            "Unknown callback received, ignoring.": "unknown_ack"}


def packet_kind(record: logging.LogRecord) -> str | None:
    """The kind of malformed packet a library's log record is about, or None for any other record."""
    if isinstance(record.msg, str) and record.msg in _NOTICES:
        return _NOTICES[record.msg]
    if record.msg in _FAILURES and record.exc_info and record.exc_info[0] is not None:
        # The exception's type says what was wrong: JSONDecodeError (not JSON), RecursionError
        # (nested too deep), IndexError, KeyError or TypeError (not an event: `42[]`, `42{}`, `42`).
        return record.exc_info[0].__name__
    return None


class MalformedPacketLog(logging.Filter):
    """Shortens, rate-limits and counts the libraries' records about malformed packets."""

    def __init__(self, count: Callable[[str], None], clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__("cardapp.malformed_packets")
        self._count = count
        self._clock = clock
        self._lock = threading.Lock()
        self._last_line: dict[str, float] = {}
        self._dropped: dict[str, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        kind = packet_kind(record)
        if kind is None:
            return True
        self._count(kind)
        now = self._clock()
        with self._lock:
            last = self._last_line.get(kind)
            if last is not None and now - last < QUIET_SECONDS:
                self._dropped[kind] = self._dropped.get(kind, 0) + 1
                return False
            self._last_line[kind] = now
            dropped = self._dropped.pop(kind, 0)
        # No traceback, no session id, no packet content: only what kind of packet it was.
        record.msg = "dropped a malformed Socket.IO packet (%s); %d more of this kind since the last such line"
        record.args = (kind, dropped)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True


def install(server: Any, count: Callable[[str], None]) -> MalformedPacketLog:
    """Put the filter on the Socket.IO server's logger and its Engine.IO server's logger, once."""
    noise = MalformedPacketLog(count)
    for logger in {id(found): found for found in (server.logger, server.eio.logger)}.values():
        for old in [f for f in logger.filters if isinstance(f, MalformedPacketLog)]:
            logger.removeFilter(old)  # a second app in one process (tests) replaces the first's
        logger.addFilter(noise)
    return noise
