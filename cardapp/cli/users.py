"""`cardapp users`: one-time links for the first admin and invitations, never a password."""

from __future__ import annotations

import click

from cardapp.cli.environment import environment_settings, fail, fail_with, migrated_database, readable_errors


@click.group()
def users() -> None:
    """Accounts for facilitators, organisers and admins."""


@users.command("create")
@click.option("--email", help="Invite this person (default: a link to create the first admin).")
@click.option("--role", type=click.Choice(["admin", "organiser", "facilitator"]), default="facilitator",
              show_default=True)
@click.option("--organisation", "organisation", metavar="NAME_OR_ID",
              help="Their organisation, by name or id; it must exist.")
@click.option("--create-organisation", "new_organisation", metavar="NAME",
              help="Create this organisation and invite them into it.")
@readable_errors
def create_user(email: str | None, role: str, organisation: str | None, new_organisation: str | None) -> None:
    """Print a one-time link that lets a person set their own password (no password is ever printed)."""
    import datetime as dt

    from cardapp.cli.environment import server_authority
    from cardapp.cli.organisations import find_organisation_id
    from cardapp.domain.accounts import Role
    from cardapp.services import accounts
    from cardapp.services.errors import ServiceError

    if organisation and new_organisation:
        fail("give either --organisation (one that exists) or --create-organisation (a new one), not both")
    settings = environment_settings()
    now = dt.datetime.now(dt.UTC)
    with migrated_database(settings) as database:
        try:
            if email is None:
                if organisation or new_organisation:
                    fail("the first admin names their organisation on the set-up page: leave out --email "
                         "and the organisation options, or invite someone with --email")
                token = accounts.create_setup_link(database, now)
                click.echo(f"Open this one-time link to create the first admin and your organisation "
                           f"(valid 24 hours):\n{settings.base_url}/setup/{token}")
                return
            chosen: int | None = None
            if organisation:
                advice = f" To create it, use --create-organisation {organisation!r}."
                chosen = find_organisation_id(database, organisation, advice)
            elif new_organisation:
                created = accounts.create_organisation(database, server_authority(), new_organisation, now.date())
                click.echo(f"Created the organisation {created.name!r} (id {created.id}).")
                chosen = created.id
            token = accounts.invite(database, server_authority(), email, Role(role), chosen, now)
        except ServiceError as error:
            fail_with(error)
    click.echo(f"Send this one-time invitation link to {email} (valid 7 days):\n"
               f"{settings.base_url}/invitation/{token}")


@users.command("reset-link")
@click.option("--email", required=True, help="The person whose password is to be chosen again.")
@readable_errors
def reset_link(email: str) -> None:
    """Print a link to choose a new password (valid one hour, usable once); nothing is emailed.

    For an admin who forgot their own password on a server that sends no email.
    """
    import datetime as dt

    from cardapp.cli.environment import server_authority
    from cardapp.i18n import translate
    from cardapp.services import accounts, password_resets
    from cardapp.services.errors import ServiceError

    settings = environment_settings()
    address = email.strip().lower()
    with migrated_database(settings) as database:
        try:
            found = [user for user in accounts.list_users(database, server_authority()) if user.email == address]
            if not found:
                fail(translate("account.no_such_user", "en"))
            token, _email = password_resets.make_reset_link(database, server_authority(), found[0].id,
                                                            dt.datetime.now(dt.UTC))
        except ServiceError as error:
            fail_with(error)
    click.echo(f"Send this one-time link to {address} (valid 1 hour):\n{settings.base_url}/password/reset/{token}")
