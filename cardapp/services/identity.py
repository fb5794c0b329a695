"""Signing in with an organisation's identity provider: its settings, and who the provider lets in.

The web layer runs the OpenID Connect redirect dance (Authlib checks state, nonce, PKCE and the ID
token); this module decides, from the verified claims, whose account it is and with which role.
A provider reaches only its own organisation: never an admin, never someone of another organisation.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor, Role
from cardapp.domain.identity import (
    IdentityError,
    ProviderRules,
    RoleRule,
    SignInRefused,
    checked_claim_name,
    checked_issuer,
    checked_rules,
    checked_scopes,
    parsed_domains,
    provider_role,
)
from cardapp.services.accounts import UserView, user_view
from cardapp.services.errors import Forbidden, Invalid, NotFound
from cardapp.services.passwords import hash_password
from cardapp.services.sealed_secrets import SecretUnreadable, seal, unseal
from cardapp.store.database import Database
from cardapp.store.identity import IdentityLink, IdentityProvider
from cardapp.store.models import Organisation, User

BASE_SCOPES = "openid email profile"


@dataclass(frozen=True)
class ProviderView:
    """A provider's settings as an organiser sees them: never the client secret."""

    organisation_id: int
    display_name: str
    issuer: str
    client_id: str
    extra_scopes: str
    role_claim: str
    role_rules: tuple[RoleRule, ...]
    default_role: Role | None
    allowed_domains: tuple[str, ...]
    enabled: bool
    accept_unverified_email: bool


@dataclass(frozen=True)
class ProviderSettings:
    """What an organiser typed on the settings page."""

    display_name: str
    issuer: str
    client_id: str
    client_secret: str  # blank: keep the one saved before
    extra_scopes: str
    role_claim: str
    role_rules: Sequence[tuple[str, str]]
    default_role: str  # "" refuses people whom no rule matches
    allowed_domains: str
    enabled: bool
    accept_unverified_email: bool = False


@dataclass(frozen=True)
class ProviderChoice:
    """A button on the sign-in page."""

    organisation_id: int
    display_name: str
    organisation_name: str


@dataclass(frozen=True)
class ClientSettings:
    """What the OpenID Connect client needs; holds the unsealed secret, so it is never logged."""

    organisation_id: int
    issuer: str
    client_id: str
    client_secret: str
    scopes: str

    def __repr__(self) -> str:
        return f"ClientSettings(organisation_id={self.organisation_id}, issuer={self.issuer!r})"


def _may_configure(actor: Actor, organisation_id: int) -> None:
    if not actor.may_edit_decks_of(organisation_id):  # admins, and organisers of this organisation
        raise Forbidden("identity.only_organisers")


def _rules_of(provider: IdentityProvider) -> ProviderRules:
    rules = tuple(RoleRule(item["value"], Role(item["role"])) for item in json.loads(provider.role_rules))
    return ProviderRules(
        allowed_domains=tuple(provider.allowed_domains.split(",")),
        role_claim=provider.role_claim,
        role_rules=rules,
        default_role=Role(provider.default_role) if provider.default_role else None,
        accept_unverified_email=provider.accept_unverified_email,
    )


def _view(provider: IdentityProvider) -> ProviderView:
    rules = _rules_of(provider)
    return ProviderView(
        provider.organisation_id, provider.display_name, provider.issuer, provider.client_id,
        provider.extra_scopes, provider.role_claim, rules.role_rules, rules.default_role,
        rules.allowed_domains, provider.enabled, provider.accept_unverified_email,
    )


def _provider_of(session: Session, organisation_id: int) -> IdentityProvider | None:
    return session.scalar(select(IdentityProvider).where(IdentityProvider.organisation_id == organisation_id))


def provider_settings(database: Database, actor: Actor, organisation_id: int) -> ProviderView | None:
    """The organisation's provider settings without the secret, or None when it has none."""
    _may_configure(actor, organisation_id)
    with database.transaction() as session:
        if session.get(Organisation, organisation_id) is None:
            raise NotFound("account.no_such_organisation")
        provider = _provider_of(session, organisation_id)
        return _view(provider) if provider else None


def save_provider(
    database: Database, actor: Actor, organisation_id: int, typed: ProviderSettings, secret_key: str, today: dt.date,
    allow_local_http: bool = False,
) -> ProviderView:
    """Check and store the settings; the client secret is sealed, and kept when left blank."""
    _may_configure(actor, organisation_id)
    name = " ".join(typed.display_name.split())
    if not 2 <= len(name) <= 100:
        raise Invalid("identity.name_invalid")
    client_id = typed.client_id.strip()
    if not 1 <= len(client_id) <= 255:
        raise Invalid("identity.client_id_required")
    if len(typed.client_secret) > 1000:
        raise Invalid("identity.secret_invalid")
    try:
        issuer = checked_issuer(typed.issuer, allow_local_http)
        claim = checked_claim_name(typed.role_claim)
        rules = checked_rules(typed.role_rules, claim)
        default = provider_role(typed.default_role) if typed.default_role else None
        domains = parsed_domains(typed.allowed_domains)
        scopes = checked_scopes(typed.extra_scopes)
    except IdentityError as error:
        raise Invalid(str(error.args[0])) from None
    with database.transaction() as session:
        if session.get(Organisation, organisation_id) is None:
            raise NotFound("account.no_such_organisation")
        provider = _provider_of(session, organisation_id)
        if provider is None:
            if not typed.client_secret.strip():
                raise Invalid("identity.secret_required")
            provider = IdentityProvider(organisation_id=organisation_id)
            session.add(provider)
        if typed.client_secret.strip():
            provider.client_secret_sealed = seal(secret_key, typed.client_secret.strip())
        provider.display_name, provider.issuer, provider.client_id = name, issuer, client_id
        provider.extra_scopes, provider.role_claim = scopes, claim
        provider.default_role = default.value if default else None
        provider.role_rules = json.dumps([{"value": rule.value, "role": rule.role.value} for rule in rules])
        provider.allowed_domains, provider.enabled, provider.updated_on = ",".join(domains), typed.enabled, today
        provider.accept_unverified_email = typed.accept_unverified_email
        session.flush()
        return _view(provider)


