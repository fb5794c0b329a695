"""Wiring the Socket.IO side into an app: connect, disconnect, and every command through one pipeline.

Find a handler by its event's name: the console's card commands are in console_commands.py, the
phones' in phone_commands.py, each exercise's in its own module (power_walk.py, risk_map.py),
connecting in connections.py. `register` knows none of them: they fill the command registry
(commands.py) when imported, and Socket.IO's catch-all sends every event to `pipeline.dispatch`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from flask import Flask
from flask_socketio import SocketIO
from socketio import server as socketio_server

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
from cardapp.realtime.answer_batches import AnswerBatches, answer_batches
from cardapp.realtime.broadcasts import Broadcaster
from cardapp.realtime.commands import COMMANDS
from cardapp.realtime.connections import connect, disconnect
from cardapp.realtime.hub import hub
from cardapp.realtime.pipeline import (
    RateLimits,
    answer_event,
    dispatch,
    rate_limits,
    unexpected_error,
    unexpected_error_of,
)

__all__ = ["COMMANDS", "register"]

SCREENS = ("console", "moderator", "projector", "phone")


def register(socketio: SocketIO, app: Flask) -> None:
    """Attach the handlers to `socketio` for `app`; the tick that sends counts starts with the first client."""
    broadcaster = hub.bind(app, Broadcaster(socketio, app, extensions.database.of(app)))
    rate_limits.bind(app, RateLimits())
    batches = answer_batches.bind(app, AnswerBatches(make_event=socketio.server.eio.create_event,
                                                     yield_turn=lambda: socketio.sleep(0)))
    extensions.metrics.of(app).add_gauges(lambda: _connection_gauges(broadcaster))
    extensions.metrics.of(app).add_gauges(lambda: _batch_counters(batches))
    socketio.on_event("connect", connect)
    socketio.on_event("disconnect", disconnect)
    socketio.on_event("*", dispatch)
    socketio.on_error_default(unexpected_error)
    for command in COMMANDS:
        if command.app_context_only:
            socketio.server.on(command.event, partial(_without_request, socketio.server, command.event))


def _without_request(server: socketio_server.Server, event: str, sid: str, *args: Any) -> dict[str, Any] | None:
    """A command that needs only its caller and payload (`app_context_only`, every answer), handled on
    python-socketio directly: Flask-SocketIO would build a Flask request from the connection's environ
    for it and parse the cookie session again, 12 % of the server's time (docs/performance.md). The
    same pipeline, in an app context; a connection that is not a caller gets the request context, so its
    refusal speaks its browser's language, as the catch-all's would."""
    environ = server.get_environ(sid)
    if not environ:  # gone before its event was read: there is no one to acknowledge
        return None
    app = environ["flask.app"]
    with app.app_context():
        if hub.get().presence.callers.get(sid) is not None:
            return _acked(sid, event, args)
        with app.request_context(environ):
            return _acked(sid, event, args)


def _acked(sid: str, event: str, args: tuple[Any, ...]) -> dict[str, Any]:
    try:
        return answer_event(sid, event, args)
    except Exception as failure:  # as Flask-SocketIO's error handler would have it
        return unexpected_error_of(sid, failure)


def _connection_gauges(broadcaster: Broadcaster) -> Iterable[Family]:
    counts = dict.fromkeys(SCREENS, 0)
    for caller in list(broadcaster.presence.callers.values()):
        counts[caller.screen] = counts.get(caller.screen, 0) + 1
    yield Family("cardapp_connections", "gauge", "Open Socket.IO connections to this process, by screen.",
                 [({"screen": screen}, count) for screen, count in sorted(counts.items())])


def _batch_counters(batches: AnswerBatches) -> Iterable[Family]:
    yield Family("cardapp_answer_transactions_total", "counter",
                 "Transactions that wrote answers (group commit: answers that arrive together share one).",
                 [({}, batches.written_batches)])
