"""The organisation's own settings, for its organisers: where people can get help."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.services import accounts
from cardapp.services.errors import ServiceError
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.language import _

blueprint = Blueprint("organisation", __name__)


@blueprint.route("/organisation", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def settings() -> ResponseReturnValue:
    actor = require_actor()
    if request.method == "POST":
        try:
            accounts.set_organisation_help_text(database(), actor, request.form.get("help_text", ""))
        except ServiceError as error:
            return service_error_page(error)
        flash(_("organisation.saved"))
        return redirect(url_for("organisation.settings"), code=303)
    return render_template("organisation.html", help_text=accounts.organisation_help_text(database(), actor) or "",
                           may_edit=actor.may_edit_decks_of(actor.organisation_id))
