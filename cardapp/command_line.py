"""What every `cardapp` command shares: settings from the environment, and configuration errors
as one readable line naming the variable instead of a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from cardapp.config import ConfigError, Settings, settings_from

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
