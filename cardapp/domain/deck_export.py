"""Decks as files and decks in the library: the shipped file format, and finding decks by what they hold."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cardapp.domain.deck_format import Deck

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Fields that hold ids and choices rather than words a person would search for.
_NOT_TEXT = frozenset({"id", "kind", "scale", "dimension", "intensity", "audience", "minutes", "sensitive"})


def deck_file_text(deck: Deck) -> str:
    """The deck as a file in the shipped format: UTF-8 JSON, two-space indent, defaults left out."""
    data = deck.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def deck_file_name(deck: Deck) -> str:
    """`<deck id>.json`, the name the shipped decks use."""
    return f"{deck.id}.json"


def free_slug(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever is not taken (ids stay valid slugs)."""
    base = _NOT_SLUG.sub("-", wanted.lower()).strip("-")[:60] or "deck"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@dataclass(frozen=True)
class LibraryFilter:
    """What a person looks for in the deck library; empty fields match everything."""

    text: str = ""
    theme: str = ""
    kind: str = ""
    language: str = ""

    @property
    def active(self) -> bool:
        return bool(self.text or self.theme or self.kind or self.language)


def deck_matches(deck: Deck, wanted: LibraryFilter) -> bool:
    """Whether a deck has the language, a theme whose title holds `theme`, a card of `kind` and the text."""
    if wanted.language and wanted.language not in deck.languages:
        return False
    themes = deck.themes
    if wanted.theme:
        needle = _folded(wanted.theme)
        themes = [t for t in themes if any(needle in _folded(title) for title in t.title.values())]
        if not themes:
            return False
    cards = [card for theme in themes for card in theme.cards]
    if wanted.kind:
        cards = [card for card in cards if card.kind == wanted.kind]
        if not cards:
            return False
    if not wanted.text:
        return True
    needle = _folded(wanted.text)
    if not (wanted.theme or wanted.kind) and any(
        needle in _folded(text) for text in _texts(deck.model_dump(include={"title", "description"}))
    ):
        return True
    return any(needle in _folded(text) for card in cards for text in _texts(card.model_dump()))


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _texts(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_TEXT:
                yield from _texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _texts(value)
