"""Socket.IO handlers: find the caller, check they may send it, validate, call one service, ack.

Who sends what and who receives what is documented per handler and in docs/protocol.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Flask, current_app, request
from flask_socketio import SocketIO, join_room, leave_room
from pydantic import ValidationError
from socketio.exceptions import ConnectionRefusedError

from cardapp.domain.accounts import ADMIN_NOT_MEMBER, Actor
from cardapp.domain.rate_limits import RateLimit
from cardapp.domain.workshops import WorkshopError
from cardapp.i18n import translate
from cardapp.realtime import power_walk as power_walk_events
from cardapp.realtime import risk_map as risk_map_events
from cardapp.realtime.broadcasts import Broadcaster, broadcaster, rooms_for
from cardapp.realtime.commands import Handler
from cardapp.realtime.commands import database as _database
from cardapp.realtime.metrics import timed
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import (
    AddScenario,
    ChooseLanguage,
    ConnectAuth,
    Empty,
    ModerateReflection,
    Payload,
    ShowItem,
    SubmitAnswer,
    SubmitReflection,
    WithdrawAnswer,
    as_mapping,
    problems,
)
from cardapp.services import live, phones, workshops
from cardapp.services.errors import ServiceError
from cardapp.store.database import DatabaseUnavailable
from cardapp.web.auth import current_actor
from cardapp.web.language import current_language_of_request

CONSOLE, PROJECTOR, PHONE = "console", "projector", "phone"
# Every event a client may send, so that docs/protocol.md can be checked against it.
COMMANDS: dict[str, tuple[type[Payload], frozenset[str]]] = {}


def _error(code: str, key: str, language: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": translate(key, language), **extra}}


def _refuse(code: str, key: str, language: str) -> ConnectionRefusedError:
    # python-socketio sends the first argument as the message and the second as `data`.
    message = translate(key, language)
    return ConnectionRefusedError(message, {"code": code, "message": message})


def _refusal(actor: Actor | None, organisation_id: int | None) -> str:
    # An admin outside the organisation is told how to help; anyone else, only "not allowed".
    refused = actor.refused_workshops_of(organisation_id) if actor else None
    return ADMIN_NOT_MEMBER if refused == ADMIN_NOT_MEMBER else "socket.forbidden"


def register(socketio: SocketIO, app: Flask) -> None:
    """Attach every handler to `socketio`; the tick that sends coalesced counts starts with the first client."""
    app.extensions["cardapp.broadcaster"] = Broadcaster(socketio, app, app.extensions["cardapp.database"])
    answers = RateLimit(burst=10, per_second=2)
    pauses = RateLimit(burst=1, per_second=1 / 30)
    reflections = RateLimit(burst=3, per_second=1 / 10)
    settings = RateLimit(burst=5, per_second=1)

    def command(event: str, payload_type: type[Payload], screens: set[str], limit: RateLimit | None = None
                ) -> Callable[[Handler], Handler]:
        def attach(handler: Handler) -> Handler:
            def on_event(data: Any = None) -> dict[str, Any]:
                caller = broadcaster().presence.callers.get(request.sid)  # type: ignore[attr-defined]
                if caller is None:
                    return _error("not_connected", "socket.not_connected", current_language_of_request())
                if caller.screen not in screens:
                    return _error("forbidden", "socket.forbidden", caller.language)
                if caller.screen == CONSOLE:
                    # Checked on every command, not only at connect: a blocked or moved
                    # facilitator's open console loses its powers at once.
                    actor = current_actor()
                    if actor is None or not actor.may_run_workshops_of(caller.organisation_id):
                        return _error("forbidden", _refusal(actor, caller.organisation_id), caller.language)
                    caller = replace(caller, actor=actor)
                # Keyed by participant, not connection: six tabs of one phone are still one person.
                if limit is not None and not limit.allow((caller.workshop_id, caller.participant_id,
                                                          caller.participant_id or request.sid)):  # type: ignore[attr-defined]
                    return _error("rate_limited", "socket.rate_limited", caller.language)
                try:
                    payload = payload_type.model_validate(as_mapping(data))
                except ValidationError as invalid:
                    return _error("invalid_payload", "socket.invalid_payload", caller.language,
                                  fields=problems(invalid))
                except TypeError:
                    return _error("invalid_payload", "socket.invalid_payload", caller.language, fields={})
                try:
                    return {"ok": True, **(handler(caller, payload) or {})}
                except (ServiceError, WorkshopError) as refused:
                    return _error(refused.code, refused.key, caller.language)

            COMMANDS[event] = (payload_type, frozenset(screens))
            socketio.on_event(event, timed(event, on_event))
            return handler

        return attach

    @socketio.on_error_default  # type: ignore[untyped-decorator]
    def on_unexpected_error(error: Exception) -> dict[str, Any]:
        """Any failure not foreseen: logged without its message (which may quote an answer), acked."""
        caller = broadcaster().presence.callers.get(request.sid)  # type: ignore[attr-defined]
        if isinstance(error, DatabaseUnavailable):  # refused, so the phone can send it again: never lost
            app.logger.error("the database is unreachable; a Socket.IO command was refused")
            return _error("database_unavailable", "cluster.database_unavailable", caller.language if caller else "en")
        app.logger.error("a Socket.IO handler failed: %s", type(error).__name__)
        return _error("server_error", "error.server_error.message", caller.language if caller else "en")

    @socketio.on("connect")  # type: ignore[untyped-decorator]
    def on_connect(auth: Any = None) -> None:
        """Any screen connects with `auth` naming itself; identity comes from cookies and secrets.

        Console: the signed-in user must run the workshop's organisation's workshops. Projector:
        the secret of its link. Phone: its participant cookie. The new connection receives
        `workshop_state`; the console and projector receive the new `answer_count` on the next tick.
        """
        language = current_language_of_request()
        try:
            wanted = ConnectAuth.model_validate(auth or {})
        except ValidationError:
            raise _refuse("bad_request", "socket.bad_connect", language) from None
        database = _database()
        summary = workshops.workshop_summary(database, wanted.workshop_id)
        if summary is None:
            raise _refuse("no_such_workshop", "workshop.not_found", language)
        caller = Caller(wanted.screen, summary.id, language, organisation_id=summary.organisation_id)
        if wanted.screen == CONSOLE:
            actor = current_actor()
            if actor is None:
                raise _refuse("not_signed_in", "error.unauthorized.message", language)
            if not actor.may_run_workshops_of(summary.organisation_id):
                raise _refuse("forbidden", _refusal(actor, summary.organisation_id), language)
            caller = Caller(CONSOLE, summary.id, language, actor=actor, organisation_id=summary.organisation_id)
        elif wanted.screen == PROJECTOR:
            if not workshops.projector_may_watch(database, summary.id, wanted.secret or ""):
                raise _refuse("forbidden", "socket.projector_link", language)
            caller = Caller(PROJECTOR, summary.id, summary.projector_language, organisation_id=summary.organisation_id)
        else:
            participant = workshops.participant_for(
                database, summary.id, request.cookies.get(workshops.participant_cookie(summary.id)))
            if participant is None:
                if summary.status == workshops.ENDED:
                    raise _refuse("workshop_ended", "socket.workshop_ended", language)
                raise _refuse("not_joined", "socket.not_joined", language)
            participant_id, phone_language = participant
            caller = Caller(PHONE, summary.id, phone_language, participant_id=participant_id,
                            organisation_id=summary.organisation_id)
        hub = broadcaster()
        public_url = current_app.config["CARDAPP"].public_url
        if public_url or caller.screen != PHONE:
            # Join and projector links come from the configured address or from the facilitator's
            # own screens, never from a phone's Host header.
            hub.remember_base_url(summary.id, public_url or request.host_url)
        hub.send_state(caller, to=request.sid)  # type: ignore[attr-defined]
        hub.presence.add(request.sid, caller)  # type: ignore[attr-defined]
        for room in rooms_for(caller):
            join_room(room)
        hub.start_ticker()

    @socketio.on("disconnect")  # type: ignore[untyped-decorator]
    def on_disconnect(*_reason: Any) -> None:
        """Counts change on the next tick; nothing else happens: a phone may come back any time."""
        broadcaster().presence.remove(request.sid)  # type: ignore[attr-defined]

    def facilitator(event: str, payload_type: type[Payload] = Empty) -> Callable[[Handler], Handler]:
        """A console command; afterwards every screen of the workshop receives `workshop_state`."""
        def attach(change: Handler) -> Handler:
            def run_and_broadcast(caller: Caller, payload: Any) -> dict[str, Any] | None:
                result = change(caller, payload)
                broadcaster().broadcast_state(caller.workshop_id)
                return result

            return command(event, payload_type, {CONSOLE})(run_and_broadcast)
        return attach

    @facilitator("start_workshop")
    def start(caller: Caller, _payload: Empty) -> None:
        live.start_workshop(_database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]

    @facilitator("show_item", ShowItem)
    def show(caller: Caller, payload: ShowItem) -> None:
        live.show_item(_database(), caller.actor, caller.workshop_id, payload.position)  # type: ignore[arg-type]

    @facilitator("show_card")
    def card(caller: Caller, _payload: Empty) -> None:
        live.show_card(_database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]

    @facilitator("close_answers")
    def close(caller: Caller, _payload: Empty) -> None:
        live.close_answers(_database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]

    @facilitator("reveal_results")
    def reveal(caller: Caller, _payload: Empty) -> None:
        live.set_results_revealed(_database(), caller.actor, caller.workshop_id, True)  # type: ignore[arg-type]

    @facilitator("hide_results")
    def hide(caller: Caller, _payload: Empty) -> None:
        live.set_results_revealed(_database(), caller.actor, caller.workshop_id, False)  # type: ignore[arg-type]

    @facilitator("start_second_round")
    def ask_again(caller: Caller, _payload: Empty) -> None:
        live.start_second_round(_database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]

    @facilitator("add_scenario", AddScenario)
    def add(caller: Caller, payload: AddScenario) -> dict[str, Any]:
        position = live.add_scenario(_database(), caller.actor, caller.workshop_id, payload.text)  # type: ignore[arg-type]
        return {"position": position}

    @facilitator("open_reflections")
    def open_for_reflections(caller: Caller, _payload: Empty) -> None:
        live.open_reflections(_database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]

    @facilitator("moderate_reflection", ModerateReflection)
    def moderate(caller: Caller, payload: ModerateReflection) -> None:
        live.moderate_reflection(_database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                                 payload.reflection_id, payload.decision == "approve")

    power_walk_events.register(command, facilitator, answers)
    risk_map_events.register(command, facilitator, answers)

    @facilitator("end_workshop")
    def end(caller: Caller, _payload: Empty) -> None:
        live.end_workshop(_database(), caller.actor, caller.workshop_id, dt.date.today())

    @command("submit_answer", SubmitAnswer, {PHONE}, limit=answers)
    def answer(caller: Caller, payload: SubmitAnswer) -> dict[str, Any]:
        """A phone's stance: acked to the sender only; screens get the count on the next tick."""
        choice = phones.submit_answer(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                    payload.item_id, payload.choice, payload.answer_id, payload.round)
        broadcaster().presence.mark(caller.workshop_id)
        return {"answer_id": payload.answer_id, "choice": choice}

    @command("withdraw_answer", WithdrawAnswer, {PHONE}, limit=answers)
    def withdraw(caller: Caller, payload: WithdrawAnswer) -> None:
        """A phone takes back its answer to the open card; screens get the count on the next tick."""
        phones.withdraw_answer(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                             payload.item_id, payload.round, payload.withdrawal_id)
        broadcaster().presence.mark(caller.workshop_id)

    @command("submit_reflection", SubmitReflection, {PHONE}, limit=reflections)
    def reflect(caller: Caller, payload: SubmitReflection) -> None:
        """A written reflection: acked to the sender; the console receives its moderation queue."""
        phones.submit_reflection(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                               payload.item_id, payload.text)
        broadcaster().send_console_state(caller.workshop_id)

    @command("signal_pause", Empty, {PHONE}, limit=pauses)
    def pause(caller: Caller, _payload: Empty) -> None:
        """'I need a pause': the console receives only the count of recent signals, on the next tick."""
        phones.signal_pause(_database(), caller.workshop_id, dt.datetime.now(dt.UTC))
        broadcaster().presence.mark(caller.workshop_id, paused=True)

    @command("choose_language", ChooseLanguage, {PHONE}, limit=settings)
    def language(caller: Caller, payload: ChooseLanguage) -> None:
        """The phone reads cards in another language; only that phone receives a new `workshop_state`."""
        phones.choose_language(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                             payload.language)
        sid = request.sid  # type: ignore[attr-defined]
        for room in rooms_for(caller):
            leave_room(room)
        moved = replace(caller, language=payload.language)
        broadcaster().presence.add(sid, moved)
        for room in rooms_for(moved):
            join_room(room)
        broadcaster().send_state(moved, to=sid)
