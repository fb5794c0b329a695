"""The page where an organisation's organisers (or an admin) set up sign-in with its identity provider."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.accounts import Actor, Role
from cardapp.domain.identity import MAX_RULES, PROVIDER_ROLES
from cardapp.domain.numbers import whole_number
from cardapp.services import accounts, identity
from cardapp.services.errors import Invalid, ServiceError
from cardapp.services.identity import ProviderSettings
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.identity import callback_uri
from cardapp.web.language import _

blueprint = Blueprint("identity_settings", __name__)
EMPTY_RULE_ROWS = 3


def _organisation_id(actor: Actor) -> int:
    """Organisers set up their own organisation; an admin names one with ?organisation=<id>."""
    raw = request.values.get("organisation", "")
    if actor.is_admin and raw:
        number = whole_number(raw)
        if number is None:
            abort(400)
        return number
    if actor.organisation_id is None:
        abort(404)
    return actor.organisation_id


def _typed() -> ProviderSettings:
    form = request.form
    values, roles = form.getlist("rule_value")[:MAX_RULES + 1], form.getlist("rule_role")
    return ProviderSettings(
        display_name=form.get("display_name", ""), issuer=form.get("issuer", ""),
        client_id=form.get("client_id", ""), client_secret=form.get("client_secret", ""),
        extra_scopes=form.get("extra_scopes", ""), role_claim=form.get("role_claim", ""),
        role_rules=list(zip(values, roles, strict=False)), default_role=form.get("default_role", ""),
        allowed_domains=form.get("allowed_domains", ""), enabled=form.get("enabled") == "yes",
        accept_unverified_email=form.get("accept_unverified_email") == "yes",
    )


def _page(actor: Actor, organisation_id: int, status: int = 200, problem: str | None = None,
          typed: ProviderSettings | None = None) -> ResponseReturnValue:
    saved = identity.provider_settings(database(), actor, organisation_id)
    names = {o.id: o.name for o in accounts.list_organisations(database(), actor)}
    if typed is not None:
        rules = [(value, role) for value, role in typed.role_rules if value.strip()]
        shown = {"display_name": typed.display_name, "issuer": typed.issuer, "client_id": typed.client_id,
                 "extra_scopes": typed.extra_scopes, "role_claim": typed.role_claim,
                 "default_role": typed.default_role, "allowed_domains": typed.allowed_domains,
                 "enabled": typed.enabled, "accept_unverified_email": typed.accept_unverified_email}
    elif saved is not None:
        rules = [(rule.value, rule.role.value) for rule in saved.role_rules]
        shown = {"display_name": saved.display_name, "issuer": saved.issuer, "client_id": saved.client_id,
                 "extra_scopes": saved.extra_scopes, "role_claim": saved.role_claim,
                 "default_role": saved.default_role.value if saved.default_role else "",
                 "allowed_domains": ", ".join(saved.allowed_domains), "enabled": saved.enabled,
                 "accept_unverified_email": saved.accept_unverified_email}
    else:
        rules, shown = [], {"enabled": True, "default_role": ""}
    return render_template(
        "identity_settings.html", saved=saved, shown=shown, problem=problem,
        rules=rules + [("", Role.FACILITATOR.value)] * EMPTY_RULE_ROWS, roles=PROVIDER_ROLES,
        organisation_id=organisation_id, organisation_name=names.get(organisation_id, ""),
        admin_query={"organisation": organisation_id} if actor.is_admin else {},
        redirect_uri=callback_uri(),
    ), status


@blueprint.route("/organisation/sign-in", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def settings() -> ResponseReturnValue:
    actor = require_actor()
    organisation_id = _organisation_id(actor)
    try:
        if request.method == "GET":
            return _page(actor, organisation_id)
        typed = _typed()
        config = current_app.config["CARDAPP"]
        identity.save_provider(database(), actor, organisation_id, typed, current_app.config["SECRET_KEY"],
                               dt.date.today(), allow_local_http=config.local_http_issuers)
    except Invalid as error:
        return _page(actor, organisation_id, error.status, _(error.key), typed)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("identity.saved"))
    return redirect(_settings_url(actor, organisation_id), code=303)


@blueprint.post("/organisation/sign-in/remove")
@login_required  # type: ignore[untyped-decorator]
def remove() -> ResponseReturnValue:
    actor = require_actor()
    organisation_id = _organisation_id(actor)
    try:
        identity.remove_provider(database(), actor, organisation_id)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("identity.removed"))
    return redirect(_settings_url(actor, organisation_id), code=303)


def _settings_url(actor: Actor, organisation_id: int) -> str:
    """The settings page again; an admin's carries the organisation they were looking at."""
    if actor.is_admin:
        return url_for("identity_settings.settings", organisation=organisation_id)
    return url_for("identity_settings.settings")
