"""The filter that shortens and rate-limits the Socket.IO libraries' records about malformed packets."""

from __future__ import annotations

import logging

from cardapp.realtime.malformed_packets import QUIET_SECONDS, MalformedPacketLog


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def failure(error: Exception) -> logging.LogRecord:
    """The record python-engineio writes with `logger.exception("message handler error")`."""
    try:
        raise error
    except Exception as raised:
        return logging.LogRecord("engineio.server", logging.ERROR, __file__, 1, "message handler error", (),
                                 (type(raised), raised, raised.__traceback__))


def not_connected() -> logging.LogRecord:
    return logging.LogRecord("socketio.server", logging.WARNING, __file__, 1, "%s is not connected to namespace %s",
                             ("abc", "/"), None)


def test_one_line_per_kind_in_ten_seconds_then_the_next_says_how_many_were_dropped():
    counted: list[str] = []
    clock = Clock()
    noise = MalformedPacketLog(counted.append, clock)
    first = failure(IndexError("list index out of range"))
    assert noise.filter(first)
    assert first.getMessage() == ("dropped a malformed Socket.IO packet (IndexError); "
                                  "0 more of this kind since the last such line")
    assert (first.levelname, first.exc_info, first.exc_text) == ("WARNING", None, None)
    assert [noise.filter(failure(IndexError())) for _ in range(30)] == [False] * 30
    assert noise.filter(not_connected()), "another kind has its own allowance"
    clock.now += QUIET_SECONDS
    later = failure(IndexError())
    assert noise.filter(later)
    assert "(IndexError); 30 more of this kind" in later.getMessage()
    assert counted.count("IndexError") == 32 and counted.count("not_connected") == 1


def test_other_records_pass_untouched_and_uncounted():
    counted: list[str] = []
    noise = MalformedPacketLog(counted.append, Clock())
    other = logging.LogRecord("socketio.server", logging.WARNING, __file__, 1, "Server initialized for %s.",
                              ("eventlet",), None)
    assert noise.filter(other) and other.getMessage() == "Server initialized for eventlet."
    assert counted == []
