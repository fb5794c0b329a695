"""Signing in with the organisation's identity provider: OpenID Connect's authorization code flow
with PKCE, run by Authlib's Flask client, which checks state, nonce and the ID token's signature,
issuer, audience and expiry. Whose account it is and which role it gets is decided in services."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App, OAuthError
from flask import Blueprint, Flask, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user
from joserfc.errors import JoseError

from cardapp import extensions
from cardapp.callers import SignedInUser
from cardapp.domain.rate_limits import RateLimit
from cardapp.services import identity
from cardapp.services.errors import ServiceError
from cardapp.services.identity import ClientSettings
from cardapp.web.auth import safe_next
from cardapp.web.context import database
from cardapp.web.language import _
from cardapp.web.rate_keys import address_key_of

blueprint = Blueprint("identity", __name__)
FLOW_KEY = "identity_flow"
METADATA_MAX_AGE_S = 3600  # providers rotate signing keys; discovery and keys are fetched again hourly
HTTP_TIMEOUT_S = 10
identity_limit: extensions.Bound[RateLimit] = extensions.Bound("identity_limit")
# One Authlib client per provider setting, so discovery and keys are not fetched on every sign-in.
identity_clients: extensions.Bound[dict[tuple[str, ...], FlaskOAuth2App]] = extensions.Bound("identity_clients")


def init_app(app: Flask) -> None:
    # Each start and each callback costs requests to the provider: 20 per address, then one every 10 s.
    identity_limit.bind(app, RateLimit(20, 1 / 10))
    identity_clients.bind(app, {})
    # Authlib logs the PKCE code verifier at DEBUG: keep it out even when CARDAPP_LOG_LEVEL=DEBUG.
    logging.getLogger("authlib").setLevel(logging.INFO)
    app.register_blueprint(blueprint)


def _allowed() -> bool:
    return identity_limit.get().allow(address_key_of(request.remote_addr))


def _client(settings: ClientSettings) -> FlaskOAuth2App:
    """One Authlib client per provider setting, kept so discovery and keys are not fetched every time."""
    clients = identity_clients.get()
    secret_hash = hashlib.sha256(settings.client_secret.encode()).hexdigest()
    key = (str(settings.organisation_id), settings.issuer, settings.client_id, secret_hash, settings.scopes)
    client = clients.get(key)
    if client is None:
        for old in [k for k in clients if k[0] == key[0]]:
            del clients[old]
        client = clients[key] = FlaskOAuth2App(
            FlaskIntegration("cardapp_oidc"), "cardapp_oidc",
            client_id=settings.client_id, client_secret=settings.client_secret,
            server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": settings.scopes, "code_challenge_method": "S256",
                           "default_timeout": HTTP_TIMEOUT_S},
        )
    if time.time() - client.server_metadata.get("_loaded_at", 0) > METADATA_MAX_AGE_S:
        client.server_metadata.clear()
    metadata = client.load_server_metadata()
    # OpenID Connect Discovery: the document must name exactly the issuer it was fetched from.
    if str(metadata.get("issuer", "")).rstrip("/") != settings.issuer:
        client.server_metadata.clear()
        raise ProviderProblem("identity.issuer_mismatch")
    return client


class ProviderProblem(Exception):
    """The provider cannot be used or refused; `args[0]` names the message."""


def _refused(key: str, status: int) -> ResponseReturnValue:
    return render_template("auth/provider_refused.html", problem=_(key)), status


def _claims(client: FlaskOAuth2App, token: dict[str, object]) -> dict[str, object]:
    """The verified ID token's claims, completed from the userinfo endpoint when the email is not in it.

    Feide, for one, puts only the minimum in the ID token. Userinfo comes over TLS with the access
    token; its `sub` must be the ID token's (OpenID Connect Core 5.3.2), and the ID token's values win.
    """
    verified = token.get("userinfo")
    if not isinstance(verified, dict) or not verified.get("sub"):
        raise ProviderProblem("identity.token_invalid")
    claims = dict(verified)
    if "email" not in claims and client.load_server_metadata().get("userinfo_endpoint"):
        extra = dict(client.userinfo(token=token))
        if extra.get("sub") != claims["sub"]:
            raise ProviderProblem("identity.token_invalid")
        claims = {**extra, **claims}
    return claims


def callback_uri() -> str:
    """The redirect URI to register with the provider."""
    public = current_app.config["CARDAPP"].public_url
    path = url_for("identity.callback")
    return f"{public.rstrip('/')}{path}" if public else url_for("identity.callback", _external=True)


@blueprint.route("/signin/provider", methods=["GET", "POST"])
def choose() -> ResponseReturnValue:
    """The sign-in page's email: a "Sign in with <provider>" link per organisation that takes its domain.

    A link, not a redirect: the Content-Security-Policy's form-action 'self' forbids a form post
    from ending at another site, and the person sees whose sign-in they are about to use.
    """
    if request.method == "GET":
        return render_template("auth/provider_signin.html", email="", next=request.args.get("next", ""), problem=None)
    email = request.form.get("email", "").strip()
    choices = identity.providers_for_email(database(), email) if "@" in email else []
    next_page = request.form.get("next", "")
    if not choices:
        return render_template("auth/provider_signin.html", email=email, next=next_page,
                               problem=_("identity.no_provider_for_email")), 404
    return render_template("auth/provider_choice.html", choices=choices, next=next_page)


@blueprint.get("/signin/provider/<int:organisation_id>")
def start(organisation_id: int) -> ResponseReturnValue:
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""
    if not _allowed():
        return _refused("account.too_many_attempts", 429)
    try:
        settings = identity.client_settings(database(), organisation_id, current_app.config["SECRET_KEY"])
        client = _client(settings)
        authorization = client.create_authorization_url(callback_uri())
    except ServiceError as error:
        return _refused(error.key, error.status)
    except ProviderProblem as problem:
        return _refused(str(problem.args[0]), 502)
    except (requests.RequestException, ValueError, KeyError, AuthlibBaseError):
        return _refused("identity.provider_unreachable", 502)
    client.save_authorize_data(redirect_uri=callback_uri(), **authorization)
    session[FLOW_KEY] = {"state": authorization["state"], "organisation_id": organisation_id,
                         "next": safe_next(request.args.get("next"))}
    return redirect(authorization["url"], code=303)


@blueprint.get("/signin/provider/callback")
def callback() -> ResponseReturnValue:
    """The provider sends the browser back here with a code; it is exchanged and the ID token checked."""
    if not _allowed():
        return _refused("account.too_many_attempts", 429)
    flow = session.pop(FLOW_KEY, None)
    if not isinstance(flow, dict) or request.args.get("state") != flow.get("state"):
        return _refused("identity.flow_expired", 400)
    try:
        settings = identity.client_settings(database(), int(flow["organisation_id"]), current_app.config["SECRET_KEY"])
        client = _client(settings)
        token = client.authorize_access_token()
        user = identity.sign_in_with_claims(database(), settings.organisation_id, _claims(client, token),
                                            dt.datetime.now(dt.UTC))
    except ServiceError as error:
        return _refused(error.key, error.status)
    except ProviderProblem as problem:
        return _refused(str(problem.args[0]), 401)
    except OAuthError:  # the person cancelled, or the provider said no; its words are not shown
        return _refused("identity.provider_said_no", 401)
    except (AuthlibBaseError, JoseError):  # refused by the provider, or an ID token that does not verify
        return _refused("identity.token_invalid", 401)
    except (requests.RequestException, ValueError, KeyError):
        return _refused("identity.provider_unreachable", 502)
    login_user(SignedInUser(user))
    return redirect(str(flow.get("next") or url_for("pages.home")), code=303)
