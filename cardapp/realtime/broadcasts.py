"""Sending `workshop_state` to the right screens, and coalesced counts a few times a second."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, current_app
from flask_socketio import SocketIO

from cardapp.i18n import translate
from cardapp.realtime.presence import Caller, Presence
from cardapp.services import live
from cardapp.services.snapshots import Audience, workshop_state
from cardapp.services.workshops import workshop_summary
from cardapp.store.database import Database

# At most this often per workshop do the console and projector hear about new answers (promise 4).
TICK_SECONDS = 0.25


def rooms_for(caller: Caller) -> list[str]:
    workshop = f"w{caller.workshop_id}"
    if caller.screen == "phone":
        return [f"{workshop}:phones", f"{workshop}:phones:{caller.language}"]
    return [f"{workshop}:screens", f"{workshop}:{caller.screen}"]


class Broadcaster:
    """One per app: who is connected here, and what goes out to them."""

    def __init__(self, socketio: SocketIO, app: Flask, database: Database) -> None:
        self.socketio = socketio
        self.app = app
        self.database = database
        self.presence = Presence()
        self._ticking = False
        self._stopped = False

    def _state(self, workshop_id: int, audience: Audience) -> dict[str, Any] | None:
        state = workshop_state(self.database, workshop_id, audience, self.presence.connected_phones(workshop_id),
                               self.presence.base_urls.get(workshop_id, ""), dt.datetime.now(dt.UTC))
        if state is not None and state.get("closing") is not None:
            language = state["language"]
            state["closing"] = {
                "help_text": state["closing"]["help_text"] or translate("closing.help_default", language),
                "stored_text": translate("closing.stored", language),
            }
        return state

    def send_state(self, caller: Caller, to: str) -> None:
        """The full snapshot for one connection, with the phone's own answer where it has one."""
        language = caller.language if caller.screen == "phone" else None
        state = self._state(caller.workshop_id, Audience(caller.screen, language, caller.participant_id))
        if state is not None:
            self.socketio.emit("workshop_state", state, to=to)

    def send_console_state(self, workshop_id: int) -> None:
        state = self._state(workshop_id, Audience("console"))
        if state is not None:
            self.socketio.emit("workshop_state", state, to=f"w{workshop_id}:console")

    def broadcast_state(self, workshop_id: int) -> None:
        """After a facilitator's command: every screen of the workshop, each with its own share.

        Phones get one snapshot per language; it leaves out `my_answer` (that belongs to one
        phone, which knows its own answer from its acknowledgements).
        """
        summary = workshop_summary(self.database, workshop_id)
        if summary is None:
            return
        self.send_console_state(workshop_id)
        projector = self._state(workshop_id, Audience("projector"))
        self.socketio.emit("workshop_state", projector, to=f"w{workshop_id}:projector")
        for language in summary.languages:
            phone = self._state(workshop_id, Audience("phone", language))
            self.socketio.emit("workshop_state", phone, to=f"w{workshop_id}:phones:{language}")
        self.presence.mark(workshop_id)

    def start_ticker(self) -> None:
        """One background task per app sends the counts of workshops that changed since the last tick."""
        if self._ticking:
            return
        self._ticking = True
        self.socketio.start_background_task(self._tick_forever)

    def stop(self) -> None:
        """Let the tick end (tests build many apps in one process)."""
        self._stopped = True

    def _tick_forever(self) -> None:
        while not self._stopped:
            self.socketio.sleep(TICK_SECONDS)
            marked, paused = self.presence.take_marked()
            try:
                self._send_counts(marked, paused)
            except Exception:  # a failed tick must never stop the next one
                self.app.logger.exception("sending counts failed")

    def _send_counts(self, marked: set[int], paused: set[int]) -> None:
        """One query for every workshop that changed; pause counts only where someone asked for one."""
        counts = live.answer_counts(self.database, marked)
        for workshop_id in marked:
            item_id, answer_round, answered = counts.get(workshop_id, (None, None, 0))
            self.socketio.emit("answer_count", {"item_id": item_id, "round": answer_round, "answered": answered,
                                                "connected": self.presence.connected_phones(workshop_id)},
                               to=f"w{workshop_id}:screens")
            self.socketio.sleep(0)  # let answers in between: a tick of 100 rooms must not hold the hub
        now = dt.datetime.now(dt.UTC)
        for workshop_id in paused:
            self.socketio.emit("pause_count", {"recent": live.recent_pauses(self.database, workshop_id, now)},
                               to=f"w{workshop_id}:console")


def broadcaster() -> Broadcaster:
    hub: Broadcaster = current_app.extensions["cardapp.broadcaster"]
    return hub
