"""`cardapp decks`: check, describe, import and export deck files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cardapp.cli.environment import environment_settings, readable_errors

if TYPE_CHECKING:
    from cardapp.domain.deck_format import Deck


@click.group()
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

    folder = folder or environment_settings().decks_dir
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
        for theme in item["themes"]:  # a new or emptied theme shows at a glance
            click.echo(f"  {theme['id']}: " + ", ".join(f"{count} {kind}" for kind, count in theme["cards"].items()))
    for broken in report["broken"]:
        click.echo(f"{broken['path']}: skipped, {len(broken['problems'])} problem(s)")


@decks.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--organisation", "organisation_name", required=True, help="The organisation the deck belongs to.")
@click.option("--replace", is_flag=True, help="Update the organisation's deck with the same id, if there is one.")
@readable_errors
def import_deck(path: Path, organisation_name: str, replace: bool) -> None:
    """Store a deck file in an organisation; every problem is printed and nothing is stored when invalid."""
    import datetime as dt

    from cardapp.cli.organisations import find_organisation_id
    from cardapp.domain.accounts import Actor, Role
    from cardapp.domain.deck_format import MAX_DECK_BYTES
    from cardapp.i18n import translate
    from cardapp.services import deck_editing
    from cardapp.services.errors import DeckInvalid, ServiceError
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    settings = environment_settings()
    upgrade_database(settings.database_url)
    database = Database(settings.database_url, settings.instance_path / "pulse_keys")
    try:
        # The command line acts as an organiser of the named organisation: whoever runs it owns the server.
        actor = Actor(user_id=0, role=Role.ORGANISER, organisation_id=find_organisation_id(database, organisation_name))
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

    deck = _find_deck(deck_id, organisation_name)
    text = deck_file_text(deck)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")
        click.echo(f"wrote {output}")


@decks.command("print")
@click.argument("deck_id")
@click.option("--language", "-l", required=True, help="The language of the cards: one the deck has, such as nb.")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The PDF to write.")
@click.option("--per-page", type=click.Choice(["4", "8"]), default="4", show_default=True, help="Cards per A4 page.")
@click.option("--theme", "themes", multiple=True, help="Only this theme (by id); repeat for more. Default: all.")
@click.option("--kind", "kinds", multiple=True, help="Only this kind of card; repeat for more. Default: all.")
@click.option("--blanks", default="0", show_default=True, help="Blank cards with lines for the group's own dilemmas.")
@click.option("--back", type=click.Choice(["questions", "notes", "none"]), default="questions", show_default=True,
              help="What the backs carry: follow-up questions; those and the facilitator notes; or nothing.")
@click.option("--organisation", "organisation_name", help="Whose deck it is (default: a shipped deck).")
@readable_errors
def print_cards(deck_id: str, language: str, output: Path, per_page: str, themes: tuple[str, ...],
                kinds: tuple[str, ...], blanks: str, back: str, organisation_name: str | None) -> None:
    """Write a deck's printable cards as an A4 PDF (backs mirrored for double-sided, long edge)."""
    from cardapp.i18n import translate
    from cardapp.services import card_sheets
    from cardapp.services.errors import ServiceError

    deck = _find_deck(deck_id, organisation_name)
    fields = card_sheets.PrintFields(language, per_page, themes, kinds, blanks, back)
    try:
        sheets = card_sheets.sheets_for_deck(deck, fields)
        data = card_sheets.render_pdf(sheets)
    except ServiceError as error:
        click.echo(f"cardapp: {translate(error.key, 'en', **error.params)}", err=True)
        sys.exit(1)
    output.write_bytes(data)
    click.echo(f"wrote {output}: {sheets.card_count} cards and {sheets.request.blanks} blank cards "
               f"on {len(sheets.pages)} pages")


def _find_deck(deck_id: str, organisation_name: str | None) -> Deck:
    from cardapp.cli.organisations import find_organisation_id
    from cardapp.domain.accounts import Actor, Role
    from cardapp.domain.deck_library import load_deck_folder
    from cardapp.services import decks as deck_service
    from cardapp.services.errors import NotFound
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    settings = environment_settings()
    deck: Deck | None = None
    if organisation_name is None:
        loaded = load_deck_folder(settings.decks_dir).decks.get(deck_id)
        deck = loaded.deck if loaded else None
    else:
        upgrade_database(settings.database_url)
        database = Database(settings.database_url, settings.instance_path / "pulse_keys")
        try:
            # As with export: the command line acts as an organiser of the named organisation.
            actor = Actor(user_id=0, role=Role.ORGANISER,
                          organisation_id=find_organisation_id(database, organisation_name))
            _summary, deck = deck_service.open_deck_by_slug(database, actor, deck_id)
        except NotFound:
            deck = None
        finally:
            database.dispose()
    if deck is None:
        where = f"organisation {organisation_name!r}" if organisation_name else "the shipped decks"
        click.echo(f"cardapp: there is no deck {deck_id!r} in {where}", err=True)
        sys.exit(1)
    return deck


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
