"""`cardapp i18n`: keep the gettext catalogues of the interface in step (docs/translating.md)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from cardapp.cli.environment import fail

if TYPE_CHECKING:
    from cardapp.i18n.extraction import KeyUse


@click.group()
def i18n() -> None:
    """Update, create and check the interface's translation catalogues."""


@i18n.command()
def update() -> None:
    """Regenerate messages.pot from the English and merge it into every language (changed English turns fuzzy)."""
    from cardapp.i18n.maintenance import update as update_catalogues

    for line in update_catalogues():
        click.echo(line)


@i18n.command()
@click.argument("language")
def init(language: str) -> None:
    """Start a catalogue for LANGUAGE (a code such as nn, da, sv, se) from messages.pot."""
    from babel import Locale, UnknownLocaleError

    from cardapp.i18n.maintenance import init as init_catalogue

    try:
        Locale.parse(language)
        path = init_catalogue(language)
    except (ValueError, UnknownLocaleError):
        fail(f"{language!r} is not a language code Babel knows")
    except FileExistsError as error:
        fail(str(error))
    click.echo(f"{path}: created; translate it, add the language's own name to "
               "cardapp.i18n.LANGUAGE_NAMES if missing, then run `cardapp i18n check`")


@i18n.command()
def check() -> None:
    """Every catalogue complete (no missing, fuzzy or empty entry, same placeholders, right plural forms),
    and every literal key used in code, templates and scripts present; one line per problem, exit 1 if any."""
    problems = _catalogue_problems() + [f"{use.path}:{use.line}: {use.key}: no such key in the English catalogue"
                                        for use in _unknown_uses()]
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"cardapp: {len(problems)} translation problem(s)", err=True)
        sys.exit(1)
    click.echo("interface catalogues: no problems")


@i18n.command()
def extract() -> None:
    """Run Babel's extraction (babel.cfg) and list the keys used in code that the English catalogue lacks."""
    from cardapp.i18n.extraction import used_keys

    uses = used_keys()
    unknown = _unknown_uses()
    for use in unknown:
        click.echo(f"{use.path}:{use.line}: {use.key}")
    keys = len({use.key for use in uses})
    click.echo(f"{len(uses)} uses of {keys} literal keys; {len(unknown)} not in the catalogue")
    if unknown:
        sys.exit(1)


def _catalogue_problems() -> list[str]:
    from cardapp.i18n.checks import catalogue_problems

    return catalogue_problems()


def _unknown_uses() -> list[KeyUse]:
    from cardapp.i18n import catalogue
    from cardapp.i18n.extraction import unknown_keys

    english = catalogue("en")
    return unknown_keys(set(english.singular) | set(english.plural))



