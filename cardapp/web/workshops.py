"""Workshop pages for facilitators: list, create, agenda, console; and the projector's secret link."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

import segno
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain import power_walk as walk_rules
from cardapp.domain import question_box as question_rules
from cardapp.domain.card_filter import CardFilter, InvalidCardFilter, card_filter_from, visible_card_ids
from cardapp.domain.deck_format import AUDIENCES, INTENSITIES, Deck
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.numbers import whole_number
from cardapp.domain.report import may_delete_workshops_of
from cardapp.domain.workshop_templates import MAX_ITEM_MINUTES
from cardapp.domain.workshops import WorkshopError, draw_cards
from cardapp.i18n import LANGUAGES, interface_language, texts_with_prefix
from cardapp.services import decks, groups, questions, run_sheets, workshops
from cardapp.services.errors import Conflict, Forbidden, Invalid, ServiceError
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.group_fields import group_field
from cardapp.web.language import _, current_language, speak

blueprint = Blueprint("workshops", __name__)


def base_url() -> str:
    return str(current_app.config["CARDAPP"].public_url or request.host_url).rstrip("/")


@blueprint.get("/workshops/")
@login_required  # type: ignore[untyped-decorator]
def workshop_list() -> ResponseReturnValue:
    actor = require_actor()
    # Everyone, a server admin included, sees only their own organisation's workshops (docs/privacy.md,
    # "Who can open a workshop"): the heading says so, and an admin outside any organisation is told why.
    return render_template("workshops/list.html", workshops=workshops.list_workshops(database(), actor),
                           decks=decks.visible_decks(database(), actor),
                           may_create=actor.organisation_id is not None,
                           may_delete=may_delete_workshops_of(actor, actor.organisation_id))


@blueprint.route("/workshops/new", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def new_workshop() -> ResponseReturnValue:
    """Pick the deck's cards (all, some, or a random draw from them) and the projector's language."""
    actor = require_actor()
    if actor.organisation_id is None:  # say so before the form, not after it was filled in
        return service_error_page(Forbidden("ops.workshops.no_organisation"))
    deck_id = request.values.get("deck", type=int)
    if deck_id is None:
        abort(400)
    try:
        summary, deck = decks.open_deck(database(), actor, deck_id)
    except ServiceError as error:
        return service_error_page(error)
    if request.method == "GET":
        tl = current_language() if current_language() in deck.languages else deck.languages[0]
        picker, problem = _picker(deck)
        return render_template("workshops/new.html", deck=deck, summary=summary, problem=problem, chosen=set(),
                               tl=tl, **picker, **group_field(actor, None)), 400 if problem else 200
    chosen: list[str] = []
    try:
        chosen = _chosen_cards(deck)
        created = workshops.create_workshop(
            database(), actor, deck_id, request.form.get("title", ""), request.form.get("language", ""),
            chosen, current_app.config["CARDAPP"].min_answers, dt.date.today(),
            walk_mode=request.form.get("walk_mode", "self"), group=request.form.get("group"))
    except ServiceError as error:
        tl = current_language() if current_language() in deck.languages else deck.languages[0]
        return render_template("workshops/new.html", deck=deck, summary=summary, problem=_(error.key),
                               chosen=set(chosen), tl=tl, **_picker(deck)[0],
                               **group_field(actor, request.form.get("group"))), error.status
    return redirect(url_for("workshops.agenda", workshop_id=created.id), code=303)


def _in_dimensions(card: object, dimensions: set[str]) -> bool:
    """Whether a card belongs to a chosen dimension of power (only power statements have one)."""
    dimension = getattr(card, "dimension", None)
    return dimension is not None and ("all" in dimensions or dimension in dimensions)


def _picker(deck: Deck) -> tuple[dict[str, object], str | None]:
    """The card picker's filter (by intensity, minutes and audience) from the query string, and the cards it shows.

    A filter value the picker cannot use shows every card, with a message that names the value."""
    try:
        wanted = card_filter_from(request.args.getlist("intensity"), request.args.get("max_minutes", ""),
                                  request.args.get("audience", ""))
        problem = None
    except InvalidCardFilter as error:
        wanted, problem = CardFilter(), _(error.key, **error.params)
    cards = deck.cards()
    return {"card_filter": wanted, "visible": visible_card_ids(cards, wanted), "total_cards": len(cards),
            "intensities": INTENSITIES, "audiences": AUDIENCES}, problem


def _chosen_cards(deck: Deck) -> list[str]:
    """The cards ticked in the picker form, in the deck's order, or a random draw from them."""
    ticked, dimensions = set(request.form.getlist("card")), set(request.form.getlist("dimension"))
    mode, include_sensitive = request.form.get("walk_mode", "self"), request.form.get("include_sensitive") == "yes"
    chosen: list[str] = []
    left_out = 0
    for card in deck.cards():
        if card.id in ticked:  # ticked one by one, sensitive or not: chosen knowingly
            chosen.append(card.id)
        elif _in_dimensions(card, dimensions):
            # A power walk's statements may be chosen a whole dimension (or the whole deck) at a time.
            if walk_rules.left_out_by_default(bool(getattr(card, "sensitive", False)), mode, include_sensitive):
                left_out += 1
            else:
                chosen.append(card.id)
    if left_out and not any(_in_dimensions(card, {"all"}) and card.id in chosen for card in deck.cards()):
        raise Invalid("decks2.walk.only_sensitive")
    draw = request.form.get("draw", type=int)
    if draw is not None and draw > 0:
        chosen = draw_cards(chosen, draw)
    return chosen


