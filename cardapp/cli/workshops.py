"""`cardapp workshops`: the retention job, for cron."""

from __future__ import annotations

import click

from cardapp.cli.environment import environment_settings, migrated_database, readable_errors


@click.group()
def workshops() -> None:
    """Workshops and their reports."""


@workshops.command("purge-expired")
@readable_errors
def purge_expired() -> None:
    """End workshops left open for days, then delete reports past their retention period (for cron)."""
    import datetime as dt

    from cardapp.domain.report import ABANDONED_AFTER_DAYS
    from cardapp.retention_job import purge_expired as run_once
    from cardapp.server import configure_logging

    settings = environment_settings()
    configure_logging(settings.log_level)
    with migrated_database(settings) as database:
        ended, deleted = run_once(database, dt.date.today())
    click.echo(f"Ended {ended} workshop(s) left open for more than {ABANDONED_AFTER_DAYS} days.")
    click.echo(f"Deleted {deleted} workshop(s) whose report was past its organisation's retention period.")
