"""The organisation page lists everyone who can open its workshops, and its organisers invite people."""

from __future__ import annotations

from flask.testing import FlaskClient

from cardapp.domain.accounts import Role
from tests.support.accounts import PASSWORD, link_token, make_user, post_form, sign_in


def test_an_organiser_invites_a_helper_who_is_listed_as_invited_then_as_a_member(app, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    make_user(app, "ola@teater.no", Role.FACILITATOR, "Teater Nord")
    make_user(app, "per@festival.no", Role.ORGANISER, "Festival Sør")
    sign_in(client, "kari@teater.no")
    invited = post_form(client, "/organisation/members", {"email": "Drift@Server.no", "role": "facilitator"})
    assert invited.status_code == 200
    page = invited.get_data(as_text=True)
    assert "Invitation link for drift@server.no" in page
    token = link_token(page, "invitation")
    listed = client.get("/organisation").get_data(as_text=True)
    for email in ("kari@teater.no", "ola@teater.no", "drift@server.no"):
        assert email in listed
    assert "per@festival.no" not in listed, "another organisation's people are not listed"
    assert "Invited, not signed up yet" in listed

    helper = app.test_client()
    accepted = post_form(helper, f"/invitation/{token}", {"password": PASSWORD, "confirm": PASSWORD})
    assert accepted.status_code == 303
    listed = client.get("/organisation").get_data(as_text=True)
    assert "drift@server.no" in listed and "Invited, not signed up yet" not in listed


def test_only_organisers_invite_and_never_a_server_admin(app, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    make_user(app, "ola@teater.no", Role.FACILITATOR, "Teater Nord")
    sign_in(client, "kari@teater.no")
    refused = post_form(client, "/organisation/members", {"email": "boss@server.no", "role": "admin"},
                        headers={"Accept-Language": "nb"})
    assert refused.status_code == 422
    assert "serveradministratorer opprettes av en annen administrator" in refused.get_data(as_text=True)
    post_form(client, "/signout", {})

    sign_in(client, "ola@teater.no")
    assert "Make an invitation link" not in client.get("/organisation").get_data(as_text=True)
    refused = post_form(client, "/organisation/members", {"email": "friend@teater.no", "role": "facilitator"})
    assert refused.status_code == 403
    assert "Only the organisation's organisers can invite people" in refused.get_data(as_text=True).replace(
        "&#39;", "'")
    assert "friend@teater.no" not in client.get("/organisation").get_data(as_text=True)
