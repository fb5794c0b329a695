"""The year plan page, its iCalendar download, and "make a draft workshop" from a planned conversation."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.programme import parsed_month
from cardapp.services import decks, programme, programme_plan
from cardapp.services.errors import ServiceError
from cardapp.services.programme_documents import year_plan_ics
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.language import _, current_language
from cardapp.web.programme import default_measure_names, may_edit, refused

blueprint = Blueprint("programme_plan", __name__)


@blueprint.get("/programme/plan")
@login_required  # type: ignore[untyped-decorator]
def plan() -> ResponseReturnValue:
    return _page()


def _page(problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    actor = require_actor()
    first = parsed_month(request.args.get("from"), dt.date.today())
    try:
        months = programme_plan.year_plan(database(), actor, first)
        page = programme.programme_page(database(), actor, dt.date.today(), default_measure_names())
    except ServiceError as error:
        return service_error_page(error)
    names = default_measure_names()
    measures = [(m.id, m.own_title or names.get(m.default_key or "", "")) for m in page.measures if not m.hidden]
    return render_template("programme/plan.html", months=months, first=first, may_edit=may_edit(),
                           decks=decks.visible_decks(database(), actor), measures=measures,
                           measure_names=dict(measures), problem=problem,
                           previous=first.shifted(-12).key(), following=first.shifted(12).key()), status


@blueprint.post("/programme/plan")
@login_required  # type: ignore[untyped-decorator]
def add() -> ResponseReturnValue:
    form = request.form
    new = programme_plan.NewConversation(
        planned_on=form.get("planned_on", ""), title=form.get("title", ""), group_name=form.get("group_name", ""),
        deck_id=form.get("deck", type=int), measure_id=form.get("measure", type=int))
    try:
        programme_plan.add_conversation(database(), require_actor(), new)
    except ServiceError as error:
        return refused(error, _page)
    flash(_("programme.conversation_added"))
    first_month = form.get("planned_on", "")[:7]
    return redirect(url_for("programme_plan.plan") + f"?from={first_month}", code=303)


@blueprint.post("/programme/plan/<int:conversation_id>/delete")
@login_required  # type: ignore[untyped-decorator]
def remove(conversation_id: int) -> ResponseReturnValue:
    try:
        programme_plan.remove_conversation(database(), require_actor(), conversation_id)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("programme.conversation_removed"))
    return redirect(url_for("programme_plan.plan"), code=303)


@blueprint.post("/programme/plan/<int:conversation_id>/draft")
@login_required  # type: ignore[untyped-decorator]
def draft(conversation_id: int) -> ResponseReturnValue:
    """One step from the plan to a draft workshop; its agenda page follows, to trim the cards."""
    try:
        workshop_id = programme_plan.make_draft_workshop(
            database(), require_actor(), conversation_id, current_language(),
            current_app.config["CARDAPP"].min_answers, dt.date.today())
    except ServiceError as error:
        return service_error_page(error)
    flash(_("programme.draft_made"))
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id), code=303)


@blueprint.get("/programme/plan.ics")
@login_required  # type: ignore[untyped-decorator]
def calendar() -> ResponseReturnValue:
    """Every planned conversation as all-day events, for the organisation's calendar."""
    try:
        planned = programme_plan.conversations(database(), require_actor())
    except ServiceError as error:
        return service_error_page(error)
    body = year_plan_ics(planned, _("programme.plan_title"), _("programme.group"), dt.date.today())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'attachment; filename="year-plan.ics"', "Cache-Control": "no-store"})