def remove_provider(database: Database, actor: Actor, organisation_id: int) -> None:
    """Forget the provider; people it created keep their accounts and may ask for a password reset."""
    _may_configure(actor, organisation_id)
    with database.transaction() as session:
        provider = _provider_of(session, organisation_id)
        if provider is not None:
            session.delete(provider)


def providers_for_email(database: Database, email: str) -> list[ProviderChoice]:
    """The enabled providers that accept this email's domain, for the sign-in page."""
    domain = email.strip().lower().rsplit("@", 1)[-1]
    if not domain:
        return []
    with database.transaction() as session:
        rows = session.execute(
            select(IdentityProvider, Organisation.name)
            .join(Organisation, Organisation.id == IdentityProvider.organisation_id)
            .where(IdentityProvider.enabled.is_(True))
            .order_by(Organisation.name)
        ).all()
        return [ProviderChoice(provider.organisation_id, provider.display_name, organisation_name)
                for provider, organisation_name in rows if domain in provider.allowed_domains.split(",")]


def client_settings(database: Database, organisation_id: int, secret_key: str) -> ClientSettings:
    """The client settings for starting or finishing a sign-in, or NotFound when none is enabled."""
    with database.transaction() as session:
        provider = _provider_of(session, organisation_id)
        if provider is None or not provider.enabled:
            raise NotFound("identity.no_provider")
        try:
            secret = unseal(secret_key, provider.client_secret_sealed)
        except SecretUnreadable:
            raise NotFound("identity.secret_unreadable") from None
        scopes = f"{BASE_SCOPES} {provider.extra_scopes}".strip()
        return ClientSettings(organisation_id, provider.issuer, provider.client_id, secret, scopes)


def sign_in_with_claims(database: Database, organisation_id: int, claims: Mapping[str, object],
                        now: dt.datetime) -> UserView:
    """The account the verified claims belong to, created at first sign-in, with the role they give now."""
    refused: str | None = None
    with database.transaction() as session:
        provider = _provider_of(session, organisation_id)
        subject = claims.get("sub")
        if provider is None or not provider.enabled:
            raise NotFound("identity.no_provider")
        if not isinstance(subject, str) or not 1 <= len(subject) <= 255:
            raise Forbidden("identity.no_subject")
        link = session.scalar(select(IdentityLink).where(
            IdentityLink.provider_id == provider.id, IdentityLink.subject == subject))
        linked = session.get(User, link.user_id) if link else None
        try:
            rules = _rules_of(provider)
            email, role = rules.email_of(claims), rules.role_for(claims)
        except SignInRefused as error:
            refused = str(error.args[0])
            if linked is not None:
                linked.auth_version += 1  # the provider no longer vouches: their open sessions end too
        if refused is None:
            user = linked or session.scalar(select(User).where(User.email == email))
            if user is not None:
                _check_reachable(user, organisation_id)
            return _signed_in(session, provider, subject, user, email, role, link is None, now)
    raise Forbidden(refused)


def _check_reachable(user: User, organisation_id: int) -> None:
    # An organisation's provider must not open an admin's account or one of another organisation,
    # whatever email it asserts: an organiser chooses the provider and could point it anywhere.
    if user.role == Role.ADMIN.value or user.organisation_id != organisation_id:
        raise Forbidden("identity.account_elsewhere")
    if not user.active:
        raise Forbidden("identity.blocked")


def _signed_in(session: Session, provider: IdentityProvider, subject: str, user: User | None, email: str,
               role: Role, new_link: bool, now: dt.datetime) -> UserView:
    if user is None:
        # No password anyone knows: a random one, hashed, so the password form can never open it.
        user = User(email=email, password_hash=hash_password(secrets.token_urlsafe(32)), role=role.value,
                    organisation_id=provider.organisation_id, auth_version=1, active=True, created_on=now.date())
        session.add(user)
        session.flush()
    elif user.role != role.value:
        user.role = role.value
        user.auth_version += 1  # the new role takes effect in every browser at once
    if new_link:
        session.add(IdentityLink(provider_id=provider.id, subject=subject, user_id=user.id))
    session.flush()
    return user_view(session, user)
