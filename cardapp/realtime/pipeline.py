"""The one path every client event takes: find the command, the caller, check, validate, call, ack.

Every event a client sends arrives at `dispatch` (Socket.IO's catch-all), so every event gets an
acknowledgement in the one shape, unknown events included. The steps, in order: the event must be
registered (`unknown_event`); the connection must have connected to a workshop (`not_connected`);
its screen must be one the command allows (`forbidden`; a moderator view sending an agenda command gets
`moderator_view`); a console or moderator view is re-authorised on every command, so a blocked or moved
facilitator's open console loses its powers at once (`forbidden`);
the participant's rate limit (`rate_limited`); exactly one payload, a JSON object that validates
(`invalid_payload`, with `fields`); then one handler, whose refusals become the same error shape;
after a facilitator's command every screen receives `workshop_state`, and the command is recorded in the
audit log with the role that gave it (the console's "facilitator" or the moderator view's "moderator").
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Any

from flask import current_app, has_request_context, request
from pydantic import ValidationError

from cardapp import extensions
from cardapp.callers import console_refusal, current_actor, language_of_request
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.rate_limits import RateLimit
from cardapp.domain.workshops import WorkshopError, WorkshopNotOpen
from cardapp.i18n import DEFAULT_LANGUAGE, translate
from cardapp.realtime import payload_problems
from cardapp.realtime.commands import COMMANDS, CONSOLE, MODERATOR, ROLES, Command, Limit
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.services import audit, workshops
from cardapp.services.errors import ServiceError
from cardapp.store.database import DatabaseUnavailable

# Metrics label every unregistered event alike: a client must not be able to invent label values.
UNKNOWN_EVENT_LABEL = "unknown"


class RateLimits:
    """This app's buckets, one per `Limit` rule (each app counts its own: tests build many)."""

    def __init__(self) -> None:
        self._limits: dict[str, RateLimit] = {}
        self._lock = threading.Lock()

    def of(self, rule: Limit) -> RateLimit:
        with self._lock:
            if rule.name not in self._limits:
                self._limits[rule.name] = RateLimit(burst=rule.burst, per_second=rule.per_second)
            return self._limits[rule.name]


rate_limits: extensions.Bound[RateLimits] = extensions.Bound("socket_rate_limits")


def error(code: str, key: str, language: str, **extra: Any) -> dict[str, Any]:
    """The one error acknowledgement: `{"ok": false, "error": {"code", "message", ...}}`."""
    return {"ok": False, "error": {"code": code, "message": translate(key, language), **extra}}


def invalid_payload(language: str, fields: dict[str, str]) -> dict[str, Any]:
    return error("invalid_payload", "socket.invalid_payload", language, fields=fields)


def dispatch(event: str, *args: Any) -> dict[str, Any]:
    """Socket.IO's catch-all handler, in the request context Flask-SocketIO made for the event."""
    return answer_event(request.sid, event, args)  # type: ignore[attr-defined]


