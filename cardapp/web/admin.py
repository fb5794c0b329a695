"""The admin pages: organisations, invitations, roles and access."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.accounts import Actor, Role
from cardapp.domain.numbers import whole_number
from cardapp.i18n import LANGUAGES
from cardapp.mailer import send
from cardapp.services import accounts, password_resets
from cardapp.services.errors import ServiceError
from cardapp.web.auth import require_actor
from cardapp.web.context import database
from cardapp.web.emails import invitation_email, public_link, settings
from cardapp.web.language import _, current_language

log = logging.getLogger("cardapp.web")

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


def _admin() -> Actor:
    actor = require_actor()
    if not actor.may_manage_users():
        abort(403)
    return actor


def _role(value: str | None) -> Role:
    try:
        return Role(value or "")
    except ValueError:
        abort(400)


def _organisation(value: str | None) -> int | None:
    if not value:
        return None
    number = whole_number(value)
    if number is None:
        abort(400)
    return number


def _page(actor: Actor, status: int = 200, **extra: object) -> ResponseReturnValue:
    return render_template(
        "admin/users.html",
        users=accounts.list_users(database(), actor),
        organisations=accounts.list_organisations(database(), actor),
        roles=list(Role),
        sends_email=settings().sends_email,
        mail_languages=LANGUAGES,
        **extra,
    ), status


@blueprint.get("/users")
@login_required  # type: ignore[untyped-decorator]
def users() -> ResponseReturnValue:
    return _page(_admin())


@blueprint.post("/invitations")
@login_required  # type: ignore[untyped-decorator]
def invite() -> ResponseReturnValue:
    """Make a one-time invitation link, and email it when cardapp sends email; the link is shown either way."""
    actor = _admin()
    email = request.form.get("email", "")
    role, organisation_id = _role(request.form.get("role")), _organisation(request.form.get("organisation_id"))
    try:
        token = accounts.invite(database(), actor, email, role, organisation_id, dt.datetime.now(dt.UTC))
    except ServiceError as error:
        return _page(actor, error.status, invite_problem=_(error.key), invite_email=email)
    link = url_for("auth.invitation", token=token, _external=True)
    address = email.strip().lower()
    emailed = _email_invitation(actor, address, public_link(url_for("auth.invitation", token=token)), role,
                                organisation_id)
    return _page(actor, new_link=link, new_link_email=address, mail_sent=emailed)


def _email_invitation(actor: Actor, address: str, link: str, role: Role, organisation_id: int | None) -> bool | None:
    """True when the invitation went out by email, False when sending failed, None when cardapp sends none."""
    if not settings().sends_email:
        return None
    language = request.form.get("mail_language") or current_language()
    names = {o.id: o.name for o in accounts.list_organisations(database(), actor)}
    mail = invitation_email(address, link, role.value, names.get(organisation_id or 0, "cardapp"),
                            language if language in LANGUAGES else current_language())
    try:
        send(settings(), mail)
    except (OSError, smtplib.SMTPException) as error:
        log.error("invitation email could not be sent: %s", type(error).__name__)
        return False
    return True


@blueprint.post("/organisations")
@login_required  # type: ignore[untyped-decorator]
def create_organisation() -> ResponseReturnValue:
    actor = _admin()
    try:
        created = accounts.create_organisation(database(), actor, request.form.get("name", ""), dt.date.today())
    except ServiceError as error:
        return _page(actor, error.status, organisation_problem=_(error.key))
    flash(_("admin.organisation_created", name=created.name))
    return redirect(url_for("admin.users"), code=303)


@blueprint.post("/users/<int:user_id>")
@login_required  # type: ignore[untyped-decorator]
def update_user(user_id: int) -> ResponseReturnValue:
    actor = _admin()
    try:
        changed = accounts.update_user(
            database(), actor, user_id, _role(request.form.get("role")),
            _organisation(request.form.get("organisation_id")), request.form.get("active") == "yes",
        )
    except ServiceError as error:
        return _page(actor, error.status, user_problem=_(error.key))
    flash(_("admin.user_updated", email=changed.email))
    return redirect(url_for("admin.users"), code=303)


@blueprint.post("/users/<int:user_id>/reset-link")
@login_required  # type: ignore[untyped-decorator]
def reset_link(user_id: int) -> ResponseReturnValue:
    """Make a password reset link for someone, valid for an hour; the admin passes it on."""
    actor = _admin()
    try:
        token, email = password_resets.make_reset_link(database(), actor, user_id, dt.datetime.now(dt.UTC))
    except ServiceError as error:
        return _page(actor, error.status, user_problem=_(error.key))
    return _page(actor, reset_link=url_for("password_reset.reset", token=token, _external=True), reset_email=email)
