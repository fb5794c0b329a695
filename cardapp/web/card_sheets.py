"""Printable cards in the browser: the print form of a deck, the printable page and the PDF.

Anyone who may read a deck's page may see its print form and printable page (no participant data is
involved). The PDF is for signed-in accounts only: each one costs the server up to two minutes of a
core, so it is not for anyone on the internet to ask for in a loop. All three are plain GET forms, so a
link can be kept and shared; a problem with the fields shows the form again with the problem said,
with status 400.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.callers import current_actor
from cardapp.domain.card_sheets import MAX_BLANKS, MAX_SHEET_CARDS, PER_PAGE_CHOICES, BackSide, page_count
from cardapp.i18n import DECK_LANGUAGE_NAMES
from cardapp.services import card_sheets
from cardapp.services.card_sheets import CardSheets, PrintFields
from cardapp.services.errors import NotFound, ServiceError
from cardapp.web.context import database, service_error_page
from cardapp.web.errors import wants_json
from cardapp.web.language import _, current_language

blueprint = Blueprint("card_sheets", __name__, url_prefix="/decks")

# More values than a deck can have themes (100) is not a form a person sent.
_MOST_VALUES = 200


def _fields(deck_languages: list[str]) -> PrintFields:
    language = current_language()
    default_language = language if language in deck_languages else deck_languages[0]
    return PrintFields(
        language=request.args.get("language", default_language)[:20],
        per_page=request.args.get("per_page", "4")[:20],
        themes=tuple(request.args.getlist("theme")[:_MOST_VALUES]),
        kinds=tuple(request.args.getlist("kind")[:_MOST_VALUES]),
        blanks=request.args.get("blanks", "0")[:20],
        back=request.args.get("back", BackSide.QUESTIONS.value)[:20],
    )


def _form(deck_id: int, problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    try:
        summary, deck = card_sheets.printable_deck(database(), current_actor(), deck_id)
    except ServiceError as error:
        return service_error_page(error)
    if problem is not None and wants_json():
        return service_error_page(ServiceError("print.error.form", problem=problem))
    language = current_language()
    tl = language if language in deck.languages else deck.languages[0]
    return render_template(
        "decks/print_form.html", deck=deck, summary=summary, tl=tl, fields=_fields(deck.languages),
        kinds=card_sheets.kinds_in(deck), per_page_choices=PER_PAGE_CHOICES, backs=[b.value for b in BackSide],
        max_blanks=MAX_BLANKS, max_cards=MAX_SHEET_CARDS, problem=problem, language_names=DECK_LANGUAGE_NAMES,
    ), status


@blueprint.get("/<int:deck_id>/print")
def print_form(deck_id: int) -> ResponseReturnValue:
    """Choose the language, the layout, the themes and kinds, blank cards and what goes on the backs."""
    return _form(deck_id)


def _sheets(deck_id: int) -> CardSheets | ResponseReturnValue:
    try:
        _summary, deck = card_sheets.printable_deck(database(), current_actor(), deck_id)
        return card_sheets.sheets_for_deck(deck, _fields(deck.languages))
    except NotFound as missing:
        return service_error_page(missing)
    except ServiceError as error:
        return _form(deck_id, _(error.key, **error.params), 400)


@blueprint.get("/<int:deck_id>/print/sheets")
def printable_page(deck_id: int) -> ResponseReturnValue:
    """The cards as A4 pages to print from the browser, with the PDF one click away."""
    sheets = _sheets(deck_id)
    if not isinstance(sheets, CardSheets):
        return sheets
    query = request.query_string.decode("ascii", "replace")
    request_ = sheets.request
    return render_template(
        "decks/print_sheets.html", sheets=sheets, labels=sheets.labels, deck_id=deck_id,
        pages=page_count(sheets.card_count + request_.blanks, request_.per_page, request_.two_sided),
        pdf_url=url_for("card_sheets.pdf", deck_id=deck_id) + (f"?{query}" if query else ""),
        form_url=url_for("card_sheets.print_form", deck_id=deck_id) + (f"?{query}" if query else ""),
    )


@blueprint.get("/<int:deck_id>/print/cards.pdf")
@login_required  # type: ignore[untyped-decorator]
def pdf(deck_id: int) -> ResponseReturnValue:
    """The same pages as a PDF made by the server, with the fonts embedded."""
    sheets = _sheets(deck_id)
    if not isinstance(sheets, CardSheets):
        return sheets
    try:
        data = card_sheets.render_pdf(sheets)
    except ServiceError as error:
        return service_error_page(error)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{sheets.file_name}"', "Cache-Control": "no-store",
    })
