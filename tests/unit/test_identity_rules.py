"""Who an identity provider may let in, and with which role: plain rules, no app."""

from __future__ import annotations

import pytest

from cardapp.domain.accounts import Role
from cardapp.domain.identity import (
    InvalidProviderSettings,
    ProviderRules,
    RoleRule,
    SignInRefused,
    checked_issuer,
    checked_rules,
    checked_scopes,
    claim_values,
    parsed_domains,
)

RULES = ProviderRules(
    allowed_domains=("teater.no", "teater.com"),
    role_claim="groups",
    role_rules=(RoleRule("cardapp-organisers", Role.ORGANISER), RoleRule("staff", Role.FACILITATOR)),
    default_role=None,
)


def test_the_first_rule_whose_value_the_claim_holds_gives_the_role():
    assert RULES.role_for({"groups": ["staff", "cardapp-organisers"]}) is Role.ORGANISER
    assert RULES.role_for({"groups": "staff"}) is Role.FACILITATOR
    assert RULES.role_for({"groups": "other staff"}) is Role.FACILITATOR  # space-separated, as some send roles


def test_nobody_matching_is_refused_unless_a_default_role_is_set():
    with pytest.raises(SignInRefused, match="identity.no_role"):
        RULES.role_for({"groups": ["visitors"]})
    with pytest.raises(SignInRefused):
        RULES.role_for({})
    relaxed = ProviderRules(RULES.allowed_domains, "groups", RULES.role_rules, Role.FACILITATOR)
    assert relaxed.role_for({"groups": ["visitors"]}) is Role.FACILITATOR


@pytest.mark.parametrize(("claims", "problem"), [
    ({}, "identity.no_email"),
    ({"email": 42}, "identity.no_email"),
    ({"email": "two words@teater.no"}, "identity.no_email"),
    ({"email": "eve@teater.no.evil.example"}, "identity.domain_not_allowed"),
    ({"email": "eve@sub.teater.no"}, "identity.domain_not_allowed"),
    ({"email": "kari@teater.no", "email_verified": False}, "identity.email_not_verified"),
])
def test_an_email_outside_the_allowed_domains_or_unverified_is_refused(claims: dict, problem: str):
    with pytest.raises(SignInRefused, match=problem):
        RULES.email_of(claims)


def test_an_allowed_email_is_lowercased():
    assert RULES.email_of({"email": " Kari@Teater.NO "}) == "kari@teater.no"
    assert RULES.email_of({"email": "ola@teater.com", "email_verified": True}) == "ola@teater.com"


def test_claims_of_other_shapes_hold_no_values():
    assert claim_values({"nested": "x"}) == ()
    assert claim_values(None) == ()
    assert claim_values(["a", 7, {"b": 1}]) == ("a", "7")


def test_domains_are_parsed_from_commas_or_spaces_and_checked():
    assert parsed_domains("Teater.no, @teater.com  teater.no") == ("teater.no", "teater.com")
    for bad in ("", " , ", "not a domain", "teater", "http://teater.no"):
        with pytest.raises(InvalidProviderSettings):
            parsed_domains(bad)


def test_an_issuer_must_be_https_unless_this_machine_is_allowed_for_trials():
    assert checked_issuer("https://login.microsoftonline.com/abc/v2.0/") == "https://login.microsoftonline.com/abc/v2.0"
    for bad in ("http://login.example.org", "https://x.example?y=1", "ftp://x.example", "login.example.org"):
        with pytest.raises(InvalidProviderSettings):
            checked_issuer(bad)
    with pytest.raises(InvalidProviderSettings):
        checked_issuer("http://localhost:8080")
    assert checked_issuer("http://localhost:8080", allow_local_http=True) == "http://localhost:8080"
    with pytest.raises(InvalidProviderSettings):
        checked_issuer("http://10.0.0.5:8080", allow_local_http=True)


def test_a_provider_can_never_give_the_admin_role():
    with pytest.raises(InvalidProviderSettings, match="identity.role_invalid"):
        checked_rules([("it-admins", "admin")], "groups")
    assert checked_rules([("", "admin"), (" staff ", "facilitator")], "groups") == (
        RoleRule("staff", Role.FACILITATOR),)
    with pytest.raises(InvalidProviderSettings, match="identity.claim_required"):
        checked_rules([("staff", "facilitator")], "")


def test_extra_scopes_skip_the_ones_always_asked_for():
    assert checked_scopes("openid groups-org  email groups-org") == "groups-org"
    with pytest.raises(InvalidProviderSettings):
        checked_scopes('bad"scope')
