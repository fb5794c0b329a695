"""`cardapp db`: database migrations."""

from __future__ import annotations

import click

from cardapp.cli.environment import environment_settings, readable_errors


@click.group()
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
