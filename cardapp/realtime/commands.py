"""The registry of every event a client may send: payload type, screens, rate limit and handler.

A module of handlers registers its events at import with `@command(...)` or `@facilitator(...)`
on named module-level functions, one per event; `pipeline.dispatch` looks each incoming event up
here, so a new exercise adds its commands without `handlers.register` knowing them, and
docs/protocol.md is checked against this one list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import Empty, Payload

CONSOLE, PROJECTOR, PHONE = "console", "projector", "phone"
# A co-facilitator's moderator view: the moderation commands only (see `facilitator(..., moderates=True)`).
MODERATOR = "moderator"
# The role each staff screen's commands are recorded with in the audit log.
ROLES = {CONSOLE: "facilitator", MODERATOR: "moderator"}

Handler = Callable[[Caller, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Limit:
    """A rate limit's rule; each app counts its own (see `pipeline.RateLimits`), keyed per participant."""

    name: str
    burst: int
    per_second: float


# Every kind of answer shares one limit: a phone cannot get around it by switching exercise.
ANSWERS = Limit("answers", burst=10, per_second=2)
REFLECTIONS = Limit("reflections", burst=3, per_second=1 / 10)
PAUSES = Limit("pauses", burst=1, per_second=1 / 30)
SETTINGS = Limit("settings", burst=5, per_second=1)
FETCHES = Limit("fetches", burst=5, per_second=1)


@dataclass(frozen=True)
class Command:
    """One event a client may send, and everything the pipeline checks before calling `handler`."""

    event: str
    payload: type[Payload]
    screens: frozenset[str]
    handler: Handler
    limit: Limit | None = None
    # A facilitator's command changes what every screen shows: all of them get `workshop_state` after.
    broadcasts: bool = False
    # The handler needs only the caller and the payload (no cookie, sign-in or room to join): it runs in
    # an app context, without the request context Flask-SocketIO builds for every event (handlers.py).
    app_context_only: bool = False


class CommandRegistry:
    """Event name -> Command; an event registered twice is a mistake found at import."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}

    def add(self, command: Command) -> None:
        if command.event in self._commands:
            raise ValueError(f"the Socket.IO event {command.event!r} is registered twice")
        self._commands[command.event] = command

    def find(self, event: str) -> Command | None:
        return self._commands.get(event)

    def __iter__(self) -> Iterator[Command]:
        return iter(list(self._commands.values()))

    def __len__(self) -> int:
        return len(self._commands)

    def command(self, event: str, payload: type[Payload], screens: set[str], limit: Limit | None = None,
                broadcasts: bool = False, app_context_only: bool = False) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of `event`."""
        if app_context_only and screens & ROLES.keys():
            # A staff screen is re-authorised from its sign-in on every command, which needs the request.
            raise ValueError(f"the Socket.IO event {event!r} of a staff screen needs its request context")

        def attach(handler: Handler) -> Handler:
            self.add(Command(event, payload, frozenset(screens), handler, limit, broadcasts, app_context_only))
            return handler
        return attach

    def facilitator(self, event: str, payload: type[Payload] = Empty, moderates: bool = False
                    ) -> Callable[[Handler], Handler]:
        """A console command; afterwards every screen of the workshop receives `workshop_state`.
        `moderates`: a moderation command, which a moderator view may send too (never agenda control)."""
        return self.command(event, payload, {CONSOLE, MODERATOR} if moderates else {CONSOLE}, broadcasts=True)


COMMANDS = CommandRegistry()
command = COMMANDS.command
facilitator = COMMANDS.facilitator
