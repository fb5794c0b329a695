"""The deck file format: typed models that are the single source of truth.

A deck is JSON text. These models validate it, and the committed JSON Schema in
`decks/deck.schema.json` is generated from them (`cardapp decks schema`).
Every text a person reads is a map from language code to text, and a deck must
provide each text in every language it declares; that rule needs the deck's own
language list, so it is checked through the validation context (see
`cardapp.domain.deck_validation`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from cardapp.domain.plain_text import has_hidden_characters

SCHEMA_VERSION = 1

MAX_DECK_BYTES = 2 * 1024 * 1024
MAX_THEMES = 100
MAX_CARDS = 1000
MAX_LIST_ITEMS = 12
SHORT_TEXT = 160
TEXT = 700
LONG_TEXT = 2000
MAX_MINUTES = 240

# Session planning on cards: how deep a card goes, and who it is written for.
INTENSITIES: tuple[str, ...] = ("light", "medium", "deep")
AUDIENCES: tuple[str, ...] = ("everyone", "leaders", "representatives", "hr")
Intensity = Literal["light", "medium", "deep"]
Audience = Literal["everyone", "leaders", "representatives", "hr"]

# Decks hold text only (promise 9): markup, links and script-like schemes are
# refused so that nothing in a deck can load from or point to another site.
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
_LINK = re.compile(r"(?i)\b(?:https?|ftp|file|data|javascript|vbscript)\s*:|\bwww\.")


def _hidden(value: str) -> bool:
    # Control and invisible format characters (`plain_text.py`); a deck text may hold line breaks.
    return has_hidden_characters(value, lines_allowed=True)


def is_plain_text(value: str) -> bool:
    """True when `value` holds no markup, link, control or invisible format character (as every deck
    text must)."""
    return not (_MARKUP.search(value) or _LINK.search(value) or _hidden(value))


def _text_only(value: str) -> str:
    if _MARKUP.search(value):
        raise PydanticCustomError("markup", "text only: HTML or other markup is not allowed")
    if _LINK.search(value):
        raise PydanticCustomError("link", "text only: links and web addresses are not allowed")
    if _hidden(value):
        raise PydanticCustomError("control_character", "text contains an invisible control character")
    return value


def _in_deck_languages(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    languages = (info.context or {}).get("languages")
    if not languages:
        return value
    undeclared = sorted(set(value) - set(languages))
    if undeclared:
        raise PydanticCustomError(
            "undeclared_language",
            "text in a language the deck does not declare: {languages}",
            {"languages": undeclared},
        )
    missing = [language for language in languages if language not in value]
    if missing:
        raise PydanticCustomError(
            "missing_translation",
            "missing text for language {languages}",
            {"languages": missing},
        )
    return value


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=2, max_length=64)
]


def _limited(max_length: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


_LOCALIZED = Field(json_schema_extra={"x-localized": True})

# One text per language code; the deck's own language list is checked through the context.
ShortText: TypeAlias = Annotated[
    dict[LanguageCode, Annotated[str, _limited(SHORT_TEXT), AfterValidator(_text_only)]],
    AfterValidator(_in_deck_languages),
    _LOCALIZED,
]
Text: TypeAlias = Annotated[
    dict[LanguageCode, Annotated[str, _limited(TEXT), AfterValidator(_text_only)]],
    AfterValidator(_in_deck_languages),
    _LOCALIZED,
]
LongText: TypeAlias = Annotated[
    dict[LanguageCode, Annotated[str, _limited(LONG_TEXT), AfterValidator(_text_only)]],
    AfterValidator(_in_deck_languages),
    _LOCALIZED,
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _each_once(value: list[str]) -> list[str]:
    repeated = sorted({item for item in value if value.count(item) > 1})
    if repeated:
        raise PydanticCustomError(
            "repeated_item", "{items} listed more than once", {"items": ", ".join(repr(item) for item in repeated)}
        )
    return value


class _CardBase(_Strict):
    id: Slug
    content_note: Text | None = Field(
        default=None, description="Shown before the card; the facilitator decides when to show the card."
    )
    minutes: Annotated[int, Field(strict=True, ge=1, le=MAX_MINUTES)] | None = Field(
        default=None, description="About how many minutes the card takes in a workshop: a whole number from 1 to 240."
    )
    intensity: Intensity | None = Field(
        default=None, description="How hard the card is to talk about: light, medium or deep."
    )
    audience: Annotated[list[Audience], AfterValidator(_each_once)] | None = Field(
        default=None, min_length=1, max_length=len(AUDIENCES),
        description="Who the card is written for: everyone, leaders, representatives (safety and union "
        "representatives) and/or hr.",
    )


class QuestionCard(_CardBase):
    """A conversation card: an open question for reflection."""

    kind: Literal["question"]
    prompt: Text
    follow_ups: list[Text] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    notes: LongText = Field(description="Facilitator notes: what the card opens up, what to watch for.")


class StatementCard(_CardBase):
    """A short statement or scenario people take a private stance on."""

    kind: Literal["statement"]
    text: Text
    scale: Literal["ok_not_ok", "agree_disagree"] = Field(
        default="ok_not_ok",
        description="ok_not_ok: OK / Not OK / It depends / Unsure; agree_disagree: Agree / Disagree / Both / Unsure.",
    )
    prompts: list[Text] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    notes: LongText | None = Field(default=None, description="What the law or good practice says.")


class PowerCard(_CardBase):
    """A statement for the power walk, answered Yes, No or Pass."""

    kind: Literal["power"]
    text: Text
    dimension: Slug = Field(description="The id of one of the deck's dimensions.")
    sensitive: bool = Field(
        default=False,
        description="The answer could stand for someone's identity, health or class in a small room: left out "
        "of an 'as yourself' walk unless the facilitator includes it knowingly.",
    )
    notes: LongText | None = None


class RoleCard(_CardBase):
    """A persona for the power walk's role-card mode."""

    kind: Literal["role"]
    name: ShortText
    description: Text
    notes: LongText | None = None


