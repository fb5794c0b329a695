"""Command-line interface: serve, db and decks. Errors are one readable line, never a traceback."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from cardapp.config import ConfigError, Settings, settings_from

F = TypeVar("F", bound=Callable[..., Any])


def _settings() -> Settings:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """cardapp: conversation cards and anonymous exercises for safer workplaces."""


@cli.command()
@readable_errors
def serve() -> None:
    """Run the server (Flask-SocketIO on eventlet, or gevent with CARDAPP_ASYNC_MODE=gevent)."""
    settings = _settings()
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

    settings = _settings()
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

    url = _settings().database_url
    upgrade_database(url)
    click.echo(f"database is at revision {current_revision(url)}")


@db.command()
@readable_errors
def current() -> None:
    """Print the database's migration revision and the newest one cardapp has."""
    from cardapp.store.migrate import current_revision, head_revision

    click.echo(f"database: {current_revision(_settings().database_url)}; newest: {head_revision()}")


@db.command()
@click.option("-m", "--message", required=True, help="What the migration changes.")
@readable_errors
def revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database (developers)."""
    from cardapp.store.migrate import new_revision

    new_revision(_settings().database_url, message)


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

    settings = _settings()
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


@cli.group()
def decks() -> None:
    """Check, describe, import and export deck files."""


@decks.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check deck files; print every problem with its JSON path; exit 1 if there is any."""
    from cardapp.domain.deck_library import SCHEMA_FILE_NAME, BrokenDeckFile, load_deck_file

    failed = 0
    for path in paths:
        if path.name == SCHEMA_FILE_NAME:
            click.echo(f"{path}: skipped (the deck format's JSON Schema, not a deck)")
            continue
        if not path.is_file():
            click.echo(f"{path}: $: no such file", err=True)
            failed += 1
            continue
        loaded = load_deck_file(path)
        if isinstance(loaded, BrokenDeckFile):
            failed += 1
            for problem in loaded.problems:
                click.echo(problem.describe(str(path)), err=True)
        else:
            click.echo(f"{path}: ok ({len(loaded.deck.cards())} cards, {', '.join(loaded.deck.languages)})")
    if failed:
        click.echo(f"{failed} of {len(paths)} file(s) have problems", err=True)
        sys.exit(1)


@decks.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of decks (default: the shipped decks, or CARDAPP_DECKS_DIR).")
@readable_errors
def stats(as_json: bool, folder: Path | None) -> None:
    """Count themes, cards and missing translations of every deck in the folder."""
    from cardapp.domain.deck_library import deck_stats, load_deck_folder

    folder = folder or _settings().decks_dir
    library = load_deck_folder(folder)
    root = folder.resolve().parent
    report = {
        "decks": [deck_stats(loaded, root) for loaded in library.decks.values()],
        "broken": [
            {"path": str(broken.path), "problems": [problem.describe(str(broken.path)) for problem in broken.problems]}
            for broken in library.broken
        ],
    }
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for item in report["decks"]:
        kinds = ", ".join(f"{count} {kind}" for kind, count in item["cards"].items())
        click.echo(f"{item['id']}: {len(item['themes'])} themes, {kinds}; "
                   f"missing translations: {item['missing_translations']}")
    for broken in report["broken"]:
        click.echo(f"{broken['path']}: skipped, {len(broken['problems'])} problem(s)")


def _organisation_id(database: Any, name: str) -> int:
    """The id of the organisation called `name` (any case), or exit 1 with a readable line."""
    from cardapp.domain.accounts import Actor, Role
    from cardapp.services import accounts

    system = Actor(user_id=0, role=Role.ADMIN, organisation_id=None)
    known = {o.name.lower(): o.id for o in accounts.list_organisations(database, system)}
    found = known.get(" ".join(name.split()).lower())
    if found is None:
        click.echo(f"cardapp: there is no organisation called {name!r}", err=True)
        sys.exit(1)
    return found


