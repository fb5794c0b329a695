"""The application factory: settings, database, shipped decks, web and Socket.IO wiring."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from cardapp import callers, extensions
from cardapp.cluster import cluster_for
from cardapp.config import PROJECT_ROOT, Settings, settings_from
from cardapp.domain.deck_library import DeckLibrary, load_deck_folder
from cardapp.extensions import socketio
from cardapp.metrics import Metrics
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database

# 16 KiB: the largest Socket.IO message a client may send; anything bigger is refused.
MAX_SOCKET_MESSAGE_BYTES = 16 * 1024

log = logging.getLogger("cardapp")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from the environment, with `config` (a dict of Settings fields) on top."""
    settings = settings_from(os.environ, config)
    app = Flask(
        __name__,
        instance_path=str(settings.instance_path),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(
        CARDAPP=settings,
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
    )

    upgrade_database(settings.database_url)
    # What the app holds one of, bound before anything that reads it (see extensions.py).
    database = extensions.database.bind(app, Database(settings.database_url,
                                                        settings.instance_path / "pulse_keys"))
    extensions.decks.bind(app, _load_shipped_decks(settings, database))
    extensions.cluster.bind(app, cluster_for(settings.message_queue))
    extensions.metrics.bind(app, Metrics())
    callers.init_app(app)

    from cardapp.web import init_web

    init_web(app)
    socketio.init_app(
        app,
        async_mode=settings.async_mode,
        message_queue=settings.message_queue,
        # None means same origin only; a configured list replaces it.
        cors_allowed_origins=list(settings.allowed_origins) or None,
        max_http_buffer_size=MAX_SOCKET_MESSAGE_BYTES,
        # Each event runs in its connection's own reader rather than in a new green thread: spawning one
        # per event was 8 % of the server's time under load (docs/performance.md, "Issue 15"). A phone's
        # events are then handled in the order it sent them; other connections are not held up.
        async_handlers=False,
        logger=False,
        engineio_logger=False,
    )
    from cardapp.realtime import handlers, malformed_packets

    malformed_packets.install(socketio.server, extensions.metrics.of(app).count_malformed_packet)
    handlers.register(socketio, app)
    return app


def _load_shipped_decks(settings: Settings, database: Database) -> DeckLibrary:
    # A broken deck file is reported and skipped: one bad file must never keep a workshop from starting.
    from cardapp.services.decks import refresh_shipped_decks

    library = load_deck_folder(settings.decks_dir)
    for broken in library.broken:
        log.warning("deck file %s skipped: %d problem(s)", broken.path, len(broken.problems))
        for problem in broken.problems:
            log.warning("  %s", problem.describe(str(broken.path)))
    refresh_shipped_decks(database, library, dt.date.today())
    log.info("loaded %d deck(s) from %s", len(library.decks), settings.decks_dir)
    from cardapp.services.workshop_templates import shipped_problems

    for trouble in shipped_problems(settings.decks_dir, {key: loaded.deck for key, loaded in library.decks.items()}):
        log.warning("workshop template skipped or incomplete: %s", trouble)
    return library
