"""The `cardapp` command line: one module per command group, errors as one readable line, never a traceback."""

from __future__ import annotations

import click

from cardapp.cli.backup import backup
from cardapp.cli.db import db
from cardapp.cli.decks import decks
from cardapp.cli.i18n import i18n
from cardapp.cli.serve import serve
from cardapp.cli.users import users
from cardapp.cli.workshops import workshops


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """cardapp: conversation cards and anonymous exercises for safer workplaces."""


for command in (serve, db, users, decks, workshops, backup, i18n):
    cli.add_command(command)
