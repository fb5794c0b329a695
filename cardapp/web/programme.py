"""The programme page: the label's measures, the award and renewal, and the follow-up actions.

Organisers change it; the organisation's facilitators read it; nobody else finds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.numbers import whole_number
from cardapp.domain.programme import DEFAULT_MEASURES
from cardapp.i18n import LANGUAGES, translate
from cardapp.services import comparison, programme, programme_actions, programme_review
from cardapp.services.errors import Invalid, ServiceError
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.errors import wants_json
from cardapp.web.language import _, current_language

blueprint = Blueprint("programme", __name__)


def default_measure_names() -> dict[str, str]:
    """The six measures' names in the reader's language."""
    return {key: _(f"programme.measure.{key}") for key in DEFAULT_MEASURES}


def may_edit() -> bool:
    actor = require_actor()
    return actor.may_edit_decks_of(actor.organisation_id)


@blueprint.get("/programme")
@login_required  # type: ignore[untyped-decorator]
def page() -> ResponseReturnValue:
    return _page()


def _page(problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    """The page, with the problem of a refused form at the top (and its status) when there is one."""
    try:
        found = programme.programme_page(database(), require_actor(), dt.date.today(), default_measure_names())
    except ServiceError as error:
        return service_error_page(error)
    drafts = programme_review.draft_workshops(database(), require_actor())
    trends = comparison.trends_by_measure(database(), require_actor(), current_language(), dt.date.today())
    return render_template("programme/page.html", programme=found, names=default_measure_names(),
                           may_edit=may_edit(), problem=problem, today=dt.date.today(), drafts=drafts,
                           trends=trends), status


def refused(error: ServiceError, page: Callable[[str, int], ResponseReturnValue]) -> ResponseReturnValue:
    """A refused form: the page again with its problem for people, the one error shape for programs."""
    if isinstance(error, Invalid) and not wants_json():
        return page(_(error.key, **error.params), error.status)
    return service_error_page(error)


def _refused(error: ServiceError) -> ResponseReturnValue:
    return refused(error, _page)


@blueprint.post("/programme/award")
@login_required  # type: ignore[untyped-decorator]
def set_award() -> ResponseReturnValue:
    try:
        programme.set_award(database(), require_actor(), request.form.get("in_label_programme") == "yes",
                            request.form.get("awarded_on", ""))
    except ServiceError as error:
        return _refused(error)
    flash(_("programme.saved"))
    return redirect(url_for("programme.page", _anchor="award"), code=303)


@blueprint.post("/programme/measures")
@login_required  # type: ignore[untyped-decorator]
def add_measure() -> ResponseReturnValue:
    try:
        measure_id = programme.add_measure(database(), require_actor(), request.form.get("title", ""))
    except ServiceError as error:
        return _refused(error)
    flash(_("programme.measure_added"))
    return redirect(url_for("programme.page", _anchor=f"measure-{measure_id}"), code=303)


@blueprint.post("/programme/measures/<int:measure_id>")
@login_required  # type: ignore[untyped-decorator]
def update_measure(measure_id: int) -> ResponseReturnValue:
    form = request.form
    change = programme.MeasureChange(
        status=form.get("status", ""), responsible=form.get("responsible", ""), due_on=form.get("due_on", ""),
        notes=form.get("notes", ""), link=form.get("link", ""),
        workshop_ids=[number for value in form.getlist("workshop") if (number := whole_number(value)) is not None],
        title=form.get("title") if "title" in form else None, hidden=form.get("hidden") == "yes")
    try:
        programme.update_measure(database(), require_actor(), measure_id, change)
    except ServiceError as error:
        return _refused(error)
    flash(_("programme.saved"))
    return redirect(url_for("programme.page", _anchor=f"measure-{measure_id}"), code=303)


@blueprint.post("/programme/actions/<int:action_id>")
@login_required  # type: ignore[untyped-decorator]
def update_action(action_id: int) -> ResponseReturnValue:
    try:
        programme_actions.update_action(database(), require_actor(), action_id, request.form.get("status", ""),
                                        request.form.get("responsible", ""), request.form.get("due_on", ""))
    except ServiceError as error:
        return _refused(error)
    flash(_("programme.saved"))
    return redirect(url_for("programme.page", _anchor=f"action-{action_id}"), code=303)


@blueprint.post("/programme/review")
@login_required  # type: ignore[untyped-decorator]
def add_review() -> ResponseReturnValue:
    """'What we agreed last time' at the start of a draft workshop; its agenda page follows."""
    workshop_id = request.form.get("workshop", type=int)
    if workshop_id is None:
        return _refused(Invalid("programme.choose_workshop"))
    titles = {language: translate("live.review.title", language) for language in LANGUAGES}
    try:
        count = programme_review.add_review(database(), require_actor(), workshop_id, titles)
    except ServiceError as error:
        return _refused(error)
    flash(_("programme.review_added", count=count))
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id), code=303)
