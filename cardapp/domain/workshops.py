"""Workshop rules: room codes, the choices a card offers, tallies and the anonymity threshold."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from cardapp.domain.deck_format import MAIN_TEXT_FIELDS, is_plain_text
from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_line, has_hidden_characters

# No 0/O, 1/I/L: a code is read aloud across a room and typed on phones.
ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ROOM_CODE_LENGTH = 6

CHOICES_BY_SCALE: dict[str, tuple[str, ...]] = {
    "ok_not_ok": ("ok", "not_ok", "depends", "unsure"),
    "agree_disagree": ("agree", "disagree", "both", "unsure"),
}
MAX_REFLECTION_LENGTH = 500


class WorkshopError(Exception):
    """A rule of the running workshop was broken; `code` is stable, `key` names the message."""

    code = "bad_request"

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class AnswersClosed(WorkshopError):
    code = "answers_closed"


class NotCurrentItem(WorkshopError):
    code = "not_current_item"


class InvalidChoice(WorkshopError):
    code = "invalid_payload"


class WorkshopNotOpen(WorkshopError):
    code = "workshop_not_open"


def new_room_code(rng: random.Random | None = None) -> str:
    chooser = rng or random.SystemRandom()
    return "".join(chooser.choice(ROOM_CODE_ALPHABET) for _ in range(ROOM_CODE_LENGTH))


def normalised_room_code(typed: str) -> str | None:
    """The code as stored, from what a person typed (spaces, dashes and case ignored), or None."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) == ROOM_CODE_LENGTH and all(ch in ROOM_CODE_ALPHABET for ch in code):
        return code
    return None


def choices_for(card: Mapping[str, Any]) -> tuple[str, ...]:
    """The stances a phone offers for a card; a question card offers none."""
    if card.get("kind") != "statement":
        return ()
    return CHOICES_BY_SCALE[str(card.get("scale", "ok_not_ok"))]


def localized(texts: Mapping[str, str] | None, language: str, fallback: str) -> str | None:
    """A deck text in `language`, else the fallback language, else any language it has."""
    if not texts:
        return None
    return texts.get(language) or texts.get(fallback) or next(iter(texts.values()), None)


def typed_text(text: str, max_length: int, what: str) -> str:
    """Text a facilitator typed during a workshop, on one line; refused when empty, too long or not
    plain text (no links or markup, as in decks, nor invisible characters). `what` names the messages:
    `socket.<what>_length` and `socket.<what>_text_only`."""
    cleaned = folded_line(text)
    if not 1 <= len(cleaned) <= max_length:
        raise InvalidChoice(f"socket.{what}_length")
    if has_hidden_characters(cleaned):
        raise InvalidChoice(HIDDEN_CHARACTERS)
    if not is_plain_text(cleaned):
        raise InvalidChoice(f"socket.{what}_text_only")
    return cleaned


def text_language(texts: Mapping[str, str] | None, language: str, fallback: str) -> str:
    """The language `localized` picks for these texts, for the page's `lang` attribute."""
    if not texts or language in texts:
        return language
    return fallback if fallback in texts else next(iter(texts))


def card_title(card: Mapping[str, Any], language: str) -> str:
    """A card's main text in `language` (or any it has), for agendas and reports."""
    return localized(card_main_text(card), language, language) or ""


def card_main_text(card: Mapping[str, Any]) -> Mapping[str, str]:
    """The main text of a card stored as JSON (an agenda copy), by language."""
    for field in MAIN_TEXT_FIELDS:
        if field in card:
            value: Mapping[str, str] = card[field]
            return value
    return {}


AgendaCopy = tuple[str, str, str]  # (card id, kind, the card's JSON)


def bundle_in_place(items: list[AgendaCopy], first_of: str, absorbed: set[str], bundle: AgendaCopy) -> list[AgendaCopy]:
    """`items` with every item of an `absorbed` kind gone and `bundle` where the first `first_of` was.

    An exercise that gathers many chosen cards (a power walk, a risk map) becomes one agenda item.
    """
    agenda: list[AgendaCopy] = []
    placed = False
    for item in items:
        if item[1] == first_of and not placed:
            agenda.append(bundle)
            placed = True
        elif item[1] not in absorbed:
            agenda.append(item)
    return agenda


def draw_cards(card_ids: list[str], count: int, rng: random.Random | None = None) -> list[str]:
    """`count` cards drawn at random from `card_ids`, in the order drawn."""
    chooser = rng or random.SystemRandom()
    return chooser.sample(card_ids, min(count, len(card_ids)))


def phones_in_room(joined_not_left: int, answered: int) -> int:
    """The M of "N of M answered": phones that joined and have not left (a locked screen or a lost
    connection has not left), and never fewer than N, since a phone that answered and then left
    was in the room for this question."""
    return max(joined_not_left, answered)
