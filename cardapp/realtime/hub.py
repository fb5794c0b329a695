"""The app's one Broadcaster (who is connected here, and what goes out to them), bound in `register`."""

from __future__ import annotations

from cardapp import extensions
from cardapp.realtime.broadcasts import Broadcaster
from cardapp.store.database import Database

hub: extensions.Bound[Broadcaster] = extensions.Bound("broadcaster")


def database() -> Database:
    """The app's database, for handlers."""
    return extensions.database.get()
