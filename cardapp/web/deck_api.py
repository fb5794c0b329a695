"""The deck editor's JSON API: validation as you type, create, save (refused when stale), delete.

Errors come in the one error shape; an invalid deck adds every problem with its JSON path.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from flask import Blueprint, Flask, abort, jsonify, make_response, request
from flask.typing import ResponseReturnValue

from cardapp import extensions
from cardapp.callers import current_actor
from cardapp.domain.deck_format import MAX_DECK_BYTES
from cardapp.domain.deck_validation import DeckProblem
from cardapp.domain.rate_limits import RateLimit
from cardapp.services import deck_editing
from cardapp.services.decks import DeckSummary
from cardapp.services.errors import DeckInvalid, ServiceError
from cardapp.web.context import database, service_error_page
from cardapp.web.deck_problems import problem_message
from cardapp.web.errors import error_response
from cardapp.web.language import _, current_language
from cardapp.web.rate_keys import user_key_of

blueprint = Blueprint("deck_api", __name__, url_prefix="/api/decks")

# A deck file may be 2 MiB; the editor's JSON wraps it with a version and little else.
MAX_REQUEST_BYTES = MAX_DECK_BYTES + 64 * 1024

# Checks as you type, per signed-in person. The editor sends one a third of a second after the last
# change: measured in Chromium, fluent typing sends about 0.7 a second (one per word), and the worst
# case, a key every 380 ms (just past the pause), 2.1 a second. A burst of 60, then 2.5 a second, so
# typing is never slowed; what it stops is a script keeping the validator busy with 2 MiB decks.
CHECKS_BURST, CHECKS_PER_SECOND = 60, 2.5


def init_app(app: Flask) -> None:
    # Counted across processes when there are several, so another process is no way around it.
    extensions.deck_checks.bind(app, extensions.cluster.of(app).shared_limit(
        "deck_checks", "counting deck checks", RateLimit(CHECKS_BURST, CHECKS_PER_SECOND)))
    app.register_blueprint(blueprint)


def _summary_json(summary: DeckSummary) -> dict[str, Any]:
    return {"id": summary.id, "slug": summary.slug, "title": summary.title, "version": summary.version,
            "languages": list(summary.languages), "shipped": summary.shipped}


def _problems_json(problems: tuple[DeckProblem, ...] | list[DeckProblem]) -> list[dict[str, str]]:
    """`message` exactly as `cardapp decks validate` prints it; `shown` in the reader's language."""
    language = current_language()
    return [{"path": p.where, "message": p.message, "shown": problem_message(p, language)} for p in problems]


def _json_body() -> dict[str, Any]:
    """The request's JSON object with a `deck`; a too large or malformed body ends the request here."""
    if (request.content_length or 0) > MAX_REQUEST_BYTES:
        abort(make_response(error_response(413, "too_large", _("deck.too_large", limit=MAX_DECK_BYTES // 1024))))
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep: malformed for our purposes
        body = None
    if not isinstance(body, dict) or "deck" not in body:
        abort(make_response(error_response(400, "bad_request", _("editor.api.no_deck"))))
    return body


def _api_error(error: ServiceError) -> ResponseReturnValue:
    if isinstance(error, DeckInvalid):
        return jsonify({"error": {"code": error.code, "message": _(error.key, **error.params),
                                  "problems": _problems_json(error.problems)}}), error.status
    if error.key == "deck.changed_elsewhere":
        # Its own code, so the editor offers to reload rather than to retry.
        return error_response(409, "deck_changed", _(error.key))
    return service_error_page(error)


@blueprint.post("/check")
def check() -> ResponseReturnValue:
    """Validate a draft as you type: the same problems as `cardapp decks validate`; nothing is stored."""
    actor = current_actor()
    if actor is None:
        return error_response(401, "unauthorized", _("error.unauthorized.message"))
    limit, key = extensions.deck_checks.get(), user_key_of(actor.user_id)
    if not limit.allow(key):
        # The editor keeps the problems it last showed and checks again after Retry-After.
        response = make_response(error_response(429, "too_many_checks", _("editor.api.too_many_checks")))
        response.headers["Retry-After"] = str(max(1, math.ceil(limit.retry_after(key))))
        return response
    body = _json_body()
    return jsonify({"problems": _problems_json(deck_editing.check_draft(body["deck"]))})


@blueprint.post("/new")
def create() -> ResponseReturnValue:
    """Store the editor's new deck in the caller's organisation."""
    actor = current_actor()
    if actor is None:
        return error_response(401, "unauthorized", _("error.unauthorized.message"))
    body = _json_body()
    try:
        created = deck_editing.create_deck(database(), actor, body["deck"], dt.date.today())
    except ServiceError as error:
        return _api_error(error)
    return jsonify(_summary_json(created)), 201


@blueprint.put("/<int:deck_id>")
def save(deck_id: int) -> ResponseReturnValue:
    """Save the editor's deck; refused with 409 when someone else saved since `version` was loaded."""
    actor = current_actor()
    if actor is None:
        return error_response(401, "unauthorized", _("error.unauthorized.message"))
    body = _json_body()
    try:
        saved = deck_editing.save_deck(database(), actor, deck_id, body["deck"], str(body.get("version", "")),
                                       dt.date.today())
    except ServiceError as error:
        return _api_error(error)
    return jsonify(_summary_json(saved))


@blueprint.delete("/<int:deck_id>")
def remove(deck_id: int) -> ResponseReturnValue:
    actor = current_actor()
    if actor is None:
        return error_response(401, "unauthorized", _("error.unauthorized.message"))
    try:
        deck_editing.delete_deck(database(), actor, deck_id)
    except ServiceError as error:
        return _api_error(error)
    return "", 204


@blueprint.get("/<int:deck_id>/editable")
def editable(deck_id: int) -> ResponseReturnValue:
    """The saved deck in the file format with its version: what the editor reloads after a conflict."""
    try:
        found = deck_editing.editable_deck(database(), current_actor(), deck_id)
    except ServiceError as error:
        return _api_error(error)
    return jsonify({**_summary_json(found.summary), "deck": found.data, "may_edit": found.may_edit})
