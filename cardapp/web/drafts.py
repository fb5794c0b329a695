"""Drafts the deck editor keeps in the browser (localStorage), named per signed-in person.

A shared computer keeps localStorage from one person to the next. The editor's draft key therefore
carries an opaque name for the signed-in person: a keyed hash of their user id with the server's
secret, the same on every visit and in every process, but neither the id nor an email. The next
person who signs in on that browser is never offered someone else's unsaved deck, and signing out
removes the drafts of the person signing out (static/js/sign_out.js).
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app

from cardapp.callers import current_actor


def init_app(app: Flask) -> None:
    app.context_processor(_template_values)


def draft_owner(user_id: int) -> str:
    """The signed-in person's name in their drafts' localStorage keys."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"deck-draft:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def _template_values() -> dict[str, str]:
    # The sign-out form carries it, so that signing out can remove this person's drafts.
    actor = current_actor()
    return {"draft_owner": draft_owner(actor.user_id) if actor is not None else ""}
