"""Workshop templates: an agenda with planned minutes, an opening script and a closing script.

Two kinds share one shape once opened. A shipped template is a JSON file in `decks/templates/` that
refers to the shipped decks' cards by their ids (so a deck's wording is kept in one place); an
organisation's own template holds copies of its agenda items, as a workshop does, so later deck
edits never change it. Both are checked here, with no database: minutes, texts, references.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cardapp.domain.deck_format import Deck, is_plain_text
from cardapp.domain.numbers import whole_number

# A discussion planned for more than two hours is a typing mistake, not a plan.
MAX_ITEM_MINUTES = 120
MAX_TEMPLATE_ITEMS = 60
MAX_SCRIPT_LENGTH = 4000
MAX_TEMPLATE_TITLE = 200
MAX_TEMPLATE_BYTES = 256 * 1024
SHIPPED_PREFIX, OWN_PREFIX = "shipped:", "own:"

Minutes = Annotated[int, Field(ge=1, le=MAX_ITEM_MINUTES)]
Slug = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class InvalidTemplate(ValueError):
    """A template or a typed value that cannot be used; `key` names the message, `params` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _checked_texts(texts: Mapping[str, str], languages: list[str], what: str, longest: int) -> None:
    for language in languages:
        text = texts.get(language, "")
        if not text.strip():
            raise ValueError(f"{what} has no text in {language!r}")
        if len(text) > longest or not is_plain_text(text):
            raise ValueError(f"{what} in {language!r} is too long or not plain text")


class ShippedItem(_Closed):
    """One agenda item: cards of one deck (several only when they gather into one walk or risk map)."""

    deck: Slug
    cards: list[Slug] = Field(min_length=1, max_length=80)
    minutes: Minutes
    walk_mode: Literal["self", "roles"] = "self"


class ShippedTemplate(_Closed):
    """A template file as shipped beside the decks; every text in every language it declares."""

    id: Slug
    title: dict[str, str]
    description: dict[str, str]
    languages: list[Literal["en", "nb"]] = Field(min_length=1)
    opening: dict[str, str]
    closing: dict[str, str]
    items: list[ShippedItem] = Field(min_length=1, max_length=MAX_TEMPLATE_ITEMS)

    @model_validator(mode="after")
    def _every_language(self) -> ShippedTemplate:
        _checked_texts(self.title, list(self.languages), "title", MAX_TEMPLATE_TITLE)
        _checked_texts(self.description, list(self.languages), "description", MAX_SCRIPT_LENGTH)
        _checked_texts(self.opening, list(self.languages), "opening", MAX_SCRIPT_LENGTH)
        _checked_texts(self.closing, list(self.languages), "closing", MAX_SCRIPT_LENGTH)
        return self

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)


class SavedItem(_Closed):
    """One agenda item of an organisation's template: the copy of its card, as the workshop had it."""

    card_id: str = Field(min_length=1, max_length=64)
    kind: str = Field(min_length=1, max_length=16)
    card: dict[str, object]
    minutes: Minutes | None = None


class SavedTemplate(_Closed):
    """What an organisation's template keeps: its items and its scripts in the language it was saved in."""

    language: str = Field(min_length=2, max_length=8)
    languages: list[str] = Field(min_length=1)
    opening: str = Field(default="", max_length=MAX_SCRIPT_LENGTH)
    closing: str = Field(default="", max_length=MAX_SCRIPT_LENGTH)
    items: list[SavedItem] = Field(min_length=1, max_length=MAX_TEMPLATE_ITEMS)

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes or 0 for item in self.items)


@dataclass
class TemplateLibrary:
    """The shipped templates found in a folder, by id, and the files that could not be used."""

    templates: dict[str, ShippedTemplate] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)  # file name -> what is wrong


def load_template_folder(folder: Path) -> TemplateLibrary:
    """Every `*.json` of `folder` that validates; a broken file is reported, never fatal."""
    library = TemplateLibrary()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise ValueError("the file is too big")
            template = ShippedTemplate.model_validate(json.loads(raw))
        except (OSError, ValueError, ValidationError) as problem:
            library.broken[path.name] = str(problem).splitlines()[0]
            continue
        if template.id in library.templates:
            library.broken[path.name] = f"the id {template.id!r} is used twice"
            continue
        library.templates[template.id] = template
    return library


def unresolved_references(template: ShippedTemplate, decks: Mapping[str, Deck]) -> list[str]:
    """Each deck or card the template names that the decks do not have, as `deck/card`."""
    missing = []
    for item in template.items:
        deck = decks.get(item.deck)
        if deck is None:
            missing.append(item.deck)
            continue
        known = {card.id for card in deck.cards()}
        missing.extend(f"{item.deck}/{card_id}" for card_id in item.cards if card_id not in known)
    return missing


def typed_minutes(text: str | None) -> int | None:
    """Planned minutes typed on a form: empty is "not planned"; anything but 1 to 120 is refused."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    minutes = whole_number(cleaned, largest=10_000)
    if minutes is None or not 1 <= minutes <= MAX_ITEM_MINUTES:
        raise InvalidTemplate("runsheet.bad_minutes", value=cleaned[:20], largest=MAX_ITEM_MINUTES)
    return minutes


def typed_script(text: str | None) -> str:
    """An opening or closing script typed on a form: plain text, line breaks kept, within the limit."""
    cleaned = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()
    if len(cleaned) > MAX_SCRIPT_LENGTH:
        raise InvalidTemplate("runsheet.script_too_long", largest=MAX_SCRIPT_LENGTH)
    if not is_plain_text(cleaned):
        raise InvalidTemplate("runsheet.script_text_only")
    return cleaned


def typed_title(text: str | None) -> str:
    """A template's name: one line, 1 to 200 characters, plain text."""
    cleaned = " ".join((text or "").split())
    if not 1 <= len(cleaned) <= MAX_TEMPLATE_TITLE:
        raise InvalidTemplate("runsheet.bad_title", largest=MAX_TEMPLATE_TITLE)
    if not is_plain_text(cleaned):
        raise InvalidTemplate("runsheet.script_text_only")
    return cleaned
