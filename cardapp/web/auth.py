"""Signing in and out, the first admin's set-up link, invitations and changing one's password."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from cardapp.callers import SignedInUser, current_actor, login_manager
from cardapp.domain.accounts import Actor
from cardapp.domain.rate_limits import RateLimit
from cardapp.extensions import Bound
from cardapp.services import accounts
from cardapp.services.errors import ServiceError
from cardapp.web.context import database, service_error_page
from cardapp.web.language import _
from cardapp.web.rate_keys import address_key_of, limit_key
from cardapp.web.redirects import local_path

blueprint = Blueprint("auth", __name__)


@dataclass(frozen=True)
class SignInLimits:
    """Sign-in guesses, counted per email and per address."""

    per_email: RateLimit
    per_address: RateLimit


sign_in_limits: Bound[SignInLimits] = Bound("sign_in_limits")


def init_app(app: Flask) -> None:
    # Who is signed in is decided in cardapp.callers (web and Socket.IO share it); this is the page side.
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None  # the sign-in page explains itself
    # Sign-in guesses: per email a burst of 5, then one a minute; per address 20, then one in 10 s.
    sign_in_limits.bind(app, SignInLimits(per_email=RateLimit(5, 1 / 60), per_address=RateLimit(20, 1 / 10)))
    app.register_blueprint(blueprint)


def require_actor() -> Actor:
    actor = current_actor()
    if actor is None:
        abort(401)
    return actor


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def safe_next(target: str | None) -> str:
    return local_path(target, url_for("pages.home"))


def _sign_in_allowed(email: str) -> bool:
    # Keys are hashed and held only in memory: neither the address nor the email is kept or logged.
    limits = sign_in_limits.get()
    email_key = limit_key(email.strip().lower())
    address_key = address_key_of(request.remote_addr)
    return bool(limits.per_address.allow(address_key) and limits.per_email.allow(email_key))


@blueprint.route("/signin", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("auth/signin.html", email="", problem=None, next=request.args.get("next", ""))
    email = request.form.get("email", "")
    next_page = request.form.get("next", "")
    if not _sign_in_allowed(email):
        return render_template("auth/signin.html", email=email, problem=_("account.too_many_attempts"),
                               next=next_page), 429
    try:
        user = accounts.authenticate(database(), email, request.form.get("password", ""))
    except ServiceError as error:
        return render_template("auth/signin.html", email=email, problem=_(error.key), next=next_page), error.status
    login_user(SignedInUser(user))
    return redirect(safe_next(next_page), code=303)


@blueprint.post("/signout")
def sign_out() -> ResponseReturnValue:
    logout_user()
    return redirect(url_for("pages.home"), code=303)


@blueprint.route("/setup/<token>", methods=["GET", "POST"])
def first_admin(token: str) -> ResponseReturnValue:
    """The one-time link printed at start while no admin exists: the first admin and their organisation."""
    return _accept(token, template="auth/setup.html", asks_organisation=True)


@blueprint.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> ResponseReturnValue:
    return _accept(token, template="auth/invitation.html")


def _accept(token: str, template: str, asks_organisation: bool = False) -> ResponseReturnValue:
    try:
        invited = accounts.find_invitation(database(), token, _now())
    except ServiceError as error:
        return service_error_page(error)
    organisation_name = request.form.get("organisation", "") if asks_organisation else None
    values: dict[str, Any] = {"invitation": invited, "email": request.form.get("email", ""), "problem": None,
                              "organisation": organisation_name or ""}
    if request.method == "GET":
        return render_template(template, **values)
    password = request.form.get("password", "")
    if password != request.form.get("confirm", ""):
        return render_template(template, **{**values, "problem": _("account.passwords_differ")}), 422
    try:
        user = accounts.accept_invitation(database(), token, password, _now(), email=values["email"],
                                          organisation_name=organisation_name)
    except ServiceError as error:
        return render_template(template, **{**values, "problem": _(error.key)}), error.status
    login_user(SignedInUser(user))
    if user.actor.is_admin and user.organisation_name:
        flash(_("ops.setup.welcome", organisation=user.organisation_name))
        return redirect(url_for("workshops.workshop_list"), code=303)
    flash(_("account.welcome"))
    return redirect(url_for("admin.users") if user.actor.is_admin else url_for("pages.home"), code=303)


@blueprint.route("/account", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def account() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("auth/account.html", problem=None)
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm", ""):
        return render_template("auth/account.html", problem=_("account.passwords_differ")), 422
    try:
        user = accounts.change_password(database(), current_user.view.id, request.form.get("current_password", ""), new)
    except ServiceError as error:
        return render_template("auth/account.html", problem=_(error.key)), error.status
    login_user(SignedInUser(user))  # this browser stays signed in with the new version
    flash(_("account.password_changed"))
    return redirect(url_for("auth.account"), code=303)
