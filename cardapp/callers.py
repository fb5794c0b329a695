"""Who is calling: the signed-in person and the language they read, decided from server-side state.

Pages (web) and Socket.IO events (realtime) both ask here, so neither needs the other: a console
command is re-authorised with the same `current_actor` that guards the pages, and a refused
connection speaks the language the visitor chose on a page.
"""

from __future__ import annotations

from flask import Flask, request
from flask_login import LoginManager, UserMixin, current_user

from cardapp import extensions
from cardapp.domain.accounts import ADMIN_NOT_MEMBER, Actor
from cardapp.i18n import DEFAULT_LANGUAGE, supported_language
from cardapp.services import accounts
from cardapp.services.accounts import UserView

# The visitor's chosen language, set by the language form (web/language.py).
LANGUAGE_COOKIE = "cardapp_lang"

login_manager = LoginManager()


class SignedInUser(UserMixin):  # type: ignore[misc]
    """Flask-Login's view of a user; the id carries the auth version so a password change signs out."""

    def __init__(self, view: UserView) -> None:
        self.view = view

    def get_id(self) -> str:
        return f"{self.view.id}:{self.view.auth_version}"


def init_app(app: Flask) -> None:
    """Read the signed-in user from the session cookie on every request and Socket.IO event."""
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)


def _load_user(identifier: str) -> SignedInUser | None:
    try:
        user_id, version = (int(part) for part in identifier.split(":"))
    except ValueError:
        return None
    # Loaded afresh each time: a blocked user or a changed role takes effect at the next call.
    view = accounts.load_user(extensions.database.get(), user_id, version)
    return SignedInUser(view) if view else None


def current_actor() -> Actor | None:
    """The signed-in person, or None for visitors and participants."""
    return current_user.view.actor if current_user.is_authenticated else None


def language_of_request() -> str:
    """The visitor's saved choice, else their browser's wish, else English; also outside a page."""
    return supported_language(request.cookies.get(LANGUAGE_COOKIE)) or _from_browser() or DEFAULT_LANGUAGE


def _from_browser() -> str | None:
    for code, _quality in request.accept_languages:
        language = supported_language(code)
        if language:
            return language
    return None


def console_refusal(actor: Actor | None, organisation_id: int | None) -> str:
    """The message key for someone refused a workshop's console: an admin outside the organisation is
    told how to help (be invited by an organiser); anyone else learns only "not allowed"."""
    refused = actor.refused_workshops_of(organisation_id) if actor else None
    return ADMIN_NOT_MEMBER if refused == ADMIN_NOT_MEMBER else "socket.forbidden"
