"""Printable cards: a deck (or some of its themes and kinds) as A4 sheets, as a page or a PDF.

Whoever may read a deck may print it; nothing about participants is involved. The PDF is made by
WeasyPrint in a separate process (see pdf_worker.py), so that the server's event loop keeps serving
the room while pages are laid out, and at most a few are made at once.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Actor
from cardapp.domain.card_sheets import (
    InvalidSheetRequest,
    SheetPage,
    SheetRequest,
    lay_out,
    printed_cards,
    sheet_request_from,
)
from cardapp.domain.deck_format import CARD_KINDS, Deck
from cardapp.i18n import DEFAULT_LANGUAGE, supported_language, texts_with_prefix
from cardapp.services import decks
from cardapp.services.decks import DeckSummary
from cardapp.services.errors import ServiceError
from cardapp.store.database import Database

STYLESHEET = PROJECT_ROOT / "static" / "css" / "card_sheets.css"
WORKER = Path(__file__).with_name("pdf_worker.py")
# Two PDFs at once at most (the machine may have two cores and a room to serve); a third request
# waits this long for a turn, then is told to try again.
_RENDERING = threading.BoundedSemaphore(2)
WAIT_FOR_TURN_SECONDS = 20
RENDER_TIMEOUT_SECONDS = 120

log = logging.getLogger("cardapp.print")


class PrintBusy(ServiceError):
    status = 503
    code = "busy"


class PrintFailed(ServiceError):
    status = 500
    code = "server_error"


@dataclass(frozen=True)
class PrintFields:
    """A print form's fields as sent: checked against the deck by the domain."""

    language: str
    per_page: str = "4"
    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    blanks: str = "0"
    back: str = "questions"


@dataclass(frozen=True)
class CardSheets:
    """What is printed: the deck's title in the cards' language, the pages, and the words around the cards."""

    deck_slug: str
    deck_title: str
    author: str
    request: SheetRequest
    pages: tuple[SheetPage, ...]
    card_count: int
    labels: dict[str, str]

    @property
    def file_name(self) -> str:
        return f"{self.deck_slug}-{self.request.language}-cards.pdf"


def sheets_for_deck(deck: Deck, fields: PrintFields) -> CardSheets:
    """The sheets of a deck already opened; ServiceError (400) names the first problem with the fields."""
    try:
        request = sheet_request_from(deck, fields.language, fields.per_page, fields.themes, fields.kinds,
                                     fields.blanks, fields.back)
    except InvalidSheetRequest as invalid:
        raise ServiceError(invalid.key, **invalid.params) from None
    cards = printed_cards(deck, request)
    return CardSheets(
        deck_slug=deck.id, deck_title=deck.title[request.language], author=deck.author, request=request,
        pages=tuple(lay_out(cards, request.per_page, request.two_sided)),
        card_count=len(cards) - request.blanks, labels=sheet_labels(request.language),
    )


def card_sheets(database: Database, actor: Actor | None, deck_id: int, fields: PrintFields) -> CardSheets:
    """The sheets of a deck the actor may read (NotFound otherwise, as for the deck's page)."""
    _summary, deck = decks.open_deck(database, actor, deck_id)
    return sheets_for_deck(deck, fields)


def printable_deck(database: Database, actor: Actor | None, deck_id: int) -> tuple[DeckSummary, Deck]:
    """The deck whose print form is shown: any deck the actor may read."""
    return decks.open_deck(database, actor, deck_id)


def sheet_labels(language: str) -> dict[str, str]:
    """The words printed around the cards, in the cards' language where the interface has it (nn -> nb)."""
    label_language = supported_language(language) or DEFAULT_LANGUAGE
    labels = texts_with_prefix("print.sheet.", label_language)
    labels.update(texts_with_prefix("card.kind.", label_language))
    labels.update(texts_with_prefix("decks.", label_language))
    return labels


def kinds_in(deck: Deck) -> list[str]:
    """The kinds of card the deck has, in the format's order."""
    present = {card.kind for card in deck.cards()}
    return [kind for kind in CARD_KINDS if kind in present]


@cache
def _templates() -> jinja2.Environment:
    # The same template files as the pages, without Flask: the command line prints with no app.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(PROJECT_ROOT / "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def sheet_document(sheets: CardSheets) -> str:
    """The sheets as one HTML document, as the PDF renderer reads it."""
    return _templates().get_template("decks/card_sheets_document.html").render(sheets=sheets, labels=sheets.labels)


def render_pdf(sheets: CardSheets) -> bytes:
    """The sheets as PDF bytes, made in a separate process; PrintBusy when two are being made already."""
    return pdf_from_html(sheet_document(sheets))


def pdf_from_html(html: str, stylesheets: Iterable[Path] = (STYLESHEET,)) -> bytes:
    """Run the WeasyPrint worker on `html`; PrintBusy or PrintFailed when it cannot."""
    if not _RENDERING.acquire(timeout=WAIT_FOR_TURN_SECONDS):
        raise PrintBusy("print.error.busy")
    try:
        finished = subprocess.run(
            [sys.executable, str(WORKER), *(str(path) for path in stylesheets)],
            input=html.encode("utf-8"), capture_output=True, timeout=RENDER_TIMEOUT_SECONDS, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.error("printable cards: the PDF worker did not finish: %s", error)
        raise PrintFailed("print.error.failed") from None
    finally:
        _RENDERING.release()
    if finished.returncode != 0 or not finished.stdout.startswith(b"%PDF"):
        # The worker's own words (deck text never reaches stderr: WeasyPrint reports CSS and fetches).
        log.error("printable cards: the PDF worker failed (exit %s): %s", finished.returncode,
                  finished.stderr.decode("utf-8", "replace")[-500:])
        raise PrintFailed("print.error.failed")
    return finished.stdout
