"""Wiring the Socket.IO side into an app: connect, disconnect, and every command through one pipeline.

Find a handler by its event's name: the console's card commands are in console_commands.py, the
phones' in phone_commands.py, each exercise's in its own module (power_walk.py, risk_map.py),
connecting in connections.py. `register` knows none of them: they fill the command registry
(commands.py) when imported, and Socket.IO's catch-all sends every event to `pipeline.dispatch`.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_socketio import SocketIO

from cardapp import extensions
from cardapp.metrics import Family

# Imported for what they register: every event a client may send.
from cardapp.realtime import (  # noqa: F401
    consent,
    console_commands,
    phone_commands,
    power_walk,
    question_box,
    review,
    risk_map,
    run_sheet,
)
from cardapp.realtime.broadcasts import Broadcaster
from cardapp.realtime.commands import COMMANDS
from cardapp.realtime.connections import connect, disconnect
from cardapp.realtime.hub import hub
from cardapp.realtime.pipeline import RateLimits, dispatch, rate_limits, unexpected_error

__all__ = ["COMMANDS", "register"]

SCREENS = ("console", "moderator", "projector", "phone")


def register(socketio: SocketIO, app: Flask) -> None:
    """Attach the handlers to `socketio` for `app`; the tick that sends counts starts with the first client."""
    broadcaster = hub.bind(app, Broadcaster(socketio, app, extensions.database.of(app)))
    rate_limits.bind(app, RateLimits())
    extensions.metrics.of(app).add_gauges(lambda: _connection_gauges(broadcaster))
    socketio.on_event("connect", connect)
    socketio.on_event("disconnect", disconnect)
    socketio.on_event("*", dispatch)
    socketio.on_error_default(unexpected_error)


def _connection_gauges(broadcaster: Broadcaster) -> Iterable[Family]:
    counts = dict.fromkeys(SCREENS, 0)
    for caller in list(broadcaster.presence.callers.values()):
        counts[caller.screen] = counts.get(caller.screen, 0) + 1
    yield Family("cardapp_connections", "gauge", "Open Socket.IO connections to this process, by screen.",
                 [({"screen": screen}, count) for screen, count in sorted(counts.items())])
