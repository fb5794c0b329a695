"""Password reset links: single use, valid for an hour, stored only as a hash of their token."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain.accounts import AccountError, Actor, check_password
from cardapp.services.accounts import UserView, user_view
from cardapp.services.errors import Forbidden, Invalid, NotFound
from cardapp.services.passwords import hash_password
from cardapp.store.database import Database
from cardapp.store.identity import PasswordReset
from cardapp.store.models import User

RESET_LIFETIME = dt.timedelta(hours=1)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(session: Session, user: User, now: dt.datetime) -> str:
    # Only the newest link works: a person who asked twice uses the last email.
    for older in session.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id,
                                                             PasswordReset.used.is_(False))):
        older.used = True
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(token_sha256=_token_hash(token), user_id=user.id,
                              expires_at=now + RESET_LIFETIME, used=False))
    return token


def request_reset(database: Database, email: str, now: dt.datetime) -> str | None:
    """A reset token for the active account with this email, or None; callers answer alike either way."""
    with database.transaction() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None or not user.active:
            return None
        return _new_link(session, user, now)


def make_reset_link(database: Database, actor: Actor, user_id: int, now: dt.datetime) -> tuple[str, str]:
    """An admin makes a reset link for someone (when cardapp sends no email); returns (token, email)."""
    if not actor.may_manage_users():
        raise Forbidden("account.forbidden")
    with database.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("account.no_such_user")
        if not user.active:
            raise Invalid("reset.user_blocked")
        return _new_link(session, user, now), user.email


def _open_reset(session: Session, token: str, now: dt.datetime) -> tuple[PasswordReset, User]:
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_sha256 == _token_hash(token)))
    expires_at = reset.expires_at if reset else None
    if expires_at is not None and expires_at.tzinfo is None:  # SQLite hands back naive UTC
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    user = session.get(User, reset.user_id) if reset else None
    if reset is None or reset.used or expires_at is None or expires_at <= now or user is None or not user.active:
        raise NotFound("reset.link_invalid")
    return reset, user


def reset_email(database: Database, token: str, now: dt.datetime) -> str:
    """The email a working reset link is for, or NotFound."""
    with database.transaction() as session:
        return _open_reset(session, token, now)[1].email


def reset_password(database: Database, token: str, password: str, now: dt.datetime) -> UserView:
    """Set the new password, use up the link, and sign the person out of every other browser."""
    with database.transaction() as session:
        reset, user = _open_reset(session, token, now)
        try:
            check_password(password, user.email)
        except AccountError as error:
            raise Invalid(f"account.{error.args[0]}") from None
        user.password_hash = hash_password(password)
        user.auth_version += 1
        reset.used = True
        return user_view(session, user)
