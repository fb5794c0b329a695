"""Command-line interface: serve, users, db and workshops; the decks commands are in deck_commands.

Errors are one readable line, never a traceback."""

from __future__ import annotations

import sys
from typing import Any

import click

from cardapp.command_line import environment_settings, readable_errors
from cardapp.deck_commands import decks


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """cardapp: conversation cards and anonymous exercises for safer workplaces."""


@cli.command()
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

    from cardapp.services import accounts

    database = app.extensions["cardapp.database"]
    if accounts.admin_exists(database):
        return
    token = accounts.create_setup_link(database, dt.datetime.now(dt.UTC))
    link = f"{app.config['CARDAPP'].base_url}/setup/{token}"
    logging.getLogger("cardapp").warning(
        "no admin account yet: open %s to create the first admin (one-time link, valid for 24 hours)", link
    )


@cli.group()
def users() -> None:
    """Accounts for facilitators, organisers and admins."""


@users.command("create")
@click.option("--email", help="Invite this person (default: a link to create the first admin).")
@click.option("--role", type=click.Choice(["admin", "organiser", "facilitator"]), default="facilitator",
              show_default=True)
@click.option("--organisation", "organisation_name", help="Their organisation; created when it does not exist.")
@readable_errors
def create_user(email: str | None, role: str, organisation_name: str | None) -> None:
    """Print a one-time link that lets a person set their own password (no password is ever printed)."""
    import datetime as dt

    from cardapp.domain.accounts import Actor, Role
    from cardapp.services import accounts
    from cardapp.services.errors import ServiceError
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    settings = environment_settings()
    upgrade_database(settings.database_url)
    database = Database(settings.database_url)
    now = dt.datetime.now(dt.UTC)
    # The command line acts with the server's own authority: whoever can run it owns the server.
    system = Actor(user_id=0, role=Role.ADMIN, organisation_id=None)
    try:
        if email is None:
            token = accounts.create_setup_link(database, now)
            click.echo(f"Open this one-time link to create the first admin (valid 24 hours):\n"
                       f"{settings.base_url}/setup/{token}")
            return
        organisation_id = None
        if organisation_name:
            known = {o.name.lower(): o.id for o in accounts.list_organisations(database, system)}
            organisation_id = known.get(" ".join(organisation_name.split()).lower()) or \
                accounts.create_organisation(database, system, organisation_name, now.date()).id
        token = accounts.invite(database, system, email, Role(role), organisation_id, now)
    except ServiceError as error:
        from cardapp.i18n import translate

        click.echo(f"cardapp: {translate(error.key, 'en', **error.params)}", err=True)
        sys.exit(1)
    finally:
        database.dispose()
    click.echo(f"Send this one-time invitation link to {email} (valid 7 days):\n"
               f"{settings.base_url}/invitation/{token}")


@cli.group()
def db() -> None:
    """Database migrations."""


@db.command()
@readable_errors
def upgrade() -> None:
    """Apply every migration the database does not have yet."""
    from cardapp.store.migrate import current_revision, upgrade_database

    url = environment_settings().database_url
    upgrade_database(url)
    click.echo(f"database is at revision {current_revision(url)}")


@db.command()
@readable_errors
def current() -> None:
    """Print the database's migration revision and the newest one cardapp has."""
    from cardapp.store.migrate import current_revision, head_revision

    click.echo(f"database: {current_revision(environment_settings().database_url)}; newest: {head_revision()}")


@db.command()
@click.option("-m", "--message", required=True, help="What the migration changes.")
@readable_errors
def revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database (developers)."""
    from cardapp.store.migrate import new_revision

    new_revision(environment_settings().database_url, message)


@cli.group()
def workshops() -> None:
    """Workshops and their reports."""


@workshops.command("purge-expired")
@readable_errors
def purge_expired() -> None:
    """End workshops left open for days, then delete reports past their retention period (for cron)."""
    import datetime as dt

    from cardapp.server import configure_logging
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    settings = environment_settings()
    configure_logging(settings.log_level)
    upgrade_database(settings.database_url)
    database = Database(settings.database_url)
    try:
        from cardapp.domain.report import ABANDONED_AFTER_DAYS
        from cardapp.retention_job import purge_expired as run_once

        ended, deleted = run_once(database, dt.date.today())
    finally:
        database.dispose()
    click.echo(f"Ended {ended} workshop(s) left open for more than {ABANDONED_AFTER_DAYS} days.")
    click.echo(f"Deleted {deleted} workshop(s) whose report was past its organisation's retention period.")


cli.add_command(decks)
