"""Which language a page is shown in (the visitor's saved choice, else their browser's wish), its
interface text by key, and its dates and numbers through Flask-Babel."""

from __future__ import annotations

import datetime as dt

import flask_babel
from babel import dates as babel_dates
from flask import Blueprint, Flask, current_app, g, redirect, request
from flask_babel import Babel, format_date, format_decimal, format_percent, format_time, get_locale
from markupsafe import Markup, escape
from werkzeug.wrappers.response import Response

from cardapp.callers import LANGUAGE_COOKIE as COOKIE
from cardapp.callers import language_of_request
from cardapp.i18n import (
    DECK_LANGUAGE_NAMES,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    interface_language,
    plural_forms_of,
    supported_language,
    translate,
    translate_plural,
)
from cardapp.web.redirects import local_path

ONE_YEAR = 365 * 24 * 3600

blueprint = Blueprint("language", __name__)
# configure_jinja=False: Flask-Babel would install its own `_` (gettext by English msgid) in templates;
# cardapp's `_` looks text up by key (cardapp.i18n). Its date and number formatting is kept, as filters.
babel = Babel(configure_jinja=False)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=formatting_locale)
    app.before_request(_choose_language)
    app.context_processor(_template_helpers)
    app.jinja_env.filters.update(date=local_date, date_text=local_date_text, datetime=local_minute,
                                 decimal=format_decimal, percent=format_percent)
    app.register_blueprint(blueprint)


def _choose_language() -> None:
    g.lang = language_of_request()


def speak(language: str) -> None:
    """Answer this request in `language` rather than the visitor's (the projector speaks the workshop's)."""
    g.lang = language
    flask_babel.refresh()  # Flask-Babel keeps the locale it picked for the request


def current_language() -> str:
    return str(getattr(g, "lang", DEFAULT_LANGUAGE))


def formatting_locale() -> str:
    """The locale dates and numbers are written in: the page's language, with English written the
    British way (1 March 2027), as cardapp's English text is; Babel's bare `en` is American."""
    return locale_of(current_language())


def locale_of(language: str) -> str:
    """The Babel locale that writes `language`'s dates and numbers (English the British way)."""
    return "en_GB" if language == "en" else language


def date_in(day: dt.date, language: str, style: str = "long") -> str:
    """A date written in `language` rather than the page's: a printed document in its own language."""
    return str(babel_dates.format_date(day, style, locale=locale_of(language)))


def _(key: str, **params: object) -> str:
    if _has_markup(params):
        return Markup(escape(translate(key, current_language()))).format(**params)
    return translate(key, current_language(), **params)


def _n(key: str, count: int, **params: object) -> str:
    """The plural form of `key` for `count` in the page's language, with `{count}` filled in."""
    return translate_plural(key, count, current_language(), **params)


def _has_markup(params: dict[str, object]) -> bool:
    """A field that is already HTML (a `<time>` element from `|date`) must not be escaped into text:
    the sentence is escaped instead and the field set in as it is (Markup.format escapes the rest)."""
    return any(isinstance(value, Markup) for value in params.values())


def local_date(day: dt.date | None, style: str = "medium") -> Markup:
    """A date in the page's language (`4. des. 2026`), machine-readable in a `<time>` element."""
    if day is None:
        return Markup("–")
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), local_date_text(day, style))


def local_date_text(day: dt.date, style: str = "medium") -> str:
    """A date in the page's language as plain text, where markup may not go (an `<option>`)."""
    return str(format_date(day, style))


def local_minute(moment: dt.datetime) -> Markup:
    """A moment to the minute, no finer (`1 Mar 2027, 14:05 UTC`), in the page's language,
    machine-readable in a `<time>` element. UTC is Flask-Babel's default zone, which cardapp keeps."""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=dt.UTC)
    written = str(babel_dates.get_datetime_format("medium", get_locale())).replace("'", "") \
        .replace("{1}", str(format_date(moment, "medium"))).replace("{0}", str(format_time(moment, "short")))
    stamp = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
    return Markup('<time datetime="{}">{} UTC</time>').format(stamp, written)


def _template_helpers() -> dict[str, object]:
    return {
        "_": _,
        "_n": _n,
        "lang": current_language(),
        "languages": LANGUAGES,
        "deck_language_names": DECK_LANGUAGE_NAMES,
        "interface_language": interface_language,
        "plural_forms": plural_forms_of,
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
