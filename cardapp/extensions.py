"""Extension objects created unbound and bound to an app in `create_app`.

`socketio` is Flask-SocketIO's own. Everything else the app holds one of (its database, its decks,
its cluster...) is a `Bound` handle: typed, importable, and read with `.get()` inside a request or
`.of(app)` outside one, so a type checker sees the wiring and nothing is looked up by a string that
a typo or a different set-up order could break.
"""

from __future__ import annotations

from typing import Generic, TypeVar, cast

from flask import Flask, current_app
from flask_socketio import SocketIO

from cardapp.cluster import Cluster, SharedRateLimit
from cardapp.domain.deck_library import DeckLibrary
from cardapp.domain.rate_limits import RateLimit
from cardapp.metrics import Metrics
from cardapp.store.database import Database

T = TypeVar("T")

socketio = SocketIO()


class NotBound(RuntimeError):
    """An app object was read before `create_app` bound it: a wiring mistake, reported by name."""


class Bound(Generic[T]):
    """One object per app, bound once in `create_app` (tests build many apps in one process)."""

    def __init__(self, name: str) -> None:
        self.name = name
        # Kept in app.extensions, where Flask's tools look; only this class ever spells the key.
        self._key = f"cardapp.{name}"

    def bind(self, app: Flask, value: T) -> T:
        """Give `app` its object (a test may bind a replacement, e.g. an unreachable database)."""
        app.extensions[self._key] = value
        return value

    def of(self, app: Flask) -> T:
        """The object bound to `app`."""
        try:
            return cast(T, app.extensions[self._key])
        except KeyError:
            raise NotBound(f"the app's {self.name} is read before create_app bound it") from None

    def get(self) -> T:
        """The object bound to the app handling the current request or Socket.IO event."""
        return self.of(cast(Flask, current_app._get_current_object()))  # type: ignore[attr-defined]

    def is_bound(self, app: Flask) -> bool:
        return self._key in app.extensions


database: Bound[Database] = Bound("database")
decks: Bound[DeckLibrary] = Bound("decks")
cluster: Bound[Cluster] = Bound("cluster")
metrics: Bound[Metrics] = Bound("metrics")
# Wrong room codes typed on /join, counted across processes when there are several.
wrong_codes: Bound[RateLimit | SharedRateLimit] = Bound("wrong_codes")
# The deck editor's checks as you type, per signed-in person, counted across processes likewise.
deck_checks: Bound[RateLimit | SharedRateLimit] = Bound("deck_checks")
