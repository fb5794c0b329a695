"""Printable cards: which cards go on A4 sheets, in which language, and where each lands on the page.

Fronts carry the card (and its content note); backs carry its follow-up questions, prompts or examples,
and the facilitator notes when asked for. Backs are mirrored so that, printed double-sided and
flipped on the long edge, each back lands behind its own front. Blank cards with lines let a group
write its own dilemmas.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cardapp.domain.deck_format import (
    CARD_KINDS,
    Card,
    Deck,
    PowerCard,
    QuestionCard,
    RiskCard,
    StatementCard,
    Theme,
)
from cardapp.domain.numbers import whole_number

# Two columns of cards: 2 rows make 4 a page (about A6), 4 rows make 8 a page.
PER_PAGE_CHOICES: tuple[int, ...] = (4, 8)
COLUMNS = 2
MAX_BLANKS = 48
# One PDF holds at most this many cards, blanks included: 60 sheets at 4 a page, 120 pages double-sided.
# The biggest shipped deck has 137 cards; rendering grows with the cards, and a request must not be
# able to keep the server busy for minutes.
MAX_SHEET_CARDS = 240
BLANK = "blank"


class BackSide(enum.StrEnum):
    """What the back of each card carries."""

    QUESTIONS = "questions"  # follow-up questions, discussion prompts or examples: what a group may read
    NOTES = "notes"  # the same and the facilitator notes: a facilitator's own set
    NONE = "none"  # fronts only, printed single-sided


class InvalidSheetRequest(ValueError):
    """A print request the sheets cannot honour; `key` names the message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class SheetRequest:
    """What to print, checked against the deck: empty themes or kinds mean all of them."""

    language: str
    per_page: int = 4
    themes: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    blanks: int = 0
    back: BackSide = BackSide.QUESTIONS

    @property
    def two_sided(self) -> bool:
        return self.back is not BackSide.NONE


def sheet_request_from(deck: Deck, language: str, per_page: str = "4", themes: Iterable[str] = (),
                       kinds: Iterable[str] = (), blanks: str = "0", back: str = "questions") -> SheetRequest:
    """The request from a form's or a command's fields, or InvalidSheetRequest naming the first problem."""
    if language not in deck.languages:
        raise InvalidSheetRequest("print.error.language", wanted=language[:20], languages=", ".join(deck.languages))
    count = whole_number(per_page.strip(), largest=99)
    if count not in PER_PAGE_CHOICES:
        raise InvalidSheetRequest("print.error.per_page", value=per_page[:20])
    wanted_themes = frozenset(value for value in themes if value)
    unknown_themes = sorted(wanted_themes - {theme.id for theme in deck.themes})
    if unknown_themes:
        raise InvalidSheetRequest("print.error.theme", value=unknown_themes[0][:80])
    wanted_kinds = frozenset(value for value in kinds if value)
    unknown_kinds = sorted(wanted_kinds - set(CARD_KINDS))
    if unknown_kinds:
        raise InvalidSheetRequest("print.error.kind", value=unknown_kinds[0][:80])
    blank_count = whole_number(blanks.strip() or "0", largest=10**6)
    if blank_count is None or blank_count > MAX_BLANKS:
        raise InvalidSheetRequest("print.error.blanks", value=blanks[:20], limit=MAX_BLANKS)
    try:
        back_side = BackSide(back)
    except ValueError:
        raise InvalidSheetRequest("print.error.back", value=back[:20]) from None
    request = SheetRequest(language, count, wanted_themes, wanted_kinds, blank_count, back_side)
    total = len(chosen_cards(deck, request)) + blank_count
    if total == 0:
        raise InvalidSheetRequest("print.error.nothing")
    if total > MAX_SHEET_CARDS:
        raise InvalidSheetRequest("print.error.too_many", count=total, limit=MAX_SHEET_CARDS)
    return request


def chosen_cards(deck: Deck, request: SheetRequest) -> list[tuple[Theme, Card]]:
    """The deck's cards of the chosen themes and kinds, in deck order."""
    return [(theme, card) for theme in deck.themes if not request.themes or theme.id in request.themes
            for card in theme.cards if not request.kinds or card.kind in request.kinds]


@dataclass(frozen=True)
class PrintedCard:
    """One card as printed, all text in one language; `fit` steps (0 largest to 3 smallest) size the type."""

    number: int
    kind: str
    theme: str = ""
    text: str = ""
    description: str = ""
    content_note: str = ""
    sensitive: bool = False
    list_kind: str = ""  # follow_ups, prompts or examples: what `items` are
    items: tuple[str, ...] = ()
    notes: str = ""
    notes_shortened: bool = False
    front_fit: int = 0
    back_fit: int = 0

    @property
    def blank(self) -> bool:
        return self.kind == BLANK

    @property
    def has_back(self) -> bool:
        return bool(self.items or self.notes)


