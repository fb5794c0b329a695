"""Which language a page is shown in: the visitor's saved choice, else their browser's wish."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, redirect, request
from werkzeug.wrappers.response import Response

from cardapp.callers import LANGUAGE_COOKIE as COOKIE
from cardapp.callers import language_of_request
from cardapp.i18n import DECK_LANGUAGE_NAMES, DEFAULT_LANGUAGE, LANGUAGES, supported_language, translate
from cardapp.web.redirects import local_path

ONE_YEAR = 365 * 24 * 3600

blueprint = Blueprint("language", __name__)


def init_app(app: Flask) -> None:
    app.before_request(_choose_language)
    app.context_processor(_template_helpers)
    app.register_blueprint(blueprint)


def _choose_language() -> None:
    g.lang = language_of_request()


def current_language() -> str:
    return str(getattr(g, "lang", DEFAULT_LANGUAGE))


def _(key: str, **params: object) -> str:
    return translate(key, current_language(), **params)


def _template_helpers() -> dict[str, object]:
    return {
        "_": _,
        "lang": current_language(),
        "languages": LANGUAGES,
        "deck_language_names": DECK_LANGUAGE_NAMES,
        "min_answers": current_app.config["CARDAPP"].min_answers,
    }


@blueprint.post("/language")
def choose_language() -> Response:
    """Remember the visitor's language in a cookie and go back to the page they were on."""
    language = supported_language(request.form.get("lang"))
    response = redirect(local_path(request.form.get("next")), code=303)
    if language:
        response.set_cookie(COOKIE, language, max_age=ONE_YEAR, httponly=True, samesite="Lax",
                            secure=request.is_secure)
    return response
