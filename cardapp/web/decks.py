"""Reading decks in the browser: the shipped ones for everyone, an organisation's own for its people."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from cardapp.services import decks
from cardapp.services.errors import ServiceError
from cardapp.web.auth import current_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.language import current_language

blueprint = Blueprint("decks", __name__, url_prefix="/decks")


@blueprint.get("/")
def deck_list() -> ResponseReturnValue:
    actor = current_actor()
    shown = []
    for summary in decks.visible_decks(database(), actor):
        _summary, deck = decks.open_deck(database(), actor, summary.id)
        shown.append((summary, deck))
    return render_template("decks/list.html", decks=shown)


@blueprint.get("/<int:deck_id>")
def deck_page(deck_id: int) -> ResponseReturnValue:
    try:
        summary, deck = decks.open_deck(database(), current_actor(), deck_id)
    except ServiceError as error:
        return service_error_page(error)
    language = current_language()
    text_language = language if language in deck.languages else deck.languages[0]
    return render_template("decks/deck.html", deck=deck, summary=summary, tl=text_language)
