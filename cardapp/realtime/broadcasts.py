"""Sending `workshop_state` to the right screens, and coalesced counts a few times a second.

With several processes every emit to a room goes through the message queue to all of them; the
counts of a tick are computed by one process only (see cluster.py and docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from flask import Flask, current_app
from flask_socketio import SocketIO

from cardapp.i18n import translate
from cardapp.realtime.cluster import LocalCluster, RedisCluster
from cardapp.realtime.presence import Caller, Presence
from cardapp.services import live
from cardapp.services.snapshots import Audience, workshop_state
from cardapp.services.workshops import workshop_summary
from cardapp.store.database import Database

# At most this often per workshop do the console and projector hear about new answers (promise 4).
TICK_SECONDS = 0.25
# python-socketio's Redis listener retries after at most 60 s; resend by then even if it looks unsubscribed.
LISTENER_RETRY_MAX_S = 65


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
        self.cluster: LocalCluster | RedisCluster = app.extensions.get("cardapp.cluster") or LocalCluster()
        self._resend_pending: float | None = None  # since when screens here wait for a fresh state
        self._listener_seen: object = None
        self._ticking = False
        self._stopped = False

    def connected_phones(self, workshop_id: int) -> int:
        """Distinct participants connected to this process, or to any process with a shared queue."""
        return self.cluster.connected_phones(workshop_id, self.presence.participants(workshop_id))

    def remember_base_url(self, workshop_id: int, url: str) -> None:
        self.presence.base_urls[workshop_id] = url
        self.cluster.remember_base_url(workshop_id, url)

    def _base_url(self, workshop_id: int) -> str:
        return self.presence.base_urls.get(workshop_id) or self.cluster.base_url(workshop_id)

    def _state(self, workshop_id: int, audience: Audience) -> dict[str, Any] | None:
        language = audience.language or "en"
        closing = (translate("closing.help_default", language), translate("closing.stored", language))
        return workshop_state(self.database, workshop_id, audience, self.connected_phones(workshop_id),
                              self._base_url(workshop_id), dt.datetime.now(dt.UTC), closing)

    def send_state(self, caller: Caller, to: str) -> None:
        """The full snapshot for one connection, with the phone's own answer where it has one."""
        language = caller.language if caller.screen == "phone" else None
        state = self._state(caller.workshop_id, Audience(caller.screen, language, caller.participant_id))
        if state is not None:
            # `to` is a connection of this process: nothing for the message queue to carry.
            self.socketio.emit("workshop_state", state, to=to, ignore_queue=True)

    def send_console_state(self, workshop_id: int, local_only: bool = False) -> None:
        state = self._state(workshop_id, Audience("console"))
        if state is not None:
            self.socketio.emit("workshop_state", state, to=f"w{workshop_id}:console", ignore_queue=local_only)

    def broadcast_state(self, workshop_id: int, local_only: bool = False) -> None:
        """After a facilitator's command: every screen of the workshop, each with its own share.

        Phones get one snapshot per language; it leaves out `my_answer` (that belongs to one
        phone, which knows its own answer from its acknowledgements). `local_only`: only the
        screens connected to this process (after the message queue was away).
        """
        summary = workshop_summary(self.database, workshop_id)
        if summary is None:
            return
        self.send_console_state(workshop_id, local_only)
        projector = self._state(workshop_id, Audience("projector"))
        self.socketio.emit("workshop_state", projector, to=f"w{workshop_id}:projector", ignore_queue=local_only)
        for language in summary.languages:
            phone = self._state(workshop_id, Audience("phone", language))
            self.socketio.emit("workshop_state", phone, to=f"w{workshop_id}:phones:{language}",
                               ignore_queue=local_only)
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
        self.cluster.stop()

    def _tick_forever(self) -> None:
        while not self._stopped:
            self.socketio.sleep(TICK_SECONDS)
            try:
                self._tick()
            except Exception:  # a failed tick must never stop the next one
                self.app.logger.exception("sending counts failed")

    def _tick(self) -> None:
        marked, paused = self.presence.take_marked()
        share = self.cluster.share_tick(marked, paused, self.presence)
        listener = getattr(self.socketio.server.manager, "pubsub", None)
        if share.recovered or (listener is not self._listener_seen and self._listener_seen is not None):
            # Redis was away, or python-socketio's listener had to reconnect.
            self._resend_pending = self._resend_pending or time.monotonic()
        self._listener_seen = listener
        if self._resend_pending and (self._queue_listening()
                                     or time.monotonic() - self._resend_pending > LISTENER_RETRY_MAX_S):
            # What the other processes sent while the queue was away never reached this one's screens.
            self._resend_pending = None
            for workshop_id in self.presence.workshops():
                self.broadcast_state(workshop_id, local_only=True)
                self.socketio.sleep(0)
        self._send_counts(share.marked, share.paused, share.local_only)

    def _queue_listening(self) -> bool:
        """Whether python-socketio's own Redis listener has subscribed again after an outage."""
        pubsub = getattr(self.socketio.server.manager, "pubsub", None)
        return pubsub is None or bool(getattr(pubsub, "subscribed", True))

    def _send_counts(self, marked: set[int], paused: set[int], local_only: bool = False) -> None:
        """One query for every workshop that changed; pause counts only where someone asked for one."""
        if not marked and not paused:
            return
        counts = live.answer_counts(self.database, marked)
        connected = self.cluster.connected_counts({w: self.presence.participants(w) for w in marked})
        for workshop_id in marked:
            item_id, answer_round, answered = counts.get(workshop_id, (None, None, 0))
            self.socketio.emit("answer_count", {"item_id": item_id, "round": answer_round, "answered": answered,
                                                "connected": connected[workshop_id]},
                               to=f"w{workshop_id}:screens", ignore_queue=local_only)
            self.socketio.sleep(0)  # let answers in between: a tick of 100 rooms must not hold the hub
        now = dt.datetime.now(dt.UTC)
        for workshop_id in paused:
            self.socketio.emit("pause_count", {"recent": live.recent_pauses(self.database, workshop_id, now)},
                               to=f"w{workshop_id}:console", ignore_queue=local_only)


def broadcaster() -> Broadcaster:
    hub: Broadcaster = current_app.extensions["cardapp.broadcaster"]
    return hub