def answer_event(sid: str, event: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """The ack of connection `sid`'s event, counted and timed for /metrics. Needs an app context; a
    request context only where the connection is not a caller (its refusal speaks the browser's language)."""
    started, outcome = time.perf_counter(), "error"
    label = event if COMMANDS.find(event) is not None else UNKNOWN_EVENT_LABEL
    try:
        ack = _handle(sid, event, args)
        outcome = "ok" if ack.get("ok") else "refused"
        return ack
    finally:
        extensions.metrics.get().observe_event(label, time.perf_counter() - started, outcome)


def _handle(sid: str, event: str, args: tuple[Any, ...]) -> dict[str, Any]:
    caller = hub.get().presence.callers.get(sid)
    language = _language_of(caller)
    command = COMMANDS.find(event)
    if command is None:
        return error("unknown_event", "protocol.unknown_event", language)
    if caller is None:
        return error("not_connected", "socket.not_connected", language)
    if caller.screen not in command.screens:
        if caller.screen == MODERATOR and CONSOLE in command.screens:
            # The role was decided at connect: the moderator view never gains agenda control.
            return error("moderator_view", "cofacilitator.moderator_refused", language)
        return error("forbidden", "socket.forbidden", language)
    if caller.screen in ROLES:
        actor = current_actor()
        if actor is None or not actor.may_run_workshops_of(caller.organisation_id):
            return error("forbidden", console_refusal(actor, caller.organisation_id), language)
        caller = replace(caller, actor=actor)
    if command.limit is not None and not _allowed(command.limit, caller, sid):
        return error("rate_limited", "socket.rate_limited", language)
    if len(args) > 1:
        return invalid_payload(language, payload_problems.too_many_arguments(len(args), language))
    data = args[0] if args else None
    if data is not None and not isinstance(data, dict):
        return invalid_payload(language, payload_problems.not_an_object(language))
    try:
        payload = command.payload.model_validate(data or {})
    except ValidationError as invalid:
        return invalid_payload(language, payload_problems.field_problems(invalid, language))
    return _run(command, caller, payload)


def _language_of(caller: Caller | None) -> str:
    if caller is not None:
        return caller.language
    # Without a request: a connection that went away while its event ran (see handlers.py).
    return language_of_request() if has_request_context() else DEFAULT_LANGUAGE


def _allowed(limit: Limit, caller: Caller, sid: str) -> bool:
    # Keyed by participant, not connection: six tabs of one phone are still one person.
    key = (caller.workshop_id, caller.participant_id, caller.participant_id or sid)
    return rate_limits.get().of(limit).allow(key)


def _run(command: Command, caller: Caller, payload: Any) -> dict[str, Any]:
    scrubs_before = database().scrubs
    try:
        result = command.handler(caller, payload)
    except (ServiceError, WorkshopError) as refused:
        return _refusal(refused, caller)
    if command.broadcasts:
        hub.get().broadcast_state(caller.workshop_id)
    if caller.screen in ROLES and caller.actor is not None:
        _record(command, caller)
        if database().scrubs != scrubs_before:
            # The command left the database's files without the per-person rows it deleted (a walk's
            # reveal, the end); the audit row written after it would leave the write-ahead log
            # non-empty again. Emptied once more, so the files end as the command left them.
            database().scrub_deleted(())
    return {"ok": True, **(result or {})}


def _record(command: Command, caller: Caller) -> None:
    """The command with its role in the audit log; it has happened already, so a failure here is logged,
    never turned into a refusal the facilitator would try again."""
    try:
        audit.record_command(database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                             command.event, ROLES[caller.screen])
    except Exception as failure:
        current_app.logger.error("a live command was not recorded in the audit log: %s", type(failure).__name__)


def _refusal(refused: ServiceError | WorkshopError, caller: Caller) -> dict[str, Any]:
    code, key = refused.code, refused.key
    if isinstance(refused, WorkshopNotOpen) and key != "socket.workshop_ended" and _has_ended(caller.workshop_id):
        key = "socket.workshop_ended"
    if key == "socket.workshop_ended":
        # One code for an ended workshop, whether connecting or acting after the end.
        code = "workshop_ended"
    if code == "invalid_payload":
        message = translate(key, caller.language)
        return error(code, key, caller.language, fields=payload_problems.refused_field(key, message))
    return error(code, key, caller.language)


def _has_ended(workshop_id: int) -> bool:
    summary = workshops.workshop_summary(database(), workshop_id)
    return summary is not None and summary.status == WorkshopStatus.ENDED


def unexpected_error(failure: Exception) -> dict[str, Any]:
    """Flask-SocketIO's error handler, in the event's request context: see `unexpected_error_of`."""
    return unexpected_error_of(request.sid, failure)  # type: ignore[attr-defined]


def unexpected_error_of(sid: str, failure: Exception) -> dict[str, Any]:
    """Any failure not foreseen: logged without its message (which may quote an answer), acked."""
    language = _language_of(hub.get().presence.callers.get(sid))
    if isinstance(failure, DatabaseUnavailable):  # refused, so the phone can send it again: never lost
        current_app.logger.error("the database is unreachable; a Socket.IO command was refused")
        return error("database_unavailable", "cluster.database_unavailable", language)
    current_app.logger.error("a Socket.IO handler failed: %s", type(failure).__name__)
    return error("server_error", "error.server_error.message", language)
