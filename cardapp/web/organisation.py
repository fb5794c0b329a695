"""The organisation's own settings, for its organisers: where people can get help, how long reports are kept."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.accounts import Role
from cardapp.services import accounts, retention
from cardapp.services.errors import Forbidden, Invalid, ServiceError
from cardapp.services.members import members_of_own_organisation
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.language import _

blueprint = Blueprint("organisation", __name__)
# The roles an organiser may invite into their organisation; admins are made by admins.
MEMBER_ROLES = (Role.FACILITATOR, Role.ORGANISER)


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
    return _page()


def _page(retention_problem: str | None = None, typed_days: str | None = None, **invitation: str) -> str:
    actor = require_actor()
    days = retention.retention_days(database(), actor)
    return render_template("organisation.html", help_text=accounts.organisation_help_text(database(), actor) or "",
                           may_edit=actor.may_edit_decks_of(actor.organisation_id),
                           retention_days=typed_days if typed_days is not None else days,
                           retention_problem=retention_problem,
                           members=members_of_own_organisation(database(), actor, dt.datetime.now(dt.UTC)),
                           may_invite=actor.may_invite(Role.FACILITATOR, actor.organisation_id),
                           member_roles=MEMBER_ROLES, **invitation)


@blueprint.post("/organisation/members")
@login_required  # type: ignore[untyped-decorator]
def invite_member() -> ResponseReturnValue:
    """An organiser invites a facilitator or organiser (a server admin who is to help, too) into the
    organisation; the one-time link is shown to pass on, and the person is listed as invited."""
    actor = require_actor()
    email = request.form.get("email", "")
    role = next((r for r in MEMBER_ROLES if r.value == request.form.get("role")), None)
    if actor.organisation_id is None or not actor.may_invite(Role.FACILITATOR, actor.organisation_id):
        return service_error_page(Forbidden("privacy.invite_only_organisers"))
    try:
        if role is None:
            raise Invalid("privacy.invite_role")
        token = accounts.invite(database(), actor, email, role, actor.organisation_id, dt.datetime.now(dt.UTC))
    except ServiceError as error:
        return _page(invite_problem=_(error.key), invite_email=email), error.status
    return _page(new_link=url_for("auth.invitation", token=token, _external=True),
                 new_link_email=email.strip().lower())


@blueprint.post("/organisation/retention")
@login_required  # type: ignore[untyped-decorator]
def set_retention() -> ResponseReturnValue:
    """How many days a workshop's report is kept after it ends; the page again with the problem if refused."""
    typed = request.form.get("retention_days", "")
    try:
        days = retention.set_retention_days(database(), require_actor(), typed)
    except Invalid as error:
        return _page(_(error.key), typed), error.status
    except ServiceError as error:
        return service_error_page(error)
    flash(_("report.retention_saved", days=days))
    return redirect(url_for("organisation.settings", _anchor="retention"), code=303)
