"""The public pulse pages: type or scan a code, answer every question, send once. No account, no cookie
of our own (only the CSRF token's session), and the code never in a URL the server sees.

A QR slip links to `/pulse#CODE`: the fragment stays in the browser, where a small script moves it into
the form and out of the address bar (and so out of the history). Without scripts the person types it.
Wrong or used codes count against the same per-address limit as wrong room codes, so no one can try
codes faster than a few a minute.
"""

from __future__ import annotations

import datetime as dt
import math

from flask import Blueprint, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue

from cardapp import extensions
from cardapp.services import pulse_codes
from cardapp.services.errors import Invalid, ServiceError
from cardapp.web.context import database
from cardapp.web.language import _
from cardapp.web.rate_keys import address_key_of

blueprint = Blueprint("pulse_answers", __name__)


@blueprint.after_request
def _not_kept(response: Response) -> Response:
    """The questions page carries the code in a hidden field: no cache keeps it, nor any page of the flow."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _secret() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode()


def _code_page(code: str = "", problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template("pulse/code.html", code=code, problem=problem), status


def _too_many() -> ResponseReturnValue | None:
    """The code page with a wait, when this address sent too many wrong codes: no code is looked up, so
    a guesser learns nothing, not even whether a valid code would have been accepted."""
    wait = extensions.wrong_codes.get().retry_after(address_key_of(request.remote_addr))
    if wait > 0:
        return render_template("pulse/code.html", code="", problem=_("pulse.too_many_attempts")), 429, {
            "Retry-After": str(math.ceil(wait))}
    return None


def _refused_code(error: ServiceError, typed: str) -> ResponseReturnValue:
    extensions.wrong_codes.get().allow(address_key_of(request.remote_addr))  # one wrong try spent
    return _code_page(typed, _(error.key), error.status)


@blueprint.get("/pulse")
def code_form() -> ResponseReturnValue:
    return _code_page()


@blueprint.post("/pulse")
def questions() -> ResponseReturnValue:
    """A valid, unused code opens the questionnaire; the code travels on in a hidden field, never a URL."""
    typed = request.form.get("code", "")
    waiting = _too_many()
    if waiting is not None:
        return waiting
    try:
        found = pulse_codes.open_pulse_for(database(), _secret(), typed, dt.date.today())
    except ServiceError as error:
        return _refused_code(error, typed)
    return render_template("pulse/questions.html", pulse=found, code=typed, chosen={}, problem=None)


@blueprint.post("/pulse/answers")
def send() -> ResponseReturnValue:
    """All answers at once: counted, the code spent, and a thank-you; or the form again with what to fix."""
    typed = request.form.get("code", "")
    waiting = _too_many()
    if waiting is not None:
        return waiting
    chosen = {key.removeprefix("q-"): value for key, value in request.form.items() if key.startswith("q-")}
    try:
        pulse_codes.send_answers(database(), _secret(), typed, chosen, dt.date.today())
    except Invalid as error:
        try:
            found = pulse_codes.open_pulse_for(database(), _secret(), typed, dt.date.today())
        except ServiceError as again:
            return _refused_code(again, typed)
        return render_template("pulse/questions.html", pulse=found, code=typed, chosen=chosen,
                               problem=_(error.key)), error.status
    except ServiceError as error:
        return _refused_code(error, typed)
    return render_template("pulse/thanks.html")
