"""Forgotten passwords: a reset link by email when cardapp sends email, else the page says to ask an admin.

The answer to a reset request is the same whether or not the email has an account, and takes as
long: the email is sent in the background.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from cardapp import extensions
from cardapp.domain.rate_limits import RateLimit
from cardapp.mailer import send_in_background
from cardapp.services import password_resets
from cardapp.services.errors import ServiceError
from cardapp.web.context import database, service_error_page
from cardapp.web.emails import public_link, reset_email, settings
from cardapp.web.language import _, current_language
from cardapp.web.rate_keys import address_key_of, limit_key

blueprint = Blueprint("password_reset", __name__)
# Per email and per address.
reset_limits: extensions.Bound[tuple[RateLimit, RateLimit]] = extensions.Bound("reset_limits")


def init_app(app: Flask) -> None:
    # Reset requests send email: per email 3, then one every 10 minutes; per address 10, then one a minute.
    reset_limits.bind(app, (RateLimit(3, 1 / 600), RateLimit(10, 1 / 60)))
    app.register_blueprint(blueprint)


def _allowed(email: str) -> bool:
    # Keys are hashed and held only in memory: neither the address nor the email is kept or logged.
    per_email, per_address = reset_limits.get()
    return bool(per_address.allow(address_key_of(request.remote_addr)) and per_email.allow(limit_key(email)))


@blueprint.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> ResponseReturnValue:
    sends_email = settings().sends_email
    if request.method == "GET" or not sends_email:
        return render_template("auth/forgot.html", sends_email=sends_email, sent=False, problem=None, email="")
    email = request.form.get("email", "").strip().lower()
    if "@" not in email or len(email) > 254:
        return render_template("auth/forgot.html", sends_email=True, sent=False, email=email,
                               problem=_("account.invalid_email")), 422
    if not _allowed(email):
        return render_template("auth/forgot.html", sends_email=True, sent=False, email=email,
                               problem=_("reset.too_many_requests")), 429
    token = password_resets.request_reset(database(), email, dt.datetime.now(dt.UTC))
    if token is not None:
        link = public_link(url_for("password_reset.reset", token=token))
        send_in_background(settings(), reset_email(email, link, current_language()), "password reset")
    return render_template("auth/forgot.html", sends_email=True, sent=True, problem=None, email="")


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> ResponseReturnValue:
    """The link from the email (or from an admin): choose a new password, once, within the hour."""
    now = dt.datetime.now(dt.UTC)
    try:
        email = password_resets.reset_email(database(), token, now)
    except ServiceError as error:
        return service_error_page(error)
    if request.method == "GET":
        return render_template("auth/reset.html", email=email, problem=None)
    password = request.form.get("password", "")
    if password != request.form.get("confirm", ""):
        return render_template("auth/reset.html", email=email, problem=_("account.passwords_differ")), 422
    try:
        password_resets.reset_password(database(), token, password, now)
    except ServiceError as error:
        return render_template("auth/reset.html", email=email, problem=_(error.key)), error.status
    flash(_("reset.done"))
    return redirect(url_for("auth.sign_in"), code=303)
