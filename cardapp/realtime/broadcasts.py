"""Sending `workshop_state` to the right screens, and coalesced counts a few times a second.

With several processes every emit to a room goes through the message queue to all of them; the
counts of a tick are computed by one process only (see cardapp/cluster/ and docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_socketio import SocketIO

from cardapp import extensions
from cardapp.cluster import LocalCluster, RedisCluster
from cardapp.domain.anonymity import COUNT_SECONDS, RELEASE_SECONDS
from cardapp.i18n import translate
from cardapp.realtime.cadence import Boundary, ShownCounts
from cardapp.realtime.presence import Caller, Presence
from cardapp.services import live, questions
from cardapp.services.payloads import AnswerCount, PauseCount, TeamCount
from cardapp.services.snapshots import Audience, workshop_state
from cardapp.services.workshops import workshop_summary
from cardapp.store.database import Database

# How often the tick looks; counts, pauses and texts move only on the clock's boundaries (cadence.py).
TICK_SECONDS = 0.25
# python-socketio's Redis listener retries after at most 60 s; resend by then even if it looks unsubscribed.
LISTENER_RETRY_MAX_S = 65


# The screens of the organisation's facilitators: the full console and the moderator view.
STAFF_SCREENS = ("console", "moderator")


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
        self.cluster: LocalCluster | RedisCluster = (extensions.cluster.of(app) if extensions.cluster.is_bound(app)
                                                     else LocalCluster())
        self._resend_pending: float | None = None  # since when screens here wait for a fresh state
        self._listener_seen: object = None
        self._ticking = False
        self._stopped = False
        self._count_boundary = Boundary(COUNT_SECONDS)
        self._pause_boundary = Boundary(60)
        self._release_boundary = Boundary(RELEASE_SECONDS)
        self._shown_counts = ShownCounts()
        self._shown_pauses: dict[int, int] = {}
        self.now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)  # tests move the clock

    def remember_base_url(self, workshop_id: int, url: str) -> None:
        self.presence.base_urls[workshop_id] = url
        self.cluster.remember_base_url(workshop_id, url)

    def _base_url(self, workshop_id: int) -> str:
        return self.presence.base_urls.get(workshop_id) or self.cluster.base_url(workshop_id)

    def _state(self, workshop_id: int, audience: Audience) -> dict[str, Any] | None:
        language = audience.language or "en"
        closing = (translate("closing.help_default", language), translate("closing.stored", language))
        return workshop_state(self.database, workshop_id, audience, self._base_url(workshop_id), self.now(), closing)

    def send_state(self, caller: Caller, to: str) -> None:
        """The full snapshot for one connection, with the phone's own answer where it has one."""
        language = caller.language if caller.screen == "phone" else None
        state = self._state(caller.workshop_id, Audience(caller.screen, language, caller.participant_id))
        if state is not None:
            # `to` is a connection of this process: nothing for the message queue to carry.
            self.socketio.emit("workshop_state", state, to=to, ignore_queue=True)

    def send_console_state(self, workshop_id: int, local_only: bool = False) -> None:
        """The facilitators' screens: every full console, and every moderator view with its own share."""
        for screen in STAFF_SCREENS:
            state = self._state(workshop_id, Audience(screen))
            if state is not None:
                self.socketio.emit("workshop_state", state, to=f"w{workshop_id}:{screen}", ignore_queue=local_only)

    def send_team(self, workshop_id: int) -> None:
        """Who of the organisation has the console and the moderator view open, as two numbers, to both."""
        facilitators, moderators = self.presence.team(workshop_id)
        team = TeamCount(facilitators=facilitators, moderators=moderators).to_wire()
        for screen in STAFF_SCREENS:
            # Presence is this process's own: with several processes, each tells its own screens.
            self.socketio.emit("team_count", team, to=f"w{workshop_id}:{screen}", ignore_queue=True)

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
        self._shown_counts.reset(workshop_id)
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
        # Marks wait for the next boundary of the count cadence: a count never follows one tap at once.
        counting = self._count_boundary.passed()
        marked, paused = self.presence.take_marked() if counting else (set(), set())
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
        # Each step on its own: one failing must not stop the others, nor the next tick.
        steps: tuple[Callable[[], None], ...] = (lambda: self._send_counts(share.marked, share.local_only),
                                                  lambda: self._release_reflections(counting),
                                                  lambda: self._publish_votes(share.marked, counting),
                                                  self._send_pauses_on_the_minute)
        for step in steps:
            try:
                step()
            except Exception:
                self.app.logger.exception("a step of the tick failed")

    def _release_reflections(self, counting: bool) -> None:
        """On the clock's boundaries only: texts never reach the console when a phone sends one."""
        longer = self._release_boundary.passed()
        if counting or longer:
            for workshop_id in live.release_reflections_due(self.database, boundary_passed=longer):
                self.send_console_state(workshop_id)
            for workshop_id in questions.release_due_questions(self.database, boundary_passed=longer):
                self.send_console_state(workshop_id)

    def _publish_votes(self, marked: set[int], counting: bool) -> None:
        """On the count cadence's boundaries only: an upvote never moves a total when a phone taps."""
        if counting and marked:
            for workshop_id in questions.publish_votes(self.database, marked):
                self.broadcast_state(workshop_id)

    def _send_pauses_on_the_minute(self) -> None:
        if self._pause_boundary.passed():
            self._send_pauses()

    def _queue_listening(self) -> bool:
        """Whether python-socketio's own Redis listener has subscribed again after an outage."""
        pubsub = getattr(self.socketio.server.manager, "pubsub", None)
        return pubsub is None or bool(getattr(pubsub, "subscribed", True))

    def _send_counts(self, marked: set[int], local_only: bool = False) -> None:
        """One query for every workshop whose counts may have changed; sent only if what the screens
        show moves (up, for answers: see `ShownCounts`)."""
        if not marked:
            return
        # M of "N of M" is phones that joined and have not left, from the database (shared by every
        # process): a phone whose screen locks is still in the room, and its answer still counts.
        counts = live.room_counts(self.database, marked)
        for workshop_id in marked:
            item_id, answer_round, answered, in_room = counts[workshop_id]
            shown = self._shown_counts.to_send(workshop_id, item_id, answer_round, answered, in_room)
            if shown is None:
                continue
            count = AnswerCount(item_id=item_id, round=answer_round, answered=shown[0], connected=shown[1])
            self.socketio.emit("answer_count", count.to_wire(), to=f"w{workshop_id}:screens", ignore_queue=local_only)
            self.socketio.sleep(0)  # let answers in between: a tick of 100 rooms must not hold the hub

    def _send_pauses(self) -> None:
        """On the minute: each console and moderator view here gets the pause signals of the minutes that have ended, if
        that number changed. A tap shows only once its minute is over, with everyone else's."""
        now = self.now()
        for workshop_id in self.presence.workshops():
            recent = live.recent_pauses(self.database, workshop_id, now)
            if recent != self._shown_pauses.get(workshop_id, 0):
                self._shown_pauses[workshop_id] = recent
                for screen in STAFF_SCREENS:
                    self.socketio.emit("pause_count", PauseCount(recent=recent).to_wire(),
                                       to=f"w{workshop_id}:{screen}", ignore_queue=True)
