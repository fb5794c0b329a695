"""The HTTP side: pages, accounts, the JSON API, security headers, CSRF and error pages."""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from cardapp.domain.numbers import LARGEST_STORED

csrf = CSRFProtect()


class StoredId(IntegerConverter):
    """`int` in a route: a whole number no larger than the database stores."""

    def __init__(self, url_map: Any, fixed_digits: int = 0, min: int | None = None,  # noqa: A002 (werkzeug's name)
                 max: int | None = LARGEST_STORED, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class _SessionCookies(SecureCookieSessionInterface):
    """Session cookies are Secure whenever the page itself came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


def init_web(app: Flask) -> None:
    from cardapp.web import (
        admin,
        api,
        audit,
        auth,
        card_sheets,
        deck_api,
        decks,
        drafts,
        errors,
        health,
        identity,
        identity_settings,
        language,
        organisation,
        pages,
        password_reset,
        programme,
        programme_guidelines,
        programme_plan,
        pulse,
        pulse_answers,
        reports,
        security,
        workshop_templates,
        workshops,
    )

    proxies = app.config["CARDAPP"].trusted_proxies
    if proxies:
        # Behind nginx: believe X-Forwarded-Proto and -Host from that many proxies, so HTTPS is seen.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.session_interface = _SessionCookies()
    app.config.update(
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # tied to the session instead, so a long workshop never expires a form
        WTF_CSRF_SSL_STRICT=True,
    )
    # Every `<int:…>` id in an address is at most the largest id the database stores: a longer number
    # is "not found" (404), not an overflow in the database driver (500).
    app.url_map.converters["int"] = StoredId
    language.init_app(app)  # first, so that even a refused request is answered in the visitor's language
    csrf.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    drafts.init_app(app)
    identity.init_app(app)
    password_reset.init_app(app)
    pages.init_app(app)
    health.init_app(app)
    app.register_blueprint(decks.blueprint)
    app.register_blueprint(card_sheets.blueprint)
    deck_api.init_app(app)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(workshops.blueprint)
    app.register_blueprint(workshop_templates.blueprint)
    app.register_blueprint(organisation.blueprint)
    app.register_blueprint(identity_settings.blueprint)
    app.register_blueprint(reports.blueprint)
    app.register_blueprint(audit.blueprint)
    app.register_blueprint(programme.blueprint)
    app.register_blueprint(programme_plan.blueprint)
    app.register_blueprint(programme_guidelines.blueprint)
    app.register_blueprint(pulse.blueprint)
    app.register_blueprint(pulse_answers.blueprint)