@blueprint.route("/workshops/<int:workshop_id>/add", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def add_cards(workshop_id: int) -> ResponseReturnValue:
    """Before the start: add cards or an exercise from another deck to the end of the agenda."""
    actor = require_actor()
    deck_id = request.values.get("deck", type=int)
    if deck_id is None:
        abort(400)
    try:
        workshop = workshops.workshop_for(database(), actor, workshop_id)
        summary, deck = decks.open_deck(database(), actor, deck_id)
    except ServiceError as error:
        return service_error_page(error)
    if workshop.status != WorkshopStatus.DRAFT:
        return service_error_page(Invalid("workshop.already_started"))
    tl = workshop.projector_language if workshop.projector_language in deck.languages else deck.languages[0]
    picker, problem = _picker(deck)
    page = {"workshop": workshop, "deck": deck, "summary": summary, "tl": tl, **picker}
    if request.method == "GET":
        return render_template("workshops/add.html", problem=problem, chosen=set(), **page), 400 if problem else 200
    chosen: list[str] = []
    try:
        chosen = _chosen_cards(deck)
        workshops.add_agenda_cards(database(), actor, workshop_id, deck_id, chosen,
                                   walk_mode=request.form.get("walk_mode", "self"))
    except ServiceError as error:
        return render_template("workshops/add.html", problem=_(error.key), chosen=set(chosen), **page), error.status
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id), code=303)


@blueprint.route("/workshops/<int:workshop_id>/agenda", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def agenda(workshop_id: int) -> ResponseReturnValue:
    """Before the start: reorder or remove cards. Afterwards the agenda is fixed."""
    actor = require_actor()
    try:
        summary = workshops.workshop_for(database(), actor, workshop_id)
        if request.method == "POST":
            position = request.form.get("position", type=int)
            action = request.form.get("action")
            if position is None or action not in ("up", "down", "remove"):
                abort(400)
            if action == "remove":
                workshops.remove_agenda_item(database(), actor, workshop_id, position)
            else:
                workshops.move_agenda_item(database(), actor, workshop_id, position, -1 if action == "up" else 1)
            return redirect(url_for("workshops.agenda", workshop_id=workshop_id, _anchor=f"item-{position}"), code=303)
        return _agenda_page(summary)
    except ServiceError as error:
        return service_error_page(error)


def _agenda_page(summary: workshops.WorkshopSummary, problem: str | None = None,
                 typed: Mapping[str, str] | None = None, status: int = 200) -> ResponseReturnValue:
    """The agenda page; after a refused form, with its message and what was typed."""
    actor = require_actor()
    items = workshops.agenda_titles(database(), actor, summary.id)
    return render_template("workshops/agenda.html", workshop=summary, items=items,
                           planned=run_sheets.planned_by_position(database(), actor, summary.id),
                           has_question_box=any(kind == question_rules.KIND for _position, kind, _text in items),
                           problem=problem, typed=typed, largest_minutes=MAX_ITEM_MINUTES,
                           other_decks=decks.visible_decks(database(), actor),
                           **group_field(actor, summary.group_label),
                           projector_url=f"{base_url()}/p/{summary.id}/{summary.projector_secret}"), status


@blueprint.post("/workshops/<int:workshop_id>/agenda/minutes")
@login_required  # type: ignore[untyped-decorator]
def plan_minutes(workshop_id: int) -> ResponseReturnValue:
    """Before the start: the planned minutes of every item, which the console's run-sheet shows."""
    actor = require_actor()
    typed = {position: value for name, value in request.form.items()
             if name.startswith("minutes-") and (position := whole_number(name.removeprefix("minutes-"))) is not None}
    try:
        summary = workshops.workshop_for(database(), actor, workshop_id)
        try:
            run_sheets.plan_agenda(database(), actor, workshop_id, typed)
        except Invalid as refused:
            return _agenda_page(summary, _(refused.key, **refused.params), request.form, refused.status)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("agendaplan.saved"))
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id, _anchor="plan-form"), code=303)


