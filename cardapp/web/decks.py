"""Decks in the browser: the library, reading a deck, the editor's page, copying, import, export, deletion.

The editor's script talks to `cardapp.web.deck_api`. Every handler finds the caller from the session,
calls one service and turns its errors into pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.callers import current_actor
from cardapp.domain.deck_export import LibraryFilter
from cardapp.domain.deck_format import CARD_KINDS, MAX_DECK_BYTES
from cardapp.i18n import DECK_LANGUAGE_NAMES, fallback_chain, texts_with_prefix
from cardapp.services import deck_editing, decks
from cardapp.services.errors import DeckInvalid, ServiceError
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.deck_problems import problem_message
from cardapp.web.drafts import draft_owner
from cardapp.web.errors import error_response
from cardapp.web.language import _, current_language

blueprint = Blueprint("decks", __name__, url_prefix="/decks")


def _may_create(actor: Any) -> bool:
    return actor is not None and actor.organisation_id is not None and actor.may_edit_decks_of(actor.organisation_id)


@blueprint.get("/")
def deck_list() -> ResponseReturnValue:
    """The library: shipped decks and the organisation's own, with search by text, theme, kind and language."""
    actor = current_actor()
    wanted = LibraryFilter(
        text=request.args.get("q", "").strip()[:200],
        theme=request.args.get("theme", "").strip()[:200],
        kind=request.args.get("kind", "") if request.args.get("kind") in CARD_KINDS else "",
        language=request.args.get("language", "").strip()[:3],
    )
    everything = decks.search_library(database(), actor, LibraryFilter())
    found = decks.search_library(database(), actor, wanted) if wanted.active else everything
    language = current_language()
    theme_names = sorted({theme.title.get(language) or next(iter(theme.title.values()))
                          for _summary, deck in everything for theme in deck.themes}, key=str.casefold)
    return render_template(
        "decks/list.html", shipped=[d for d in found if d[0].shipped], own=[d for d in found if not d[0].shipped],
        wanted=wanted, kinds=CARD_KINDS, deck_languages=sorted({c for s, _d in everything for c in s.languages}),
        theme_names=theme_names, may_create=_may_create(actor), signed_in=actor is not None,
    )


@blueprint.get("/<int:deck_id>")
def deck_page(deck_id: int) -> ResponseReturnValue:
    actor = current_actor()
    try:
        summary, deck = decks.open_deck(database(), actor, deck_id)
    except ServiceError as error:
        return service_error_page(error)
    language = current_language()
    text_language = language if language in deck.languages else deck.languages[0]
    return render_template("decks/deck.html", deck=deck, summary=summary, tl=text_language,
                           may_edit=actor is not None and actor.may_edit_decks_of(summary.organisation_id),
                           may_copy=_may_create(actor))


@blueprint.get("/new")
@login_required  # type: ignore[untyped-decorator]
def new_deck() -> ResponseReturnValue:
    actor = require_actor()
    if not _may_create(actor):
        return error_response(403, "forbidden", _("deck.forbidden"))
    return _editor(None, _starter_deck(starting_languages(current_language())), "")


def starting_languages(language: str) -> list[str]:
    """A new deck starts in the page's language and those it falls back to (nynorsk: bokmål, then
    English), not in every interface language: five texts to write for every card would be a chore
    nobody asked for. An English page adds bokmål, cardapp's other first language. The Languages field
    adds or removes any language."""
    chain = fallback_chain(language)
    return chain if len(chain) > 1 else [*chain, "nb"]


@blueprint.get("/<int:deck_id>/edit")
@login_required  # type: ignore[untyped-decorator]
def edit_deck(deck_id: int) -> ResponseReturnValue:
    try:
        editable = deck_editing.editable_deck(database(), require_actor(), deck_id)
    except ServiceError as error:
        return service_error_page(error)
    if not editable.may_edit:
        key = "deck.shipped_read_only" if editable.summary.shipped else "deck.forbidden"
        return error_response(403, "forbidden", _(key))
    return _editor(deck_id, editable.data, editable.summary.version)


