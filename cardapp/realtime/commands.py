"""What every module of Socket.IO handlers shares: the handler shape, its decorators, the database.

`handlers.register` builds the `command` and `facilitator` decorators (screen checks, rate limits,
payload validation, broadcasting) and hands them to the exercises' own modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from cardapp.realtime.presence import Caller
from cardapp.store.database import Database

Handler = Callable[[Caller, Any], dict[str, Any] | None]
Decorator = Callable[..., Callable[[Handler], Handler]]


def database() -> Database:
    found: Database = current_app.extensions["cardapp.database"]
    return found
