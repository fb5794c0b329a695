"""`cardapp serve`: run the server, and print the set-up link while no admin exists."""

from __future__ import annotations

from typing import Any

import click

from cardapp.cli.environment import environment_settings, readable_errors


@click.command()
@readable_errors
def serve() -> None:
    """Run the server (Flask-SocketIO on eventlet, or gevent with CARDAPP_ASYNC_MODE=gevent)."""
    settings = environment_settings()
    from cardapp import create_app
    from cardapp.server import configure_logging
    from cardapp.server import serve as run

    configure_logging(settings.log_level)
    app = create_app()
    _announce_setup_link(app)
    run(app)


def _announce_setup_link(app: Any) -> None:
    """While no admin exists, every start prints a fresh one-time link to create the first one."""
    import datetime as dt
    import logging

    from cardapp import extensions
    from cardapp.services import accounts

    database = extensions.database.of(app)
    if accounts.admin_exists(database):
        return
    token = accounts.create_setup_link(database, dt.datetime.now(dt.UTC))
    link = f"{app.config['CARDAPP'].base_url}/setup/{token}"
    logging.getLogger("cardapp").warning(
        "no admin account yet: open %s to create the first admin (one-time link, valid for 24 hours)", link
    )
