"""Accounts: the first admin, invitations, sign-in, passwords, roles and organisations."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cardapp.domain.accounts import (
    AccountError,
    Actor,
    Role,
    check_password,
    normalised_email,
    required_organisation,
)
from cardapp.domain.audit import SubjectKind, member_changes
from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_line, folded_lines, has_hidden_characters
from cardapp.services import audit
from cardapp.services.errors import Conflict, Forbidden, Invalid, InvalidCredentials, NotFound
from cardapp.services.passwords import hash_password, password_matches
from cardapp.store.database import Database
from cardapp.store.models import Invitation, Organisation, User

INVITATION_LIFETIME = dt.timedelta(days=7)
SETUP_LINK_LIFETIME = dt.timedelta(hours=24)


@dataclass(frozen=True)
class UserView:
    id: int
    email: str
    role: Role
    organisation_id: int | None
    organisation_name: str | None
    auth_version: int
    active: bool

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.role, self.organisation_id)


@dataclass(frozen=True)
class InvitationView:
    email: str | None
    role: Role
    organisation_name: str | None


@dataclass(frozen=True)
class OrganisationView:
    id: int
    slug: str
    name: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invalid(error: AccountError) -> Invalid:
    return Invalid(f"account.{error.args[0]}")


def user_view(session: Session, user: User) -> UserView:
    organisation = session.get(Organisation, user.organisation_id) if user.organisation_id else None
    return UserView(
        user.id, user.email, Role(user.role), user.organisation_id,
        organisation.name if organisation else None, user.auth_version, user.active,
    )


def admin_exists(database: Database) -> bool:
    with database.transaction() as session:
        return _active_admins(session) > 0


def create_setup_link(database: Database, now: dt.datetime) -> str:
    """A one-time token for creating the first admin; earlier unused set-up links stop working."""
    token = secrets.token_urlsafe(32)
    with database.transaction() as session:
        if session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN.value)):
            raise Conflict("account.admin_exists")
        for old in session.scalars(select(Invitation).where(Invitation.email.is_(None), Invitation.used.is_(False))):
            old.used = True
        session.add(Invitation(token_sha256=_token_hash(token), email=None, role=Role.ADMIN.value,
                               expires_at=now + SETUP_LINK_LIFETIME, used=False))
    return token


def invite(
    database: Database, actor: Actor, email: str, role: Role, organisation_id: int | None, now: dt.datetime
) -> str:
    """A one-time link for `email` to set a password and join with `role`."""
    if not actor.may_invite(role, organisation_id):
        raise Forbidden("account.forbidden")
    try:
        address = normalised_email(email)
        required_organisation(role, organisation_id)
    except AccountError as error:
        raise _invalid(error) from None
    token = secrets.token_urlsafe(32)
    with database.transaction() as session:
        if organisation_id is not None and session.get(Organisation, organisation_id) is None:
            raise NotFound("account.no_such_organisation")
        if session.scalar(select(User.id).where(User.email == address)):
            raise Conflict("account.email_taken")
        session.add(Invitation(
            token_sha256=_token_hash(token), email=address, role=role.value, organisation_id=organisation_id,
            invited_by_id=actor.user_id or None, expires_at=now + INVITATION_LIFETIME, used=False,
        ))
    return token


def _open_invitation(session: Session, token: str, now: dt.datetime) -> Invitation:
    invitation = session.scalar(select(Invitation).where(Invitation.token_sha256 == _token_hash(token)))
    expires_at = invitation.expires_at if invitation else None
    if expires_at is not None and expires_at.tzinfo is None:  # SQLite hands back naive UTC
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    if invitation is None or invitation.used or expires_at is None or expires_at < now:
        raise NotFound("account.link_invalid")
    return invitation


def find_invitation(database: Database, token: str, now: dt.datetime) -> InvitationView:
    with database.transaction() as session:
        invitation = _open_invitation(session, token, now)
        organisation = session.get(Organisation, invitation.organisation_id) if invitation.organisation_id else None
        return InvitationView(invitation.email, Role(invitation.role), organisation.name if organisation else None)


def accept_invitation(
    database: Database, token: str, password: str, now: dt.datetime, email: str | None = None,
    organisation_name: str | None = None,
) -> UserView:
    """Create the invited user (or the first admin, who types their own email) with a password.

    The first admin may name their organisation: it is created with them, in the same transaction,
    and they belong to it, so they can run a workshop at once."""
    with database.transaction() as session:
        invitation = _open_invitation(session, token, now)
        try:
            address = normalised_email(invitation.email or email or "")
            check_password(password, address)
        except AccountError as error:
            raise _invalid(error) from None
        if session.scalar(select(User.id).where(User.email == address)):
            raise Conflict("account.email_taken")
        organisation_id = invitation.organisation_id
        if organisation_name is not None and invitation.email is None:
            # The set-up link makes its holder admin of everything: naming a known organisation joins it.
            known = session.scalar(select(Organisation).where(
                func.lower(Organisation.name) == " ".join(organisation_name.split()).lower()))
            organisation_id = (known or _add_organisation(session, organisation_name, now.date())).id
        user = User(email=address, password_hash=hash_password(password), role=invitation.role,
                    organisation_id=organisation_id, auth_version=1, active=True,
                    created_on=now.date())
        session.add(user)
        invitation.used = True
        session.flush()
        return user_view(session, user)


def authenticate(database: Database, email: str, password: str) -> UserView:
    """The active user with this email and password, or InvalidCredentials (never which was wrong)."""
    with database.transaction() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        stored = user.password_hash if user is not None and user.active else None
        if not password_matches(stored, password) or user is None:
            raise InvalidCredentials("account.invalid_credentials")
        return user_view(session, user)


def load_user(database: Database, user_id: int, auth_version: int) -> UserView | None:
    """The signed-in user, unless deactivated or their password changed since they signed in."""
    with database.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not user.active or user.auth_version != auth_version:
            return None
        return user_view(session, user)


def change_password(database: Database, user_id: int, current: str, new: str) -> UserView:
    """Set a new password; every other browser signed in as this user is signed out."""
    with database.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not password_matches(user.password_hash, current):
            raise InvalidCredentials("account.wrong_current_password")
        try:
            check_password(new, user.email)
        except AccountError as error:
            raise _invalid(error) from None
        user.password_hash = hash_password(new)
        user.auth_version += 1
        return user_view(session, user)


def list_users(database: Database, actor: Actor) -> list[UserView]:
    if not actor.may_manage_users():
        raise Forbidden("account.forbidden")
    with database.transaction() as session:
        return [user_view(session, user) for user in session.scalars(select(User).order_by(User.email))]


def list_organisations(database: Database, actor: Actor) -> list[OrganisationView]:
    with database.transaction() as session:
        query = select(Organisation).order_by(Organisation.name)
        if not actor.is_admin:
            query = query.where(Organisation.id == actor.organisation_id)
        return [OrganisationView(o.id, o.slug, o.name) for o in session.scalars(query)]


def create_organisation(database: Database, actor: Actor, name: str, today: dt.date) -> OrganisationView:
    if not actor.may_manage_users():
        raise Forbidden("account.forbidden")
    with database.transaction() as session:
        organisation = _add_organisation(session, name, today)
        return OrganisationView(organisation.id, organisation.slug, organisation.name)


def _add_organisation(session: Session, name: str, today: dt.date) -> Organisation:
    cleaned = folded_line(name)
    if not 2 <= len(cleaned) <= 200:
        raise Invalid("account.organisation_name")
    if has_hidden_characters(cleaned, emoji_allowed=False):  # a name that looks like another's must be another's
        raise Invalid(HIDDEN_CHARACTERS)
    slug = re.sub(r"[^a-z0-9]+", "-", cleaned.lower()).strip("-")[:56].strip("-") or "organisation"
    if session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == cleaned.lower())):
        raise Conflict("account.organisation_exists")
    taken = set(session.scalars(select(Organisation.slug).where(Organisation.slug.like(f"{slug}%"))))
    unique_slug, number = slug, 2
    while unique_slug in taken:
        unique_slug, number = f"{slug}-{number}", number + 1
    organisation = Organisation(slug=unique_slug, name=cleaned, created_on=today)
    session.add(organisation)
    session.flush()
    return organisation


HELP_TEXT_LIMIT = 1000


def organisation_help_text(database: Database, actor: Actor) -> str | None:
    with database.transaction() as session:
        organisation = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        return organisation.help_text if organisation else None


def set_organisation_help_text(database: Database, actor: Actor, text: str) -> None:
    """Where people can get help, shown on every phone when a workshop of the organisation ends."""
    if not actor.may_edit_decks_of(actor.organisation_id):
        raise Forbidden("account.only_organisers")
    cleaned = folded_lines(text)
    if len(cleaned) > HELP_TEXT_LIMIT:
        raise Invalid("account.help_text_too_long")
    if has_hidden_characters(cleaned, lines_allowed=True):  # every phone shows it when a workshop ends
        raise Invalid(HIDDEN_CHARACTERS)
    with database.transaction() as session:
        organisation = session.get(Organisation, actor.organisation_id)
        if organisation is None:
            raise NotFound("account.no_such_organisation")
        organisation.help_text = cleaned or None


def update_user(
    database: Database, actor: Actor, user_id: int, role: Role, organisation_id: int | None, active: bool
) -> UserView:
    """Change a user's role, organisation or access; the last active admin cannot be removed."""
    if not actor.may_manage_users():
        raise Forbidden("account.forbidden")
    try:
        required_organisation(role, organisation_id)
    except AccountError as error:
        raise _invalid(error) from None
    with database.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("account.no_such_user")
        if organisation_id is not None and session.get(Organisation, organisation_id) is None:
            raise NotFound("account.no_such_organisation")
        losing_admin = user.role == Role.ADMIN.value and user.active and (role is not Role.ADMIN or not active)
        if losing_admin and _active_admins(session) <= 1:
            raise Conflict("account.last_admin")
        before = (user.role, user.organisation_id, user.active)
        if (role.value, organisation_id, active) != before:
            user.auth_version += 1  # a changed role takes effect at once, in every browser
            for action, detail in member_changes(before, (role.value, organisation_id, active)):
                audit.record(session, actor, action, SubjectKind.MEMBER, user.id, user.email, detail=detail,
                             organisation_id=organisation_id or user.organisation_id)
        user.role, user.organisation_id, user.active = role.value, organisation_id, active
        return user_view(session, user)


def _active_admins(session: Session) -> int:
    return session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active.is_(True))
    ) or 0