def _editor(deck_id: int | None, data: dict[str, Any], version: str) -> ResponseReturnValue:
    setup = {
        "deck_id": deck_id,
        "draft_owner": draft_owner(require_actor().user_id),
        "version": version,
        "deck": data,
        "language_names": DECK_LANGUAGE_NAMES,
        "kinds": list(CARD_KINDS),
        "urls": {
            "check": url_for("deck_api.check"),
            "create": url_for("deck_api.create"),
            "save": url_for("deck_api.save", deck_id=deck_id) if deck_id else None,
            "reload": url_for("deck_api.editable", deck_id=deck_id) if deck_id else None,
            "edit": url_for("decks.edit_deck", deck_id=0).replace("/0/", "/{id}/"),
            "export": url_for("decks.export", deck_id=deck_id) if deck_id else None,
        },
    }
    texts = {**texts_with_prefix("editor.", current_language()), **texts_with_prefix("card.kind.", current_language())}
    return render_template("decks/editor.html", setup=setup, texts=texts, deck_id=deck_id,
                           title=data.get("title", {}).get(current_language()) or _("editor.new_title"))


def _starter_deck(languages: list[str]) -> dict[str, Any]:
    """A new deck's first draft: the structure filled in, the words left for the organiser."""
    empty = {code: "" for code in languages}
    return {
        "schema_version": 1, "id": "", "title": dict(empty), "description": dict(empty), "languages": languages,
        "author": "", "license": "CC BY 4.0",
        "themes": [{"id": "theme-1", "title": dict(empty),
                    "cards": [{"id": "card-1", "kind": "question", "prompt": dict(empty), "notes": dict(empty)}]}],
    }


@blueprint.post("/<int:deck_id>/copy")
@login_required  # type: ignore[untyped-decorator]
def copy(deck_id: int) -> ResponseReturnValue:
    """Copy a deck (usually a shipped one) into the organisation and open the copy in the editor."""
    try:
        copied = deck_editing.copy_deck(database(), require_actor(), deck_id, dt.date.today())
    except ServiceError as error:
        return service_error_page(error)
    flash(_("editor.copied", title=copied.title))
    return redirect(url_for("decks.edit_deck", deck_id=copied.id), code=303)


@blueprint.get("/<int:deck_id>/export")
def export(deck_id: int) -> ResponseReturnValue:
    """Download a deck in exactly the shipped file format."""
    try:
        name, text = deck_editing.export_deck(database(), current_actor(), deck_id)
    except ServiceError as error:
        return service_error_page(error)
    return Response(text.encode(), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@blueprint.route("/<int:deck_id>/delete", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def delete(deck_id: int) -> ResponseReturnValue:
    """Ask first; then delete. Past workshops keep their own copy of the cards."""
    actor = require_actor()
    try:
        editable = deck_editing.editable_deck(database(), actor, deck_id)
        if not editable.may_edit:
            key = "deck.shipped_read_only" if editable.summary.shipped else "deck.forbidden"
            return error_response(403, "forbidden", _(key))
        if request.method == "GET":
            return render_template("decks/delete.html", summary=editable.summary)
        title = deck_editing.delete_deck(database(), actor, deck_id)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("editor.deleted", title=title))
    return redirect(url_for("decks.deck_list"), code=303)


@blueprint.route("/import", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def import_file() -> ResponseReturnValue:
    """Upload a deck file; every problem is listed with its JSON path and nothing is stored."""
    actor = require_actor()
    if not _may_create(actor):
        return error_response(403, "forbidden", _("deck.forbidden"))
    if request.method == "GET":
        return render_template("decks/import.html", problems=[], problem=None)
    upload = request.files.get("deck")
    if upload is None or not upload.filename:
        return render_template("decks/import.html", problems=[], problem=_("editor.import.no_file")), 400
    raw = upload.read(MAX_DECK_BYTES + 1)
    try:
        imported = deck_editing.import_deck_file(database(), actor, raw, dt.date.today(),
                                                 replace=request.form.get("replace") == "yes")
    except DeckInvalid as invalid:
        shown = [(p.where, problem_message(p, current_language())) for p in invalid.problems]
        return render_template("decks/import.html", problems=shown,
                               problem=_(invalid.key, **invalid.params)), 422
    except ServiceError as error:
        return render_template("decks/import.html", problems=[], problem=_(error.key, **error.params)), error.status
    flash(_("editor.imported", title=imported.title))
    return redirect(url_for("decks.deck_page", deck_id=imported.id), code=303)
