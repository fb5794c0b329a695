"""Who may do what: roles, email and password rules. Plain Python, no web or database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # the whole server: organisations and users
    ORGANISER = "organiser"  # decks and workshops of their organisation
    FACILITATOR = "facilitator"  # runs workshops of their organisation


class AccountError(Exception):
    """A rule about accounts was broken; `code` is stable, the message is for people."""

    code = "account_error"


class InvalidEmail(AccountError):
    code = "invalid_email"


class WeakPassword(AccountError):
    code = "weak_password"


class NotAllowed(AccountError):
    code = "forbidden"


# The message a server admin gets at a console, agenda or report of an organisation they are not in.
ADMIN_NOT_MEMBER = "privacy.admin_not_member"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
# The most common passwords of every breach list; length alone would let some through.
_COMMON_PASSWORDS = frozenset(
    {
        "123456789012", "password1234", "qwertyuiop12", "passwordpassword", "111111111111",
        "iloveyou1234", "adminadmin12", "welcome12345", "letmein12345", "123456123456",
        "sommer123456", "passord12345", "qwerty123456", "abcdefghijkl", "000000000000",
    }
)


def normalised_email(email: str) -> str:
    """The email as stored: trimmed and lowercased, or InvalidEmail."""
    value = email.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidEmail("invalid_email")
    return value


def check_password(password: str, email: str = "") -> None:
    """Raise WeakPassword unless the password is long, not common and not the email."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword("password_too_short")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword("password_too_long")
    lowered = password.lower()
    if lowered in _COMMON_PASSWORDS or len(set(lowered)) < 4:
        raise WeakPassword("password_too_common")
    name = email.split("@")[0].lower() if email else ""
    if len(name) >= 3 and name in lowered:  # a one- or two-letter name would forbid half the alphabet
        raise WeakPassword("password_contains_email")


@dataclass(frozen=True)
class Actor:
    """The signed-in person a request acts for."""

    user_id: int
    role: Role
    organisation_id: int | None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def may_manage_users(self) -> bool:
        return self.is_admin

    def may_see_organisation(self, organisation_id: int | None) -> bool:
        """Whether the actor may see an organisation's content (its decks): its own people only.

        A server admin is no exception, as with workshops (docs/privacy.md, "Who can open a
        workshop"): an admin manages accounts and organisations, not what an organisation wrote.
        """
        return organisation_id is not None and organisation_id == self.organisation_id

    def may_edit_decks_of(self, organisation_id: int | None) -> bool:
        """Organisers (and admins who are members) edit their own organisation's decks."""
        if organisation_id is None:  # shipped decks are read-only for everyone
            return False
        return self.may_see_organisation(organisation_id) and (self.role is Role.ORGANISER or self.is_admin)

    def may_invite(self, role: Role, organisation_id: int | None) -> bool:
        """Admins invite anyone anywhere; an organiser invites facilitators and organisers into their
        own organisation. So the organisation decides who opens its workshops: a server admin who is
        to help is invited by its organiser, and is then listed among its members."""
        if self.is_admin:
            return True
        return (self.role is Role.ORGANISER and role is not Role.ADMIN and organisation_id is not None
                and organisation_id == self.organisation_id)

    def may_run_workshops_of(self, organisation_id: int | None) -> bool:
        """The organisation's own facilitators and organisers only: its consoles, their moderation
        queues, its agendas, projector links and reports. A server admin is no exception: an admin
        manages accounts and organisations, and helps an organisation only as one of its members,
        on an account the organisation sees in its member list. There is no way around this rule."""
        return organisation_id is not None and organisation_id == self.organisation_id

    def refused_workshops_of(self, organisation_id: int | None) -> str | None:
        """Why the actor may not run the organisation's workshops (a message key), or None if they may.

        An admin is told plainly how to help; anyone else learns nothing about another
        organisation's workshops, not even that one exists.
        """
        if self.may_run_workshops_of(organisation_id):
            return None
        return ADMIN_NOT_MEMBER if self.is_admin else "workshop.not_found"


def required_organisation(role: Role, organisation_id: int | None) -> None:
    """Organisers and facilitators belong to an organisation; an admin may have none."""
    if role is not Role.ADMIN and organisation_id is None:
        raise NotAllowed("organisation_required")
