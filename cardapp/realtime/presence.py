"""Who is connected to this process, and which workshops have counts to send on the next tick.

This is connection bookkeeping, not workshop state: it is rebuilt by reconnecting clients, and a
restart loses nothing that matters (everything else is in the database). With several processes,
cardapp/cluster/ shares what the others need (connected phones, marks) through Redis on every tick.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cardapp.domain.accounts import Actor


@dataclass(frozen=True)
class Caller:
    """Decided once at connect from server-side state; never from what the client sends later."""

    screen: str
    workshop_id: int
    language: str
    actor: Actor | None = None
    participant_id: int | None = None
    organisation_id: int | None = None


@dataclass
class Presence:
    callers: dict[str, Caller] = field(default_factory=dict)
    # Per workshop: how many connections each participant has, so a count is a dict length.
    phones: dict[int, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    base_urls: dict[int, str] = field(default_factory=dict)
    _dirty: set[int] = field(default_factory=set)
    _paused: set[int] = field(default_factory=set)
    _phones_changed: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sid: str, caller: Caller) -> None:
        with self._lock:
            previous = self.callers.get(sid)
            if previous is not None:
                self._forget_phone(previous)
            self.callers[sid] = caller
            if caller.screen == "phone" and caller.participant_id is not None:
                self.phones[caller.workshop_id][caller.participant_id] += 1
                self._phones_changed.add(caller.workshop_id)
            self._dirty.add(caller.workshop_id)

    def remove(self, sid: str) -> Caller | None:
        with self._lock:
            caller = self.callers.pop(sid, None)
            if caller is not None:
                self._forget_phone(caller)
                self._dirty.add(caller.workshop_id)
            return caller

    def _forget_phone(self, caller: Caller) -> None:
        if caller.screen != "phone" or caller.participant_id is None:
            return
        connections = self.phones[caller.workshop_id]
        self._phones_changed.add(caller.workshop_id)
        connections[caller.participant_id] -= 1
        if connections[caller.participant_id] <= 0:
            del connections[caller.participant_id]

    def participants(self, workshop_id: int) -> set[int]:
        """The participants connected here, for a count shared with other processes."""
        with self._lock:
            return set(self.phones.get(workshop_id, ()))

    def phone_sets(self) -> dict[int, set[int]]:
        """Every workshop's connected participants here (empty sets included, so they can be cleared)."""
        with self._lock:
            return {workshop_id: set(connections) for workshop_id, connections in self.phones.items()}

    def take_phone_changes(self) -> set[int]:
        """The workshops whose connected participants changed here since the last call."""
        with self._lock:
            changed, self._phones_changed = self._phones_changed, set()
            return changed

    def team(self, workshop_id: int) -> tuple[int, int]:
        """How many people have the full console and the moderator view open here: each person once
        per view, however many tabs; never who."""
        with self._lock:
            seen = {(caller.screen, caller.actor.user_id) for caller in self.callers.values()
                    if caller.workshop_id == workshop_id and caller.actor is not None}
        return (sum(1 for screen, _user in seen if screen == "console"),
                sum(1 for screen, _user in seen if screen == "moderator"))

    def workshops(self) -> set[int]:
        """Workshops with at least one screen connected to this process."""
        with self._lock:
            return {caller.workshop_id for caller in self.callers.values()}

    def mark(self, workshop_id: int, paused: bool = False) -> None:
        with self._lock:
            self._dirty.add(workshop_id)
            if paused:
                self._paused.add(workshop_id)

    def take_marked(self) -> tuple[set[int], set[int]]:
        """The workshops whose counts changed, and those among them with a new pause signal."""
        with self._lock:
            marked, self._dirty = self._dirty, set()
            paused, self._paused = self._paused, set()
            return marked, paused
