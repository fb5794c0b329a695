"""What phones send: answers, reflections, pauses, language, leaving (docs/protocol.md, "Commands from phones").

Each is sent by a phone only, rate-limited per participant (not per connection), and acked to the
sender alone; other screens learn only counts, on the next tick.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from flask import request
from flask_socketio import join_room, leave_room

from cardapp.realtime.answer_batches import answer_batches
from cardapp.realtime.broadcasts import rooms_for
from cardapp.realtime.commands import ANSWERS, PAUSES, PHONE, REFLECTIONS, SETTINGS, command
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import ChooseLanguage, Empty, SubmitAnswer, SubmitReflection, WithdrawAnswer
from cardapp.services import phones
from cardapp.services.phones import AnswerRequest


@command("submit_answer", SubmitAnswer, {PHONE}, limit=ANSWERS, app_context_only=True)
def submit_answer(caller: Caller, payload: SubmitAnswer) -> dict[str, Any]:
    """Phone: its stance, acked to the sender only; console and projector get the count on the next tick."""
    # Written with the other answers that arrive at the same moment, in one transaction (answer_batches.py).
    choice = answer_batches.get().submit(database(), AnswerRequest(
        caller.workshop_id, caller.participant_id, payload.item_id, payload.choice,  # type: ignore[arg-type]
        payload.answer_id, payload.round))
    hub.get().presence.mark(caller.workshop_id)
    return {"answer_id": payload.answer_id, "choice": choice}


@command("withdraw_answer", WithdrawAnswer, {PHONE}, limit=ANSWERS, app_context_only=True)
def withdraw_answer(caller: Caller, payload: WithdrawAnswer) -> None:
    """Phone: takes back its answer to the open card; screens get the count on the next tick."""
    phones.withdraw_answer(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                           payload.item_id, payload.round, payload.withdrawal_id)
    hub.get().presence.mark(caller.workshop_id)


@command("submit_reflection", SubmitReflection, {PHONE}, limit=REFLECTIONS)
def submit_reflection(caller: Caller, payload: SubmitReflection) -> None:
    """Phone: a written reflection, acked to the sender only. Nothing else is sent now: the console gets
    the text with others, on a boundary of the clock or at the close (docs/privacy.md, "Timing")."""
    phones.submit_reflection(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                             payload.item_id, payload.text)


@command("signal_pause", Empty, {PHONE}, limit=PAUSES)
def signal_pause(caller: Caller, _payload: Empty) -> None:
    """Phone: 'I need a pause'. Nothing is sent now: the console receives the count of the minutes that
    have ended, on the minute, with every other signal of that minute."""
    phones.signal_pause(database(), caller.workshop_id, dt.datetime.now(dt.UTC))


@command("choose_language", ChooseLanguage, {PHONE}, limit=SETTINGS)
def choose_language(caller: Caller, payload: ChooseLanguage) -> None:
    """Phone: reads cards in another language; only that phone receives a new `workshop_state`."""
    phones.choose_language(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                           payload.language)
    sid = request.sid  # type: ignore[attr-defined]
    for room in rooms_for(caller):
        leave_room(room)
    moved = replace(caller, language=payload.language)
    broadcaster = hub.get()
    broadcaster.presence.add(sid, moved)
    for room in rooms_for(moved):
        join_room(room)
    broadcaster.send_state(moved, to=sid)


@command("leave_workshop", Empty, {PHONE}, limit=SETTINGS)
def leave_workshop(caller: Caller, _payload: Empty) -> None:
    """Phone: the person leaves; it stops counting in "N of M answered" (console and projector get the
    new M on the next tick). The phone then disconnects; connecting again brings it back."""
    phones.leave_workshop(database(), caller.workshop_id, caller.participant_id)  # type: ignore[arg-type]
    hub.get().presence.mark(caller.workshop_id)