@blueprint.post("/workshops/<int:workshop_id>/agenda/question-box")
@login_required  # type: ignore[untyped-decorator]
def add_question_box(workshop_id: int) -> ResponseReturnValue:
    """Before the start: the question box at the end of the agenda (one per workshop; move it like any item)."""
    actor = require_actor()
    try:
        summary = workshops.workshop_for(database(), actor, workshop_id)
        if summary.status != WorkshopStatus.DRAFT:
            raise Invalid("workshop.already_started")
        try:
            position = questions.add_question_box(database(), actor, workshop_id)
        except Conflict as refused:  # the workshop has one already: say so where the button was
            return _agenda_page(summary, _(refused.key), status=refused.status)
        except WorkshopError as refused:  # ended in the meantime
            raise Conflict(refused.key) from None
    except ServiceError as error:
        return service_error_page(error)
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id, _anchor=f"item-{position}"), code=303)


@blueprint.post("/workshops/<int:workshop_id>/group")
@login_required  # type: ignore[untyped-decorator]
def set_group(workshop_id: int) -> ResponseReturnValue:
    """Before the start: the group the workshop is for (its results are weighed against the group's)."""
    try:
        groups.set_workshop_group(database(), require_actor(), workshop_id, request.form.get("group"))
    except ServiceError as error:
        return service_error_page(error)
    flash(_("group.saved"))
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id, _anchor="group"), code=303)


@blueprint.get("/workshops/<int:workshop_id>/console")
@login_required  # type: ignore[untyped-decorator]
def console(workshop_id: int) -> ResponseReturnValue:
    try:
        workshops.workshop_for(database(), require_actor(), workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    return render_template("workshop/console.html", workshop_id=workshop_id,
                           moderator_url=f"{base_url()}{url_for('workshops.moderator_view', workshop_id=workshop_id)}",
                           console_url=f"{base_url()}{url_for('workshops.console', workshop_id=workshop_id)}",
                           texts=texts_with_prefix("live.", current_language()))


@blueprint.get("/workshops/<int:workshop_id>/moderate")
@login_required  # type: ignore[untyped-decorator]
def moderator_view(workshop_id: int) -> ResponseReturnValue:
    """A co-facilitator's second device: the moderation queue and pause signals, no agenda control.
    Anyone who may run the workshop may open it, signed in as themselves: the address holds no secret."""
    try:
        workshops.workshop_for(database(), require_actor(), workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    return render_template("workshop/moderator.html", workshop_id=workshop_id,
                           texts=texts_with_prefix("live.", current_language()))


@blueprint.get("/workshops/<int:workshop_id>/moderate/qr.svg")
@login_required  # type: ignore[untyped-decorator]
def moderator_qr(workshop_id: int) -> ResponseReturnValue:
    """The moderator view's address as a QR code for the second device (which then signs in as itself)."""
    try:
        workshops.workshop_for(database(), require_actor(), workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    buffer = io.BytesIO()
    segno.make_qr(f"{base_url()}{url_for('workshops.moderator_view', workshop_id=workshop_id)}").save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, title=_("live.team.qr_title"))
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@blueprint.get("/p/<int:workshop_id>/<secret>")
def projector(workshop_id: int, secret: str) -> ResponseReturnValue:
    """The projector needs no sign-in: the secret link shows only what the room may see."""
    if not workshops.projector_may_watch(database(), workshop_id, secret):
        abort(404)
    summary = workshops.workshop_summary(database(), workshop_id)
    # The big screen speaks the language the facilitator chose for it, whatever the browser showing it
    # asks for: the page's own words as well as its script's (before, only the script's followed).
    language = interface_language(summary.projector_language) if summary else "en"
    speak(language if language in LANGUAGES else "en")
    return render_template("workshop/projector.html", workshop_id=workshop_id, secret=secret,
                           qr_url=url_for("workshops.projector_qr", workshop_id=workshop_id, secret=secret),
                           texts=texts_with_prefix("live.", current_language()))


@blueprint.get("/p/<int:workshop_id>/<secret>/qr.svg")
def projector_qr(workshop_id: int, secret: str) -> ResponseReturnValue:
    """The join link as a QR code, drawn here so the projector loads nothing from elsewhere."""
    summary = workshops.workshop_summary(database(), workshop_id)
    if summary is None or not workshops.projector_may_watch(database(), workshop_id, secret) or not summary.room_code:
        abort(404)
    buffer = io.BytesIO()
    segno.make_qr(f"{base_url()}/j/{summary.room_code}").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, title=_("workshop.qr_title"))
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
