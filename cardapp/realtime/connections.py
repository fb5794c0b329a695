"""Connecting and disconnecting: the moment a connection's identity is decided, once, from server-side state."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import join_room
from pydantic import ValidationError
from socketio.exceptions import ConnectionRefusedError

from cardapp.callers import console_refusal, current_actor, language_of_request
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.i18n import translate
from cardapp.realtime.broadcasts import rooms_for
from cardapp.realtime.commands import CONSOLE, MODERATOR, PHONE, PROJECTOR
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import ConnectAuth
from cardapp.services import workshops


def refuse(code: str, key: str, language: str) -> ConnectionRefusedError:
    """A refused connection: the client's `connect_error` carries `{"code", "message"}` as its data."""
    # python-socketio sends the first argument as the message and the second as `data`.
    message = translate(key, language)
    return ConnectionRefusedError(message, {"code": code, "message": message})


def connect(auth: Any = None) -> None:
    """Any screen connects with `auth` naming itself; identity comes from cookies and secrets.

    Console and moderator view: the signed-in user must run the workshop's organisation's workshops
    (any number of them may connect; each signs in as itself). Projector: the secret of its link.
    Phone: its participant cookie (a phone that had left is back in the room). The new connection
    receives `workshop_state`; the console and projector receive the new `answer_count` on the next
    tick; the consoles and moderator views of the workshop receive `team_count` at once when one of
    them comes or goes.
    """
    language = language_of_request()
    try:
        wanted = ConnectAuth.model_validate(auth or {})
    except ValidationError:
        raise refuse("bad_request", "socket.bad_connect", language) from None
    summary = workshops.workshop_summary(database(), wanted.workshop_id)
    if summary is None:
        raise refuse("no_such_workshop", "workshop.not_found", language)
    if wanted.screen in (CONSOLE, MODERATOR):
        actor = current_actor()
        if actor is None:
            raise refuse("not_signed_in", "error.unauthorized.message", language)
        if not actor.may_run_workshops_of(summary.organisation_id):
            raise refuse("forbidden", console_refusal(actor, summary.organisation_id), language)
        # The role is decided here, once: every later command is checked against this screen.
        caller = Caller(wanted.screen, summary.id, language, actor=actor, organisation_id=summary.organisation_id)
    elif wanted.screen == PROJECTOR:
        if not workshops.projector_may_watch(database(), summary.id, wanted.secret or ""):
            raise refuse("forbidden", "socket.projector_link", language)
        caller = Caller(PROJECTOR, summary.id, summary.projector_language, organisation_id=summary.organisation_id)
    else:
        participant = workshops.phone_back_in_room(
            database(), summary.id, request.cookies.get(workshops.participant_cookie(summary.id)))
        if participant is None:
            if summary.status == WorkshopStatus.ENDED:
                raise refuse("workshop_ended", "socket.workshop_ended", language)
            raise refuse("not_joined", "socket.not_joined", language)
        participant_id, phone_language = participant
        caller = Caller(PHONE, summary.id, phone_language, participant_id=participant_id,
                        organisation_id=summary.organisation_id)
    broadcaster = hub.get()
    public_url = current_app.config["CARDAPP"].public_url
    if public_url or caller.screen != PHONE:
        # Join and projector links come from the configured address or from the facilitator's
        # own screens, never from a phone's Host header.
        broadcaster.remember_base_url(summary.id, public_url or request.host_url)
    broadcaster.send_state(caller, to=request.sid)  # type: ignore[attr-defined]
    broadcaster.presence.add(request.sid, caller)  # type: ignore[attr-defined]
    for room in rooms_for(caller):
        join_room(room)
    if caller.screen in (CONSOLE, MODERATOR):
        broadcaster.send_team(summary.id)
    broadcaster.start_ticker()


def disconnect(*_reason: Any) -> None:
    """Counts change on the next tick; nothing else happens: a phone may come back any time. A console
    or moderator view leaving changes `team_count` at once (it says nothing about participants)."""
    broadcaster = hub.get()
    caller = broadcaster.presence.remove(request.sid)  # type: ignore[attr-defined]
    if caller is not None and caller.screen in (CONSOLE, MODERATOR):
        broadcaster.send_team(caller.workshop_id)
