"""Reading a folder of deck files: valid decks are kept, broken files are reported, never fatal."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardapp.domain.deck_format import CARD_KINDS, Deck
from cardapp.domain.deck_validation import DeckProblem, check_deck_bytes

SCHEMA_FILE_NAME = "deck.schema.json"


@dataclass(frozen=True)
class LoadedDeck:
    deck: Deck
    path: Path | None
    sha256: str


@dataclass(frozen=True)
class BrokenDeckFile:
    path: Path
    problems: tuple[DeckProblem, ...]


@dataclass
class DeckLibrary:
    """The decks found in a folder, by id, and the files that could not be used."""

    decks: dict[str, LoadedDeck] = field(default_factory=dict)
    broken: list[BrokenDeckFile] = field(default_factory=list)


def deck_files(folder: Path) -> list[Path]:
    """The deck files of a folder: every *.json except the schema and files starting with '_'."""
    return sorted(
        path
        for path in folder.glob("*.json")
        if path.name != SCHEMA_FILE_NAME and not path.name.startswith(("_", "."))
    )


def load_deck_file(path: Path) -> LoadedDeck | BrokenDeckFile:
    """Read and validate one deck file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return BrokenDeckFile(path, (DeckProblem("$", f"cannot read the file: {error.strerror}"),))
    result = check_deck_bytes(raw)
    if result.deck is None:
        return BrokenDeckFile(path, result.problems)
    return LoadedDeck(result.deck, path, hashlib.sha256(raw).hexdigest())


def load_deck_folder(folder: Path) -> DeckLibrary:
    """Every deck file in a folder; a broken file or a repeated deck id is reported and skipped."""
    library = DeckLibrary()
    for path in deck_files(folder):
        loaded = load_deck_file(path)
        if isinstance(loaded, BrokenDeckFile):
            library.broken.append(loaded)
        elif loaded.deck.id in library.decks:
            first = library.decks[loaded.deck.id].path.name  # type: ignore[union-attr]
            library.broken.append(
                BrokenDeckFile(path, (DeckProblem("$.id", f"deck id {loaded.deck.id!r} is also used by {first}"),))
            )
        else:
            library.decks[loaded.deck.id] = loaded
    return library


def missing_translations(data: Any, languages: Iterable[str]) -> int:
    """How many texts in a deck's JSON data lack one of the languages (0 for a valid deck)."""
    wanted = set(languages)
    if isinstance(data, list):
        return sum(missing_translations(item, wanted) for item in data)
    if not isinstance(data, dict):
        return 0
    if data and wanted & set(data) and all(isinstance(value, str) for value in data.values()):
        return len(wanted - set(data))
    return sum(missing_translations(value, wanted) for value in data.values())


def deck_stats(loaded: LoadedDeck, root: Path | None = None) -> dict[str, Any]:
    """Counts of one deck, in the shape `cardapp decks stats --json` prints."""
    deck = loaded.deck
    path = loaded.path
    if path is not None and root is not None and path.is_relative_to(root):
        path = path.relative_to(root)
    themes = [
        {"id": theme.id, "cards": _count_kinds(card.kind for card in theme.cards)} for theme in deck.themes
    ]
    return {
        "id": deck.id,
        "path": str(path) if path is not None else None,
        "languages": list(deck.languages),
        "themes": themes,
        "cards": _count_kinds(card.kind for card in deck.cards()),
        "glossary": len(deck.glossary),
        "missing_translations": missing_translations(deck.model_dump(mode="json"), deck.languages),
    }


def _count_kinds(kinds: Iterable[str]) -> dict[str, int]:
    counts = Counter(kinds)
    return {kind: counts[kind] for kind in CARD_KINDS if counts[kind]}