class RiskCard(_CardBase):
    """A risk factor, situation or group for risk mapping."""

    kind: Literal["risk"]
    name: ShortText
    description: Text
    examples: list[Text] = Field(min_length=1, max_length=MAX_LIST_ITEMS)
    notes: LongText | None = None


Card = Annotated[
    QuestionCard | StatementCard | PowerCard | RoleCard | RiskCard,
    Field(discriminator="kind"),
]
CARD_KINDS: tuple[str, ...] = ("question", "statement", "power", "role", "risk")
# The field that carries a card's main text: what the room reads and what must not repeat.
MAIN_TEXT_FIELDS: tuple[str, ...] = ("prompt", "text", "name")


class Theme(_Strict):
    id: Slug
    title: ShortText
    description: Text | None = None
    content_note: Text | None = None
    cards: list[Card] = Field(min_length=1, max_length=MAX_CARDS)


class Dimension(_Strict):
    """A dimension of power that power cards refer to."""

    id: Slug
    title: ShortText
    description: Text | None = None


class GlossaryEntry(_Strict):
    id: Slug
    term: ShortText
    definition: Text


class Deck(_Strict):
    """A deck of cards in one or more languages."""

    schema_version: Literal[1]
    id: Slug
    title: ShortText
    description: Text
    languages: list[LanguageCode] = Field(min_length=1, max_length=20)
    author: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    license: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    dimensions: list[Dimension] = Field(default_factory=list, max_length=30)
    debrief: list[Text] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS,
        description="Questions for the room after a power walk's picture is shown, in every language of the deck.",
    )
    glossary: list[GlossaryEntry] = Field(default_factory=list, max_length=200)
    themes: list[Theme] = Field(min_length=1, max_length=MAX_THEMES)

    def cards(self) -> list[Card]:
        """Every card of the deck, theme by theme."""
        return [card for theme in self.themes for card in theme.cards]


def deck_json_schema() -> dict[str, Any]:
    """The JSON Schema of the deck format, as committed in decks/deck.schema.json."""
    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "deck.schema.json"
    schema["title"] = "cardapp deck"
    return schema
