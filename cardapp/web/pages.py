"""The public pages: home, joining a workshop by room code, and the phone's page (probes: health.py)."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from cardapp import extensions
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.rate_limits import RateLimit
from cardapp.i18n import DECK_LANGUAGE_NAMES, texts_with_prefix
from cardapp.services import workshops
from cardapp.services.errors import ServiceError
from cardapp.web.context import database
from cardapp.web.language import _, current_language
from cardapp.web.rate_keys import address_key_of

blueprint = Blueprint("pages", __name__)

PARTICIPANT_COOKIE_SECONDS = 24 * 3600


def init_app(app: Flask) -> None:
    # Guessing room codes: 10 wrong codes per address, then one every 3 seconds. Only wrong codes
    # count: a whole room joining at once shares one address behind the venue's Wi-Fi. With several
    # processes the cluster counts them in Redis, so a guesser gains nothing by reaching another one.
    local = RateLimit(burst=10, per_second=1 / 3)
    extensions.wrong_codes.bind(app, extensions.cluster.of(app).wrong_code_limit(local))
    app.register_blueprint(blueprint)


@blueprint.get("/")
def home() -> str:
    return render_template("home.html", deck_count=len(extensions.decks.get().decks))


@blueprint.get("/join")
def join() -> str:
    return render_template("join.html", code=request.args.get("code", ""), problem=None)


@blueprint.get("/j/<code>")
def join_link(code: str) -> ResponseReturnValue:
    """The QR code's link: the join page with the code filled in, one tap from joining."""
    return render_template("join.html", code=code, problem=None, from_link=True)


@blueprint.post("/join")
def join_workshop() -> ResponseReturnValue:
    """A phone joins: a random token in an HttpOnly cookie is all that links it to its answers."""
    typed = request.form.get("code", "")
    address_key = address_key_of(request.remote_addr)
    wrong_codes = extensions.wrong_codes.get()
    if wrong_codes.retry_after(address_key) > 0:
        return render_template("join.html", code=typed, problem=_("join.too_many_attempts")), 429
    try:
        summary = workshops.open_workshop_by_code(database(), typed)
        # A phone that rescans the QR code is the same participant, never counted twice (promise 7).
        known = request.cookies.get(workshops.participant_cookie(summary.id))
        if workshops.participant_for(database(), summary.id, known) is not None:
            return redirect(url_for("pages.phone", workshop_id=summary.id), code=303)
        token = workshops.join_workshop(database(), summary.id, current_language())
    except ServiceError as error:
        wrong_codes.allow(address_key)
        return render_template("join.html", code=typed, problem=_(error.key)), error.status
    response = redirect(url_for("pages.phone", workshop_id=summary.id), code=303)
    response.set_cookie(workshops.participant_cookie(summary.id), token, max_age=PARTICIPANT_COOKIE_SECONDS,
                        httponly=True, samesite="Lax", secure=request.is_secure)
    return response


@blueprint.get("/w/<int:workshop_id>")
def phone(workshop_id: int) -> ResponseReturnValue:
    summary = workshops.workshop_summary(database(), workshop_id)
    if summary is None:
        return render_template("join.html", code="", problem=_("join.no_such_room")), 404
    if summary.status == WorkshopStatus.ENDED:
        return render_template("workshop/closed.html", help_text=summary.help_text)
    token = request.cookies.get(workshops.participant_cookie(workshop_id))
    if workshops.participant_for(database(), workshop_id, token) is None:
        return redirect(url_for("pages.join"), code=303)  # never the room code: that is the room's secret
    offered = [(code, DECK_LANGUAGE_NAMES.get(code, code)) for code in summary.languages]
    return render_template("workshop/phone.html", workshop_id=workshop_id, deck_languages=offered,
                           texts=texts_with_prefix("live.", current_language()))
