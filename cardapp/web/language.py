"""Which language a page is shown in: the visitor's saved choice, else their browser's wish."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, redirect, request
from werkzeug.wrappers.response import Response

from cardapp.i18n import DEFAULT_LANGUAGE, LANGUAGES, supported_language, translate
from cardapp.web.redirects import local_path

COOKIE = "cardapp_lang"
ONE_YEAR = 365 * 24 * 3600

blueprint = Blueprint("language", __name__)


def init_app(app: Flask) -> None:
    app.before_request(_choose_language)
    app.context_processor(_template_helpers)
    app.register_blueprint(blueprint)


def _choose_language() -> None:
    g.lang = supported_language(request.cookies.get(COOKIE)) or _from_browser() or DEFAULT_LANGUAGE


def _from_browser() -> str | None:
    for code, _quality in request.accept_languages:
        language = supported_language(code)
        if language:
            return language
    return None


def current_language_of_request() -> str:
    """The language of the request being handled, also outside a page (e.g. a Socket.IO connect)."""
    return supported_language(request.cookies.get(COOKIE)) or _from_browser() or DEFAULT_LANGUAGE


def current_language() -> str:
    return str(getattr(g, "lang", DEFAULT_LANGUAGE))


def _(key: str, **params: object) -> str:
    return translate(key, current_language(), **params)


def _template_helpers() -> dict[str, object]:
    return {
        "_": _,
        "lang": current_language(),
        "languages": LANGUAGES,
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
