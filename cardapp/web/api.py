"""The JSON API for programs and the pages' scripts. Errors come in the one error shape."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf

from cardapp.callers import current_actor
from cardapp.domain.deck_format import MAX_DECK_BYTES
from cardapp.services import deck_editing, decks
from cardapp.services.decks import DeckSummary
from cardapp.services.errors import DeckInvalid, ServiceError
from cardapp.web.context import database, service_error_page
from cardapp.web.errors import error_response
from cardapp.web.language import _

blueprint = Blueprint("api", __name__, url_prefix="/api")


def _deck_json(summary: DeckSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "slug": summary.slug,
        "title": summary.title,
        "languages": list(summary.languages),
        "shipped": summary.shipped,
        "organisation_id": summary.organisation_id,
    }


@blueprint.get("/session")
def session_info() -> ResponseReturnValue:
    """Who is signed in, and the CSRF token that state-changing requests must send as X-CSRFToken."""
    actor = current_actor()
    user = None if actor is None else {"id": actor.user_id, "role": actor.role.value,
                                       "organisation_id": actor.organisation_id}
    return jsonify({"user": user, "csrf_token": generate_csrf()})


@blueprint.get("/decks")
def deck_list() -> ResponseReturnValue:
    return jsonify({"decks": [_deck_json(d) for d in decks.visible_decks(database(), current_actor())]})


@blueprint.get("/decks/<int:deck_id>")
def deck_detail(deck_id: int) -> ResponseReturnValue:
    try:
        summary, deck = decks.open_deck(database(), current_actor(), deck_id)
    except ServiceError as error:
        return service_error_page(error)
    return jsonify({**_deck_json(summary), "deck": deck.model_dump(mode="json", exclude_none=True)})


@blueprint.post("/decks")
def import_deck() -> ResponseReturnValue:
    """Store a deck file in the caller's organisation: the JSON as the body, or a form file named `deck`."""
    actor = current_actor()
    if actor is None:
        return error_response(401, "unauthorized", _("error.unauthorized.message"))
    upload = request.files.get("deck")
    raw = upload.read(MAX_DECK_BYTES + 1) if upload else request.get_data(cache=False)
    try:
        summary = deck_editing.import_deck_file(database(), actor, raw, dt.date.today())
    except DeckInvalid as invalid:
        problems = [{"path": p.where, "message": p.message} for p in invalid.problems]
        message = _(invalid.key, **invalid.params)
        return jsonify({"error": {"code": invalid.code, "message": message, "problems": problems}}), 422
    except ServiceError as error:
        return service_error_page(error)
    return jsonify(_deck_json(summary)), 201
