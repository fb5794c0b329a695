"""Validation a person can act on: every problem in a deck at once, each with its JSON path."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from cardapp.domain.deck_format import (
    MAIN_TEXT_FIELDS,
    MAX_DECK_BYTES,
    SCHEMA_VERSION,
    Deck,
    PowerCard,
)


@dataclass(frozen=True)
class DeckProblem:
    """One fault in a deck: where it is (a JSON path such as `$.themes[2].id`) and what is wrong."""

    where: str
    message: str

    def describe(self, source: str) -> str:
        """The problem as one line for a person: `decks/x.json: $.id: message`."""
        return f"{source}: {self.where}: {self.message}"


@dataclass(frozen=True)
class DeckCheck:
    """The outcome of validating one deck text: the deck when valid, otherwise its problems."""

    deck: Deck | None
    problems: tuple[DeckProblem, ...]

    @property
    def valid(self) -> bool:
        return self.deck is not None and not self.problems


def json_path(location: Iterable[str | int]) -> str:
    """`("themes", 2, "id")` -> `$.themes[2].id`."""
    path = "$"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def check_deck_bytes(raw: bytes) -> DeckCheck:
    """Validate a deck file's bytes: size, encoding, JSON syntax, format and cross-references."""
    if len(raw) > MAX_DECK_BYTES:
        return _failed(
            "$", f"file is {len(raw):,} bytes; a deck may be at most {MAX_DECK_BYTES:,} bytes"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _failed("$", f"file is not UTF-8 text (byte {error.start})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return _failed("$", f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")
    return check_deck_data(data)


def check_deck_data(data: Any) -> DeckCheck:
    """Validate parsed JSON data as a deck."""
    if not isinstance(data, dict):
        return _failed("$", "a deck must be a JSON object")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        return _failed(
            "$.schema_version",
            f"unsupported schema_version {version!r}; this cardapp reads version {SCHEMA_VERSION}",
        )
    languages = _declared_languages(data.get("languages"))
    try:
        deck = Deck.model_validate(data, context={"languages": languages})
    except ValidationError as error:
        return DeckCheck(None, tuple(_problems_from(error)))
    problems = tuple(_cross_reference_problems(deck))
    return DeckCheck(None if problems else deck, problems)


def _failed(where: str, message: str) -> DeckCheck:
    return DeckCheck(None, (DeckProblem(where, message),))


def _declared_languages(value: Any) -> list[str] | None:
    # Only a well-formed list is used to check translations; a malformed one is
    # reported by the model itself at $.languages.
    if isinstance(value, list) and value and all(isinstance(code, str) for code in value):
        return list(dict.fromkeys(value))
    return None


def _problems_from(error: ValidationError) -> Iterator[DeckProblem]:
    for detail in error.errors(include_url=False):
        location = [part for part in detail["loc"] if not _is_union_tag(part)]
        context = detail.get("ctx") or {}
        if detail["type"] == "missing_translation":
            for language in context["languages"]:
                yield DeckProblem(json_path([*location, language]), f"missing text for language {language}")
        elif detail["type"] == "undeclared_language":
            for language in context["languages"]:
                yield DeckProblem(
                    json_path([*location, language]),
                    f"text in language {language}, which the deck does not list in $.languages",
                )
        else:
            yield DeckProblem(json_path(location), _readable(detail))


_CARD_KIND_TAGS = {"question", "statement", "power", "role", "risk"}


def _is_union_tag(part: str | int) -> bool:
    # Pydantic puts the discriminator value into the location of a card's
    # errors; a person reading a JSON path does not expect it there.
    return isinstance(part, str) and part in _CARD_KIND_TAGS


def _readable(detail: Any) -> str:
    kind = detail["type"]
    context = detail.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against decks/deck.schema.json"
    if kind == "union_tag_invalid":
        return f"unknown card kind {context.get('tag')!r}; expected one of {context.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "card has no kind; expected one of 'question', 'statement', 'power', 'role', 'risk'"
    if kind == "string_too_long":
        return f"text is too long: at most {context.get('max_length')} characters"
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        return "text is empty" if minimum == 1 else f"too short: at least {minimum} characters"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number, such as 10"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind == "greater_than_equal":
        return f"must be at least {context.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {context.get('le')}"
    if kind == "literal_error":
        return f"must be one of: {str(context.get('expected', '')).replace(' or ', ', ')}"
    if kind == "list_type":
        return "must be a list, such as [\"everyone\"]"
    if kind == "too_short":
        minimum = context.get("min_length")
        return "the list needs at least one item" if minimum == 1 else f"the list needs at least {minimum} items"
    if kind == "string_pattern_mismatch":
        return "must be a lowercase id of letters, digits and single hyphens (for example 'power-and-roles')"
    message: str = detail["msg"]
    return message[0].lower() + message[1:] if message else kind


def _cross_reference_problems(deck: Deck) -> Iterator[DeckProblem]:
    yield from _duplicates("themes", [(("themes", t), theme.id) for t, theme in enumerate(deck.themes)])
    card_ids = [
        (("themes", t, "cards", c, "id"), card.id)
        for t, theme in enumerate(deck.themes)
        for c, card in enumerate(theme.cards)
    ]
    yield from _duplicates("cards", card_ids)
    yield from _duplicates("dimensions", [(("dimensions", d, "id"), dim.id) for d, dim in enumerate(deck.dimensions)])
    yield from _duplicates("glossary", [(("glossary", g, "id"), entry.id) for g, entry in enumerate(deck.glossary)])
    dimensions = {dimension.id for dimension in deck.dimensions}
    for t, theme in enumerate(deck.themes):
        for c, card in enumerate(theme.cards):
            if isinstance(card, PowerCard) and card.dimension not in dimensions:
                yield DeckProblem(
                    json_path(("themes", t, "cards", c, "dimension")),
                    f"unknown dimension {card.dimension!r}; declare it in $.dimensions",
                )
    yield from _repeated_card_texts(deck)


def _duplicates(
    what: str, located_ids: Sequence[tuple[tuple[str | int, ...], str]]
) -> Iterator[DeckProblem]:
    counts = Counter(identifier for _, identifier in located_ids)
    for location, identifier in located_ids:
        if counts[identifier] > 1:
            where = location if location[-1] == "id" else (*location, "id")
            yield DeckProblem(json_path(where), f"id {identifier!r} is used more than once in {what}")


def _repeated_card_texts(deck: Deck) -> Iterator[DeckProblem]:
    first_seen: dict[tuple[str, str], str] = {}
    for t, theme in enumerate(deck.themes):
        for c, card in enumerate(theme.cards):
            field, texts = card_main_text(card)
            for language, text in texts.items():
                key = (language, " ".join(text.lower().split()))
                if key in first_seen:
                    yield DeckProblem(
                        json_path(("themes", t, "cards", c, field, language)),
                        f"same text as card {first_seen[key]!r}",
                    )
                else:
                    first_seen[key] = card.id


def card_main_text(card: Any) -> tuple[str, dict[str, str]]:
    """The field that carries a card's main text, and its texts by language."""
    for field in MAIN_TEXT_FIELDS:
        value = getattr(card, field, None)
        if value is not None:
            return field, value
    raise ValueError(f"card kind {card.kind!r} has no main text")
