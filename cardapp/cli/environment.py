"""What every `cardapp` command shares: settings from the environment, configuration errors as one
readable line naming the variable instead of a traceback, and the database the command works on."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from cardapp.config import ConfigError, Settings, settings_from

if TYPE_CHECKING:
    from cardapp.domain.accounts import Actor
    from cardapp.services.errors import ServiceError
    from cardapp.store.database import Database

F = TypeVar("F", bound=Callable[..., Any])


def environment_settings() -> Settings:
    return settings_from(os.environ)


def readable_errors(command: F) -> F:
    """Turn a configuration error into one line naming the variable, and exit 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigError as error:
            click.echo(f"cardapp: configuration error: {error}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@contextmanager
def migrated_database(settings: Settings) -> Iterator[Database]:
    """The configured database, brought up to the newest migration, disposed of afterwards."""
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    upgrade_database(settings.database_url)
    database = Database(settings.database_url, settings.instance_path / "pulse_keys")
    try:
        yield database
    finally:
        database.dispose()


def server_authority() -> Actor:
    """The command line acts with the server's own authority: whoever can run it owns the server."""
    from cardapp.domain.accounts import Actor, Role

    return Actor(user_id=0, role=Role.ADMIN, organisation_id=None)


def fail(message: str) -> NoReturn:
    """One line on standard error, prefixed with the program's name, and exit 1."""
    click.echo(f"cardapp: {message}", err=True)
    sys.exit(1)


def fail_with(error: ServiceError) -> NoReturn:
    """A service's refusal in English, as one line, and exit 1."""
    from cardapp.i18n import translate

    fail(translate(error.key, "en", **error.params))
