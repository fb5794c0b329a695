"""`cardapp users reset-link`: a password reset link from the command line, for an admin who forgot
their own password on a server that sends no email. Meant to join the `users` group at merge."""

from __future__ import annotations

import sys

import click

from cardapp.command_line import environment_settings, readable_errors


@click.command("reset-link")
@click.option("--email", required=True, help="The person whose password is to be chosen again.")
@readable_errors
def reset_link(email: str) -> None:
    """Print a link to choose a new password (valid one hour, usable once); nothing is emailed."""
    import datetime as dt

    from cardapp.domain.accounts import Actor, Role
    from cardapp.i18n import translate
    from cardapp.services import accounts, password_resets
    from cardapp.services.errors import ServiceError
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    settings = environment_settings()
    upgrade_database(settings.database_url)
    database = Database(settings.database_url)
    # The command line acts with the server's own authority: whoever can run it owns the server.
    system = Actor(user_id=0, role=Role.ADMIN, organisation_id=None)
    address = email.strip().lower()
    try:
        found = [user for user in accounts.list_users(database, system) if user.email == address]
        if not found:
            click.echo(f"cardapp: {translate('account.no_such_user', 'en')}", err=True)
            sys.exit(1)
        token, _email = password_resets.make_reset_link(database, system, found[0].id, dt.datetime.now(dt.UTC))
    except ServiceError as error:
        click.echo(f"cardapp: {translate(error.key, 'en', **error.params)}", err=True)
        sys.exit(1)
    finally:
        database.dispose()
    click.echo(f"Send this one-time link to {address} (valid 1 hour):\n{settings.base_url}/password/reset/{token}")
