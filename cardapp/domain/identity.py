"""Rules for signing in through an organisation's identity provider: settings, email domains, roles.

Plain Python. The provider proves who someone is; these rules decide whether cardapp lets them in
and with which role. A provider can never make anyone an admin.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from cardapp.domain.accounts import InvalidEmail, Role, normalised_email

# Roles a provider may hand out; admin is never one of them, whatever its claims say.
PROVIDER_ROLES = (Role.ORGANISER, Role.FACILITATOR)
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_CLAIM_NAME = re.compile(r"^[A-Za-z0-9_:./-]{1,100}$")
_SCOPE = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]{1,100}$")
MAX_RULES = 20
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class IdentityError(Exception):
    """A provider setting or a sign-in broke a rule; `args[0]` names the message."""


class InvalidProviderSettings(IdentityError):
    """The settings an organiser typed cannot be used."""


class SignInRefused(IdentityError):
    """The provider vouched for someone whom these rules do not let in."""


@dataclass(frozen=True)
class RoleRule:
    """When the role claim holds `value`, the person gets `role`."""

    value: str
    role: Role


@dataclass(frozen=True)
class ProviderRules:
    """Who may come in through a provider, and with which role."""

    allowed_domains: tuple[str, ...]
    role_claim: str
    role_rules: tuple[RoleRule, ...]
    default_role: Role | None  # None: refuse people whom no rule matches
    # Feide marks every email unverified (they come from the institution's directory); others verify.
    accept_unverified_email: bool = False

    def role_for(self, claims: Mapping[str, object]) -> Role:
        """The role the claims give, the first matching rule winning, or SignInRefused."""
        values = claim_values(claims.get(self.role_claim)) if self.role_claim else ()
        for rule in self.role_rules:
            if rule.value in values:
                return rule.role
        if self.default_role is None:
            raise SignInRefused("identity.no_role")
        return self.default_role

    def email_of(self, claims: Mapping[str, object]) -> str:
        """The verified email the claims carry, if its domain is allowed, or SignInRefused."""
        email = claims.get("email")
        try:
            address = normalised_email(email if isinstance(email, str) else "")
        except InvalidEmail:
            raise SignInRefused("identity.no_email") from None
        if claims.get("email_verified") is False and not self.accept_unverified_email:  # Entra ID never sends it
            raise SignInRefused("identity.email_not_verified")
        if address.rsplit("@", 1)[1] not in self.allowed_domains:
            raise SignInRefused("identity.domain_not_allowed")
        return address


def claim_values(value: object) -> tuple[str, ...]:
    """A claim as a tuple of strings: providers send one string, a list, or a space-separated string."""
    if isinstance(value, str):
        return tuple(value.split()) if " " in value else (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(item) for item in value if isinstance(item, (str, int)))
    return ()


def parsed_domains(text: str) -> tuple[str, ...]:
    """Email domains from a comma- or space-separated list, lowercased; at least one."""
    parts = (part.strip().lower().lstrip("@") for part in re.split(r"[,\s]+", text))
    domains = tuple(dict.fromkeys(part for part in parts if part))
    if not domains:
        raise InvalidProviderSettings("identity.domains_required")
    for domain in domains:
        if not _DOMAIN.match(domain):
            raise InvalidProviderSettings("identity.domain_invalid")
    return domains


def checked_issuer(issuer: str, allow_local_http: bool = False) -> str:
    """The issuer URL without a trailing slash; https, or http on this machine when allowed (tests, trials)."""
    value = issuer.strip().rstrip("/")
    parts = urlsplit(value)
    local = allow_local_http and parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if not (parts.scheme == "https" or local) or not parts.hostname or parts.query or parts.fragment:
        raise InvalidProviderSettings("identity.issuer_invalid")
    if len(value) > 500:
        raise InvalidProviderSettings("identity.issuer_invalid")
    return value


def checked_claim_name(name: str) -> str:
    value = name.strip()
    if value and not _CLAIM_NAME.match(value):
        raise InvalidProviderSettings("identity.claim_invalid")
    return value


def checked_scopes(text: str) -> str:
    """Extra scopes beyond openid, email and profile, space-separated."""
    scopes = [scope for scope in text.split() if scope not in ("openid", "email", "profile")]
    if any(not _SCOPE.match(scope) for scope in scopes) or len(" ".join(scopes)) > 200:
        raise InvalidProviderSettings("identity.scopes_invalid")
    return " ".join(dict.fromkeys(scopes))


def checked_rules(pairs: Sequence[tuple[str, str]], role_claim: str) -> tuple[RoleRule, ...]:
    """Rules from (claim value, role) pairs; blank rows are skipped; roles only organiser or facilitator."""
    rules = []
    for value, role in pairs:
        if not value.strip():
            continue
        rules.append(RoleRule(value.strip()[:200], provider_role(role)))
    if len(rules) > MAX_RULES:
        raise InvalidProviderSettings("identity.too_many_rules")
    if rules and not role_claim:
        raise InvalidProviderSettings("identity.claim_required")
    return tuple(rules)


def provider_role(value: str | None) -> Role:
    """A role a provider may give: organiser or facilitator, never admin."""
    try:
        role = Role(value or "")
    except ValueError:
        raise InvalidProviderSettings("identity.role_invalid") from None
    if role not in PROVIDER_ROLES:
        raise InvalidProviderSettings("identity.role_invalid")
    return role