# About how many characters fit on one card at each type step, from rendering the shipped decks: the
# step is the first whose capacity holds the text. Past the last, facilitator notes are shortened
# (ending in "…") rather than running off the card; the deck page always has them whole.
_CAPACITY: dict[int, tuple[int, ...]] = {4: (520, 820, 1250, 1700), 8: (240, 400, 620, 940)}


def _fit(length: int, per_page: int) -> int:
    steps = _CAPACITY[per_page]
    return next((step for step, capacity in enumerate(steps) if length <= capacity), len(steps) - 1)


def _shortened(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    cut = text[:max(room - 1, 0)].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return cut + "…"


def printed_card(number: int, theme: Theme, card: Card, request: SheetRequest) -> PrintedCard:
    """The card's texts in the request's language, sized to fit its place on the sheet."""
    tl = request.language
    text = description = ""
    list_kind = ""
    items: Sequence[dict[str, str]] = ()
    if isinstance(card, QuestionCard):
        text, items, list_kind = card.prompt[tl], card.follow_ups, "follow_ups"
    elif isinstance(card, StatementCard):
        text, items, list_kind = card.text[tl], card.prompts, "prompts"
    elif isinstance(card, PowerCard):
        text = card.text[tl]
    else:
        text, description = card.name[tl], card.description[tl]
        if isinstance(card, RiskCard):
            items, list_kind = card.examples, "examples"
    note = card.content_note or theme.content_note
    content_note = note[tl] if note else ""
    listed = tuple(item[tl] for item in items) if request.two_sided else ()
    notes = card.notes[tl] if request.back is BackSide.NOTES and card.notes else ""
    capacity = _CAPACITY[request.per_page][-1]
    room = capacity - sum(len(item) + 20 for item in listed) - 40
    shown_notes = _shortened(notes, max(room, 0)) if notes else ""
    front_length = len(text) + len(description) + len(content_note) + 40
    back_length = sum(len(item) + 20 for item in listed) + len(shown_notes) + 40
    return PrintedCard(
        number=number, kind=card.kind, theme=theme.title[tl], text=text, description=description,
        content_note=content_note, sensitive=isinstance(card, PowerCard) and card.sensitive, list_kind=list_kind,
        items=listed, notes=shown_notes, notes_shortened=shown_notes != notes,
        front_fit=_fit(front_length, request.per_page), back_fit=_fit(back_length, request.per_page),
    )


def printed_cards(deck: Deck, request: SheetRequest) -> list[PrintedCard]:
    """Every chosen card, then the blank ones, numbered in print order."""
    cards = [printed_card(number, theme, card, request)
             for number, (theme, card) in enumerate(chosen_cards(deck, request), start=1)]
    first_blank = len(cards) + 1
    cards += [PrintedCard(number=first_blank + index, kind=BLANK) for index in range(request.blanks)]
    return cards


class Side(enum.StrEnum):
    FRONT = "front"
    BACK = "back"


@dataclass(frozen=True)
class SheetPage:
    """One printed page: `rows` of COLUMNS slots; an empty slot (None) is left blank on paper."""

    side: Side
    number: int  # the sheet of paper this page is on, from 1
    rows: tuple[tuple[PrintedCard | None, ...], ...]


def lay_out(cards: Sequence[PrintedCard], per_page: int, two_sided: bool) -> list[SheetPage]:
    """Pages in print order: each front page, then (double-sided) its back page mirrored left to right.

    Flipped on the long edge, a portrait sheet's left column comes out on the right of the back, so
    each row of the back holds the same cards in reverse order.
    """
    if per_page not in PER_PAGE_CHOICES:
        raise ValueError(f"per_page must be one of {PER_PAGE_CHOICES}")
    pages: list[SheetPage] = []
    for sheet in range(math.ceil(len(cards) / per_page)):
        chunk: list[PrintedCard | None] = list(cards[sheet * per_page:(sheet + 1) * per_page])
        chunk += [None] * (per_page - len(chunk))
        rows = tuple(tuple(chunk[start:start + COLUMNS]) for start in range(0, per_page, COLUMNS))
        pages.append(SheetPage(Side.FRONT, sheet + 1, rows))
        if two_sided:
            pages.append(SheetPage(Side.BACK, sheet + 1, tuple(tuple(reversed(row)) for row in rows)))
    return pages


def page_count(card_count: int, per_page: int, two_sided: bool) -> int:
    """How many A4 pages `card_count` cards take."""
    return math.ceil(card_count / per_page) * (2 if two_sided else 1)
