"""Workshop template pages: the list, a new workshop from a template in one step, saving a workshop's
agenda as a template, renaming and deleting one. Thin: each asks services.workshop_templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.callers import current_actor
from cardapp.services import workshop_templates
from cardapp.services.errors import ServiceError
from cardapp.services.workshop_templates import TemplateChoice
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.language import _, current_language

blueprint = Blueprint("workshop_templates", __name__)


def _decks_dir() -> Path:
    return Path(current_app.config["CARDAPP"].decks_dir)


@blueprint.app_template_global("workshop_template_choices")
def workshop_template_choices() -> list[TemplateChoice]:
    """The templates the signed-in person may start a workshop from, for the pages' "from a template" form."""
    actor = current_actor()
    if actor is None or actor.organisation_id is None:
        return []
    return workshop_templates.template_choices(database(), actor, _decks_dir(), current_language())


def _list_page(problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    actor = require_actor()
    choices = workshop_templates.template_choices(database(), actor, _decks_dir(), current_language())
    return render_template("workshops/templates.html", shipped=[c for c in choices if c.own_id is None],
                           own=[c for c in choices if c.own_id is not None], problem=problem,
                           may_create=actor.organisation_id is not None,
                           may_manage=actor.organisation_id is not None
                           and actor.may_edit_decks_of(actor.organisation_id)), status


@blueprint.get("/workshops/templates/")
@login_required  # type: ignore[untyped-decorator]
def template_list() -> ResponseReturnValue:
    return _list_page()


@blueprint.post("/workshops/templates/use")
@login_required  # type: ignore[untyped-decorator]
def use_template() -> ResponseReturnValue:
    """One step: the chosen template becomes a draft workshop, and its agenda page opens."""
    actor = require_actor()
    try:
        created = workshop_templates.create_from_template(
            database(), actor, _decks_dir(), request.form.get("template", ""), request.form.get("title", ""),
            request.form.get("language", current_language()), current_app.config["CARDAPP"].min_answers,
            dt.date.today())
    except ServiceError as error:
        return _list_page(_(error.key, **error.params), error.status)
    return redirect(url_for("workshops.agenda", workshop_id=created.id), code=303)


@blueprint.route("/workshops/<int:workshop_id>/save-template", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def save_template(workshop_id: int) -> ResponseReturnValue:
    """Organisers: the workshop's agenda, with planned minutes and scripts, as the organisation's template."""
    actor = require_actor()
    try:
        form = workshop_templates.save_form(database(), actor, workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    if request.method == "GET":
        return render_template("workshops/save_template.html", workshop_id=workshop_id, form=form, typed=None)
    minutes = {position: request.form.get(f"minutes-{position}", "") for position, *_rest in form.items}
    try:
        workshop_templates.save_as_template(database(), actor, workshop_id, request.form.get("title", ""),
                                            request.form.get("opening", ""), request.form.get("closing", ""),
                                            minutes, dt.date.today())
    except ServiceError as error:
        return render_template("workshops/save_template.html", workshop_id=workshop_id, form=form,
                               typed=request.form, problem=_(error.key, **error.params)), error.status
    flash(_("runsheet.templates.saved", title=" ".join(request.form.get("title", "").split())))
    return redirect(url_for("workshop_templates.template_list"), code=303)


@blueprint.post("/workshops/templates/<int:template_id>/rename")
@login_required  # type: ignore[untyped-decorator]
def rename_template(template_id: int) -> ResponseReturnValue:
    try:
        workshop_templates.rename_template(database(), require_actor(), template_id, request.form.get("title", ""),
                                           dt.date.today())
    except ServiceError as error:
        if error.status == 404:
            return service_error_page(error)
        return _list_page(_(error.key, **error.params), error.status)
    flash(_("runsheet.templates.renamed"))
    return redirect(url_for("workshop_templates.template_list"), code=303)


@blueprint.post("/workshops/templates/<int:template_id>/delete")
@login_required  # type: ignore[untyped-decorator]
def delete_template(template_id: int) -> ResponseReturnValue:
    try:
        workshop_templates.delete_template(database(), require_actor(), template_id)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("runsheet.templates.deleted"))
    return redirect(url_for("workshop_templates.template_list"), code=303)