@decks.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--organisation", "organisation_name", required=True, help="The organisation the deck belongs to.")
@click.option("--replace", is_flag=True, help="Update the organisation's deck with the same id, if there is one.")
@readable_errors
def import_deck(path: Path, organisation_name: str, replace: bool) -> None:
    """Store a deck file in an organisation; every problem is printed and nothing is stored when invalid."""
    import datetime as dt

    from cardapp.domain.accounts import Actor, Role
    from cardapp.domain.deck_format import MAX_DECK_BYTES
    from cardapp.i18n import translate
    from cardapp.services import deck_editing
    from cardapp.services.errors import DeckInvalid, ServiceError
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    settings = _settings()
    upgrade_database(settings.database_url)
    database = Database(settings.database_url)
    try:
        # The command line acts as an organiser of the named organisation: whoever runs it owns the server.
        actor = Actor(user_id=0, role=Role.ORGANISER, organisation_id=_organisation_id(database, organisation_name))
        with path.open("rb") as deck_file:
            raw = deck_file.read(MAX_DECK_BYTES + 1)
        stored = deck_editing.import_deck_file(database, actor, raw, dt.date.today(), replace=replace)
    except DeckInvalid as invalid:
        for problem in invalid.problems:
            click.echo(problem.describe(str(path)), err=True)
        click.echo(f"{path}: {translate(invalid.key, 'en', **invalid.params)}", err=True)
        sys.exit(1)
    except ServiceError as error:
        click.echo(f"cardapp: {translate(error.key, 'en', **error.params)}", err=True)
        sys.exit(1)
    finally:
        database.dispose()
    click.echo(f"{path}: stored as deck {stored.slug!r} of {organisation_name} (id {stored.id})")


@decks.command("export")
@click.argument("deck_id")
@click.option("--organisation", "organisation_name", help="Whose deck it is (default: a shipped deck).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file, not stdout.")
@readable_errors
def export_deck(deck_id: str, organisation_name: str | None, output: Path | None) -> None:
    """Print or write a deck in exactly the shipped file format (importing it gives the same deck)."""
    from cardapp.domain.deck_export import deck_file_text
    from cardapp.domain.deck_format import Deck
    from cardapp.domain.deck_library import load_deck_folder
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database
    from cardapp.store.models import StoredDeck

    settings = _settings()
    deck: Deck | None = None
    if organisation_name is None:
        loaded = load_deck_folder(settings.decks_dir).decks.get(deck_id)
        deck = loaded.deck if loaded else None
    else:
        from sqlalchemy import select

        upgrade_database(settings.database_url)
        database = Database(settings.database_url)
        try:
            organisation_id = _organisation_id(database, organisation_name)
            with database.transaction() as session:
                content = session.scalar(select(StoredDeck.content).where(
                    StoredDeck.organisation_id == organisation_id, StoredDeck.slug == deck_id))
            deck = Deck.model_validate_json(content) if content else None
        finally:
            database.dispose()
    if deck is None:
        where = f"organisation {organisation_name!r}" if organisation_name else "the shipped decks"
        click.echo(f"cardapp: there is no deck {deck_id!r} in {where}", err=True)
        sys.exit(1)
    text = deck_file_text(deck)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")
        click.echo(f"wrote {output}")


@decks.command()
@click.option("--write", is_flag=True, help="Write decks/deck.schema.json instead of printing it.")
@click.option("--check", is_flag=True, help="Exit 1 when decks/deck.schema.json is out of date.")
def schema(write: bool, check: bool) -> None:
    """The JSON Schema of the deck format, generated from the typed models."""
    from cardapp.config import PROJECT_ROOT
    from cardapp.domain.deck_format import deck_json_schema
    from cardapp.domain.deck_library import SCHEMA_FILE_NAME

    text = json.dumps(deck_json_schema(), indent=2, ensure_ascii=False) + "\n"
    target = PROJECT_ROOT / "decks" / SCHEMA_FILE_NAME
    if check:
        if not target.exists() or target.read_text("utf-8") != text:
            click.echo(f"{target} is out of date: run `cardapp decks schema --write`", err=True)
            sys.exit(1)
        click.echo(f"{target} is up to date")
    elif write:
        target.write_text(text, "utf-8")
        click.echo(f"wrote {target}")
    else:
        click.echo(text, nl=False)
